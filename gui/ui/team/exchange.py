"""File ▸ Export Notes and File ▸ Merge Annotations: the dialogs, and the worker that runs them off the GUI thread."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.analysis.agreement import CONSENSUS
from gui.core.annotations import Theme
from gui.core.errors import MarginaliaError
from gui.core.themes import depth, family
from gui.export import FORMATS, Cancelled, Progress
from gui.store import Store
from gui.ui.widgets import file_dialogs
from gui.ui.widgets.panels import ID_ROLE, plain_label, swatch

FORMAT_LABELS = {
    "md": "Markdown notes (.md)",
    "html": "Printable HTML notes (.html)",
    "csv": "Spreadsheet, one row per annotation (.csv)",
    "jsonld": "W3C Web Annotation JSON-LD (.jsonld) — for colleagues",
    "qdpx": "REFI-QDA project for NVivo, ATLAS.ti, MAXQDA (.qdpx)",
    "qdc": "REFI-QDA codebook only (.qdc)",
    "codebook-csv": "Codebook for Taguette, one row per theme (.csv)",
}
MERGE_FILTER = "Annotations or codebooks (*.jsonld *.json *.qdpx *.qdc *.csv);;All files (*)"


@dataclass(frozen=True, slots=True)
class ExportChoice:
    fmt: str
    out: Path
    doc: str | None
    themes: list[str | int] | None
    by: str
    matrix: bool = False  # Markdown/HTML notes open with the passages per theme and document
    coder: str | None = None  # one coder's annotations (or the consensus's); None: everyone's


class ExportDialog(QDialog):
    """Format, scope (all documents or this one; all themes or chosen ones), grouping and file."""

    def __init__(self, themes: list[Theme], doc_id: str | None, doc_name: str, folder: Path,
                 parent: QWidget | None = None, coders: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export notes")
        self.folder = folder
        form = QFormLayout()
        self.format = QComboBox()
        self.format.setAccessibleName("Format")
        for fmt, label in FORMAT_LABELS.items():
            self.format.addItem(label, fmt)
        form.addRow("Format", self.format)

        self.all_docs = QRadioButton("All documents")
        self.this_doc = QRadioButton(f"This document: {doc_name}")
        self.this_doc.setEnabled(doc_id is not None)
        self.all_docs.setChecked(True)
        scope = QButtonGroup(self)
        for button in (self.all_docs, self.this_doc):
            scope.addButton(button)
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.all_docs)
        scope_box.addWidget(self.this_doc)
        form.addRow("Documents", scope_box)
        self.doc_id = doc_id

        self.themes = QListWidget()
        self.themes.setAccessibleName("Themes to export")
        self.codebook = themes
        for theme in themes:  # in tree order: sub-themes indented under their theme
            item = QListWidgetItem(swatch(theme.color), "    " * depth(themes, theme.id) + theme.name)
            item.setData(ID_ROLE, theme.id)
            item.setCheckState(Qt.CheckState.Checked)
            self.themes.addItem(item)
        self.themes.itemChanged.connect(self._ticked)
        self._ticked()
        self.themes.setMaximumHeight(190)
        form.addRow("Themes", self.themes)

        self.coder = QComboBox()  # one coder's coding, or the consensus adopted in Compare Coders
        self.coder.setAccessibleName("Coder")
        self.coder.addItem("Everyone", None)
        for name in coders:
            self.coder.addItem(f"{name} (the consensus)" if name == CONSENSUS else name, name)
        self.coder.setEnabled(bool(coders))
        form.addRow("Coder", self.coder)

        self.by = QComboBox()
        self.by.setAccessibleName("Group notes")
        self.by.addItem("By theme", "theme")
        self.by.addItem("By document", "document")
        form.addRow("Group notes", self.by)
        self.matrix = QCheckBox("Open with a summary: passages per theme and document")
        form.addRow("Summary", self.matrix)

        self.path = QLineEdit()
        self.path.setAccessibleName("Export file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form.addRow("File", path_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.error = plain_label("")
        self.error.setStyleSheet("color: #b3261e")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.resize(560, 520)

    def fmt(self) -> str:
        return str(self.format.currentData())

    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.by.setEnabled(fmt in ("md", "html"))
        self.matrix.setEnabled(fmt in ("md", "html"))
        current = Path(self.path.text()) if self.path.text() else self.folder / f"marginalia-notes-{date.today()}"
        self.path.setText(str(current.with_suffix(FORMATS[fmt])))

    def _browse(self) -> None:
        fmt = self.fmt()
        name, _ = file_dialogs.get_save_file_name(self, "Export to", self.path.text(),
                                              f"{FORMAT_LABELS[fmt]} (*{FORMATS[fmt]});;All files (*)")
        if name:
            self.path.setText(name)

    def _ticked(self, _item: QListWidgetItem | None = None) -> None:
        """A ticked theme exports its sub-themes' passages too (a sub-theme counts for its parent): under a
        ticked theme they show ticked and cannot be unticked; unticking the theme frees them again."""
        ticked = {int(self.themes.item(i).data(ID_ROLE)) for i in range(self.themes.count())
                  if self.themes.item(i).checkState() == Qt.CheckState.Checked}
        carried: set[int] = set()
        for theme_id in ticked:
            carried |= family(self.codebook, theme_id) - {theme_id}
        self.themes.blockSignals(True)
        for i in range(self.themes.count()):
            item = self.themes.item(i)
            flags = item.flags() | Qt.ItemFlag.ItemIsEnabled
            if int(item.data(ID_ROLE)) in carried:
                item.setCheckState(Qt.CheckState.Checked)
                item.setFlags(flags & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("Exported with its broader theme (untick that theme to choose sub-themes alone)")
            else:
                item.setFlags(flags)
                item.setToolTip("")
        self.themes.blockSignals(False)

    def chosen_themes(self) -> list[int]:
        return [int(self.themes.item(i).data(ID_ROLE)) for i in range(self.themes.count())
                if self.themes.item(i).checkState() == Qt.CheckState.Checked]

    def _accept(self) -> None:
        if not self.path.text().strip():
            self.error.setText("Choose a file to export to.")
        elif not self.chosen_themes():
            self.error.setText("Tick at least one theme.")
        else:
            self.accept()

    def choice(self) -> ExportChoice:
        chosen = self.chosen_themes()
        themes: list[str | int] | None = None if len(chosen) == self.themes.count() else list(chosen)
        return ExportChoice(self.fmt(), Path(self.path.text().strip()).expanduser(),
                            self.doc_id if self.this_doc.isChecked() else None, themes, str(self.by.currentData()),
                            self.matrix.isChecked() and self.matrix.isEnabled(), self.coder.currentData())


class ThemeMappingDialog(QDialog):
    """For each theme of a colleague's file that we do not have: create it, or put it onto one of ours."""

    CREATE = -1

    def __init__(self, unknown: list[str], themes: list[Theme], source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Themes to merge")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"{source} uses {len(unknown)} theme(s) this database does not have. "
                                     "Create each one, or merge it into one of your themes:"))
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for name in unknown:
            combo = QComboBox()
            combo.setAccessibleName(f"What to do with {name}")
            combo.addItem("Create it as a new theme", self.CREATE)
            for theme in themes:
                combo.addItem(swatch(theme.color), f"Merge into {theme.name}", theme.id)
            self.combos[name] = combo
            form.addRow(plain_label(name), combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.themes = {t.id: t for t in themes}

    def mapping(self) -> dict[str, str]:
        """Their theme name → our theme name, for the themes mapped rather than created."""
        return {name: self.themes[int(combo.currentData())].name for name, combo in self.combos.items()
                if int(combo.currentData()) != self.CREATE}


Job = Callable[[Store, Progress], object]


class ExchangeWorker(QThread):
    """Runs an export or a merge with its own database connection; reports progress; can be cancelled."""

    progress = Signal(int, int)  # done, total
    done = Signal(object, str)  # result (None on failure), error message ("" on success)

    def __init__(self, db_path: Path, job: Job) -> None:
        super().__init__()
        self.db_path, self.job = db_path, job
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True

    def _report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled("cancelled; nothing was written")
        self.progress.emit(done, total)

    def run(self) -> None:
        """Always ends with `done`, whatever happens: the window waits for it to leave its busy state."""
        try:
            store = Store(self.db_path, import_corpus=False)
        except MarginaliaError as error:
            self.done.emit(None, str(error))
            return
        try:
            result = self.job(store, self._report)
        except MarginaliaError as error:
            self.done.emit(None, str(error))
        except OSError as error:  # anything the exporters did not already turn into a message
            self.done.emit(None, f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
        except Exception as error:  # a bug: say so, keep the details for the report, never hang the window
            traceback.print_exc()
            self.done.emit(None, f"unexpected error ({type(error).__name__}: {error}); nothing was changed")
        else:
            self.done.emit(result, "")
        finally:
            store.close()


def merge_file_name(parent: QWidget, folder: Path) -> Path | None:
    name, _ = file_dialogs.get_open_file_name(parent, "Merge a colleague's annotations", str(folder), MERGE_FILTER)
    return Path(name) if name else None


__all__ = ["ExchangeWorker", "ExportChoice", "ExportDialog", "ThemeMappingDialog", "merge_file_name"]

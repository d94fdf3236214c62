"""Code Hits… in the Search tab: every paragraph (or sentence) the search finds, tagged with a theme after a
preview, as one undo step. The hits are gathered off the GUI thread (a search may find thousands)."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QMessageBox, QPushButton, QWidget

from gui.analysis.code_hits import HitPlan, code, plan
from gui.core.annotations import Theme
from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.ui.coding import theme_dialogs
from gui.ui.coding.commands import MergeCommand, Refresh
from gui.ui.session import Frame
from gui.ui.widgets.panels import SearchPanel


class CodeHitsHost(Frame, Protocol):
    """What coding a search's hits needs of the window: the Search tab, the codebook, the coder, a thread
    kept until it ends."""

    @property
    def store(self) -> Store: ...
    @property
    def search(self) -> SearchPanel: ...
    @property
    def themes(self) -> list[Theme]: ...
    @property
    def coder(self) -> str: ...
    @property
    def closing(self) -> bool: ...
    @property
    def threads(self) -> set[QThread]: ...
    def refresh_annotations(self) -> None: ...
    def forget_finished_threads(self) -> None: ...
    def window(self) -> QWidget: ...


PREVIEW = 40  # places listed in the preview's details


class HitPlanWorker(QThread):
    """Finds the places a search's hits would code, with its own database connection."""

    done = Signal(object, str)  # HitPlan or None, error

    def __init__(self, db_path: Path, query: str, doc: str | None, unit: str) -> None:
        super().__init__()
        self.db_path, self.query, self.doc, self.unit = db_path, query, doc, unit

    def run(self) -> None:
        try:
            with Store(self.db_path, import_corpus=False) as store:
                found = plan(store, self.query, doc=self.doc, unit=self.unit)
        except MarginaliaError as error:
            self.done.emit(None, str(error))
            return
        except Exception as error:  # a bug: said in one line
            traceback.print_exc()
            self.done.emit(None, f"coding the hits failed: {type(error).__name__}: {error}")
            return
        self.done.emit(found, "")


class CodeHitsCommand(MergeCommand):
    """Every place of a search coded with one theme (one transaction); undo takes them all away."""

    def __init__(self, store: Store, found: HitPlan, theme_id: int, coder: str, refresh: Refresh) -> None:
        theme = store.theme(theme_id)
        report = code(store, found.targets, theme_id, coder=coder)
        super().__init__(store, report.coded, "search", refresh)
        self.setText(f"Code {len(found.targets)} hits of “{found.query[:30]}” with {theme.name}")
        self.already = report.already


class CodeHits(QObject):
    """The Search tab's Code Hits… button and its unit choice."""

    planned = Signal(object)  # the HitPlan, once found and dealt with (coded, or not)

    def __init__(self, window: CodeHitsHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.theme_id: int | None = None  # chosen beforehand (tests, scripts); else asked
        self.ask = True
        self.unit = QComboBox()
        self.unit.addItem("Paragraphs", "paragraph")
        self.unit.addItem("Sentences", "sentence")
        self.unit.setAccessibleName("Code hits as")
        self.button = QPushButton("Code &Hits…")
        self.button.setToolTip("Tag every paragraph (or sentence) this search finds with a theme, after a preview")
        self.button.clicked.connect(self.start)
        row = QHBoxLayout()
        row.addWidget(self.unit)
        row.addWidget(self.button, 1)
        layout = window.search.layout()
        if isinstance(layout, QBoxLayout):  # under the results
            layout.addLayout(row)
        self.worker: HitPlanWorker | None = None

    def start(self, theme_id: int | None = None, ask: bool = True) -> HitPlanWorker | None:
        """Gather the hits on a worker; then choose the theme (unless `theme_id`), preview (unless not `ask`)
        and code them."""
        self.theme_id, self.ask = theme_id, ask
        query = self.window.search.box.text().strip()
        if not query:
            self.window.show_error("Type the words to search for first; Code Hits codes what the search finds.")
            return None
        if self.worker is not None:
            return None
        worker = HitPlanWorker(self.window.store.path, query, self.window.search.doc.currentData(),
                               str(self.unit.currentData()))
        worker.done.connect(self._planned)
        self.worker = worker
        self.window.threads.add(worker)
        worker.finished.connect(self.window.forget_finished_threads)
        self.window.statusBar().showMessage(f"Finding every hit of “{query}”…")
        worker.start()
        return worker

    def _planned(self, found: HitPlan | None, error: str) -> None:
        self.worker = None
        if self.window.closing:
            return
        if found is None:
            self.window.show_error(error)
        elif not found.targets:
            self.window.statusBar().showMessage(f"“{found.query}” finds nothing to code", 5000)
        elif self.theme_id is not None:
            self.confirm(found, self.theme_id, self.ask)
        else:
            palette = theme_dialogs.ThemePalette(self.window.themes, self.window.window())
            palette.setWindowTitle(f"Code {len(found.targets)} hits with…")
            if palette.exec() and palette.chosen is not None:
                self.confirm(found, palette.chosen)
        self.planned.emit(found)

    def confirm(self, found: HitPlan, theme_id: int, ask: bool = True) -> None:
        """The preview (how many places, in how many documents, the first ones), then the coding."""
        theme = self.window.store.theme(theme_id)
        docs = len({t.doc_id for t in found.targets})
        notes = f" ({found.notes} hits in notes are left out)" if found.notes else ""
        box = QMessageBox(QMessageBox.Icon.Question, "Code search hits",
                          f"Tag {len(found.targets)} {self.unit.currentText().lower()} in {docs} document(s) with "
                          f"{theme.name}?{notes}", QMessageBox.StandardButton.Ok |
                          QMessageBox.StandardButton.Cancel, self.window.window())
        box.setDetailedText("\n".join(f"{t.doc_id} {t.eid}: {t.quote[:120]}" for t in found.targets[:PREVIEW]) +
                            (f"\n… and {len(found.targets) - PREVIEW} more" if len(found.targets) > PREVIEW else ""))
        if ask and box.exec() != QMessageBox.StandardButton.Ok:
            return
        try:
            command = CodeHitsCommand(self.window.store, found, theme_id, self.window.coder,
                                      self.window.refresh_annotations)
        except MarginaliaError as error:
            self.window.show_error(str(error))
            return
        self.window.undo_stack.push(command)
        self.window.statusBar().showMessage(f"{command.text()}: {len(command.merged)} new, {command.already} "
                                            "already tagged", 6000)

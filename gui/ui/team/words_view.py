"""View ▸ Words in Context: a word's occurrences (any of its forms) as aligned lines — left context, the word,
right context — sortable by the words before or after it, each line a double-click away in the reader; and the
most frequent words of a theme's passages or of a document, without the stop list (editable), as a table and
a bar chart. Both are computed off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.analysis.words import Occurrence, count_words, frequency_picture, kwic
from gui.core.citation import place_from_eid
from gui.core.errors import MarginaliaError
from gui.core.themes import depth
from gui.export.atomic import write_atomic
from gui.export.passage_list import render_passages
from gui.store import Store
from gui.store.library import document_labels
from gui.ui.library.doc_choices import DocumentChoices
from gui.ui.team.background import Background
from gui.ui.widgets import file_dialogs

Jump = Callable[[str, str], None]
LINES = 2000  # occurrences listed in the window (the command line gives more)


PICTURED = 25  # words drawn in the bar chart (the table lists them all): more would print over each other


class LeftElided(QStyledItemDelegate):
    """The left context cut at its start ("…a briefing by the United Nations Police"): the words next to the
    match stay in sight, as a concordance shows them."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class SortedItem(QTableWidgetItem):
    """A cell sorted by its own key (the context's words nearest the match first), not by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(Qt.ItemDataRole.UserRole), other.data(Qt.ItemDataRole.UserRole)
        if isinstance(mine, str) and isinstance(theirs, str):
            return mine < theirs
        return super().__lt__(other)


def _cell(text: str, key: str, align: Qt.AlignmentFlag) -> SortedItem:
    item = SortedItem(" ".join(text.split()))
    item.setData(Qt.ItemDataRole.UserRole, key)
    item.setTextAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class WordsDialog(QDialog):
    """Keyword in context and word frequencies, in two tabs."""

    def __init__(self, store: Store, jump: Jump, word: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.jump = store, jump
        self.setWindowTitle("Words in context")
        self.resize(1000, 680)
        self.occurrences: list[Occurrence] = []
        self.background = Background(store.path, self)
        self.background.answered.connect(self._answered)
        self.documents = Background(store.path, self)  # the documents' labels, read by a worker: 10,000
        self.documents.answered.connect(lambda _n, labels: self._documents_read(labels))  # are not read here
        self.tabs = QTabWidget()
        self.tabs.addTab(self._kwic_tab(word), "Keyword in context")
        self.tabs.addTab(self._frequency_tab(), "Word frequencies")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.background.failed.connect(lambda _n, message: self.status.setText(message))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.documents.ask(document_labels)
        if word.strip():
            self.find_word()

    def _documents_read(self, labels: object) -> None:
        """The library's documents as choices of both tabs (models read lazily by their lists, as the search
        panel's: no item per document is made)."""
        if not isinstance(labels, list):
            return
        chosen = self.doc.currentData()
        self.doc_choices.set_documents(labels)
        self.doc.setCurrentIndex(self.doc_choices.find(chosen))
        scope = self.scope.currentData()
        self.scope_choices.set_documents([*self.theme_scopes, *((f"doc:{d}", f"Document: {label}")
                                                                for d, label in labels)])
        self.scope.setCurrentIndex(max(self.scope_choices.find(scope), 1 if self.scope_choices.rows else 0))

    # --- keyword in context ------------------------------------------------------------------------------
    def _kwic_tab(self, word: str) -> QWidget:
        tab = QWidget()
        self.word = QLineEdit(word)
        self.word.setAccessibleName("Word")
        self.word.setPlaceholderText("a word (its forms too), a \"phrase as written\", or protect*")
        self.doc = QComboBox()
        self.doc.setAccessibleName("Document")
        self.doc_choices = DocumentChoices("every document")
        self.doc.setModel(self.doc_choices)
        self.doc.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc.setMinimumContentsLength(14)  # a symbol's width, without measuring every label
        find = QPushButton("&Find")
        find.setDefault(True)
        self.kwic_export = QPushButton("&Export…")
        self.kwic_export.setEnabled(False)
        self.lines = QTableWidget(0, 4)
        self.lines.setAccessibleName("Occurrences")
        self.lines.setHorizontalHeaderLabels(["Where", "Left context", "Word", "Right context"])
        self.lines.verticalHeader().hide()
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setWordWrap(False)
        header = self.lines.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        self.lines.setSortingEnabled(True)
        self.lines.setItemDelegateForColumn(1, LeftElided(self.lines))
        row = QHBoxLayout()
        row.addWidget(self.word, 2)
        row.addWidget(self.doc, 1)
        row.addWidget(find)
        row.addWidget(self.kwic_export)
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(QLabel("Sort by the words before or after the match: click the column's header."))
        layout.addWidget(self.lines, 1)
        self.word.returnPressed.connect(self.find_word)
        find.clicked.connect(self.find_word)
        self.kwic_export.clicked.connect(self.export_lines)
        self.lines.cellActivated.connect(self._open_line)
        return tab

    def find_word(self) -> None:
        word, doc = self.word.text(), self.doc.currentData()
        self.status.setText("Finding…")
        self.background.ask(lambda db: ("kwic", kwic(db, word, doc, LINES)))

    def _show_lines(self, occurrences: list[Occurrence]) -> None:
        self.occurrences = occurrences
        self.lines.setSortingEnabled(False)
        self.lines.setRowCount(len(occurrences))
        right = Qt.AlignmentFlag.AlignRight
        left = Qt.AlignmentFlag.AlignLeft
        for i, o in enumerate(occurrences):
            where = f"{o.symbol or o.doc_id}, {place_from_eid(o.eid)}"
            place = _cell(where, f"{i:08d}", left)
            place.setData(Qt.ItemDataRole.UserRole + 1, i)
            self.lines.setItem(i, 0, place)
            # the left context sorts by its last word, then the one before it, …
            self.lines.setItem(i, 1, _cell(o.left, " ".join(reversed(o.left.casefold().split())), right))
            self.lines.setItem(i, 2, _cell(o.match, o.match.casefold(), Qt.AlignmentFlag.AlignHCenter))
            self.lines.setItem(i, 3, _cell(o.right, o.right.casefold().strip(), left))
        self.lines.setSortingEnabled(True)
        self.lines.sortItems(0, Qt.SortOrder.AscendingOrder)  # reading order until a header is clicked
        self.kwic_export.setEnabled(bool(occurrences))
        more = " (the first ones)" if len(occurrences) >= LINES else ""
        self.status.setText(f"{len(occurrences):,} occurrence(s){more} of {self.word.text().strip()!r}")

    def _open_line(self, row: int, _column: int) -> None:
        item = self.lines.item(row, 0)
        if item is not None:
            o = self.occurrences[int(item.data(Qt.ItemDataRole.UserRole + 1))]
            self.jump(o.doc_id, o.eid)

    def export_lines(self) -> None:
        rows = [o.to_json() for o in self.occurrences]
        self._export(rows, ["doc", "eid", "left", "match", "right"], f"Keyword in context: {self.word.text()}",
                     "kwic.csv")

    # --- word frequencies --------------------------------------------------------------------------------
    def _frequency_tab(self) -> QWidget:
        tab = QWidget()
        self.scope = QComboBox()
        self.scope.setAccessibleName("Words of")
        themes = self.store.themes()
        self.theme_scopes = [(f"theme:{t.id}", "Theme: " + "\u2003" * depth(themes, t.id) + t.name) for t in themes]
        self.scope_choices = DocumentChoices("Choose a theme or a document")  # the documents follow, read by a worker
        self.scope_choices.set_documents(list(self.theme_scopes))
        self.scope.setModel(self.scope_choices)
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope.setMinimumContentsLength(24)
        self.scope.setCurrentIndex(1 if themes else 0)
        self.top = QSpinBox()
        self.top.setRange(5, 500)
        self.top.setValue(40)
        self.top.setAccessibleName("How many words")
        count = QPushButton("&Count")
        stop = QPushButton("&Stop list…")
        self.frequency_export = QPushButton("E&xport…")
        self.frequency_export.setEnabled(False)
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName("Word frequencies")
        self.table.setHorizontalHeaderLabels(["Word", "Occurrences"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.figure = Figure(dpi=100, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setAccessibleName("Word frequency picture")
        row = QHBoxLayout()
        row.addWidget(self.scope, 2)
        row.addWidget(QLabel("Words:"))
        row.addWidget(self.top)
        row.addWidget(count)
        row.addWidget(stop)
        row.addWidget(self.frequency_export)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.canvas)
        split.setSizes([300, 640])
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(split, 1)
        count.clicked.connect(self.count)
        stop.clicked.connect(self.edit_stop_list)
        self.frequency_export.clicked.connect(self.export_counts)
        self.counts: list[tuple[str, int]] = []
        return tab

    def _scope(self) -> tuple[str, str]:
        """("theme", its id) or ("doc", its id), as chosen."""
        kind, _, value = str(self.scope.currentData() or ":").partition(":")
        return kind, value

    def count(self) -> None:
        kind, value = self._scope()
        if kind not in ("theme", "doc"):
            self.status.setText("Choose a theme or a document to count the words of.")
            return
        ids = self.store.theme_family(int(value)) if kind == "theme" else None
        doc = value if kind == "doc" else None
        stop = frozenset(self.store.stop_words())
        top = self.top.value()
        self.status.setText("Counting…")
        self.background.ask(lambda db: ("count", count_words(db, ids, doc, stop, top)))

    def _show_counts(self, counts: list[tuple[str, int]]) -> None:
        self.counts = counts
        self.table.setRowCount(len(counts))
        for i, (word, n) in enumerate(counts):
            self.table.setItem(i, 0, QTableWidgetItem(word))
            number = QTableWidgetItem(f"{n:,}")
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(i, 1, number)
        self.figure.clear()
        label = self.scope.currentText().replace("\u2003", "")
        kind, value = self._scope()
        colour = self.store.theme(int(value)).color if kind == "theme" else "#0067a5"
        frequency_picture(counts[:PICTURED], f"Most frequent words — {label}", self.figure, colour)
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]
        self.frequency_export.setEnabled(bool(counts))
        self.status.setText(f"{len(counts)} word(s) of {label}" if counts else f"No words in {label}")

    def edit_stop_list(self) -> None:
        """The stop list, one word a line; kept in the database for every window and the command line."""
        dialog = QDialog(self)
        dialog.setWindowTitle("Stop list")
        edit = QPlainTextEdit("\n".join(self.store.stop_words()))
        edit.setAccessibleName("Stop words")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(QLabel("Words left out of the frequencies, one a line:"))
        layout.addWidget(edit)
        layout.addWidget(buttons)
        dialog.resize(320, 480)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                kept = self.store.set_stop_words(edit.toPlainText().split())
            except MarginaliaError as error:
                self.status.setText(str(error))
                return
            self.status.setText(f"Stop list: {len(kept)} word(s)")
            if self.counts:
                self.count()

    def export_counts(self) -> None:
        rows = [{"word": w, "count": str(n)} for w, n in self.counts]
        self._export(rows, ["word", "count"], f"Word frequencies: {self.scope.currentText()}", "words.csv")

    # --- shared ------------------------------------------------------------------------------------------
    def _export(self, rows: list[dict[str, str]], columns: list[str], title: str, default: str) -> None:
        name, _ = file_dialogs.get_save_file_name(self, "Export", default, "CSV (*.csv);;Markdown (*.md)")
        if not name:
            return
        path = Path(name) if Path(name).suffix.lower() in (".csv", ".md") else Path(name).with_suffix(".csv")
        try:
            write_atomic(path, render_passages(rows, columns, path.suffix.lower(), title), protect=(self.store.path,))
        except (MarginaliaError, OSError) as error:
            self.status.setText(f"not exported: {error}")
            return
        self.status.setText(f"{len(rows):,} row(s) written to {path}")

    def _answered(self, _number: int, answer: object) -> None:
        kind, value = answer if isinstance(answer, tuple) else ("", None)
        if kind == "kwic":
            self._show_lines(value)
        elif kind == "count":
            self._show_counts(value)

    def done(self, result: int) -> None:
        self.background.stop()
        self.documents.stop()
        super().done(result)



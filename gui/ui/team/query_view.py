"""View ▸ Coding Query: passages whose coding satisfies an expression over themes (AND, OR, NOT, parentheses),
within the same paragraph, section or document, by one coder or all, in the documents the library's filter
words keep (`mission:UNMISS type:report 2018..2020`, typed or added from the attributes' values) — built from
buttons or typed, run off the GUI thread, each passage a double-click away in the reader, the whole result
exportable (CSV, Markdown). Nothing read on the GUI thread grows with the corpus: the attributes' values are
read by a worker too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.analysis.query import (
    WITHIN,
    DocumentFilter,
    Node,
    QueryError,
    QueryResult,
    attribute_values,
    document_filter,
    filter_word,
    parse,
    run_query,
)
from gui.core.attributes import BUILT_IN
from gui.core.errors import MarginaliaError
from gui.core.themes import depth
from gui.export.atomic import write_atomic
from gui.export.passage_list import render_passages
from gui.store import Store
from gui.store.search import cut_at_words
from gui.ui.team.background import Background
from gui.ui.widgets import file_dialogs

Jump = Callable[[str, str], None]
"""Open a document at a block: (document id, eid)."""
PAGE = 200
EXPORT_LIMIT = 1_000_000  # passages one export may list


class QueryDialog(QDialog):
    """Build a coding query, see its passages with their context, open one, export them all."""

    def __init__(self, store: Store, jump: Jump, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.jump = store, jump
        self.setWindowTitle("Coding query")
        self.resize(900, 640)
        self.tree: Node | None = None
        self.filter = DocumentFilter()
        self.last: QueryResult | None = None
        self.background = Background(store.path, self)
        self.background.answered.connect(self._answered)
        self.expression = QLineEdit()
        self.expression.setAccessibleName("Query expression")
        self.expression.setPlaceholderText('e.g.  POC AND NOT police   or   (intel OR tech) AND "Host-state consent '
                                           '& relations"')
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme to insert")
        themes = store.themes()
        for theme in themes:
            self.theme.addItem("\u2003" * depth(themes, theme.id) + theme.name, theme.name)
        insert = QPushButton("&Insert theme")
        insert.clicked.connect(self._insert_theme)
        self.within = QComboBox()
        self.within.setAccessibleName("Within")
        for unit in WITHIN:
            self.within.addItem(f"within one {unit}", unit)
        self.coder = QComboBox()
        self.coder.setAccessibleName("Coder")
        self.coder.addItem("every coder", None)
        for name in store.coders():
            self.coder.addItem(name, name)
        self.documents = QLineEdit()
        self.documents.setAccessibleName("Only documents")
        self.documents.setClearButtonEnabled(True)
        self.documents.setPlaceholderText("In every document — or only those the library's filter words keep: "
                                          "mission:UNMISS type:report 2018..2020")
        self.attribute = QComboBox()
        self.attribute.setAccessibleName("Attribute")
        self.value = QComboBox()
        self.value.setAccessibleName("Attribute value")
        self.value.setEditable(True)
        self.value.setMinimumContentsLength(16)
        self.value.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        add_filter = QPushButton("&Add to the filter")
        self.values: dict[str, list[str]] = {}
        self._show_attributes(list(BUILT_IN))
        self.attribute.currentIndexChanged.connect(lambda _i: self._show_values())
        add_filter.clicked.connect(self._add_filter)
        self.choices = Background(store.path, self)  # the attributes' values, read once, apart from the queries
        self.choices.answered.connect(lambda _n, values: self._values_read(values))
        self.choices.ask(attribute_values)
        self.run_button = QPushButton("&Run")
        self.run_button.setDefault(True)
        self.more_button = QPushButton("Show &more")
        self.export_button = QPushButton("&Export…")
        self.status = QLabel("Name themes joined by AND, OR, NOT; a name with spaces or parentheses in quotes.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.background.failed.connect(lambda _n, message: self.status.setText(message))
        self.results = QListWidget()
        self.results.setAccessibleName("Query results")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSpacing(2)

        operators = QHBoxLayout()
        for word in ("AND", "OR", "NOT", "(", ")"):
            button = QPushButton(word)
            button.setAccessibleName(f"Insert {word}")
            button.clicked.connect(lambda _c=False, w=word: self._insert(w))
            operators.addWidget(button)
        operators.addWidget(self.theme, 1)
        operators.addWidget(insert)
        documents = QHBoxLayout()
        documents.addWidget(QLabel("In documents:"))
        documents.addWidget(self.documents, 2)
        documents.addWidget(self.attribute)
        documents.addWidget(self.value, 1)
        documents.addWidget(add_filter)
        options = QHBoxLayout()
        options.addWidget(self.within)
        options.addWidget(self.coder)
        options.addStretch(1)
        options.addWidget(self.run_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.expression)
        layout.addLayout(operators)
        layout.addLayout(documents)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        self.expression.returnPressed.connect(self.run)
        self.documents.returnPressed.connect(self.run)
        self.run_button.clicked.connect(self.run)
        self.more_button.clicked.connect(self._more)
        self.export_button.clicked.connect(self.export)
        self.results.itemActivated.connect(self._open)
        self.more_button.setEnabled(False)
        self.export_button.setEnabled(False)

    def _insert(self, text: str) -> None:
        current = self.expression.text()
        joiner = "" if not current or current.endswith((" ", "(")) or text == ")" else " "
        self.expression.setText(f"{current}{joiner}{text}" + (" " if text not in ("(", ")") else ""))
        self.expression.setFocus()

    def _insert_theme(self) -> None:
        name = str(self.theme.currentData() or "")
        self._insert(f'"{name}"' if any(c in name for c in ' ()"') else name)

    # --- the documents' filter --------------------------------------------------------------------------
    def _show_attributes(self, names: list[str]) -> None:
        chosen = self.attribute.currentText()
        self.attribute.blockSignals(True)
        self.attribute.clear()
        self.attribute.addItems(names)
        self.attribute.setCurrentIndex(max(0, self.attribute.findText(chosen)))
        self.attribute.blockSignals(False)
        self._show_values()

    def _values_read(self, values: object) -> None:
        if isinstance(values, dict):
            self.values = values
            self._show_attributes([*BUILT_IN, *(n for n in sorted(values) if n not in BUILT_IN)])

    def _show_values(self) -> None:
        typed = self.value.currentText()
        self.value.clear()
        self.value.addItems(self.values.get(self.attribute.currentText(), []))
        self.value.setEditText(typed if typed and self.value.findText(typed) < 0 else self.value.currentText())

    def _add_filter(self) -> None:
        """The attribute's value as a filter word, added to the documents' filter (every word must match)."""
        value = " ".join(self.value.currentText().split())
        if not value:
            self.status.setText(f"Choose or type a value of {self.attribute.currentText()} to keep documents by.")
            return
        word = filter_word(self.attribute.currentText(), value)
        current = self.documents.text().strip()
        if f" {word} " not in f" {current} ":
            self.documents.setText(f"{current} {word}".strip())

    def _options(self) -> tuple[str, str | None]:
        return str(self.within.currentData()), self.coder.currentData()

    def run(self) -> None:
        """Parse here (the themes are in memory), run on a worker: the first page, then the count."""
        def resolve(name: str) -> frozenset[int] | None:
            theme = self.store.find_theme(name)
            return self.store.theme_family(theme.id) if theme is not None else None

        try:
            self.tree = parse(self.expression.text(), resolve)
        except QueryError as error:
            self.status.setText(str(error).removeprefix("query: "))
            return
        self.filter = document_filter(self.store, self.documents.text())
        within, coder = self._options()
        tree, documents = self.tree, self.filter
        self.results.clear()
        self.status.setText("Searching…")
        self.background.ask(lambda db: ("page", run_query(db, tree, within, coder, limit=PAGE, documents=documents)))

    def _more(self) -> None:
        if self.tree is None or self.last is None:
            return
        within, coder = self._options()
        tree, offset, documents = self.tree, self.results.count(), self.filter
        self.background.ask(lambda db: ("more", run_query(db, tree, within, coder, limit=PAGE, offset=offset,
                                                          documents=documents)))

    def _answered(self, _number: int, answer: object) -> None:
        kind, value = answer if isinstance(answer, tuple) else ("", None)
        if kind in ("page", "more") and isinstance(value, QueryResult):
            self.last = value
            for hit in value.hits:
                text = value.texts.get((hit.doc_id, hit.eid), hit.snippet)
                item = QListWidgetItem(f"{hit.citation()}\n{cut_at_words(' '.join(text.split()), 600)}")
                item.setData(Qt.ItemDataRole.UserRole, (hit.doc_id, hit.eid))
                item.setToolTip(hit.section)
                self.results.addItem(item)
            self.more_button.setEnabled(len(value.hits) == PAGE)
            self.export_button.setEnabled(self.results.count() > 0)
            if kind == "page":
                self.status.setText(f"{value.asked()}: {self.results.count():,} passage(s) shown; counting…")
                within, coder, tree, documents = value.within, self._options()[1], self.tree, self.filter
                self.background.ask(lambda db: ("count", _count(db, tree, within, coder, documents)))
        elif kind == "count" and self.last is not None:
            unit = self.last.within
            self.status.setText(f"{self.last.asked()}: {value:,} {unit}(s) satisfy it within one {unit}; "
                                f"{self.results.count():,} passage(s) shown")
        elif kind == "export":
            self.status.setText(str(value))

    def _open(self, item: QListWidgetItem) -> None:
        doc_id, eid = item.data(Qt.ItemDataRole.UserRole)
        self.jump(doc_id, eid)

    def export(self) -> None:
        """Every passage of the query (not only those shown), as CSV or Markdown, written off the GUI thread."""
        if self.tree is None:
            return
        name, _ = file_dialogs.get_save_file_name(self, "Export the query's passages", "query.csv",
                                              "CSV (*.csv);;Markdown (*.md)")
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".md"):
            path = path.with_suffix(".csv")
        within, coder = self._options()
        tree, protect, documents = self.tree, (self.store.path,), self.filter
        self.status.setText(f"Exporting to {path.name}…")

        def write(db: sqlite_utils.Database) -> tuple[str, str]:
            result = run_query(db, tree, within, coder, limit=EXPORT_LIMIT, documents=documents)
            data = render_passages(result.rows(), ["doc", "eid", "citation", "text"], path.suffix.lower(),
                                   f"Coding query: {result.asked()} (within one {within})")
            try:
                write_atomic(path, data, protect=protect)
            except (MarginaliaError, OSError) as error:
                return "export", f"not exported: {error}"
            return "export", f"{len(result.hits):,} passage(s) written to {path}"

        self.background.ask(write)

    def done(self, result: int) -> None:  # closed: a question still running is let go
        self.background.stop()
        self.choices.stop()
        super().done(result)


def _count(db: sqlite_utils.Database, tree: Node | None, within: str, coder: str | None,
           documents: DocumentFilter) -> int:
    from gui.analysis.query import count_units

    return count_units(db, tree, within, coder, documents=documents) if tree is not None else 0

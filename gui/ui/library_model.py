"""The library as a model and a view: rows fetched from the store a page at a time, sorted and filtered in SQL.

A list widget cleared and refilled on every open cost time that grew with the selected row (9 s at 1,000
documents, 56 s at 4,000, REFERENCES.md); here an open changes nothing in the model, a tag refreshes one row,
and only an import, a filter or a new order resets it (one page of rows read, however large the corpus).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLineEdit, QTreeView, QVBoxLayout, QWidget

from gui.core.errors import MarginaliaError
from gui.store import DocumentInfo, Store

DOC_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 200
"""Rows read from the store at a time (a screenful is about 30; the view asks for more as it scrolls)."""

SORTS = (("import order", "position"), ("symbol", "symbol"), ("date", "date"), ("title", "title"),
         ("coverage", "coverage"))
"""The orders offered beside the filter box: (label, `Store.library_page` sort key)."""

_Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractTableModel):
    """Documents of the store in the chosen order and filter; two columns: the document, its coverage."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.filter = ""
        self.sort_key = "position"
        self.descending = False
        self._rows: list[DocumentInfo] = []
        self._row_of: dict[str, int] = {}
        self._total = 0
        self._resetting = False  # views (and Qt's model tester) ask for more rows inside a change
        self.reload()

    # --- what the view asks ---------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.store.closed or self._resetting:
            return
        more = self._page(len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        self._resetting = True  # a view asked again from inside the insertion would read this page twice
        try:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            for info in more:
                self._row_of[info.id] = len(self._rows)
                self._rows.append(info)
            self.endInsertRows()
        finally:
            self._resetting = False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Document", "Tagged")[section] if 0 <= section < 2 else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        d = self._rows[index.row()]
        column = index.column()
        if role == DOC_ROLE:
            return d.id
        tagged, total, unit = d.coverage()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                facts = " · ".join(x for x in (d.symbol or d.id, d.date, ", ".join(d.languages)) if x)
                return f"{facts}\n{d.title or ''}"
            return f"{tagged} / {total}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return f"{tagged} of {total} {unit} tagged"
            return (f"{d.symbol or d.id}\n{d.title or ''}\n{d.date or 'no date'} · languages: "
                    f"{', '.join(d.languages) or '—'}\n{d.path or ''}"
                    + ("\n(file missing: the text is kept in the database)" if d.missing else ""))
        if role == Qt.ItemDataRole.ForegroundRole and column == 0 and d.missing:
            return QColor("#a33")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a header: the document column by symbol, the other by coverage."""
        self.set_order("coverage" if column == 1 else "symbol", order == Qt.SortOrder.DescendingOrder)

    # --- what the window and panel ask ----------------------------------------------------------------------
    def reload(self) -> None:
        """Read the first page again (after an import, or a new filter or order)."""
        self.beginResetModel()
        self._resetting = True
        try:
            self._total = self.store.library_count(self.filter) if not self.store.closed else 0
            self._rows, self._row_of = [], {}
            for info in self._page(0):
                self._row_of[info.id] = len(self._rows)
                self._rows.append(info)
        finally:
            self.endResetModel()
            self._resetting = False

    def set_filter(self, text: str) -> None:
        if text.strip() != self.filter:
            self.filter = text.strip()
            self.reload()

    def set_order(self, sort: str, descending: bool = False) -> None:
        if (sort, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = sort, descending
            self.reload()

    def refresh_document(self, doc_id: str) -> DocumentInfo | None:
        """One document's row read again (its coverage after a tag); the other rows are left alone."""
        found = self.store.documents(doc_id)
        row = self._row_of.get(doc_id)
        if not found or row is None:
            return found[0] if found else None
        self._rows[row] = found[0]
        self.dataChanged.emit(self.index(row, 0), self.index(row, 1))
        return found[0]

    def row_of(self, doc_id: str) -> int | None:
        """The document's row, fetching pages down to it if it is further than those read; None when the
        filter leaves it out."""
        if doc_id in self._row_of:
            return self._row_of[doc_id]
        row = self.store.library_row(doc_id, filter=self.filter, sort=self.sort_key, descending=self.descending)
        if row is None:
            return None
        while row >= len(self._rows) and self.canFetchMore():
            self.fetchMore()
        return self._row_of.get(doc_id)

    def doc_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def total(self) -> int:
        """How many documents the filter keeps (not only the rows read so far)."""
        return self._total

    def _page(self, offset: int) -> list[DocumentInfo]:
        try:
            return self.store.library_page(offset, PAGE, filter=self.filter, sort=self.sort_key,
                                           descending=self.descending)
        except MarginaliaError:
            return []


class LibraryPanel(QWidget):
    """The corpus: a filter box and a sort order above the documents. Enter or click opens a document."""

    open_requested = Signal(str)

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.setAccessibleName("Library")
        self.model = LibraryModel(store)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: symbol, title words, year, theme:KEY…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter the library")
        self.order = QComboBox()
        self.order.setAccessibleName("Sort the library by")
        for label, key in SORTS:
            self.order.addItem(label, key)
        self.view = QTreeView()
        self.view.setAccessibleName("Documents")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)  # every row is two lines: the view never measures them all
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.order)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.timer = QTimer(self)  # the filter is applied once typing pauses
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(lambda: self._refilter())
        self.filter.textChanged.connect(lambda _t: self.timer.start())
        self.filter.returnPressed.connect(self._refilter)
        self.order.currentIndexChanged.connect(lambda _i: self._reorder())
        self.view.activated.connect(self._open)
        self.view.clicked.connect(self._open)
        self.current: str | None = None

    def reload(self, current: str | None) -> None:
        """Read the library again (after an import or a merge), keeping the current document selected."""
        self.current = current
        self.model.reload()
        self.select(current)

    def select(self, doc_id: str | None) -> None:
        """Select the document's row (if the filter shows it) without moving the view more than needed."""
        self.current = doc_id
        row = self.model.row_of(doc_id) if doc_id is not None else None
        if row is None:
            return
        index = self.model.index(row, 0)
        if self.view.currentIndex() != index:
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def update_document(self, doc_id: str) -> DocumentInfo | None:
        """Refresh one row's coverage without touching the others."""
        return self.model.refresh_document(doc_id)

    def _refilter(self) -> None:
        self.timer.stop()
        self.model.set_filter(self.filter.text())
        self.select(self.current)

    def _reorder(self) -> None:
        self.model.set_order(str(self.order.currentData()))
        self.select(self.current)

    def _open(self, index: QModelIndex) -> None:
        doc_id = self.model.doc_id(index.row())
        if doc_id is not None:
            self.open_requested.emit(doc_id)

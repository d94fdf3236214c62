"""The library as a model and a view: rows read from the store a page at a time, sorted and filtered in SQL.

A list widget cleared and refilled on every open cost time that grew with the selected row (9 s at 1,000
documents, 56 s at 4,000, REFERENCES.md); here an open changes nothing in the model, a tag refreshes one row,
and only an import, a filter or a new order resets it (one page of rows read, however large the corpus).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLineEdit, QTreeView, QVBoxLayout, QWidget

from gui.core.errors import MarginaliaError
from gui.store import DocumentInfo, Store

DOC_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE = 100
"""Rows read from the store at a time (a screenful is about 30)."""
KEPT_PAGES = 20
"""Pages kept in memory (the least recently used are read again when scrolled back to)."""

SORTS = (("import order", "position"), ("symbol", "symbol"), ("date", "date"), ("title", "title"),
         ("coverage", "coverage"))
"""The orders offered beside the filter box: (label, `Store.library_page` sort key)."""

_Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractTableModel):
    """Documents of the store in the chosen order and filter; three columns: the document, its coverage, and
    how it was read (a mark for recognition, warnings and unread pages; the tooltip names what and how many).

    The model has a row for every document the filter keeps (one COUNT), but reads rows only when a view
    asks for them, a page at a time, keeping the last `KEPT_PAGES` pages: selecting the last of 10,000 rows
    reads the one page it is on.
    """

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.filter = ""
        self.sort_key = "position"
        self.descending = False
        self._pages: OrderedDict[int, list[DocumentInfo]] = OrderedDict()
        self._total = 0
        self.open_id: str | None = None  # the document in the reader: its row in bold, wherever the cursor is
        self.reload()

    # --- what the view asks ---------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008  (Qt's own default)
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Document", "Tagged", "Read")[section] if 0 <= section < 3 else None
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole and section == 2:
            return "How the document was read: OCR (scanned pages recognised), ⚠ and how many things to know"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        d = self.info(index.row())
        if d is None:
            return None
        column = index.column()
        if role == DOC_ROLE:
            return d.id
        if column == 2:
            return _reading(d, role)
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
                    + ("\n(file missing: the text is kept in the database)" if d.missing else "")
                    + ("".join(f"\n{line}" for line in d.reading.lines()) if d.reading is not None else ""))
        if role == Qt.ItemDataRole.FontRole and column == 0 and d.id == self.open_id:
            font = QFont()
            font.setBold(True)
            return font
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
        """Count the documents again and forget the pages read (after an import, a new filter or order)."""
        self.beginResetModel()
        try:
            self._pages.clear()
            try:
                self._total = self.store.library_count(self.filter) if not self.store.closed else 0
            except MarginaliaError:
                self._total = 0
        finally:
            self.endResetModel()

    def set_filter(self, text: str) -> None:
        if text.strip() != self.filter:
            self.filter = text.strip()
            self.reload()

    def set_order(self, sort: str, descending: bool = False) -> None:
        if (sort, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = sort, descending
            self.reload()

    def info(self, row: int) -> DocumentInfo | None:
        """The document on a row, its page read if it is not among those kept."""
        if not 0 <= row < self._total:
            return None
        number, at = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
        else:
            self._pages.move_to_end(number)
        return page[at] if at < len(page) else None

    def refresh_document(self, doc_id: str) -> DocumentInfo | None:
        """One document's row read again (its coverage after a tag); the other rows are left alone."""
        found = self.store.documents(doc_id)
        for number, page in list(self._pages.items()):  # a view reading rows may reorder them
            for at, info in enumerate(page):
                if info.id == doc_id and found:
                    page[at] = found[0]
                    row = number * PAGE + at
                    self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        return found[0] if found else None

    def row_of(self, doc_id: str) -> int | None:
        """The document's row (found among the pages kept, else by one query); None when filtered out."""
        for number, page in list(self._pages.items()):  # a view reading rows may reorder them
            for at, info in enumerate(page):
                if info.id == doc_id:
                    return number * PAGE + at
        try:
            return self.store.library_row(doc_id, filter=self.filter, sort=self.sort_key, descending=self.descending)
        except MarginaliaError:
            return None

    def mark_open(self, doc_id: str | None) -> None:
        """The document now in the reader; the rows repaint (only the ones in view are drawn)."""
        if doc_id != self.open_id:
            self.open_id = doc_id
            if self._total:
                self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, 0), [Qt.ItemDataRole.FontRole])

    def doc_id(self, row: int) -> str | None:
        info = self.info(row)
        return info.id if info is not None else None

    def total(self) -> int:
        """How many documents the filter keeps."""
        return self._total

    def _read_page(self, number: int) -> list[DocumentInfo]:
        try:
            page = [] if self.store.closed else self.store.library_page(
                number * PAGE, PAGE, filter=self.filter, sort=self.sort_key, descending=self.descending)
        except MarginaliaError:
            page = []
        self._pages[number] = page
        while len(self._pages) > KEPT_PAGES:
            self._pages.popitem(last=False)
        return page


def _reading(d: DocumentInfo, role: int) -> object:
    """The "Read" column: its mark, the tooltip naming what and how many, a warning colour."""
    marks = d.reading
    if marks is None:
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        return marks.mark()
    if role == Qt.ItemDataRole.ToolTipRole:
        return "\n".join(marks.lines())
    if role == Qt.ItemDataRole.ForegroundRole and marks.problems():
        return QColor("#a33")
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return None


class LibraryPanel(QWidget):
    """The corpus: a filter box and a sort order above the documents. Enter or click opens a document."""

    open_requested = Signal(str)

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.setAccessibleName("Library")
        self.model = LibraryModel(store)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: symbol, title words, year, theme:KEY, mission:UNMISS, 2018..2020…")
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
        # A fixed width for the counts: fitting the column to its contents reads up to 1,000 rows at every change
        header.setSectionResizeMode(1, header.ResizeMode.Fixed)
        header.resizeSection(1, self.view.fontMetrics().horizontalAdvance("Tagged 9999 / 9999"))
        header.setSectionResizeMode(2, header.ResizeMode.Fixed)
        header.resizeSection(2, self.view.fontMetrics().horizontalAdvance("OCR ⚠ 99 "))
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
        """Select the document's row (if the filter shows it) without moving the view more than needed; the
        open document's row stays marked (bold) when the keyboard moves the selection away from it."""
        self.current = doc_id
        self.model.mark_open(doc_id)
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

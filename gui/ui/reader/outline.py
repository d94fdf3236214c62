"""The structure panel: a thin item model over the document's block tree, with theme colours."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from gui.core.model import Block, Document, Kind

Index = QModelIndex | QPersistentModelIndex
EIDRole = Qt.ItemDataRole.UserRole + 1

_SHOWN = (Kind.HEADING, Kind.PARAGRAPH, Kind.POINT, Kind.LIST_ITEM, Kind.TABLE, Kind.FOOTNOTE, Kind.ASIDE,
          Kind.FIGURE)


def node_label(block: Block) -> str:
    """What the outline shows for a block: 'II. Meetings…', '83. On 3 November…', '(a) Use of…'."""
    text = " ".join(block.text.split())
    snippet = text if len(text) <= 70 else text[:69] + "…"
    if block.kind is Kind.HEADING:
        return f"{block.num}. {snippet}" if block.num and not snippet.startswith(f"({block.num})") else snippet
    if block.kind is Kind.PARAGRAPH and block.num:
        return f"{block.num}. {snippet}"
    if block.kind is Kind.POINT:
        return f"({block.num}) {snippet}"
    if block.kind is Kind.FOOTNOTE:
        return f"[{block.num or '*'}] {snippet}"
    if block.kind is Kind.TABLE:
        return f"Table: {snippet.splitlines()[0] if snippet else ''}"
    return snippet


class OutlineModel(QAbstractItemModel):
    """Sections → paragraphs → points. Rows are blocks; the internal id is the block's index."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: list[Block] = []
        self._children: dict[int, list[int]] = {-1: []}
        self._parent: dict[int, int] = {}
        self._row: dict[int, int] = {}
        self._by_eid: dict[str, int] = {}
        self._colours: dict[str, list[QColor]] = {}
        self._icons: dict[tuple[str, ...], QIcon] = {}

    def set_document(self, document: Document | None) -> None:
        self.beginResetModel()
        self._blocks = [b for b in document.blocks if b.kind in _SHOWN] if document else []
        self._by_eid = {b.eid: i for i, b in enumerate(self._blocks)}
        self._children = {-1: []}
        self._parent, self._row = {}, {}
        for i, block in enumerate(self._blocks):
            parent = block.parent
            while parent is not None and parent not in self._by_eid and document is not None:
                parent = document.block(parent).parent
            p = self._by_eid[parent] if parent is not None else -1
            self._parent[i] = p
            siblings = self._children.setdefault(p, [])
            self._row[i] = len(siblings)
            siblings.append(i)
            self._children.setdefault(i, [])
        self.endResetModel()

    def set_colours(self, colours: dict[str, list[QColor]]) -> None:
        """New theme colours per eid; only the nodes whose colours changed are repainted."""
        old, self._colours = self._colours, colours
        changed = {e for e in old.keys() | colours.keys() if old.get(e) != colours.get(e)}
        for eid in changed:
            index = self.index_for_eid(eid)
            if index.isValid():
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def index_for_eid(self, eid: str) -> QModelIndex:
        i = self._by_eid.get(eid)
        return QModelIndex() if i is None else self.createIndex(self._row[i], 0, i)

    # --- QAbstractItemModel ---------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        kids = self._children.get(parent.internalId() if parent.isValid() else -1, [])
        return self.createIndex(row, 0, kids[row]) if row < len(kids) else QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        p = self._parent.get(index.internalId(), -1)
        return QModelIndex() if p < 0 else self.createIndex(self._row[p], 0, p)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(parent.internalId() if parent.isValid() else -1, []))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        block = self._blocks[index.internalId()]
        if role == Qt.ItemDataRole.DisplayRole:
            return node_label(block)
        if role == Qt.ItemDataRole.ToolTipRole:
            return block.eid
        if role == EIDRole:
            return block.eid
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(self._colours.get(block.eid, []))
        if role == Qt.ItemDataRole.FontRole and block.kind is Kind.HEADING:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _icon(self, colours: list[QColor]) -> QIcon:
        key = tuple(c.name() for c in colours[:3])
        if key not in self._icons:
            pixmap = QPixmap(18, 12)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            for k, colour in enumerate(colours[:3]):
                painter.fillRect(k * 6, 1, 5, 10, colour)
            painter.end()
            self._icons[key] = QIcon(pixmap)
        return self._icons[key]

"""The Themes panel: the codebook always in view (MAXQDA's Code System, NVivo's Codes).

A tree of every theme, sub-themes under their theme, with its colour, digit and the passages it has in the open
document and in the corpus (a theme's counts take in its sub-themes). A click filters the reader's margin and
the search to the theme, a double-click lists its passages, a drag reorders or nests, a right-click edits —
the window's codebook controller (`codebook.py`) does each; this module only shows and asks.

The counts come from one query on a worker thread with its own connection (`CountRunner`), so that a tag in a
corpus of 10,000 annotations costs the GUI thread nothing that grows with the corpus.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from pathlib import Path
from typing import cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTreeView, QVBoxLayout, QWidget

from gui.core.annotations import Theme
from gui.core.themes import display_name, family
from gui.store.schema import connect_reader
from gui.store.themebook import passage_counts
from gui.ui.coding.commands import placed
from gui.ui.widgets.appearance import legible
from gui.ui.widgets.panels import swatch

MIME = "application/x-marginalia-theme"
THEME_ROLE = Qt.ItemDataRole.UserRole + 11  # the theme id of a row
COLUMNS = ("Theme", "Key", "Doc", "All")
COLUMN_TIPS = ("The codebook: drag to reorder, drop on a theme to make a sub-theme",
               "The digit that toggles the theme in the reader",
               "Passages in the open document (with the theme's sub-themes)",
               "Passages in the whole corpus (with the theme's sub-themes)")

AnyIndex = QModelIndex | QPersistentModelIndex


class ThemeTreeModel(QAbstractItemModel):
    """The codebook as a tree, over the store's themes in tree order (a thin model: it holds the list it was
    given and the counts it was told). A drop asks for a move through `move_wanted`; the store makes it and
    the model is given the new codebook."""

    move_wanted = Signal(int, object, object)  # theme id, new parent id or None, the new siblings' order

    def __init__(self) -> None:
        super().__init__()
        self.themes: list[Theme] = []
        self.by_id: dict[int, Theme] = {}
        self.below: dict[int | None, list[Theme]] = {}
        self.here: dict[int, int] = {}
        self.corpus: dict[int, int] = {}
        self.counted = False  # counts have come for these themes (until then the columns are blank)
        self.filtered: int | None = None  # the theme the margin is filtered to: shown bold

    def set_themes(self, themes: list[Theme]) -> None:
        self.beginResetModel()
        self.themes = list(themes)
        self.by_id = {t.id: t for t in themes}
        self.below = {}
        for theme in themes:
            parent = theme.parent_id if theme.parent_id in self.by_id else None
            self.below.setdefault(parent, []).append(theme)
        self.endResetModel()

    def set_counts(self, here: dict[int, int], corpus: dict[int, int]) -> None:
        self.here, self.corpus, self.counted = here, corpus, True
        if self.themes:
            self._changed_everywhere(2, 3)

    def set_filtered(self, theme_id: int | None) -> None:
        self.filtered = theme_id
        if self.themes:
            self._changed_everywhere(0, 0)

    def _changed_everywhere(self, first: int, last: int) -> None:
        """dataChanged for columns first..last of every row (one signal per level of the tree)."""
        for parent_id, rows in self.below.items():
            parent = self.index_of(parent_id) if parent_id is not None else QModelIndex()
            self.dataChanged.emit(self.index(0, first, parent), self.index(len(rows) - 1, last, parent))

    # --- the tree ----------------------------------------------------------------------------------------
    def _parent_key(self, theme: Theme) -> int | None:
        return theme.parent_id if theme.parent_id in self.by_id else None

    def index_of(self, theme_id: int, column: int = 0) -> QModelIndex:
        theme = self.by_id.get(theme_id)
        if theme is None:
            return QModelIndex()
        row = self.below[self._parent_key(theme)].index(theme)
        return self.createIndex(row, column, theme.id)

    def theme_at(self, index: AnyIndex) -> Theme | None:
        return self.by_id.get(index.internalId()) if index.isValid() else None

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        rows = self.below.get(parent.internalId() if parent.isValid() else None, [])
        if not (0 <= row < len(rows) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column, rows[row].id)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        theme = self.theme_at(child)
        if theme is None or self._parent_key(theme) is None:
            return QModelIndex()
        return self.index_of(cast(int, theme.parent_id))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.below.get(parent.internalId() if parent.isValid() else None, []))

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMN_TIPS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        theme = self.theme_at(index)
        if theme is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return theme.name
            if column == 1:
                return str(theme.digit) if theme.digit else ""
            if self.counted:
                return str((self.here if column == 2 else self.corpus).get(theme.id, 0))
            return ""
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return swatch(chip_colour(theme.color).name(), 12)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(theme)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == 0 and theme.id == self.filtered:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
            return display_name(self.themes, theme.id)
        if role == THEME_ROLE:
            return theme.id
        return None

    def _tooltip(self, theme: Theme) -> str:
        lines = [display_name(self.themes, theme.id)]
        if theme.description:
            lines.append(theme.description)
        if theme.digit:
            lines.append(f"Key {theme.digit} toggles it in the reader")
        if self.counted:
            lines.append(f"{self.here.get(theme.id, 0)} passage(s) in this document, "
                         f"{self.corpus.get(theme.id, 0)} in the corpus"
                         + (", with its sub-themes" if self.below.get(theme.id) else ""))
        return "\n".join(lines)  # a tooltip of plain text: Qt shows it as text unless it looks like markup

    # --- drag and drop -----------------------------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # the top level takes themes too
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemIsDropEnabled)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        theme = next((t for t in map(self.theme_at, indexes) if t is not None), None)
        if theme is not None:
            data.setData(MIME, QByteArray(str(theme.id).encode()))
        return data

    def _dragged(self, data: QMimeData) -> Theme | None:
        if not data.hasFormat(MIME):
            return None
        try:
            return self.by_id.get(int(bytes(data.data(MIME).data()).decode()))
        except ValueError:
            return None

    def _target(self, row: int, parent: AnyIndex) -> int | None:
        """The parent a drop puts the theme under: the theme dropped on, or the level of the rows between
        which the drop indicator was."""
        target = self.theme_at(parent)
        return target.id if target is not None else None

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        theme = self._dragged(data)
        if theme is None or action != Qt.DropAction.MoveAction:
            return False
        target = self._target(row, parent)
        return target is None or target not in family(self.themes, theme.id)  # never under itself

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        """A drop on a theme makes the dragged theme its (last) sub-theme; a drop between rows puts it there,
        at that level (the top level too). The move is asked for, not made: the store makes it."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        theme = self._dragged(data)
        assert theme is not None
        target = self._target(row, parent)
        order = placed(self.themes, theme.id, target, row)
        if target == theme.parent_id and order == [t.id for t in self.below.get(target, [])]:
            return False  # dropped where it was
        self.move_wanted.emit(theme.id, target, order)
        return True


def chip_colour(colour: str) -> QColor:
    """A theme's colour as its chip is drawn: kept visible on the panel's background (dark or light)."""
    app = QApplication.instance()
    background = app.palette().base().color() if isinstance(app, QApplication) else QColor("#ffffff")
    return legible(QColor(colour), background)


class ThemeTree(QTreeView):
    """The tree view: Esc clears the filter, Enter lists the current theme's passages, and the digits tag the
    reader's selection as they do everywhere (not a jump to a theme whose name starts with "1")."""

    escape = Signal()
    enter = Signal()
    digit = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
        elif text and text in "123456789" and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.digit.emit(int(text))
        else:
            super().keyPressEvent(event)


class ThemesPanel(QWidget):
    """The codebook: a tree with counts. Signals carry theme ids; the window's codebook acts on them."""

    chosen = Signal(int)  # a click: filter the margin and the search to this theme
    listed = Signal(int)  # a double-click or Enter: list its passages
    menu_wanted = Signal(int, QPoint)  # a right-click on a theme, at a global position
    cleared = Signal()  # Esc: no filter
    digit = Signal(int)  # a digit key: the theme on that digit, toggled on the reader's selection

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Themes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = ThemeTreeModel()
        self.tree = ThemeTree()
        self.tree.setAccessibleName("Themes")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setExpandsOnDoubleClick(False)  # a double-click lists the passages; the arrow folds
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree)
        self.tree.clicked.connect(self._clicked)
        self.tree.doubleClicked.connect(self._listed)
        self.tree.enter.connect(lambda: self._listed(self.tree.currentIndex()))
        self.tree.escape.connect(self.cleared.emit)
        self.tree.digit.connect(self.digit.emit)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.folded: set[int] = set()  # themes the analyst folded: kept folded when the codebook changes
        self.tree.collapsed.connect(lambda index: self._fold(index, True))
        self.tree.expanded.connect(lambda index: self._fold(index, False))

    def set_themes(self, themes: list[Theme]) -> None:
        current = self.current_theme()
        self.model.set_themes(themes)
        self.tree.blockSignals(True)
        self.tree.expandAll()
        for theme_id in self.folded:
            self.tree.collapse(self.model.index_of(theme_id))
        self.tree.blockSignals(False)
        if current is not None and current in self.model.by_id:
            self.tree.setCurrentIndex(self.model.index_of(current))

    def current_theme(self) -> int | None:
        theme = self.model.theme_at(self.tree.currentIndex())
        return theme.id if theme is not None else None

    def _fold(self, index: QModelIndex, folded: bool) -> None:
        theme = self.model.theme_at(index)
        if theme is not None:
            (self.folded.add if folded else self.folded.discard)(theme.id)

    def _clicked(self, index: QModelIndex) -> None:
        theme = self.model.theme_at(index)
        if theme is not None:
            self.chosen.emit(theme.id)

    def _listed(self, index: QModelIndex) -> None:
        theme = self.model.theme_at(index)
        if theme is not None:
            self.listed.emit(theme.id)

    def _menu(self, pos: QPoint) -> None:
        theme = self.model.theme_at(self.tree.indexAt(pos))
        if theme is not None:
            self.menu_wanted.emit(theme.id, self.tree.viewport().mapToGlobal(pos))


class CountRunner(QObject):
    """Counts passages per theme on a worker thread with its own read-only connection; `counted` carries
    (request number, the document's counts, the corpus's counts). Asks made while one is counted collapse
    into the latest."""

    counted = Signal(int, object, object)
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.number = 0
        self._requests: queue.Queue[tuple[int, str | None] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="marginalia-theme-counts", daemon=True)
        self._thread.start()

    def ask(self, doc: str | None) -> int:
        self.number += 1
        self._requests.put((self.number, doc))
        return self.number

    def stop(self) -> None:
        self._requests.put(None)
        self._thread.join(5)

    def _run(self) -> None:
        db = connect_reader(self.path)
        conn = db.conn
        try:
            while True:
                request = self._requests.get()
                if request is None:
                    return
                number, doc = request
                if number != self.number:  # asked again since: only the latest is answered
                    continue
                try:
                    here = passage_counts(db, doc) if doc is not None else {}
                    corpus = passage_counts(db)
                except sqlite3.Error as error:
                    self.failed.emit(f"counting the themes' passages failed: {error}")
                    continue
                self.counted.emit(number, here, corpus)
        finally:
            conn.close()


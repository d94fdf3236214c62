"""The codebook's dialogs: the theme palette (Ctrl+T), the theme manager, and the questions before a merge or a
deletion of a theme."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.core.annotations import Theme
from gui.core.themes import display_name, new_colour
from gui.store import Store, StoreError
from gui.ui.coding.commands import RemoveThemeCommand, ThemeRemoval
from gui.ui.widgets.panels import ID_ROLE, mnemonic_safe, plain_label, swatch


class ThemePalette(QDialog):
    """Type to filter, Enter to apply: every theme, not only the first nine."""

    def __init__(self, themes: list[Theme], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Apply theme")
        self.themes = themes
        self.chosen: int | None = None
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter themes…")
        self.filter.setAccessibleName("Theme filter")
        self.list = QListWidget()
        self.list.setAccessibleName("Themes")
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._fill)
        self.filter.returnPressed.connect(self._accept_current)
        self.list.itemActivated.connect(lambda _item: self._accept_current())
        self._fill("")
        self.resize(420, 440)

    def _fill(self, text: str) -> None:
        self.list.clear()
        needle = text.casefold()
        for t in self.themes:
            if needle in t.name.casefold() or needle in t.key.casefold():
                item = QListWidgetItem(swatch(t.color), f"{t.name}   [{t.key}]" + (f"   {t.digit}" if t.digit else ""))
                item.setData(ID_ROLE, t.id)
                self.list.addItem(item)
        self.list.setCurrentRow(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.list.keyPressEvent(event)
        else:
            super().keyPressEvent(event)

    def _accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = int(item.data(ID_ROLE))
            self.accept()


class ThemeManager(QDialog):
    """Add, rename, recolour, reorder, set key and digit, merge and delete themes."""

    def __init__(self, store: Store, edit: Callable[[int, dict[str, object]], None],
                 changed: Callable[[], None], parent: QWidget | None = None,
                 add: Callable[[str, str, int | None], bool] | None = None,
                 remove: Callable[[ThemeRemoval], None] | None = None) -> None:
        """`edit` applies an undoable change, `add(name, colour, parent)` an undoable new theme, `remove` an
        undoable merge or deletion (without them, the change is written directly); `changed()` is told of every
        change."""
        super().__init__(parent)
        self.setWindowTitle("Manage themes")
        self.store, self.edit, self.changed, self.add_undoably = store, edit, changed, add
        self.remove = remove or self._remove_now
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName("Themes")
        self.table.setHorizontalHeaderLabels(["Name", "Key", "Digit", "Sub-theme of", "Colour", "Annotations"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._cell_edited)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        buttons_spec: list[tuple[str, Callable[[], None]]] = [
            ("Add…", self.add), ("Add Sub-theme…", self.add_subtheme), ("Colour…", self.recolour),
            ("Up", lambda: self.move_theme(-1)),
            ("Down", lambda: self.move_theme(1)), ("Merge into…", self.merge), ("Delete…", self.delete),
        ]
        for label, handler in buttons_spec:
            button = QPushButton(label)
            button.clicked.connect(handler)
            row.addWidget(button)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.reload()

    def reload(self) -> None:
        self.themes = self.store.themes()
        counts = dict(self.store.db.execute("SELECT theme_id, COUNT(*) FROM annotations GROUP BY theme_id").fetchall())
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.themes))
        for r, t in enumerate(self.themes):  # in tree order: a theme, then its sub-themes
            parent = display_name(self.themes, t.parent_id) if t.parent_id is not None else ""
            cells = [t.name, t.key, str(t.digit or ""), parent, t.color, str(counts.get(t.id, 0))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 3:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 0 and t.parent_id is not None:
                    item.setToolTip(display_name(self.themes, t.id))
                if c == 4:
                    item.setIcon(swatch(t.color))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)

    def selected(self) -> Theme | None:
        row = self.table.currentRow()
        return self.themes[row] if 0 <= row < len(self.themes) else None

    def _guard(self, action: Callable[[], object]) -> None:
        try:
            action()
        except StoreError as error:
            QMessageBox.warning(self, "Themes", str(error))
        self.reload()
        self.changed()

    def _remove_now(self, removal: ThemeRemoval) -> None:
        """Without an undo history to push on: the merge or deletion written at once."""
        RemoveThemeCommand(self.store, removal, self.reload)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        theme = self.themes[item.row()]
        column = ("name", "key", "digit")[item.column()]
        text = item.text().strip()
        value: object = text
        if column == "digit":
            value = int(text) if text.isdigit() and 1 <= int(text) <= 9 else None
        self._guard(lambda: self.edit(theme.id, {column: value}))

    def add(self) -> None:
        name, ok = QInputDialog.getText(self, "New theme", "Name of the new theme:")
        if ok and name.strip():
            self._new(name.strip(), new_colour(len(self.themes)), None)

    def _new(self, name: str, colour: str, parent: int | None) -> None:
        add = self.add_undoably
        if add is not None:
            self._guard(lambda: add(name, colour, parent))
        else:
            self._guard(lambda: self.store.add_theme(name, color=colour, parent=parent))
        row = next((r for r, t in enumerate(self.themes) if t.name.casefold() == name.casefold()), None)
        if row is not None:  # the new theme selected and scrolled into view, not left below the fold
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))

    def add_subtheme(self) -> None:
        """A new theme under the selected one (nested deeper, or moved, by a drag in the Themes panel)."""
        parent = self.selected()
        if parent is None:
            return
        name, ok = QInputDialog.getText(self, "New sub-theme", mnemonic_safe(f"Name of the new sub-theme of "
                                                                             f"“{parent.name}”:"))
        if ok and name.strip():
            self._new(name.strip(), QColor(parent.color).lighter(125).name(), parent.id)

    def recolour(self) -> None:
        theme = self.selected()
        if theme is None:
            return
        colour = QColorDialog.getColor(QColor(theme.color), self, f"Colour of {theme.name}")
        if colour.isValid():
            self._guard(lambda: self.edit(theme.id, {"color": colour.name()}))

    def move_theme(self, step: int) -> None:
        """Up or Down among the theme's siblings (a sub-theme stays under its theme)."""
        theme = self.selected()
        if theme is None:
            return
        order = [t.id for t in self.themes if t.parent_id == theme.parent_id]
        at = order.index(theme.id)
        if not 0 <= at + step < len(order):
            return
        order[at], order[at + step] = order[at + step], order[at]
        self._guard(lambda: self.store.reorder_themes(order))
        self.table.selectRow(next(r for r, t in enumerate(self.themes) if t.id == theme.id))

    def merge(self) -> None:
        theme = self.selected()
        if theme is not None and (merge := ask_merge(self, self.store, theme)) is not None:
            self._guard(lambda: self.remove(merge))

    def delete(self) -> None:
        theme = self.selected()
        if theme is not None and (delete := ask_delete(self, self.store, theme)) is not None:
            self._guard(lambda: self.remove(delete))


def ask_merge(parent: QWidget, store: Store, theme: Theme) -> ThemeRemoval | None:
    """Ask which theme `theme` is merged into; the merge to make, or None when the analyst cancelled."""
    themes = store.themes()
    others = [t for t in themes if t.id != theme.id]
    names = [display_name(themes, t.id) for t in others]
    target, ok = QInputDialog.getItem(
        parent, "Merge theme", mnemonic_safe(f"Merge “{theme.name}” into the theme chosen below? Its annotations "
                                             f"(and sub-themes) move there. {UNDOABLE}"), names, 0, False)
    if not ok or target not in names:
        return None
    return ThemeRemoval(theme.id, into=others[names.index(target)].id)


def ask_delete(parent: QWidget, store: Store, theme: Theme) -> ThemeRemoval | None:
    """Ask whether to delete `theme` and what becomes of its annotations; the deletion to make, or None."""
    count = store.db.table("annotations").count_where("theme_id = ?", [theme.id])
    below = " Its sub-themes move up a level." if store.subthemes(theme.id) else ""
    if count == 0:
        box = QMessageBox(QMessageBox.Icon.Question, "Delete theme", f"Delete the theme “{theme.name}”? It has "
                          f"no annotations.{below} {UNDOABLE}",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a theme name is text, never markup
        if box.exec() == QMessageBox.StandardButton.Yes:
            return ThemeRemoval(theme.id)
        return None
    themes = store.themes()
    others = [t for t in themes if t.id != theme.id]
    choices = [f"Move them to “{display_name(themes, o.id)}”" for o in others] + [f"Delete the {count} annotations"]
    choice, ok = QInputDialog.getItem(parent, "Delete theme", mnemonic_safe(
        f"“{theme.name}” has {count} annotations. What should happen to them?{below} {UNDOABLE}"),
        choices, 0, False)
    if not ok or choice not in choices:
        return None
    if choice.startswith("Delete the"):
        return ThemeRemoval(theme.id, delete_annotations=True)
    return ThemeRemoval(theme.id, into=others[choices.index(choice)].id)


UNDOABLE = "Edit ▸ Undo (Ctrl+Z) puts it back."


__all__ = ["ThemeManager", "ThemePalette", "ask_delete", "ask_merge", "plain_label", "swatch"]

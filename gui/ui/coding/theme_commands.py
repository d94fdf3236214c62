"""Undoable changes to the codebook's shape: a new theme or sub-theme, a theme moved among its siblings, under
another theme, or to the top level (the Themes panel's drag and drop, its "Move to top level"). Like every
command in `commands.py`, it has been applied when it is pushed."""

from __future__ import annotations

from collections.abc import Sequence

from gui.core.annotations import Theme
from gui.store import Store
from gui.ui.coding.commands import Refresh, StoreCommand


def siblings(themes: Sequence[Theme], parent_id: int | None) -> list[int]:
    """The ids of `parent_id`'s sub-themes (None: the top-level themes), in order (`themes` in tree order)."""
    return [t.id for t in themes if t.parent_id == parent_id]


def placed(themes: Sequence[Theme], theme_id: int, parent_id: int | None, row: int) -> list[int]:
    """The sibling order after putting `theme_id` at `row` among `parent_id`'s sub-themes, where `row` counts
    the rows as they are before the move (a view's drop indicator); -1 or past the end: last."""
    theme = next(t for t in themes if t.id == theme_id)
    before = siblings(themes, parent_id)
    if theme.parent_id == parent_id and row >= 0 and theme_id in before[:row]:
        row -= 1  # the theme leaves a row above the place it is dropped at
    order = [i for i in before if i != theme_id]
    order.insert(row if 0 <= row <= len(order) else len(order), theme_id)
    return order


class AddThemeCommand(StoreCommand):
    """A new theme (under `parent` for a sub-theme). Undo removes it — it has no annotations then, since every
    tag made with it since is undone first — and redo puts it back with the same id."""

    def __init__(self, store: Store, name: str, color: str, refresh: Refresh, parent: int | None = None) -> None:
        self.store, self.refresh = store, refresh
        self.theme = store.add_theme(name, color=color, parent=parent)  # refused (a name taken): never pushed
        where = f" under {store.theme(parent).name}" if parent is not None else ""
        super().__init__(f"New theme {self.theme.name}{where}")
        self._first = True

    def _redo(self) -> None:
        if not self._first:
            self.store.restore_theme(self.theme)
        self._first = False
        self.refresh()

    def _undo(self) -> None:
        self.theme = self.store.theme(self.theme.id)  # as it is now (renamed, recoloured since: kept so)
        self.store.delete_theme(self.theme.id)  # a theme another process tagged with meanwhile: refused, said
        self.refresh()


class MoveThemeCommand(StoreCommand):
    """Move a theme under `parent_id` (None: the top level), its new siblings then in `order`."""

    def __init__(self, store: Store, theme_id: int, parent_id: int | None, order: Sequence[int],
                 refresh: Refresh) -> None:
        themes = store.themes()
        theme = store.theme(theme_id)
        self.store, self.refresh, self.theme_id = store, refresh, theme_id
        self.old_parent, self.new_parent = theme.parent_id, parent_id
        self.old_order = siblings(themes, theme.parent_id)  # where it was, among whom
        self.new_before = [i for i in siblings(themes, parent_id) if i != theme_id]  # its new siblings, as they were
        self.new_order = list(order)
        names = {t.id: t.name for t in themes}
        if parent_id == theme.parent_id:
            text = f"Reorder theme {theme.name}"
        elif parent_id is None:
            text = f"Move theme {theme.name} to the top level"
        else:
            text = f"Move theme {theme.name} under {names.get(parent_id, parent_id)}"
        super().__init__(text)
        self._apply()  # a move the store refuses (under its own sub-theme) raises here: never pushed
        self._first = True

    def _apply(self) -> None:
        if self.new_parent != self.old_parent:
            self.store.update_theme(self.theme_id, parent=self.new_parent)
        self.store.reorder_themes(self.new_order)

    def _redo(self) -> None:
        if not self._first:
            self._apply()
        self._first = False
        self.refresh()

    def _undo(self) -> None:
        if self.new_parent != self.old_parent:
            self.store.update_theme(self.theme_id, parent=self.old_parent)
            if self.new_before:
                self.store.reorder_themes(self.new_before)
        self.store.reorder_themes(self.old_order)
        self.refresh()

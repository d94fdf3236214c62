"""Every undoable edit of the window, in one place. Each command has already been applied when it is pushed (a
store write that is refused raises in its constructor and never lands on the stack); redo and undo replay it
through the store. The stack is an `UndoHistory`: it shows a refused replay as a message, and after every step
it says which documents the step changed, so that the window can show an undo made in a document that is not on
screen (see `MainWindow.command_done`).

Merging and deleting themes are undoable too (`RemoveThemeCommand`): nothing clears the history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gui.core.annotations import Annotation, Theme
from gui.core.errors import MarginaliaError
from gui.store import RemovedDocument, Store

Refresh = Callable[[], None]


class UndoHistory(QUndoStack):
    """The window's undo stack, which hears from its commands: `failed(message)` when the store refuses a
    replay, `done(command, undone)` after every apply, redo and undo."""

    failed = Signal(str)
    done = Signal(object, bool)  # the StoreCommand, whether it was undone

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def push(self, cmd: QUndoCommand) -> None:
        if isinstance(cmd, StoreCommand):
            cmd.history = self
        super().push(cmd)


class StoreCommand(QUndoCommand):
    """An undoable edit of the store, made when the command is built (the subclass's constructor) and replayed
    by `_redo`/`_undo`. Its replay can be refused by the store (the document was re-imported by another window
    meanwhile, the disk is full): the refusal is shown to the analyst, the step leaves the stack, and nothing
    half-happens (each store write is one transaction).

    `docs` are the documents the step changes and `eid` the block it is about (for a step in one document):
    what the window shows when an undo happens in a document that is not on screen."""

    opens_its_document = True  # an undo or redo of it in a document not on screen opens that document

    def __init__(self, text: str = "", docs: Sequence[str] = (), eid: str | None = None) -> None:
        super().__init__(text)
        self.history: UndoHistory | None = None
        self.docs = frozenset(docs)
        self.eid = eid
        self.refresh: Refresh | None = None  # what shows the change on screen (the subclass sets it)
        self._applied = True  # made by the constructor: the push's first redo() only shows it
        self.replayed = False  # True from the first undo on: an undo or redo, not the edit itself

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            self._after(undone=False)
            return
        self._guard(self._redo, undone=False)

    def undo(self) -> None:
        self._guard(self._undo, undone=True)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _guard(self, step: Callable[[], None], undone: bool) -> None:
        self.replayed = True
        try:
            step()
        except MarginaliaError as error:
            self.setObsolete(True)  # the stack drops it: undoing it again would meet the same refusal
            if self.history is not None:
                self.history.failed.emit(f"{self.text()}: {error}")
            return
        self._after(undone)

    def _show(self, undone: bool) -> None:
        """After the store write: what is on screen, again."""
        if self.refresh is not None:
            self.refresh()

    def _after(self, undone: bool) -> None:
        self._show(undone)
        if self.history is not None:
            self.history.done.emit(self, undone)


class ToggleThemeCommand(StoreCommand):
    """Tag blocks with a theme, or remove it when every selected block already has it from this coder.
    One undo step."""

    def __init__(self, store: Store, doc_id: str, eids: list[str], theme_id: int, theme_name: str,
                 refresh: Refresh, coder: str, span: tuple[int, int] | None = None, where: str = "") -> None:
        """`coder` is whose annotation is toggled (a colleague's coding of the same block is theirs: never
        toggled off here); `where` names the blocks for the Undo menu and status bar ("para. 5 (a)")."""
        super().__init__()
        self.store, self.refresh = store, refresh
        existing = [a for e in eids for a in store.annotations(doc=doc_id, eid=e, theme=theme_id, coder=coder)
                    if a.span == span]
        tagged_eids = {a.eid for a in existing}
        self.removing = all(e in tagged_eids for e in eids)
        if self.removing:
            self.removed: list[Annotation] = store.delete_annotations([a.id for a in existing])
            self.added: list[Annotation] = []
        else:
            todo = [e for e in eids if e not in tagged_eids]
            ids = store.tag(doc_id, todo, theme_id, span=span, coder=coder).annotation_ids
            self.added = [store.annotation(i) for i in ids]
            self.removed = []
        where = where or (f"{len(eids)} blocks" if len(eids) > 1 else eids[0])
        self.setText(f"{'Remove' if self.removing else 'Tag'} {theme_name} {'from' if self.removing else 'on'} "
                     f"{where}")
        self.docs, self.eid = frozenset([doc_id]), eids[0]

    def _redo(self) -> None:
        if self.removing:
            self.store.delete_annotations([a.id for a in self.removed])
        else:
            self.store.restore_annotations(self.added)

    def _undo(self) -> None:
        if self.removing:
            self.store.restore_annotations(self.removed)
        else:
            self.store.delete_annotations([a.id for a in self.added])


class NoteCommand(StoreCommand):
    def __init__(self, store: Store, ann_id: str, new: str, refresh: Refresh) -> None:
        annotation = store.annotation(ann_id)
        super().__init__("Edit note", [annotation.doc_id], annotation.eid)
        self.store, self.ann_id, self.refresh = store, ann_id, refresh
        self.old = annotation.note
        self.new = new
        store.set_note(ann_id, new)

    def _redo(self) -> None:
        self.store.set_note(self.ann_id, self.new)

    def _undo(self) -> None:
        self.store.set_note(self.ann_id, self.old)


class ThemeEditCommand(StoreCommand):
    """Rename, recolour, re-key or re-digit a theme."""

    def __init__(self, store: Store, theme_id: int, changes: dict[str, Any], refresh: Refresh) -> None:
        super().__init__("Edit theme")
        theme = store.theme(theme_id)
        self.store, self.theme_id, self.refresh = store, theme_id, refresh
        self.old = {k: getattr(theme, k) for k in changes}
        self.new = dict(changes)
        digit = changes.get("digit")  # a digit moves from its old owner: undo gives it back
        self.digit_owner = next((t.id for t in store.themes() if digit is not None and t.digit == digit
                                 and t.id != theme_id), None)
        store.update_theme(theme_id, **changes)

    def _redo(self) -> None:
        self.store.update_theme(self.theme_id, **self.new)

    def _undo(self) -> None:
        self.store.update_theme(self.theme_id, **self.old)
        if self.digit_owner is not None:
            self.store.update_theme(self.digit_owner, digit=self.new["digit"])


class ReattachCommand(StoreCommand):
    def __init__(self, store: Store, ann_id: str, eid: str, refresh: Refresh) -> None:
        before = store.annotation(ann_id)
        super().__init__("Re-attach annotation", [before.doc_id], eid)
        self.store, self.refresh = store, refresh
        self.before = before
        store.reattach(ann_id, eid)
        self.after = store.annotation(ann_id)

    def _redo(self) -> None:
        self.store.restore_annotations([self.after])

    def _undo(self) -> None:
        self.store.restore_annotations([self.before])


class MergeCommand(StoreCommand):
    """A colleague's annotations merged in (already written by the merge); undo takes them out again."""

    def __init__(self, store: Store, ann_ids: list[str], source: str, refresh: Refresh) -> None:
        merged = store.annotations_by_id(ann_ids)
        super().__init__(f"Merge {len(ann_ids)} annotations from {source}", [a.doc_id for a in merged])
        self.store, self.refresh = store, refresh
        self.merged = merged

    def _redo(self) -> None:
        self.store.restore_annotations(self.merged)

    def _undo(self) -> None:
        self.store.delete_annotations([a.id for a in self.merged])


class AdoptDecisionCommand(StoreCommand):
    """Adopt one coder's decision on a block as the consensus: the consensus coder's annotations there are made
    to match theirs — on every theme, or on one theme and its sub-themes (`themes`, the theme's family). The
    consensus's annotations the coder lacks go; the coder's that the consensus lacks are made (same theme, same
    words for a span tag; no note: the note is the coder's own). All in one transaction; one undo step."""

    def __init__(self, store: Store, doc_id: str, eid: str, coder: str, consensus: str, refresh: Refresh,
                 themes: frozenset[int] | None = None, text: str = "") -> None:
        super().__init__(text or f"Adopt {coder}'s decision on {eid} as {consensus}", [doc_id], eid)
        self.store, self.refresh = store, refresh

        def theirs(who: str) -> list[Annotation]:
            return [a for a in store.annotations(doc=doc_id, eid=eid, coder=who, status="anchored")
                    if themes is None or a.theme_id in themes]

        wanted = {(a.theme_id, a.span) for a in theirs(coder)}
        with store.transaction():  # read and written under one write lock: lands whole or not at all
            present = theirs(consensus)
            had = {(a.theme_id, a.span) for a in present}
            going = [a.id for a in present if (a.theme_id, a.span) not in wanted]
            self.removed: list[Annotation] = store.delete_annotations(going) if going else []
            ids: list[str] = []
            for theme_id, span in sorted(wanted - had, key=lambda w: (w[0], w[1] or (-1, -1))):
                ids += store.tag(doc_id, [eid], theme_id, coder=consensus, span=span).annotation_ids
        self.added: list[Annotation] = store.annotations_by_id(ids)

    @property
    def changed(self) -> bool:
        """False when the consensus already had that decision (nothing was written: not worth an undo step)."""
        return bool(self.added or self.removed)

    def _redo(self) -> None:
        with self.store.transaction():
            self.store.delete_annotations([a.id for a in self.removed])
            self.store.restore_annotations(self.added)

    def _undo(self) -> None:
        with self.store.transaction():
            self.store.delete_annotations([a.id for a in self.added])
            self.store.restore_annotations(self.removed)


# --- the codebook's shape ---------------------------------------------------------------------------------------
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
        theme = store.add_theme(name, color=color, parent=parent)  # refused (a name taken): never pushed
        where = f" under {store.theme(parent).name}" if parent is not None else ""
        super().__init__(f"New theme {theme.name}{where}")
        self.store, self.refresh, self.theme = store, refresh, theme

    def _redo(self) -> None:
        self.store.restore_theme(self.theme)

    def _undo(self) -> None:
        self.theme = self.store.theme(self.theme.id)  # as it is now (renamed, recoloured since: kept so)
        self.store.delete_theme(self.theme.id)  # a theme another process tagged with meanwhile: refused, said


class MoveThemeCommand(StoreCommand):
    """Move a theme under `parent_id` (None: the top level), its new siblings then in `order`."""

    def __init__(self, store: Store, theme_id: int, parent_id: int | None, order: Sequence[int],
                 refresh: Refresh) -> None:
        themes = store.themes()
        theme = store.theme(theme_id)
        super().__init__()
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
        self.setText(text)
        self._apply()  # a move the store refuses (under its own sub-theme) raises here: never pushed

    def _apply(self) -> None:
        if self.new_parent != self.old_parent:
            self.store.update_theme(self.theme_id, parent=self.new_parent)
        self.store.reorder_themes(self.new_order)

    def _redo(self) -> None:
        self._apply()

    def _undo(self) -> None:
        if self.new_parent != self.old_parent:
            self.store.update_theme(self.theme_id, parent=self.old_parent)
            if self.new_before:
                self.store.reorder_themes(self.new_before)
        self.store.reorder_themes(self.old_order)


@dataclass(frozen=True)
class ThemeRemoval:
    """What the analyst chose for a theme that goes: merged into `into`, or deleted — its annotations moved to
    `into`, or deleted with it when `delete_annotations` (a theme without annotations simply goes)."""

    theme_id: int
    into: int | None = None
    delete_annotations: bool = False


class RemoveThemeCommand(StoreCommand):
    """Merge a theme into another, or delete it. Undo puts back the theme (same id, key, colour, digit, place),
    its sub-themes under it in their order, and every annotation it had — those moved to the other theme and
    those a merge dropped as duplicates or a deletion deleted — as they were. Redo does it again."""

    def __init__(self, store: Store, removal: ThemeRemoval, refresh: Refresh) -> None:
        super().__init__()
        self.store, self.refresh, self.removal = store, refresh, removal
        with store.transaction():  # what is put back is read under the same lock as the change
            self.themes: list[Theme] = store.themes()  # every theme's parent and place before
            self.theme = store.theme(removal.theme_id)
            self.annotations: list[Annotation] = store.annotations(theme=self.theme.id)
            self._apply()
        self.docs = frozenset(a.doc_id for a in self.annotations)
        into = store.theme(removal.into).name if removal.into is not None else ""
        self.setText(f"Merge {self.theme.name} into {into}" if into else f"Delete theme {self.theme.name}")

    def _apply(self) -> None:
        removal = self.removal
        if removal.into is not None:
            self.store.merge_themes(removal.theme_id, removal.into)
        else:
            self.store.delete_theme(removal.theme_id, delete_annotations=removal.delete_annotations)

    def _redo(self) -> None:
        with self.store.transaction():
            self._apply()

    def _undo(self) -> None:
        with self.store.transaction():
            self.store.restore_theme(self.theme)
            for child in (t for t in self.themes if t.parent_id == self.theme.id):
                self.store.update_theme(child.id, parent=self.theme.id)
            for parent in {self.theme.id, self.theme.parent_id, self._parent_of(self.removal.into)}:
                self.store.reorder_themes([t.id for t in self.themes if t.parent_id == parent])
            self.store.restore_annotations(self.annotations)

    def _parent_of(self, theme_id: int | None) -> int | None:
        """The theme that the sub-themes were handed to (`into`, or the removed theme's parent)."""
        return theme_id if theme_id is not None else self.theme.parent_id


# --- the library --------------------------------------------------------------------------------------------
class RemoveDocumentCommand(StoreCommand):
    """Remove a document (its annotations with it, or kept as orphans); undo puts everything back."""

    def __init__(self, store: Store, doc_id: str, keep: bool, after: Callable[[str, bool], None]) -> None:
        """`after(doc_id, present)` refreshes the window once the document has gone or come back."""
        super().__init__(docs=[doc_id])
        self.store, self.doc_id, self.keep, self.after = store, doc_id, keep, after
        self.removed: RemovedDocument = store.remove_document(doc_id, keep_annotations=keep)
        count = self.removed.annotations
        fate = ("" if not count else f" (its {count} annotation{'s' if count != 1 else ''} kept as orphans)"
                if keep else f" and its {count} annotation{'s' if count != 1 else ''}")
        self.setText(f"Remove {self.removed.symbol}{fate}")

    def _redo(self) -> None:
        self.removed = self.store.remove_document(self.doc_id, keep_annotations=self.keep)

    def _undo(self) -> None:
        self.store.restore_document(self.removed)

    def _show(self, undone: bool) -> None:
        self.after(self.doc_id, undone)  # the library's own view of what happens to the reader

    opens_its_document = False


class RenameDocumentCommand(StoreCommand):
    """Give a document another display title."""

    def __init__(self, store: Store, doc_id: str, title: str, after: Callable[[str, bool], None]) -> None:
        super().__init__(docs=[doc_id])
        self.store, self.doc_id, self.after = store, doc_id, after
        found = store.documents(doc_id, coverage=False)
        if not found:
            raise MarginaliaError(f"no document {doc_id!r} in the library")
        self.old = found[0].title or ""
        store.rename_document(doc_id, title)
        self.new = store.documents(doc_id, coverage=False)[0].title or ""
        self.setText(f"Rename {found[0].symbol or doc_id} “{self.new}”")

    def _redo(self) -> None:
        self.store.rename_document(self.doc_id, self.new)

    def _undo(self) -> None:
        self.store.rename_document(self.doc_id, self.old or self.doc_id)

    def _show(self, undone: bool) -> None:
        self.after(self.doc_id, True)

    opens_its_document = False

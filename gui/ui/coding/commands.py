"""Undoable edits. Each command has already been applied when it is pushed (so a failing store write
is reported and never lands on the stack); redo/undo replay it through the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from gui.core.annotations import Annotation
from gui.core.errors import MarginaliaError
from gui.store import Store

Refresh = Callable[[], None]


class StoreCommand(QUndoCommand):
    """An undoable edit whose replay can be refused by the store (the document was re-imported by another
    window meanwhile, the disk is full): the refusal is shown to the analyst, the step leaves the stack, and
    nothing half-happens (each store write is one transaction)."""

    on_error: Callable[[str], None] | None = None  # the window shows the message

    def redo(self) -> None:
        self._guard(self._redo)

    def undo(self) -> None:
        self._guard(self._undo)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError

    def _guard(self, step: Callable[[], None]) -> None:
        try:
            step()
        except MarginaliaError as error:
            self.setObsolete(True)  # the stack drops it: undoing it again would meet the same refusal
            if StoreCommand.on_error is not None:
                StoreCommand.on_error(f"{self.text()}: {error}")


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
        self._first = True

    def _redo(self) -> None:
        if self._first:
            self._first = False
        elif self.removing:
            self.store.delete_annotations([a.id for a in self.removed])
        else:
            self.store.restore_annotations(self.added)
        self.refresh()

    def _undo(self) -> None:
        if self.removing:
            self.store.restore_annotations(self.removed)
        else:
            self.store.delete_annotations([a.id for a in self.added])
        self.refresh()


class NoteCommand(StoreCommand):
    def __init__(self, store: Store, ann_id: str, new: str, refresh: Refresh) -> None:
        super().__init__("Edit note")
        self.store, self.ann_id, self.refresh = store, ann_id, refresh
        self.old = store.annotation(ann_id).note
        self.new = new
        store.set_note(ann_id, new)
        self._first = True

    def _redo(self) -> None:
        if not self._first:
            self.store.set_note(self.ann_id, self.new)
        self._first = False
        self.refresh()

    def _undo(self) -> None:
        self.store.set_note(self.ann_id, self.old)
        self.refresh()


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
        self._first = True

    def _redo(self) -> None:
        if not self._first:
            self.store.update_theme(self.theme_id, **self.new)
        self._first = False
        self.refresh()

    def _undo(self) -> None:
        self.store.update_theme(self.theme_id, **self.old)
        if self.digit_owner is not None:
            self.store.update_theme(self.digit_owner, digit=self.new["digit"])
        self.refresh()


class ReattachCommand(StoreCommand):
    def __init__(self, store: Store, ann_id: str, eid: str, refresh: Refresh) -> None:
        super().__init__("Re-attach annotation")
        self.store, self.refresh = store, refresh
        self.before = store.annotation(ann_id)
        store.reattach(ann_id, eid)
        self.after = store.annotation(ann_id)
        self._first = True

    def _redo(self) -> None:
        if not self._first:
            self.store.restore_annotations([self.after])
        self._first = False
        self.refresh()

    def _undo(self) -> None:
        self.store.restore_annotations([self.before])
        self.refresh()


class MergeCommand(StoreCommand):
    """A colleague's annotations merged in (already written by the merge); undo takes them out again."""

    def __init__(self, store: Store, ann_ids: list[str], source: str, refresh: Refresh) -> None:
        super().__init__(f"Merge {len(ann_ids)} annotations from {source}")
        self.store, self.refresh = store, refresh
        self.merged = store.annotations_by_id(ann_ids)
        self._first = True

    def _redo(self) -> None:
        if not self._first:
            self.store.restore_annotations(self.merged)
        self._first = False
        self.refresh()

    def _undo(self) -> None:
        self.store.delete_annotations([a.id for a in self.merged])
        self.refresh()


class AdoptDecisionCommand(StoreCommand):
    """Adopt one coder's decision on a block as the consensus: the consensus coder's annotations there are made
    to match theirs — on every theme, or on one theme and its sub-themes (`themes`, the theme's family). The
    consensus's annotations the coder lacks go; the coder's that the consensus lacks are made (same theme, same
    words for a span tag; no note: the note is the coder's own). All in one transaction; one undo step."""

    def __init__(self, store: Store, doc_id: str, eid: str, coder: str, consensus: str, refresh: Refresh,
                 themes: frozenset[int] | None = None, text: str = "") -> None:
        super().__init__(text or f"Adopt {coder}'s decision on {eid} as {consensus}")
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
        self._first = True

    @property
    def changed(self) -> bool:
        """False when the consensus already had that decision (nothing was written: not worth an undo step)."""
        return bool(self.added or self.removed)

    def _redo(self) -> None:
        if self._first:
            self._first = False
        else:
            with self.store.transaction():
                self.store.delete_annotations([a.id for a in self.removed])
                self.store.restore_annotations(self.added)
        self.refresh()

    def _undo(self) -> None:
        with self.store.transaction():
            self.store.delete_annotations([a.id for a in self.added])
            self.store.restore_annotations(self.removed)
        self.refresh()

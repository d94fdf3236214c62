"""Undoable memo edits: a theme's definition, rules and examples, a document's memo, a passage's memo. Like
every command in `commands.py`, each has been applied when it is pushed (a refused write is never pushed)."""

from __future__ import annotations

from gui.store import Memo, Store
from gui.ui.coding.commands import Refresh, StoreCommand

PARTS = {"definition": "definition", "inclusion": "inclusion rule", "exclusion": "exclusion rule",
         "example": "example", "memo": "memo"}


class MemoCommand(StoreCommand):
    """Write (or, with an empty text, remove) one memo. Undo puts back the memo as it was, or removes the new
    one; redo writes the same text again."""

    def __init__(self, store: Store, text: str, refresh: Refresh, *, theme: int | None = None,
                 doc: str | None = None, eid: str | None = None, field: str = "memo", where: str = "") -> None:
        before: Memo | None = store.memo_at(theme=theme, doc=doc, eid=eid, field=field)
        after = store.set_memo(text, theme=theme, doc=doc, eid=eid, field=field)  # refused: never pushed
        verb = "Remove" if after is None else "Edit" if before is not None else "Write"
        super().__init__(f"{verb} {PARTS.get(field, field)}" + (f" of {where}" if where else ""),
                         docs=(doc,) if doc else (), eid=eid)
        self.store, self.refresh = store, refresh
        self.target = {"theme": theme, "doc": doc, "eid": eid, "field": field}
        self.before, self.after = before, after

    def _redo(self) -> None:
        if self.after is None:
            if self.before is not None:
                self.store.delete_memo(self.before.id)
        else:
            self.store.restore_memo(self.after)

    def _undo(self) -> None:
        if self.before is not None:
            self.store.restore_memo(self.before)
        elif self.after is not None:
            self.store.delete_memo(self.after.id)


class RemoveMemoCommand(StoreCommand):
    """Remove one memo (an anchor example, say); undo puts it back with its id, text and times."""

    def __init__(self, store: Store, memo_id: str, refresh: Refresh) -> None:
        memo = store.delete_memo(memo_id)
        super().__init__(f"Remove {PARTS.get(memo.field, memo.field)}", docs=(memo.doc_id,) if memo.doc_id else (),
                         eid=memo.eid)
        self.store, self.refresh, self.memo = store, refresh, memo

    def _redo(self) -> None:
        self.store.delete_memo(self.memo.id)

    def _undo(self) -> None:
        self.store.restore_memo(self.memo)

"""Memos: what an analyst writes beyond a note on one annotation (MAXQDA's code memo, NVivo's memos).

- A theme's memo: its **definition** (the theme's description: one text, shown and exported wherever the
  description was), when to use it (**inclusion**), when not (**exclusion**) and **anchor examples**, each
  example a text optionally linked to a passage (document, block).
- A document's memo: one text per document.
- A free memo linked to a passage (document, block): one per passage.

A memo linked to a passage keeps the passage's words (`quote`), so that a memo whose paragraph is gone still
says what it was about. A re-import finds each memo's passage again as it finds the annotations'
(`memo_anchors`): the memo moves with its text, or becomes an orphan (`status`), shown as such — never a
passenger on the paragraph that now has its old number. Every write is one transaction.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from gui.core.annotations import Theme
from gui.store.base import StoreBase
from gui.store.changes import Changes
from gui.store.errors import StoreError
from gui.store.memo_anchors import cut_quote

FIELDS = ("definition", "inclusion", "exclusion", "example", "memo")
"""What a memo is: a theme's definition, inclusion or exclusion rule or anchor example; or a memo (on a
document or a passage)."""
THEME_FIELDS = ("definition", "inclusion", "exclusion", "example")
MAX_MEMO = 100_000
"""Characters of one memo (a long memo is a few pages; a pasted book is refused in one line)."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def now() -> str:
    """A memo's time, as the themes and annotations write theirs (themebook.now: not imported, which would
    make the two modules import each other)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def clean_text(text: str) -> str:
    """A memo as stored: line breaks and tabs kept, other control characters (a terminal's ESC, a page
    break) made spaces, trailing space trimmed."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


@dataclass(frozen=True, slots=True)
class Memo:
    """One memo; `theme_id` for a theme's, `doc_id` (and `eid`) for a document's or a passage's."""

    id: str
    field: str
    text: str
    theme_id: int | None = None
    doc_id: str | None = None
    eid: str | None = None
    quote: str = ""
    coder: str = ""
    created: str = ""
    modified: str = ""
    passage_gone: bool = False  # linked to a paragraph this database no longer has (an orphan)
    anchor: str | None = None  # an orphan's anchor (JSON), what finds its passage again on a re-import

    def target(self) -> str:
        """What the memo is about, in words ("theme 12", "S-2017-130 para_5", "S-2017-130")."""
        if self.theme_id is not None:
            return f"theme {self.theme_id}"
        return f"{self.doc_id} {self.eid}" if self.eid else str(self.doc_id)


def _memo_from_row(row: dict[str, Any]) -> Memo:
    return Memo(id=row["id"], field=row["field"], text=row["text"], theme_id=row["theme_id"], doc_id=row["doc_id"],
                eid=row["eid"], quote=row["quote"], coder=row["coder"], created=row["created"],
                modified=row["modified"], passage_gone=bool(row.get("gone")), anchor=row.get("anchor"))


def create_memos_table(db: sqlite_utils.Database) -> None:
    """The memos table and its search index (used by the migration)."""
    db.execute("""
        CREATE TABLE memos (
            id TEXT PRIMARY KEY,
            field TEXT NOT NULL CHECK (field IN ('definition', 'inclusion', 'exclusion', 'example', 'memo')),
            text TEXT NOT NULL, theme_id INTEGER REFERENCES themes(id) ON DELETE CASCADE,
            doc_id TEXT, eid TEXT, quote TEXT NOT NULL DEFAULT '', coder TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL, modified TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX memos_theme ON memos(theme_id)")
    db.execute("CREATE INDEX memos_passage ON memos(doc_id, eid)")
    db.table("memos").enable_fts(["text"], create_triggers=True, tokenize="porter unicode61 remove_diacritics 2")


_SELECT = """SELECT m.*, (m.eid IS NOT NULL AND (m.status = 'orphan' OR NOT EXISTS (SELECT 1 FROM blocks b
    WHERE b.doc_id = m.doc_id AND b.eid = m.eid))) AS gone FROM memos m"""
_PLACED = "(m.eid IS NULL OR m.status = 'anchored')"
"""A memo that is where it says it is: on a theme or a document, or on a passage it was not orphaned from."""


def carry_theme_memos(db: sqlite_utils.Database, source: int, target: int) -> None:
    """A theme merged into another hands it its memos: its examples join the target's, its inclusion and
    exclusion rules are added below the target's (or become them), so nothing written is lost."""
    db.execute("UPDATE memos SET theme_id = ? WHERE theme_id = ? AND field = 'example'", [target, source])
    for field in ("inclusion", "exclusion"):
        row = db.execute("SELECT id, text FROM memos WHERE theme_id = ? AND field = ?", [source, field]).fetchone()
        if row is None:
            continue
        mine = db.execute("SELECT id, text FROM memos WHERE theme_id = ? AND field = ?", [target, field]).fetchone()
        if mine is None:
            db.execute("UPDATE memos SET theme_id = ? WHERE id = ?", [target, row[0]])
        else:
            db.execute("UPDATE memos SET text = ?, modified = ? WHERE id = ?",
                       [f"{mine[1]}\n\n{row[1]}", now(), mine[0]])


class MemoBook(StoreBase):
    """Memo reads and writes of the Store."""

    def memos(self, theme: str | int | None = None, doc: str | None = None, eid: str | None = None,
              field: str | None = None) -> list[Memo]:
        """Memos, themes' first (in the codebook's order), then documents' and passages' in reading order.
        `doc` without `eid`: the document's own memo and those on its passages."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if theme is not None:
            where.append("m.theme_id = ?")
            params.append(self.theme(theme).id)
        if doc is not None:
            where.append("m.doc_id = ?")
            params.append(doc)
        if eid is not None:
            where.append("m.eid = ?")
            params.append(eid)
        if field is not None:
            where.append("m.field = ?")
            params.append(field)
        order = {f: i for i, f in enumerate(FIELDS)}
        rows = [_memo_from_row(r) for r in self.db.query(f"{_SELECT} WHERE {' AND '.join(where)}", params)]
        if theme is None and field in (None, "definition") and doc is None and eid is None:
            rows += [self._definition(t.id) for t in self.themes_with_definitions()]
        elif theme is not None and field in (None, "definition") and doc is None and eid is None:
            definition = self._definition(self.theme(theme).id)
            rows += [definition] if definition.text else []
        positions = self._reading_positions({(m.doc_id, m.eid) for m in rows if m.doc_id is not None})
        theme_order = {t.id: i for i, t in enumerate(self.themes())}
        return sorted(rows, key=lambda m: (
            m.theme_id is None, theme_order.get(m.theme_id or 0, 0), order[m.field],
            positions.get((m.doc_id, m.eid), (1e9, 1e9)), m.eid is not None, m.created, m.id))

    def memo(self, memo_id: str) -> Memo:
        if memo_id.startswith("definition:"):
            return self._definition(int(memo_id.split(":", 1)[1]))
        rows = list(self.db.query(f"{_SELECT} WHERE m.id = ?", [memo_id]))
        if not rows:
            raise StoreError(f"no memo {memo_id!r}")
        return _memo_from_row(rows[0])

    def memo_at(self, *, theme: str | int | None = None, doc: str | None = None, eid: str | None = None,
                field: str = "memo") -> Memo | None:
        """The memo that `set_memo` with these arguments would replace (None: it would write a new one)."""
        return self._singular(theme, doc, eid, field)

    def memo_text(self, *, theme: str | int | None = None, doc: str | None = None, eid: str | None = None,
                  field: str = "memo") -> str:
        """The text of a singular memo ("" if none): a theme's definition/inclusion/exclusion, a document's
        or a passage's memo."""
        found = self._singular(theme, doc, eid, field)
        return found.text if found is not None else ""

    def set_memo(self, text: str, *, theme: str | int | None = None, doc: str | None = None,
                 eid: str | None = None, field: str | None = None, coder: str | None = None) -> Memo | None:
        """Write a memo; returns it as stored (None when an empty text removed a singular memo).

        A theme's definition, inclusion and exclusion, a document's memo and a passage's memo are one text each
        (written again, it is replaced and keeps its id); each anchor example is a memo of its own, linked to a
        passage when `doc` and `eid` are given (an example for the same passage replaces that one)."""
        field = field or ("definition" if theme is not None else "memo")
        self._check_target(theme, doc, eid, field)
        text = clean_text(text)
        if len(text) > MAX_MEMO:
            raise StoreError(f"a memo can have up to {MAX_MEMO:,} characters, not {len(text):,}")
        if field == "definition":
            defined = self.theme(theme if theme is not None else "").id
            with self._write() as db:
                db.execute("UPDATE themes SET description = ? WHERE id = ?", [text, defined])
            return self._definition(defined) if text else None
        existing = self._singular(theme, doc, eid, field)
        theme_id = self.theme(theme).id if theme is not None else None
        quote = self._quote(doc, eid) if eid is not None and doc is not None else ""
        who = coder if coder is not None else self.default_coder()
        with self._write() as db:
            if existing is not None and not text:
                db.execute("DELETE FROM memos WHERE id = ?", [existing.id])
                return None
            if not text:
                if field == "example":
                    raise StoreError("an anchor example needs some text (say why the passage is one)")
                return None
            stamp = now()
            if existing is not None:
                db.execute("UPDATE memos SET text = ?, modified = ?, coder = ?, quote = ? WHERE id = ?",
                           [text, stamp, who, quote or existing.quote, existing.id])
                memo_id = existing.id
            else:
                memo_id = uuid.uuid4().hex
                db.table("memos").insert({"id": memo_id, "field": field, "text": text, "theme_id": theme_id,
                                          "doc_id": doc, "eid": eid, "quote": quote, "coder": who,
                                          "created": stamp, "modified": stamp})
        return self.memo(memo_id)

    def delete_memo(self, memo_id: str) -> Memo:
        """Remove a memo; returns it as it was (for undo). A definition is emptied."""
        memo = self.memo(memo_id)
        if memo.field == "definition":
            self.set_memo("", theme=memo.theme_id, field="definition")
            return memo
        with self._write() as db:
            db.execute("DELETE FROM memos WHERE id = ?", [memo_id])
        return memo

    def restore_memo(self, memo: Memo) -> Changes:
        """Put a memo back as it was (undo): the same id, text and times; a theme's definition is its
        description again. A memo whose theme was deleted since is refused in one line."""
        if memo.field == "definition":
            self.set_memo(memo.text, theme=memo.theme_id, field="definition")
            return Changes(themes=True)
        if memo.theme_id is not None and self.find_theme(memo.theme_id) is None:
            raise StoreError(f"cannot put the memo back: its theme (id {memo.theme_id}) was deleted")
        with self._write() as db:
            moved = not memo.passage_gone and memo.eid is not None and \
                self._quote(memo.doc_id or "", memo.eid) != memo.quote  # its document re-imported since
            db.table("memos").upsert({"id": memo.id, "field": memo.field, "text": memo.text,
                                      "theme_id": memo.theme_id, "doc_id": memo.doc_id, "eid": memo.eid,
                                      "quote": memo.quote, "coder": memo.coder, "created": memo.created,
                                      "modified": memo.modified,
                                      "status": "orphan" if memo.passage_gone or moved else "anchored",
                                      "anchor": memo.anchor}, pk="id")
            if moved and memo.doc_id is not None:
                # found again by its words, as the re-import would have done (`memo_anchors`), or an orphan
                from gui.core.anchor import Budget
                from gui.store.memo_anchors import passage_memos, reanchor_memos

                mine = [m for m in passage_memos(db, memo.doc_id) if m.id == memo.id]
                if mine and self._stored_hash(db, memo.doc_id) is not None:
                    reanchor_memos(db, self.document(memo.doc_id), mine, Budget())
        return Changes(themes=memo.theme_id is not None)

    # --- helpers ---------------------------------------------------------------------------------------
    def themes(self) -> list[Theme]:
        raise NotImplementedError  # the ThemeBook's

    def themes_with_definitions(self) -> list[Theme]:
        return [t for t in self.themes() if t.description]

    def _definition(self, theme_id: int) -> Memo:
        theme = self.theme(theme_id)
        return Memo(id=f"definition:{theme.id}", field="definition", text=theme.description, theme_id=theme.id)

    def _singular(self, theme: str | int | None, doc: str | None, eid: str | None, field: str) -> Memo | None:
        if field == "definition":
            found = self._definition(self.theme(theme if theme is not None else "").id)
            return found if found.text else None
        if theme is not None:
            clause, params = "m.theme_id = ? AND m.field = ?", [self.theme(theme).id, field]
            if field == "example":
                if eid is None:
                    return None  # a free-text example: always a new one
                clause += f" AND m.doc_id = ? AND m.eid = ? AND {_PLACED}"
                params += [doc, eid]
        else:
            clause, params = (f"m.theme_id IS NULL AND m.field = 'memo' AND m.doc_id = ? AND m.eid IS ? AND {_PLACED}",
                              [doc, eid])
        rows = list(self.db.query(f"{_SELECT} WHERE {clause} ORDER BY m.created LIMIT 1", params))
        return _memo_from_row(rows[0]) if rows else None

    def _check_target(self, theme: str | int | None, doc: str | None, eid: str | None, field: str) -> None:
        if field not in FIELDS:
            raise StoreError(f"a memo's field is one of {', '.join(FIELDS)}, not {field!r}")
        if theme is not None:
            if field not in THEME_FIELDS:
                raise StoreError(f"a theme's memo is its {', '.join(THEME_FIELDS)}, not {field!r}")
            if (doc is None) != (eid is None) or (doc is not None and field != "example"):
                raise StoreError("only an anchor example (--field example) of a theme is linked to a passage "
                                 "(a document and a block)")
            self.theme(theme)
        elif doc is None:
            raise StoreError("a memo is on a theme, a document or a passage (a document and a block)")
        elif field != "memo":
            raise StoreError(f"{field} is part of a theme's memo: name the theme")
        if doc is not None:
            row = self.db.execute("SELECT 1 FROM documents WHERE id = ? AND id NOT IN "
                                  "(SELECT doc_id FROM removed_documents)", [doc]).fetchone()
            if row is None:
                raise StoreError(f"no document {doc!r}")
            if eid is not None and self.db.execute("SELECT 1 FROM blocks WHERE doc_id = ? AND eid = ?",
                                                   [doc, eid]).fetchone() is None:
                raise StoreError(f"{doc} has no block {eid!r}")

    def _quote(self, doc: str, eid: str) -> str:
        row = self.db.execute("SELECT text FROM blocks WHERE doc_id = ? AND eid = ?", [doc, eid]).fetchone()
        return cut_quote(str(row[0]) if row else "")

    def _reading_positions(self, places: set[tuple[str | None, str | None]]) -> dict[tuple[Any, Any], tuple[Any, Any]]:
        """(document position, block position) of each place, for reading order (one query)."""
        docs = sorted({d for d, _e in places if d is not None})
        if not docs:
            return {}
        marks = ",".join("?" * len(docs))
        doc_pos = dict(self.db.execute(f"SELECT id, position FROM documents WHERE id IN ({marks})", docs).fetchall())
        block_pos = {(r[0], r[1]): r[2] for r in self.db.execute(
            f"SELECT b.doc_id, b.eid, b.position FROM memos m JOIN blocks b ON b.doc_id = m.doc_id AND b.eid = m.eid "
            f"WHERE m.doc_id IN ({marks}) AND {_PLACED}", docs).fetchall()}
        return {(d, e): (doc_pos.get(d, 1e9), -1 if e is None else block_pos.get((d, e), 1e9)) for d, e in places}

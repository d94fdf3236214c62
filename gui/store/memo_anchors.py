"""Memos linked to passages follow their text when the document changes, as annotations do.

A memo on a passage (a free memo, or a theme's anchor example) is linked to a block by its eid. When the
document is imported again with other text, the eid may now name another paragraph: the memo would be a
passenger on it. So a re-import finds each memo's passage again through the same re-anchoring as the
annotations (`core.anchor.reanchor`, by the block's words and 32 characters of context each side): kept,
moved with its text, or orphaned — its status `orphan`, its old eid kept only to say where it was, and the
anchor it is to be found by kept too, so that a later import that brings the text back places it again.
Removing a document orphans its passages' memos the same way (they are never deleted with it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from gui.core.anchor import CONTEXT, Budget, Outcome, Placement, reanchor
from gui.core.annotations import Anchor
from gui.core.model import PLAIN_SEPARATOR, Document

QUOTE_CHARS = 2000
"""Characters of a linked passage's words kept with the memo (`memos.QUOTE_CHARS`)."""


@dataclass(frozen=True, slots=True)
class PassageMemo:
    """A memo linked to a passage, with the anchor to find its passage by (None: nothing to find it by)."""

    id: str
    doc_id: str
    eid: str
    field: str
    theme_id: int | None
    anchor: Anchor | None


@dataclass(frozen=True, slots=True)
class MemoPlacement:
    """Where a re-import put a memo: kept, moved (old eid → new eid) or orphan (and why)."""

    id: str
    outcome: Outcome
    old_eid: str
    new_eid: str | None = None
    reason: str = ""


def cut_quote(text: str) -> str:
    """A passage's words as a memo keeps them (cut after QUOTE_CHARS, with "…")."""
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rstrip() + "…"


def stored_block_anchors(db: sqlite_utils.Database, doc_id: str, eids: set[str]) -> dict[str, Anchor]:
    """The anchors of whole blocks as the database holds them now: each block's text with 32 characters of
    the document's plain text (its stored blocks joined as `Document.plain_text` joins them) each side."""
    if not eids:
        return {}
    texts: list[str] = []
    at: dict[str, tuple[int, int]] = {}
    position = 0
    for eid, text in db.execute("SELECT eid, text FROM blocks WHERE doc_id = ? ORDER BY position", [doc_id]):
        if eid in eids:
            at[eid] = (position, position + len(text))
        texts.append(text)
        position += len(text) + len(PLAIN_SEPARATOR)
    plain = PLAIN_SEPARATOR.join(texts)
    return {eid: Anchor(plain[start:end], plain[max(0, start - CONTEXT):start], plain[end:end + CONTEXT], start, end)
            for eid, (start, end) in at.items()}


def _anchor_from_json(stored: str | None) -> Anchor | None:
    try:
        data = json.loads(stored) if stored else None
        return Anchor(str(data["exact"]), str(data["prefix"]), str(data["suffix"]), int(data["start"]),
                      int(data["end"])) if isinstance(data, dict) else None
    except (ValueError, KeyError, TypeError):
        return None


def _anchor_json(anchor: Anchor | None) -> str | None:
    if anchor is None:
        return None
    return json.dumps({"exact": anchor.exact, "prefix": anchor.prefix, "suffix": anchor.suffix,
                       "start": anchor.start, "end": anchor.end}, ensure_ascii=False)


def passage_memos(db: sqlite_utils.Database, doc_id: str) -> list[PassageMemo]:
    """Inside a write, before a document's blocks are replaced or removed: its memos on passages, each with
    the anchor to find its passage by — the block's words and context as stored now; for a memo already
    orphaned, the anchor kept when it was; else (a memo whose block went before anchors were kept) its
    quote alone when it is whole."""
    rows: list[dict[str, Any]] = list(db.query(
        "SELECT id, eid, field, theme_id, status, anchor, quote FROM memos WHERE doc_id = ? AND eid IS NOT NULL "
        "ORDER BY created, id", [doc_id]))
    if not rows:
        return []
    anchors = stored_block_anchors(db, doc_id, {r["eid"] for r in rows if r["status"] == "anchored"})
    out = []
    for row in rows:
        anchor = anchors.get(row["eid"]) if row["status"] == "anchored" else None
        if anchor is None:
            anchor = _anchor_from_json(row["anchor"])
        quote = row["quote"]
        if anchor is None and quote and not (quote.endswith("…") and len(quote) > QUOTE_CHARS // 2):
            anchor = Anchor(quote, "", "", 0, 0)  # no context: found again only where the words occur once
        out.append(PassageMemo(row["id"], doc_id, row["eid"], row["field"], row["theme_id"], anchor))
    return out


def orphan_memos(db: sqlite_utils.Database, memos: list[PassageMemo]) -> None:
    """Inside a write: these memos lose their passage (a document removed), keeping what finds it again."""
    db.conn.executemany("UPDATE memos SET status = 'orphan', anchor = ? WHERE id = ?",
                        [(_anchor_json(m.anchor), m.id) for m in memos])


def reanchor_memos(db: sqlite_utils.Database, document: Document, memos: list[PassageMemo],
                   budget: Budget) -> list[MemoPlacement]:
    """Inside the re-import's write, the new blocks written: each memo placed on its passage's new block, or
    orphaned. Two memos of one kind cannot share a passage (one memo per passage, one example of a theme
    per passage): the second one placed there is orphaned, saying so, rather than hidden behind the first."""
    placements: list[tuple[PassageMemo, Placement]] = []
    for memo in memos:
        placement = reanchor(document, memo.anchor, memo.eid, None, budget) if memo.anchor is not None \
            else Placement("orphan", reason="nothing was kept to find its passage by")
        placements.append((memo, placement))
    placements.sort(key=lambda p: p[1].outcome != "kept")  # a memo that stays where it was keeps its place
    batch = {m.id for m in memos}
    taken: set[tuple[str, int | None, str]] = {  # memos already placed on the document's passages
        (field, theme_id, eid) for memo_id, field, theme_id, eid in db.execute(
            "SELECT id, field, theme_id, eid FROM memos WHERE doc_id = ? AND eid IS NOT NULL AND status = 'anchored'",
            [memos[0].doc_id if memos else ""]) if memo_id not in batch}
    out: list[MemoPlacement] = []
    for memo, placement in placements:
        eid = placement.eid if placement.outcome != "orphan" else None
        if eid is not None and (memo.field, memo.theme_id, eid) in taken:
            placement = Placement("orphan", reason=f"another memo of its kind is already on {eid}")
            eid = None
        if eid is None:
            orphan_memos(db, [memo])
            out.append(MemoPlacement(memo.id, "orphan", memo.eid, None, placement.reason))
            continue
        taken.add((memo.field, memo.theme_id, eid))
        db.execute("UPDATE memos SET status = 'anchored', eid = ?, anchor = NULL, quote = ? WHERE id = ?",
                   [eid, cut_quote(document.block(eid).text), memo.id])
        out.append(MemoPlacement(memo.id, placement.outcome, memo.eid, eid))
    return out


def add_memo_anchors(db: sqlite_utils.Database) -> None:
    """The migration's work: a memo's status and the anchor an orphan is found again by; a memo whose block
    has gone already is an orphan from now on (an import that reuses its eid would otherwise carry it)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(memos)")}
    if "status" not in columns:
        db.execute("ALTER TABLE memos ADD COLUMN status TEXT NOT NULL DEFAULT 'anchored' "
                   "CHECK (status IN ('anchored', 'orphan'))")
    if "anchor" not in columns:
        db.execute("ALTER TABLE memos ADD COLUMN anchor TEXT")
    db.execute("UPDATE memos SET status = 'orphan' WHERE eid IS NOT NULL AND NOT EXISTS "
               "(SELECT 1 FROM blocks b WHERE b.doc_id = memos.doc_id AND b.eid = memos.eid)")


def memo_lines(placements: list[MemoPlacement]) -> list[str]:
    """A re-import report's lines on the memos (none when the document had no memo on a passage)."""
    if not placements:
        return []
    count = {outcome: sum(p.outcome == outcome for p in placements) for outcome in ("kept", "moved", "orphan")}
    lines = [f"  memos on passages: {count['kept']} kept, {count['moved']} moved, {count['orphan']} orphaned"]
    lines += [f"  memo moved   {p.id[:8]}  {p.old_eid} → {p.new_eid}" for p in placements if p.outcome == "moved"]
    lines += [f"  memo orphan  {p.id[:8]}  was at {p.old_eid} (kept with its text and the passage's words)"
              + (f": {p.reason}" if p.reason else "") for p in placements if p.outcome == "orphan"]
    return lines

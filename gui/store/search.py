"""Full-text search (FTS5) over block text and annotation notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
MARK_START, MARK_END = "«", "»"
CANDIDATES = 2000
"""Matches ranked together: the first page ranks the first CANDIDATES matches in index order, not all."""


def quote_query(query: str) -> str:
    """The user's words as quoted FTS5 terms ("a" "b"): operators and punctuation lose their meaning.

    A trailing `*` on a word keeps its prefix-search meaning (`peacekeep*`).
    """
    terms = []
    for word, star in re.findall(r"(\w+)(\*?)", query):
        terms.append(f'"{word}"' + ("*" if star else ""))
    return " ".join(terms)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result: where it is and a snippet with the match between « and »."""

    doc_id: str
    eid: str
    snippet: str
    source: str  # "text" (the document) or "note" (an analyst's note)
    symbol: str | None = None
    num: str | None = None
    kind: str = ""
    section: str = ""  # the heading the block sits under ("E. Protection of civilians: …"), if any

    def to_json(self) -> dict[str, Any]:
        return {"document": self.doc_id, "eid": self.eid, "snippet": self.snippet, "source": self.source,
                "symbol": self.symbol}


def _like_snippet(text: str, needle: str, width: int = 60) -> str:
    at = text.find(needle)
    start = max(0, at - width)
    end = at + len(needle)
    return ("…" if start else "") + text[start:at] + MARK_START + needle + MARK_END + text[end:end + width]


def search_blocks(db: sqlite_utils.Database, query: str, theme_id: int | None = None, doc: str | None = None,
                  limit: int = 200, offset: int = 0) -> list[SearchHit]:
    """Hits for `query` in block text (and, on the first page, in notes), the best first; `offset` pages on."""
    query = query.strip()
    if not query:
        return []
    def where(alias: str) -> tuple[str, list[Any]]:
        """Document and theme filters for a table alias that has doc_id and eid columns."""
        clauses: list[str] = []
        values: list[Any] = []
        if doc is not None:
            clauses.append(f"{alias}.doc_id = ?")
            values.append(doc)
        if theme_id is not None:
            clauses.append(f"EXISTS (SELECT 1 FROM annotations t WHERE t.doc_id = {alias}.doc_id "
                           f"AND t.eid = {alias}.eid AND t.theme_id = ? AND t.status = 'anchored')")
            values.append(theme_id)
        return "".join(f" AND {c}" for c in clauses), values

    extra, params = where("b")
    hits: list[SearchHit] = []
    if _CJK.search(query):
        # The unicode61 tokenizer keeps a run of Chinese characters as one token: search by substring.
        rows = db.query(f"""SELECT b.doc_id, b.eid, b.text, b.num, b.kind, d.symbol FROM blocks b
            JOIN documents d ON d.id = b.doc_id WHERE instr(b.text, ?) > 0{extra}
            ORDER BY d.position, b.position LIMIT ? OFFSET ?""", [query, *params, limit, offset])
        hits = [SearchHit(r["doc_id"], r["eid"], _like_snippet(r["text"], query), "text", r["symbol"], r["num"],
                          r["kind"]) for r in rows]
        if offset:
            return _with_places(db, hits)
        note_filters, note_params = where("a2")
        rows = db.query(f"""SELECT a2.doc_id, a2.eid, a2.note, d.symbol FROM annotations a2
            JOIN documents d ON d.id = a2.doc_id WHERE instr(a2.note, ?) > 0 AND a2.eid IS NOT NULL{note_filters}
            ORDER BY d.position, a2.created LIMIT ?""", [query, *note_params, limit])
        hits += [SearchHit(r["doc_id"], r["eid"], _like_snippet(r["note"], query), "note", r["symbol"])
                 for r in rows]
        return _with_places(db, hits[:limit])
    fts = quote_query(query)
    if not fts:
        return []
    # Rank a bounded set of candidates, not every match: `ORDER BY bm25() LIMIT` ranks all the blocks that
    # match before the LIMIT ("peacekeeping" is in most of them: 2.2 s at 10,000 documents). The matches are
    # taken in batches of CANDIDATES in index order, each ranked by bm25; page after page walks the batches,
    # so every match is reached once and the first page costs the same however large the corpus.
    batch, within = divmod(offset, CANDIDATES)
    join = " JOIN blocks b ON b.rowid = f.rowid" if extra else ""
    ranked = db.execute(f"""SELECT f.rowid, bm25(blocks_fts) FROM blocks_fts f{join}
        WHERE blocks_fts MATCH ?{extra} LIMIT ? OFFSET ?""", [fts, *params, CANDIDATES, batch * CANDIDATES]).fetchall()
    ranked.sort(key=lambda r: (r[1], r[0]))
    page = [rowid for rowid, _rank in ranked[within:within + limit]]
    hits += _text_hits(db, fts, page)
    if len(page) < limit and len(ranked) == CANDIDATES:  # the page runs on into the next batch
        hits += search_blocks(db, query, theme_id, doc, limit - len(page), (batch + 1) * CANDIDATES)
    if offset == 0:  # notes (far fewer than blocks) come with the first page
        note_filters, note_params = where("a2")
        rows = db.query(f"""SELECT a2.doc_id, a2.eid, d.symbol,
                snippet(annotations_fts, 0, '{MARK_START}', '{MARK_END}', '…', 16) AS snip
            FROM annotations_fts JOIN annotations a2 ON a2.rowid = annotations_fts.rowid
            JOIN documents d ON d.id = a2.doc_id
            WHERE annotations_fts MATCH ? AND a2.eid IS NOT NULL{note_filters}
            ORDER BY bm25(annotations_fts) LIMIT ?""", [fts, *note_params, limit])
        hits += [SearchHit(r["doc_id"], r["eid"], r["snip"], "note", r["symbol"]) for r in rows]
    return _with_places(db, hits[:limit]) if offset == 0 else _with_places(db, hits)


def _text_hits(db: sqlite_utils.Database, fts: str, rowids: list[int]) -> list[SearchHit]:
    """The hits for these block rows, in this order, each with its snippet (made for the shown rows only)."""
    found: dict[int, SearchHit] = {}
    for rowid in rowids:  # FTS5 finds a MATCH on one rowid directly; a snippet needs the MATCH
        row = db.execute(f"""SELECT b.doc_id, b.eid, b.num, b.kind, d.symbol,
                snippet(blocks_fts, 0, '{MARK_START}', '{MARK_END}', '…', 16)
            FROM blocks_fts JOIN blocks b ON b.rowid = blocks_fts.rowid JOIN documents d ON d.id = b.doc_id
            WHERE blocks_fts MATCH ? AND blocks_fts.rowid = ?""", [fts, rowid]).fetchone()
        if row is not None:
            found[rowid] = SearchHit(row[0], row[1], row[5], "text", row[4], row[2], row[3])
    return [found[r] for r in rowids if r in found]


def _with_places(db: sqlite_utils.Database, hits: list[SearchHit]) -> list[SearchHit]:
    """Each hit's block kind, number and heading (one query), so that a result can be cited like the exports."""
    if not hits:
        return hits
    pairs = list({(h.doc_id, h.eid) for h in hits})
    values = ", ".join("(?, ?)" for _ in pairs)
    rows = db.execute(f"""WITH wanted(doc_id, eid) AS (VALUES {values})
        SELECT b.doc_id, b.eid, b.kind, b.num, h.num, h.text, b.text FROM wanted w
        JOIN blocks b ON b.doc_id = w.doc_id AND b.eid = w.eid
        LEFT JOIN blocks h ON h.doc_id = b.doc_id AND h.eid = b.parent AND h.kind = 'heading'""",
                      [v for pair in pairs for v in pair]).fetchall()
    def heading(num: str | None, text: str | None) -> str:
        return f"{num}. {text}" if num else (text or "")

    # A heading is cited by its own words; anything else by the heading it sits under.
    found = {(r[0], r[1]): (r[2], r[3], heading(r[3], r[6]) if r[2] == "heading" else heading(r[4], r[5]))
             for r in rows}
    return [replace(h, kind=found[(h.doc_id, h.eid)][0], num=found[(h.doc_id, h.eid)][1],
                    section=found[(h.doc_id, h.eid)][2]) if (h.doc_id, h.eid) in found else h for h in hits]

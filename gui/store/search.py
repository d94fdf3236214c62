"""Full-text search (FTS5) over block text and annotation notes, and the passages of a theme."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from gui.core.citation import place_from_eid
from gui.store.word_forms import FORMS_TABLE, memo_rows, word_forms
from gui.store.word_forms import other_forms as _other_forms

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
MARK_START, MARK_END = "\ue000", "\ue001"
"""Around each match in a snippet: private-use characters (a French report's « guillemets » are text, not
marks); `SearchHit.marked` and `SearchHit.pieces` turn them into marks. A text that holds them itself (a PDF's
private glyphs, a hostile file) has them shown as U+FFFD in its snippet (`_unmarked`): only ours mark a match."""
SNIPPET_WORDS = 16
"""Words of context a snippet keeps around its matches (FTS5 cuts at words and adds "…")."""
CANDIDATES = 2000
"""Matches ranked together: the first page ranks the first CANDIDATES matches in index order, not all."""


def quote_query(query: str) -> str:
    """The user's words as quoted FTS5 terms ("a" "b"): operators and punctuation lose their meaning.

    A trailing `*` on a word keeps its prefix-search meaning (`peacekeep*`); words in double quotes are a
    phrase ("protection advisers": the two words, next to each other).
    """
    terms = []
    for phrase, word, star in re.findall(r'["“]([^"”]*)["”]?|(\w+)(\*?)', query):
        if phrase:  # "women protection advisers": these words, in this order (a phrase)
            if words := re.findall(r"\w+", phrase):
                terms.append('"' + " ".join(words) + '"')
        elif word:
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
    coder: str = ""  # whose annotation, for the passages of a theme
    forms: bool = False  # matched another form of the words only ("advisers" → "Adviser"), not the exact form
    forms_of: int = 0  # the block's row (which of the page's hits matched another form)
    cited: str = ""  # the place as cited after the symbol ("para. 83 (p. 6)"), stored with the block at import

    def to_json(self) -> dict[str, Any]:
        return {"document": self.doc_id, "eid": self.eid, "snippet": self.marked(), "source": self.source,
                "symbol": self.symbol, "citation": self.citation(), "word_forms": self.forms}

    def marked(self, start: str = "«", end: str = "»") -> str:
        """The snippet with each match between `start` and `end` ("the «drones» used")."""
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def pieces(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is a match) pieces, for a view that highlights the matches."""
        out: list[tuple[str, bool]] = []
        for i, part in enumerate(re.split(f"[{MARK_START}{MARK_END}]", self.snippet)):
            if part:
                out.append((part, i % 2 == 1))
        return out

    def citation(self) -> str:
        """Cited as the rest of Marginalia cites: "S/2017/130, para. 83", "S/2016/1017, “Background”"."""
        if self.cited:
            return f"{self.symbol or self.doc_id}, {self.cited}"
        numbered = self.kind in ("paragraph", "point", "footnote") and self.num
        where = place_from_eid(self.eid) if numbered or not self.section else f"“{self.section}”"
        return f"{self.symbol or self.doc_id}, {where}"


def cut_at_words(text: str, width: int) -> str:
    """At most about `width` characters of `text`, cut after a whole word, with "…" if anything was cut."""
    if len(text) <= width:
        return text
    space = text.rfind(" ", width // 2, width + 1)
    return text[:space if space > 0 else width].rstrip(" ,;:") + "…"


def _like_snippet(text: str, needle: str, width: int = 60) -> str:
    """The match with about `width` characters either side, cut at spaces where the text has them (Chinese
    has none: cut at a character), "…" where text was left out."""
    at = text.find(needle)
    end = at + len(needle)
    lo, hi = max(0, at - width), min(len(text), end + width)
    if lo > 0 and (space := text.find(" ", lo, at)) >= 0:
        lo = space + 1
    if hi < len(text) and (space := text.rfind(" ", end, hi)) >= 0:
        hi = space
    return (("…" if lo else "") + _unmarked(text[lo:at]) + MARK_START + _unmarked(needle) + MARK_END
            + _unmarked(text[end:hi]) + ("…" if hi < len(text) else ""))


def _unmarked(text: str) -> str:
    """Text with any mark characters of its own shown as U+FFFD, so that they cannot pass for our marks."""
    return text.replace(MARK_START, "\ufffd").replace(MARK_END, "\ufffd")


def _own_snippet(db: sqlite_utils.Database, table: str, rowid: int, fts: str, text: str) -> str:
    """The FTS5 snippet of a row whose text holds our mark characters: made with two private-use characters
    that the text lacks, which then become our marks once the text's own are unmarked."""
    used = set(text)
    spare = (c for c in map(chr, itertools.chain(range(0xE002, 0xF900), range(0xF0000, 0x10FFFE))) if c not in used)
    start, end = next(spare, None), next(spare, None)
    if start is None or end is None:  # a text that holds every private-use character: shown unmarked
        return _unmarked(text)
    snip = db.execute(f"SELECT snippet({table}, 0, ?, ?, '…', {SNIPPET_WORDS}) FROM {table} "
                      f"WHERE {table} MATCH ? AND rowid = ?", [start, end, fts, rowid]).fetchone()
    return _unmarked(str(snip[0]) if snip else text).replace(start, MARK_START).replace(end, MARK_END)


LONGEST_RUN = 120
"""Characters of a snippet kept between two marks: FTS5 cuts at words, and one "word" of a hostile or broken
text (a run of two million letters) would otherwise be the whole snippet, laid out in the results list."""


def _bounded(snippet: str) -> str:
    """The snippet with every stretch between marks longer than LONGEST_RUN cut in its middle ("aaa…aaa")."""
    half = LONGEST_RUN // 2
    return "".join(part if len(part) <= LONGEST_RUN else f"{part[:half]}…{part[-half:]}"
                   for part in re.split(f"([{MARK_START}{MARK_END}])", snippet))


def _has_marks(text: str | None) -> bool:
    return text is not None and (MARK_START in text or MARK_END in text)


def _theme_ids(theme_id: int | Iterable[int] | None) -> list[int] | None:
    return None if theme_id is None else [theme_id] if isinstance(theme_id, int) else sorted(theme_id)


def search_blocks(db: sqlite_utils.Database, query: str, theme_id: int | Iterable[int] | None = None,
                  doc: str | None = None, limit: int = 200, offset: int = 0) -> list[SearchHit]:
    """Hits for `query` in block text (and, on the first page, in notes), the best first; `offset` pages on.
    `theme_id`: only blocks tagged with that theme (or any of several: a theme and its sub-themes). Without
    words but with a theme: that theme's passages, in reading order (`theme_passages`)."""
    query = query.strip()
    themes = _theme_ids(theme_id)
    if not query:
        return theme_passages(db, themes, doc, limit, offset) if themes else []
    def where(alias: str) -> tuple[str, list[Any]]:
        """Document and theme filters for a table alias that has doc_id and eid columns."""
        clauses: list[str] = []
        values: list[Any] = []
        if doc is not None:
            clauses.append(f"{alias}.doc_id = ?")
            values.append(doc)
        if themes is not None:
            clauses.append(f"EXISTS (SELECT 1 FROM annotations t WHERE t.doc_id = {alias}.doc_id AND t.eid = "
                           f"{alias}.eid AND t.theme_id IN ({','.join('?' * len(themes))}) AND t.status = 'anchored')")
            values += themes
        return "".join(f" AND {c}" for c in clauses), values

    extra, params = where("b")
    hits: list[SearchHit] = []
    if _CJK.search(query):
        # The unicode61 tokenizer keeps a run of Chinese characters as one token: search by substring.
        rows = db.query(f"""SELECT b.doc_id, b.eid, b.text, b.num, b.kind, d.symbol FROM blocks b
            JOIN documents d ON d.id = b.doc_id WHERE instr(b.text, ?) > 0{extra}
            ORDER BY d.position, b.position LIMIT ? OFFSET ?""", [query, *params, limit, offset])
        hits = [SearchHit(r["doc_id"], r["eid"], _bounded(_like_snippet(r["text"], query)), "text", r["symbol"],
                          r["num"], r["kind"]) for r in rows]
        if offset:
            return _with_places(db, hits)
        note_filters, note_params = where("a2")
        rows = db.query(f"""SELECT a2.doc_id, a2.eid, a2.note, d.symbol FROM annotations a2
            JOIN documents d ON d.id = a2.doc_id WHERE instr(a2.note, ?) > 0 AND a2.eid IS NOT NULL{note_filters}
            ORDER BY d.position, a2.created LIMIT ?""", [query, *note_params, limit])
        hits += [SearchHit(r["doc_id"], r["eid"], _bounded(_like_snippet(r["note"], query)), "note", r["symbol"])
                 for r in rows]
        return _with_places(db, hits[:limit])
    fts = quote_query(query)
    if not fts:
        return []
    forms = word_forms(query)  # plain words: any form of them, the exact forms ranked first
    table = FORMS_TABLE if forms else "blocks_fts"
    # Rank a bounded set of candidates, not every match: `ORDER BY bm25() LIMIT` ranks all the blocks that
    # match before the LIMIT ("peacekeeping" is in most of them: 2.2 s at 10,000 documents). The matches are
    # taken in batches of CANDIDATES in index order, each ranked by bm25; page after page walks the batches,
    # so every match is reached once and the first page costs the same however large the corpus.
    batch, within = divmod(offset, CANDIDATES)
    join = " JOIN blocks b ON b.rowid = f.rowid" if extra else ""
    ranked = db.execute(f"""SELECT f.rowid, bm25({table}) FROM {table} f{join}
        WHERE {table} MATCH ?{extra} LIMIT ? OFFSET ?""", [fts, *params, CANDIDATES, batch * CANDIDATES]).fetchall()
    other_forms = _other_forms(db, forms, [r[0] for r in ranked]) if forms else set()
    ranked.sort(key=lambda r: (r[0] in other_forms, r[1], r[0]))
    page = [rowid for rowid, _rank in ranked[within:within + limit]]
    hits += [replace(h, forms=True) if h.forms_of in other_forms else h
             for h in _text_hits(db, fts, page, table)]
    if len(page) < limit and len(ranked) == CANDIDATES:  # the page runs on into the next batch
        hits += search_blocks(db, query, theme_id, doc, limit - len(page), (batch + 1) * CANDIDATES)
    if offset == 0:  # notes (far fewer than blocks) come with the first page
        note_filters, note_params = where("a2")
        rows = db.query(f"""SELECT a2.doc_id, a2.eid, d.symbol, a2.rowid AS at, a2.note,
                snippet(annotations_fts, 0, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}) AS snip
            FROM annotations_fts JOIN annotations a2 ON a2.rowid = annotations_fts.rowid
            JOIN documents d ON d.id = a2.doc_id
            WHERE annotations_fts MATCH ? AND a2.eid IS NOT NULL{note_filters}
            ORDER BY bm25(annotations_fts) LIMIT ?""", [fts, *note_params, limit])
        hits += [SearchHit(r["doc_id"], r["eid"], _bounded(_own_snippet(db, "annotations_fts", r["at"], fts, r["note"])
                           if _has_marks(r["note"]) else r["snip"]), "note", r["symbol"]) for r in rows]
        if themes is None:  # a theme filter asks for tagged passages: memos are not among them
            hits += _memo_hits(db, fts, word_forms(query) or re.findall(r"\w+", query), doc, limit)
    return _with_places(db, hits[:limit]) if offset == 0 else _with_places(db, hits)


def _memo_hits(db: sqlite_utils.Database, fts: str, words: list[str], doc: str | None, limit: int) -> list[SearchHit]:
    """Memos that match, as hits of source "memo": a passage's memo cited at its passage, a document's at the
    document, a theme's by the theme ("Theme: POC, “inclusion”")."""
    hits = []
    for doc_id, eid, field, theme, symbol, snip, text in memo_rows(db, fts, words, doc, limit,
                                                                   (MARK_START, MARK_END), SNIPPET_WORDS):
        snippet = _bounded(cut_at_words(_unmarked(text), 160) if snip is None or _has_marks(text) else snip)
        if eid is None and doc_id is None:
            hits.append(SearchHit("", "", snippet, "memo", f"Theme: {theme}", section=field))
        else:
            hits.append(SearchHit(doc_id, eid or "", snippet, "memo", symbol,
                                  section=f"{field} of {theme}" if theme else field))  # "memo", or an orphan
    return hits


def theme_passages(db: sqlite_utils.Database, theme_ids: Iterable[int], doc: str | None = None, limit: int = 200,
                   offset: int = 0) -> list[SearchHit]:
    """Every passage tagged with these themes (a theme and its sub-themes), in reading order, a page at a
    time: the quote (cut at a word), cited, with its coder."""
    ids = list(theme_ids)
    if not ids:
        return []
    where = f"a.theme_id IN ({','.join('?' * len(ids))}) AND a.status = 'anchored' AND a.eid IS NOT NULL"
    params: list[Any] = [*ids]
    if doc is not None:
        where += " AND a.doc_id = ?"
        params.append(doc)
    rows = db.execute(f"""SELECT a.doc_id, a.eid, a.exact, a.coder, d.symbol FROM annotations a
        JOIN documents d ON d.id = a.doc_id LEFT JOIN blocks b ON b.doc_id = a.doc_id AND b.eid = a.eid
        WHERE {where} ORDER BY d.position, a.doc_id, b.position, a.span_start, a.created, a.id
        LIMIT ? OFFSET ?""", [*params, limit, offset]).fetchall()
    hits = [SearchHit(r[0], r[1], cut_at_words(_unmarked(r[2]), 160), "text", r[4], coder=r[3]) for r in rows]
    return _with_places(db, hits)


def _text_hits(db: sqlite_utils.Database, fts: str, rowids: list[int], table: str = "blocks_fts") -> list[SearchHit]:
    """The hits for these block rows, in this order, each with its snippet (made for the shown rows only)."""
    found: dict[int, SearchHit] = {}
    for rowid in rowids:  # FTS5 finds a MATCH on one rowid directly; a snippet needs the MATCH
        row = db.execute(f"""SELECT b.doc_id, b.eid, b.num, b.kind, d.symbol,
                snippet({table}, 0, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}), b.text
            FROM {table} JOIN blocks b ON b.rowid = {table}.rowid JOIN documents d ON d.id = b.doc_id
            WHERE {table} MATCH ? AND {table}.rowid = ?""", [fts, rowid]).fetchone()
        if row is not None:
            snip = _own_snippet(db, table, rowid, fts, row[6]) if _has_marks(row[6]) else row[5]
            found[rowid] = SearchHit(row[0], row[1], _bounded(snip), "text", row[4], row[2], row[3], forms_of=rowid)
    return [found[r] for r in rowids if r in found]


def _with_places(db: sqlite_utils.Database, hits: list[SearchHit]) -> list[SearchHit]:
    """Each hit's block kind, number and heading (one query), so that a result can be cited like the exports."""
    if not hits:
        return hits
    pairs = list({(h.doc_id, h.eid) for h in hits})
    values = ", ".join("(?, ?)" for _ in pairs)
    rows = db.execute(f"""WITH wanted(doc_id, eid) AS (VALUES {values})
        SELECT b.doc_id, b.eid, b.kind, b.num, h.num, h.text, b.text, b.cited FROM wanted w
        JOIN blocks b ON b.doc_id = w.doc_id AND b.eid = w.eid
        LEFT JOIN blocks h ON h.doc_id = b.doc_id AND h.eid = b.parent AND h.kind = 'heading'""",
                      [v for pair in pairs for v in pair]).fetchall()
    def heading(num: str | None, text: str | None) -> str:
        return f"{num}. {text}" if num else (text or "")

    # A heading is cited by its own words; anything else by the heading it sits under.
    found = {(r[0], r[1]): (r[2], r[3], heading(r[3], r[6]) if r[2] == "heading" else heading(r[4], r[5]), r[7] or "")
             for r in rows}
    return [replace(h, kind=found[(h.doc_id, h.eid)][0], num=found[(h.doc_id, h.eid)][1],
                    section=found[(h.doc_id, h.eid)][2], cited=found[(h.doc_id, h.eid)][3])
            if (h.doc_id, h.eid) in found else h for h in hits]


def passages_at(db: sqlite_utils.Database, places: Iterable[tuple[str, str]]) -> list[SearchHit]:
    """The blocks at these (document, eid) places in reading order, each with its whole text as the snippet
    and what cites it (`_with_places`): a list of passages from many documents without rebuilding any."""
    wanted = list(dict.fromkeys(places))
    rows: list[Any] = []
    for start in range(0, len(wanted), 400):  # within SQLite's limit on bound values
        chunk = wanted[start:start + 400]
        rows += db.execute(f"""WITH wanted(doc_id, eid) AS (VALUES {", ".join("(?, ?)" for _ in chunk)})
            SELECT b.doc_id, b.eid, b.text, d.symbol, d.position, b.position FROM wanted w
            JOIN blocks b ON b.doc_id = w.doc_id AND b.eid = w.eid JOIN documents d ON d.id = b.doc_id""",
                           [v for pair in chunk for v in pair]).fetchall()
    rows.sort(key=lambda r: (r[4], r[0], r[5]))
    return _with_places(db, [SearchHit(r[0], r[1], _unmarked(r[2]), "text", r[3]) for r in rows])

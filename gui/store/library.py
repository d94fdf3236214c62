"""The library: every document as the analyst sees it before opening one, with its coverage.

Coverage ("6 / 110 paragraphs tagged") is kept in the `coverage` table: the same transaction that imports a
document counts its blocks, and SQLite triggers mark a document's row stale when its annotations change, so a
read recounts only the few documents touched since (an indexed query each), never the whole corpus.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from gui.core.model import BODY_KINDS as _BODY
from gui.store import reading_notes as reading
from gui.store.base import StoreBase
from gui.store.citations import attribute_filter
from gui.store.reading_notes import ReadingMarks

BODY_KINDS = tuple(sorted(k.value for k in _BODY))


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A row of the library: what the analyst sees before opening a document."""

    id: str
    path: str | None
    symbol: str | None
    title: str | None
    date: str | None
    languages: tuple[str, ...]
    body_blocks: int
    tagged_blocks: int
    numbered_paragraphs: int
    tagged_paragraphs: int  # numbered paragraphs tagged themselves or through one of their points
    missing: bool  # the file is no longer where it was imported from (its text is kept in the database)
    reading: ReadingMarks | None = None  # warnings, unread pages, recognition (None: read cleanly, or not known)

    def coverage(self) -> tuple[int, int, str]:
        """(tagged, total, unit): numbered paragraphs when the document is numbered, else body blocks."""
        if self.numbered_paragraphs * 2 >= self.body_blocks:
            return self.tagged_paragraphs, self.numbered_paragraphs, "paragraphs"
        return self.tagged_blocks, self.body_blocks, "blocks"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "symbol": self.symbol, "title": self.title, "date": self.date,
                "languages": list(self.languages), "body_blocks": self.body_blocks,
                "tagged_blocks": self.tagged_blocks, "missing": self.missing,
                "reading": self.reading.to_json() if self.reading is not None else None}


def coverage_counts_sql(ids: str) -> str:
    """SELECT doc_id, body, numbered, tagged, tagged_paragraphs for the documents whose ids `ids` (an SQL
    subquery or list) names: the per-document counts, each found on the blocks and annotation indexes."""
    kinds = ",".join(f"'{k}'" for k in BODY_KINDS)
    # A paragraph counts as tagged when it or one of its points is: its eid, or eids under it
    # ("para_5__…", the range [eid + "__", eid + "_`") since "`" follows "_"), found on the annotation index.
    return f"""SELECT d.id,
        (SELECT COUNT(*) FROM blocks b WHERE b.doc_id = d.id AND b.kind IN ({kinds})),
        (SELECT COUNT(*) FROM blocks b WHERE b.doc_id = d.id AND b.kind = 'paragraph' AND b.num IS NOT NULL),
        (SELECT COUNT(DISTINCT a.eid) FROM annotations a JOIN blocks b ON b.doc_id = a.doc_id AND b.eid = a.eid
             WHERE a.doc_id = d.id AND a.status = 'anchored' AND b.kind IN ({kinds})),
        (SELECT COUNT(*) FROM blocks p WHERE p.doc_id = d.id AND p.kind = 'paragraph'
             AND p.num IS NOT NULL AND EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = p.doc_id
             AND a.status = 'anchored' AND (a.eid = p.eid
             OR (a.eid >= p.eid || '__' AND a.eid < p.eid || '_`'))))
        FROM documents d WHERE d.id IN ({ids})"""


def recount(db: sqlite_utils.Database, doc_ids: Iterable[str] | None = None) -> None:
    """Inside a write: count the coverage of these documents again (default: those marked stale)."""
    if doc_ids is None:
        ids, params = "SELECT doc_id FROM coverage WHERE stale", []
    else:
        params = list(dict.fromkeys(doc_ids))
        if not params:
            return
        ids = ",".join("?" * len(params))
    db.execute(f"INSERT OR REPLACE INTO coverage (doc_id, body, numbered, tagged, tagged_paragraphs, stale) "
               f"SELECT *, 0 FROM ({coverage_counts_sql(ids)})", params)


SORTS = {
    "position": "d.position",
    "symbol": "COALESCE(d.symbol, d.id) COLLATE NOCASE",
    "date": "d.date",
    "title": "d.title COLLATE NOCASE",
    # the fraction shown: numbered paragraphs when the document is numbered, else body blocks
    "coverage": "(CASE WHEN c.numbered * 2 >= c.body THEN CAST(c.tagged_paragraphs AS REAL) / MAX(c.numbered, 1) "
                "ELSE CAST(c.tagged AS REAL) / MAX(c.body, 1) END)",
}
"""Orders the library can be sorted in, each by SQL (ties in import order)."""

_COLUMNS = ("SELECT d.id, d.path, d.symbol, d.title, d.date, d.languages, COALESCE(c.body, 0), "
            f"COALESCE(c.numbered, 0), COALESCE(c.tagged, 0), COALESCE(c.tagged_paragraphs, 0), {reading.COLUMNS} "
            f"FROM documents d LEFT JOIN coverage c ON c.doc_id = d.id{reading.JOINS}")


IN_LIBRARY = "d.id NOT IN (SELECT doc_id FROM removed_documents)"
"""Documents removed from the library whose annotations were kept stay in `documents`, set aside."""


def document_labels(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(id, symbol or id) of every document of the library in import order (`Store.document_labels`; this
    one for a worker's connection)."""
    return [(r[0], r[1] or r[0]) for r in
            db.execute(f"SELECT id, symbol FROM documents d WHERE {IN_LIBRARY} ORDER BY position, id")]


def file_missing(path: str | None) -> int:
    """SQL function `file_missing(path)`: 1 when a document's file is no longer where it was imported from."""
    return int(not (path and os.path.exists(path)))


def library_filter(text: str, theme_ids: Callable[[str], Iterable[int]]) -> tuple[str, list[Any]]:
    """A WHERE clause for the library's filter box: every word must match. `theme:KEY` (or `#KEY`) keeps the
    documents that have an anchored annotation of that theme or one of its sub-themes (`theme_ids` gives
    them); `is:missing` those whose file has gone, `is:untagged` those with nothing tagged; `mission:UNMISS`,
    `type:report`, `country:"South Sudan"` (any attribute, its value contained) and `2018..2020` (the years
    dated) keep documents by their attributes; any other word is
    looked for in the symbol, the title, the date (so "2017" is a year) and the id, ignoring case
    ("S/2017/130", "Mali 2018 protection"). Documents removed from the library are never kept."""
    clauses: list[str] = [IN_LIBRARY]
    params: list[Any] = []
    for word in _WORDS.findall(text):
        attribute = _attribute_word(word)
        if attribute is not None:  # mission:UNMISS, type:report, country:"South Sudan", 2018..2020
            clauses.append(attribute[0])
            params += attribute[1]
            continue
        name = word[6:] if word.casefold().startswith("theme:") else word[1:] if word.startswith("#") else None
        if name is not None:
            ids = sorted(theme_ids(name)) or [-1]
            clauses.append("d.id IN (SELECT a.doc_id FROM annotations a WHERE a.theme_id IN "
                           f"({','.join('?' * len(ids))}) AND a.status = 'anchored')")
            params += ids
            continue
        if word.casefold() == "is:missing":
            clauses.append("file_missing(d.path)")
            continue
        if word.casefold() == "is:untagged":
            clauses.append("NOT EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = d.id AND a.status = 'anchored')")
            continue
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append("(d.symbol LIKE ? ESCAPE '\\' OR d.title LIKE ? ESCAPE '\\' OR d.date LIKE ? ESCAPE '\\' "
                       "OR d.id LIKE ? ESCAPE '\\')")
        params += [like] * 4
    return " WHERE " + " AND ".join(clauses), params


_WORDS = re.compile(r'[^\s:"]+:"[^"]*"?|\S+')
_YEARS = re.compile(r"((?:19|20)\d\d)\.\.((?:19|20)\d\d)")
_ATTRIBUTE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,39}):(.+)")


def _attribute_word(word: str) -> tuple[str, list[Any]] | None:
    """A filter word about document attributes: `NAME:VALUE` (the attribute contains VALUE, any case; quoted
    when it has spaces) or `YEAR..YEAR` (dated in those years); None for any other word."""
    if match := _YEARS.fullmatch(word):
        low, high = sorted(match.groups())
        return "substr(d.date, 1, 4) BETWEEN ? AND ?", [low, high]
    match = _ATTRIBUTE.fullmatch(word)
    if match is None or match.group(1).casefold() in ("theme", "is"):
        return None
    return attribute_filter(match.group(1), match.group(2).strip('"'))


class Library(StoreBase):
    """The library queries of the Store: whole, one document, or one page in a sort order and filter."""

    def _fresh_coverage(self) -> None:
        """Recount the documents left stale (by a migration, or a write from an older tool); usually none."""
        if self.db.execute("SELECT 1 FROM coverage WHERE stale LIMIT 1").fetchone():
            with self._write() as db:
                recount(db)

    def _info(self, rows: Iterable[tuple[Any, ...]], coverage: bool = True) -> list[DocumentInfo]:
        return [DocumentInfo(
            id=r[0], path=r[1], symbol=r[2], title=r[3], date=r[4], languages=tuple(json.loads(r[5] or "[]")),
            body_blocks=r[6] if coverage else 0, numbered_paragraphs=r[7] if coverage else 0,
            tagged_blocks=r[8] if coverage else 0, tagged_paragraphs=r[9] if coverage else 0,
            missing=not (r[1] and Path(r[1]).exists()), reading=ReadingMarks.from_row(r[10:]),
        ) for r in rows]

    def documents(self, doc_id: str | None = None, *, coverage: bool = True) -> list[DocumentInfo]:
        """The library, in import order, with coverage; or one document. `coverage=False` leaves the counts
        at 0 for callers that only need ids, symbols and titles."""
        with self._errors():
            self._fresh_coverage()
            only = f" WHERE {IN_LIBRARY}" + (" AND d.id = ?" if doc_id is not None else "")
            rows = self.db.execute(f"{_COLUMNS}{only} ORDER BY d.position, d.id",
                                   [doc_id] if doc_id is not None else []).fetchall()
        return self._info(rows, coverage)

    def document_labels(self) -> list[tuple[str, str]]:
        """(id, symbol or id) of every document in import order: for a list to choose from (no counts, no
        look at the files)."""
        with self._errors():
            return document_labels(self.db)

    def _where(self, text: str) -> tuple[str, list[Any]]:
        def theme_ids(name: str) -> frozenset[int]:
            found = self.find_theme(name, digit=True)
            return frozenset() if found is None else self.theme_family(found.id)
        if "is:" in text.casefold():
            self.db.conn.create_function("file_missing", 1, file_missing)
        return library_filter(text, theme_ids)

    def library_where(self, text: str) -> tuple[str, list[Any]]:
        """The library filter box's words (`library_filter`) as a WHERE clause over `documents d`, themes
        resolved here: for other questions asked over the documents the library would show (coding queries)."""
        return self._where(text)

    def _order(self, sort: str, descending: bool) -> str:
        if sort not in SORTS:
            raise ValueError(f"cannot sort the library by {sort!r} (known: {', '.join(SORTS)})")
        way = " DESC" if descending else ""
        first = "" if sort == "position" else f"{SORTS[sort]}{way}, "
        return f" ORDER BY {first}d.position{way}, d.id{way}"

    def library_page(self, offset: int = 0, limit: int = 200, *, filter: str = "", sort: str = "position",
                     descending: bool = False) -> list[DocumentInfo]:
        """One page of the library in a sort order (see `SORTS`), filtered by the filter box's words (see
        `library_filter`): the model behind the library panel fetches these as the analyst scrolls."""
        where, params = self._where(filter)
        with self._errors():
            self._fresh_coverage()
            rows = self.db.execute(f"{_COLUMNS}{where}{self._order(sort, descending)} LIMIT ? OFFSET ?",
                                   [*params, limit, offset]).fetchall()
        return self._info(rows)

    def library_count(self, filter: str = "") -> int:
        """How many documents the filter keeps."""
        where, params = self._where(filter)
        with self._errors():
            return int(self.db.execute(f"SELECT COUNT(*) FROM documents d{where}", params).fetchone()[0])

    def library_row(self, doc_id: str, *, filter: str = "", sort: str = "position",
                    descending: bool = False) -> int | None:
        """Where a document sits in that order and filter (its row in the library), or None if filtered out."""
        where, params = self._where(filter)
        with self._errors():
            found = self.db.execute(
                f"SELECT n FROM (SELECT d.id, ROW_NUMBER() OVER ({self._order(sort, descending).strip()}) - 1 AS n "
                f"FROM documents d LEFT JOIN coverage c ON c.doc_id = d.id{where}) WHERE id = ?",
                [*params, doc_id]).fetchone()
        return None if found is None else int(found[0])

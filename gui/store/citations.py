"""The citation network and document attributes in the store.

`citations` holds one row per (reference, target): the citing block, the span in its text, the target symbol,
its matching key, the pinpoint and the paragraph number it starts at; indexed by key and paragraph, covering
what a "cited by" list picks and its count (`citations_cited_by`), so that it is one index lookup whatever the
size of the library. `document_keys` files each document under the
keys of its symbol (both parts of a joint one), so that a target finds its document on an index too.
`document_attributes` holds each document's attributes and who set them ("import" or "analyst").

Citations and import-found attributes are written by the same transaction that writes a document's blocks
(`write_document_extras`), so they are never out of step with its text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from gui.core.attributes import clean_attribute, describe
from gui.core.citations import Citation, document_keys, find_citations, first_paragraph, symbol_key
from gui.core.model import Document
from gui.store.base import StoreBase
from gui.store.changes import Changes
from gui.store.errors import StoreError

IMPORTED, ANALYST = "import", "analyst"
CITED_BY_PAGE = 500  # citing paragraphs the Cited by tab lists at once (a resolution may be cited thousands of times)


def create_citation_tables(db: sqlite_utils.Database) -> None:
    """The tables of migration `_m_citations` (see the module docstring). Made only if missing: a database
    taken back to an older version by hand (as the upgrade tests do) may still hold them; they are filled
    afresh."""
    db.execute("""CREATE TABLE IF NOT EXISTS citations (
        doc_id TEXT NOT NULL, eid TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        text TEXT NOT NULL, target TEXT NOT NULL, target_key TEXT NOT NULL, pinpoint TEXT NOT NULL DEFAULT '',
        para TEXT NOT NULL DEFAULT '')""")
    # The indexes of 2025; `cover_cited_by` (a later migration) replaces the two by target with one that covers.
    db.execute("CREATE INDEX IF NOT EXISTS citations_by_target ON citations(target_key)")
    db.execute("CREATE INDEX IF NOT EXISTS citations_by_paragraph ON citations(target_key, para)")
    db.execute("CREATE INDEX IF NOT EXISTS citations_by_block ON citations(doc_id, eid)")
    db.execute("CREATE TABLE IF NOT EXISTS document_keys (key TEXT NOT NULL, doc_id TEXT NOT NULL, "
               "PRIMARY KEY (key, doc_id))")
    db.execute("CREATE INDEX IF NOT EXISTS document_keys_by_doc ON document_keys(doc_id)")


def cover_cited_by(db: sqlite_utils.Database) -> None:
    """The index of "cited by": by target and paragraph, holding the citing block, the target as written and
    the pinpoint, so that a list is picked, ordered and counted without reading the table (it replaces the
    indexes by target and by target and paragraph, which it starts with)."""
    db.execute("CREATE INDEX IF NOT EXISTS citations_cited_by ON citations(target_key, para, doc_id, eid, target, "
               "pinpoint)")
    db.execute("DROP INDEX IF EXISTS citations_by_target")
    db.execute("DROP INDEX IF EXISTS citations_by_paragraph")


def create_attribute_table(db: sqlite_utils.Database) -> None:
    """The table of migration `_m_document_attributes` (made only if missing, like the citations')."""
    db.execute("""CREATE TABLE IF NOT EXISTS document_attributes (
        doc_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, set_by TEXT NOT NULL DEFAULT 'import',
        PRIMARY KEY (doc_id, name))""")
    db.execute("CREATE INDEX IF NOT EXISTS document_attributes_by_value "
               "ON document_attributes(name, value COLLATE NOCASE)")


def write_citations(db: sqlite_utils.Database, doc_id: str, symbol: str | None,
                    blocks: Iterable[tuple[str, str]], found: list[Citation] | None = None) -> int:
    """Store a document's citations and keys afresh (inside the caller's transaction), found now unless
    `found` (by `prepare_extras`, before the write lock was taken); returns how many."""
    db.execute("DELETE FROM citations WHERE doc_id = ?", [doc_id])
    db.execute("DELETE FROM document_keys WHERE doc_id = ?", [doc_id])
    if found is None:
        found = find_citations(symbol, blocks)
    rows = [(doc_id, c.eid, c.start, c.end, c.text, target, symbol_key(target), c.pinpoint,
             first_paragraph(c.pinpoint)[0] if c.pinpoint.startswith("para") else "")
            for c in found for target in c.targets]
    db.conn.executemany('INSERT INTO citations (doc_id, eid, start, "end", text, target, target_key, pinpoint, para) '
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.conn.executemany("INSERT OR IGNORE INTO document_keys (key, doc_id) VALUES (?, ?)",
                        [(key, doc_id) for key in document_keys(symbol)])
    return len(found)


def write_attributes(db: sqlite_utils.Database, doc_id: str, found: dict[str, str]) -> None:
    """Store what import found, keeping every value the analyst set."""
    db.execute("DELETE FROM document_attributes WHERE doc_id = ? AND set_by = ?", [doc_id, IMPORTED])
    db.conn.executemany("INSERT OR IGNORE INTO document_attributes (doc_id, name, value, set_by) VALUES (?, ?, ?, ?)",
                        [(doc_id, name, value, IMPORTED) for name, value in found.items()])


_EXTRAS = "citations and attributes"  # where `prepare_extras` leaves them in a Document's cache


def prepare_extras(document: Document) -> None:
    """Find a document's citations and attributes while it is read, outside any transaction, so that the
    write holds the lock no longer for them."""
    document._cache[_EXTRAS] = (find_citations(document.symbol, ((b.eid, b.text) for b in document.blocks)),
                                describe(document))


def write_document_extras(db: sqlite_utils.Database, doc_id: str, document: Document) -> None:
    """At import (and re-import): the document's citations, keys and attributes, in its transaction."""
    if _EXTRAS not in document._cache:
        prepare_extras(document)
    found, attributes = document._cache[_EXTRAS]
    write_citations(db, doc_id, document.symbol, (), found)
    write_attributes(db, doc_id, attributes)


def fill_citations(db: sqlite_utils.Database) -> None:
    """Migration: the citations of every document already in the library, from its stored blocks (one
    document at a time: never the whole library's text in memory)."""
    create_citation_tables(db)
    for doc_id, symbol in db.execute("SELECT id, symbol FROM documents").fetchall():
        blocks = db.execute("SELECT eid, text FROM blocks WHERE doc_id = ? ORDER BY position", [doc_id]).fetchall()
        write_citations(db, doc_id, symbol, blocks)


def fill_attributes(db: sqlite_utils.Database) -> None:
    """Migration: the attributes of every document already in the library, from its stored blocks."""
    from gui.core.model import Block, Kind

    create_attribute_table(db)
    for doc_id, symbol, title in db.execute("SELECT id, symbol, title FROM documents").fetchall():
        rows = db.execute("SELECT eid, kind, text FROM blocks WHERE doc_id = ? ORDER BY position LIMIT 60",
                          [doc_id]).fetchall()
        blocks = tuple(Block(r[0], Kind(r[1]), None, 0, None, r[2], ()) for r in rows)
        write_attributes(db, doc_id, describe(Document(source="", blocks=blocks, symbol=symbol, title=title)))


@dataclass(frozen=True, slots=True)
class Link:
    """Where a citation's target is in the library: a document, and the block its pinpoint names ("" for the
    document as a whole)."""

    target: str
    doc: str
    eid: str

    def to_json(self) -> dict[str, str]:
        return {"target": self.target, "doc": self.doc, "eid": self.eid}


@dataclass(frozen=True, slots=True)
class CitingBlock:
    """A block elsewhere in the library that cites a document (or one of its paragraphs)."""

    doc: str
    symbol: str
    eid: str
    text: str
    target: str
    pinpoint: str

    def to_json(self) -> dict[str, str]:
        return {"doc": self.doc, "eid": self.eid, "text": self.text, "target": self.target, "pinpoint": self.pinpoint}


_IN_LIBRARY = "doc_id NOT IN (SELECT doc_id FROM removed_documents)"


def _citing_keys(keys: list[str], para: str = "", not_doc: str | None = None) -> tuple[str, list[str]]:
    """The WHERE clause of the citations of any of `keys` (at paragraph `para`), outside document `not_doc`."""
    where = f"c.target_key IN ({','.join('?' * len(keys))})" + (" AND c.para = ?" if para else "")
    params = [*keys, *([para] if para else [])]
    if not_doc is not None:
        where, params = f"{where} AND c.doc_id != ?", [*params, not_doc]
    return f"{where} AND c.{_IN_LIBRARY}", params


class CitationIndex(StoreBase):
    """Citations, cited-by and attributes: the Store's part for following the UN's own references."""

    def citations(self, doc_id: str) -> list[Citation]:
        """A document's citations as stored, in reading order (a citation of several targets is one)."""
        with self._errors():
            rows = self.db.execute(
                'SELECT c.eid, c.start, c."end", c.text, c.target, c.pinpoint FROM citations c JOIN blocks b '
                "ON b.doc_id = c.doc_id AND b.eid = c.eid WHERE c.doc_id = ? ORDER BY b.position, c.start, c.rowid",
                [doc_id]).fetchall()
        out: dict[tuple[str, int], Citation] = {}
        for eid, start, end, text, target, pinpoint in rows:
            key = (eid, start)
            old = out.get(key)
            out[key] = Citation(eid, start, end, text, (*old.targets, target) if old else (target,), pinpoint)
        return list(out.values())

    def resolve(self, target: str, pinpoint: str = "") -> Link | None:
        """The library document a target names (by symbol; a joint document under either part), and the block
        its pinpoint starts at ("para. 5 (a)" → the point (a) of paragraph 5); None if not in the library."""
        with self._errors():
            row = self.db.execute(
                f"SELECT k.doc_id FROM document_keys k JOIN documents d ON d.id = k.doc_id WHERE k.key = ? AND "
                f"k.{_IN_LIBRARY} ORDER BY d.position LIMIT 1", [symbol_key(target)]).fetchone()
            if row is None:
                return None
            doc_id = str(row[0])
            return Link(target, doc_id, self._pinpointed_block(doc_id, pinpoint))

    def _pinpointed_block(self, doc_id: str, pinpoint: str) -> str:
        number, point = first_paragraph(pinpoint) if pinpoint.startswith("para") else ("", "")
        if not number:
            return ""
        row = self.db.execute(
            "SELECT eid FROM blocks WHERE doc_id = ? AND kind = 'paragraph' AND num = ? "
            "ORDER BY eid LIKE 'annex%', position LIMIT 1", [doc_id, number]).fetchone()
        if row is None:
            return ""
        eid = str(row[0])
        if point:
            sub = self.db.execute("SELECT eid FROM blocks WHERE doc_id = ? AND kind = 'point' AND num = ? AND "
                                  "eid > ? AND eid < ? ORDER BY position LIMIT 1",
                                  [doc_id, point, eid + "__", eid + "_`"]).fetchone()
            eid = str(sub[0]) if sub else eid
        return eid

    def cited_text(self, doc_id: str, eid: str = "") -> str:
        """The text a link points at: the paragraph's, or the document's title when no paragraph is named."""
        with self._errors():
            if eid:
                row = self.db.execute("SELECT text FROM blocks WHERE doc_id = ? AND eid = ?", [doc_id, eid]).fetchone()
            else:
                row = self.db.execute("SELECT COALESCE(title, symbol, id) FROM documents WHERE id = ?",
                                      [doc_id]).fetchone()
        return str(row[0]) if row else ""

    def links(self, citation: Citation) -> list[Link]:
        """The library documents (and blocks) a citation resolves to: one per target found in the library."""
        found = (self.resolve(target, citation.pinpoint) for target in citation.targets)
        return [link for link in found if link is not None]

    def cited_by(self, doc_id: str, eid: str | None = None, limit: int = 100_000) -> list[CitingBlock]:
        """Blocks elsewhere in the library that cite this document — or, given `eid`, that paragraph of it (a
        pinpoint to its number, or to a point of it) — in the order they were imported, the first `limit`.
        Rows come off the index on the target in that order: a page of a long list stops early."""
        where, params = self._citing(doc_id, eid)
        if not where:
            return []
        return self._citing_blocks(where, params, limit)  # a block citing it twice alike is listed once

    def cited_by_count(self, doc_id: str, eid: str | None = None) -> int:
        """How many citations `cited_by` would list (before a block's repeats are merged): index only."""
        where, params = self._citing(doc_id, eid)
        if not where:
            return 0
        with self._errors():
            return int(self.db.execute(f"SELECT COUNT(*) FROM citations c WHERE {where}", params).fetchone()[0])

    def _citing(self, doc_id: str, eid: str | None) -> tuple[str, list[str]]:
        """The WHERE clause of the citations of a document (or of its paragraph `eid`); "" when none can be."""
        with self._errors():
            keys = [r[0] for r in self.db.execute("SELECT key FROM document_keys WHERE doc_id = ?", [doc_id])]
            para = self._paragraph_number(doc_id, eid) if eid is not None else ""
        if not keys or (eid is not None and not para):
            return "", []
        return _citing_keys(keys, para, doc_id)

    def cited_by_symbol(self, symbol: str, para: str = "", limit: int = 100_000) -> list[CitingBlock]:
        """Blocks of the library that cite a symbol, whether or not its document is in the library ("who cites
        S/RES/1701 (2006)?"); given `para` ("5"), only those pinpointing that paragraph. A joint symbol: either
        part. In the order they were imported, the first `limit`."""
        where, params = _citing_keys(document_keys(symbol), para.strip())
        return self._citing_blocks(where, params, limit)

    def _citing_blocks(self, where: str, params: list[str], limit: int) -> list[CitingBlock]:
        """The first `limit` citations matching `where`, in the order they were written, as citing blocks (a
        block citing it twice alike is listed once). The citations are picked and put in order from the covering
        index alone (`citations_cited_by`); only those picked then read their block's text and their document's
        symbol, and the order is restored here, so that no sort carries the texts (at 10,000 documents, the
        3,000 citations of one symbol: 51 → 25 ms; its first 500: 20 → 5 ms; 1,000 citations: 10 → 9 ms)."""
        with self._errors():
            rows = self.db.execute(
                "SELECT c.r, c.doc_id, COALESCE(d.symbol, d.id), c.eid, b.text, c.target, c.pinpoint FROM "
                f"(SELECT c.rowid AS r, c.doc_id, c.eid, c.target, c.pinpoint FROM citations c WHERE {where} "
                "ORDER BY c.rowid LIMIT ?) c JOIN blocks b ON b.doc_id = c.doc_id AND b.eid = c.eid "
                "JOIN documents d ON d.id = c.doc_id", [*params, limit]).fetchall()
        rows.sort(key=lambda row: int(row[0]))
        return [CitingBlock(*row) for row in dict.fromkeys(tuple(row[1:]) for row in rows)]

    def cited_by_symbol_count(self, symbol: str, para: str = "") -> int:
        """How many citations `cited_by_symbol` would list (index only)."""
        where, params = _citing_keys(document_keys(symbol), para.strip())
        with self._errors():
            return int(self.db.execute(f"SELECT COUNT(*) FROM citations c WHERE {where}", params).fetchone()[0])

    def _paragraph_number(self, doc_id: str, eid: str) -> str:
        """The number a pinpoint cites a block by: a numbered paragraph's own, a point's paragraph's."""
        row = self.db.execute("SELECT kind, num, parent FROM blocks WHERE doc_id = ? AND eid = ?",
                              [doc_id, eid]).fetchone()
        while row is not None and row[0] == "point" and row[2]:
            row = self.db.execute("SELECT kind, num, parent FROM blocks WHERE doc_id = ? AND eid = ?",
                                  [doc_id, row[2]]).fetchone()
        if row is None or row[0] != "paragraph" or not row[1] or eid.startswith("annex"):
            return ""
        return str(row[1])

    def citation_edges(self, doc_id: str | None = None) -> list[tuple[str, str, str, str, str, int]]:
        """The network: (citing doc, its symbol, target, target's doc in the library or "", pinpoint, how
        many times), one row per citing document and target. Given `doc_id`, only that document's edges: what
        it cites, and what cites it elsewhere in the library (under any part of its symbol)."""
        mine, params = "", []
        if doc_id is not None:
            with self._errors():
                keys = [r[0] for r in self.db.execute("SELECT key FROM document_keys WHERE doc_id = ?", [doc_id])]
            mine = f" AND (c.doc_id = ? OR c.target_key IN ({','.join('?' * len(keys))}))" if keys \
                else " AND c.doc_id = ?"
            params = [doc_id, *keys]
        with self._errors():
            return [tuple(r) for r in self.db.execute(
                "SELECT c.doc_id, COALESCE(d.symbol, d.id), c.target, COALESCE((SELECT k.doc_id FROM document_keys k "
                "WHERE k.key = c.target_key AND k.doc_id NOT IN (SELECT doc_id FROM removed_documents) LIMIT 1), ''), "
                f"c.pinpoint, COUNT(*) FROM citations c JOIN documents d ON d.id = c.doc_id WHERE c.{_IN_LIBRARY}"
                f"{mine} GROUP BY c.doc_id, c.target, c.pinpoint ORDER BY d.position, c.target", params)]

    def citing_blocks(self) -> list[tuple[str, str, str]]:
        """(document, eid, target) of every block of the library that cites a UN document, each pair once
        (for the overview of the documents cited, theme by theme)."""
        with self._errors():
            return [(str(r[0]), str(r[1]), str(r[2])) for r in self.db.execute(
                f"SELECT DISTINCT c.doc_id, c.eid, c.target FROM citations c WHERE c.{_IN_LIBRARY}")]

    # --- attributes -----------------------------------------------------------------------------------------
    def attributes(self, doc_id: str) -> dict[str, str]:
        """A document's attributes, name → value (the built-in ones first, then the analyst's own by name)."""
        return self.attributes_of([doc_id]).get(doc_id, {})

    def attributes_of(self, doc_ids: Iterable[str]) -> dict[str, dict[str, str]]:
        """Attributes of many documents at once (for exports and `docs --json`)."""
        from gui.core.attributes import BUILT_IN

        ids = list(dict.fromkeys(doc_ids))
        out: dict[str, dict[str, str]] = {}
        order = {name: i for i, name in enumerate(BUILT_IN)}
        with self._errors():
            for part in (ids[i:i + 500] for i in range(0, len(ids), 500)):
                rows = self.db.execute(f"SELECT doc_id, name, value FROM document_attributes WHERE doc_id IN "
                                       f"({','.join('?' * len(part))})", part).fetchall()
                for doc_id, name, value in sorted(rows, key=lambda r: (order.get(r[1], len(order)), r[1])):
                    out.setdefault(doc_id, {})[name] = value
        return out

    def attribute_names(self) -> list[str]:
        """Every attribute name in the library: the built-in ones, then the analyst's own."""
        from gui.core.attributes import BUILT_IN

        with self._errors():
            names = [r[0] for r in self.db.execute("SELECT DISTINCT name FROM document_attributes ORDER BY name")]
        return [*BUILT_IN, *(n for n in names if n not in BUILT_IN)]

    def set_attributes(self, doc_ids: Iterable[str], values: dict[str, str]) -> Changes:
        """Set attributes of one or many documents in one transaction (an empty value removes it). Set by the
        analyst, they survive re-import."""
        cleaned = dict(clean_attribute(name, value) for name, value in values.items())
        ids = list(dict.fromkeys(doc_ids))
        with self._write() as db:
            for doc_id in ids:
                if self._stored_hash(db, doc_id) is None:
                    raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
            for name, value in cleaned.items():
                if value:
                    db.conn.executemany(
                        "INSERT INTO document_attributes (doc_id, name, value, set_by) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(doc_id, name) DO UPDATE SET value = excluded.value, set_by = excluded.set_by",
                        [(doc_id, name, value, ANALYST) for doc_id in ids])
                else:
                    db.conn.executemany("DELETE FROM document_attributes WHERE doc_id = ? AND name = ?",
                                        [(doc_id, name) for doc_id in ids])
        return Changes(docs=frozenset(ids))


def attribute_filter(name: str, value: str) -> tuple[str, list[Any]]:
    """SQL for the library filter word `name:value`: documents whose attribute contains the value (any case)."""
    like = "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return ("d.id IN (SELECT doc_id FROM document_attributes WHERE name = ? AND value LIKE ? ESCAPE '\\')",
            [name.lower(), like])

"""Documents: importing a file (text or PDF), re-importing a changed one, reading a document back.

A text document is re-extracted from its stored source; a PDF's (encoding "pdf") is rebuilt from its stored
block rows, since the PDF itself may be gone. The few documents read last are kept in memory; every document
read is remembered by its content hash, so that a write against text another window has re-imported since is
refused (`DocumentChanged`) even after the document left the cache.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from gui.core.anchor import Budget, reanchor
from gui.core.decode import decode_bytes, read_bounded
from gui.core.extract import extract, refuse_web_page
from gui.core.model import Block, Document, Kind
from gui.core.pdf import MAX_PDF_BYTES, looks_like_pdf, read_pdf
from gui.store.base import StoreBase
from gui.store.changes import Changes
from gui.store.errors import DocumentChanged, StoreError
from gui.store.library import recount
from gui.store.rows import annotation_to_row, slug
from gui.store.themebook import now

MAX_TITLE = 1000  # characters of a title given by rename (a UN report's longest is a few hundred)
PDF_ENCODING = "pdf"  # documents.encoding of a PDF: its blocks are stored whole, not re-extracted


def pack_source(text: str) -> bytes:
    """A document's source as stored: zlib-compressed UTF-8 (a UN report's text shrinks about fourfold; the
    blocks and the search index hold the text that is searched and cited)."""
    return zlib.compress(text.encode("utf-8"), 6)


def unpack_source(stored: str | bytes) -> str:
    """The source as written by `pack_source`, or plain text as databases before migration 5 hold it."""
    if isinstance(stored, bytes):
        try:
            return zlib.decompress(stored).decode("utf-8", errors="replace")
        except zlib.error:
            return stored.decode("utf-8", errors="replace")
    return stored


@dataclass(slots=True)
class ImportReport:
    """What an import did: new, unchanged, or updated with the fate of each annotation."""

    doc_id: str
    path: str
    status: str  # "new", "unchanged", "updated"
    kept: list[str] = field(default_factory=list)
    moved: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (id, old eid, new eid)
    orphaned: list[tuple[str, str | None]] = field(default_factory=list)  # (id, old eid)
    reworded: list[tuple[str, str, str, str]] = field(default_factory=list)  # (id, eid, old quote, new quote)
    skipped: dict[str, str] = field(default_factory=dict)  # orphan id → why no approximate search was made
    note: str = ""

    def summary(self) -> str:
        if self.status != "updated":
            return f"{self.doc_id}: {self.status} ({self.note or self.path})"
        lines = [f"{self.doc_id}: updated from {self.path} — {len(self.kept)} annotations kept, "
                 f"{len(self.reworded)} reworded in place, {len(self.moved)} moved, {len(self.orphaned)} orphaned"]
        lines += [f"  reworded {ann_id[:8]}  {eid}: “{_short(old)}” → “{_short(new)}”"
                  for ann_id, eid, old, new in self.reworded]
        lines += [f"  moved   {ann_id[:8]}  {old} → {new}" for ann_id, old, new in self.moved]
        lines += [f"  orphan  {ann_id[:8]}  was at {old} (kept with its quote and note)"
                  + (f"; not searched approximately: {self.skipped[ann_id]}" if ann_id in self.skipped else "")
                  for ann_id, old in self.orphaned]
        return "\n".join(lines)


_REMOVED_ROWS = (("documents", "id"), ("blocks", "doc_id"), ("coverage", "doc_id"), ("annotations", "doc_id"))
"""What removing a document takes (and undo puts back), in the order it is put back."""

Rows = tuple[tuple[str, ...], list[tuple[Any, ...]]]  # column names (rowid first), rows


@dataclass(frozen=True, slots=True)
class RemovedDocument:
    """A document as `remove_document` took it out, row for row (with rowids), for `restore_document`."""

    doc_id: str
    symbol: str
    title: str
    kept_annotations: bool
    rows: dict[str, Rows]
    themes: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # its annotations' (name, key, colour)

    @property
    def annotations(self) -> int:
        return len(self.rows["annotations"][1])


def _q(column: str) -> str:
    return f'"{column}"'


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> Rows:
    cursor = db.execute(sql, params)
    return tuple(c[0] for c in cursor.description), cursor.fetchall()


def _insert(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows as they were, under their old rowids (so that the search index's rows are the same ones),
    unless a later import has taken one of them: then under new rowids."""
    rowids = [r[0] for r in rows]
    taken = any(db.execute(f"SELECT 1 FROM {table} WHERE rowid IN ({','.join('?' * len(part))}) LIMIT 1",
                           part).fetchone() for part in (rowids[i:i + 500] for i in range(0, len(rowids), 500)))
    names = columns[1:] if taken else columns
    db.conn.executemany(f"INSERT INTO {table} ({', '.join(_q(c) for c in names)}) "
                        f"VALUES ({', '.join('?' * len(names))})", [r[1:] if taken else r for r in rows])


@dataclass(slots=True)
class PreparedImport:
    """A file read and extracted, not yet written: a new document, or a new text of `existing`."""

    file: Path
    content_hash: str
    document: Document
    base_id: str  # the id it asks for (made unique when written)
    existing: str | None
    twin: tuple[str, str] | None  # (id, path) of a document with the same text already in the library
    size: int  # bytes read

    def report(self, doc_id: str) -> ImportReport:
        note = f"the same text as {self.twin[0]} ({self.twin[1]}): a second copy" if self.twin is not None else ""
        return ImportReport(doc_id, str(self.file), "new", note=f"{self.file}; {note}" if note else "")


def _short(quote: str, width: int = 50) -> str:
    return quote if len(quote) <= width else quote[: width - 1] + "…"


def _themes_again(db: sqlite_utils.Database, removed: RemovedDocument) -> dict[int, int]:
    """For a removed document's annotations whose theme has gone since (merged or deleted by another window):
    the theme of that name or key now, or the theme made again (name, key, colour) at the top level."""
    out: dict[int, int] = {}
    for old, (name, key, color) in removed.themes.items():
        if db.execute("SELECT 1 FROM themes WHERE id = ?", [old]).fetchone():
            continue
        found = db.execute("SELECT id FROM themes WHERE name = ? COLLATE NOCASE OR key = ? COLLATE NOCASE "
                           "ORDER BY name != ? COLLATE NOCASE LIMIT 1", [name, key, name]).fetchone()
        if found is None:
            db.execute("INSERT INTO themes (name, key, color, description, keywords, position) VALUES (?, ?, ?, '', "
                       "'[]', (SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id IS NULL))",
                       [name, key, color])
            found = db.execute("SELECT last_insert_rowid()").fetchone()
        out[old] = int(found[0])
    return out


class DocumentShelf(StoreBase):
    """The documents of the Store: import, re-import with re-anchoring, read back, remove."""

    def import_file(self, path: str | Path, doc_id: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """Import a document file (PDF or text), or re-import a changed one and re-anchor its annotations.
        `progress(page, pages)` follows a PDF's pages and may raise to stop; nothing is written then."""
        prepared = self._prepare_import(path, doc_id, progress)
        if isinstance(prepared, ImportReport):
            return prepared
        if prepared.existing is not None:
            return self._replace_document(prepared.existing, prepared.file, prepared.content_hash, prepared.document)
        with self._write() as db:
            new_id = self._new_id(prepared.base_id)  # under the lock: no other window can take it meanwhile
            self._write_document(db, new_id, prepared.file, prepared.content_hash, prepared.document)
        return prepared.report(new_id)

    def _prepare_import(self, path: str | Path, doc_id: str | None,
                        progress: Callable[[int, int], None] | None) -> ImportReport | PreparedImport:
        """Read and extract a file, outside any transaction. An unchanged document (or one whose file moved)
        is dealt with here and its report returned; else what is to be written."""
        data = read_bounded(path, MAX_PDF_BYTES)  # first: a pipe, a device or a loop of links is refused
        file = Path(path).resolve()
        pdf = looks_like_pdf(data)
        if pdf:
            text, encoding, content_hash = "", PDF_ENCODING, hashlib.sha256(data).hexdigest()
        else:
            text, encoding = decode_bytes(data, str(path))
            refuse_web_page(path, text)
            content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        existing = self._find_existing(file, doc_id)
        if existing is None and doc_id is None:  # its text removed with its annotations kept: it comes back
            existing = next(iter(self.db.query(
                "SELECT id, path, content_hash, 1 AS removed FROM documents WHERE content_hash = ? AND id IN "
                "(SELECT doc_id FROM removed_documents) ORDER BY position LIMIT 1", [content_hash])), None)
        twin = None
        if existing is not None and existing["content_hash"] == content_hash and not existing["removed"]:
            if existing["path"] != str(file):
                with self._write() as db:
                    db.table("documents").update(existing["id"], {"path": str(file)})
            return ImportReport(existing["id"], str(file), "unchanged")
        if existing is None:
            twins = self.db.execute("SELECT id, path FROM documents WHERE content_hash = ? AND id NOT IN "
                                    "(SELECT doc_id FROM removed_documents) ORDER BY position",
                                    [content_hash]).fetchall()
            gone = next((t for t in twins if not t[1] or not Path(t[1]).exists()), None)
            if gone is not None:
                with self._write() as db:  # the file moved: follow it
                    db.table("documents").update(gone[0], {"path": str(file)})
                return ImportReport(gone[0], str(file), "unchanged", note=f"its file moved here from {gone[1]}")
            twin = (str(twins[0][0]), str(twins[0][1])) if twins else None
        document = read_pdf(data, str(file), progress) if pdf else extract(text, path=str(file), encoding=encoding)
        base_id = doc_id or (slug(document.symbol) if document.symbol else slug(file.stem))
        return PreparedImport(file, content_hash, document, base_id, existing["id"] if existing else None, twin,
                              len(data))

    def _find_existing(self, file: Path, doc_id: str | None) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT id, path, content_hash, id IN (SELECT doc_id FROM removed_documents) "
                                  "AS removed FROM documents WHERE id = ? OR path = ?",
                                  [doc_id or "", str(file)]))
        by_id = [r for r in rows if r["id"] == doc_id]
        found = by_id or rows
        return found[0] if found else None

    def _new_id(self, base: str, pending: Collection[str] = ()) -> str:
        """`base`, or `base-N` for a free N just after a taken one, found by a binary search over point
        lookups on the primary key: about 2·log₂(copies) queries, whatever the size of the library (probing
        -2, -3, … one query each made importing many copies quadratic, and a MAX over every copy's id grew
        with their number). `pending`: ids chosen for documents not yet written (a bulk import's batch)."""

        def taken(number: int) -> bool:  # base itself is number 1
            doc_id = base if number == 1 else f"{base}-{number}"
            return doc_id in pending or bool(
                self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone())

        if not taken(1):
            return base
        low, high = 1, 2  # taken(low) holds; grow `high` until it is free
        while taken(high):
            low, high = high, high * 2
        while high - low > 1:  # taken(low), free(high): a free number just after a taken one lies between
            middle = (low + high) // 2
            if taken(middle):
                low = middle
            else:
                high = middle
        return f"{base}-{high}"

    def _write_document(self, db: sqlite_utils.Database, doc_id: str, file: Path, content_hash: str,
                        document: Document) -> None:
        position = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM documents").fetchone()[0]
        row = {
            "id": doc_id, "path": str(file), "content_hash": content_hash, "symbol": document.symbol,
            "title": document.title, "date": document.date, "languages": json.dumps(list(document.languages)),
            "original_language": document.original_language, "encoding": document.encoding,
            "source": pack_source(document.source), "plain_text": "", "imported": now(), "position": position,
            "page_labels": json.dumps(list(document.page_labels)) if document.page_labels else None,
        }
        # Plain SQL: sqlite-utils' upsert reads the table's schema again on every call.
        columns = ", ".join(row)
        db.execute(f"INSERT INTO documents ({columns}) VALUES ({', '.join('?' * len(row))}) ON CONFLICT(id) DO UPDATE "
                   f"SET {', '.join(f'{c} = excluded.{c}' for c in row if c != 'id')}", list(row.values()))
        offsets = document.block_offsets()
        # Straight executemany: sqlite-utils' per-row type checks cost a third of an import.
        printed = document.encoding == PDF_ENCODING  # a PDF's blocks are rebuilt from these rows
        db.conn.executemany(
            'INSERT INTO blocks (doc_id, eid, position, kind, num, level, parent, text, start, "end", spans, language, '
            'boxes, refs, "rows") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [(doc_id, b.eid, i, b.kind.value, b.num, b.level, b.parent, b.text, *offsets[b.eid],
              json.dumps([list(s) for s in b.spans]), b.language,
              json.dumps(b.boxes) if printed else None, json.dumps(b.refs) if printed and b.refs else None,
              json.dumps(b.rows) if printed and b.rows else None)
             for i, b in enumerate(document.blocks)])
        recount(db, [doc_id])  # the library's coverage, in the same transaction
        self._documents.keep(doc_id, document)
        self._versions[doc_id] = content_hash

    def _replace_document(self, doc_id: str, file: Path, content_hash: str, document: Document) -> ImportReport:
        report = ImportReport(doc_id, str(file), "updated")
        with self._write() as db:
            row = db.execute("SELECT position FROM documents WHERE id = ?", [doc_id]).fetchone()
            if row is None:  # removed by another window since the file was read
                raise StoreError(f"{doc_id} was removed by another Marginalia window or command while {file.name} "
                                 "was read; nothing was changed — import it again")
            position = row[0]
            annotations = self.annotations(doc=doc_id)  # under the lock: one tagged meanwhile is re-anchored too
            db.execute("DELETE FROM blocks WHERE doc_id = ?", [doc_id])
            db.execute("DELETE FROM removed_documents WHERE doc_id = ?", [doc_id])  # removed, now back
            self._write_document(db, doc_id, file, content_hash, document)
            db.table("documents").update(doc_id, {"position": position})
            budget = Budget()  # approximate search is bounded for the whole re-import
            for ann in annotations:
                placement = reanchor(document, ann.anchor, ann.eid, ann.span, budget)
                if placement.outcome == "orphan" or placement.anchor is None:
                    report.orphaned.append((ann.id, ann.eid))
                    if placement.reason:
                        report.skipped[ann.id] = placement.reason
                    db.table("annotations").update(ann.id, {"status": "orphan", "eid": None})
                    continue
                if placement.eid != ann.eid:
                    report.moved.append((ann.id, ann.eid, placement.eid))
                elif placement.anchor.exact == ann.anchor.exact:
                    report.kept.append(ann.id)  # same block, same words (perhaps further up or down)
                else:
                    report.reworded.append((ann.id, ann.eid or "", ann.anchor.exact, placement.anchor.exact))
                new = replace(ann, eid=placement.eid, span=placement.span, anchor=placement.anchor, status="anchored")
                db.table("annotations").update(ann.id, annotation_to_row(new))
        return report

    def block_texts(self, doc_id: str) -> dict[str, str]:
        """eid → text of a document's blocks, as stored now (not from the cache)."""
        return dict(self.db.execute("SELECT eid, text FROM blocks WHERE doc_id = ?", [doc_id]).fetchall())

    def document(self, doc_id: str) -> Document:
        """The document as extracted at import (rebuilt from the stored text; the last few are cached)."""
        cached = self._documents.find(doc_id)
        if cached is not None:
            return cached
        rows = list(self.db.query("SELECT source, path, encoding, content_hash FROM documents WHERE id = ?",
                                  [doc_id]))
        if not rows:
            raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
        row = rows[0]
        source = unpack_source(row["source"])
        if row["encoding"] == PDF_ENCODING:
            document = self._printed_document(doc_id, source, row["path"])
        else:
            document = extract(source, path=row["path"], encoding=row["encoding"])
        self._documents.keep(doc_id, document)
        # A document read before and changed since keeps the version first read: the next write refuses
        # (as it did when every document stayed cached), instead of quietly writing against other text.
        self._versions.setdefault(doc_id, row["content_hash"])
        return document

    def cached(self, doc_id: str) -> Document | None:
        """The document as this Store last read it, or None once it is known to have changed (or unread, or
        no longer among the few kept)."""
        return self._documents.get(doc_id)

    def _printed_document(self, doc_id: str, source: str, path: str | None) -> Document:
        """A PDF's Document, rebuilt from its stored blocks (the PDF itself may be gone)."""
        meta = self.db.execute("SELECT symbol, date, title, languages, original_language, page_labels "
                               "FROM documents WHERE id = ?", [doc_id]).fetchone()
        rows = self.db.execute(
            'SELECT eid, kind, num, level, parent, text, spans, language, boxes, refs, "rows" FROM blocks '
            "WHERE doc_id = ? ORDER BY position", [doc_id]).fetchall()
        blocks = tuple(Block(
            eid=r[0], kind=Kind(r[1]), num=r[2], level=r[3], parent=r[4], text=r[5],
            spans=tuple(tuple(s) for s in json.loads(r[6])), language=r[7] or "en",
            boxes=tuple(tuple(b) for b in json.loads(r[8] or "[]")),
            refs=tuple(tuple(x) for x in json.loads(r[9] or "[]")),
            rows=tuple(tuple(x) for x in json.loads(r[10] or "[]")),
        ) for r in rows)
        return Document(source=source, blocks=blocks, symbol=meta[0], date=meta[1], title=meta[2],
                        languages=tuple(json.loads(meta[3] or "[]")), original_language=meta[4],
                        encoding=PDF_ENCODING, path=path, page_labels=tuple(json.loads(meta[5] or "[]")))

    def invalidate(self) -> None:
        """Forget cached documents and themes (another connection may have changed them)."""
        self._documents.clear()
        self._versions.clear()
        self._themes = None

    def document_state(self, doc_id: str) -> str:
        """After another process wrote: is the document this Store read still the one stored? "current",
        "removed" (the copy read stays, to be read on; a write against it is refused, naming the removal) or
        "re-imported" (the copy is dropped: the next read gets the new text). The themes are read afresh too.
        One indexed query."""
        self._themes = None
        with self._errors():
            stored = self._stored_hash(self.db, doc_id)
        known = self._versions.get(doc_id)
        if stored is not None and (known is None or known == stored):
            return "current"
        if stored is None:
            return "removed"
        self._forget(doc_id)
        return "re-imported"

    def _forget(self, doc_id: str) -> None:
        self._documents.pop(doc_id, None)
        self._versions.pop(doc_id, None)

    def _check_current(self, db: sqlite_utils.Database, doc_ids: Iterable[str]) -> None:
        """Inside a write: refuse when a document this Store has read was re-imported or removed since (by
        another window or command). The cached copy is dropped, so that reopening it reads the new text."""
        for doc_id in dict.fromkeys(doc_ids):
            known = self._versions.get(doc_id)
            if known is None:
                continue
            stored = self._stored_hash(db, doc_id)
            if stored == known:
                continue
            self._forget(doc_id)
            what = "removed" if stored is None else "re-imported"
            raise DocumentChanged(doc_id, f"{doc_id} was {what} by another Marginalia window or command since it "
                                          f"was opened; nothing was changed — reopen it")

    # --- removing and renaming ---------------------------------------------------------------------------
    def annotation_count(self, doc_id: str) -> int:
        """How many annotations (anchored or orphaned, every coder's) a document has."""
        with self._errors():
            return int(self.db.execute("SELECT COUNT(*) FROM annotations WHERE doc_id = ?", [doc_id]).fetchone()[0])

    def remove_document(self, doc_id: str, *, keep_annotations: bool = False) -> RemovedDocument:
        """Take a document out of the library in one transaction: its blocks, search rows and coverage, and
        its annotations too — or, with `keep_annotations`, those stay as orphans (quote and note kept; the
        document's row stays, set aside, so that they are still cited, exported and re-anchored if it is
        imported again). Returns everything taken, for `restore_document` (undo)."""
        with self._write() as db:
            if self._stored_hash(db, doc_id) is None:
                raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
            taken = {table: _rows(db, f"SELECT rowid, * FROM {table} WHERE {column} = ?", [doc_id])
                     for table, column in _REMOVED_ROWS}
            info = db.execute("SELECT symbol, title FROM documents WHERE id = ?", [doc_id]).fetchone()
            themes = {int(r[0]): (str(r[1]), str(r[2]), str(r[3])) for r in db.execute(
                "SELECT id, name, key, color FROM themes WHERE id IN "
                "(SELECT theme_id FROM annotations WHERE doc_id = ?)", [doc_id]).fetchall()}
            db.execute("DELETE FROM blocks WHERE doc_id = ?", [doc_id])  # their search rows go by trigger
            db.execute("DELETE FROM coverage WHERE doc_id = ?", [doc_id])
            if keep_annotations:
                db.execute("UPDATE annotations SET status = 'orphan', eid = NULL WHERE doc_id = ?", [doc_id])
                db.execute("INSERT INTO removed_documents (doc_id, removed) VALUES (?, ?)", [doc_id, now()])
            else:
                db.execute("DELETE FROM annotations WHERE doc_id = ?", [doc_id])
                db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        self._forget(doc_id)
        return RemovedDocument(doc_id, info[0] or doc_id, info[1] or "", keep_annotations, taken, themes)

    def restore_document(self, removed: RemovedDocument) -> Changes:
        """Put a removed document back exactly as it was (the same row, blocks, search rows, coverage and
        annotations, under the same ids), in one transaction. Refused when the document was imported again
        since (its annotations may have been re-anchored on it)."""
        doc_id = removed.doc_id
        with self._write() as db:
            set_aside = db.execute("SELECT 1 FROM removed_documents WHERE doc_id = ?", [doc_id]).fetchone()
            present = db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
            if present and not (removed.kept_annotations and set_aside):
                raise StoreError(f"{doc_id} was imported again since it was removed; it was not put back")
            db.execute("DELETE FROM removed_documents WHERE doc_id = ?", [doc_id])
            themes = _themes_again(db, removed)
            for table, _column in _REMOVED_ROWS:
                columns, rows = removed.rows[table]
                if table == "annotations" and themes:  # a theme merged or deleted since: its annotations come back
                    at = columns.index("theme_id")
                    rows = [(*r[:at], themes.get(r[at], r[at]), *r[at + 1:]) for r in rows]
                if table == "documents" and present:
                    continue
                if table == "annotations" and removed.kept_annotations:  # still there, orphaned: as they were
                    names = [c for c in columns if c not in ("rowid", "id")]
                    db.conn.executemany(
                        f"UPDATE annotations SET {', '.join(f'{_q(c)} = ?' for c in names)} WHERE id = ?",
                        [[r[columns.index(c)] for c in names] + [r[columns.index("id")]] for r in rows])
                    continue
                _insert(db, table, columns, rows)
        self._forget(doc_id)
        return Changes(docs=frozenset({doc_id}))

    def rename_document(self, doc_id: str, title: str) -> Changes:
        """Give a document another display title (the library, the exports' headings); its text is unchanged."""
        title = " ".join(title.split())
        if not title:
            raise StoreError("a document's title cannot be empty")
        if len(title) > MAX_TITLE and title != " ".join((self.document(doc_id).title or "").split()):  # its own
            # title, as extracted, may be longer: a rename is undone to it
            raise StoreError(f"a document's title can have up to {MAX_TITLE} characters, not {len(title):,}")
        if any(unicodedata.category(c) == "Cc" for c in title):  # ESC [2J in a title would clear a terminal
            raise StoreError("a document's title cannot hold control characters")
        with self._write() as db:
            if self._stored_hash(db, doc_id) is None:
                raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
            db.execute("UPDATE documents SET title = ? WHERE id = ?", [title, doc_id])
        return Changes(docs=frozenset({doc_id}))

    def document_id(self, name: str) -> str:
        """The id of the document named by its id or its UN symbol ("S/2017/130"); a one-line error if none."""
        with self._errors():
            row = self.db.execute(
                "SELECT id FROM documents WHERE (id = ? OR symbol = ? COLLATE NOCASE) "
                "AND id NOT IN (SELECT doc_id FROM removed_documents) ORDER BY id != ?, position LIMIT 1",
                [name, name, name]).fetchone()
        if row is None:
            raise StoreError(f"no document {name!r} in {self.path} (see `docs` for the ids)")
        return str(row[0])

    def _stored_hash(self, db: sqlite_utils.Database, doc_id: str) -> str | None:
        """The document's content hash, or None when it is not in the library (never imported, or removed)."""
        row = db.execute("SELECT content_hash FROM documents WHERE id = ? AND id NOT IN "
                         "(SELECT doc_id FROM removed_documents)", [doc_id]).fetchone()
        return str(row[0]) if row else None

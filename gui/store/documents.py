"""Documents: importing a file (text or PDF), re-importing a changed one, reading a document back.

A text document is re-extracted from its stored source; a PDF's (encoding "pdf") is rebuilt from its stored
block rows, since the PDF itself may be gone. The few documents read last are kept in memory; every document
read is remembered by its content hash, so that a write against text another window has re-imported since is
refused (`DocumentChanged`) even after the document left the cache.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from gui.core.anchor import Budget, reanchor
from gui.core.citation import cited_place
from gui.core.decode import decode_bytes, read_bounded
from gui.core.extract import extract, refuse_web_page
from gui.core.model import Block, Document, Kind
from gui.core.pdf import MAX_PDF_BYTES, looks_like_pdf, read_pdf
from gui.store.base import StoreBase
from gui.store.citations import prepare_extras, write_document_extras
from gui.store.errors import DocumentChanged, StoreError
from gui.store.indexing import indexed_in_one_pass
from gui.store.library import recount
from gui.store.memo_anchors import MemoPlacement, memo_lines, passage_memos, reanchor_memos
from gui.store.reading_notes import left_unread, write_reading_notes
from gui.store.recognition import read_recognised, recognised_by_older_engine, write_recognised
from gui.store.recognition import recognising as stored_recognition
from gui.store.rows import annotation_to_row, slug
from gui.store.search import SearchHit
from gui.store.themebook import now

PDF_ENCODING = "pdf"  # documents.encoding of a PDF: its blocks are stored whole, not re-extracted


def pack_source(text: str) -> bytes:
    """A document's source as stored: zlib-compressed UTF-8 (a UN report's text shrinks about fourfold; the
    blocks and the search index hold the text that is searched and cited)."""
    return zlib.compress(text.encode("utf-8"), 4)  # level 4: 2.3× the speed of 6, 5 % larger (0.33 of the text)


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
    memos: list[MemoPlacement] = field(default_factory=list)  # memos on passages: kept, moved or orphaned
    note: str = ""
    warnings: list[str] = field(default_factory=list)  # what the reader could not place (Document.warnings)
    unread: tuple[int, ...] = ()  # pages of a PDF with no text layer not read (those recognition failed on aside)

    def summary(self) -> str:
        if self.status != "updated":
            head = f"{self.doc_id}: {self.status} ({self.note or self.path})"
            if self.warnings:  # never a clean "new" when text was left out
                head = f"{self.doc_id}: {self.status}, with {len(self.warnings)} warnings ({self.note or self.path})"
            return "\n".join([head, *(f"  warning  {w}" for w in self.warnings)]) + self._unread()
        lines = [f"{self.doc_id}: updated from {self.path} — {len(self.kept)} annotations kept, "
                 f"{len(self.reworded)} reworded in place, {len(self.moved)} moved, {len(self.orphaned)} orphaned"]
        lines += [f"  reworded {ann_id[:8]}  {eid}: “{_short(old)}” → “{_short(new)}”"
                  for ann_id, eid, old, new in self.reworded]
        lines += [f"  moved   {ann_id[:8]}  {old} → {new}" for ann_id, old, new in self.moved]
        lines += [f"  orphan  {ann_id[:8]}  was at {old} (kept with its quote and note)"
                  + (f"; not searched approximately: {self.skipped[ann_id]}" if ann_id in self.skipped else "")
                  for ann_id, old in self.orphaned]
        return "\n".join(lines + memo_lines(self.memos)) + self._unread()

    def _unread(self) -> str:
        if not self.unread:
            return ""
        return (f"\n  {len(self.unread)} page(s) without a text layer were not read (page "
                f"{_pages(self.unread)}): scanned pages, which need OCR")


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
        if self.document.recognised is not None:  # a scan: say how many pages recognition read, and which not
            note = "; ".join(x for x in (note, self.document.recognised.summary()) if x)
        return ImportReport(doc_id, str(self.file), "new", note=f"{self.file}; {note}" if note else "",
                            warnings=list(self.document.warnings), unread=left_unread(self.document))


def _pages(numbers: tuple[int, ...]) -> str:
    """Page numbers as a reader writes them: "2–21, 24"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _short(quote: str, width: int = 50) -> str:
    return quote if len(quote) <= width else quote[: width - 1] + "…"


class DocumentShelf(StoreBase):
    """The documents of the Store: import, re-import with re-anchoring, read back (removing and renaming:
    `removal.py`)."""

    def import_file(self, path: str | Path, doc_id: str | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    recognising: Callable[[int, int], None] | None = None) -> ImportReport:
        """Import a document file (PDF or text), or re-import a changed one and re-anchor its annotations.
        `progress(page, pages)` follows a PDF's pages and may raise to stop; nothing is written then.
        `recognising(page, pages)` follows the recognition of its scanned pages (kept as each is read)."""
        prepared = self._prepare_import(path, doc_id, progress, recognising)
        if isinstance(prepared, ImportReport):
            return prepared
        if prepared.existing is not None:
            return self._replace_document(prepared.existing, prepared.file, prepared.content_hash, prepared.document)
        with self._write() as db, indexed_in_one_pass(db) as written:  # its search index in one pass
            new_id = self._new_id(prepared.base_id)  # under the lock: no other window can take it meanwhile
            self._write_document(db, new_id, prepared.file, prepared.content_hash, prepared.document)
            written.append(new_id)
        return prepared.report(new_id)

    def _prepare_import(self, path: str | Path, doc_id: str | None, progress: Callable[[int, int], None] | None,
                        recognising: Callable[[int, int], None] | None = None) -> ImportReport | PreparedImport:
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
        if existing is not None and existing["content_hash"] == content_hash and not existing["removed"] \
                and not (pdf and recognised_by_older_engine(self.db, existing["id"])):  # else: read afresh
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
        if pdf:
            with stored_recognition(self.db, self._write, recognising):  # scanned pages: recognised once
                document = read_pdf(data, str(file), progress)
        else:
            document = extract(text, path=str(file), encoding=encoding)
        prepare_extras(document)  # its citations and attributes, found before the write lock is taken
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

    def _new_id(self, base: str) -> str:
        """`base`, or `base-N` for a free N just after a taken one, found by a binary search over point
        lookups on the primary key: about 2·log₂(copies) queries, whatever the size of the library (probing
        -2, -3, … one query each made importing many copies quadratic, and a MAX over every copy's id grew
        with their number). Called inside the write transaction, it sees the rows that transaction wrote."""

        def taken(number: int) -> bool:  # base itself is number 1
            doc_id = base if number == 1 else f"{base}-{number}"
            return bool(self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone())

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
            'boxes, refs, "rows", cited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [(doc_id, b.eid, i, b.kind.value, b.num, b.level, b.parent, b.text, *offsets[b.eid],
              json.dumps([list(s) for s in b.spans]), b.language,
              json.dumps(b.boxes) if printed else None, json.dumps(b.refs) if printed and b.refs else None,
              json.dumps(b.rows) if printed and b.rows else None, cited_place(document, b))
             for i, b in enumerate(document.blocks)])
        write_recognised(db, doc_id, document)
        write_reading_notes(db, doc_id, document)  # its warnings and unread pages, for the library's marks
        recount(db, [doc_id])  # the library's coverage, in the same transaction
        write_document_extras(db, doc_id, document)  # its citations and attributes, with its blocks
        self._documents.keep(doc_id, replace(document, content_hash=content_hash) if printed else document)
        self._versions[doc_id] = content_hash

    def _replace_document(self, doc_id: str, file: Path, content_hash: str, document: Document) -> ImportReport:
        report = ImportReport(doc_id, str(file), "updated", unread=left_unread(document))
        with self._write() as db:
            row = db.execute("SELECT position FROM documents WHERE id = ?", [doc_id]).fetchone()
            if row is None:  # removed by another window since the file was read
                raise StoreError(f"{doc_id} was removed by another Marginalia window or command while {file.name} "
                                 "was read; nothing was changed — import it again")
            position = row[0]
            annotations = self.annotations(doc=doc_id)  # under the lock: one tagged meanwhile is re-anchored too
            memos = passage_memos(db, doc_id)  # found by their blocks' words as stored, before those go
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
            report.memos = reanchor_memos(db, document, memos, budget)
        return report

    def complete_citations(self, hits: list[SearchHit]) -> list[SearchHit]:
        """The hits, each with its block's place as cited (`SearchHit.cited`). Blocks imported before places
        were stored have none: their document is read once, and the places of all its blocks written, so that
        the next listing finds them (a document that cannot be read keeps the hit's own citation)."""
        missing = list(dict.fromkeys(h.doc_id for h in hits if not h.cited and h.eid))
        places: dict[tuple[str, str], str] = {}
        for doc_id in missing:
            try:
                document = self.document(doc_id)
            except StoreError:
                continue
            cited = [(cited_place(document, b), doc_id, b.eid) for b in document.blocks]
            places.update({(doc_id, eid): where for where, _, eid in cited})
            try:
                with self._write() as db:  # only where still unset: a re-import since wrote its own
                    db.conn.executemany("UPDATE blocks SET cited = ? WHERE doc_id = ? AND eid = ? AND cited IS NULL",
                                        cited)
            except StoreError:
                pass  # a read-only database: cited from the document this time, as before
        return [replace(h, cited=places[(h.doc_id, h.eid)]) if (h.doc_id, h.eid) in places else h for h in hits]

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
        meta = self.db.execute("SELECT symbol, date, title, languages, original_language, page_labels, content_hash "
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
                        encoding=PDF_ENCODING, path=path, page_labels=tuple(json.loads(meta[5] or "[]")),
                        content_hash=meta[6], recognised=read_recognised(self.db, doc_id))

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

    def _stored_hash(self, db: sqlite_utils.Database, doc_id: str) -> str | None:
        """The document's content hash, or None when it is not in the library (never imported, or removed)."""
        row = db.execute("SELECT content_hash FROM documents WHERE id = ? AND id NOT IN "
                         "(SELECT doc_id FROM removed_documents)", [doc_id]).fetchone()
        return str(row[0]) if row else None

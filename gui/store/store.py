"""The Store: documents, themes and annotations in one SQLite file, every write atomic and durable."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlite_utils

from gui.core.anchor import Budget, make_anchor, reanchor
from gui.core.annotations import Annotation, Theme
from gui.core.decode import decode_bytes, read_bounded
from gui.core.extract import extract, refuse_web_page
from gui.core.model import BODY_KINDS as _BODY
from gui.core.model import Block, Document, Kind
from gui.core.pdf import MAX_PDF_BYTES, looks_like_pdf, read_pdf
from gui.store import backup, schema
from gui.store.changes import Changes
from gui.store.errors import DocumentChanged, StoreError, sqlite_errors
from gui.store.paths import bundled_corpus, check_folder, default_db_path
from gui.store.rows import annotation_from_row, annotation_to_row, slug
from gui.store.search import SearchHit, search_blocks
from gui.store.themebook import COLOUR, ThemeBook, clean_name, now
from gui.store.unreadable import TolerantText, unreadable_rows

__all__ = ["COLOUR", "Changes", "DocumentInfo", "ImportReport", "SearchHit", "Store", "clean_name", "now"]

BODY_KINDS = tuple(sorted(k.value for k in _BODY))
PDF_ENCODING = "pdf"  # documents.encoding of a PDF: its blocks are stored whole, not re-extracted




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

    def coverage(self) -> tuple[int, int, str]:
        """(tagged, total, unit): numbered paragraphs when the document is numbered, else body blocks."""
        if self.numbered_paragraphs * 2 >= self.body_blocks:
            return self.tagged_paragraphs, self.numbered_paragraphs, "paragraphs"
        return self.tagged_blocks, self.body_blocks, "blocks"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "path": self.path, "symbol": self.symbol, "title": self.title, "date": self.date,
                "languages": list(self.languages), "body_blocks": self.body_blocks,
                "tagged_blocks": self.tagged_blocks, "missing": self.missing}


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


def _short(quote: str, width: int = 50) -> str:
    return quote if len(quote) <= width else quote[: width - 1] + "…"


class Store(ThemeBook):
    """One Marginalia database. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path | None = None, *, import_corpus: bool | None = None) -> None:
        """Open `path` (default: the user's data folder). A new database gets the bundled corpus unless
        `import_corpus=False`."""
        self.path = Path(path) if path is not None else default_db_path()
        check_folder(self.path, create=path is None)  # the data folder is ours to make; a --db folder is not
        try:
            fresh = not self.path.exists() or self.path.stat().st_size == 0
        except OSError as error:
            raise StoreError(f"{self.path}: cannot be read ({error.strerror or error})") from None
        self.db = schema.connect(self.path)
        self.text = TolerantText()  # damaged text reads as U+FFFD instead of failing every read
        self.db.conn.text_factory = self.text
        self._themes: list[Theme] | None = None
        self._documents: dict[str, Document] = {}
        self._versions: dict[str, str] = {}  # doc_id → content_hash of the cached Document
        try:
            with self._errors():
                if not fresh and schema.pending(self.db, self.path):
                    backup.make_backup(self.db.conn, self.path, "before-migration")
                schema.migrate(self.db, self.path)
                if not fresh:
                    backup.daily_backup(self.db.conn, self.path)
                if not self.db.table("themes").count:
                    self._seed_themes()
        except BaseException:
            self.db.conn.close()
            raise
        self.closed = False
        if import_corpus if import_corpus is not None else fresh:
            for file in bundled_corpus():
                self.import_file(file)

    # --- lifecycle --------------------------------------------------------------------------------------
    def close(self) -> None:
        self.closed = True
        self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn SQLite failures into messages an analyst can act on (see `gui.store.errors.translate`)."""
        with sqlite_errors(self.path):
            yield

    @contextmanager
    def _write(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, holding the write lock from its first statement (BEGIN IMMEDIATE): what a
        write checks inside it — the document's version, the themes — cannot change before it lands."""
        try:
            with self.transaction():
                yield self.db
        finally:
            self._themes = None  # a write may have changed the themes

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes that land together or not at all. It takes the write lock at once (BEGIN IMMEDIATE):
        what is read inside cannot be changed by another window before the writes. Keep it short."""
        if self.db.conn.in_transaction:
            with self._errors(), self.db.atomic():
                yield
            return
        with self._errors():
            self.db.conn.execute("BEGIN IMMEDIATE")
        self._themes = None  # read afresh under the lock: another window may have changed them
        try:
            with self._errors(), self.db.atomic():
                yield
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            raise
        finally:
            self._themes = None
        try:
            with self._errors():
                self.db.conn.execute("COMMIT")
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            raise

    def unreadable(self) -> list[str]:
        """Rows whose text is not valid UTF-8 (read with U+FFFD in its place), e.g. "annotation 1a2b (exact)"."""
        with self._errors():
            return unreadable_rows(self.db.conn)

    # --- documents --------------------------------------------------------------------------------------
    def import_file(self, path: str | Path, doc_id: str | None = None,
                    progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """Import a document file (PDF or text), or re-import a changed one and re-anchor its annotations.
        `progress(page, pages)` follows a PDF's pages and may raise to stop; nothing is written then."""
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
        if existing is not None and existing["content_hash"] == content_hash:
            if existing["path"] != str(file):
                with self._write() as db:
                    db.table("documents").update(existing["id"], {"path": str(file)})
            return ImportReport(existing["id"], str(file), "unchanged")
        if existing is None:
            twins = self.db.execute("SELECT id, path FROM documents WHERE content_hash = ? ORDER BY position",
                                    [content_hash]).fetchall()
            gone = next((t for t in twins if not t[1] or not Path(t[1]).exists()), None)
            if gone is not None:
                with self._write() as db:  # the file moved: follow it
                    db.table("documents").update(gone[0], {"path": str(file)})
                return ImportReport(gone[0], str(file), "unchanged", note=f"its file moved here from {gone[1]}")
            twin = twins[0] if twins else None
        document = read_pdf(data, str(file), progress) if pdf else extract(text, path=str(file), encoding=encoding)
        if existing is None:
            new_id = self._new_id(doc_id or (slug(document.symbol) if document.symbol else slug(file.stem)))
            with self._write() as db:
                self._write_document(db, new_id, file, content_hash, document)
            note = f"the same text as {twin[0]} ({twin[1]}): a second copy" if twin is not None else ""
            return ImportReport(new_id, str(file), "new", note=f"{file}; {note}" if note else "")
        return self._replace_document(existing["id"], file, content_hash, document)

    def _find_existing(self, file: Path, doc_id: str | None) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT id, path, content_hash FROM documents WHERE id = ? OR path = ?",
                                  [doc_id or "", str(file)]))
        by_id = [r for r in rows if r["id"] == doc_id]
        found = by_id or rows
        return found[0] if found else None

    def _new_id(self, base: str) -> str:
        candidate, n = base, 1
        while self.db.table("documents").count_where("id = ?", [candidate]):
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _write_document(self, db: sqlite_utils.Database, doc_id: str, file: Path, content_hash: str,
                        document: Document) -> None:
        position = db.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM documents").fetchone()[0]
        db.table("documents").upsert({
            "id": doc_id, "path": str(file), "content_hash": content_hash, "symbol": document.symbol,
            "title": document.title, "date": document.date, "languages": json.dumps(list(document.languages)),
            "original_language": document.original_language, "encoding": document.encoding,
            "source": document.source, "plain_text": document.plain_text(), "imported": now(), "position": position,
            "page_labels": json.dumps(list(document.page_labels)) if document.page_labels else None,
        }, pk="id")
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
        self._documents[doc_id] = document
        self._versions[doc_id] = content_hash

    def _replace_document(self, doc_id: str, file: Path, content_hash: str, document: Document) -> ImportReport:
        report = ImportReport(doc_id, str(file), "updated")
        annotations = self.annotations(doc=doc_id)
        with self._write() as db:
            db.execute("DELETE FROM blocks WHERE doc_id = ?", [doc_id])
            position = db.execute("SELECT position FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
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

    def documents(self, doc_id: str | None = None, *, coverage: bool = True) -> list[DocumentInfo]:
        """The library, in import order, with coverage; or one document. `coverage=False` leaves the counts
        at 0 for callers that only need ids, symbols and titles."""
        kinds = ",".join(f"'{k}'" for k in BODY_KINDS)
        only = "WHERE d.id = :doc" if doc_id is not None else ""
        # A paragraph counts as tagged when it or one of its points is: its eid, or eids under it
        # ("para_5__…", the range [eid + "__", eid + "_`") since "`" follows "_"), found on the annotation index.
        counts = f"""
                (SELECT COUNT(*) FROM blocks b WHERE b.doc_id = d.id AND b.kind IN ({kinds})) AS body,
                (SELECT COUNT(*) FROM blocks b WHERE b.doc_id = d.id AND b.kind = 'paragraph'
                     AND b.num IS NOT NULL) AS numbered,
                (SELECT COUNT(DISTINCT a.eid) FROM annotations a JOIN blocks b
                     ON b.doc_id = a.doc_id AND b.eid = a.eid
                     WHERE a.doc_id = d.id AND a.status = 'anchored' AND b.kind IN ({kinds})) AS tagged,
                (SELECT COUNT(*) FROM blocks p WHERE p.doc_id = d.id AND p.kind = 'paragraph'
                     AND p.num IS NOT NULL AND EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = p.doc_id
                     AND a.status = 'anchored' AND (a.eid = p.eid
                     OR (a.eid >= p.eid || '__' AND a.eid < p.eid || '_`')))) AS tagged_paragraphs""" \
            if coverage else "0 AS body, 0 AS numbered, 0 AS tagged, 0 AS tagged_paragraphs"
        rows = self.db.query(f"""
            SELECT d.id, d.path, d.symbol, d.title, d.date, d.languages, {counts}
            FROM documents d {only} ORDER BY d.position, d.id""", {"doc": doc_id})
        return [DocumentInfo(
            id=r["id"], path=r["path"], symbol=r["symbol"], title=r["title"], date=r["date"],
            languages=tuple(json.loads(r["languages"] or "[]")), body_blocks=r["body"], tagged_blocks=r["tagged"],
            numbered_paragraphs=r["numbered"], tagged_paragraphs=r["tagged_paragraphs"],
            missing=not (r["path"] and Path(r["path"]).exists()),
        ) for r in rows]

    def block_texts(self, doc_id: str) -> dict[str, str]:
        """eid → text of a document's blocks, as stored now (not from the cache)."""
        return dict(self.db.execute("SELECT eid, text FROM blocks WHERE doc_id = ?", [doc_id]).fetchall())

    def document(self, doc_id: str) -> Document:
        """The document as extracted at import (rebuilt from the stored text; cached)."""
        if doc_id not in self._documents:
            rows = list(self.db.query("SELECT source, path, encoding, content_hash FROM documents WHERE id = ?",
                                      [doc_id]))
            if not rows:
                raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
            row = rows[0]
            if row["encoding"] == PDF_ENCODING:
                self._documents[doc_id] = self._printed_document(doc_id, row["source"], row["path"])
            else:
                self._documents[doc_id] = extract(row["source"], path=row["path"], encoding=row["encoding"])
            self._versions[doc_id] = row["content_hash"]
        return self._documents[doc_id]

    def cached(self, doc_id: str) -> Document | None:
        """The document as this Store last read it, or None once it is known to have changed (or unread)."""
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

    def remove_document(self, doc_id: str) -> Changes:
        """Remove a document that has no annotations (annotated documents are never dropped silently)."""
        self.document(doc_id)
        with self._write() as db:
            if db.table("annotations").count_where("doc_id = ?", [doc_id]):  # counted under the write lock
                raise StoreError(f"{doc_id} has annotations; delete or export them before removing the document")
            db.execute("DELETE FROM blocks WHERE doc_id = ?", [doc_id])
            db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        self._forget(doc_id)
        return Changes(docs=frozenset({doc_id}))

    # --- annotations ------------------------------------------------------------------------------------
    def annotations(self, doc: str | None = None, theme: str | int | None = None, eid: str | None = None,
                    status: str | None = None, coder: str | None = None) -> list[Annotation]:
        where: list[str] = ["1"]
        params: list[Any] = []
        for column, value in (("a.doc_id", doc), ("a.eid", eid), ("a.status", status), ("a.coder", coder)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if theme is not None:
            where.append("a.theme_id = ?")
            params.append(self.theme(theme).id)
        rows = self.db.query(f"""
            SELECT a.*, t.name AS theme_name FROM annotations a JOIN themes t ON t.id = a.theme_id
            LEFT JOIN documents d ON d.id = a.doc_id
            LEFT JOIN blocks b ON b.doc_id = a.doc_id AND b.eid = a.eid
            WHERE {' AND '.join(where)}
            ORDER BY d.position, a.doc_id, COALESCE(b.position, 1e9), a.span_start, t.position, a.created""", params)
        return [annotation_from_row(r, r["theme_name"]) for r in rows]

    def annotation(self, ann_id: str) -> Annotation:
        rows = list(self.db.query("SELECT a.*, t.name AS theme_name FROM annotations a JOIN themes t "
                                  "ON t.id = a.theme_id WHERE a.id = ?", [ann_id]))
        if not rows:
            raise StoreError(f"no annotation {ann_id!r}")
        return annotation_from_row(rows[0], rows[0]["theme_name"])

    def tag(self, doc_id: str, eids: Iterable[str], theme: str | int, note: str = "", coder: str | None = None,
            span: tuple[int, int] | None = None) -> Changes:
        """Apply a theme to blocks (or to a span of one block) in one transaction.

        Blocks that already carry the theme (for the same span) are left alone, so tagging is idempotent.
        """
        document = self.document(doc_id)
        target = self.theme(theme)
        eids = list(dict.fromkeys(eids))
        if span is not None and len(eids) != 1:
            raise StoreError("a text span belongs to exactly one block")
        for eid in eids:
            if document.get(eid) is None:
                raise StoreError(f"{doc_id} has no block {eid!r}")
        if span is not None:
            length = len(document.block(eids[0]).text)
            if not 0 <= span[0] < span[1] <= length:
                raise StoreError(f"span {span[0]}–{span[1]} is not inside {eids[0]} (its text has {length} "
                                 "characters; START must be below END)")
        coder = coder if coder is not None else self.default_coder()
        stamp = now()
        created: list[str] = []
        with self._write() as db:
            self._check_current(db, [doc_id])
            self._ensure_coder(db, coder)
            for eid in eids:
                duplicate = db.execute(
                    "SELECT 1 FROM annotations WHERE doc_id = ? AND eid = ? AND theme_id = ? AND coder = ? "
                    "AND span_start IS ? AND span_end IS ?",
                    [doc_id, eid, target.id, coder, span[0] if span else None, span[1] if span else None],
                ).fetchone()
                if duplicate:
                    continue
                ann = Annotation(id=str(uuid.uuid4()), doc_id=doc_id, eid=eid, theme_id=target.id, theme=target.name,
                                 anchor=make_anchor(document, eid, span), note=note, coder=coder, created=stamp,
                                 modified=stamp, span=span)
                db.table("annotations").insert(annotation_to_row(ann))
                created.append(ann.id)
        return Changes(docs=frozenset({doc_id}), blocks=frozenset((doc_id, e) for e in eids),
                       annotation_ids=tuple(created))

    def untag(self, doc_id: str, eids: Iterable[str], theme: str | int, coder: str | None = None,
              all_coders: bool = False) -> list[Annotation]:
        """Remove a theme from blocks: one coder's annotations of it there (default: ours, every span), or
        every coder's with `all_coders`; return what went (for undo)."""
        target = self.theme(theme)
        eids = list(eids)
        document = self.document(doc_id)
        for eid in eids:
            if document.get(eid) is None:
                raise StoreError(f"{doc_id} has no block {eid!r}")
        who = None if all_coders else (coder if coder is not None else self.default_coder())
        with self._write() as db:  # the blocks named are those of the text this Store read
            self._check_current(db, [doc_id])
            removed = [a for e in eids for a in self.annotations(doc=doc_id, eid=e, theme=target.id, coder=who)]
            self.delete_annotations([a.id for a in removed])
        return removed

    def delete_annotations(self, ids: Sequence[str]) -> list[Annotation]:
        """Delete annotations; return them (for undo: `restore_annotations`)."""
        with self._write() as db:
            gone = self.annotations_by_id(ids)
            self._check_current(db, [a.doc_id for a in gone])
            db.conn.executemany("DELETE FROM annotations WHERE id = ?", [[ann_id] for ann_id in ids])
        return gone

    def annotations_by_id(self, ids: Sequence[str]) -> list[Annotation]:
        """The annotations with these ids, in the order given (unknown ids are skipped)."""
        found: dict[str, Annotation] = {}
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk:chunk + 500])
            rows = self.db.query("SELECT a.*, t.name AS theme_name FROM annotations a JOIN themes t "
                                 f"ON t.id = a.theme_id WHERE a.id IN ({','.join('?' * len(part))})", part)
            found.update((r["id"], annotation_from_row(r, r["theme_name"])) for r in rows)
        return [found[i] for i in ids if i in found]

    def restore_annotations(self, annotations: Sequence[Annotation]) -> Changes:
        """Put annotations back exactly as they were (same ids, times, anchors). One whose document was
        re-imported since is re-anchored on the text as it is now (as the re-import would have done), never
        written against text that is gone."""
        with self._write() as db:
            annotations = self._placed_now(db, annotations)
            for coder in {ann.coder for ann in annotations}:
                self._ensure_coder(db, coder)
            db.table("annotations").upsert_all([annotation_to_row(ann) for ann in annotations], pk="id")
        return Changes(docs=frozenset(a.doc_id for a in annotations),
                       blocks=frozenset((a.doc_id, a.eid) for a in annotations if a.eid),
                       annotation_ids=tuple(a.id for a in annotations))

    def _placed_now(self, db: sqlite_utils.Database, annotations: Sequence[Annotation]) -> list[Annotation]:
        """Inside a write: each anchored annotation as it can be written now — unchanged where its block still
        holds its quote at its place, else re-anchored on the document's current text (or orphaned)."""
        blocks: dict[str, dict[str, tuple[str, int]]] = {}
        out: list[Annotation] = []
        for ann in annotations:
            if ann.doc_id not in blocks:
                rows = db.execute("SELECT eid, text, start FROM blocks WHERE doc_id = ?", [ann.doc_id]).fetchall()
                blocks[ann.doc_id] = {eid: (text, start) for eid, text, start in rows}
            found = blocks[ann.doc_id].get(ann.eid or "")
            lo, hi = ann.span or (0, len(found[0]) if found else 0)
            if ann.status != "anchored" or (found is not None and found[0][lo:hi] == ann.anchor.exact
                                            and found[1] + lo == ann.anchor.start):
                out.append(ann)
                continue
            if ann.doc_id in self._versions and self._versions[ann.doc_id] != self._stored_hash(db, ann.doc_id):
                self._forget(ann.doc_id)
            placement = reanchor(self.document(ann.doc_id), ann.anchor, ann.eid, ann.span)
            if placement.outcome == "orphan" or placement.anchor is None:
                out.append(replace(ann, status="orphan", eid=None))
            else:
                out.append(replace(ann, eid=placement.eid, span=placement.span, anchor=placement.anchor))
        return out

    def _stored_hash(self, db: sqlite_utils.Database, doc_id: str) -> str | None:
        row = db.execute("SELECT content_hash FROM documents WHERE id = ?", [doc_id]).fetchone()
        return str(row[0]) if row else None

    def insert_annotation(self, annotation: Annotation) -> None:
        """Add an annotation made elsewhere (a colleague's import), keeping its id, coder and times."""
        self.restore_annotations([annotation])

    def set_note(self, ann_id: str, note: str) -> Changes:
        ann = self.annotation(ann_id)
        with self._write() as db:
            self._check_current(db, [ann.doc_id])
            done = db.execute("UPDATE annotations SET note = ?, modified = ? WHERE id = ?", [note, now(), ann_id])
            if not done.rowcount:
                raise StoreError(f"the annotation {ann_id[:8]} on {ann.doc_id} was deleted by another Marginalia "
                                 "window or command; its note was not saved")
        return Changes(docs=frozenset({ann.doc_id}), blocks=frozenset({(ann.doc_id, ann.eid or "")}),
                       annotation_ids=(ann_id,))

    def orphans(self, doc_id: str | None = None) -> list[Annotation]:
        return self.annotations(doc=doc_id, status="orphan")

    def reattach(self, ann_id: str, eid: str, span: tuple[int, int] | None = None) -> Changes:
        """Attach an (orphaned) annotation to a block chosen by the analyst."""
        ann = self.annotation(ann_id)
        document = self.document(ann.doc_id)
        if document.get(eid) is None:
            raise StoreError(f"{ann.doc_id} has no block {eid!r}")
        new = replace(ann, eid=eid, span=span, anchor=make_anchor(document, eid, span), status="anchored",
                      modified=now())
        with self._write() as db:
            self._check_current(db, [ann.doc_id])
            db.table("annotations").update(ann_id, annotation_to_row(new))
        return Changes(docs=frozenset({ann.doc_id}), blocks=frozenset({(ann.doc_id, eid)}), annotation_ids=(ann_id,))

    # --- coders and settings ------------------------------------------------------------------------------
    def _ensure_coder(self, db: sqlite_utils.Database, coder: str) -> None:
        db.execute("INSERT OR IGNORE INTO coders (name, created) VALUES (?, ?)", [coder, now()])

    def default_coder(self) -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = 'coder'").fetchone()
        if row:
            return str(row[0])
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no user name on some systems
            return "analyst"

    def set_default_coder(self, name: str) -> None:
        """Who "I" am in this database: new annotations are theirs, and only theirs are toggled and edited."""
        name = clean_name(name)
        if not name:
            raise StoreError("a coder needs a name")
        with self._write() as db:
            db.table("settings").upsert({"key": "coder", "value": name}, pk="key")

    def coders(self) -> list[str]:
        return [r["name"] for r in self.db.query("SELECT name FROM coders ORDER BY name")]

    # --- search -------------------------------------------------------------------------------------------
    def search(self, query: str, theme: str | int | None = None, doc: str | None = None,
               limit: int = 200) -> list[SearchHit]:
        """Full-text search over block text and notes (the query is quoted: no FTS syntax errors)."""
        theme_id = self.theme(theme).id if theme is not None else None
        with self._errors():
            return search_blocks(self.db, query, theme_id=theme_id, doc=doc, limit=limit)

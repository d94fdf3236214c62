"""Recognised pages in the database: the cache that makes recognition happen once, and what it read.

`recognised_pages` keeps each recognised page (the engine's lines, boxes and confidences, as `ocr.ScanPage`
JSON) by the PDF file's hash, the page and the engine: re-opening or re-importing an unchanged file reads the
pages from here, a changed file or a new engine recognises afresh, and a cancelled import keeps the pages it
had recognised (each is written as soon as it is read). `recognised_documents` says, per document, which pages
recognition read, which it could not read, and each block's confidence and doubtful words.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import sqlite_utils

from gui.core.model import Document, Recognised
from gui.core.pdf import ocr
from gui.core.pdf.ocr_read import Recognition, recognition
from gui.store.themebook import now


class StoredPages:
    """The `PageCache` the PDF reader uses during an import: the store's `recognised_pages` table."""

    def __init__(self, db: sqlite_utils.Database,
                 write: Callable[[], AbstractContextManager[sqlite_utils.Database]]) -> None:
        self.db, self.write = db, write

    def get(self, file_hash: str, page: int, engine: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT result FROM recognised_pages WHERE file_hash = ? AND page = ? AND engine = ?",
                              [file_hash, page, engine]).fetchone()
        if row is None:
            return None
        try:
            found: dict[str, Any] = json.loads(row[0])
        except ValueError:
            return None  # a damaged row: recognised again
        return found

    def put(self, file_hash: str, page: int, engine: str, result: dict[str, Any]) -> None:
        with self.write() as db:
            db.execute("INSERT OR REPLACE INTO recognised_pages (file_hash, page, engine, result, made) "
                       "VALUES (?, ?, ?, ?, ?)", [file_hash, page, engine, json.dumps(result), now()])


@contextmanager
def recognising(db: sqlite_utils.Database, write: Callable[[], AbstractContextManager[sqlite_utils.Database]],
                progress: Callable[[int, int], None] | None) -> Iterator[Recognition]:
    """Read PDFs in this block with the store's cache of recognised pages and `progress` per recognised page."""
    with recognition(cache=StoredPages(db, write), progress=progress) as state:
        yield state


def write_recognised(db: sqlite_utils.Database, doc_id: str, document: Document) -> None:
    """Keep what recognition read of a document (in the transaction that writes the document)."""
    db.execute("DELETE FROM recognised_documents WHERE doc_id = ?", [doc_id])
    found = document.recognised
    if found is None:
        return
    db.execute("INSERT INTO recognised_documents (doc_id, engine, pages, text_pages, unreadable, blocks) "
               "VALUES (?, ?, ?, ?, ?, ?)",
               [doc_id, found.engine, json.dumps(found.pages), found.text_pages, json.dumps(found.unreadable),
                json.dumps([[eid, conf, list(words)] for eid, conf, words in found.blocks])])


def read_recognised(db: sqlite_utils.Database, doc_id: str) -> Recognised | None:
    """What recognition read of a stored document, or None (a document with a text layer throughout)."""
    row = db.execute("SELECT engine, pages, text_pages, unreadable, blocks FROM recognised_documents "
                     "WHERE doc_id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    return Recognised(
        engine=row[0], pages=tuple(json.loads(row[1])), text_pages=int(row[2]),
        unreadable=tuple((int(p), str(why)) for p, why in json.loads(row[3])),
        blocks=tuple((str(e), float(c), tuple(w)) for e, c, w in json.loads(row[4])))


def recognised_by_older_engine(db: sqlite_utils.Database, doc_id: str) -> bool:
    """Whether the document's scanned pages were read by an engine or settings other than today's: importing
    its file again, unchanged, then recognises them afresh (annotations follow by re-anchoring)."""
    row = db.execute("SELECT engine FROM recognised_documents WHERE doc_id = ?", [doc_id]).fetchone()
    return row is not None and row[0] != ocr.ENGINE


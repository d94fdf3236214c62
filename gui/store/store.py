"""The Store: documents, themes and annotations in one SQLite file, every write atomic and durable.

`Store` is the one face the rest of Marginalia uses; its parts live beside it, named as analysts name things:
documents (`documents.py`; removing and renaming them, `removal.py`), the library (`library.py`), annotations
and coders (`annotations.py`) and themes (`themebook.py`). This module opens the database and holds the write
transaction and search.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from gui.store import backup, schema
from gui.store.annotations import AnnotationBook
from gui.store.base import DocumentCache
from gui.store.bulk import BulkImport
from gui.store.changes import Changes
from gui.store.citations import CitationIndex
from gui.store.documents import PDF_ENCODING, DocumentShelf, ImportReport
from gui.store.errors import StoreError, sqlite_errors
from gui.store.library import BODY_KINDS, DocumentInfo, Library, recount
from gui.store.maintenance import Maintenance
from gui.store.memos import Memo, MemoBook
from gui.store.paths import bundled_corpus, check_folder, default_db_path
from gui.store.removal import DocumentRemoval, RemovedDocument
from gui.store.search import SearchHit, passages_at, search_blocks
from gui.store.suggestions import SuggestionBook
from gui.store.themebook import COLOUR, ThemeBook, clean_name, now
from gui.store.unreadable import TolerantText, unreadable_rows
from gui.store.word_forms import StopList

__all__ = ["BODY_KINDS", "COLOUR", "PDF_ENCODING", "Changes", "DocumentInfo", "ImportReport", "Memo", "RemovedDocument",
           "SearchHit", "Store", "clean_name", "now"]


class Store(DocumentShelf, DocumentRemoval, Library, SuggestionBook, AnnotationBook, ThemeBook, MemoBook,
            StopList, CitationIndex):
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
        self.db, checked_whole = schema.connect(self.path)
        self.maintenance: Maintenance | None = None
        self._full_check_due = False
        self.text = TolerantText()  # damaged text reads as U+FFFD instead of failing every read
        self.db.conn.text_factory = self.text
        self._themes = None
        self._documents = DocumentCache()
        self._versions = {}
        try:
            with self._errors():
                if not fresh and schema.pending(self.db, self.path):
                    backup.make_backup(self.db.conn, self.path, "before-migration")
                schema.migrate(self.db, self.path)
                self._full_check_due = not checked_whole and not backup.checked_recently(self.path)
                if not fresh:  # the daily backup on a thread; the rest of the check: `start_full_check`
                    self.maintenance = Maintenance(self.path, daily_backup=True, full_check=False)
                if not self.db.table("themes").count:
                    self._seed_themes()
        except BaseException:
            if self.maintenance is not None:
                self.maintenance.close()
            self.db.conn.close()
            raise
        self.closed = False
        if import_corpus if import_corpus is not None else fresh:
            bulk = self.bulk_import()
            for file in bundled_corpus():
                bulk.add(file)
            bulk.finish()

    def start_full_check(self) -> None:
        """Check the whole file on a thread, when opening could not within its budget and no check passed in
        the last day: the window asks after its first paint (see `maintenance`)."""
        if not self._full_check_due or self.closed:
            return
        self._full_check_due = False
        self.maintenance = Maintenance(self.path, daily_backup=False, full_check=True, after=self.maintenance)

    def bulk_import(self) -> BulkImport:
        """Import many files, new documents written a batch at a time (see `gui.store.bulk`)."""
        return BulkImport(self)

    # --- lifecycle --------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the database, once a backup under way is finished (a full check under way is stopped)."""
        self.closed = True
        if self.maintenance is not None:
            self.maintenance.close()
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
                recount(self.db)  # the coverage of documents whose annotations changed, before they land
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


    # --- search -------------------------------------------------------------------------------------------
    def passages(self, places: list[tuple[str, str]]) -> list[SearchHit]:
        """The blocks at these (document, eid) places, in reading order, cited (`SearchHit.citation()`) from
        the places stored with them: for a list of passages over many documents, none of them rebuilt."""
        with self._errors():
            return self.complete_citations(passages_at(self.db, places))

    def search(self, query: str, theme: str | int | None = None, doc: str | None = None,
               limit: int = 200, offset: int = 0) -> list[SearchHit]:
        """Full-text search over block text and notes (the query is quoted: no FTS syntax errors); `offset`
        gives the next page. The first page ranks a bounded set of matches (see `search_blocks`). `theme`
        keeps the blocks tagged with it or one of its sub-themes; with no words, lists their passages."""
        themes = self.theme_family(theme) if theme is not None else None
        with self._errors():
            return search_blocks(self.db, query, theme_id=themes, doc=doc, limit=limit, offset=offset)

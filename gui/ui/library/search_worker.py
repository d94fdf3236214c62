"""Search off the GUI thread: one worker thread with its own read-only connection answers the latest query.

A search over thousands of documents took seconds on the GUI thread ("peacekeeping": 2.2 s at 10,000); here
the window asks, keeps answering keys and paints, and shows the hits when they come. A new query interrupts
the one running (`sqlite3.Connection.interrupt`), and answers to older queries are dropped by their number.
A theme without words lists that theme's passages (and its sub-themes'), paged the same way.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.store import SearchHit
from gui.store.schema import connect_reader
from gui.store.search import search_blocks


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One page of one query: `number` tells its answer from those of earlier queries."""

    number: int
    query: str
    theme_ids: tuple[int, ...] | None  # a theme and its sub-themes
    doc: str | None
    offset: int
    limit: int


class SearchRunner(QObject):
    """Runs searches of one database on a worker thread; `found` carries (request number, offset, hits)."""

    found = Signal(int, int, object)  # request number, offset, list[SearchHit]
    failed = Signal(int, str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.number = 0  # of the latest query asked
        self._requests: queue.Queue[SearchRequest | None] = queue.Queue()
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="marginalia-search", daemon=True)
        self._thread.start()

    def ask(self, query: str, theme_ids: Iterable[int] | None, doc: str | None, *, offset: int = 0,
            limit: int = 100) -> int:
        """Search (a new query, or the next page of the current one when `offset` > 0); return its number.
        With no words, the passages of the themes `theme_ids`."""
        if offset == 0:
            self.number += 1
            with self._lock:
                if self._conn is not None:
                    self._conn.interrupt()  # the running search is for a query no longer wanted
        themes = tuple(sorted(theme_ids)) if theme_ids is not None else None
        self._requests.put(SearchRequest(self.number, query, themes, doc, offset, limit))
        return self.number

    def stop(self) -> None:
        """Stop the worker (at window close): the running search is interrupted, then the thread ends."""
        with self._lock:
            if self._conn is not None:
                self._conn.interrupt()
        self._requests.put(None)
        self._thread.join(5)

    def _run(self) -> None:
        db = connect_reader(self.path)
        conn = db.conn
        with self._lock:
            self._conn = conn
        try:
            while True:
                request = self._requests.get()
                if request is None:
                    return
                if request.number != self.number:  # a query typed over since: skipped unread
                    continue
                try:
                    hits: list[SearchHit] = search_blocks(db, request.query, theme_id=request.theme_ids,
                                                          doc=request.doc, limit=request.limit,
                                                          offset=request.offset)
                except sqlite3.OperationalError as error:
                    if "interrupted" not in str(error):
                        self.failed.emit(request.number, f"search failed: {error}")
                    continue
                except sqlite3.Error as error:
                    self.failed.emit(request.number, f"search failed: {error}")
                    continue
                self.found.emit(request.number, request.offset, hits)
        finally:
            with self._lock:
                self._conn = None
            conn.close()

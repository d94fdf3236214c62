"""Theme suggestions learned and scored off the GUI thread, with the worker's own read-only connection.

The model is learned again only when the coding it learns from has changed (`training_state`, read on the
worker); a request typed over by a newer one is skipped. Nothing here writes: accepting a suggestion is the
analyst's act, in the window.
"""

from __future__ import annotations

import queue
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from gui.analysis.suggest import Cancelled, Suggester, Suggestion, document_suggestions, learn
from gui.analysis.suggest_data import training_state
from gui.store.schema import connect_reader

CORPUS_LISTED = 2000  # suggestions listed at most for the whole library (the best)


@dataclass(frozen=True, slots=True)
class SuggestRequest:
    number: int
    doc_ids: tuple[str, ...]  # the open document, or the library
    coders: tuple[str, ...]  # learn from these coders' annotations (empty: everyone's)
    me: str  # whose rejections hide suggestions


@dataclass(slots=True)
class SuggestResult:
    number: int
    model: Suggester
    doc_ids: tuple[str, ...]
    suggestions: list[Suggestion] = field(default_factory=list)


class SuggestRunner(QObject):
    """Learns and suggests on a worker thread; `ready` carries a SuggestResult, `failed` a message."""

    ready = Signal(object)
    failed = Signal(int, str)
    learning = Signal(int)  # a request number whose model is being learned (the window says so)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.number = 0
        self.model: Suggester | None = None
        self.coders: tuple[str, ...] = ()
        self._requests: queue.Queue[SuggestRequest | None] = queue.Queue()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="marginalia-suggest", daemon=True)
        self._thread.start()

    def ask(self, doc_ids: tuple[str, ...], coders: tuple[str, ...], me: str) -> int:
        self.number += 1
        self._requests.put(SuggestRequest(self.number, doc_ids, coders, me))
        return self.number

    def stop(self) -> None:
        self._stopping = True
        self._requests.put(None)
        self._thread.join(30)

    def wait_idle(self) -> None:
        """Block until every request so far is handled (tests)."""
        self._requests.join()

    def _stale(self, number: int) -> bool:
        return self._stopping or number != self.number

    def _run(self) -> None:
        db = connect_reader(self.path)
        try:
            while True:
                request = self._requests.get()
                try:
                    if request is None:
                        return
                    if self._stale(request.number):
                        continue
                    self._handle(db, request)
                except Cancelled:
                    continue
                except Exception as error:  # a bug, or the database gone: said, never a crashed thread
                    traceback.print_exc()
                    self.failed.emit(request.number if request else 0, f"suggestions failed: {error}")
                finally:
                    self._requests.task_done()
        finally:
            db.conn.close()

    def _handle(self, db: object, request: SuggestRequest) -> None:
        from sqlite_utils import Database

        assert isinstance(db, Database)
        coders = list(request.coders) or None
        state = training_state(db, coders)
        model = self.model
        if model is None or model.state != state or self.coders != request.coders:
            self.learning.emit(request.number)
            model = learn(db, coders, cancelled=lambda: self._stale(request.number))
            self.model, self.coders = model, request.coders
        found: list[Suggestion] = []
        for doc_id in request.doc_ids:
            if self._stale(request.number):
                raise Cancelled
            rejected = {(str(e), int(t)) for e, t in db.execute(
                "SELECT eid, theme_id FROM rejected_suggestions WHERE doc_id = ? AND coder = ?",
                [doc_id, request.me]).fetchall()}
            mine = document_suggestions(db, model, doc_id, coders, rejected)
            found += mine if len(request.doc_ids) == 1 else [s for s in mine if s.suggested]
        if len(request.doc_ids) > 1:
            found = sorted(found, key=lambda s: -s.score)[:CORPUS_LISTED]
        self.ready.emit(SuggestResult(request.number, model, request.doc_ids, found))

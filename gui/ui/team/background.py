"""One question at a time off the GUI thread, on its own read-only connection: a coding query, a keyword in
context, word counts. A newer question supersedes an older one (its answer is dropped, its statement
interrupted), so that the window shows only the latest answer and never waits for one."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils
from PySide6.QtCore import QObject, Signal

from gui.core.errors import MarginaliaError
from gui.store.schema import connect_reader

Question = Callable[[sqlite_utils.Database], Any]


class Background(QObject):
    """Answers questions about one database on worker threads; `answered` carries (number, answer)."""

    answered = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.number = 0
        self._running: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []  # joined by stop(): none outlives this object

    def ask(self, question: Question) -> int:
        """Answer `question` (given a read-only database) on a thread; returns its number."""
        with self._lock:
            self.number += 1
            number = self.number
            if self._running is not None:
                self._running.interrupt()  # the question running is no longer wanted
        thread = threading.Thread(target=self._answer, args=(number, question), name="marginalia-background",
                                  daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return number

    def stop(self) -> None:
        """No answer is wanted any more: the running question is interrupted and every thread waited for, so
        that none emits on this object once its window is gone (a signal emitted on a deleted object crashes)."""
        with self._lock:
            self.number += 1
            if self._running is not None:
                self._running.interrupt()
        for thread in self._threads:
            thread.join(timeout=10)  # an interrupted statement returns at once
        self._threads = [t for t in self._threads if t.is_alive()]

    def _answer(self, number: int, question: Question) -> None:
        db = connect_reader(self.path)
        with self._lock:
            if number != self.number:
                db.conn.close()
                return
            self._running = db.conn
        try:
            answer = question(db)
        except sqlite3.OperationalError as error:
            if number == self.number and "interrupted" not in str(error):
                self.failed.emit(number, f"could not read the database: {error}")
            return
        except MarginaliaError as error:
            if number == self.number:
                self.failed.emit(number, str(error))
            return
        finally:
            with self._lock:
                if self._running is db.conn:
                    self._running = None
            db.conn.close()
        if number == self.number:
            self.answered.emit(number, answer)

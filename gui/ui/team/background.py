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

    def ask(self, question: Question) -> int:
        """Answer `question` (given a read-only database) on a thread; returns its number."""
        with self._lock:
            self.number += 1
            number = self.number
            if self._running is not None:
                self._running.interrupt()  # the question running is no longer wanted
        threading.Thread(target=self._answer, args=(number, question), name="marginalia-background",
                         daemon=True).start()
        return number

    def stop(self) -> None:
        with self._lock:
            self.number += 1
            if self._running is not None:
                self._running.interrupt()

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

"""Work on the whole database file that must not hold up opening it: the daily backup and the full check.

At 10,000 documents the daily backup was a synchronous 1.6 GB copy at open and `PRAGMA quick_check` read the
whole file (1.6 s warm, 30 s cold). Opening now checks for at most `CHECK_BUDGET_S` (and the analyst's own
tables — annotations, themes, coders, settings — whole, whatever the budget); the backup and, when the
budget ran out, the full check run here on a thread with their own connection.

Neither holds up an exit: closing gives a backup under way up (its partial copy removed; the next open makes
it) and interrupts the check. The full check is made at most once a day, by the window after its first paint
(`Store.start_full_check`): a command that lasts a third of a second could never finish it, and started it
again every time.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from gui.store import backup

CHECK_BUDGET_S = 0.05
"""How long opening may spend on `PRAGMA quick_check` of a small file before leaving the rest to the thread
(at 10,000 documents 0.25 s, overrun to 0.33 s, made every command 1.3× slower)."""

WHOLE_CHECK_BYTES = 48 * 1024**2
"""Opening checks the whole file only up to this size (a few hundred documents). SQLite answers the time
budget's interrupt only between tables: the blocks table of 4,000 documents alone took 1.5 s on a busy disk."""

OWN_TABLES = ("annotations", "themes", "coders", "settings")
"""Checked whole at every open: the analyst's work, small beside the documents' text."""


def bounded_check(conn: sqlite3.Connection, budget_s: float = CHECK_BUDGET_S) -> tuple[str, bool]:
    """(verdict, whole): `quick_check` of the whole file if it is small and takes under `budget_s`, else of
    the analyst's own tables only (`whole` False: the full check is still to be made)."""
    pages, page_size = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size"))
    if pages * page_size <= WHOLE_CHECK_BYTES:
        deadline = time.monotonic() + budget_s
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            return str(conn.execute("PRAGMA quick_check").fetchone()[0]), True
        except sqlite3.OperationalError as error:
            if "interrupt" not in str(error):
                raise
        finally:
            conn.set_progress_handler(None, 0)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in OWN_TABLES:
        if table in tables:
            verdict = str(conn.execute(f"PRAGMA quick_check({table})").fetchone()[0])
            if verdict != "ok":
                return verdict, True
    return "ok", False


class Maintenance:
    """The daily backup (copied in steps with SQLite's backup API) and, if asked, the full integrity check,
    on a thread of their own. `close()` gives a backup under way up (its partial copy removed: a half copy is
    no backup, and the next open makes it) and interrupts the check: it never holds up an exit."""

    def __init__(self, path: Path, *, daily_backup: bool, full_check: bool, after: Maintenance | None = None) -> None:
        """`after`: work already under way (the day's backup), finished or given up before this starts."""
        self.path = path
        self._after = after
        self._backed_up = threading.Event()  # the day's backup made, not due, or given up
        try:
            self._small = path.stat().st_size <= WHOLE_CHECK_BYTES
        except OSError:
            self._small = False
        self.verdict: str | None = None  # of the full check, once made: "ok" or what SQLite found
        self.backup: Path | None = None
        self.error: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._closing = False
        self._checking = False  # the backup is done and the full check is running: an interrupt may stop it
        self._thread = threading.Thread(target=self._run, args=(daily_backup, full_check),
                                        name="marginalia-maintenance", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def close(self) -> None:
        """Stop: a backup of a small file (up to WHOLE_CHECK_BYTES: well under a second) is let finish, one of a
        larger file given up (made at the next open); a check under way is interrupted."""
        if self._after is not None:
            self._after.close()
        if self._small:
            self._backed_up.wait()
        with self._lock:
            self._closing = True
            if self._conn is not None and self._checking:
                self._conn.interrupt()
        self._thread.join()  # a step of the backup (4 MB) or an interrupted check: moments

    def _stopping(self) -> bool:
        return self._closing

    def _run(self, daily_backup: bool, full_check: bool) -> None:
        if self._after is not None:
            self._after.wait()
        try:
            conn = sqlite3.connect(str(self.path), timeout=5, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as error:
            self.error = str(error)
            self._backed_up.set()
            return
        try:
            with self._lock:
                self._conn = conn
            try:
                if daily_backup:
                    self.backup = backup.daily_backup(conn, self.path, pages=1024, stop=self._stopping)
            finally:
                self._backed_up.set()
            with self._lock:
                if self._closing or not full_check:
                    return
                self._checking = True
            self.verdict = str(conn.execute("PRAGMA quick_check").fetchone()[0])
            if self.verdict == "ok":
                backup.mark_checked(self.path)
        except backup.Stopped:
            pass  # closing: made at the next open
        except sqlite3.Error as error:
            if "interrupt" not in str(error):
                self.error = str(error)
        except OSError as error:  # the backup folder cannot be written: the database itself is fine
            self.error = str(error)
        finally:
            self._backed_up.set()
            with self._lock:
                self._conn = None
            conn.close()

"""Rolling backups with SQLite's online backup API: before migrations and once a day."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

KEEP = 7
CHECKED = "last-full-check"  # its time: when the whole file last passed quick_check
DAY = 24 * 3600
BUDGET_BYTES = 2 * 1024**3
"""At most this much in backups (the newest is always kept): seven copies of a 1.6 GB database filled 11 GB."""


def backup_dir(path: Path) -> Path:
    return path.parent / f"{path.name}.backups"


class Stopped(Exception):
    """A backup given up (the program is closing): its partial copy is removed; the next open makes it."""


def make_backup(conn: sqlite3.Connection, path: Path, reason: str, pages: int = -1,
                stop: Callable[[], bool] | None = None) -> Path:
    """Copy the live database consistently into the backup folder, `pages` pages a step (-1: at once; in
    steps, writers are not held up for the whole copy); keep the newest KEEP copies within BUDGET_BYTES.
    `stop()`, asked between steps, gives the copy up (`Stopped`): a closing command never waits for it.
    The copy is written under a `.partial` name and renamed when whole, so a half copy never counts."""
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    partial = target.with_suffix(".partial")

    def progress(_status: int, _remaining: int, _total: int) -> None:
        if stop is not None and stop():
            raise Stopped(str(target))

    copy = sqlite3.connect(str(partial))
    try:
        with copy:
            conn.backup(copy, pages=pages, sleep=0.001, progress=progress)
    except BaseException:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    copy.close()
    partial.replace(target)
    kept = sorted(folder.glob(f"{path.stem}-*.db"))[-KEEP:]
    for old in sorted(folder.glob(f"{path.stem}-*.db"))[:-KEEP]:
        old.unlink(missing_ok=True)
    total = sum(p.stat().st_size for p in kept)
    for old in kept[:-1]:  # the oldest go first while the copies take more than the budget
        if total <= BUDGET_BYTES:
            break
        total -= old.stat().st_size
        old.unlink(missing_ok=True)
    return target


def latest_backup_age(path: Path) -> float | None:
    """Seconds since the newest backup, or None when there is none."""
    backups = sorted(backup_dir(path).glob(f"{path.stem}-*.db"), key=lambda p: p.stat().st_mtime)
    return time.time() - backups[-1].stat().st_mtime if backups else None


def daily_backup(conn: sqlite3.Connection, path: Path, pages: int = -1,
                 stop: Callable[[], bool] | None = None) -> Path | None:
    """A backup unless one was made in the last day (at most one a day); one given up is made next time."""
    for partial in backup_dir(path).glob(f"{path.stem}-*.partial"):  # left by a program that was killed
        partial.unlink(missing_ok=True)
    age = latest_backup_age(path)
    if age is not None and age < DAY:
        return None
    return make_backup(conn, path, "daily", pages, stop)


def checked_recently(path: Path) -> bool:
    """Whether the whole file passed `quick_check` in the last day (`mark_checked`)."""
    try:
        return time.time() - (backup_dir(path) / CHECKED).stat().st_mtime < DAY
    except OSError:
        return False


def mark_checked(path: Path) -> None:
    """Remember that the whole file passed `quick_check` now (a file beside the backups)."""
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CHECKED).touch()

"""Rolling backups with SQLite's online backup API: before migrations and once a day."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

KEEP = 7
DAY = 24 * 3600
BUDGET_BYTES = 2 * 1024**3
"""At most this much in backups (the newest is always kept): seven copies of a 1.6 GB database filled 11 GB."""


def backup_dir(path: Path) -> Path:
    return path.parent / f"{path.name}.backups"


def make_backup(conn: sqlite3.Connection, path: Path, reason: str, pages: int = -1) -> Path:
    """Copy the live database consistently into the backup folder, `pages` pages a step (-1: at once; in
    steps, writers are not held up for the whole copy); keep the newest KEEP copies within BUDGET_BYTES."""
    folder = backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    with sqlite3.connect(str(target)) as copy:
        conn.backup(copy, pages=pages, sleep=0.001)
    copy.close()
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


def daily_backup(conn: sqlite3.Connection, path: Path, pages: int = -1) -> Path | None:
    """A backup unless one was made in the last day (at most one a day)."""
    age = latest_backup_age(path)
    if age is not None and age < DAY:
        return None
    return make_backup(conn, path, "daily", pages)

"""Opening a database costs the same at 4 documents and at 10,000: the backup never holds up an exit and the
full health check is made at most once a day, after the window's first paint, never by every command."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.store import Store, backup, maintenance, schema


def test_a_backup_given_up_leaves_no_half_copy_and_is_made_next_time(tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        with pytest.raises(backup.Stopped):
            backup.make_backup(conn, db, "daily", pages=1, stop=lambda: True)
        assert list(backup.backup_dir(db).iterdir()) == []  # neither a copy nor a partial one
        assert backup.latest_backup_age(db) is None  # so the next open makes it
        made = backup.daily_backup(conn, db, pages=1, stop=lambda: False)
    assert made is not None and made.suffix == ".db"
    with sqlite3.connect(made) as copy:
        assert copy.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4


def test_closing_lets_a_small_backup_finish_and_gives_a_large_one_up(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.db"
    Store(db).close()
    job = maintenance.Maintenance(db, daily_backup=True, full_check=False)
    job.close()  # a small file: its copy is made (milliseconds) before closing
    assert [p.suffix for p in backup.backup_dir(db).glob("*")] == [".db"] and job.error is None
    for old in backup.backup_dir(db).glob("*"):
        old.unlink()
    monkeypatch.setattr(maintenance, "WHOLE_CHECK_BYTES", 0)  # as a library of thousands of documents
    job = maintenance.Maintenance(db, daily_backup=True, full_check=False)
    job.close()  # at once: the copy is either whole or not there at all, never half
    assert sorted(p.suffix for p in backup.backup_dir(db).glob("*")) in ([], [".db"]) and job.error is None


def test_the_full_check_is_left_to_the_window_and_made_once_a_day(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "d.db"
    Store(db).close()
    monkeypatch.setattr(maintenance, "CHECK_BUDGET_S", 0.0)  # as a large library: the open check runs out
    monkeypatch.setattr(schema, "bounded_check", lambda conn: maintenance.bounded_check(conn, 0.0))
    with Store(db) as store:  # a command: no full check on a thread
        if store.maintenance is not None:  # the day's backup only
            store.maintenance.wait(60)
            assert store.maintenance.verdict is None
        assert not backup.checked_recently(db)
    with Store(db) as store:  # the window, after its first paint
        store.start_full_check()
        assert store.maintenance is not None
        store.maintenance.wait(60)
        assert store.maintenance.verdict == "ok" and backup.checked_recently(db)
    with Store(db) as store:
        store.start_full_check()  # passed today: not again
        assert store.maintenance is None or store.maintenance.verdict is None
        assert not store._full_check_due

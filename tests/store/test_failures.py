"""Nothing is lost: a second writer, a killed process, a damaged or foreign file, a newer database."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gui.store import Store, StoreError, schema
from gui.store.backup import backup_dir
from gui.store.documents import unpack_source
from tests.conftest import ROOT


def test_second_writer_gets_a_clear_message_and_nothing_breaks(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "shared.db"
    first = Store(db)
    second = Store(db)
    first.db.conn.execute("BEGIN IMMEDIATE")  # the first instance is in the middle of a write
    first.db.conn.execute("UPDATE settings SET value = value")
    with pytest.raises(StoreError, match="busy in another Marginalia window"):
        second.tag("S-2017-130", ["para_1"], "poc")
    first.db.conn.execute("COMMIT")
    second.tag("S-2017-130", ["para_1"], "poc")
    first.tag("S-2017-130", ["para_2"], "poc")
    assert {a.eid for a in first.annotations()} == {"para_1", "para_2"}
    assert first.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    first.close()
    second.close()


WRITER = textwrap.dedent("""
    import sys
    from gui.store import Store
    store = Store(sys.argv[1])
    eids = [b.eid for b in store.document("S-2017-130").blocks]
    i = 0
    while True:
        changes = store.tag("S-2017-130", [eids[i % len(eids)]], "poc", note=f"burst {i}", coder=f"c{i}")
        print(changes.annotation_ids[0], flush=True)
        i += 1
""")


def test_killed_mid_burst_keeps_every_committed_annotation(tmp_path: Path) -> None:
    db = tmp_path / "burst.db"
    Store(db).close()  # corpus imported before the burst
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    committed = []
    deadline = time.monotonic() + 30
    while len(committed) < 60 and time.monotonic() < deadline:
        committed.append(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    assert len(committed) == 60
    with Store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        present = {a.id for a in store.annotations()}
        assert set(committed) <= present


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("These are my notes, not a database." * 200)
    with pytest.raises(StoreError) as info:
        Store(bogus)
    assert str(bogus) in str(info.value) and "not a Marginalia database" in str(info.value)
    assert bogus.read_text().startswith("These are my notes")  # untouched


def test_damaged_database_names_the_file_and_the_backup(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    with Store(db) as s:
        s.tag("S-2017-130", ["para_1"], "poc")
    Store(db).close()  # reopening an existing database makes the daily backup
    backups = list(backup_dir(db).glob("*.db"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT COUNT(*) FROM annotations").fetchone()[0] == 1
    data = bytearray(db.read_bytes())
    for offset in range(4096 * 3, min(len(data), 4096 * 40)):
        data[offset] = 0xA5
    db.write_bytes(bytes(data))
    for wal in (tmp_path / "m.db-wal", tmp_path / "m.db-shm"):
        wal.unlink(missing_ok=True)
    with pytest.raises(StoreError) as info:
        Store(db)
    assert str(db) in str(info.value)
    assert str(backup_dir(db)) in str(info.value)


def test_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    Store(db, import_corpus=False).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer version of Marginalia"):
        Store(db)
    assert db.read_bytes() == before


def test_pending_migration_runs_after_a_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    with Store(db) as s:
        s.tag("S-2017-130", ["para_1"], "poc")

    def add_column(database: object) -> None:
        database.execute("ALTER TABLE documents ADD COLUMN collection TEXT")  # type: ignore[attr-defined]

    latest = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, add_column])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", latest + 1)
    with Store(db) as s:
        assert schema.version(s.db) == latest + 1
        assert len(s.annotations()) == 1
    assert any("before-migration" in p.name for p in backup_dir(db).glob("*.db"))


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    Store(db, import_corpus=False).close()

    def broken(database: object) -> None:
        database.execute("CREATE TABLE half_done (x)")  # type: ignore[attr-defined]
        raise RuntimeError("bug in migration")

    latest = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", latest + 1)
    with pytest.raises(RuntimeError):
        Store(db)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == latest
        assert not conn.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall()


def test_durability_settings(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    """A database made before the library-order index gets it, with its annotations untouched."""
    db = tmp_path / "v1.db"
    with Store(db) as s:
        s.tag("S-2017-130", ["para_83"], "poc", note="kept")
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX documents_position")
        for column in ("boxes", "refs", '"rows"'):  # migration 3 (printed layout of PDFs)
            conn.execute(f"ALTER TABLE blocks DROP COLUMN {column}")
        conn.execute("ALTER TABLE documents DROP COLUMN page_labels")
        for trigger in ("added", "removed", "moved"):  # migration 4 (the library at scale)
            conn.execute(f"DROP TRIGGER coverage_annotation_{trigger}")
        conn.execute("DROP TRIGGER coverage_document_removed")
        conn.execute("DROP TABLE coverage")
        for index in ("content_hash", "order", "by_symbol", "by_date", "by_title"):
            conn.execute(f"DROP INDEX documents_{index}")
        for doc_id, source in conn.execute("SELECT id, source FROM documents").fetchall():  # migration 5
            conn.execute("UPDATE documents SET source = ? WHERE id = ?", [unpack_source(source), doc_id])
        conn.execute("DROP INDEX themes_parent")  # migration 6 (sub-themes)
        conn.execute("ALTER TABLE themes DROP COLUMN parent_id")
        conn.execute("DROP TABLE removed_documents")  # migration 7
        conn.execute("PRAGMA user_version = 1")
    with Store(db) as s:
        assert schema.version(s.db) == schema.SCHEMA_VERSION
        assert [a.note for a in s.annotations()] == ["kept"]
        plan = s.db.execute("EXPLAIN QUERY PLAN SELECT MAX(position) FROM documents").fetchall()
        assert "documents_position" in str(plan)

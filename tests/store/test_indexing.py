"""The search indexes of imported blocks, filled in one pass per import, hold exactly what the triggers would
have put there, and nothing of a failed import."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import gui.store.documents as documents
from gui.store import Store, StoreError
from gui.store.indexing import DEFERRED_TABLE, INDEXES

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
WORDS = ["peacekeeping", "civilians", "protection", "intelligence", "drones", "mandate", "Mali"]


def _matches(store: Store) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """For each index and word, the blocks it finds."""
    return {(index, word): store.db.execute(
        f'SELECT doc_id, eid FROM blocks WHERE rowid IN (SELECT rowid FROM "{index}" WHERE "{index}" MATCH ?) '
        "ORDER BY doc_id, eid", [word]).fetchall() for index in INDEXES for word in WORDS}


def _sound(store: Store) -> None:
    for index in INDEXES:  # FTS5's own check: the index agrees with the blocks it indexes
        store.db.execute(f"INSERT INTO \"{index}\" (\"{index}\") VALUES ('integrity-check')")
    assert store.db.execute(f"SELECT COUNT(*) FROM {DEFERRED_TABLE}").fetchone()[0] == 0


def test_an_import_indexes_every_block_as_the_row_triggers_do(tmp_path: Path) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    with Store(tmp_path / "bulk.db", import_corpus=False) as bulk_store, \
            Store(tmp_path / "rows.db", import_corpus=False) as row_store:
        bulk = bulk_store.bulk_import()
        for path in files[:3]:
            bulk.add(path)
        bulk.finish()
        bulk_store.import_file(files[3])  # a single import: its own transaction, indexed in one pass too
        # The same blocks written a row at a time with the triggers on: what the indexes held before.
        for path in files:
            row_store.import_file(path)
        rows = row_store.db.execute("SELECT * FROM blocks ORDER BY rowid").fetchall()
        columns = len(rows[0])
        row_store.db.execute("DELETE FROM blocks")
        with row_store.transaction():
            row_store.db.conn.executemany(f"INSERT INTO blocks VALUES ({', '.join('?' * columns)})", rows)
        _sound(bulk_store)
        _sound(row_store)
        found = _matches(bulk_store)
        assert found == _matches(row_store)
        assert all(found[(index, "peacekeeping")] for index in INDEXES)
        assert found[("blocks_forms", "civilians")] != found[("blocks_fts", "civilians")]  # the forms index


def test_a_failed_import_leaves_neither_blocks_nor_index_rows(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    with Store(tmp_path / "t.db", import_corpus=False) as store:
        store.import_file(files[0])
        before = _matches(store)

        def broken(*args: object) -> None:
            raise sqlite3.OperationalError("disk I/O error")

        bulk = store.bulk_import()
        for path in files[1:]:
            bulk.add(path)
        monkeypatch.setattr(documents, "recount", broken)  # fails after the first document's blocks are written
        with pytest.raises(StoreError):
            bulk.finish()
        monkeypatch.undo()
        assert store.db.execute("SELECT COUNT(DISTINCT doc_id) FROM blocks").fetchone()[0] == 1
        _sound(store)
        assert _matches(store) == before
        # The triggers are on again: a later import indexes its blocks.
        bulk = store.bulk_import()
        for path in files[1:]:
            bulk.add(path)
        bulk.finish()
        _sound(store)
        assert len(_matches(store)[("blocks_fts", "peacekeeping")]) > len(before[("blocks_fts", "peacekeeping")])


def test_blocks_written_outside_an_import_are_indexed_by_the_triggers(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db", import_corpus=False) as store:
        store.import_file(sorted(CORPUS.glob("*.txt"))[0])
        doc_id = store.db.execute("SELECT id FROM documents").fetchone()[0]
        with store.transaction():
            store.db.execute("INSERT INTO blocks (doc_id, eid, position, kind, level, text, start, \"end\", spans) "
                             "VALUES (?, 'extra_1', 9999, 'paragraph', 0, 'A zeppelinesque word.', 0, 0, '[]')",
                             [doc_id])
        _sound(store)
        for index in INDEXES:
            assert store.db.execute(f'SELECT COUNT(*) FROM "{index}" WHERE "{index}" MATCH ?',
                                    ["zeppelinesque"]).fetchone()[0] == 1

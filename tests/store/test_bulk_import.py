"""Importing many files in batches gives exactly what importing them one by one gives, and loses nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import gui.store.documents as documents
from gui.store import Store, StoreError
from tests.benchmarks.bench_store import make_corpus

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _rows(store: Store) -> list[tuple[object, ...]]:
    docs = store.db.execute("SELECT id, path, symbol, title, date, content_hash FROM documents ORDER BY position")
    blocks = store.db.execute("SELECT doc_id, eid, position, kind, num, text, start, \"end\" FROM blocks "
                              "ORDER BY doc_id, position")
    hits = store.db.execute("SELECT doc_id, eid FROM blocks WHERE rowid IN (SELECT rowid FROM blocks_fts "
                            "WHERE blocks_fts MATCH 'peacekeeping') ORDER BY doc_id, position")
    coverage = store.db.execute("SELECT * FROM coverage ORDER BY doc_id")
    return [*docs.fetchall(), *blocks.fetchall(), *hits.fetchall(), *coverage.fetchall()]


def test_a_folder_imported_in_batches_is_the_same_as_one_file_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    make_corpus(folder, 11)  # most of them S/2017/130 with a changed word: the same symbol, ids made unique
    files = sorted(folder.glob("*.txt"))
    with Store(tmp_path / "one.db", import_corpus=False) as one, Store(tmp_path / "bulk.db", import_corpus=False) as s:
        for path in files:
            one.import_file(path)
        bulk = s.bulk_import()
        bulk.batch_documents = 4
        landed = [r for path in files for r in bulk.add(path)]
        assert len(landed) == 8  # two full batches so far; three documents still held
        assert s.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 8
        landed += bulk.finish()
        assert sorted(r.doc_id for r in landed) == sorted(r[0] for r in one.db.execute("SELECT id FROM documents"))
        assert _rows(s) == _rows(one)
        assert len({r.doc_id for r in landed}) == 11 and all(r.status == "new" for r in landed)


def test_the_same_file_twice_and_a_second_copy_in_one_batch(tmp_path: Path) -> None:
    source = CORPUS / "S-2017-130_WGPKO-report-2016.txt"
    copy = tmp_path / "copy.txt"
    shutil.copy(source, copy)
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        bulk = s.bulk_import()
        reports = [*bulk.add(source), *bulk.add(source), *bulk.add(copy), *bulk.finish()]
        by_status = sorted((r.status, "second copy" in r.note) for r in reports)
        assert by_status == [("new", False), ("new", True), ("unchanged", False)]
        assert s.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2


def test_a_batch_that_cannot_be_written_writes_none_of_it_and_says_which(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        bulk = s.bulk_import()
        for path in files:
            assert bulk.add(path) == []
        real = documents.DocumentShelf._write_document
        calls = []

        def failing(self: Store, db: object, doc_id: str, *args: object) -> None:
            calls.append(doc_id)
            if len(calls) == 3:
                raise sqlite3.OperationalError("database or disk is full")
            real(self, db, doc_id, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(documents.DocumentShelf, "_write_document", failing)
        with pytest.raises(StoreError, match=r"full.*4 document\(s\) not imported"):
            bulk.finish()
        assert s.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert s.db.execute("SELECT COUNT(*) FROM blocks").fetchone()[0] == 0
        monkeypatch.setattr(documents.DocumentShelf, "_write_document", real)
        for path in files:  # nothing is held after a failure; importing again lands them all
            bulk.add(path)
        assert len(bulk.finish()) == len(files)


def test_a_changed_document_in_a_bulk_import_is_re_anchored(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    text = sorted(CORPUS.glob("*.txt"))[0].read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        doc_id = s.import_file(path).doc_id
        block = next(b for b in s.document(doc_id).blocks if b.is_body and len(b.text) > 80)
        s.tag(doc_id, [block.eid], "poc", note="kept")
        path.write_text("A new first line.\n\n" + text, encoding="utf-8")
        bulk = s.bulk_import()
        reports = bulk.add(path) + bulk.finish()
        assert [r.status for r in reports] == ["updated"] and len(reports[0].kept + reports[0].moved) == 1
        [annotation] = s.annotations(doc=doc_id)
        assert annotation.note == "kept" and annotation.status == "anchored"
        assert s.document(doc_id).block(annotation.eid or "").text == block.text


def test_reading_a_file_does_not_hold_the_write_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another window tags while the import reads and extracts: its write does not wait for the batch."""
    db = tmp_path / "m.db"
    with Store(db, import_corpus=False) as s:
        s.import_file(sorted(CORPUS.glob("*.txt"))[0])
    other = sqlite3.connect(db, timeout=0)  # no waiting: a held lock would fail at once
    real_extract = documents.extract

    def extract_while_another_writes(*args: object, **kwargs: object) -> object:
        other.execute("UPDATE themes SET description = description || '.' WHERE key = 'poc'")
        other.commit()
        return real_extract(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "extract", extract_while_another_writes)
    with Store(db, import_corpus=False) as s:
        bulk = s.bulk_import()
        for path in sorted(CORPUS.glob("*.txt"))[1:]:
            bulk.add(path)
        assert len(bulk.finish()) == 3
    other.close()


def test_a_new_id_takes_a_few_lookups_however_many_copies_there_are(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        with s.transaction():  # 3,000 copies of one symbol's id, written directly (importing them takes long)
            s.db.conn.executemany(
                "INSERT INTO documents (id, path, content_hash, source, plain_text, imported, position, encoding) "
                "VALUES (?, ?, ?, '', '', '', ?, 'utf-8')",
                [("S-2017-130" if n == 1 else f"S-2017-130-{n}", f"/x/{n}", str(n), n) for n in range(1, 3001)])
        statements: list[str] = []
        s.db.conn.set_trace_callback(statements.append)
        assert s._new_id("S-2017-130") == "S-2017-130-3001"
        s.db.conn.set_trace_callback(None)
        assert len(statements) <= 2 * 13 + 2  # about 2·log₂(3000), not one per copy
        assert s._new_id("A-1") == "A-1"
        s.db.execute("DELETE FROM documents WHERE id = 'S-2017-130-2'")
        new = s._new_id("S-2017-130")
        assert not s.db.execute("SELECT 1 FROM documents WHERE id = ?", [new]).fetchone()  # free, whichever

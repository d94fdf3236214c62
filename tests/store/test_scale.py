"""The store at scale: ids in one query, an indexed duplicate check, a bounded cache, coverage kept by the
writes themselves, the library paged, sorted and filtered in SQL, and migration 4 keeping every annotation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.store import Store, schema
from gui.store.base import CACHED_DOCUMENTS
from gui.store.library import coverage_counts_sql
from tests.store.test_storage_identical import as_schema_3

DOC = "S-2017-130"


def _counted_afresh(store: Store) -> dict[str, tuple[int, int, int, int]]:
    """Coverage as the library computed it before the `coverage` table: subqueries over every document."""
    rows = store.db.execute(coverage_counts_sql("SELECT id FROM documents")).fetchall()
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _shown(store: Store) -> dict[str, tuple[int, int, int, int]]:
    return {d.id: (d.body_blocks, d.numbered_paragraphs, d.tagged_blocks, d.tagged_paragraphs)
            for d in store.documents()}


def test_coverage_follows_every_kind_of_write(store: Store) -> None:
    assert _shown(store) == _counted_afresh(store)
    store.tag(DOC, ["para_83", "para_84"], "poc")
    point = next(b.eid for b in store.document(DOC).blocks
                 if b.eid.startswith("para_") and "__" in b.eid and not b.eid.startswith(("para_83_", "para_84_")))
    store.tag(DOC, [point], "intel")
    assert _shown(store) == _counted_afresh(store)
    assert store.documents(DOC)[0].tagged_paragraphs == 3
    store.untag(DOC, ["para_84"], "poc")
    assert _shown(store) == _counted_afresh(store)
    store.merge_themes("intel", "poc")
    store.delete_theme("poc", delete_annotations=True)
    assert _shown(store) == _counted_afresh(store)
    assert store.documents(DOC)[0].tagged_paragraphs == 0


def test_a_write_by_another_connection_is_counted_too(store: Store, tmp_path: Path) -> None:
    with Store(tmp_path / "test.db") as other:
        other.tag(DOC, ["para_5"], "poc")
    assert store.documents(DOC)[0].tagged_paragraphs == 1
    with sqlite3.connect(tmp_path / "test.db") as raw:  # a tool that knows nothing of the coverage table
        raw.execute("DELETE FROM annotations")
    assert store.documents(DOC)[0].tagged_paragraphs == 0


def test_copies_get_the_next_number_in_one_query(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "corpus" / "S-2016-1017_concept-note-POC-political-strategies.txt")
    with Store(tmp_path / "c.db", import_corpus=False) as s:
        ids = []
        for i in range(4):
            (tmp_path / str(i)).mkdir()
            copy = tmp_path / str(i) / "copy.txt"
            copy.write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
            ids.append(s.import_file(copy).doc_id)
        assert ids == ["copy", "copy-2", "copy-3", "copy-4"]
        plan = str(s.db.execute("EXPLAIN QUERY PLAN SELECT id FROM documents WHERE content_hash = ?",
                                ["x"]).fetchall())
        assert "documents_content_hash" in plan


def test_only_a_few_documents_stay_in_memory(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        for i in range(CACHED_DOCUMENTS + 3):
            path = tmp_path / f"d{i}.txt"
            path.write_text(f"Document {i}\n\n1. Paragraph number {i} of the report.\n", encoding="utf-8")
            s.import_file(path)
        assert len(s._documents) == CACHED_DOCUMENTS
        first = s.documents()[0].id
        assert s.cached(first) is None
        assert s.document(first).blocks  # read back from the database


def test_library_pages_sorts_and_filters_in_sql(store: Store) -> None:
    everything = store.documents()
    assert store.library_count() == len(everything)
    assert [d.id for d in store.library_page(0, 2)] + [d.id for d in store.library_page(2, 10)] == \
        [d.id for d in everything]
    by_symbol = [d.id for d in store.library_page(sort="symbol")]
    assert by_symbol == [d.id for d in sorted(everything, key=lambda d: ((d.symbol or d.id).casefold(),))]
    assert [d.id for d in store.library_page(filter="2017/130")] == [DOC]
    assert store.library_count("S/2017/130") == 1
    assert store.library_count("nothing-like-this") == 0
    store.tag(DOC, ["para_83"], "poc")
    assert [d.id for d in store.library_page(filter="theme:poc")] == [DOC]
    assert [d.id for d in store.library_page(filter="#poc")] == [DOC]
    assert store.library_page(sort="coverage", descending=True)[0].id == DOC
    assert store.library_row(DOC) == [d.id for d in everything].index(DOC)
    assert store.library_row(DOC, filter="nothing-like-this") is None


def test_migration_4_keeps_every_annotation_where_it_was(tmp_path: Path) -> None:
    db = tmp_path / "v3.db"
    with Store(db) as s:
        s.tag(DOC, ["para_83"], "poc", note="kept")
        s.tag(DOC, ["para_5"], "intel", span=(4, 20))
        before = [(a.id, a.eid, a.span, a.anchor, a.note) for a in s.annotations()]
        plain = s.document(DOC).plain_text()
    as_schema_3(db)  # back to schema 3: the plain text stored, no coverage table
    with Store(db) as s:
        assert schema.version(s.db) == schema.SCHEMA_VERSION
        assert [(a.id, a.eid, a.span, a.anchor, a.note) for a in s.annotations()] == before
        assert s.document(DOC).plain_text() == plain
        for a in s.annotations():
            assert plain[a.anchor.start:a.anchor.end] == a.anchor.exact
        assert s.db.execute("SELECT COUNT(*) FROM documents WHERE plain_text != ''").fetchone()[0] == 0
        assert s.documents(DOC)[0].tagged_paragraphs == 2


def test_opening_checks_within_a_budget_and_leaves_the_rest_to_a_thread(tmp_path: Path) -> None:
    from gui.store.maintenance import Maintenance, bounded_check

    db = tmp_path / "b.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        assert bounded_check(conn, budget_s=10) == ("ok", True)
        assert bounded_check(conn, budget_s=0) == ("ok", False)  # only the analyst's own tables, checked whole
    job = Maintenance(db, daily_backup=True, full_check=True)
    job.wait(30)
    assert job.verdict == "ok" and job.backup is not None and job.backup.exists() and job.error is None


def test_backups_stay_within_their_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gui.store import backup

    db = tmp_path / "k.db"
    Store(db).close()
    size = db.stat().st_size
    monkeypatch.setattr(backup, "BUDGET_BYTES", int(size * 2.5))
    with sqlite3.connect(db) as conn:
        for _ in range(5):
            backup.make_backup(conn, db, "test")
    kept = list(backup.backup_dir(db).glob("*.db"))
    assert 1 <= len(kept) <= 2

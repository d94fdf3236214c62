"""Memos in the store and on the command line, on the bundled corpus."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from gui.store import Store, StoreError, schema
from tests.store.test_cli import gui


def test_theme_memo_parts_document_and_passage_memos(store: Store) -> None:
    store.set_memo("Civilians under threat of physical violence.", theme="poc")
    assert store.theme("poc").description == "Civilians under threat of physical violence."  # one truth
    store.set_memo("Mandated tasks, early warning.", theme="poc", field="inclusion")
    store.set_memo("Protection of UN staff (that is safety).", theme="poc", field="exclusion")
    example = store.set_memo("A mandate's core", theme="poc", field="example", doc="S-2017-130", eid="para_83")
    assert example is not None and example.quote.startswith("On 3 November")
    store.set_memo("Second reading needed", doc="S-2017-130", eid="para_19")
    store.set_memo("The 2016 report of the Working Group", doc="S-2017-130")
    memos = store.memos(theme="poc")
    assert [m.field for m in memos] == ["definition", "inclusion", "exclusion", "example"]
    assert [m.field for m in store.memos(doc="S-2017-130")] == ["example", "memo", "memo"]
    # reading order: the document's own memo before its passages', para_19 before para_83
    doc_memos = [m for m in store.memos(doc="S-2017-130") if m.theme_id is None]
    assert [m.eid for m in doc_memos] == [None, "para_19"]
    # a singular memo written again is replaced, and keeps its id
    first = store.memos(theme="poc", field="inclusion")[0]
    store.set_memo("Only mandated tasks.", theme="poc", field="inclusion")
    again = store.memos(theme="poc", field="inclusion")
    assert [(m.id, m.text) for m in again] == [(first.id, "Only mandated tasks.")]
    # an empty text removes it
    assert store.set_memo("", theme="poc", field="inclusion") is None
    assert store.memos(theme="poc", field="inclusion") == []


def test_memo_refusals_are_one_line(store: Store) -> None:
    with pytest.raises(StoreError, match="has no block"):
        store.set_memo("x", doc="S-2017-130", eid="para_9999")
    with pytest.raises(StoreError, match="no document"):
        store.set_memo("x", doc="nowhere")
    with pytest.raises(StoreError, match="only an anchor example"):
        store.set_memo("x", theme="poc", field="inclusion", doc="S-2017-130", eid="para_83")
    with pytest.raises(StoreError, match="up to 100,000"):
        store.set_memo("x" * 100_001, doc="S-2017-130")
    with pytest.raises(StoreError, match="name the theme"):
        store.set_memo("x", doc="S-2017-130", field="inclusion")


def test_control_characters_are_not_kept(store: Store) -> None:
    memo = store.set_memo("line one\x1b[2J\nline two\x00", doc="S-2017-130")
    assert memo is not None and memo.text == "line one [2J\nline two"


def test_delete_and_restore_give_back_the_same_memo(store: Store) -> None:
    memo = store.set_memo("Anchor", theme="poc", field="example", doc="S-2017-130", eid="para_83")
    assert memo is not None
    gone = store.delete_memo(memo.id)
    assert store.memos(theme="poc", field="example") == []
    store.restore_memo(gone)
    assert store.memos(theme="poc", field="example") == [memo]


def test_merging_themes_carries_their_memos(store: Store) -> None:
    store.set_memo("Dialogue rule", theme="poc-dialogue", field="inclusion")
    store.set_memo("Example", theme="poc-dialogue", field="example", doc="S-2017-130", eid="para_83")
    store.set_memo("POC rule", theme="poc", field="inclusion")
    store.merge_themes("poc-dialogue", "poc")
    assert store.memo_text(theme="poc", field="inclusion") == "POC rule\n\nDialogue rule"
    assert [m.eid for m in store.memos(theme="poc", field="example")] == ["para_83"]


def test_memo_on_a_removed_paragraph_says_its_passage_is_gone(store: Store) -> None:
    memo = store.set_memo("About this paragraph", doc="S-2017-130", eid="para_83")
    assert memo is not None and not memo.passage_gone
    with store.transaction():  # the paragraph no longer exists (a re-import with other text)
        store.db.execute("DELETE FROM blocks WHERE doc_id = 'S-2017-130' AND eid = 'para_83'")
    kept = store.memo(memo.id)
    assert kept.passage_gone and kept.quote.startswith("On 3 November") and kept.text == "About this paragraph"


def test_migration_adds_the_memos_table_to_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE memos_fts")
    conn.execute("DROP TABLE memos")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._m8_memos)}")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert schema.version(store.db) == schema.SCHEMA_VERSION
        assert store.set_memo("back", doc="S-2017-130") is not None


def test_memo_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert gui("memo", "--theme", "poc", "--text", "Civilians under threat", "--db", db).returncode == 0
    assert gui("memo", "--theme", "poc", "--field", "exclusion", "--text", "Staff safety", "--db", db).returncode == 0
    done = gui("memo", "--theme", "poc", "--field", "example", "--at", "S-2017-130", "para_83", "--text", "core",
               "--db", db)
    assert done.returncode == 0, done.stderr
    assert gui("memo", "--doc", "S/2017/130", "--text", "The 2016 report", "--db", db).returncode == 0
    assert gui("memo", "--at", "S-2017-130", "para_19", "--text", "drones", "--db", db).returncode == 0
    rows = json.loads(gui("memo", "--list", "--json", "--db", db).stdout)
    mine = [(r["field"], r["theme"], r["document"], r["eid"], r["text"]) for r in rows
            if r["theme"] in (None, "Protection of civilians (POC)")]
    assert mine == [("definition", "Protection of civilians (POC)", None, None, "Civilians under threat"),
                    ("exclusion", "Protection of civilians (POC)", None, None, "Staff safety"),
                    ("example", "Protection of civilians (POC)", "S-2017-130", "para_83", "core"),
                    ("memo", None, "S-2017-130", None, "The 2016 report"),
                    ("memo", None, "S-2017-130", "para_19", "drones")]
    wrong = gui("memo", "--theme", "poc", "--at", "S-2017-130", "para_83", "--text", "x", "--db", db)
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1 and "--field example" in wrong.stderr
    listed = gui("memo", "--list", "--doc", "S-2017-130", "--db", db)
    assert "para_19" in listed.stdout and "drones" in listed.stdout

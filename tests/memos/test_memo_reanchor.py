"""Memos on passages follow their text through a re-import of S/2017/130 with other text, as the annotations do:
moved with their paragraph, or orphaned — never a passenger on the paragraph that now has their old number."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gui.export import export
from gui.store import Store, schema
from tests.store.test_reanchor import ORIGINAL, edited


@pytest.fixture
def memos(tmp_path: Path) -> tuple[Store, Path, dict[str, str]]:
    """S/2017/130 imported from a file, with memos on paras 83 (to be reworded), 84 (to be renumbered 86),
    90 (to be deleted) and 12 (unchanged), anchor examples on 12 and 90, and the document's own memo."""
    path = tmp_path / "S-2017-130.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    store = Store(tmp_path / "m.db", import_corpus=False)
    doc = store.import_file(path).doc_id
    ids = {}
    for eid, text in (("para_83", "The POC discussion"), ("para_84", "Gender advisers"),
                      ("para_90", "Host State responsibility"), ("para_12", "Unchanged one")):
        memo = store.set_memo(text, doc=doc, eid=eid)
        assert memo is not None
        ids[eid] = memo.id
    for eid in ("para_12", "para_90"):
        example = store.set_memo(f"Example at {eid}", theme="poc", field="example", doc=doc, eid=eid)
        assert example is not None
        ids[f"example {eid}"] = example.id
    store.set_memo("The 2016 report", doc=doc)
    return store, path, ids


def test_reimport_moves_memos_with_their_text_and_orphans_the_rest(
        memos: tuple[Store, Path, dict[str, str]]) -> None:
    store, path, ids = memos
    old_90 = store.document("S-2017-130").block("para_90").text
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    report = store.import_file(path)
    assert report.status == "updated"
    new = store.document("S-2017-130")
    assert new.block("para_90").text != old_90  # old para 88, renumbered: para_90 is another paragraph now
    outcomes = {p.id: (p.outcome, p.old_eid, p.new_eid) for p in report.memos}
    assert outcomes == {
        ids["para_83"]: ("moved", "para_83", "para_85"),  # reworded and renumbered
        ids["para_84"]: ("moved", "para_84", "para_86"),
        ids["para_90"]: ("orphan", "para_90", None),
        ids["para_12"]: ("kept", "para_12", "para_12"),
        ids["example para_12"]: ("kept", "para_12", "para_12"),
        ids["example para_90"]: ("orphan", "para_90", None),
    }
    assert "memos on passages: 2 kept, 2 moved, 2 orphaned" in report.summary()
    assert f"memo orphan  {ids['para_90'][:8]}  was at para_90" in report.summary()
    # each memo where its words are now
    assert store.memo_text(doc="S-2017-130", eid="para_86") == "Gender advisers"
    assert store.memo_text(doc="S-2017-130", eid="para_85") == "The POC discussion"
    assert store.memo(ids["para_83"]).quote.startswith(
        "On 3 November, the Working Group held a thematic debate")  # the passage's words as they are now
    assert store.memo_text(doc="S-2017-130", eid="para_84") == ""  # the inserted paragraph has no memo
    # the deleted paragraph's memo: kept, said to be gone, not on the paragraph that is para_90 now
    assert store.memo_text(doc="S-2017-130", eid="para_90") == ""
    orphan = store.memo(ids["para_90"])
    assert orphan.passage_gone and orphan.text == "Host State responsibility" and orphan.quote == old_90
    example = store.memo(ids["example para_90"])
    assert example.passage_gone
    assert store.memo_text(doc="S-2017-130") == "The 2016 report"
    # a new memo on today's para_90 is its own, beside the orphan
    fresh = store.set_memo("About the paragraph numbered 90 now", doc="S-2017-130", eid="para_90")
    assert fresh is not None and fresh.id != orphan.id and not fresh.passage_gone
    assert store.memo(ids["para_90"]).text == "Host State responsibility"
    # the exports cite the orphan as gone, not as today's para. 90
    notes = export(store, "md", path.with_name("notes.md")).read_text(encoding="utf-8")
    assert "S/2017/130, para. 90 (no longer in the document)" in notes and "Host State responsibility" in notes
    # the old text again: the orphans find their passage again, the others go back with their paragraphs
    path.write_text(ORIGINAL, encoding="utf-8")
    back = store.import_file(path)
    places = {p.id: p.new_eid for p in back.memos}
    assert places[ids["para_90"]] == "para_90" and places[ids["example para_90"]] == "para_90"
    assert places[ids["para_84"]] == "para_84" and places[fresh.id] == "para_88"
    assert store.memo_text(doc="S-2017-130", eid="para_90") == "Host State responsibility"
    assert not store.memo(ids["example para_90"]).passage_gone


def test_a_memo_deleted_then_put_back_after_a_reimport_is_not_written_on_another_paragraph(
        memos: tuple[Store, Path, dict[str, str]]) -> None:
    store, path, ids = memos
    taken = store.delete_memo(ids["para_84"])
    taken_90 = store.delete_memo(ids["para_90"])
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    store.import_file(path)
    store.restore_memo(taken)  # undo: its paragraph is para_86 now
    assert store.memo_text(doc="S-2017-130", eid="para_86") == "Gender advisers"
    assert store.memo_text(doc="S-2017-130", eid="para_84") == ""
    store.restore_memo(taken_90)  # its paragraph is gone: back as an orphan
    assert store.memo(ids["para_90"]).passage_gone and store.memo_text(doc="S-2017-130", eid="para_90") == ""


def test_removing_a_document_orphans_its_passages_memos_and_undo_puts_them_back(
        memos: tuple[Store, Path, dict[str, str]]) -> None:
    store, path, ids = memos
    removed = store.remove_document("S-2017-130")
    assert all(store.memo(i).passage_gone for i in ids.values())  # kept, not deleted with the document
    store.restore_document(removed)
    assert not any(store.memo(i).passage_gone for i in ids.values())
    assert store.memo_text(doc="S-2017-130", eid="para_84") == "Gender advisers"
    # removed with its annotations kept, then imported again with other text: placed again by their words
    store.remove_document("S-2017-130", keep_annotations=True)
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    report = store.import_file(path)
    assert report.status == "updated"
    assert store.memo_text(doc="S-2017-130", eid="para_86") == "Gender advisers"
    assert store.memo(ids["para_90"]).passage_gone and store.memo_text(doc="S-2017-130", eid="para_90") == ""


def test_removed_then_a_new_document_of_the_same_name_carries_no_old_memo(
        memos: tuple[Store, Path, dict[str, str]]) -> None:
    store, path, _ids = memos
    store.remove_document("S-2017-130")
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    assert store.import_file(path).status == "new"
    assert store.memo_text(doc="S-2017-130", eid="para_90") == ""
    assert store.memo_text(doc="S-2017-130", eid="para_84") == ""


def test_migration_orphans_memos_whose_block_went_before(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        memo = store.set_memo("About para 83", doc="S-2017-130", eid="para_83")
        kept = store.set_memo("About para 84", doc="S-2017-130", eid="para_84")
        assert memo is not None and kept is not None
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM blocks WHERE doc_id = 'S-2017-130' AND eid = 'para_83'")
    conn.execute("ALTER TABLE memos DROP COLUMN anchor")
    conn.execute("ALTER TABLE memos DROP COLUMN status")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._m15_memo_anchors)}")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert schema.version(store.db) == schema.SCHEMA_VERSION
        assert store.db.execute("SELECT id, status FROM memos ORDER BY eid").fetchall() == [
            (memo.id, "orphan"), (kept.id, "anchored")]


@pytest.mark.parametrize("fmt", ["qdpx", "jsonld"])
def test_an_orphan_memo_is_exported_as_one_and_never_merged_onto_a_paragraph(
        memos: tuple[Store, Path, dict[str, str]], tmp_path: Path, fmt: str) -> None:
    from gui.export import import_annotations

    store, path, _ids = memos
    store.tag("S-2017-130", ["para_12"], "poc")  # something coded, so that the document is exported
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    store.import_file(path)
    out = export(store, fmt, tmp_path / f"memos.{fmt}")
    again = import_annotations(store, out)  # our own file back: the orphan is already here
    assert "not placed 0" in again.summary()
    with Store(tmp_path / "other.db", import_corpus=False) as other:
        copy = tmp_path / "copy" / "S-2017-130.txt"
        copy.parent.mkdir()
        copy.write_text(edited(ORIGINAL), encoding="utf-8")
        other.import_file(copy)
        report = import_annotations(other, out).summary()
        assert "memo not placed (memo on S-2017-130 para_90): its passage was no longer in their copy" in report
        assert other.memo_text(doc="S-2017-130", eid="para_90") == ""  # not on today's para 90
        assert other.memo_text(doc="S-2017-130", eid="para_86") == "Gender advisers"
        examples = [(m.eid, m.text) for m in other.memos(theme="poc", field="example")]
        assert ("para_12", "Example at para_12") in examples and (None, "Example at para_90") in examples


def test_search_finds_an_orphan_memo_at_its_document_not_at_todays_paragraph(
        memos: tuple[Store, Path, dict[str, str]]) -> None:
    store, path, _ids = memos
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    store.import_file(path)
    hits = [h for h in store.search("responsibility") if h.source == "memo"]
    assert [(h.doc_id, h.eid, h.section) for h in hits] == [("S-2017-130", "", "memo, its passage gone")]
    moved = [h for h in store.search("advisers") if h.source == "memo" and h.doc_id]
    assert [(h.doc_id, h.eid) for h in moved] == [("S-2017-130", "para_86")]  # moved with its paragraph

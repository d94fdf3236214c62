"""Removing a document (with its annotations, or keeping them as orphans), putting it back exactly, renaming it;
and the command line's `remove` and `rename`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gui.store import Store, StoreError
from tests.conftest import ROOT, S_2017_130

DOC = "S-2017-130"


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row (with its rowid) of the tables a removal touches, and the search index's own rows (coverage
    without its rowid: every recount writes its row anew)."""
    tables = ("documents", "blocks", "coverage", "annotations", "blocks_fts", "annotations_fts")
    return {t: sorted(store.db.execute(f"SELECT {'' if t == 'coverage' else 'rowid, '}* FROM {t}").fetchall(),
                      key=repr) for t in tables}


def tagged(store: Store) -> None:
    store.tag(DOC, ["para_83", "para_19"], "poc", note="core passage", coder="kim")
    store.tag(DOC, ["para_5"], "tech", span=(0, 12), coder="lee")
    store.tag("S-2016-1017", ["para_1"], "poc", coder="kim")


def test_remove_with_annotations_and_undo_restores_every_row(store: Store) -> None:
    tagged(store)
    before = snapshot(store)
    assert store.annotation_count(DOC) == 3
    removed = store.remove_document(DOC)
    assert removed.annotations == 3 and removed.symbol == "S/2017/130"
    assert DOC not in {d.id for d in store.documents()}
    assert store.library_count() == 3
    assert not store.annotations(doc=DOC)
    assert not [h for h in store.search("drones") if h.doc_id == DOC]
    assert store.db.execute("SELECT COUNT(*) FROM blocks WHERE doc_id = ?", [DOC]).fetchone()[0] == 0
    assert store.annotations(doc="S-2016-1017")  # another document's annotations are untouched
    with pytest.raises(StoreError, match="no document"):
        store.tag(DOC, ["para_83"], "poc")
    store.restore_document(removed)
    assert snapshot(store) == before  # the same rows under the same ids, the search index too
    for index in ("blocks_fts", "annotations_fts"):  # the index itself agrees with its rows
        store.db.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
    assert [h.eid for h in store.search("drones", doc=DOC)]
    assert store.annotation_count(DOC) == 3


def test_remove_keeping_annotations_as_orphans(store: Store) -> None:
    tagged(store)
    before = snapshot(store)
    removed = store.remove_document(DOC, keep_annotations=True)
    assert DOC not in {d.id for d in store.documents()} and DOC not in dict(store.document_labels())
    assert store.library_row(DOC) is None
    kept = store.annotations(doc=DOC)
    assert len(kept) == 3 and {a.status for a in kept} == {"orphan"} and {a.eid for a in kept} == {None}
    assert {a.note for a in kept} == {"core passage", ""}
    assert not store.search("drones", doc=DOC)
    with pytest.raises(StoreError, match="no document"):
        store.rename_document(DOC, "x")
    store.restore_document(removed)
    assert snapshot(store) == before


def test_a_removed_document_imported_again_gets_its_kept_annotations_back(store: Store) -> None:
    tagged(store)
    store.remove_document(DOC, keep_annotations=True)
    report = store.import_file(S_2017_130)
    assert report.doc_id == DOC and report.status == "updated"
    assert DOC in {d.id for d in store.documents()}
    placed = {(a.eid, a.status) for a in store.annotations(doc=DOC)}
    assert placed == {("para_83", "anchored"), ("para_19", "anchored"), ("para_5", "anchored")}


def test_undo_of_a_removal_is_refused_once_the_document_is_imported_again(store: Store) -> None:
    removed = store.remove_document(DOC)
    store.import_file(S_2017_130)
    with pytest.raises(StoreError, match="imported again"):
        store.restore_document(removed)


def test_rename(store: Store) -> None:
    old = store.documents(DOC)[0].title
    store.rename_document(DOC, "  Working Group   on peacekeeping, 2016 ")
    assert store.documents(DOC)[0].title == "Working Group on peacekeeping, 2016"
    assert store.library_page(0, 10, filter="Working Group 2016")[0].id == DOC
    store.rename_document(DOC, old or "")
    with pytest.raises(StoreError, match="empty"):
        store.rename_document(DOC, "  ")
    with pytest.raises(StoreError, match="no document 'nope'"):
        store.rename_document("nope", "x")


def test_library_filter_is_missing_and_is_untagged(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(Path(S_2017_130).read_text(encoding="utf-8").replace("drones", "UAVs"), encoding="utf-8")
    new = store.import_file(copy).doc_id
    copy.unlink()
    assert [d.id for d in store.library_page(0, 10, filter="is:missing")] == [new]
    store.tag(DOC, ["para_83"], "poc")
    assert DOC not in {d.id for d in store.library_page(0, 10, filter="is:untagged")}
    assert store.library_count("is:untagged") == store.library_count() - 1


def gui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)


def test_command_line_remove_and_rename(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert gui("tag", DOC, "para_83", "poc", "--db", db).returncode == 0
    renamed = gui("rename", "S/2017/130", "WGPKO 2016", "--db", db)
    assert renamed.returncode == 0 and "WGPKO 2016" in renamed.stdout
    assert "WGPKO 2016" in gui("docs", "--db", db).stdout
    kept = gui("remove", DOC, "--keep-annotations", "--db", db)
    assert kept.returncode == 0 and "1 annotation kept as orphans" in kept.stdout
    assert DOC not in gui("docs", "--db", db).stdout
    assert "orphan" in gui("annotations", "--doc", DOC, "--db", db).stdout
    unknown = gui("remove", "S/1999/1", "--db", db)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().count("\n") == 0 and "no document 'S/1999/1'" in unknown.stderr
    gone = gui("remove", "S-2016-1017", "--db", db)
    assert gone.returncode == 0 and "removed S-2016-1017" in gone.stdout
    assert gui("rename", "S-2016-1017", "x", "--db", db).returncode == 2

"""Hostile input against today's remove, restore and rename of documents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui.store import Store, StoreError
from tests.conftest import ROOT
from tests.reliability.conftest import DOC


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args, "--db", str(db)], cwd=ROOT, timeout=120,
                          capture_output=True, text=True)


def title_of(store: Store) -> str:
    return str(store.db.execute("SELECT title FROM documents WHERE id = ?", [DOC]).fetchone()[0])


@pytest.mark.parametrize("title", ["Evil\x1b[2J\x1b]0;owned\x07 title", "tab\tand\x00nul", "x" * 100_000],
                         ids=["terminal-escapes", "nul", "100k-characters"])
def test_a_hostile_title_is_refused_in_one_line(db: Path, title: str) -> None:
    with Store(db) as store:
        before = title_of(store)
        with pytest.raises(StoreError, match="title"):
            store.rename_document(DOC, title)
    if "\x00" not in title:  # argv cannot carry a NUL
        done = cli(db, "rename", DOC, title)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and len(done.stderr) < 300
        assert "\x1b" not in done.stdout + done.stderr
    with Store(db) as store:
        assert title_of(store) == before


def test_a_title_in_any_script_with_its_joiners_is_kept(db: Path) -> None:
    with Store(db) as store:
        store.rename_document(DOC, "  تقرير\u200cالفريق  العامل — क्षि  ")
        assert title_of(store) == "تقرير\u200cالفريق العامل — क्षि"


def test_a_document_removed_with_its_annotations_kept_comes_back_from_another_folder(db: Path,
                                                                                    tmp_path: Path) -> None:
    with Store(db) as store:
        store.tag(DOC, ["para_5"], "poc", note="keep me")
        store.remove_document(DOC, keep_annotations=True)
    elsewhere = tmp_path / "downloads"
    elsewhere.mkdir()
    (elsewhere / "S-2017-130.txt").write_text((db.parent / "S-2017-130.txt").read_text(encoding="utf-8"),
                                              encoding="utf-8")
    done = cli(db, "import", str(elsewhere))  # a second copy "S-2017-130-2" was made, the orphans left behind
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        assert [d.id for d in store.documents(coverage=False)] == [DOC]
        assert [(a.doc_id, a.eid, a.status, a.note) for a in store.annotations()] == \
            [(DOC, "para_5", "anchored", "keep me")]


def edited(db: Path) -> Path:
    """The document's file with para 110 deleted (as `edit_and_reimport` edits it), not yet imported."""
    copy = db.parent / "S-2017-130.txt"
    copy.write_text("".join(line for line in copy.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("110. ")), encoding="utf-8")
    return copy


def test_a_tag_made_elsewhere_while_a_changed_file_is_read_is_re_anchored_too(db: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db) as store, Store(db) as other:
        other.document(DOC)
        read = store.annotations
        locked: list[bool] = []

        def then_another_window_tags(*args: object, **kwargs: object) -> object:
            found = read(*args, **kwargs)  # type: ignore[arg-type]
            locked.append(store.db.conn.in_transaction)
            if not locked[-1]:  # read before the write lock: another window tags in between
                other.tag(DOC, ["para_110"], "poc", coder="kim")
            return found

        monkeypatch.setattr(store, "annotations", then_another_window_tags)
        report = store.import_file(edited(db))
        monkeypatch.undo()
        assert report.status == "updated"
        assert locked == [True]  # the annotations to re-anchor are read under the write lock
        kims = [a for a in store.annotations() if a.coder == "kim"]
        # kim's stayed 'anchored' on para_110, a block the new text no longer has
        assert all(a.status == "orphan" or store.document(DOC).get(a.eid or "") is not None for a in kims)


def test_a_changed_file_of_a_document_removed_meanwhile_is_refused_in_one_line(db: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db) as store, Store(db) as other:
        prepare = store._prepare_import

        def then_another_window_removes(*args: object, **kwargs: object) -> object:
            prepared = prepare(*args, **kwargs)  # type: ignore[arg-type]
            other.remove_document(DOC)
            return prepared

        monkeypatch.setattr(store, "_prepare_import", then_another_window_removes)
        with pytest.raises(StoreError, match="was removed by another Marginalia window"):  # was a TypeError
            store.import_file(edited(db))


@pytest.mark.parametrize("keep", [False, True], ids=["annotations-removed", "annotations-kept"])
def test_a_removal_is_undone_after_another_window_merged_its_theme_away(db: Path, keep: bool) -> None:
    with Store(db) as store, Store(db) as other:
        store.tag(DOC, ["para_5"], "tech", note="keep me")
        removed = store.remove_document(DOC, keep_annotations=keep)
        other.merge_themes("tech", "poc")  # the theme its annotations used is gone
        store.restore_document(removed)  # was "changed the same data at the same moment … run it again", forever
        assert [(a.eid, a.theme, a.status, a.note) for a in store.annotations()] == \
            [("para_5", "Technology & innovation", "anchored", "keep me")]
        assert store.theme("tech").name == "Technology & innovation"


def test_a_rename_is_undone_to_an_extracted_title_longer_than_a_title_may_be_typed(tmp_path: Path) -> None:
    long_title = " ".join(["Protection of civilians"] * 60)  # 1,439 characters, one wrapped heading
    file = tmp_path / "long.md"
    file.write_text(f"# {long_title}\n\n1. A paragraph of the report.\n", encoding="utf-8")
    with Store(tmp_path / "long.db", import_corpus=False) as store:
        doc = store.import_file(file).doc_id
        old = title_of_doc(store, doc)
        assert len(old) > 1000
        store.rename_document(doc, "Short")
        store.rename_document(doc, old)  # what Ctrl+Z does
        assert title_of_doc(store, doc) == old


def title_of_doc(store: Store, doc: str) -> str:
    return str(store.db.execute("SELECT title FROM documents WHERE id = ?", [doc]).fetchone()[0])

"""Item 1: a long-lived Store (the window is one) never writes against text another window re-imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.export import export
from gui.store import Store, StoreError
from gui.store.errors import DocumentChanged

from .conftest import DOC, PARA_5_EDITED, edit_and_reimport

STALE = f"{DOC} was re-imported by another Marginalia window or command since it was opened; nothing was " \
        "changed — reopen it"


def test_tag_on_a_block_that_was_deleted_is_refused(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        s.document(DOC)
        edit_and_reimport(db)
        with pytest.raises(DocumentChanged) as info:
            s.tag(DOC, ["para_110"], "poc")
        assert str(info.value) == STALE
        assert s.annotations() == []
        export(s, "qdpx", tmp_path / "out.qdpx")  # no "anchored" annotation on a block that is gone


def test_tag_on_reworded_text_is_refused_then_works_on_the_new_text(db: Path) -> None:
    with Store(db) as s:
        s.document(DOC)
        edit_and_reimport(db)
        with pytest.raises(DocumentChanged, match="reopen it"):
            s.tag(DOC, ["para_5"], "poc")
        # Reopened: the new wording is quoted.
        s.tag(DOC, ["para_5"], "poc")
        [ann] = s.annotations()
        assert ann.quote == PARA_5_EDITED.removeprefix("- 5. ")


@pytest.mark.parametrize("write", ["span", "untag", "note", "reattach", "delete"])
def test_every_write_checks_the_version(db: Path, write: str) -> None:
    with Store(db) as s:
        s.document(DOC)
        s.tag(DOC, ["para_7"], "poc")
        [ann] = s.annotations()
        edit_and_reimport(db)
        with pytest.raises(DocumentChanged):
            if write == "span":
                s.tag(DOC, ["para_5"], "poc", span=(0, 9))
            elif write == "untag":
                s.untag(DOC, ["para_7"], "poc")
            elif write == "note":
                s.set_note(ann.id, "a note")
            elif write == "reattach":
                s.reattach(ann.id, "para_8")
            else:
                s.delete_annotations([ann.id])
        assert [(a.eid, a.note) for a in s.annotations()] == [("para_7", "")]


def test_undo_of_an_untag_after_a_reimport_reanchors_instead_of_writing_old_text(db: Path) -> None:
    with Store(db) as s:
        s.tag(DOC, ["para_5"], "poc")
        s.tag(DOC, ["para_110"], "poc")
        removed = s.untag(DOC, ["para_5"], "poc") + s.untag(DOC, ["para_110"], "poc")
        edit_and_reimport(db)
        s.restore_annotations(removed)  # what Undo does
        by_place = {a.id: a for a in s.annotations()}
        five, gone = by_place[removed[0].id], by_place[removed[1].id]
        assert five.eid == "para_5" and five.quote == PARA_5_EDITED.removeprefix("- 5. ")
        assert gone.status == "orphan" and gone.eid is None
        text = s.document(DOC).plain_text()
        assert text[five.anchor.start:five.anchor.end] == five.quote


def test_a_note_on_an_annotation_deleted_elsewhere_says_so(db: Path) -> None:
    with Store(db) as s, Store(db) as other:
        s.tag(DOC, ["para_7"], "poc")
        [ann] = s.annotations()
        other.delete_annotations([ann.id])
        with pytest.raises(StoreError, match=r"no annotation|was deleted by another Marginalia window"):
            s.set_note(ann.id, "lost?")


def test_the_window_shows_the_message_and_reopens_the_new_text(db: Path, make_window: object,
                                                               qtbot: QtBot) -> None:
    window = make_window(db)  # type: ignore[operator]
    window.open_document(DOC, at="para_110")
    edit_and_reimport(db)
    window.toggle_theme(window.store.theme("poc").id)
    assert window.last_error == STALE
    assert window.store.annotations() == []
    window.open_document(DOC)  # "reopen it": the library click on the same document
    assert window.document.get("para_110") is None
    window.reader.go_to("para_5")
    window.toggle_theme(window.store.theme("poc").id)
    assert [a.quote for a in window.store.annotations()] == [PARA_5_EDITED.removeprefix("- 5. ")]


def test_an_undo_refused_after_a_reimport_is_a_message_not_a_traceback(
        db: Path, make_window: object, qtbot: QtBot, capsys: pytest.CaptureFixture[str]) -> None:
    """Tag para. 110, another window re-imports the document without it, then Ctrl+Z: the store refuses the
    stale write; the window says so, drops the step, and prints no traceback."""
    window = make_window(db)  # type: ignore[operator]
    window.open_document(DOC, at="para_110")
    window.toggle_theme(window.store.theme("poc").id)
    assert window.undo_stack.count() == 1
    edit_and_reimport(db)
    window.undo_stack.undo()
    assert "re-imported by another Marginalia window" in (window.last_error or "")
    assert window.undo_stack.count() == 0
    assert "Traceback" not in capsys.readouterr().err

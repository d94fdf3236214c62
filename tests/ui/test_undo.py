"""Undo that never surprises: an undo in a document that is not on screen shows that document and says so;
merging and deleting themes are undo steps like any other, and the history before them survives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from gui.core.annotations import Theme
from gui.store import Store
from gui.ui.coding.commands import NoteCommand, ThemeRemoval, ToggleThemeCommand, UndoHistory
from gui.ui.session import Session
from gui.ui.shell.window import MainWindow

DOC, OTHER = "S-2017-130", "S-2016-1017"


def paragraphs(window: MainWindow, doc_id: str, count: int) -> list[str]:
    return [b.eid for b in window.store.document(doc_id).blocks if b.kind.value == "paragraph"][:count]


def same_theme(a: Theme, b: Theme) -> bool:
    """Equal but for `position`, which counts among siblings and is renumbered 0, 1, 2… when they are put back."""
    return replace(a, position=0) == replace(b, position=0)


def coverage(window: MainWindow, doc_id: str) -> int:
    model = window.library.model
    info = model.info(model.row_of(doc_id))
    assert info is not None
    return info.coverage()[0]


def test_an_undo_in_a_document_not_on_screen_opens_it_and_names_it(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_35")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert [a.eid for a in window.store.annotations(doc=DOC)] == ["para_35"]
    window.open_document(OTHER)
    assert window.doc_id == OTHER
    window.undo_stack.undo()
    assert window.store.annotations(doc=DOC) == []
    assert window.doc_id == DOC and window.reader.current_eid() == "para_35"  # shown where it happened
    message = window.statusBar().currentMessage()
    assert message.startswith("Undone: Tag") and "S/2017/130" in message
    qtbot.waitUntil(lambda: coverage(window, DOC) == 0, timeout=10_000)  # the library's count follows
    window.open_document(OTHER)
    window.undo_stack.redo()
    assert window.doc_id == DOC and [a.eid for a in window.store.annotations(doc=DOC)] == ["para_35"]
    assert window.statusBar().currentMessage().startswith("Redone: Tag")


def test_an_undo_in_the_open_document_stays_there(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_35")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    window.reader.go_to("para_60")
    opened: list[str] = []
    window.session.document_opened.connect(opened.append)
    with qtbot.waitSignal(window.session.annotations_changed) as changed:
        window.undo_stack.undo()
    assert changed.args == [DOC] and opened == []  # announced; nothing re-opened
    assert window.reader.current_eid() == "para_60"


def test_twenty_tags_a_merge_and_every_step_undone(window: MainWindow, qtbot: QtBot) -> None:
    """The issue's case: tag 20 paragraphs, merge two themes, Ctrl+Z — each of the 21 steps undoes."""
    eids = paragraphs(window, DOC, 20)
    for eid in eids:
        window.reader.go_to(eid)
        qtbot.keyClick(window.reader, Qt.Key.Key_3)  # tech
    tech, intel = window.store.theme("tech"), window.store.theme("intel")
    order = [t.id for t in window.store.themes()]
    window.store.tag(DOC, [eids[0]], "intel")  # the target already has one: the merge drops that duplicate
    window.codebook.remove(ThemeRemoval(tech.id, into=intel.id))
    assert window.store.find_theme("tech") is None
    assert window.undo_stack.count() == 21
    assert window.undo_stack.undoText() == "Merge Technology & innovation into Intelligence & information"
    qtbot.keySequence(window.reader, QKeySequence.StandardKey.Undo)
    assert same_theme(window.store.theme(tech.id), tech)  # same id, name, key, colour, digit
    assert [t.id for t in window.store.themes()] == order  # in its place in the codebook
    assert sorted(a.eid for a in window.store.annotations(doc=DOC, theme=tech.id)) == sorted(eids)
    assert [a.eid for a in window.store.annotations(doc=DOC, theme=intel.id)] == [eids[0]]
    assert tech.id in window.codebook.panel.model.by_id
    for _ in eids:
        qtbot.keySequence(window.reader, QKeySequence.StandardKey.Undo)
    assert window.store.annotations(doc=DOC, theme=tech.id) == []
    for _ in range(21):
        window.undo_stack.redo()
    assert window.store.find_theme("tech") is None
    assert len(window.store.annotations(doc=DOC, theme=intel.id)) == 20


def test_deleting_a_theme_with_annotations_and_sub_themes_is_undone_whole(window: MainWindow) -> None:
    store = window.store
    poc = store.theme("poc")
    below = store.subthemes(poc.id)
    assert below, "the default codebook gives POC sub-themes"
    store.tag(DOC, ["para_19", "para_20"], poc.id, coder="colleague")
    note = store.tag(DOC, ["para_21"], poc.id).annotation_ids[0]
    window.undo_stack.push(NoteCommand(store, note, "why it matters", window.refresh_annotations))
    before = sorted(store.annotations(theme=poc.id), key=lambda a: a.id)
    window.codebook.remove(ThemeRemoval(poc.id, delete_annotations=True))
    assert store.find_theme("poc") is None and store.annotations(theme=None, doc=DOC) == []
    assert all(store.theme(s.id).parent_id != poc.id for s in below)  # handed up a level
    window.undo_stack.undo()
    assert same_theme(store.theme(poc.id), poc)
    assert [t.id for t in store.themes() if t.parent_id == poc.id] == [s.id for s in below]  # under it, in order
    assert sorted(store.annotations(theme=poc.id), key=lambda a: a.id) == before  # every coder's, with notes
    window.undo_stack.undo()  # the note step before the deletion still undoes
    assert store.annotation(note).note == ""


def test_a_refused_replay_is_shown_and_leaves_the_stack(window: MainWindow, qtbot: QtBot) -> None:
    """Errors come through the window's own history (no class-level hook shared by every window)."""
    assert window.add_theme("Elections", "#336699")
    window.store.tag(DOC, ["para_35"], "Elections", coder="colleague")  # as another window would, meanwhile
    with qtbot.waitSignal(window.undo_stack.failed) as failed:
        window.undo_stack.undo()  # taking the theme away again is refused: it has an annotation now
    assert str(failed.args[0]).startswith("New theme Elections:")
    assert window.last_error == failed.args[0]
    assert window.store.find_theme("Elections") is not None and window.undo_stack.count() == 0


def test_a_command_is_applied_once_when_pushed(window: MainWindow, qtbot: QtBot, monkeypatch: object) -> None:
    """The base class applies once: building the command writes; the stack's first redo() only shows it."""
    writes: list[str] = []
    store = window.store
    for name in ("tag", "restore_annotations", "delete_annotations"):
        original = getattr(store, name)
        monkeypatch.setattr(store, name, lambda *a, _o=original, _n=name, **k: writes.append(_n) or _o(*a, **k))  # type: ignore[attr-defined]
    window.reader.go_to("para_35")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert writes == ["tag"]
    window.undo_stack.undo()
    window.undo_stack.redo()
    assert writes == ["tag", "delete_annotations", "restore_annotations"]


def test_commands_and_the_session_work_without_a_window(qtbot: QtBot, tmp_path: Path) -> None:
    """A command needs a store and an undo history, no window: what it changed is announced on the history;
    the session announces the document and the codebook."""
    store = Store(tmp_path / "alone.db")
    try:
        session = Session(store)
        with qtbot.waitSignal(session.themes_changed):
            session.set_themes(store.themes())
        assert session.theme_by_id[store.theme("poc").id].key == "poc"
        with qtbot.waitSignal(session.document_opened) as opened:
            session.show(DOC, store.document(DOC))
        assert opened.args == [DOC] and session.symbol(DOC) == "S/2017/130"
        assert session.symbol(OTHER) == "S/2016/1017"
        history = UndoHistory()
        shown: list[str] = []
        with qtbot.waitSignal(history.done) as done:
            history.push(ToggleThemeCommand(store, DOC, ["para_35"], store.theme("poc").id, "POC",
                                            lambda: shown.append("refresh"), "kim"))
        command, undone = done.args
        assert command.docs == {DOC} and command.eid == "para_35" and not undone and not command.replayed
        with qtbot.waitSignal(history.done) as done:
            history.undo()
        assert done.args[1] is True and command.replayed and store.annotations(doc=DOC) == []
        assert shown == ["refresh", "refresh"]
    finally:
        store.close()


def test_a_digit_on_a_title_block_line_says_why_nothing_was_tagged(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("preface_1")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert window.store.annotations(doc=DOC) == [] and window.undo_stack.count() == 0
    assert "title block is not coded" in window.statusBar().currentMessage()

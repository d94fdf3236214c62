"""One keymap: the reader's keys, the menus and the shortcut help (F1) are all made from `gui.ui.keymap`; the
Structure panel and the library answer the same movement keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from gui.store import Store
from gui.ui.keymap import ACTIONS, READER_KEYS, TYPED
from gui.ui.reader.outline import EIDRole
from gui.ui.reader.reader import Reader
from gui.ui.shell import dialogs
from gui.ui.shell.window import MainWindow


def test_every_typed_key_of_the_keymap_asks_the_reader_for_its_action(qtbot: QtBot, tmp_path: Path) -> None:
    """A reader alone (no window, no menus whose shortcuts could answer instead): the keymap's keys."""
    store = Store(tmp_path / "keys.db")
    reader = Reader()
    qtbot.addWidget(reader)
    reader.show_document(store.document("S-2017-130"))
    store.close()
    reader.show()
    reader.setFocus()  # the reader's keys act only when it has the focus (test_reader_keys)
    qtbot.waitUntil(reader.hasFocus)
    asked: list[str] = []
    reader.action_wanted.connect(asked.append)
    for key in TYPED:
        qtbot.keyClicks(reader, key)
    assert asked == list(TYPED.values())
    digits: list[int] = []
    reader.digit_typed.connect(digits.append)
    qtbot.keyClicks(reader, "37")
    assert digits == [3, 7] and len(asked) == len(TYPED)  # a digit is not an action


def test_every_action_is_in_the_menus_with_its_shortcuts(window: MainWindow) -> None:
    assert set(window.actions_by_id) == {spec.id for spec in ACTIONS}
    for spec in ACTIONS:
        action = window.actions_by_id[spec.id]
        assert [k.toString() for k in action.shortcuts()] == [QKeySequence(s).toString() for s in spec.shortcuts]
        assert action.statusTip() == spec.help


def test_a_key_typed_in_the_reader_does_what_its_menu_entry_does(window: MainWindow, qtbot: QtBot) -> None:
    triggered: list[str] = []
    for action_id in ("next-untagged", "previous-section"):
        window.actions_by_id[action_id].triggered.connect(lambda *_a, i=action_id: triggered.append(i))
    window.reader.go_to("para_7")
    qtbot.keyClicks(window.reader, "u[")
    assert triggered == ["next-untagged", "previous-section"]


def test_the_shortcut_help_lists_the_keymap(window: MainWindow) -> None:
    table = dialogs.shortcut_help(window, window.digit_names()).findChild(QTableWidget)
    assert table is not None
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert all(row in rows for row in READER_KEYS)
    assert any(keys == "1" and "Protection of civilians" in does for keys, does in rows)
    assert ("Ctrl+L", "Find ▸ Go to the Library") in rows


def test_j_and_k_move_in_the_structure_panel_and_the_reader_follows(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_7")
    window.outline.setFocus()
    start = window.outline.currentIndex()
    qtbot.keyClick(window.outline, Qt.Key.Key_J)
    below = window.outline.currentIndex()
    assert below != start and below == window.outline.indexBelow(start)
    assert window.reader.current_eid() == below.data(EIDRole) != "para_7"
    qtbot.keyClick(window.outline, Qt.Key.Key_K)
    assert window.outline.currentIndex() == start and window.reader.current_eid() == "para_7"


def test_a_key_goes_to_the_library_and_keys_step_through_documents(window: MainWindow, qtbot: QtBot) -> None:
    model = window.library.model
    first = window.doc_id
    assert first is not None
    row = model.row_of(first)
    assert row is not None
    window.actions_by_id["library"].trigger()
    assert window.left_tabs.currentWidget() is window.library and window.library.view.hasFocus()
    assert window.library.view.currentIndex().row() == row
    window.actions_by_id["next-document"].trigger()
    assert window.doc_id == model.doc_id(row + 1) != first
    window.actions_by_id["previous-document"].trigger()
    assert window.doc_id == first

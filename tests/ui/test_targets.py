"""Every click on target: the context menu acts on the paragraph under the pointer and shows what it has,
the outline drives the reader from the keyboard, the note editor saves with Ctrl+Enter and cancels with Esc."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow


def _point_of(window: MainWindow, eid: str) -> QPoint:
    reader = window.reader
    placed = reader.placed[reader.by_eid[eid]]
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + 5)
    return reader.cursorRect(cursor).center()


def _menu_of(window: MainWindow, qtbot: QtBot, pos: QPoint) -> dict[str, bool]:
    """Open the reader's context menu at `pos`; the checked state of each theme, then close it."""
    seen: dict[str, bool] = {}

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.isCheckable():
                seen[action.text().split("\t")[0]] = action.isChecked()
        menu.close()

    QTimer.singleShot(50, read_and_close)
    window.codebook.reader_menu(pos)
    return seen


def test_right_click_acts_on_the_paragraph_under_the_pointer(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    reader.go_to("para_5__list_1__point_e")
    qtbot.keyClick(reader, Qt.Key.Key_1)  # the first theme on (e)
    first = window.themes[0].name
    reader.go_to("para_7")
    reader.go_to("para_5__list_1__point_e")
    assert _menu_of(window, qtbot, _point_of(window, "para_5__list_1__point_e"))[first] is True
    checked = _menu_of(window, qtbot, _point_of(window, "para_7"))
    assert reader.current_eid() == "para_7"  # the paragraph right-clicked, not the one selected before
    assert checked[first] is False


def test_the_outline_moves_the_reader_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_83")
    window.outline.setFocus()
    qtbot.keyClick(window.outline, Qt.Key.Key_Down)
    assert window.reader.current_eid() != "para_83"
    eid = window.reader.current_eid()
    qtbot.keyClick(window.outline, Qt.Key.Key_1)  # a digit tags from the outline too
    assert [a.eid for a in window.store.annotations(doc="S-2017-130")] == [eid]
    qtbot.keyClick(window.outline, Qt.Key.Key_Escape)
    assert window.reader.hasFocus() or QApplication.focusWidget() is window.reader


def test_ctrl_enter_saves_a_note_and_esc_cancels(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    note = window.annotations.note
    note.setFocus()
    note.setPlainText("Core POC meeting")
    note.document().setModified(True)
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: [a.note for a in window.store.annotations(doc="S-2017-130")] == ["Core POC meeting"])
    note.setFocus()
    note.setPlainText("a draft I do not want")
    note.document().setModified(True)
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert note.toPlainText() == "Core POC meeting" and not note.document().isModified()
    qtbot.wait(20)
    assert [a.note for a in window.store.annotations(doc="S-2017-130")] == ["Core POC meeting"]


def test_the_status_bar_and_f1_say_which_digit_is_which_theme(window: MainWindow, qtbot: QtBot) -> None:
    from gui.ui.shell import dialogs

    first = window.theme_by_digit[1]
    assert window.status_digits.text().startswith(f"1 {first.key}")
    assert f"1: {first.name}" in window.status_digits.toolTip()
    dialog = dialogs.shortcut_help(window, window.digit_names())
    table = dialog.findChild(dialogs.QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["1"] == f"toggle the theme {first.name}"
    dialog.close()


def test_the_first_start_asks_whose_work_it_is_once(window: MainWindow, qtbot: QtBot,
                                                    monkeypatch: object) -> None:
    from PySide6.QtWidgets import QInputDialog

    asked: list[str] = []

    def answer(_parent: object, _title: str, _label: str, text: str = "") -> tuple[str, bool]:
        asked.append(text)
        return "Amina Diallo", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(answer))  # type: ignore[attr-defined]
    window.first_run_name()
    assert len(asked) == 1 and asked[0]  # asked once, prefilled with the login name
    assert window.coder == "Amina Diallo" and window.store.default_coder() == "Amina Diallo"
    assert window.settings.value("coder/asked") in (True, "true")


def test_the_annotation_panel_wraps_a_long_sub_theme_and_note_instead_of_cutting_them(window: MainWindow,
                                                                                      qtbot: QtBot) -> None:
    window.store.tag("S-2017-130", ["para_83"], "poc-early-warning", note="A long note about community alert "
                     "networks and the mission's early-warning cell, which should wrap and not be cut off.")
    window.open_document("S-2017-130", at="para_83")
    window.refresh_annotations()
    panel = window.annotations
    panel.resize(240, 400)
    panel.list.resize(228, 200)
    qtbot.wait(10)
    item = panel.list.item(0)
    assert item.text().startswith("Protection of civilians (POC) › Early warning and rapid response — ")
    assert panel.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    rect = panel.list.visualItemRect(item)
    line = panel.list.fontMetrics().lineSpacing()
    assert rect.width() <= panel.list.viewport().width() and rect.height() >= 4 * line  # wrapped onto lines


def test_f1_wraps_what_each_key_does_at_the_dialogs_width(window: MainWindow, qtbot: QtBot) -> None:
    """Found trying the window: F1's "Does" column was as wide as its longest line, so the table scrolled
    sideways and most descriptions were cut off at the dialog's edge."""
    from gui.ui.shell import dialogs

    dialog = dialogs.shortcut_help(window, window.digit_names())
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.findChild(dialogs.QTableWidget)
    assert table.columnWidth(0) + table.columnWidth(1) <= table.viewport().width() + 1
    assert table.horizontalScrollBar().maximum() == 0
    line = table.fontMetrics().height()
    longest = max(range(table.rowCount()), key=lambda r: len(table.item(r, 1).text()))
    text = table.item(longest, 1).text()
    assert table.fontMetrics().horizontalAdvance(text) > table.columnWidth(1)  # it needs more than one line
    assert table.rowHeight(longest) >= 2 * line  # and has them
    dialog.close()

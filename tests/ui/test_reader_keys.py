"""The reader's movement keys as a new analyst meets them: PageDown and PageUp keep the current paragraph on
screen; Alt+← after a footnote comes back to the paragraph that holds its mark."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from gui.ui.reader.reader import Reader
from gui.ui.shell.window import MainWindow

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def top_in_view(reader: Reader, index: int) -> float:
    """The top of block `index` in viewport coordinates."""
    placed = reader.placed[index]
    layout = reader.document().documentLayout()
    top = layout.blockBoundingRect(reader.document().findBlock(placed.start)).top()
    return top - reader.verticalScrollBar().value()


def test_page_down_and_up_keep_the_current_paragraph_on_screen(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: window.width() == 1200)
    reader.setFocus()
    reader.go_to("para_1")
    seen = [reader.current]
    for _ in range(4):
        before = reader.verticalScrollBar().value()
        qtbot.keyClick(reader, Qt.Key.Key_PageDown)
        assert reader.verticalScrollBar().value() > before  # the text moved on a page
        top = top_in_view(reader, reader.current)
        assert 0 <= top < reader.viewport().height()  # and the current paragraph begins in view
        assert reader.current > seen[-1]
        seen.append(reader.current)
    assert window.status_block.text().endswith(reader.placed[reader.current].block.num or "")  # the window follows
    for _ in range(2):
        qtbot.keyClick(reader, Qt.Key.Key_PageUp)
        top = top_in_view(reader, reader.current)
        assert 0 <= top < reader.viewport().height()
    assert reader.current < seen[-1]


def test_page_down_at_the_end_goes_to_the_last_block(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_End)
    qtbot.keyClick(reader, Qt.Key.Key_PageUp)
    assert reader.current < len(reader.placed) - 1
    reader.verticalScrollBar().setValue(reader.verticalScrollBar().maximum())
    qtbot.keyClick(reader, Qt.Key.Key_PageDown)
    assert reader.current == len(reader.placed) - 1


def test_alt_left_after_a_footnote_comes_back_to_the_paragraph_of_its_mark(make_window: object,
                                                                          qtbot: QtBot) -> None:
    """The mark is clicked in a paragraph that is not the current one (a click on a link does not move the
    current block first): Alt+← comes back to the paragraph that holds the mark, where the analyst was reading."""
    window: MainWindow = make_window()  # type: ignore[operator]
    report = window.store.import_file(PDFS / "S_2025_72.en.pdf")
    window.refresh_library()
    window.open_document(report.doc_id, "para_1")
    reader = window.reader
    reader.set_current(reader.by_eid["para_2"], scroll=False)  # reading on, para 1 still in view above
    placed = reader.placed[reader.by_eid["para_1"]]
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + placed.qt_offset(placed.block.refs[0][0], end=True))  # just before the mark
    rect = reader.cursorRect(cursor)
    point = QPoint(rect.right() + 2, rect.top() + 2)
    assert reader.note_at(point) == "fn_1"
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert reader.current_eid() == "fn_1"
    qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert reader.current_eid() == "para_1"  # it came back to para 2, where the current block had been


def test_keys_typed_in_a_window_without_focus_tag_nothing(window: MainWindow, qtbot: QtBot) -> None:
    """Reproduced on a real X server (Xvfb, no window manager): a window just opened and not activated has no
    focused widget, yet Qt hands its keys to the reader (its last focus child) — "1", "j", "2" tagged the title
    block and the heading below it. The keys must do nothing until the reader has the focus."""
    window.reader.go_to("para_1")
    other = QWidget()  # another window has the focus, as the desktop left it
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    assert QApplication.focusWidget() is not window.reader and window.reader.focusWidget() is window.reader
    before, current = len(window.store.annotations(doc="S-2017-130")), window.reader.current
    handle = window.windowHandle()
    for key in (Qt.Key.Key_1, Qt.Key.Key_J, Qt.Key.Key_2, Qt.Key.Key_U, Qt.Key.Key_Y):
        QTest.keyClick(handle, key)  # to the window, as the X server sends them
    assert len(window.store.annotations(doc="S-2017-130")) == before
    assert window.reader.current == current
    window.activateWindow()  # the analyst clicks the window: now the reader has the focus and "1" tags
    qtbot.waitUntil(lambda: window.reader.hasFocus())
    QTest.keyClick(handle, Qt.Key.Key_1)
    assert len(window.store.annotations(doc="S-2017-130")) == before + 1

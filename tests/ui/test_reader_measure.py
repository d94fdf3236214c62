"""The reader an analyst reads in all day: a comfortable measure, clicks that do not move the text,
selections that stop at words, and a highlight over the whole block."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF, QTextCursor
from pytestqt.qtbot import QtBot

from gui.ui.reader.reader_layout import MEASURE
from gui.ui.shell.window import MainWindow


def _longest_line(window: MainWindow, eid: str) -> int:
    reader = window.reader
    placed = reader.placed[reader.by_eid[eid]]
    block = reader.document().findBlock(placed.start)
    reader.document().documentLayout().blockBoundingRect(block)  # laid out when first asked
    layout = block.layout()
    return max(layout.lineAt(i).textLength() for i in range(layout.lineCount()))


def test_a_wide_window_keeps_about_80_characters_a_line_centred(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(2400, 900)
    window.splitter.setSizes([200, 2000, 200])
    qtbot.wait(20)
    reader = window.reader
    assert reader.inset > 100  # the column moved right, to the middle
    assert _longest_line(window, "para_83") <= MEASURE * 1.25
    frame = reader.document().rootFrame().frameFormat()
    assert abs((frame.leftMargin() - 84) - (frame.rightMargin() - 32)) < 2
    window.resize(1200, 900)
    window.splitter.setSizes([300, 600, 300])
    qtbot.wait(20)
    assert reader.inset == 0  # a narrow reader uses all its width


def test_a_click_near_the_bottom_does_not_move_the_text(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    reader.go_to("para_20")
    qtbot.wait(10)
    before = reader.verticalScrollBar().value()
    point = QPoint(300, reader.viewport().height() - 6)
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert reader.verticalScrollBar().value() == before
    assert reader.current_eid() == reader.placed[reader.index_at_position(
        reader.cursorForPosition(point).position())].block.eid


def test_a_selection_stops_at_its_words(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    placed = reader.placed[reader.by_eid["para_83"]]
    start = placed.block.text.index("thematic") - 1  # the space before the words came along
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + start)
    cursor.setPosition(placed.start + start + len(" thematic discussion "), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    _, (a, b) = reader.text_span()  # type: ignore[misc]
    assert placed.block.text[a:b] == "thematic discussion"


def test_the_current_block_highlight_covers_its_last_character(window: MainWindow) -> None:
    reader = window.reader
    reader.go_to("para_83")
    placed = reader.placed[reader.by_eid["para_83"]]
    [selection] = [s for s in reader.extraSelections() if s.cursor.selectionStart() == placed.start]
    assert selection.cursor.selectionEnd() == placed.end
    assert QFontMetricsF(reader.font()).averageCharWidth() > 0


def test_text_size_zooms_and_is_remembered(make_window: object, qtbot: QtBot) -> None:
    first: MainWindow = make_window()  # type: ignore[operator]
    first.open_document("S-2017-130", at="para_83")
    size = first.reader.document().defaultFont().pointSizeF()
    first.actions_by_id["zoom-in"].trigger()
    first.actions_by_id["zoom-in"].trigger()
    bigger = first.reader.document().defaultFont().pointSizeF()
    assert bigger > size * 1.15
    assert first.reader.current_eid() == "para_83" and first.reader.themes_of == {}
    first.close()
    second: MainWindow = make_window()  # type: ignore[operator]
    second.open_document("S-2017-130")
    assert abs(second.reader.document().defaultFont().pointSizeF() - bigger) < 0.01
    second.actions_by_id["zoom-reset"].trigger()
    assert abs(second.reader.document().defaultFont().pointSizeF() - size) < 0.01


def test_reset_layout_gives_the_reader_its_share(window: MainWindow, qtbot: QtBot) -> None:
    window.splitter.setSizes([900, 200, 300])
    window.actions_by_id["reset-layout"].trigger()
    sizes = window.splitter.sizes()
    assert sizes[1] > sizes[0] and sizes[1] > sizes[2]


def test_a_small_window_gives_the_reader_its_width_and_is_not_saved(make_window: object, qtbot: QtBot) -> None:
    first: MainWindow = make_window()  # type: ignore[operator]
    first.resize(1400, 880)
    first.splitter.setSizes([300, 800, 300])
    qtbot.wait(10)
    for width, height in ((640, 480), (400, 340)):
        first.resize(width, height)
        qtbot.wait(20)
        sizes = first.splitter.sizes()
        assert sizes[0] == 0 and sizes[2] == 0 and sizes[1] >= width - 20, (width, sizes)
        assert first.reader.viewport().width() > 0.8 * width
    first.close()  # closed while squeezed: the wide layout is what is kept
    assert first.settings.value("window/splitter") is None
    second: MainWindow = make_window()  # type: ignore[operator]
    second.resize(1400, 880)
    qtbot.wait(20)
    assert second.splitter.sizes()[0] > 0


def test_ctrl_f_unfolds_the_search_a_small_window_folded(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(640, 480)
    qtbot.wait(20)
    assert window.splitter.sizes()[0] == 0
    window.actions_by_id["search"].trigger()
    assert window.splitter.sizes()[0] > 100


def test_a_window_made_wide_again_gets_back_the_panels_it_folded(window: MainWindow, qtbot: QtBot) -> None:
    """Found trying the window: made narrow (the library folded away) and then wide again, the window kept the
    library folded and the structure squeezed; the layout from before comes back."""
    window.resize(1400, 880)
    window.splitter.setSizes([300, 800, 300])
    qtbot.wait(20)
    before = window.splitter.sizes()
    for width in (900, 640):
        window.resize(width, 600)
        qtbot.wait(20)
        assert window.splitter.sizes()[0] == 0
    window.resize(1400, 880)
    qtbot.wait(20)
    after = window.splitter.sizes()
    assert all(abs(a - b) <= 0.02 * sum(before) for a, b in zip(after, before, strict=True)), (before, after)
    window.splitter.setSizes([0, 1100, 300])  # the analyst folds the library in a wide window: it stays folded
    window.resize(1500, 880)
    qtbot.wait(20)
    assert window.splitter.sizes()[0] == 0

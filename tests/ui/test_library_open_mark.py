"""The open document's row stays marked in the library (bold) when the keyboard moves the library's cursor to
another row: a new analyst pressed ↓ and saw another document highlighted while the reader still showed the
first (Enter opens the row under the cursor, as in a file list)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow

from .test_library_manage import DOC


def bold_rows(window: MainWindow) -> list[str]:
    model = window.library.model
    out = []
    for row in range(model.rowCount()):
        font = model.data(model.index(row, 0), Qt.ItemDataRole.FontRole)
        if font is not None and font.bold():
            out.append(model.doc_id(row) or "")
    return out


def test_the_open_documents_row_stays_bold_when_the_cursor_moves(window: MainWindow, qtbot: QtBot) -> None:
    window.open_document(DOC)
    assert bold_rows(window) == [DOC]
    window.focus_library()
    view = window.library.view
    start = view.currentIndex().row()
    qtbot.keyClick(view, Qt.Key.Key_Down if start + 1 < window.library.model.rowCount() else Qt.Key.Key_Up)
    assert view.currentIndex().row() != start and window.session.doc_id == DOC  # moved, nothing opened
    assert bold_rows(window) == [DOC]
    qtbot.keyClick(view, Qt.Key.Key_Return)  # Enter opens the row under the cursor: the mark follows
    other = window.library.model.doc_id(view.currentIndex().row())
    assert window.session.doc_id == other != DOC and bold_rows(window) == [other]

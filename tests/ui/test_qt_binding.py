"""Guard against a Qt binding that mishandles reference counts (PySide6 6.12.0 on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument


def test_void_methods_keep_none_alive() -> None:
    block_format = QTextBlockFormat()
    cursor = QTextCursor(QTextDocument())
    before = sys.getrefcount(None)
    for _ in range(500):
        block_format.setLeftMargin(10)
        cursor.insertText("x")
    # A binding that returns None without a new reference loses 1,000 references here and,
    # over a long reading session, aborts the program.
    assert sys.getrefcount(None) - before > -100

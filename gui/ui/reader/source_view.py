"""The original file text beside the clean text, with the current block's source spans highlighted."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from gui.core.model import Document
from gui.ui.reader.textpos import utf16_len


class SourceView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("Source text")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self._document: Document | None = None
        self.highlighted: list[tuple[int, int]] = []  # UTF-16 positions, for tests

    def show_document(self, document: Document) -> None:
        self._document = document
        self.setPlainText(document.source.replace("\r\n", "\n").replace("\r", "\n"))  # plain text: safe

    def highlight(self, eid: str) -> None:
        """Mark the spans of the source the block was built from, and scroll to the first."""
        if self._document is None or self._document.get(eid) is None:
            return
        source = self._document.source
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        colour.setAlpha(70)
        selections, self.highlighted = [], []
        for start, end in self._document.block(eid).spans:
            a = utf16_len(source[:start].replace("\r\n", "\n").replace("\r", "\n"))
            b = a + utf16_len(source[start:end].replace("\r\n", "\n").replace("\r", "\n"))
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(colour)
            cursor = QTextCursor(self.document())
            cursor.setPosition(a)
            cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
            self.highlighted.append((a, b))
        self.setExtraSelections(selections)
        if self.highlighted:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self.highlighted[0][0])
            self.setTextCursor(cursor)
            self.centerCursor()

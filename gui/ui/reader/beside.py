"""What View ▸ Show Source puts beside the reader: the printed page for a PDF, the source text for a text file."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from gui.core.model import Document
from gui.ui.reader.page_view import PageView
from gui.ui.reader.source_view import SourceView


class Beside(QStackedWidget):
    """The source of the open document: a PageView for a PDF, a SourceView for text."""

    block_clicked = Signal(str)
    page_changed = Signal(int, int)
    picture_ready = Signal(str, QImage)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = SourceView()
        self.pages = PageView()
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(self.missing.textFormat().PlainText)  # a path is data, never rich text
        self.missing.setMargin(24)
        for widget in (self.text, self.pages, self.missing):
            self.addWidget(widget)
        self.pages.block_clicked.connect(self.block_clicked)
        self.pages.page_changed.connect(self.page_changed)
        self.pages.picture_ready.connect(self.picture_ready)
        self.printed = False

    @property
    def highlighted(self) -> list[tuple[int, int]]:
        return self.text.highlighted

    def show_document(self, document: Document) -> None:
        self.printed = document.encoding == "pdf"
        self.pages.close_document()
        if self.printed and self.pages.show_document(document):
            self.setCurrentWidget(self.pages)
        elif self.printed:
            self.missing.setText(self.pages.message)
            self.setCurrentWidget(self.missing)
        else:
            self.text.show_document(document)
            self.setCurrentWidget(self.text)

    def highlight(self, eid: str) -> None:
        if self.currentWidget() is self.pages:
            self.pages.show_block(eid)
        elif self.currentWidget() is self.text:
            self.text.highlight(eid)

    def set_tints(self, tints: dict[str, QColor]) -> None:
        self.pages.set_tints(tints)

    def ask_pictures(self, scale: float) -> None:
        self.pages.ask_pictures(scale)

    def stop(self) -> None:
        self.pages.wait_stopped()

"""What the reader puts inside a block's text besides the text: raised footnote marks (links to their notes)
and the pictures of figures; and the bookkeeping that keeps code-point offsets right around them."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage, QTextCharFormat, QTextCursor, QTextDocument, QTextImageFormat

from gui.core.model import Block, Document
from gui.ui.reader.textpos import utf16_len, utf16_to_cp


@dataclass(slots=True)
class Placed:
    """A block laid out in the reader: where its text starts and ends in the QTextDocument."""

    block: Block
    start: int  # QTextDocument positions (UTF-16 units)
    end: int
    marks: tuple[tuple[int, int], ...] = ()  # footnote marks shown in the text: (code point offset, UTF-16 length)

    def qt_offset(self, index: int, end: bool = False) -> int:
        """UTF-16 offset in the shown text of code point `index` of the block's text (marks counted in:
        a span that starts at a mark starts after it, one that ends there ends before it)."""
        text = self.block.text.replace("\n", " / ")
        return utf16_len(text[:index]) + sum(n for at, n in self.marks if at < index or (at == index and not end))

    def cp_offset(self, units: int) -> int:
        """The code point of the block's text at a UTF-16 offset in the shown text (inside a mark: before it)."""
        text = self.block.text.replace("\n", " / ")
        shift = 0
        for at, n in self.marks:
            pos = utf16_len(text[:at]) + shift
            if units <= pos:
                break
            if units < pos + n:
                return utf16_to_cp(text, pos - shift)
            shift += n
        return utf16_to_cp(text, units - shift)


def insert_with_marks(cursor: QTextCursor, document: Document, block: Block, text: str, fmt: QTextCharFormat,
                      link: QColor) -> tuple[tuple[int, int], ...]:
    """The block's text with its footnote marks raised; each mark is a link (`note:fn_4`) that a click
    follows and that shows its note on hover. Returns the marks as `Placed.marks`."""
    if not block.refs:
        cursor.insertText(text, fmt)
        return ()
    marks: list[tuple[int, int]] = []
    pos = 0
    for offset, mark, eid in sorted(block.refs):
        cursor.insertText(text[pos:offset], fmt)
        note = document.get(eid)
        raised = QTextCharFormat(fmt)
        raised.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
        raised.setForeground(link)
        raised.setAnchor(True)
        raised.setAnchorHref(f"note:{eid}")
        if note is not None:
            raised.setToolTip(f"{mark} {note.text}")  # for accessibility tools; hover shows it escaped
        cursor.insertText(mark, raised)
        marks.append((offset, utf16_len(mark)))
        pos = offset
    cursor.insertText(text[pos:], fmt)
    return tuple(marks)


def insert_picture(cursor: QTextCursor, qdoc: QTextDocument, block: Block, blank: QColor) -> tuple[float, float]:
    """Room under a figure's caption for the picture of its area (a blank of its size until it is drawn; the
    resource is ours, so Qt never tries to load it from anywhere). Returns the size it takes."""
    _, x0, y0, x1, y1 = block.boxes[0]
    width = min(560.0, 1.25 * (x1 - x0))
    height = width * (y1 - y0) / max(1.0, x1 - x0)
    placeholder = QImage(max(1, int(width)), max(1, int(height)), QImage.Format.Format_RGB32)
    placeholder.fill(blank)
    qdoc.addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(picture_name(block.eid)), placeholder)
    image = QTextImageFormat()  # its size is the picture's (the blank's until the picture is drawn)
    image.setName(picture_name(block.eid))
    cursor.insertText("\u2028")  # a line break inside the same block
    cursor.insertImage(image)
    return width, height


def picture_name(eid: str) -> str:
    return f"figure:{eid}"


def plain_tip(text: str) -> str:
    """A tooltip Qt will not take for HTML: a note's text may start with "<" (Qt sniffs rich text)."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"

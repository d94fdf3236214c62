"""Search results drawn with their matches highlighted.

A result is its citation and its snippet. The snippet is document text — untrusted — so it is escaped piece by
piece and the only markup in what is drawn is ours: a highlight around each match (`SearchHit.pieces`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

HTML_ROLE = Qt.ItemDataRole.UserRole + 6
"""The result as rich text (escaped text, our highlight marks); the display text stays plain for readers."""

PADDING = 4


def mark_colour(palette: QPalette) -> str:
    """A highlight that shows on the page's colour: amber on light, dark gold on dark."""
    return "#6b5800" if palette.color(QPalette.ColorRole.Base).lightness() < 128 else "#ffe27a"


def hit_html(where: str, pieces: list[tuple[str, bool]], mark: str) -> str:
    """Rich text for one result: the citation on its own line, then the snippet with its matches marked."""
    def text(part: str) -> str:
        return html.escape(part).replace("\n", "<br>")

    pieces = [(part, hit) for part, hit in pieces if part]
    if pieces:  # no blank line before or after the text (a heading's snippet may end in a line break)
        pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
        pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
    snippet = "".join(f'<span style="background-color:{mark}; font-weight:600">{text(part)}</span>' if hit
                      else text(part) for part, hit in pieces)
    return f'<div style="font-weight:600">{text(where)}</div><div>{snippet}</div>'


class HitDelegate(QStyledItemDelegate):
    """Draws a result's HTML_ROLE (wrapped to the list's width) over the usual item background."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view

    def _document(self, option: QStyleOptionViewItem, markup: str, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(PADDING)
        document.setHtml(markup)
        document.setTextWidth(max(60, width))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        markup = index.data(HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget: QWidget | None = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = opt.rect
        document = self._document(opt, str(markup), self._width())  # as measured by sizeHint
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        markup = index.data(HTML_ROLE)
        if not markup:
            return super().sizeHint(option, index)
        document = self._document(option, str(markup), self._width())
        return QSize(self._width(), int(document.size().height()) + 1)

    def _width(self) -> int:
        return self.view.viewport().width() - 2

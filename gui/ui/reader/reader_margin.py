"""The reader's margin: paragraph numbers, the marks printed before the text ("(a)", "E.", "•") and the theme
bars — or, while coders are compared, one labelled column of bars per coder, with the blocks on which they
disagree marked.

Painted over the reader's viewport after the text; nothing here reads the database. The reader keeps what is
shown (`Reader.themes_of`, `Reader.compare_columns`); this module only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QTextDocument
from PySide6.QtWidgets import QScrollBar, QWidget

from gui.core.citation import printed_mark
from gui.core.model import Block, Kind
from gui.ui.reader.reader_inline import Placed
from gui.ui.widgets.appearance import legible

GUTTER = 84  # px left of the text: paragraph numbers and theme bars
BAR = 5
NUMBERS = 58  # px from the left of the margin to the right edge of the paragraph numbers
MARK = 14  # px for the sign of a disagreement, between the numbers and the coders' columns
COLUMN = 34  # px per coder while comparing: up to three bars and room around them
COLUMN_BARS = 3
HEADER = 20  # px of the coders' names at the top of the view
DISAGREEMENT = QColor("#d4351c")  # drawn legible on the page's colour, light or dark



class PaintedReader(Protocol):
    """What the margin reads of the reader it is painted in (`reader.Reader`, which imports this module)."""

    placed: list[Placed]
    themes_of: dict[str, list[QColor]]
    span_themes_of: dict[str, list[QColor]]
    compare_columns: MarginColumns | None
    ghosts: dict[str, list[tuple[QColor, str, float]]]  # suggested themes: colour, name, score
    gutter: int
    inset: int

    def index_at_y(self, y: float) -> int: ...
    def heading_font(self, level: int, base: QFont | None = None) -> QFont: ...
    def font(self) -> QFont: ...
    def palette(self) -> QPalette: ...
    def viewport(self) -> QWidget: ...
    def document(self) -> QTextDocument: ...
    def verticalScrollBar(self) -> QScrollBar: ...

@dataclass(frozen=True, slots=True)
class CoderColumn:
    """One coder's bars while comparing: `label` at the top (their name, or its initials when it does not fit),
    `solid` the colours of the themes they tagged on each whole block, `hollow` those on some words only."""

    coder: str
    solid: dict[str, list[QColor]] = field(default_factory=dict)
    hollow: dict[str, list[QColor]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MarginColumns:
    """What the margin shows while comparing coders: a column per coder, and the blocks to mark."""

    columns: tuple[CoderColumn, ...]
    disagreeing: frozenset[str] = frozenset()  # eids of blocks on which the compared coders decided differently


def gutter_width(compare: MarginColumns | None) -> int:
    """The margin's width: the usual one, or wide enough for every compared coder's column."""
    if compare is None:
        return GUTTER
    return NUMBERS + MARK + len(compare.columns) * COLUMN + 8


def column_left(index: int) -> int:
    """Left edge of coder column `index` (before the reader's inset)."""
    return NUMBERS + MARK + index * COLUMN


def column_label(coder: str, font: QFont, width: float = COLUMN - 2) -> str:
    """The coder's name when it fits the column; else their initials ("Kim Lee" → "KL"), else the name cut
    short ("consensus" → "cons…")."""
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(coder) <= width:
        return coder
    words = [w for w in coder.replace(".", " ").replace("_", " ").replace("-", " ").split() if w]
    if len(words) > 1:
        initials = "".join(w[0].upper() for w in words)[:3]
        if metrics.horizontalAdvance(initials) <= width:
            return initials
    return metrics.elidedText(coder, Qt.TextElideMode.ElideRight, width)


def header_font(reader: PaintedReader) -> QFont:
    font = QFont(reader.font())
    font.setPointSizeF(reader.font().pointSizeF() * 0.85)
    font.setBold(True)
    return font


def paint_margin(reader: PaintedReader) -> None:
    """Numbers, hanging marks and bars of every block in view (a binary search finds the first)."""
    if not reader.placed:
        return
    painter = QPainter(reader.viewport())
    qdoc = reader.document()
    layout = qdoc.documentLayout()
    offset = reader.verticalScrollBar().value()
    height = reader.viewport().height()
    palette = reader.palette()
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    text_colour = palette.color(QPalette.ColorRole.Text)
    page = palette.color(QPalette.ColorRole.Base)
    number_font = QFont(reader.font())
    number_font.setPointSizeF(reader.font().pointSizeF() * 0.92)
    painter.setFont(number_font)
    compare = reader.compare_columns
    gutter, inset = reader.gutter, reader.inset
    first = reader.index_at_y(offset)
    for i in range(max(0, first - 1), len(reader.placed)):
        placed = reader.placed[i]
        top_block = qdoc.findBlock(placed.start)
        bottom_block = qdoc.findBlock(max(placed.start, placed.end - 1))
        top = layout.blockBoundingRect(top_block).top() - offset
        bottom = layout.blockBoundingRect(bottom_block).bottom() - offset
        if top > height:
            break
        if bottom < 0:
            continue
        text_top = int(top)  # block bounding rects start below the top margin
        text_bottom = int(bottom - bottom_block.blockFormat().bottomMargin())
        block = placed.block
        label = gutter_label(block)
        if label:
            painter.setPen(muted)
            painter.drawText(QRect(4 + inset, text_top + 3, NUMBERS - 4, 20),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), label)
        hanging = hanging_label(block)
        if hanging:  # "(a)", "E.", "•" just left of the text, as printed
            painter.setPen(text_colour)
            font = reader.heading_font(block.level) if block.kind is Kind.HEADING else QFont(qdoc.defaultFont())
            painter.setFont(font)
            left = gutter + inset + top_block.blockFormat().leftMargin()
            line = top_block.layout().lineAt(0)
            if line.isValid():  # else not laid out again yet (a format just changed): drawn on the next paint
                baseline = top + line.y() + line.ascent()  # the bounding rect starts below the top margin
                advance = QFontMetricsF(font).horizontalAdvance(hanging)
                painter.drawText(QPointF(left - 8 - advance, baseline), hanging)
            painter.setFont(number_font)
        bar_height = max(8, text_bottom - text_top - 6)
        if compare is None:
            solid = reader.themes_of.get(block.eid, [])
            hollow = [c for c in reader.span_themes_of.get(block.eid, []) if c not in solid]
            _bars(painter, GUTTER + inset - 22, text_top + 4, bar_height, solid, hollow, 4, page)
            ghosts = [c for c, _, _ in reader.ghosts.get(block.eid, [])]
            if ghosts:
                _ghosts(painter, GUTTER + inset - 22 + min(len(solid) + len(hollow), 4) * (BAR + 2), text_top + 4,
                        bar_height, ghosts[:max(1, 4 - len(solid) - len(hollow))], page)
            continue
        if block.eid in compare.disagreeing:
            _disagreement(painter, compare, inset, text_top, text_bottom, number_font, page)
        for k, column in enumerate(compare.columns):
            solid = column.solid.get(block.eid, [])
            hollow = [c for c in column.hollow.get(block.eid, []) if c not in solid]
            _bars(painter, column_left(k) + inset + 4, text_top + 4, bar_height, solid, hollow, COLUMN_BARS, page)
    if compare is not None:
        _header(painter, reader, compare)
    painter.end()


def _bars(painter: QPainter, left: int, top: int, height: int, solid: list[QColor], hollow: list[QColor],
          most: int, page: QColor) -> None:
    for k, theme_colour in enumerate((solid + hollow)[:most]):
        colour = legible(theme_colour, page)
        bar = QRect(left + k * (BAR + 2), top, BAR, height)
        if k < len(solid):
            painter.fillRect(bar, colour)
        else:  # a theme on some words of the block, not on all of it
            painter.setPen(QPen(colour, 1.5))
            painter.drawRect(bar.adjusted(0, 0, -1, -1))


def _ghosts(painter: QPainter, left: int, top: int, height: int, colours: list[QColor], page: QColor) -> None:
    """Suggested themes: faded, dashed bars after the theme bars (the score shows on hover)."""
    for k, theme_colour in enumerate(colours):
        colour = legible(theme_colour, page)
        faded = QColor(colour)
        faded.setAlpha(55)
        bar = QRect(left + k * (BAR + 2), top, BAR, height)
        painter.fillRect(bar, faded)
        painter.setPen(QPen(colour, 1, Qt.PenStyle.DashLine))
        painter.drawRect(bar.adjusted(0, 0, -1, -1))


def _disagreement(painter: QPainter, compare: MarginColumns, inset: int, top: int, bottom: int, font: QFont,
                  page: QColor) -> None:
    """A block the coders decided differently: its columns tinted and "≠" beside them."""
    colour = legible(DISAGREEMENT, page, minimum=3.0)
    tint = QColor(colour)
    tint.setAlpha(40)
    left = column_left(0) + inset - 2
    painter.fillRect(QRect(left, top + 1, len(compare.columns) * COLUMN + 2, max(10, bottom - top - 2)), tint)
    painter.setPen(colour)
    sign = QFont(font)
    sign.setBold(True)
    sign.setPointSizeF(font.pointSizeF() * 1.3)
    painter.setFont(sign)
    painter.drawText(QRect(NUMBERS + inset, top + 1, MARK + 2, 22), int(Qt.AlignmentFlag.AlignCenter), "≠")
    painter.setFont(font)


def _header(painter: QPainter, reader: PaintedReader, compare: MarginColumns) -> None:
    """Each column's coder at the top of the view, on the window's colour so that it reads on either palette."""
    palette = reader.palette()
    inset = reader.inset
    left = column_left(0) + inset - 2
    strip = QRect(left, 0, len(compare.columns) * COLUMN + 2, HEADER)
    painter.fillRect(strip, palette.color(QPalette.ColorRole.Window))
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
    painter.drawLine(strip.bottomLeft(), strip.bottomRight())
    font = header_font(reader)
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
    for k, column in enumerate(compare.columns):
        cell = QRectF(column_left(k) + inset, 0, COLUMN - 2, HEADER)
        painter.drawText(cell, int(Qt.AlignmentFlag.AlignCenter), column_label(column.coder, font))


def header_at(reader: PaintedReader, x: float, y: float) -> str | None:
    """The coder whose column heading is at (x, y) in the viewport (for its tooltip), if any."""
    compare = reader.compare_columns
    if compare is None or not 0 <= y <= HEADER:
        return None
    k = int((x - reader.inset - column_left(0)) // COLUMN)
    return compare.columns[k].coder if 0 <= k < len(compare.columns) and x >= reader.inset + column_left(0) else None


def hanging_label(block: Block) -> str:
    """Marks printed just before the text: "(a)", "E.", "•" (paragraph and footnote numbers go in the gutter)."""
    return "" if block.kind in (Kind.PARAGRAPH, Kind.FOOTNOTE) else printed_mark(block)


def gutter_label(block: Block) -> str:
    return printed_mark(block) if block.kind in (Kind.PARAGRAPH, Kind.FOOTNOTE) else ""

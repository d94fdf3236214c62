"""How the reader sets a document: one QTextDocument built from the Document's blocks as an analyst would print
it — a heading's number hanging in the margin, points indented by depth, notes and asides smaller or muted, tables
as tables, a figure's picture under its caption — and where each block landed (`Placed`).

Built only with QTextCursor.insertText and formats: document text never meets HTML. Nothing here knows about the
current block, the selection or the keys (`reader.Reader` does); this module only lays out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextTableFormat,
)

from gui.core.model import Block, Document, Kind
from gui.ui.reader.reader_inline import Placed, insert_picture, insert_with_marks

MEASURE = 80  # characters a line at most: the reading measure of a printed report
HEADING_NUMBER = 52  # px of indent in which a numbered heading's "III." hangs
MARGIN = 24  # px of the document's own margin, all round
RIGHT = 32  # px right of the text column


@dataclass(slots=True)
class Layout:
    """A document set for the reader: its text, each block's place in it, and the room left for pictures."""

    qdoc: QTextDocument
    placed: list[Placed] = field(default_factory=list)
    by_eid: dict[str, int] = field(default_factory=dict)  # eid → index in `placed`
    pictures: dict[str, tuple[float, float]] = field(default_factory=dict)  # figure eid → size in the text


def lay_out(document: Document, base: QFont, palette: QPalette, gutter: int, parent: QObject) -> Layout:
    """Set every block of `document` in a new QTextDocument (owned by `parent`), its text in `base`'s font, a
    margin of `gutter` px on the left for the paragraph numbers and theme bars."""
    qdoc = QTextDocument(parent)
    qdoc.setDocumentMargin(MARGIN)
    root = qdoc.rootFrame().frameFormat()
    root.setLeftMargin(gutter)
    root.setRightMargin(RIGHT)
    qdoc.rootFrame().setFrameFormat(root)
    qdoc.setDefaultFont(base)
    laid = Layout(qdoc)
    link = palette.color(QPalette.ColorRole.Link)
    blank = palette.color(QPalette.ColorRole.AlternateBase)
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    cursor = QTextCursor(qdoc)
    for n, block in enumerate(document.blocks):
        if n:
            cursor.insertBlock()
        start = cursor.position()
        marks: tuple[tuple[int, int], ...] = ()
        if block.kind is Kind.TABLE and block.rows:
            insert_table(cursor, block)
        else:
            cursor.setBlockFormat(block_format(block))
            fmt = char_format(block, base, muted)
            cursor.setCharFormat(fmt)
            text = block.text.replace("\n", " / ") if block.kind is not Kind.TABLE else block.text
            marks = insert_with_marks(cursor, document, block, text, fmt, link)
            if block.kind is Kind.FIGURE and block.boxes:
                laid.pictures[block.eid] = insert_picture(cursor, qdoc, block, blank)
        laid.by_eid[block.eid] = len(laid.placed)
        laid.placed.append(Placed(block, start, cursor.position(), marks))
    return laid


def block_format(block: Block) -> QTextBlockFormat:
    """Spacing and indents of a block: points indented by depth, a numbered heading's number hanging."""
    fmt = QTextBlockFormat()
    # A figure's picture is a line of its own: spacing in proportion would add a third of its height.
    fmt.setLineHeight(100 if block.kind is Kind.FIGURE else 135,
                      QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    fmt.setBottomMargin(10)
    indent = {Kind.POINT: 28 * max(1, block.eid.count("__point_")), Kind.LIST_ITEM: 24,
              Kind.ASIDE: 36, Kind.FOOTNOTE: 0}.get(block.kind, 0)
    fmt.setLeftMargin(indent)
    if block.kind is Kind.HEADING:
        fmt.setTopMargin(18 if block.level <= 1 else 10)
        fmt.setBottomMargin(8)
        if block.num:
            fmt.setLeftMargin(HEADING_NUMBER)  # room for its hanging "II." / "E."
    if block.kind is Kind.ASIDE:
        fmt.setRightMargin(36)
    return fmt


def char_format(block: Block, base: QFont, muted: QColor) -> QTextCharFormat:
    """The type of a block: headings bold by level, the title block's lines and asides muted, notes smaller."""
    fmt = QTextCharFormat()
    font = QFont(base)
    if block.kind is Kind.HEADING:
        font = heading_font(block.level, base)
    elif block.kind in (Kind.PREFACE, Kind.SIGNATURE):
        font.setPointSizeF(base.pointSizeF() * 0.9)
        fmt.setForeground(muted)
    elif block.kind is Kind.ASIDE:
        font.setItalic(True)
        fmt.setForeground(muted)
    elif block.kind is Kind.FOOTNOTE:
        font.setPointSizeF(base.pointSizeF() * 0.88)
    elif block.kind is Kind.FIGURE:  # its caption, set as the report sets it
        font.setBold(True)
        font.setPointSizeF(base.pointSizeF() * 0.94)
    fmt.setFont(font)
    return fmt


def heading_font(level: int, base: QFont) -> QFont:
    """A heading's font: larger the higher its level (the margin sets its hanging number in the same font)."""
    font = QFont(base)
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * (1.35 if level == 0 else 1.18 if level == 1 else 1.06))
    return font


def insert_table(cursor: QTextCursor, block: Block) -> None:
    """A table block as a table, its first row bold when it heads more than one column."""
    columns = max(len(r) for r in block.rows)
    fmt = QTextTableFormat()
    fmt.setCellPadding(4)
    fmt.setCellSpacing(0)
    fmt.setBorder(0.5)
    fmt.setHeaderRowCount(1 if len(block.rows) > 1 and columns > 1 else 0)
    table = cursor.insertTable(len(block.rows), columns, fmt)
    header = QTextCharFormat()
    header.setFontWeight(QFont.Weight.Bold)
    for r, row in enumerate(block.rows):
        for c in range(columns):
            cell_cursor = table.cellAt(r, c).firstCursorPosition()
            cell_cursor.insertText(row[c] if c < len(row) else "",
                                   header if r == 0 and fmt.headerRowCount() else QTextCharFormat())
    cursor.movePosition(QTextCursor.MoveOperation.End)


def column_width(qdoc: QTextDocument, viewport_width: int, gutter: int, inset: int = 0) -> float:
    """The width of the text column in a viewport this wide, beside a margin of `gutter` px, `inset` px in."""
    return viewport_width - 2 * qdoc.documentMargin() - gutter - RIGHT - 2 * inset


def measure_inset(qdoc: QTextDocument, viewport_width: int, gutter: int) -> int:
    """How far the text column moves right to keep about 80 characters a line, centred in a wide window."""
    measure = QFontMetricsF(qdoc.defaultFont()).averageCharWidth() * MEASURE
    return int(max(0.0, column_width(qdoc, viewport_width, gutter) - measure) / 2)


def set_column(qdoc: QTextDocument, gutter: int, inset: int) -> bool:
    """Put the text column `inset` px in from both sides beside a margin of `gutter` px; False if already so."""
    frame = qdoc.rootFrame().frameFormat()
    if frame.leftMargin() == gutter + inset and frame.rightMargin() == RIGHT + inset:
        return False
    frame.setLeftMargin(gutter + inset)
    frame.setRightMargin(RIGHT + inset)
    qdoc.rootFrame().setFrameFormat(frame)
    return True

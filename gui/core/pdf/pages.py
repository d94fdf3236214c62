"""One page at a time: which lines are the title block, the body flow (lines, figures, tables in reading
order) and the footnotes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from gui.core.pdf import layout
from gui.core.pdf.layout import CAPTION, Figure, Note, Typography
from gui.core.pdf.read import PdfLine, PdfPage

_LEADERS = re.compile(r"\.{5,}|(?:\. ){4,}|…{3,}")
_PAGE_NO = re.compile(r"^\d{1,4}$")
_PARAGRAPH_START = re.compile(r"^\d{1,3}\.\s+\S.{40,}")

Table = tuple[list[list[str]], list[PdfLine]]


@dataclass(slots=True)
class PageFlow:
    """A page split into what it holds."""

    preface: list[PdfLine] = field(default_factory=list)
    flow: list[object] = field(default_factory=list)  # PdfLine | Figure | Table, in reading order
    notes: list[Note] = field(default_factory=list)
    zone: list[PdfLine] = field(default_factory=list)


def _wide_rules(page: PdfPage) -> list[float]:
    """Heights of horizontal rules drawn across most of the page (the masthead's rules)."""
    widths: dict[int, float] = {}
    for x0, y0, x1, y1 in page.paths:
        if y1 - y0 < 2.5 and x1 - x0 > 5:
            widths[round(y0)] = widths.get(round(y0), 0.0) + (x1 - x0)
    return [float(y) for y, w in widths.items() if w > 0.5 * page.width]


def split_page(page: PdfPage, typo: Typography, furniture: set[int]) -> PageFlow:
    out = PageFlow()
    lines = [ln for ln in page.lines if id(ln) not in furniture]
    if page.number == 1:
        rules = [y for y in _wide_rules(page) if y > 0.55 * page.height]
        if rules:
            floor = min(rules)
            out.preface = [ln for ln in lines if ln.baseline > floor]
            lines = [ln for ln in lines if ln.baseline <= floor]
    rule = layout.footnote_rule(page, typo, furniture)
    if rule is not None:
        out.zone = [ln for ln in lines if ln.baseline < rule - 1]
        lines = [ln for ln in lines if ln.baseline > rule + 1]
        out.notes = layout.read_notes(out.zone, typo, page.number)
    out.flow = _flow(page, lines, typo)
    return out


def _flow(page: PdfPage, lines: list[PdfLine], typo: Typography) -> list[object]:
    flow: list[object] = []
    i, n = 0, len(lines)
    pictures = layout.big_images(page)
    while i < n:
        line = lines[i]
        text = line.text.strip()
        if _LEADERS.search(text):
            j, table = _contents(lines, i)
            flow.append(table)
            i = j
            continue
        if CAPTION.match(text) and not line.bold and typo.is_body_size(line):
            figure, j = _figure(page, lines, i, typo)
            if figure is not None:
                flow.append(figure)
                if figure.label.startswith("Table") and tabular(figure.content):
                    cells, figure.content = figure.content, []  # a captioned table in small type: cells are text
                    figure.boxes = _figure_boxes(page, figure, cells[0])
                    flow.append(_table(cells))
                i = j
                continue
        if layout.figure_text(line, typo, page):
            j = i
            while j < n and layout.figure_text(lines[j], typo, page) and not _LEADERS.search(lines[j].text):
                j += 1
            last = flow[-1] if flow else None
            if tabular(lines[i:j]):
                flow.append(_table(lines[i:j]))  # a table in small type (a ruled or landscape table page)
            elif isinstance(last, Figure):
                last.content.extend(lines[i:j])
                last.boxes = _figure_boxes(page, last, lines[j] if j < n else None)
            elif _over_drawing(page, lines[i:j]) or (layout.chart_like(lines[i:j]) and layout.numeric(lines[i:j])):
                flow.append(_uncaptioned(page, lines[i:j], lines[j] if j < n else None))
            else:
                flow.append(("aside", lines[i:j]))  # small type that is not a chart: a note, a label
            i = j
            continue
        if (j := _table_end(lines, i, typo)) > i:
            flow.append(_table(lines[i:j]))
            i = j
            continue
        flow.append(line)
        i += 1
    body = [x for x in flow if isinstance(x, PdfLine) and len(x.text) > 60]
    captioned = [x for x in flow if isinstance(x, Figure)]
    if pictures and not body and not captioned:
        # a page that is a picture (a map): the picture is a figure block of its own
        figure = Figure("", [], [])
        figure.boxes = [(page.number, *b) for b in pictures]
        flow.append(figure)
    return flow


def _figure(page: PdfPage, lines: list[PdfLine], i: int, typo: Typography) -> tuple[Figure | None, int]:
    """A caption label ("Figure II", "Map") with its bold title lines, and the chart text that follows."""
    label = lines[i].text.strip()
    j = i + 1
    title: list[PdfLine] = []
    while (j < len(lines) and lines[j].bold and not typo.small(lines[j])
           and lines[j - 1].baseline - lines[j].baseline < 2.2 * typo.pitch):
        title.append(lines[j])
        j += 1
    if not title:
        return None, i
    figure = Figure(label, title, [lines[i], *title])
    while j < len(lines) and (layout.figure_text(lines[j], typo, page) or _panel(lines, j, typo, page)):
        figure.content.append(lines[j])
        j += 1
    figure.boxes = _figure_boxes(page, figure, lines[j] if j < len(lines) else None)
    return figure, j


def _panel(lines: list[PdfLine], j: int, typo: Typography, page: PdfPage) -> bool:
    """A bold panel label ("(a) Civil administrators") inside a figure, followed by more chart."""
    line = lines[j]
    if not (line.bold and re.match(r"^\([a-z]\)\s+\S", line.text.strip())):
        return False
    nxt = lines[j + 1] if j + 1 < len(lines) else None
    return nxt is None or layout.figure_text(nxt, typo, page) or nxt.baseline < line.baseline - 3 * typo.pitch


def _figure_boxes(page: PdfPage, figure: Figure, after: PdfLine | None) -> list[tuple[int, float, float, float, float]]:
    """The figure's area: its lines, and the pictures and drawings between its caption and the text after it."""
    printed = figure.caption_lines + figure.content
    x0, y0, x1, y1 = layout.box_of(printed)
    floor = after.top if after is not None else 0.07 * page.height
    for bx0, by0, bx1, by1 in page.images + page.paths:
        middle = (by0 + by1) / 2
        if floor <= middle <= y1 and (by1 - by0) * (bx1 - bx0) > 4:
            x0, y0, x1 = min(x0, bx0), min(y0, by0), max(x1, bx1)
    return [(page.number, x0, y0, x1, y1)]


def _over_drawing(page: PdfPage, printed: list[PdfLine]) -> bool:
    """Lines printed over a picture or among many drawn shapes (a chart)."""
    _, y0, _, y1 = layout.box_of(printed)
    shapes = [b for b in page.images + page.paths if b[1] < y1 + 20 and b[3] > y0 - 20 and b[3] - b[1] > 3]
    return len(shapes) >= 5 or bool([b for b in page.images if b[1] < y1 and b[3] > y0])


def _uncaptioned(page: PdfPage, printed: list[PdfLine], after: PdfLine | None) -> Figure:
    """Chart text with no caption above it (axis values, a legend, a source line): a figure without a label."""
    figure = Figure("", [], [], list(printed))
    figure.boxes = _figure_boxes(page, figure, after)
    return figure


def _contents(lines: list[PdfLine], i: int) -> tuple[int, Table]:
    """A table of contents: entries with dot leaders and their page numbers, one row per baseline."""
    rows: list[list[str]] = []
    printed: list[PdfLine] = []
    j = i
    while j < len(lines):
        line = lines[j]
        text = line.text.strip()
        same_row = printed and abs(printed[-1].baseline - line.baseline) < 1
        if not (_LEADERS.search(text) or (same_row and _PAGE_NO.match(text))
                or (j + 1 < len(lines) and _LEADERS.search(lines[j + 1].text) and len(text) < 80)):
            break
        cell = _LEADERS.sub("", text).strip(" .")
        if same_row:
            rows[-1].append(cell)
        else:
            rows.append([cell])
        printed.append(line)
        j += 1
    return j, (rows, printed)


def _rows(lines: list[PdfLine], i: int) -> Iterator[list[PdfLine]]:
    """Lines from i on, gathered by baseline, one row at a time (the caller stops when it has seen enough)."""
    row: list[PdfLine] = []
    for line in lines[i:]:
        if row and abs(row[0].baseline - line.baseline) >= 1.0:
            yield row
            row = []
        row.append(line)
    if row:
        yield row


def _table_end(lines: list[PdfLine], i: int, typo: Typography) -> int:
    """Where a table starting at line i ends (i if none starts there): three or more rows of three or more
    cells, set apart by wide gaps. Reading stops at the first row that cannot be part of it."""
    count = 0
    end = i
    multi = 0
    for row in _rows(lines, i):
        if len(row) >= 3:
            multi += 1
        elif (len(row) == 1 and multi and (len(row[0].text) > 90 or _PARAGRAPH_START.match(row[0].text))) \
                or (len(row) == 1 and multi == 0):
            break  # a line of running text (long, or a numbered paragraph's first line) ends the table
        count += len(row)
        if len(row) >= 2:
            end = i + count
    return end if multi >= 3 else i


def tabular(printed: list[PdfLine]) -> bool:
    """Rows of cells: at least four baselines with three or more cells side by side, two rows in five at least
    (a chart's scattered labels seldom line up so; a table's rows do, however small its type)."""
    rows: list[int] = []
    base: float | None = None
    for line in printed:
        if base is not None and abs(base - line.baseline) < 1.0:
            rows[-1] += 1
        else:
            rows.append(1)
            base = line.baseline
    multi = sum(1 for cells in rows if cells >= 3)
    return multi >= 4 and multi >= 0.4 * len(rows)


def _table(printed: list[PdfLine]) -> Table:
    rows: list[list[str]] = []
    base: float | None = None
    for line in printed:
        if base is not None and abs(base - line.baseline) < 1.0:
            rows[-1].append(layout.with_marks(line))
        else:
            rows.append([layout.with_marks(line)])
            base = line.baseline
    return rows, printed

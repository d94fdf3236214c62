"""Two-column pages: lines cut at the gutter and put in reading order, column by column.

PDFium reads a printed line across the whole page, so on a page set in two columns (1990s and 2000s reports,
some annexes) a "line" is the left column's line and the right column's line side by side, and every paragraph is
interleaved with its neighbour. A gutter is a vertical band of white that many lines cross at a gap between two
runs, with text-wide parts on both sides (a table's short cells do not make one). Where a page has one, its lines
are cut there, each part carries the frame of its column (its left and right edges, for indents and full lines),
and the page is read down the left column, then down the right one, band by band between lines that span both.
"""

from __future__ import annotations

from collections import Counter

from gui.core.pdf.read import PdfLine, PdfPage, Run

_MIN_ROWS = 6  # lines crossing the gutter with text on both sides
_SHARE = 0.3  # of the lines that reach across the page's middle
_WIDE = 0.25  # each side at least this share of the page's width: text, not a table's cells


def read_columns(page: PdfPage) -> None:
    """Cut a two-column page's lines at its gutter and order them column by column (in place)."""
    gutter = _gutter(page)
    if gutter is None:
        return
    left_edge, right_edge = gutter
    cut: list[PdfLine] = []
    for line in page.lines:
        cut.extend(_cut(line, left_edge, right_edge))
    left = [ln for ln in cut if ln.x1 <= right_edge and not ln.rotated]
    right = [ln for ln in cut if ln.x0 >= left_edge and ln.x1 > right_edge and not ln.rotated]
    frames = {0: _frame(left), 1: _frame(right)}
    out: list[PdfLine] = []
    band: dict[int, list[PdfLine]] = {0: [], 1: []}

    def flush() -> None:
        out.extend(band[0])
        out.extend(band[1])
        band[0], band[1] = [], []

    for line in cut:
        if line.rotated or (line.x0 < left_edge and line.x1 > right_edge):
            flush()  # a line across both columns (a heading, a table row) ends a band
            out.append(line)
            continue
        side = 0 if line.x1 <= right_edge else 1
        line.frame = frames[side]
        band[side].append(line)
    flush()
    page.lines = out


def _gutter(page: PdfPage) -> tuple[float, float] | None:
    """(left, right) x of the white band between two columns, if the page has one: many text-wide pieces end at
    one x left of the middle and many start at one x right of it, and few pieces run across the band."""
    width = page.width
    pieces = [piece for line in page.lines if not line.rotated for piece in _pieces(line)]
    ends = Counter(round(x1) for x0, x1 in pieces if 0.3 * width < x1 < 0.65 * width and x1 - x0 >= _WIDE * width)
    starts = Counter(round(x0) for x0, x1 in pieces if 0.35 * width < x0 < 0.7 * width and x1 - x0 >= _WIDE * width)
    if not ends or not starts:
        return None
    left, right = ends.most_common(1)[0][0], starts.most_common(1)[0][0]
    support_left = sum(n for x, n in ends.items() if abs(x - left) <= 2)
    support_right = sum(n for x, n in starts.items() if abs(x - right) <= 2)
    if right - left < 4 or min(support_left, support_right) < _MIN_ROWS:
        return None
    across = sum(1 for x0, x1 in pieces if x0 < left - 5 and x1 > right + 5)
    if across > _SHARE * min(support_left, support_right):
        return None
    return float(left) + 1.0, float(right) - 1.0


def _pieces(line: PdfLine) -> list[tuple[float, float]]:
    """A line's stretches of text between gaps wider than a word space (x0, x1)."""
    out: list[tuple[float, float]] = []
    x0 = line.runs[0].x0
    for a, b in zip(line.runs, line.runs[1:], strict=False):
        if b.x0 - a.x1 >= 0.8 * max(a.size, 4.0):
            out.append((x0, a.x1))
            x0 = b.x0
    out.append((x0, line.runs[-1].x1))
    return out


def _cut(line: PdfLine, left_edge: float, right_edge: float) -> list[PdfLine]:
    """The line in two where a gap between runs covers the gutter; else the line as it is."""
    for k in range(1, len(line.runs)):
        a, b = line.runs[k - 1], line.runs[k]
        if a.x1 <= left_edge + 1.5 and b.x0 >= right_edge - 1.5:
            head, tail = _trim(line.runs[:k]), _trim(line.runs[k:])
            if head and tail:
                return [PdfLine(line.page, head, line.rotated), PdfLine(line.page, tail, line.rotated)]
    return [line]


def _trim(runs: list[Run]) -> list[Run]:
    out = list(runs)
    while out and not out[-1].text.strip():
        out.pop()
    while out and not out[0].text.strip():
        out.pop(0)
    if out and out[-1].text != out[-1].text.rstrip():
        r = out[-1]
        out[-1] = Run(r.text.rstrip(), r.x0, r.x1, r.bottom, r.top, r.baseline, r.size, r.bold, r.italic)
    return out


def _frame(lines: list[PdfLine]) -> tuple[float, float] | None:
    """A column's left edge and the right edge of its full lines: the commonest of each."""
    if not lines:
        return None
    lefts = Counter(round(ln.x0) for ln in lines)
    rights = Counter(round(ln.x1) for ln in lines)
    return float(lefts.most_common(1)[0][0]), float(rights.most_common(1)[0][0])

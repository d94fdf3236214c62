"""Recognised lines → the reader's own typed lines, so a scanned page goes through the same structure rules.

A `ScanPage` (ocr.py) holds boxes in picture coordinates with the engine's confidences; `read.PdfPage` holds
lines of typed runs in PDF points (origin bottom left) with size, weight and baseline. This module makes the
one from the other and mends the faults of recognition that the structure rules would stumble on:

- skew: a page scanned a degree or two askew is turned back (the median slant of its long lines), so lines
  keep their baselines and paragraphs their common margin;
- size: a run's size comes from its box height; heights within a few per cent of the document's commonest one
  are the body size exactly (a recogniser's boxes vary by a pixel or two, the rules compare sizes to 0.7 pt);
- weight: a line whose strokes are clearly thicker than the body's (measured on the picture) is bold;
- a paragraph number set apart from its text ("8." then a gap) is joined to the line it numbers;
- "1." read as "l." or "I.", "1O." for "10.", full-width punctuation (，．：), ligatures (NFKC), a missing
  space after a comma or a full stop between words.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from gui.core.pdf.ocr import Quad, ScanLine, ScanPage
from gui.core.pdf.read import PdfLine, PdfPage, Run

X_HEIGHT, CAP_HEIGHT = 0.47, 0.68
"""A line's size comes from its inked core (ocr.measure_ink): the x-height is about 0.47 of the type size in the
faces UN documents are set in, the cap height 0.68 (a line in capitals). The detector's box height varies by a
fifth from line to line with ascenders and margins; the core varies by a pixel."""

_SAME_SIZE = 0.3
"""Cores within this share of the body's are body type: a scanned line's core varies by a pixel or two (skew
across a long line, toner), as much as a footnote's smaller type differs; footnotes are found by their rule."""
_BOLD_STROKE = 1.6  # strokes this much thicker than the body's: a bold line (typewritten headings are not)


@dataclass(slots=True)
class Recognised:
    """What the reader keeps of a recognised line beside the typed line: the engine's confidences."""

    confidence: float
    words: list[tuple[str, float]]
    shift: float = 0.0  # points the line was moved left (a right-hand column laid on the left one's margin)


def to_pages(scans: list[ScanPage], body_size: float | None = None) -> tuple[list[PdfPage], dict[int, Recognised]]:
    """The reader's pages for recognised pages, and (by id of each PdfLine) its confidences. `body_size`: the
    body size of the document's text pages (a mixed PDF), which its recognised body lines take."""
    cores = [ln.core for page in scans for ln in page.lines if len(ln.text) > 30 and not _capitals(ln.text)]
    body_core = _mode([c for c in cores if c > 0]) if any(c > 0 for c in cores) else 4.7
    body_size = body_size or round(body_core / X_HEIGHT * 2) / 2
    pages: list[PdfPage] = []
    known: dict[int, Recognised] = {}
    common = _common_margin(scans)
    for scan in scans:
        page = PdfPage(scan.number, scan.width, scan.height)
        own = _margin(scan)
        page_shift = own - common if own is not None else 0.0
        # a rule as drawn: a thin line at its middle (a scanned rule is a few pixels thick), moved as its text
        page.paths = [(x0 - page_shift, scan.height - (y0 + y1) / 2 - 0.4, x1 - page_shift,
                       scan.height - (y0 + y1) / 2 + 0.4) for x0, y0, x1, y1 in scan.rules]
        angle = skew(scan)
        strokes = [ln.stroke for ln in scan.lines if ln.stroke and len(ln.text) > 30]
        body_stroke = statistics.median(strokes) if len(strokes) >= 3 else 0.0  # a page's toner is its own
        pieces: list[tuple[PdfLine, ScanLine]] = []
        for scan_line in scan.lines:
            text = mend_text(scan_line.text)
            if not text.strip():
                continue
            x0, top, x1, bottom = _straight(scan_line.quad, angle, scan.width / 2, scan.height / 2)
            height = bottom - top
            core = scan_line.core / (CAP_HEIGHT if _capitals(text) else X_HEIGHT) * X_HEIGHT
            size = body_size if not core or abs(core - body_core) <= _SAME_SIZE * body_core else \
                round(core / body_core * body_size * 2) / 2
            bold = bool(body_stroke and scan_line.stroke > _BOLD_STROKE * body_stroke)
            baseline = scan.height - (bottom - 0.22 * height)
            run = Run(text, x0, x1, scan.height - bottom, scan.height - top, baseline, size, bold, False)
            pieces.append((PdfLine(scan.number, [run]), scan_line))
        _footnote_type(page, pieces, body_size)
        parts = _columns(page, pieces)
        margins = [statistics.median_low(sorted(p[0].x0 for p in part)[:max(1, len(part) // 3)]) if part else 0.0
                   for part in parts]
        for k, part in enumerate(parts):
            part.sort(key=lambda p: (-round(p[0].baseline, 0), p[0].x0))
            column = PdfPage(scan.number, scan.width, scan.height, paths=page.paths)
            # the right column laid on the left one's margin, where the rules look for paragraph numbers
            # (its blocks get their true boxes back in ocr_read.mark_blocks)
            shift = margins[k] - margins[0] if k else 0.0
            shift += page_shift  # a scanned page lies a few points left or right of the others
            for line, scan_line in _join_numbers(part):
                if shift:
                    line = PdfLine(line.page, [Run(r.text, r.x0 - shift, r.x1 - shift, r.bottom, r.top, r.baseline,
                                                   r.size, r.bold, r.italic) for r in line.runs])
                column.lines.append(line)
                known[id(line)] = Recognised(scan_line.confidence, [(w.text, w.confidence) for w in scan_line.words],
                                             shift)
            column.chars = sum(len(ln.text) for ln in column.lines)
            pages.append(column)
    return pages, known


def _columns(page: PdfPage, pieces: list[tuple[PdfLine, ScanLine]]) -> list[list[tuple[PdfLine, ScanLine]]]:
    """A page set in two columns (UN reports of 2000-2004) as two runs of lines, left column first: the
    lines above the columns (the masthead, a title) and the left column, then the right column. Each becomes a
    PdfPage of the same page number, so a column break reads as a page break (a paragraph carried over is
    joined) and a paragraph number at the right column's margin is at a margin. One column: one run."""
    narrow = [p for p in pieces if p[0].x1 - p[0].x0 < 0.48 * page.width and len(p[0].text) > 15]
    best: tuple[int, float] = (0, 0.0)
    for step in range(int(0.3 * page.width), int(0.7 * page.width)):  # the gutter may be a few points wide
        gutter = float(step)
        left = sum(1 for p in narrow if p[0].x1 < gutter)
        right = sum(1 for p in narrow if p[0].x0 > gutter)
        across = sum(1 for p in pieces if p[0].x0 < gutter - 5 < gutter + 5 < p[0].x1)
        if across <= 0.1 * len(pieces) and min(left, right) > best[0]:
            best = (min(left, right), gutter)
    count, gutter = best
    if count < 8:
        return [pieces]
    lefts = [p for p in pieces if p[0].x1 < gutter]
    rights = [p for p in pieces if p[0].x0 > gutter and p[0].x1 - p[0].x0 < 0.48 * page.width]
    if not lefts or not rights:
        return [pieces]
    left_margin = sorted(p[0].x0 for p in lefts)[len(lefts) // 10]
    right_margin = sorted(p[0].x0 for p in rights)[len(rights) // 10]
    pieces[:] = [part for p in pieces for part in _split_at(p, gutter, left_margin, right_margin)]
    # the columns begin at the first row where lines start at both columns' margins (not the masthead's
    # parts, which are side by side too, but elsewhere)
    in_left = [p for p in pieces if p[0].x1 < gutter and p[0].x0 < left_margin + 40]
    paired = [r[0].top for r in pieces if right_margin - 5 < r[0].x0 < right_margin + 40
              and r[0].x1 - r[0].x0 < 0.48 * page.width
              and any(abs(r[0].baseline - q[0].baseline) < r[0].size for q in in_left)]
    start = max(paired) if paired else page.height
    right_column = [p for p in pieces if p[0].x0 > gutter and p[0].x1 - p[0].x0 < 0.48 * page.width
                    and p[0].top <= start + 1]
    taken = {id(p[0]) for p in right_column}
    parts = [[p for p in pieces if id(p[0]) not in taken], right_column]
    return [part for part in parts if part] or [pieces]


def _split_at(piece: tuple[PdfLine, ScanLine], gutter: float, left_margin: float,
              right_margin: float) -> list[tuple[PdfLine, ScanLine]]:
    """A line the detector ran across the gutter (two columns' lines level with each other) as its two lines,
    parted between the words left and right of the gutter, when each part starts at its column's margin."""
    line, scan_line = piece
    if not (line.x0 < gutter - 5 and line.x1 > gutter + 5) or len(scan_line.words) < 2:
        return [piece]
    left = [w for w in scan_line.words if (w.quad[0][0] + w.quad[1][0]) / 2 < gutter]
    right = [w for w in scan_line.words if (w.quad[0][0] + w.quad[1][0]) / 2 >= gutter]
    if not left or not right or min(w.quad[0][0] for w in right) - max(w.quad[1][0] for w in left) < 4:
        return [piece]  # no gap at the gutter: a line across the page (a heading, a title)
    if not (line.x0 < left_margin + 40 and right_margin - 5 < min(w.quad[0][0] for w in right) < right_margin + 40):
        return [piece]  # a title across the page
    run = line.runs[0]
    out = []
    for words in (left, right):
        x0 = min(min(w.quad[0][0], w.quad[3][0]) for w in words)
        x1 = max(max(w.quad[1][0], w.quad[2][0]) for w in words)
        text = mend_text(" ".join(w.text for w in words))
        part = Run(text, x0, x1, run.bottom, run.top, run.baseline, run.size, run.bold, run.italic)
        out.append((PdfLine(line.page, [part]), ScanLine(text, min(w.confidence for w in words), scan_line.quad,
                                                         tuple(words), scan_line.stroke, scan_line.core)))
    return out


def _footnote_type(page: PdfPage, pieces: list[tuple[PdfLine, ScanLine]], body_size: float) -> None:
    """Lines under a short rule in the lower part of the page are footnotes, set smaller than the body: the
    picture cannot tell 8.5-pt type from 10-pt reliably (a pixel of core), the rule can."""
    rules = [y0 for x0, y0, x1, y1 in page.paths
             if 30 < x1 - x0 < 0.4 * page.width and 0.07 * page.height < y0 < 0.6 * page.height]
    if not rules:
        return
    rule = max(rules)
    x0 = next(p[0] for p in page.paths if p[1] == rule)
    for k, (line, scan_line) in enumerate(pieces):
        under = x0 - 30 <= line.x0 <= x0 + 0.45 * page.width  # in the rule's column
        if line.top < rule and under and line.size > body_size - 1.5:
            run = line.runs[0]
            small = Run(run.text, run.x0, run.x1, run.bottom, run.top, run.baseline, body_size - 1.5, run.bold,
                        run.italic)
            pieces[k] = (PdfLine(line.page, [small]), scan_line)


def _margin(scan: ScanPage) -> float | None:
    """Where a page's long lines start (the lowest tenth), or None for a page of few lines."""
    lefts = sorted(min(p[0] for p in ln.quad) for ln in scan.lines if len(ln.text) > 30)
    return lefts[len(lefts) // 10] if len(lefts) >= 5 else None


def _common_margin(scans: list[ScanPage]) -> float:
    """The left text margin most pages share (each scanned page's own lies a few points either side)."""
    margins = [m for m in map(_margin, scans) if m is not None]
    return statistics.median(margins) if margins else 72.0


def skew(scan: ScanPage) -> float:
    """The page's slant in radians: the median slant of its long lines' top edges (0 when too few)."""
    angles = []
    for line in scan.lines:
        (ax, ay), (bx, by) = line.quad[0], line.quad[1]
        if bx - ax > 150:
            angles.append(math.atan2(by - ay, bx - ax))
    return statistics.median(angles) if len(angles) >= 5 else 0.0


def _straight(quad: Quad, angle: float, cx: float = 0.0, cy: float = 0.0) -> tuple[float, float, float, float]:
    """(x0, top, x1, bottom) of a box turned by -angle about (cx, cy), in picture coordinates."""
    cos, sin = math.cos(-angle), math.sin(-angle)
    xs, ys = [], []
    for x, y in quad:
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos - dy * sin)
        ys.append(cy + dx * sin + dy * cos)
    return min(xs), min(ys), max(xs), max(ys)


def _capitals(text: str) -> bool:
    """Set in capitals (or figures): no lower-case letter."""
    return not any(c.islower() for c in text)


def _mode(values: list[float]) -> float:
    """The commonest value, to the half point."""
    counts = Counter(round(v * 4) / 4 for v in values)
    best = counts.most_common(1)[0][0]
    near = [v for v in values if abs(v - best) <= 0.25]
    return statistics.median(near)


_NUMBER_ONLY = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,3}\)|\(\d{1,2}\)|[IVX]{1,5}\.|[A-Z]\.)$")


def _join_numbers(pieces: list[tuple[PdfLine, ScanLine]]) -> list[tuple[PdfLine, ScanLine]]:
    """A paragraph or point number recognised as a box of its own, on the baseline of the text it numbers, is
    one line with that text again (as it is printed)."""
    out: list[tuple[PdfLine, ScanLine]] = []
    skip: set[int] = set()
    for i, (line, scan_line) in enumerate(pieces):
        if i in skip:
            continue
        if _NUMBER_ONLY.match(line.text.strip()):
            for j in range(i + 1, min(i + 4, len(pieces))):
                other = pieces[j][0]
                size = max(line.size, other.size)  # a lone number's own size is a poor measure (few pixels)
                if j not in skip and abs(other.baseline - line.baseline) < 0.4 * size \
                        and -size <= other.x0 - line.x1 < 12 * size:  # boxes may overlap a little
                    run = line.runs[0]
                    number = Run(run.text.strip() + " ", run.x0, run.x1, run.bottom, run.top, run.baseline,
                                 other.size, other.bold, False)
                    merged = PdfLine(line.page, [number, *other.runs])
                    out.append((merged, pieces[j][1]))
                    skip.add(j)
                    break
            else:
                out.append((line, scan_line))
            continue
        out.append((line, scan_line))
    return out


_FULL_WIDTH = str.maketrans({"，": ",", "．": ".", "：": ":", "；": ";", "（": "(", "）": ")", "“": "\u201c",
                             "”": "\u201d", "‐": "-", "‑": "-", "¬": "-"})
_LEADING_NUMBER = re.compile(r"^([0-9lI|O]{1,3})([.,])(\s*)(?=\S)")
_COMMA_WORD = re.compile(r"(?<=[A-Za-z)]),(?=[A-Za-z])")
_STOP_WORD = re.compile(r"(?<=[a-z\)])\.(?=[A-Z][a-z])")
_OPEN_WORD = re.compile(r"(?<=[a-z])\((?=[A-Z])")  # "Office(UNHCR)": the recogniser lost the space


def mend_text(text: str) -> str:
    """A recognised line's text with the faults that mislead the structure rules mended (see the module)."""
    text = unicodedata.normalize("NFKC", text.translate(_FULL_WIDTH))
    text = _COMMA_WORD.sub(", ", text)
    text = _STOP_WORD.sub(". ", text)
    text = _OPEN_WORD.sub(" (", text)
    m = _LEADING_NUMBER.match(text)
    if m:
        token, rest = m.group(1), text[m.end():]
        digits = any(c.isdigit() for c in token)
        # "l." / "I." before body text is "1." (a roman "I." heads a short line in capitals: kept)
        body = len(rest) > 40 and not rest.isupper()
        comma_ok = digits and rest[:1].isupper()  # "12, The …" is "12. The …"; "15, 16 and 17" is not
        if (digits or token in ("l", "|") or (token == "I" and body)) and (m.group(2) == "." or comma_ok):
            number = token.replace("l", "1").replace("I", "1").replace("|", "1").replace("O", "0")
            if number.isdigit() and not number.startswith("0"):
                text = f"{number}. {rest}"
    return " ".join(text.split())

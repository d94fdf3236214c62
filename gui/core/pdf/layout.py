"""What the lines of a PDF page are, from geometry and type: furniture, footnote zone, figures, tables, marks.

Works on `read.PdfPage`s and knows how UN documents are printed (REFERENCES.md, "UN PDFs"): body ~10 pt at a
common text margin, footnotes ~8.5 pt under a short rule, running heads and feet in the page margins, figure
captions ("Figure I" then a bold title) over chart text set smaller than the body.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from gui.core.pdf.read import PdfLine, PdfPage, Run

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
"""A raised reference mark travels inside the line text as MARK_OPEN + "5" + MARK_CLOSE until the block is
whole; then it becomes a link to its footnote (or, if there is no such footnote, a superscript)."""


@dataclass(frozen=True, slots=True)
class Typography:
    """The document's body type and page grid, measured on its lines."""

    body_size: float
    margin: float  # x where body lines start
    right: float  # x where full body lines end
    pitch: float  # baseline-to-baseline distance inside a paragraph

    def left(self, line: PdfLine) -> float:
        """Where body lines start in this line's column (the page's text margin, or its column's edge)."""
        return line.frame[0] if line.frame is not None else self.margin

    def right_of(self, line: PdfLine) -> float:
        """Where full body lines end in this line's column."""
        return line.frame[1] if line.frame is not None else self.right

    def is_body_size(self, line: PdfLine) -> bool:
        return abs(line.size - self.body_size) <= 0.7

    def small(self, line: PdfLine) -> bool:
        return line.size < self.body_size - 0.7


def measure(pages: list[PdfPage]) -> Typography:
    """Body size = the size most characters are set in; margin, right edge and leading of lines in it."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            if not line.rotated:
                sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    lefts: Counter[float] = Counter()
    rights: Counter[float] = Counter()
    pitches: Counter[float] = Counter()
    for page in pages:
        body_lines = [ln for ln in page.lines if abs(ln.size - body) <= 0.7 and not ln.rotated]
        for line in body_lines:
            if line.frame is None:  # a column's edges are its own (columns.read_columns)
                lefts[round(line.x0)] += 1
                rights[round(line.x1)] += 1
        for a, b in itertools.pairwise(body_lines):
            gap = round(a.baseline - b.baseline, 1)
            if 0.8 * body < gap < 2.5 * body:
                pitches[gap] += 1
    margin = float(lefts.most_common(1)[0][0]) if lefts else 72.0
    right = float(rights.most_common(1)[0][0]) if rights else 540.0
    pitch = pitches.most_common(1)[0][0] if pitches else 1.2 * body
    return Typography(body, margin, right, pitch)


# --- furniture --------------------------------------------------------------------------------------
_COUNTER = re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$")  # 3/15
_JOB = re.compile(r"^\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?(?:\s+\d{1,4}/\d{1,4})?$")  # 25-00800 (E) 070225
_BARCODE = re.compile(r"^\*\d{6,9}\*$")
# S/2025/72, A/HRC/59/60/Add.1, and a resolution with its year: S/RES/2768 (2025)
_SYMBOL = re.compile(r"^[ASE](?:/[A-Z0-9.]+)*/(?:\d{2,4}/[\w.]+|\d{1,4}\s?\((?:19|20)\d\d\))"
                     r"(?:/(?:Rev|Add|Corr)\.\d+)*$")
_DIGITS = re.compile(r"\d+")


def _furniture_pattern(text: str) -> bool:
    bare = text.strip()
    return bool(_COUNTER.match(bare) or _JOB.match(bare) or _BARCODE.match(bare) or _SYMBOL.match(bare)
                or re.fullmatch(r"\d{6}", bare))


def find_furniture(pages: list[PdfPage], typo: Typography) -> set[int]:
    """ids of the lines that are running heads and feet. They lie in the outer eighth of the page (whatever its
    size: Letter, A4, a page scaled onto another) and are shaped like furniture (symbol, page counter, job
    number, barcode, print date), or repeat, digits aside, at the same height on many pages (three, and a
    third of them: an "Annex" label on two pages is not furniture) — footnote lines never count as repeats."""
    out: set[int] = set()
    banded: list[tuple[PdfPage, PdfLine, tuple[str, bool, int]]] = []
    for page in pages:
        head, foot = page.height * (1 - _BAND), page.height * _BAND
        for line in page.lines:
            if line.rotated and (line.x0 < 0.15 * page.width or line.x1 > 0.85 * page.width
                                 or line.top > head or line.bottom < foot):
                out.add(id(line))
                continue
            if line.baseline > head or line.baseline < foot:
                top = line.baseline > head
                height = round(page.height - line.baseline if top else line.baseline) // 4
                banded.append((page, line, (_DIGITS.sub("#", line.text.strip()), top, height)))
    repeats = Counter(shape for _, _, shape in banded)
    for page, line, shape in banded:
        bare = line.text.strip()
        if page.number == 1 and line.baseline > page.height / 2 and not _COUNTER.match(bare):
            continue  # the masthead of the first page is the title block, not furniture
        repeated = (repeats[shape] >= max(3, 0.3 * len(pages)) and len(bare) <= 80 and not _NOTE_LIKE.match(bare)
                    and not _RULE_TEXT.match(bare))
        if _furniture_pattern(bare) or repeated:
            out.add(id(line))
    return out


_BAND = 0.125
_NOTE_LIKE = re.compile(r"^(?:\d{1,3}|\*)\s+\S")  # "3 See S/2024/117.": a footnote, however often its shape repeats


# --- footnote zone ------------------------------------------------------------------------------------
_RULE_TEXT = re.compile(r"^_{5,}\s*$")


def footnote_rule(page: PdfPage, typo: Typography, skip: set[int]) -> float | None:
    """Height of the short rule that opens the footnote zone, typed as underscores or drawn as a line, if the
    page has one: short (not a masthead or table rule), near the text margin, in the lower part of the page,
    with small type under it."""
    for line in page.lines:
        if id(line) not in skip and _RULE_TEXT.match(line.text) and line.baseline < 0.6 * page.height:
            return line.baseline
    for x0, y0, x1, y1 in sorted(page.paths, key=lambda b: -b[1]):
        if (y1 - y0 < 1.5 and 30 < x1 - x0 < 0.4 * page.width and typo.margin - 45 <= x0 <= typo.margin + 5
                and 0.07 * page.height < y0 < 0.6 * page.height
                and _opens_notes([ln for ln in page.lines if ln.top < y0 and id(ln) not in skip], typo)
                and not any(ln.top < y0 and typo.is_body_size(ln) and len(ln.text) > 60 for ln in page.lines
                            if id(ln) not in skip and not ln.rotated)):
            return y0
    return None


def _opens_notes(below: list[PdfLine], typo: Typography) -> bool:
    """The first line under a drawn rule starts a footnote: small type opening with a note number."""
    if not below:
        return False
    first = max(below, key=lambda ln: ln.baseline)
    return typo.small(first) and bool(re.match(r"^\s*(\d{1,3}|\*)(\s|$)", first.text))


@dataclass(slots=True)
class Note:
    """A footnote being read: its number, lines (in the zone) and text pieces."""

    num: str
    page: int
    lines: list[PdfLine] = field(default_factory=list)
    continued: bool = False  # the first lines of a page's zone that carry on the last note of the page before
    printed: list[PdfLine] = field(default_factory=list)  # the lines as read (number included)


_NOTE_START = re.compile(r"^(\d{1,3}|\*{1,3})\s+(?=\S)")


def read_notes(zone: list[PdfLine], typo: Typography, page: int) -> list[Note]:
    """Footnotes of one page's zone: a note starts at a small raised number (or a number alone on its own
    baseline, or a hanging number left of the text margin); other lines continue the note above."""
    notes: list[Note] = []
    pending: str | None = None
    for line in zone:
        original = line
        first = line.runs[0]
        text = line.text.strip()
        if re.fullmatch(r"\d{1,3}|\*{1,3}", text) and (line.size < typo.body_size - 1.5 or len(line.runs) == 1):
            pending = text  # "2" set on its own baseline above its note's text
            continue
        num: str | None = None
        if pending is not None:
            num, pending = pending, None
        elif (_raised(first, line) or first.size < line.size - 1) and re.fullmatch(r"\s*(\d{1,3}|\*{1,3})\s*",
                                                                                   first.text):
            num = first.text.strip()
            line = PdfLine(line.page, line.runs[1:] or [first], line.rotated)
        elif (m := _NOTE_START.match(text)) and line.x0 < typo.margin - 2:
            num = m.group(1)
            line = _drop_prefix(line, m.end())
        if num is not None:
            notes.append(Note(num, page, [line], printed=[original]))
        elif notes:
            notes[-1].lines.append(line)
            notes[-1].printed.append(original)
        else:
            notes.append(Note("", page, [line], continued=True, printed=[original]))
    return notes


def _drop_prefix(line: PdfLine, chars: int) -> PdfLine:
    runs: list[Run] = []
    for run in line.runs:
        if chars >= len(run.text):
            chars -= len(run.text)
            continue
        runs.append(_retext(run, run.text[chars:]) if chars else run)
        chars = 0
    return PdfLine(line.page, runs or line.runs, line.rotated)


def _retext(run: Run, text: str) -> Run:
    return Run(text, run.x0, run.x1, run.bottom, run.top, run.baseline, run.size, run.bold, run.italic)


# --- reference marks -----------------------------------------------------------------------------------
_MARK = re.compile(r"^\s*(\d{1,3}|\*{1,3})([,\s]*)$")


def _raised(run: Run, line: PdfLine) -> bool:
    return run.size <= 0.85 * line.size and run.baseline - line.baseline >= 0.15 * line.size


def with_marks(line: PdfLine) -> str:
    """The line's text with raised marks wrapped as MARK_OPEN num MARK_CLOSE ("Levant\ue0001\ue001 (ISIL")."""
    parts = []
    for run in line.runs:
        m = _MARK.match(run.text)
        if m and _raised(run, line) and run is not line.main:
            parts.append(f"{MARK_OPEN}{m.group(1)}{MARK_CLOSE}{m.group(2)}")
        else:
            parts.append(run.text)
    return "".join(parts).strip()


def lone_marks(lines: list[PdfLine], typo: Typography, skip: set[int]) -> dict[int, list[tuple[float, str]]]:
    """Marks that PDFium set as lines of their own between two text lines: line id of the text line below
    them → [(x, mark)]. Their ids are added to `skip`."""
    out: dict[int, list[tuple[float, str]]] = {}
    for i, line in enumerate(lines):
        text = line.text.strip()
        if id(line) in skip or not re.fullmatch(r"\d{1,3}|\*", text) or line.size > typo.body_size - 1.5:
            continue
        below = [ln for ln in lines[i + 1:i + 4] if id(ln) not in skip and not typo.small(ln)
                 and 0 < line.baseline - ln.baseline < 0.8 * ln.size and ln.x0 - 1 <= line.x0 <= ln.x1 + 1]
        if below:
            out.setdefault(id(below[0]), []).append((line.x0, text))
            skip.add(id(line))
    return out


def insert_marks(text: str, line: PdfLine, marks: list[tuple[float, str]]) -> str:
    """Put lone marks into a line's text at the character nearest their x (after the word they follow)."""
    for x, mark in sorted(marks, reverse=True):
        offset = 0
        for run in line.runs:
            if run.x1 < x:
                offset += len(run.text)
                continue
            width = max(run.x1 - run.x0, 1.0)
            offset += round(len(run.text) * max(0.0, x - run.x0) / width)
            break
        offset = min(offset, len(text))
        while 0 < offset < len(text) and text[offset - 1] == " ":
            offset -= 1
        text = f"{text[:offset]}{MARK_OPEN}{mark}{MARK_CLOSE}{text[offset:]}"
    return text


# --- figures ----------------------------------------------------------------------------------------
CAPTION = re.compile(r"^(Figure|Map|Chart|Graph|Infographic|Table)(?:\s+([IVXLC]+|\d{1,3}[a-z]?))?\.?$")


@dataclass(slots=True)
class Figure:
    """A figure area: its caption (label + title lines), the chart text inside it, and its page boxes."""

    label: str
    title: list[PdfLine]
    caption_lines: list[PdfLine]
    content: list[PdfLine] = field(default_factory=list)
    boxes: list[tuple[int, float, float, float, float]] = field(default_factory=list)

    @property
    def caption(self) -> str:
        title = " ".join(with_marks(ln) for ln in self.title).strip()
        return f"{self.label} {title}".strip() if title else self.label


def chart_like(lines: list[PdfLine]) -> bool:
    """Axis values and data labels: mostly numbers, or short fragments side by side."""
    tokens = [t for ln in lines for t in ln.text.split()]
    numeric = sum(bool(re.fullmatch(r"[\d.,%$–-]+", t)) for t in tokens)
    return bool(tokens) and (numeric / len(tokens) >= 0.3 or all(len(ln.text) < 40 for ln in lines))


def numeric(lines: list[PdfLine]) -> bool:
    """Mostly numbers: axis values and data labels (not notes or sources, which are words)."""
    tokens = [t for ln in lines for t in ln.text.split()]
    return bool(tokens) and sum(bool(re.fullmatch(r"[\d.,%$–-]+", t)) for t in tokens) / len(tokens) >= 0.5


def figure_text(line: PdfLine, typo: Typography, page: PdfPage) -> bool:
    """Chart text: set smaller than the body, rotated, or printed over a picture."""
    if line.rotated or typo.small(line):
        return True
    return any(x0 - 1 <= line.x0 and line.x1 <= x1 + 1 and y0 - 1 <= line.bottom and line.top <= y1 + 1
               for x0, y0, x1, y1 in big_images(page))


def big_images(page: PdfPage) -> list[tuple[float, float, float, float]]:
    """Pictures large enough to be figures (not logos or the QR code of the first page)."""
    area = page.width * page.height
    return [b for b in page.images if (b[2] - b[0]) * (b[3] - b[1]) > 0.04 * area]


def box_of(lines: list[PdfLine]) -> tuple[float, float, float, float]:
    return (min(ln.x0 for ln in lines), min(ln.bottom for ln in lines), max(ln.x1 for ln in lines),
            max(ln.top for ln in lines))

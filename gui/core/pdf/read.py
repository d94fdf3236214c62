"""Reading a PDF with PDFium (pypdfium2): each page as lines of text runs with their geometry and type.

This module knows PDFium and nothing about UN documents; `layout` decides what the lines are. One ctypes
call per character for its box and one for its text object (font, size and baseline are read once per text
object and cached), so a 15-page report reads in about 0.2 s.
"""

from __future__ import annotations

import ctypes
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from gui.core.errors import InputError
from gui.core.pdf import chars

PDFIUM = threading.RLock()
"""PDFium is not thread-safe: whoever calls into it (an import, the page view) holds this lock."""

MAX_PAGES = 5000
"""A UN report has tens of pages, an annual compilation a few hundred; beyond this it is surely not one."""


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive characters of one line in one font: the unit that type tells apart (bold, raised, small)."""

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    baseline: float
    size: float
    bold: bool
    italic: bool


@dataclass(slots=True)
class PdfLine:
    """A printed line (or a segment of one, where a wide gap separates columns) on a page."""

    page: int  # 1-based
    runs: list[Run]  # never changed in place once the line is made (a changed line is a new PdfLine)
    rotated: bool = False
    _text: str | None = field(default=None, repr=False, compare=False)  # computed once: asked for many times
    _main: Run | None = field(default=None, repr=False, compare=False)
    frame: tuple[float, float] | None = None  # on a two-column page: its column's left and right edges

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(r.text for r in self.runs)
        return self._text

    @property
    def x0(self) -> float:
        return self.runs[0].x0

    @property
    def x1(self) -> float:
        return self.runs[-1].x1

    @property
    def bottom(self) -> float:
        return min(r.bottom for r in self.runs)

    @property
    def top(self) -> float:
        return max(r.top for r in self.runs)

    @property
    def main(self) -> Run:
        """The run that sets the line's type: the longest one in the largest common size."""
        if self._main is None:
            self._main = max(self.runs, key=lambda r: len(r.text.strip()) * (1 + r.size / 100))
        return self._main

    @property
    def baseline(self) -> float:
        return self.main.baseline

    @property
    def size(self) -> float:
        return self.main.size

    @property
    def bold(self) -> bool:
        letters = [r for r in self.runs if any(c.isalpha() for c in r.text)]
        return bool(letters) and all(r.bold for r in letters)

    @property
    def italic_share(self) -> float:
        total = sum(len(r.text.strip()) for r in self.runs) or 1
        return sum(len(r.text.strip()) for r in self.runs if r.italic) / total


@dataclass(slots=True)
class PdfPage:
    """A page: its size, its lines in reading order, and where its pictures and rules are."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, y0, x1, y1
    paths: list[tuple[float, float, float, float]] = field(default_factory=list)
    chars: int = 0
    scanned: bool = False  # an image covers the page (a scan; its text, if any, is an OCR layer over it)
    unmapped: int = 0  # characters PDFium could not map to Unicode (U+FFFD, controls): a font without a map

    @property
    def landscape(self) -> bool:
        return self.width > self.height


SCAN = 0.85
"""An image covering this share of a page is the page itself (a scan under its OCR text layer, often invisible
text in render mode 3): the text over it is read as text, never as a figure's labels."""

def open_pdf(source: str | Path | bytes, name: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF (a file, or its bytes), turning PDFium's failures into a readable InputError."""
    path = name or str(source if not isinstance(source, bytes) else "PDF")
    try:
        with PDFIUM:
            return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as error:
        text = str(error).lower()
        if isinstance(source, bytes) and re.search(rb"/Count\s+0\b", source) \
                and not re.search(rb"/Type\s*/Page(?!s)", source):
            raise InputError(f"{path}: the PDF has no pages") from None
        if "password" in text and b"/Encrypt" in (source if isinstance(source, bytes) else b"/Encrypt"):
            raise InputError(f"{path}: the PDF is encrypted (password-protected); open it in a PDF reader, "
                             "save an unprotected copy and import that") from None
        if "format" in text or "file" in text or "success" in text or "password" in text:
            raise InputError(f"{path}: not a readable PDF (damaged or truncated?)") from None
        raise InputError(f"{path}: PDFium cannot read this PDF ({error})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None


def read_pages(pdf: pdfium.PdfDocument, name: str,
               progress: Callable[[int, int], None] | None = None) -> Iterator[PdfPage]:
    """Every page of an open PDF as a PdfPage (lines sorted top to bottom). `progress(done, total)` is called
    after each page and may raise to stop."""
    with PDFIUM:
        total = len(pdf)
    if total > MAX_PAGES:
        raise InputError(f"{name}: {total} pages; documents of up to {MAX_PAGES} pages are supported")
    for index in range(total):
        with PDFIUM:  # page by page, so that the page view can draw between two pages of a long import
            try:
                page = pdf[index]
            except pdfium.PdfiumError as error:
                raise InputError(f"{name}: page {index + 1} cannot be read ({error})") from None
            try:
                result = _read_page(page, index + 1)
            finally:
                page.close()
        yield result
        if progress is not None:
            progress(index + 1, total)


_GAP = 1.8  # a gap wider than this many font sizes separates two columns (masthead parts, table cells)
_WORD_SPACE = 0.16  # narrower gaps are kerning, not spaces (measured on 3,287 gaps in 10 UN PDFs)


def _read_page(page: pdfium.PdfPage, number: int) -> PdfPage:
    page.set_rotation(0)  # in memory only: characters are placed in the unrotated page, so is everything here
    width, height = page.get_size()
    out = PdfPage(number, width, height)
    for kind, x0, y0, x1, y1 in _shapes(page.raw):
        if kind == raw.FPDF_PAGEOBJ_PATH:
            out.paths.append((x0, y0, x1, y1))
        elif (x1 - x0) * (y1 - y0) >= SCAN * width * height:
            out.scanned = True  # the page itself, under its OCR text: not a figure
        else:
            out.images.append((x0, y0, x1, y1))
    textpage = page.get_textpage()
    try:
        out.lines = _lines(textpage)
        out.chars = textpage.count_chars()
        out.unmapped = sum(line.text.count("\ufffd") for line in out.lines)
    finally:
        textpage.close()
    for line in out.lines:
        line.page = number
    return out


def _shapes(page: Any) -> list[tuple[int, float, float, float, float]]:
    """(type, x0, y0, x1, y1) of the page's images and paths, and of those in its forms one level down: read
    with PDFium's own calls (pypdfium2's object helper made a Python object per path, a tenth of the reading)."""
    out: list[tuple[int, float, float, float, float]] = []
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    wanted = (raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH)

    def visit(parent: Any, form: bool) -> None:
        count = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
        get = raw.FPDFFormObj_GetObject if form else raw.FPDFPage_GetObject
        for i in range(count):
            obj = get(parent, i)
            if not obj:
                continue
            kind = raw.FPDFPageObj_GetType(obj)
            if kind in wanted:
                if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                    out.append((kind, left.value, bottom.value, right.value, top.value))
            elif kind == raw.FPDF_PAGEOBJ_FORM and not form:
                visit(obj, True)

    visit(page, False)
    return out


def _lines(textpage: pdfium.PdfTextPage) -> list[PdfLine]:
    """The printed lines of a text page: its characters, read in batches and cut into stretches that change
    nothing inside (`chars.stretches`), made into runs and lines (`_LineMaker`), pieces of one line joined."""
    page = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    stretches = chars.stretches(textpage, page)
    if stretches is None:
        return []
    maker = _LineMaker(page, chars.fonts(page, *stretches.objects()))
    maker.read(stretches, *stretches.boxes(page))
    return _join_segments([_normalised(line) for line in maker.lines])


class _LineMaker:
    """Stretches of characters into lines of runs. A run ends where the text object changes; a line where PDFium
    breaks it, or at a gap wide enough to be a column's (a masthead part, a table cell). A space PDFium
    generated is kept only where the gap is a word space, not kerning."""

    def __init__(self, page: ctypes.c_void_p, fonts: dict[int, tuple[float, float, bool, bool]]) -> None:
        self.page = page
        self.fonts = fonts  # text object → its size, baseline, bold, italic
        self.lines: list[PdfLine] = []
        self.runs: list[Run] = []
        self.pieces: list[str] = []  # the open run's text
        self.key = -1  # the open run's text object
        self.facts = (0.0, 0.0, False, False)  # its size, baseline, bold, italic
        self.x0 = self.bottom = self.top = 0.0
        self.last_ink = -1  # index of the run's last visible character
        self.ink: list[float] = []  # and its box: left, bottom, right, top
        self.rotated = False
        self.pending_space = False  # PDFium generated a space since the last ink

    def read(self, stretches: chars.Stretches, boxes: list[list[float] | None], ink_boxes: list[list[float] | None]) \
            -> None:
        for kind, first, key, text, last_ink, box, ink_box in zip(
                stretches.kind.tolist(), stretches.first.tolist(), stretches.key.tolist(), stretches.text,
                stretches.last_ink.tolist(), boxes, ink_boxes, strict=True):
            if kind == chars.INK:
                if key != self.key or self.pending_space:
                    self._start(first, key, box or [])
                self.pieces.append(text)
                if last_ink >= 0:
                    self.last_ink, self.ink = last_ink, ink_box or []
            elif kind == chars.GENERATED:
                self.pending_space = self.pending_space or " " in text
            elif kind == chars.NEWLINE:
                self._close_line()
                self.key, self.rotated, self.pending_space = -1, False, False
            else:  # PDFium's mark for a hyphen at the end of a line it joined to the next one
                self._start(first, key, box or [])
                self.pieces.append("-")
                self.last_ink, self.ink = first, box or []
                self._close_line()
                self.key = -1
        self._close_line()

    def _start(self, index: int, key: int, box: list[float]) -> None:
        """At character `index` (its `box`), the first of a new text object or the first after a generated space:
        a new run, a new line if the gap before it is a column's, a word space if the gap is one."""
        ink = self.ink if self.pieces and self.last_ink >= 0 else None  # the open run's last letter
        prev_right = ink[2] if ink is not None else self.runs[-1].x1 if self.runs else 0.0
        left, bottom, _, top = box
        if ink is not None:
            # Where a run is closed here, the new run has always taken its bottom and top from the closed run's
            # last letter rather than from its own first one (the reader read both into one box); kept so.
            bottom, top = ink[1], ink[3]
        if key != self.key:
            facts = self.fonts[key]
            if (self.runs or self.pieces) and left - prev_right > _GAP * max(facts[0], self.facts[0], 4.0):
                self._close_line()  # a wide gap: another column (a masthead part, a table cell)
                self.pending_space = False
            self._close_run()
            if not self.runs:
                self.rotated = abs(chars.char_angle(self.page, index)) > 0.01
            self.key, self.facts = key, facts
            self.x0, self.bottom, self.top = left, bottom, top
        elif self.pending_space and left - prev_right > _GAP * max(self.facts[0], 4.0):
            self._close_line()  # a wide gap inside one text object
            self.x0, self.bottom, self.top = left, bottom, top
            self.pending_space = False
        if self.pending_space:
            # PDFium also "finds" spaces in kerning gaps ("Da ’esh", "Isra el"): a word space is wider.
            if left - prev_right >= _WORD_SPACE * max(self.facts[0], 4.0):
                if self.pieces:
                    self.pieces.append(" ")
                elif self.runs and not self.runs[-1].text.endswith(" "):
                    self.runs[-1] = _with_text(self.runs[-1], self.runs[-1].text + " ")
            self.pending_space = False

    def _close_run(self) -> None:
        if self.pieces:
            size, baseline, bold, italic = self.facts
            x1 = self.x0 if self.last_ink < 0 else self.ink[2]
            self.runs.append(Run("".join(self.pieces), self.x0, x1, self.bottom, self.top, baseline, size, bold,
                                 italic))
            self.pieces.clear()
        self.last_ink = -1

    def _close_line(self) -> None:
        self._close_run()
        runs = self.runs
        while runs and not runs[-1].text.strip():
            runs.pop()
        while runs and not runs[0].text.strip():
            runs.pop(0)
        if runs:
            self.lines.append(PdfLine(0, runs, self.rotated))
        self.runs = []


def _with_text(run: Run, text: str) -> Run:
    return Run(text, run.x0, run.x1, run.bottom, run.top, run.baseline, run.size, run.bold, run.italic)


def _join_segments(lines: list[PdfLine]) -> list[PdfLine]:
    """PDFium breaks a line at a raised mark ("the Levant¹ (ISIL…)"): pieces on one baseline, close together,
    are one line again. Pieces far apart (masthead parts, table cells) stay apart."""
    lines.sort(key=lambda ln: (-round(ln.baseline, 0), ln.x0))
    out: list[PdfLine] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and not prev.rotated and not line.rotated
                and abs(prev.baseline - line.baseline) < 0.2 * line.size
                and -0.5 < line.x0 - prev.x1 < _GAP * max(prev.size, line.size)):
            runs = list(prev.runs)
            if not runs[-1].text.endswith(" ") and not line.runs[0].text.startswith(" ") and \
                    line.x0 - prev.x1 >= _WORD_SPACE * line.size:
                runs[-1] = _with_text(runs[-1], runs[-1].text + " ")
            out[-1] = PdfLine(prev.page, runs + line.runs, False)
        else:
            out.append(line)
    return _join_labels(out)


_LABEL = re.compile(r"^(?:\d{1,3}\.|\(?(?:[a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)|[IVXLC]{1,6}\.|[A-Z]\.|[•▪◦●■–-])$")
_LABEL_GAP = 10.0  # a label is set off from its text by a tab: up to this many font sizes


def _join_labels(lines: list[PdfLine]) -> list[PdfLine]:
    """A paragraph or point number set off from its text by a tab ("12." ⇥ "The Council…") is the first word of
    that text, not a line of its own — unless the row goes on into more cells (a numbered table row)."""
    out: list[PdfLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        after = lines[i + 2] if i + 2 < len(lines) else None
        if (nxt is not None and not line.rotated and not nxt.rotated and _LABEL.match(line.text.strip())
                and abs(line.baseline - nxt.baseline) < 0.2 * nxt.size
                and 0 <= nxt.x0 - line.x1 < _LABEL_GAP * max(line.size, nxt.size)
                and (out == [] or abs(out[-1].baseline - line.baseline) >= 0.2 * line.size)
                and (after is None or abs(after.baseline - nxt.baseline) >= 0.2 * nxt.size)):
            runs = list(line.runs)
            if not runs[-1].text.endswith(" "):
                runs[-1] = _with_text(runs[-1], runs[-1].text + " ")
            out.append(PdfLine(line.page, runs + nxt.runs, False))
            i += 2
            continue
        out.append(line)
        i += 1
    return out


def _normalised(line: PdfLine) -> PdfLine:
    """NFKC for ligatures and compatibility forms (ﬁ → fi), one space between words."""
    runs = []
    for run in line.runs:
        text = run.text
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text.replace("\u00a0", " ").replace("\u00ad", ""))
        if "  " in text:
            text = " ".join(text.split()) + (" " if text.endswith(" ") else "")
        runs.append(_with_text(run, text) if text != run.text else run)
    return PdfLine(line.page, runs, line.rotated)

"""Reading a PDF with PDFium (pypdfium2): each page as lines of text runs with their geometry and type.

This module knows PDFium and nothing about UN documents; `layout` decides what the lines are. One ctypes
call per character for its box and one for its text object (font, size and baseline are read once per text
object and cached), so a 15-page report reads in about 0.2 s.
"""

from __future__ import annotations

import ctypes
import math
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

_FONT_FLAG_ITALIC = 1 << 6
_FONT_FLAG_FORCE_BOLD = 1 << 18


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


class _Fonts:
    """Font facts per PDFium text object, read once (a paragraph has a handful of objects, not a call per char)."""

    def __init__(self, textpage: ctypes.c_void_p) -> None:
        self.textpage = textpage
        self.cache: dict[int, tuple[float, float, bool, bool]] = {}
        self.buffer = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.x = ctypes.c_double()
        self.y = ctypes.c_double()
        self.matrix = raw.FS_MATRIX()

    def facts(self, key: int, index: int) -> tuple[float, float, bool, bool]:
        """(size, baseline, bold, italic) of the text object that character `index` belongs to."""
        found = self.cache.get(key)
        if found is None:
            size = raw.FPDFText_GetFontSize(self.textpage, index)
            # Distiller and PDFMaker set text at size 1 and scale it by the text matrix (`/F1 1 Tf 9.96 0 0
            # 9.96 x y Tm`): the printed size is the font size times the matrix's vertical scale.
            if raw.FPDFPageObj_GetMatrix(ctypes.cast(key, raw.FPDF_PAGEOBJECT), self.matrix):
                scale = math.hypot(self.matrix.c, self.matrix.d)
                if scale > 0:
                    size *= scale
            raw.FPDFText_GetCharOrigin(self.textpage, index, self.x, self.y)
            raw.FPDFText_GetFontInfo(self.textpage, index, self.buffer, 128, self.flags)
            name = self.buffer.value.decode("latin-1").lower()
            weight = raw.FPDFText_GetFontWeight(self.textpage, index)
            bold = weight >= 600 or "bold" in name or "black" in name or "heavy" in name
            italic = bool(self.flags.value & _FONT_FLAG_ITALIC) or "italic" in name or "oblique" in name
            found = (round(size, 2), self.y.value, bold, italic)
            self.cache[key] = found
        return found


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
    handle = textpage.raw
    count = textpage.count_chars()
    if count <= 0:
        return []
    text: str | list[str] = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP take two indexes: read them unit by unit
        text = _units(handle, count)
    fonts = _Fonts(handle)
    address = ctypes.cast(handle, ctypes.c_void_p).value
    box = raw.FS_RECTF()
    angle_of = raw.FPDFText_GetCharAngle
    lines: list[PdfLine] = []
    runs: list[Run] = []
    chars: list[str] = []
    run_key = -1
    run_facts = (0.0, 0.0, False, False)
    x0 = bottom = top = 0.0
    last_ink = -1  # index of the run's last visible character: its right edge is read only when needed
    rotated = False

    def right_of(index: int) -> float:
        raw.FPDFText_GetLooseCharBox(handle, index, box)
        return float(box.right)

    def close_run() -> None:
        nonlocal last_ink
        if chars:
            size, baseline, bold, italic = run_facts
            x1 = right_of(last_ink) if last_ink >= 0 else x0
            runs.append(Run("".join(chars), x0, x1, bottom, top, baseline, size, bold, italic))
            chars.clear()
        last_ink = -1

    def close_line() -> None:
        nonlocal runs
        close_run()
        while runs and not runs[-1].text.strip():
            runs.pop()
        while runs and not runs[0].text.strip():
            runs.pop(0)
        if runs:
            lines.append(PdfLine(0, runs, rotated))
        runs = []

    def previous_right(default: float) -> float:
        if chars and last_ink >= 0:
            return right_of(last_ink)
        return runs[-1].x1 if runs else default

    # Two ctypes calls a character would cost ~3.6 µs each; the text object is asked for every character
    # (runs change there), a box only where a run starts or a gap must be measured.
    pending_space = False
    # A word is printed by one text object, nearly always: where its first and last characters share one, the
    # characters between are taken without asking (a raised mark inside a word, "Levant¹", is still found).
    word_end = {m.start(): m.end() for m in _WORD.finditer(text) if m.end() - m.start() > 2} \
        if isinstance(text, str) else {}
    i, n = -1, len(text)
    while i + 1 < n:
        i += 1
        char = text[i]
        if char in "\r\n":
            close_line()
            run_key, rotated, pending_space = -1, False, False
            continue
        if not char or char in _INVISIBLE or char < " ":
            continue  # the second half of a surrogate pair, a control, a zero-width or private-use mark
        key = _text_object(address, i) or 0
        if key == 0:  # a space PDFium generated between words: kept only if the gap is really one (below)
            pending_space = pending_space or char == " "
            continue
        if key != run_key or pending_space or char == "\ufffe":
            prev_right = previous_right(0.0)
            raw.FPDFText_GetLooseCharBox(handle, i, box)
            left = float(box.left)
            if key != run_key:
                facts = fonts.facts(key, i)
                if (runs or chars) and left - prev_right > _GAP * max(facts[0], run_facts[0], 4.0):
                    close_line()  # a wide gap: another column (a masthead part, a table cell)
                    pending_space = False
                close_run()
                if not runs and not chars:
                    rotated = abs(angle_of(handle, i)) > 0.01
                run_key, run_facts = key, facts
                x0, bottom, top = left, float(box.bottom), float(box.top)
            elif pending_space and left - prev_right > _GAP * max(run_facts[0], 4.0):
                close_line()  # a wide gap inside one text object
                x0, bottom, top = left, float(box.bottom), float(box.top)
                pending_space = False
            if pending_space:
                # PDFium also "finds" spaces in kerning gaps ("Da ’esh", "Isra el"): a word space is wider.
                if left - prev_right >= _WORD_SPACE * max(run_facts[0], 4.0):
                    if chars:
                        chars.append(" ")
                    elif runs and not runs[-1].text.endswith(" "):
                        runs[-1] = _with_text(runs[-1], runs[-1].text + " ")
                pending_space = False
        if char == "\ufffe":  # PDFium's mark for a hyphen at the end of a line it joined to the next one
            chars.append("-")
            last_ink = i
            close_line()
            run_key = -1
            continue
        chars.append(char)
        if char != " ":
            last_ink = i
            end = word_end.get(i)
            if end is not None and _text_object(address, end - 1) == key:
                chars.append("".join(text[i + 1:end]))
                last_ink = i = end - 1
    close_line()
    return _join_segments([_normalised(line) for line in lines])


_WORD = re.compile("[^\\s\x00-\x1f\ufffe\u200b\u200c\u200d\u2060\ufeff\ue000\ue001\uffff]+")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\ue000\ue001\uffff")  # \ue000/\ue001 carry our marks


def _address_function(function: Any, argtypes: tuple[Any, ...]) -> Any:
    """The same PDFium function returning a plain address (an int): casting each returned pointer cost
    1.7 µs a character, a third of the reading."""
    fast = type(function)(ctypes.cast(function, ctypes.c_void_p).value)  # same library, same convention
    fast.restype = ctypes.c_void_p
    fast.argtypes = argtypes
    return fast


_text_object = _address_function(raw.FPDFText_GetTextObject, (ctypes.c_void_p, ctypes.c_int))


def _units(handle: ctypes.c_void_p, count: int) -> list[str]:
    """One string per character index: a surrogate pair is its character at the first index and "" at the
    second; a lone surrogate is U+FFFD (never a string Python cannot encode)."""
    codes = [raw.FPDFText_GetUnicode(handle, i) for i in range(count)]
    out = [""] * count
    i = 0
    while i < count:
        code = codes[i]
        if 0xD800 <= code < 0xDC00 and i + 1 < count and 0xDC00 <= codes[i + 1] < 0xE000:
            out[i] = chr(0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00))
            i += 2
            continue
        out[i] = "\ufffd" if 0xD800 <= code < 0xE000 else chr(code)
        i += 1
    return out


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

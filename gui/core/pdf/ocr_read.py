"""Reading the pages of a PDF that have no text layer: which pages, recognised once, through a cache.

The PDF reader calls `recognise_missing` with the pages it read; pages that are pictures of text (no
characters, a picture over most of the page) are recognised and replaced by the lines `ocr_lines` makes of
them. Who reads the PDF says how, with `recognition(...)`: a cache of recognised pages (the store's, keyed by
the file's hash, the page and `ocr.ENGINE`), a progress callback per recognised page (which may raise to
cancel), and whether recognition is allowed at all. What happened is left on the `Recognition` for the caller's
report: which pages were recognised, which came from the cache, which could not be read (and why), and each
recognised block's mean confidence and doubtful words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import pypdfium2 as pdfium

from gui.core.model import Document, Recognised
from gui.core.pdf.ocr import ENGINE, SCALE, Engine, ScanPage, draw_page, measure_ink
from gui.core.pdf.read import PdfPage

DOUBTFUL = 0.8
"""A recognised word the engine is less sure of than this is shown as doubtful (measured: below it, about one
word in three is misread; above it, fewer than one in a hundred)."""


class PageCache(Protocol):
    """Where recognised pages are kept between imports (the store's `recognised_pages` table)."""

    def get(self, file_hash: str, page: int, engine: str) -> dict[str, Any] | None: ...

    def put(self, file_hash: str, page: int, engine: str, result: dict[str, Any]) -> None: ...


@dataclass(slots=True)
class BlockRecognition:
    """A block read by recognition: the engine's mean confidence over its lines, and its doubtful words."""

    confidence: float
    doubtful: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Recognition:
    """How to recognise (set by the caller) and what was done (read by the caller after `read_pdf`)."""

    cache: PageCache | None = None
    progress: Callable[[int, int], None] | None = None  # (pages recognised, pages to recognise); may raise
    enabled: bool = True
    engine: Engine | None = None
    pages: list[int] = field(default_factory=list)  # pages read by recognition (from 1)
    cached: int = 0  # of them, taken from the cache
    unreadable: dict[int, str] = field(default_factory=dict)  # page → why it could not be read
    blocks: dict[str, BlockRecognition] = field(default_factory=dict)  # eid → its recognition
    text_pages: int = 0
    known: dict[int, Any] = field(default_factory=dict)  # id of a recognised PdfLine → its `Recognised`


_CURRENT: ContextVar[Recognition | None] = ContextVar("recognition", default=None)


@contextmanager
def recognition(**options: Any) -> Iterator[Recognition]:
    """Read PDFs inside this block with these recognition options; the Recognition records what was done."""
    state = Recognition(**options)
    token = _CURRENT.set(state)
    try:
        yield state
    finally:
        _CURRENT.reset(token)


def current() -> Recognition:
    """The options of the enclosing `recognition(...)`, or defaults (recognise, no cache) outside one."""
    state = _CURRENT.get()
    if state is None:
        state = Recognition()
        _CURRENT.set(state)
    return state


def needs_recognition(page: PdfPage) -> bool:
    """A page that is a picture of text: next to no characters, and a picture over most of the page."""
    if page.chars >= 20 or len(page.lines) > 3:
        return False
    area = page.width * page.height or 1.0
    return any((x1 - x0) * (y1 - y0) > 0.4 * area for x0, y0, x1, y1 in page.images)


def recognise_missing(pdf: pdfium.PdfDocument, pages: list[PdfPage], data: bytes) -> list[int]:
    """Recognise the pages that need it, in place in `pages`; the numbers of the pages recognised."""
    state = current()
    wanted = [p.number for p in pages if needs_recognition(p)]
    if not wanted or not state.enabled:
        return []
    from gui.core.pdf.ocr_lines import to_pages

    file_hash = hashlib.sha256(data).hexdigest()
    scans: list[ScanPage] = []
    if state.progress is not None:
        state.progress(0, len(wanted))  # before the first page: it takes seconds
    for done, number in enumerate(wanted):
        scans.append(_page(state, pdf, number, pages[number - 1], file_hash, data))
        if state.progress is not None:
            state.progress(done + 1, len(wanted))
    state.pages, state.text_pages = wanted, len(pages) - len(wanted)
    state.unreadable = {s.number: s.error for s in scans if s.error}
    readable = [s for s in scans if not s.error]
    text_pages = [p for p in pages if p.number not in set(wanted)]
    made, known = to_pages(readable, body_size=_body_size(text_pages))
    for page in made:
        page.images = []  # the picture is the text: no line of it is "printed over a picture"
        pages[page.number - 1] = page
    state.known = known
    return wanted


def _body_size(pages: list[PdfPage]) -> float | None:
    """The body size of a mixed PDF's text pages, so that its recognised pages are typed alike."""
    if not any(p.lines for p in pages):
        return None
    from gui.core.pdf import layout

    return layout.measure(pages).body_size


def _page(state: Recognition, pdf: pdfium.PdfDocument, number: int, page: PdfPage, file_hash: str,
          data: bytes) -> ScanPage:
    if state.cache is not None:
        found = state.cache.get(file_hash, number, ENGINE)
        if found is not None:
            state.cached += 1
            return ScanPage.from_json(found)
    if state.engine is not None:  # in this process (a benchmark measuring the engine itself)
        pixels, width, height = draw_page(pdf, number - 1, SCALE)
        scan = state.engine.recognise(pixels, number, width, height, SCALE)
        scan = measure_ink(state.engine.rescue_numbers(scan, pixels, SCALE), pixels, SCALE)
    else:
        scan = recognise_elsewhere(data, number, page.width, page.height)
    if not scan.error and not scan.lines:
        scan.error = "no text was recognised on it"
    if state.cache is not None:
        state.cache.put(file_hash, number, ENGINE, scan.to_json())
    return scan


def recognise_elsewhere(data: bytes, number: int, width: float, height: float) -> ScanPage:
    """A page recognised in the recognition process (ocr_pool): the window's process never waits on the engine."""
    from gui.core.pdf import ocr_pool

    return ocr_pool.recognise(data, number, width, height)


def mark_blocks(document: Document, pages: list[PdfPage]) -> Document:
    """The document with what recognition read: each block printed on a recognised page with the mean
    confidence of its recognised lines and the words the engine doubted (its boxes hold its lines)."""
    state = current()
    known = state.known
    recognised = set(state.pages)
    lines = [(line, known[id(line)]) for page in pages if page.number in recognised for line in page.lines
             if id(line) in known]
    for block in document.blocks:
        confidences: list[float] = []
        doubtful: list[str] = []
        for number, x0, y0, x1, y1 in block.boxes:
            if number not in recognised:
                continue
            for line, seen in lines:
                middle = (line.bottom + line.top) / 2
                if line.page == number and y0 - 1 <= middle <= y1 + 1 and line.x0 < x1 and line.x1 > x0:
                    confidences.append(seen.confidence)
                    doubtful += [w for w, c in seen.words if c < DOUBTFUL and any(ch.isalnum() for ch in w)]
        if confidences:
            state.blocks[block.eid] = BlockRecognition(sum(confidences) / len(confidences), doubtful)
    summary = Recognised(ENGINE, tuple(state.pages), state.text_pages, tuple(sorted(state.unreadable.items())),
                         tuple((eid, round(b.confidence, 4), tuple(b.doubtful)) for eid, b in state.blocks.items()))
    return replace(document, recognised=summary)

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

import bisect
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import pypdfium2 as pdfium

from gui.core.model import Box, Document, Kind, Recognised
from gui.core.pdf.ocr import ENGINE, SCALE, Engine, ScanPage, draw_page, measure_ink
from gui.core.pdf.read import PdfLine, PdfPage

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
    by_number: dict[int, list[PdfPage]] = {}
    for page in made:  # a page in two columns is two PdfPages of that number (see ocr_lines._columns)
        by_number.setdefault(page.number, []).append(page)
    pages[:] = [q for p in pages for q in by_number.get(p.number, [p])]
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
    confidence of its recognised lines and the words the engine doubted, and — for a block from a right-hand
    column, which was read laid on the left margin — its true boxes. A block's lines are found by its spans in
    the source, which has one line of text per printed line (as `extract_pages` builds it)."""
    state = current()
    known = state.known
    members = _lines_of_blocks(document, pages)
    blocks = list(document.blocks)
    for i, block in enumerate(blocks):
        lines = [(line, known[id(line)]) for line in members.get(block.eid, []) if id(line) in known]
        if not lines:
            continue
        doubtful = [w for _, seen in lines for w, c in seen.words if c < DOUBTFUL and any(ch.isalnum() for ch in w)]
        state.blocks[block.eid] = BlockRecognition(sum(s.confidence for _, s in lines) / len(lines), doubtful)
        if any(seen.shift for _, seen in lines) and block.kind is not Kind.FIGURE:
            blocks[i] = replace(block, boxes=_true_boxes(lines))
    labels: dict[int, str] = {}
    for page, label in zip(pages, document.page_labels, strict=False):
        labels.setdefault(page.number, label)  # a page read as two columns has one label
    summary = Recognised(ENGINE, tuple(state.pages), state.text_pages, tuple(sorted(state.unreadable.items())),
                         tuple((eid, round(b.confidence, 4), tuple(b.doubtful)) for eid, b in state.blocks.items()))
    return replace(document, blocks=tuple(blocks), recognised=summary,
                   page_labels=tuple(labels[n] for n in sorted(labels)), _index={}, _cache={})


def _lines_of_blocks(document: Document, pages: list[PdfPage]) -> dict[str, list[PdfLine]]:
    """eid → the printed lines its spans cover (the source: pages apart by "\n\f\n", a line each)."""
    offsets: list[tuple[int, int, PdfLine]] = []
    pos = 0
    for k, page in enumerate(pages):
        if k:
            pos += 3
        for j, line in enumerate(page.lines):
            if j:
                pos += 1
            text = line.text.strip()
            offsets.append((pos, pos + len(text), line))
            pos += len(text)
    starts = [start for start, _, _ in offsets]
    out: dict[str, list[PdfLine]] = {}
    for block in document.blocks:
        for a, b in block.spans:
            k = max(0, bisect.bisect_right(starts, a) - 1)
            while k < len(offsets) and offsets[k][0] < b:
                if offsets[k][1] > a or offsets[k][0] == a:
                    out.setdefault(block.eid, []).append(offsets[k][2])
                k += 1
    return out


def _true_boxes(lines: list[tuple[PdfLine, Any]]) -> tuple[Box, ...]:
    """A block's boxes where its lines are printed: one per page and column."""
    groups: dict[tuple[int, float], list[float]] = {}
    for line, seen in lines:
        x0, x1 = line.x0 + seen.shift, line.x1 + seen.shift
        box = groups.get((line.page, seen.shift))
        groups[(line.page, seen.shift)] = [x0, line.bottom, x1, line.top] if box is None else [
            min(box[0], x0), min(box[1], line.bottom), max(box[2], x1), max(box[3], line.top)]
    return tuple((page, round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1))
                 for (page, _), b in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1])))

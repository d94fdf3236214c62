"""The document model: a UN document as metadata plus an ordered tree of blocks.

Blocks are frozen so that widgets, the store and the exporters can share them without copying.
Offsets (`spans`) count Unicode code points in `Document.source`, the decoded file text (BOM removed,
line endings as in the file).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """What a block is, in the analyst's (and AKN4UN's) vocabulary."""

    HEADING = "heading"  # section, lettered title, numbered or plain heading, annex
    PARAGRAPH = "paragraph"  # numbered (num set) or plain body paragraph
    POINT = "point"  # lettered/roman item of a paragraph's list: (a), (ii)
    LIST_ITEM = "list_item"  # bullet
    TABLE = "table"  # rows of cells
    FOOTNOTE = "footnote"  # authorial note
    PREFACE = "preface"  # title-block line: symbol, distribution, date, original language
    ASIDE = "aside"  # sidebar, pull quote: not body text
    SIGNATURE = "signature"  # "(Signed) ..." and the signer's titles
    FIGURE = "figure"  # a chart, map or picture with its caption ("Figure I …"); PDFs only


Span = tuple[int, int]
"""A half-open character range `[start, end)` in `Document.source`."""

Box = tuple[int, float, float, float, float]
"""Where a block is printed: (page counted from 1, x0, y0, x1, y1) in PDF points, origin at the page's
bottom left. A block cut by a page break has a box on each page."""

Ref = tuple[int, str, str]
"""A footnote reference mark in a block's text: (offset in `Block.text` where the raised mark was printed,
the mark as printed, the eid of the footnote it refers to)."""


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the document the analyst can read, cite and tag."""

    eid: str
    kind: Kind
    num: str | None
    level: int
    parent: str | None
    text: str
    spans: tuple[Span, ...]
    language: str = "en"
    rows: tuple[tuple[str, ...], ...] = ()  # tables only: header row first
    boxes: tuple[Box, ...] = ()  # PDFs only: where the block is printed
    refs: tuple[Ref, ...] = ()  # footnote reference marks in the text (PDFs)

    @property
    def is_body(self) -> bool:
        """True for blocks that carry the document's argument (what analysts code)."""
        return self.kind in BODY_KINDS

    @property
    def label(self) -> str:
        """Short human label: 'para 83', 'point (a)', 'sec II', 'fn 1', or the kind."""
        if self.num is None:
            return self.kind.value.replace("_", " ")
        if self.kind is Kind.PARAGRAPH:
            return f"para {self.num}"
        if self.kind is Kind.POINT:
            return f"point ({self.num})"
        if self.kind is Kind.FOOTNOTE:
            return f"fn {self.num}"
        if self.kind is Kind.FIGURE:
            return f"figure {self.num}"
        return f"{self.num}."

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["spans"] = [list(s) for s in self.spans]
        data["rows"] = [list(r) for r in self.rows]
        data["boxes"] = [list(b) for b in self.boxes]
        data["refs"] = [list(r) for r in self.refs]
        return data


BODY_KINDS = frozenset({Kind.PARAGRAPH, Kind.POINT, Kind.LIST_ITEM, Kind.TABLE, Kind.FOOTNOTE, Kind.FIGURE})
"""The kinds of block that carry the document's argument: what analysts code and what coverage counts."""


@dataclass(frozen=True, slots=True)
class Recognised:
    """A PDF read wholly or partly by recognition of its scanned pages (gui/core/pdf/ocr*.py): which pages, which
    could not be read and why, and each recognised block's mean confidence (0–1) and the words the engine
    doubted — so that the reader, the library and exports can say that a text came from recognition."""

    engine: str
    pages: tuple[int, ...]  # PDF pages (from 1) read by recognition
    text_pages: int = 0  # pages that had a text layer (a mixed PDF)
    unreadable: tuple[tuple[int, str], ...] = ()  # (page, why)
    blocks: tuple[tuple[str, float, tuple[str, ...]], ...] = ()  # (eid, mean confidence, doubtful words)

    def block(self, eid: str) -> tuple[float, tuple[str, ...]] | None:
        """(confidence, doubtful words) of a recognised block, or None for a block with a text layer."""
        return next(((c, w) for e, c, w in self.blocks if e == eid), None)

    @property
    def partial(self) -> bool:
        return bool(self.unreadable)

    def summary(self) -> str:
        """One line for a report: how many pages recognition read, which it could not, its mean confidence."""
        read = len(self.pages) - len(self.unreadable)
        mixed = (f" (the other {self.text_pages} had a text layer)" if self.text_pages > 1
                 else " (the other had a text layer)" if self.text_pages else "")
        parts = [f"{read} of {len(self.pages) + self.text_pages} pages read by recognition{mixed}"]
        if self.unreadable:
            parts.append("could not read " + ", ".join(f"page {p} ({why})" for p, why in self.unreadable))
        if self.blocks:
            parts.append(f"mean confidence {sum(c for _, c, _ in self.blocks) / len(self.blocks):.0%}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Document:
    """A document's metadata, its decoded source text and its blocks in reading order."""

    source: str
    blocks: tuple[Block, ...]
    symbol: str | None = None
    date: str | None = None  # ISO 8601
    title: str | None = None
    languages: tuple[str, ...] = ()
    original_language: str | None = None
    encoding: str = "utf-8"
    path: str | None = None
    page_labels: tuple[str, ...] = ()  # PDFs: the page number printed on each page ("3" on the 5th), or ""
    warnings: tuple[str, ...] = ()  # what the reader could not place ("page 12: text in no block"), for the report
    content_hash: str | None = None  # PDFs from the store: the SHA-256 of the file imported (its boxes are its)
    unread_pages: tuple[int, ...] = ()  # PDFs as read: pages with a picture and no text layer (scans), not read
    recognised: Recognised | None = None  # PDFs with scanned pages: what recognition read (None: all text)
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({b.eid: i for i, b in enumerate(self.blocks)})

    def block(self, eid: str) -> Block:
        """The block with this eid (KeyError if none)."""
        return self.blocks[self._index[eid]]

    def get(self, eid: str) -> Block | None:
        i = self._index.get(eid)
        return None if i is None else self.blocks[i]

    def position(self, eid: str) -> int:
        """Reading-order index of a block."""
        return self._index[eid]

    def children(self, eid: str | None) -> Iterator[Block]:
        return (b for b in self.blocks if b.parent == eid)

    def ancestors(self, eid: str) -> list[Block]:
        """Containing blocks of `eid`, nearest first."""
        out: list[Block] = []
        parent = self.block(eid).parent
        while parent is not None:
            blk = self.block(parent)
            out.append(blk)
            parent = blk.parent
        return out

    def section_of(self, eid: str) -> Block | None:
        """The nearest heading that contains the block, or that precedes it in reading order."""
        for anc in self.ancestors(eid):
            if anc.kind is Kind.HEADING:
                return anc
        if "preceding_heading" not in self._cache:  # one pass, not a backward scan per block
            preceding: list[int | None] = []
            last: int | None = None
            for i, blk in enumerate(self.blocks):
                preceding.append(last)
                if blk.kind is Kind.HEADING:
                    last = i
            self._cache["preceding_heading"] = preceding
        index: int | None = self._cache["preceding_heading"][self.position(eid)]
        return None if index is None else self.blocks[index]

    def ordinal_in_section(self, eid: str) -> int:
        """1-based place of a block among the blocks of its kind under the same heading (to cite unnumbered
        text: the second paragraph under "Background")."""
        if "ordinals" not in self._cache:
            ordinals: dict[str, int] = {}
            counters: dict[tuple[str | None, Kind], int] = {}
            for b in self.blocks:
                if b.kind is Kind.HEADING:
                    continue
                section = self.section_of(b.eid)
                key = (section.eid if section is not None else None, b.kind)
                counters[key] = ordinals[b.eid] = counters.get(key, 0) + 1
            self._cache["ordinals"] = ordinals
        ordinal: int = self._cache["ordinals"].get(eid, 1)
        return ordinal

    @property
    def numbered_paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is Kind.PARAGRAPH and b.num is not None]

    def printed_page(self, page: int) -> str:
        """The number printed on PDF page `page` (from 1); the PDF page itself where none is printed."""
        label = self.page_labels[page - 1] if 0 < page <= len(self.page_labels) else ""
        return label or str(page)

    def plain_text(self) -> str:
        """The normalised text: every block's clean text, separated by blank lines.

        Annotation positions (W3C TextPosition, REFI-QDA) count code points in this string.
        """
        if "plain" not in self._cache:
            self._cache["plain"] = PLAIN_SEPARATOR.join(b.text for b in self.blocks)
        text: str = self._cache["plain"]
        return text

    def block_offsets(self) -> dict[str, Span]:
        """Where each block's text lies in `plain_text()` (a shared dict: do not modify)."""
        if "offsets" not in self._cache:
            out: dict[str, Span] = {}
            pos = 0
            for b in self.blocks:
                out[b.eid] = (pos, pos + len(b.text))
                pos += len(b.text) + len(PLAIN_SEPARATOR)
            self._cache["offsets"] = out
        offsets: dict[str, Span] = self._cache["offsets"]
        return offsets

    def block_at(self, position: int) -> Block | None:
        """The block whose text contains plain-text `position` (None between blocks)."""
        from bisect import bisect_right

        if "starts" not in self._cache:
            self._cache["starts"] = [self.block_offsets()[b.eid][0] for b in self.blocks]
        i = bisect_right(self._cache["starts"], position) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        start, end = self.block_offsets()[block.eid]
        return block if start <= position <= end else None

    def to_json(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "date": self.date,
            "title": self.title,
            "languages": list(self.languages),
            "original_language": self.original_language,
            "encoding": self.encoding,
            "path": self.path,
            "page_labels": list(self.page_labels),
            "warnings": list(self.warnings),
            "blocks": [b.to_json() for b in self.blocks],
        } | ({"recognised": asdict(self.recognised)} if self.recognised is not None else {})


PLAIN_SEPARATOR = "\n\n"

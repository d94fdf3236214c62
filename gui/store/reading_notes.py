"""What reading a document left to say, kept for the library: warnings, unread pages, recognition.

An import report says it once ("new, with 2 warnings", "could not read page 7"); the library says it for as long
as the document is there. `reading_notes` keeps, per document, the reader's `Document.warnings` (whatever their
kind: text in no block, characters with no Unicode map, and any the structure reader adds) and the pages with no
text layer that were not read; `recognised_documents` (see `recognition.py`) what recognition read. A library
row carries both as a `ReadingMarks`: a short mark for the list, a tooltip naming what and how many, and JSON
for `docs --json`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from gui.core.model import Document
from gui.core.pdf import ocr

COLUMNS = ("rn.warnings, rn.unread, r.engine, r.pages, r.text_pages, r.unreadable, "
           "(SELECT AVG(json_extract(j.value, '$[1]')) FROM json_each(r.blocks) j)")
"""The library query's columns for a row's marks (after its own), from the joins in `JOINS`."""
JOINS = (" LEFT JOIN reading_notes rn ON rn.doc_id = d.id"
         " LEFT JOIN recognised_documents r ON r.doc_id = d.id")

SHOWN = 8
"""Warnings named in a tooltip (the rest counted): a page of them would hide the library."""


@dataclass(frozen=True, slots=True)
class ReadingMarks:
    """What the library says about how a document was read (empty for a document read cleanly)."""

    warnings: tuple[str, ...] = ()
    unread: tuple[int, ...] = ()  # pages with no text layer left unread (a picture, or recognition off)
    engine: str | None = None  # the recognition engine that read its scanned pages (None: no scanned page)
    recognised: tuple[int, ...] = ()  # pages read by recognition (from 1)
    text_pages: int = 0  # pages with a text layer beside them
    unreadable: tuple[tuple[int, str], ...] = ()  # (page, why) recognition could not read
    confidence: float | None = None  # recognition's mean confidence over the recognised blocks

    @classmethod
    def from_row(cls, cells: tuple[Any, ...]) -> ReadingMarks | None:
        """The marks from the library query's `COLUMNS` cells; None when there is nothing to say."""
        warnings, unread, engine, pages, text_pages, unreadable, confidence = cells
        marks = cls(
            warnings=tuple(str(w) for w in json.loads(warnings or "[]")),
            unread=tuple(int(p) for p in json.loads(unread or "[]")), engine=engine,
            recognised=tuple(int(p) for p in json.loads(pages or "[]")), text_pages=int(text_pages or 0),
            unreadable=tuple((int(p), str(why)) for p, why in json.loads(unreadable or "[]")),
            confidence=float(confidence) if confidence is not None else None)
        return marks if marks.engine is not None or marks.warnings or marks.unread else None

    @property
    def pending(self) -> bool:
        """Recognised by an engine or setting older than today's: importing the file again reads it afresh."""
        return self.engine is not None and self.engine != ocr.ENGINE

    @property
    def left_unread(self) -> tuple[int, ...]:
        """Pages with no text layer not read, recognition's unreadable pages aside (they are named with why)."""
        failed = {p for p, _ in self.unreadable}
        return tuple(p for p in self.unread if p not in failed)

    def problems(self) -> int:
        """How many things the analyst should know of: warnings, pages not read, a recognition to redo."""
        return len(self.warnings) + len(self.unreadable) + len(self.left_unread) + int(self.pending)

    def mark(self) -> str:
        """The library's short mark: "OCR" for a document read (partly) by recognition, "⚠ N" for N problems."""
        count = self.problems()
        parts = (["OCR"] if self.engine is not None else []) + ([f"⚠ {count}"] if count else [])
        return " ".join(parts)

    def lines(self) -> list[str]:
        """What the tooltip says, a line each: what happened and how many."""
        out: list[str] = []
        if self.engine is not None:
            read = len(self.recognised) - len(self.unreadable)
            whole = len(self.recognised) + self.text_pages
            line = f"Read by recognition (OCR): {read} of {whole} pages"
            if self.text_pages:
                line += f" (the other {self.text_pages} had a text layer)" if self.text_pages > 1 else \
                    " (the other had a text layer)"
            if self.confidence is not None:
                line += f"; mean confidence {self.confidence:.0%}"
            out.append(line)
        if self.unreadable:
            out.append(f"Recognition partial: {_count(len(self.unreadable), 'page')} could not be read — "
                       + "; ".join(f"page {p} ({why})" for p, why in self.unreadable[:SHOWN]))
        if self.pending:
            out.append(f"Recognition pending: read by an older engine ({self.engine}); import the file again "
                       f"to read it with {ocr.ENGINE} (annotations follow by re-anchoring)")
        if self.left_unread:
            out.append(f"{_count(len(self.left_unread), 'page')} with no text layer not read (page "
                       f"{', '.join(str(p) for p in self.left_unread)}): pictures, or scans not recognised")
        if self.warnings:
            out.append(f"{_count(len(self.warnings), 'warning')} from the reader:")
            out += [f"  {w}" for w in self.warnings[:SHOWN]]
            if len(self.warnings) > SHOWN:
                out.append(f"  … and {len(self.warnings) - SHOWN} more (`outline FILE --json` lists them)")
        return out

    def to_json(self) -> dict[str, Any]:
        return {"warnings": list(self.warnings), "unread_pages": list(self.unread),
                "recognised": None if self.engine is None else {
                    "engine": self.engine, "pages": list(self.recognised), "text_pages": self.text_pages,
                    "unreadable": [{"page": p, "why": why} for p, why in self.unreadable],
                    "confidence": None if self.confidence is None else round(self.confidence, 4),
                    "partial": bool(self.unreadable), "pending": self.pending}}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def left_unread(document: Document) -> tuple[int, ...]:
    """The document's pages with no text layer left unread, those recognition could not read aside (the
    recognition summary names them, with why)."""
    failed = {p for p, _ in document.recognised.unreadable} if document.recognised is not None else set()
    return tuple(p for p in document.unread_pages if p not in failed)


def write_reading_notes(db: sqlite_utils.Database, doc_id: str, document: Document) -> None:
    """Keep the document's warnings and unread pages (in the transaction that writes the document); a clean
    document keeps no row."""
    db.execute("DELETE FROM reading_notes WHERE doc_id = ?", [doc_id])
    if document.warnings or document.unread_pages:
        db.execute("INSERT INTO reading_notes (doc_id, warnings, unread) VALUES (?, ?, ?)",
                   [doc_id, json.dumps(list(document.warnings)), json.dumps(list(document.unread_pages))])

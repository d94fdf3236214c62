"""CSV: one row per annotation, UTF-8 with a byte-order mark so that Excel reads the accents right."""

from __future__ import annotations

import csv
import io

from gui.export.notes import Notes

COLUMNS = ["document", "symbol", "eid", "number", "section", "theme", "quote", "note", "coder", "created",
           "modified", "status", "citation"]


def render_csv(notes: Notes) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in notes.items:
        a = item.annotation
        writer.writerow([_cell(str(value)) for value in (
            item.doc_id, item.symbol or "", a.eid or "", item.number, item.section, item.theme.name, a.quote, a.note,
            a.coder, a.created, a.modified, a.status, item.citation)])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or a tab or CR) gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

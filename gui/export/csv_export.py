"""CSV: one row per annotation, or the codebook (one row per theme, for Taguette); UTF-8 with a byte-order
mark so that Excel reads the accents right."""

from __future__ import annotations

import csv
import io

from gui.core.annotations import Theme
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


# Taguette's codebook import (taguette/import_codebook.py, list_tags_csv) lower-cases the header, takes the tag
# from the one column named `tag` (or `name` or `path`: more than one of those is refused), `description` if
# present, and ignores every other column; it detects the encoding (a UTF-8 byte-order mark reads as UTF-8).
# Taguette's tags do not nest, so `parent` (the broader theme's name) is for us and for people reading it.
CODEBOOK_COLUMNS = ["tag", "description", "color", "parent"]


def render_codebook_csv(themes: list[Theme]) -> bytes:
    """The codebook, one theme a row in tree order (a theme before its sub-themes), `parent` by name."""
    names = {t.id: t.name for t in themes}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CODEBOOK_COLUMNS)
    for theme in themes:
        parent = names.get(theme.parent_id, "") if theme.parent_id is not None else ""
        writer.writerow([_cell(theme.name), _cell(theme.description), theme.color, _cell(parent)])
    return buffer.getvalue().encode("utf-8-sig")


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or a tab or CR) gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

"""CSV: one row per annotation, or the codebook (one row per theme, for Taguette); UTF-8 with a byte-order
mark so that Excel reads the accents right."""

from __future__ import annotations

import csv
import io

from gui.core.annotations import Theme
from gui.core.attributes import BUILT_IN as ATTRIBUTE_ORDER
from gui.core.controls import without_controls
from gui.export.atomic import ExportError
from gui.export.notes import Notes

MAX_ROWS = 10_000  # themes in one codebook

COLUMNS = ["document", "symbol", "eid", "number", "section", "theme", "quote", "note", "coder", "created",
           "modified", "status", "citation", "ocr_confidence"]
"""`ocr_confidence`: empty for a quote from a text layer; for one read by recognition of a scanned page, the
engine's mean confidence over its paragraph (0–1), so that a table can set such quotes apart or check them."""


def render_csv(notes: Notes, attributes: dict[str, dict[str, str]] | None = None) -> bytes:
    """One row per annotation; then a column per document attribute (mission, organ, type, …, the analyst's
    own), named "doc:mission", so that a pivot table crosses themes with missions."""
    attributes = attributes or {}
    names = sorted({n for values in attributes.values() for n in values},
                   key=lambda n: (ATTRIBUTE_ORDER.index(n) if n in ATTRIBUTE_ORDER else len(ATTRIBUTE_ORDER), n))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"doc:{n}" for n in names)])
    for item in notes.items:
        a = item.annotation
        values = attributes.get(item.doc_id, {})
        writer.writerow([_cell(str(value)) for value in (
            item.doc_id, item.symbol or "", a.eid or "", item.number, item.section, item.theme.name, a.quote, a.note,
            a.coder, a.created, a.modified, a.status, item.citation,
            f"{item.recognised.confidence:.2f}" if item.recognised is not None else "",
            *(values.get(n, "") for n in names))])
    return buffer.getvalue().encode("utf-8-sig")


# Taguette's codebook import (taguette/import_codebook.py, list_tags_csv) lower-cases the header, takes the tag
# from the one column named `tag` (or `name` or `path`: more than one of those is refused), `description` if
# present, and ignores every other column; it detects the encoding (a UTF-8 byte-order mark reads as UTF-8).
# Taguette's tags do not nest, so `parent` (the broader theme's name) is for us and for people reading it.
CODEBOOK_COLUMNS = ["tag", "description", "color", "parent", "inclusion", "exclusion", "examples"]
MEMO_COLUMNS = ("inclusion", "exclusion", "examples")  # a theme's memo beside its definition (memo_exchange)


def render_codebook_csv(themes: list[Theme], memos: dict[int, dict[str, str]] | None = None) -> bytes:
    """The codebook, one theme a row in tree order (a theme before its sub-themes), `parent` by name; `memos`:
    each theme's inclusion, exclusion and examples cells."""
    names = {t.id: t.name for t in themes}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CODEBOOK_COLUMNS)
    for theme in themes:
        parent = names.get(theme.parent_id, "") if theme.parent_id is not None else ""
        cells = (memos or {}).get(theme.id, {})
        writer.writerow([_cell(theme.name), _cell(theme.description), theme.color, _cell(parent),
                         *(_cell(cells.get(column, "")) for column in MEMO_COLUMNS)])
    return buffer.getvalue().encode("utf-8-sig")


def parse_codebook_csv(data: bytes, name: str = "input") -> list[dict[str, str]]:
    """The themes of a codebook CSV — ours, or Taguette's (`tag`, `description`, counts) — read as Taguette
    reads them: the tag from the one column named tag, name or path; `description`, `color` and `parent` when
    present; empty rows skipped."""
    try:
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = [cell.strip().lower() for cell in next(rows, [])]
        columns = [c for c in ("tag", "name", "path") if c in header]
        if len(columns) != 1:
            raise ExportError(f"{name}: not a codebook CSV (it needs one column named tag, name or path; "
                              "a CSV of annotations is not merged)")
        at: dict[str, int] = {c: header.index(c) for c in ("description", "color", "parent", *MEMO_COLUMNS)
                              if c in header}
        at["name"] = header.index(columns[0])
        codes: list[dict[str, str]] = []
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(codes) >= MAX_ROWS:
                raise ExportError(f"{name}: holds more than {MAX_ROWS:,} themes; not a codebook to merge")
            cells = {key: _uncell(row[i].strip()) if i < len(row) else "" for key, i in at.items()}
            codes.append({"guid": "", **cells})
    except UnicodeDecodeError:
        raise ExportError(f"{name}: a codebook CSV must be UTF-8") from None
    except csv.Error as error:
        raise ExportError(f"{name}: not a readable CSV ({error})") from None
    return [{"color": "", "description": "", "parent": "", **code} for code in codes]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _uncell(text: str) -> str:
    """Our own neutralised formula cell back to its text ("'=x" → "=x", "''=x" → "'=x")."""
    return text[1:] if text[:1] == "'" and _cell(text[1:]) == text else text


def _cell(text: str) -> str:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or a tab or CR) gets a leading apostrophe;
    so does one that starts with an apostrophe before those, so that reading it back gives the same text."""
    text = without_controls(text)  # a NUL or an escape sequence from a colleague's note is not written
    return "'" + text if text.lstrip("'")[:1] in FORMULA_START else text

"""Bringing in a coding table: a CSV that says which numbered paragraph of which document carries which theme.

Research datasets of UN documents are often kept this way — one row per (document, paragraph, theme), as a
team coded them by hand in a spreadsheet. Each row becomes one annotation of the whole paragraph, credited to
the row's coder (or the coder named for the import); importing the same table twice adds nothing (each
annotation's id is made from what it says, and a paragraph already carrying that theme from that coder is
left alone). Every row is accounted for in the report: placed, already there, or not placed and why.

Columns (named in a header row, in any order, any case; other columns are ignored):
  document   a document id, its UN symbol (S/2004/613), or the imported file's name without extension
  paragraph  the printed paragraph number ("83", "para. 83") or a block id (eid)
  theme      a theme's name or key; a theme the database lacks is made
  note       (optional) the annotation's note
  coder      (optional) who coded it
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.core.anchor import make_anchor
from gui.core.annotations import Annotation, Theme
from gui.core.decode import decode_bytes, read_bounded
from gui.core.errors import InputError, MarginaliaError
from gui.core.model import Document, Kind
from gui.core.themes import new_colour
from gui.store.themebook import MAX_NAME, clean_name, now

if TYPE_CHECKING:
    from gui.store.store import Store

MAX_TABLE_BYTES = 256 * 2**20
"""A coding table of a million rows is ~60 MB; larger files are refused before they are read."""
MAX_ROWS = 2_000_000
MAX_NEW_THEMES = 10_000  # as a merge may add (gui.export.merge): a table naming a theme per row is no codebook
SHOWN = 12  # rows not placed listed one by one in the summary
REQUIRED = ("document", "paragraph", "theme")

Progress = Callable[[int, int], None]


class Cancelled(MarginaliaError):
    """The analyst stopped the import before anything was written."""


@dataclass(frozen=True, slots=True)
class CodingRow:
    """One row of the table as written (`line` counts from 1 at the header)."""

    line: int
    document: str
    paragraph: str
    theme: str
    note: str = ""
    coder: str = ""


@dataclass(slots=True)
class CodingReport:
    """What became of each row: placed (a new annotation), already there, or not placed and why."""

    placed: list[int] = field(default_factory=list)  # line numbers
    already: list[int] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    themes_created: list[str] = field(default_factory=list)
    annotation_ids: list[str] = field(default_factory=list)  # the new annotations (for undo)
    documents: set[str] = field(default_factory=set)  # documents that received annotations

    @property
    def rows(self) -> int:
        return len(self.placed) + len(self.already) + len(self.unplaced)

    def summary(self) -> str:
        lines = [f"{self.rows} row(s): placed {len(self.placed)}, already there {len(self.already)}, "
                 f"not placed {len(self.unplaced)}"]
        if self.themes_created:
            shown = ", ".join(self.themes_created[:20])
            more = f" and {len(self.themes_created) - 20} more" if len(self.themes_created) > 20 else ""
            lines.append(f"new themes: {shown}{more}")
        if self.unplaced:
            reasons: dict[str, int] = {}
            for _, why in self.unplaced:
                kind = _reason_kind(why)
                reasons[kind] = reasons.get(kind, 0) + 1
            lines.append("not placed: " + "; ".join(f"{n} {kind}" for kind, n in
                                                    sorted(reasons.items(), key=lambda item: -item[1])))
        grouped: dict[str, list[int]] = {}  # the same reason (one missing document) said once, with its lines
        for line, why in self.unplaced:
            grouped.setdefault(why, []).append(line)
        for why, lines_of in list(grouped.items())[:SHOWN]:
            lines.append(f"  {_lines(lines_of)}: {why}")
        if len(grouped) > SHOWN:
            lines.append(f"  … and {len(grouped) - SHOWN} more reasons (--json lists every row not placed)")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "placed": len(self.placed), "already_there": len(self.already),
                "not_placed": [{"line": line, "why": why} for line, why in self.unplaced],
                "themes_created": list(self.themes_created)}


def _lines(numbers: list[int]) -> str:
    """Line numbers said briefly: "line 14", "lines 14–25, 30 (13 rows)"."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    shown = ", ".join(runs[:6]) + (", …" if len(runs) > 6 else "")
    return f"lines {shown} ({len(numbers)} rows)"


def _reason_kind(why: str) -> str:
    """The kind of a row's reason, for the summary's tally ("no such document", "no such paragraph", …)."""
    if why.startswith("no document"):
        return "no such document"
    if "no numbered paragraphs" in why:
        return "in a document without numbered paragraphs"
    if why.startswith("no paragraph") or why.startswith("no block"):
        return "no such paragraph"
    if "changed while" in why:
        return "document changed meanwhile"
    return "incomplete row"


def read_coding_table(path: str | Path) -> list[CodingRow]:
    """The rows of a coding table file (bounded in size; any encoding `decode_bytes` reads; comma, semicolon
    or tab separated). Raise InputError, in one line, for what is not a coding table."""
    data = read_bounded(path, MAX_TABLE_BYTES, kind="coding table")
    return parse_coding_table(data, str(path))


def parse_coding_table(data: bytes, name: str = "input") -> list[CodingRow]:
    text, _ = decode_bytes(data, name)
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [clean_name(cell).casefold() for cell in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError(f"{name}: not a coding table: it needs the columns document, paragraph and theme "
                             f"(missing: {', '.join(missing)}; found: {', '.join(h[:30] for h in header[:8]) or '—'})")
        at = {c: header.index(c) for c in (*REQUIRED, "note", "coder") if c in header}
        rows: list[CodingRow] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise InputError(f"{name}: more than {MAX_ROWS:,} rows; split the table")
            value = {c: cells[i].strip() if i < len(cells) else "" for c, i in at.items()}
            rows.append(CodingRow(line=reader.line_num, document=value["document"],
                                  paragraph=value["paragraph"], theme=value["theme"], note=value.get("note", ""),
                                  coder=value.get("coder", "")))
    except csv.Error as error:
        raise InputError(f"{name}: not a readable CSV ({error})") from None
    if not rows:
        raise InputError(f"{name}: the coding table has no rows")
    return rows


_NUMBER = re.compile(r"^(?:para(?:graph)?s?\.?\s*)?(\S+?)\.?$", re.IGNORECASE)


def paragraph_number(value: str) -> str:
    """The printed number a cell names: "83", "83.", "para. 83", "paragraph 83" → "83"."""
    found = _NUMBER.match(value.strip())
    return found.group(1) if found else value.strip()


class Placer:
    """Finds our document and block for a row; reads each document once (no lock held while it reads)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.names: dict[str, str] = {}  # every name a document goes by (casefolded) → its id
        self.labels: dict[str, str] = {}
        for info in reversed(store.documents(coverage=False)):  # the first imported wins a shared name
            label = info.symbol or info.id
            self.labels[info.id] = label
            for name in (info.id, info.symbol, Path(info.path).stem if info.path else None):
                if name:
                    self.names[name.casefold()] = info.id
                    self.names[name.replace("/", "-").casefold()] = info.id
        self.documents: dict[str, Document] = {}
        self.numbered: dict[str, dict[str, str]] = {}

    def find(self, row: CodingRow) -> tuple[str, str] | str:
        """(doc id, eid) for a row, or the reason it has no place."""
        if not row.document or not row.paragraph or not clean_name(row.theme):
            empty = [c for c, v in (("document", row.document), ("paragraph", row.paragraph),
                                    ("theme", clean_name(row.theme))) if not v]
            return f"the row has no {' or '.join(empty)}"
        if len(clean_name(row.theme)) > MAX_NAME:
            return f"a theme name can have up to {MAX_NAME} characters, not {len(clean_name(row.theme)):,}"
        doc_id = self.names.get(row.document.casefold()) or self.names.get(row.document.replace("/", "-").casefold())
        if doc_id is None:
            return f"no document {row.document[:80]!r} in the database (by id, symbol or file name)"
        document = self.documents.get(doc_id)
        if document is None:
            document = self.documents[doc_id] = self.store.document(doc_id)
            numbers: dict[str, str] = {}
            for block in document.blocks:  # the first paragraph of a number: the body's, before any annex's
                if block.kind is Kind.PARAGRAPH and block.num:
                    numbers.setdefault(block.num, block.eid)
            self.numbered[doc_id] = numbers
        if document.get(row.paragraph) is not None:
            return doc_id, row.paragraph
        number = paragraph_number(row.paragraph)
        eid = self.numbered[doc_id].get(number)
        if eid is not None:
            return doc_id, eid
        label = self.labels.get(doc_id, doc_id)
        numbers = self.numbered[doc_id]
        if not numbers:
            return (f"no paragraph {number[:20]} in {label}: it has no numbered paragraphs (a scan not yet "
                    "recognised, or a text without numbers)")
        last = max((int(n) for n in numbers if n.isdigit()), default=0)
        has = f"which has {last}" if last == len(numbers) else \
            f"which has {len(numbers)} numbered paragraphs, the last numbered {last}"
        return f"no paragraph {number[:20]} in {label}, {has}"


def import_coding(store: Store, rows: Sequence[CodingRow], coder: str | None = None,
                  progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> CodingReport:
    """Annotate each row's paragraph with its theme, all in one transaction (it lands whole or not at all).

    Rows are placed first, reading only (a window may go on tagging meanwhile); then, under the write lock,
    every block is checked to still hold the text it was placed on, the missing themes are made, and the new
    annotations written."""
    placer = Placer(store)
    report = CodingReport()
    found: list[tuple[CodingRow, str, str]] = []
    for done, row in enumerate(rows):
        if done % 200 == 0:
            if cancelled is not None and cancelled():
                raise Cancelled("the coding table's import was cancelled; nothing was written")
            if progress is not None:
                progress(done, len(rows))
        where = placer.find(row)
        if isinstance(where, str):
            report.unplaced.append((row.line, where))
        else:
            found.append((row, *where))
    default_coder = clean_name(coder) if coder else store.default_coder()
    with store.transaction():
        themes = _themes_for(store, [row for row, _, _ in found], report)
        texts = {doc_id: store.block_texts(doc_id) for doc_id in {doc_id for _, doc_id, _ in found}}
        present = {(a.doc_id, a.eid, a.theme_id, a.coder) for doc_id in texts
                   for a in store.annotations(doc=doc_id) if a.span is None}
        stamp = now()
        batch: list[Annotation] = []
        for row, doc_id, eid in found:
            document = placer.documents[doc_id]
            if texts[doc_id].get(eid) != document.block(eid).text:
                report.unplaced.append((row.line, f"{placer.labels.get(doc_id, doc_id)} changed while the table was "
                                                  "read; import the table again"))
                continue
            theme = themes[clean_name(row.theme).casefold()]
            who = clean_name(row.coder) or default_coder
            if (doc_id, eid, theme.id, who) in present:
                report.already.append(row.line)
                continue
            present.add((doc_id, eid, theme.id, who))
            ann_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "marginalia:coding:" + "\x1f".join(
                [doc_id, eid, str(theme.id), who])))
            batch.append(Annotation(id=ann_id, doc_id=doc_id, eid=eid, theme_id=theme.id, theme=theme.name,
                                    anchor=make_anchor(document, eid), note=row.note, coder=who, created=stamp,
                                    modified=stamp))
            report.placed.append(row.line)
            report.annotation_ids.append(ann_id)
            report.documents.add(doc_id)
        if batch:
            store.restore_annotations(batch)
    if progress is not None:
        progress(len(rows), len(rows))
    return report


def _themes_for(store: Store, rows: list[CodingRow], report: CodingReport) -> dict[str, Theme]:
    """Inside the write: each row's theme by its name or key (casefolded), the missing ones made at once."""
    themes: dict[str, Theme] = {}
    wanted: dict[str, str] = {}
    for row in rows:
        name = clean_name(row.theme)
        folded = name.casefold()
        if folded in themes or folded in wanted:
            continue
        theme = store.find_theme(name)
        if theme is None:
            wanted[folded] = name
        else:
            themes[folded] = theme
    if len(wanted) > MAX_NEW_THEMES:
        raise InputError(f"the table names {len(wanted):,} themes the database lacks; at most {MAX_NEW_THEMES:,} "
                         "are made at once (is the theme column the right one?)")
    first = len(store.themes())  # coloured as the theme manager colours new themes, each unlike the last
    made = store.add_themes([{"name": name, "color": new_colour(first + i)} for i, name in enumerate(wanted.values())])
    for name, theme in zip(wanted, made, strict=True):
        themes[name] = theme
    report.themes_created += [t.name for t in made]
    return themes

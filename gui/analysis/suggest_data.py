"""What theme suggestions learn from and score: the units of a document (its paragraphs) with what UN
documents give for free beside their words — the section heading path, the neighbouring paragraphs, the
document's title — and the analysts' coding of them.

Read straight from the database's rows (blocks, annotations), never by rebuilding documents, so that a worker
thread with its own read-only connection gathers a hundred reports in well under a second.

The unit is what analysts of UN documents code and cite: in a document with numbered paragraphs, each
numbered paragraph — with the unnumbered paragraphs that follow it in the same section up to the next number
(its continuation: a quotation, a list's lead-in, a part the reader did not join), and its points; in a
document without numbers, each paragraph. A theme on a point or on a continuation counts for its unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

UNIT_KINDS = ("paragraph", "point", "list_item")
NEIGHBOUR_CHARS = 600  # of each neighbouring unit: enough for its subject, not so much that it drowns the unit


@dataclass(frozen=True, slots=True)
class Unit:
    """One paragraph to code, with its context."""

    doc_id: str
    eid: str
    num: str | None
    text: str
    headings: str  # the section heading path, outermost first ("II. Police › Human rights")
    title: str
    before: str = ""  # the previous unit's text (cut)
    after: str = ""  # the next unit's


@dataclass(slots=True)
class DocumentUnits:
    """A document's units in reading order, and which unit each of its blocks belongs to."""

    doc_id: str
    units: list[Unit] = field(default_factory=list)
    owner: dict[str, str] = field(default_factory=dict)  # block eid → the eid of its unit

    def index(self) -> dict[str, int]:
        return {u.eid: i for i, u in enumerate(self.units)}


def document_units(db: sqlite_utils.Database, doc_ids: Iterable[str]) -> dict[str, DocumentUnits]:
    """The units of each document (those not in the database are left out)."""
    out: dict[str, DocumentUnits] = {}
    for doc_id in doc_ids:
        title_row = db.execute("SELECT COALESCE(title, '') FROM documents WHERE id = ?", [doc_id]).fetchone()
        if title_row is None:
            continue
        rows = db.execute("SELECT eid, kind, num, parent, text FROM blocks WHERE doc_id = ? ORDER BY position",
                          [doc_id]).fetchall()
        out[doc_id] = _units(doc_id, str(title_row[0]), rows)
    return out


def _units(doc_id: str, title: str, rows: Sequence[tuple[Any, ...]]) -> DocumentUnits:
    numbered = any(kind == "paragraph" and num for _, kind, num, _, _ in rows)
    headings: dict[str, tuple[str | None, str]] = {}  # heading eid → (its parent, its text)
    result = DocumentUnits(doc_id)
    texts: list[list[str]] = []
    current: int | None = None  # the unit being gathered
    at: dict[str, int] = {}  # unit eid → its index
    last_heading: str | None = None
    for eid, kind, num, parent, text in rows:
        if kind == "heading":
            headings[eid] = (parent, f"{num}. {text}" if num else text)
            last_heading = eid
            current = None
            continue
        if kind not in UNIT_KINDS:
            continue
        owner = result.owner.get(parent) if parent is not None else None
        starts = kind == "paragraph" and (num or not numbered) and owner is None
        if starts:
            section = parent if parent in headings else last_heading
            result.units.append(Unit(doc_id, eid, num, "", _path(headings, section), title))
            texts.append([text])
            current = at[eid] = len(result.units) - 1
            result.owner[eid] = eid
        elif owner is not None or current is not None:  # a point of a unit, or the continuation of the last one
            index = at[owner] if owner is not None else current
            assert index is not None
            result.owner[eid] = result.units[index].eid
            texts[index].append(text)
    units = [Unit(u.doc_id, u.eid, u.num, " ".join(parts), u.headings, u.title)
             for u, parts in zip(result.units, texts, strict=True)]
    result.units = [Unit(u.doc_id, u.eid, u.num, u.text, u.headings, u.title,
                         before=units[i - 1].text[-NEIGHBOUR_CHARS:] if i else "",
                         after=units[i + 1].text[:NEIGHBOUR_CHARS] if i + 1 < len(units) else "")
                    for i, u in enumerate(units)]
    return result


def _path(headings: dict[str, tuple[str | None, str]], eid: str | None) -> str:
    parts: list[str] = []
    seen: set[str] = set()
    while eid is not None and eid in headings and eid not in seen:
        seen.add(eid)
        parent, text = headings[eid]
        parts.append(text[:200])
        eid = parent
    return " › ".join(reversed(parts))


def coded_themes(db: sqlite_utils.Database, coders: Sequence[str] | None = None, doc_id: str | None = None
                 ) -> dict[str, dict[str, set[int]]]:
    """Per document that the chosen coders (default: every coder) coded, per block eid, the themes on it
    (anchored annotations; a span of a block counts for the block); `doc_id`: that document only."""
    where, params = "status = 'anchored' AND eid IS NOT NULL", []
    if coders:
        where += f" AND coder IN ({','.join('?' * len(coders))})"
        params = list(coders)
    if doc_id is not None:
        where += " AND doc_id = ?"
        params.append(doc_id)
    where += " AND doc_id NOT IN (SELECT doc_id FROM removed_documents)"
    out: dict[str, dict[str, set[int]]] = {}
    for doc_id, eid, theme_id in db.execute(f"SELECT doc_id, eid, theme_id FROM annotations WHERE {where}", params):
        out.setdefault(doc_id, {}).setdefault(eid, set()).add(int(theme_id))
    return out


def unit_labels(units: DocumentUnits, coded: dict[str, set[int]]) -> list[set[int]]:
    """The themes of each unit of a document, from the themes on its blocks."""
    index = units.index()
    labels: list[set[int]] = [set() for _ in units.units]
    for eid, themes in coded.items():
        unit = units.owner.get(eid)
        if unit is not None:
            labels[index[unit]] |= themes
    return labels


def coded_parts(units: Sequence[Unit], labels: Sequence[set[int]]) -> list[tuple[Unit, set[int]]]:
    """The units a model may learn from, with their themes: those of the parts of a document the analyst coded
    in. A paragraph without a theme is taken as the analyst's decision that it carries none only where they
    were coding: a document without a single theme (read, perhaps, without its numbered paragraphs) is left
    out, and so is a part of a document whose numbering starts again (an annex, a second report) when none of
    its paragraphs carries a theme — analysts often code the body alone, and its annexes' paragraphs, taken
    as "no theme", would teach the model that the body's subjects carry none."""
    parts: list[list[tuple[Unit, set[int]]]] = [[]]
    last: int | None = None
    for unit, themes in zip(units, labels, strict=True):
        number = int(unit.num) if unit.num and unit.num.isdigit() else None
        if number is not None:
            if last is not None and number <= last and parts[-1]:
                parts.append([])
            last = number
        parts[-1].append((unit, themes))
    return [pair for part in parts if any(themes for _, themes in part) for pair in part]


def training_state(db: sqlite_utils.Database, coders: Sequence[str] | None = None) -> str:
    """A short fingerprint of the coding a model learns from: when it changes, the model is out of date."""
    where, params = "", []
    if coders:
        where = f" WHERE coder IN ({','.join('?' * len(coders))})"
        params = list(coders)
    row = db.execute(f"SELECT COUNT(*), COALESCE(MAX(modified), ''), COALESCE(SUM(length(id)), 0), "
                     f"COALESCE(SUM(theme_id), 0) FROM annotations{where}", params).fetchone()
    themes = db.execute("SELECT COUNT(*), COALESCE(SUM(length(name)), 0) FROM themes").fetchone()
    return f"{row[0]}:{row[1]}:{row[2]}:{row[3]}:{themes[0]}:{themes[1]}"

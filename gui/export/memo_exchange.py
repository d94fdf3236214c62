"""Memos in the exchange formats, and merged back from them.

- REFI-QDA (`.qdc`, `.qdpx`): a theme's memo is its Code's `Description` — the definition, then "Use when:",
  "Do not use when:" and one "Example" paragraph per anchor example (QualCoder shows it as the code's memo);
  in a `.qdpx`, each memo on a document or a passage is a project `Note` (QualCoder: a journal entry) named
  "Memo: <citation>", its text ending with a line that says where it belongs ("[Marginalia: S-2017-130
  para_83]").
- Codebook CSV: columns `inclusion`, `exclusion`, `examples` beside `description` (the definition).
- JSON-LD: the themes' memos as SKOS concepts (`skos:definition`, `skos:example`, `marginalia:inclusion`,
  `marginalia:exclusion`) in `marginalia:codebook`; the memos on documents and passages as W3C annotations
  (motivation `commenting`) in `marginalia:memos`, apart from the coded passages.

Merging back (`merge_memos`): an empty memo of ours takes theirs; the same text is a duplicate; a different
memo on a document or a passage, or a different rule, is added below ours, so that neither is lost; a
different definition is left as ours and reported. A memo whose document or passage we do not have is
reported, never placed elsewhere.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gui.core.annotations import Theme
from gui.export.notes import MemoLine, Notes
from gui.export.timestamps import xsd_time

MEMO_NOTE = "Memo: "
_PLACE = re.compile(r"\n*\[Marginalia: (\S+)(?: (\S+))?( \(passage gone\))?\]\s*$")
_PARTS = (("inclusion", "Use when: "), ("exclusion", "Do not use when: "))
_EXAMPLE = re.compile(r"Example(?: \[(?P<doc>\S+) (?P<eid>\S+)\])?(?: \((?P<cite>[^\n]*?)\))?: (?P<text>.*)", re.S)
MAX_MEMOS = 100_000  # memos one file may bring


@dataclass(frozen=True, slots=True)
class ForeignMemo:
    """A memo read from an export: on a theme (by name), or on a document (an id or symbol) and passage."""

    field: str
    text: str
    theme: str = ""
    doc_hint: str = ""
    eid: str | None = None
    gone: bool = False  # its passage was no longer in the exporting database's document (an orphan)


# --- a theme's memo as one Description ------------------------------------------------------------------------
def describe_theme(definition: str, memos: list[MemoLine]) -> str:
    """The Code Description: the definition, its rules and its examples, one paragraph each."""
    parts = [definition] if definition else []
    for name, label in _PARTS:
        parts += [label + m.text for m in memos if m.field == name]
    for m in (m for m in memos if m.field == "example"):
        cite = f" ({m.citation})" if m.citation else ""
        place = f" [{m.doc_id} {m.eid}]" if m.doc_id and m.eid and not m.gone else ""  # an orphan: unlinked
        parts.append(f"Example{place}{cite}: {m.text}")
    return "\n\n".join(parts)


def read_description(theme: str, description: str) -> tuple[str, list[ForeignMemo]]:
    """A Code Description split back into the definition and the theme's other memos (a description written
    by another program is all definition)."""
    definition: list[str] = []
    memos: list[ForeignMemo] = []
    for paragraph in re.split(r"\n\n(?=Use when: |Do not use when: |Example[ :(\[])", description):
        rule = next(((name, paragraph[len(label):]) for name, label in _PARTS if paragraph.startswith(label)), None)
        example = _EXAMPLE.fullmatch(paragraph) if paragraph.startswith("Example") else None
        if rule is not None:
            memos.append(ForeignMemo(rule[0], rule[1], theme))
        elif example is not None and memos is not None and (definition or memos):
            memos.append(ForeignMemo("example", example["text"], theme, example["doc"] or "", example["eid"]))
        else:
            definition.append(paragraph)
    return "\n\n".join(definition), memos


def theme_descriptions(themes: list[Theme], lines: list[MemoLine]) -> dict[int, str]:
    """Each theme's Code Description (its definition, rules and examples), for the themes that have memos."""
    return {t.id: describe_theme(t.description, [m for m in lines if m.theme_id == t.id and m.field != "definition"])
            for t in themes}


def codebook_cells(themes: list[Theme], lines: list[MemoLine]) -> dict[int, dict[str, str]]:
    """The codebook CSV's memo cells of each theme: inclusion, exclusion, examples (one a paragraph)."""
    out: dict[int, dict[str, str]] = {}
    for theme in themes:
        memos = [m for m in lines if m.theme_id == theme.id]
        examples = describe_theme("", [m for m in memos if m.field == "example"])
        out[theme.id] = {"inclusion": next((m.text for m in memos if m.field == "inclusion"), ""),
                         "exclusion": next((m.text for m in memos if m.field == "exclusion"), ""),
                         "examples": examples}
    return out


def codes_with_memos(codes: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[ForeignMemo]]:
    """Codes read from a file, their memos taken out: the description back to the definition; the CSV's
    inclusion, exclusion and examples cells as memos."""
    kept: list[dict[str, str]] = []
    memos: list[ForeignMemo] = []
    for code in codes:
        name = code.get("name", "")
        definition, found = read_description(name, code.get("description", ""))
        for part in ("inclusion", "exclusion"):
            if code.get(part, "").strip():
                found.append(ForeignMemo(part, code[part].strip(), name))
        if code.get("examples", "").strip():
            found += read_description(name, "\n\n" + code["examples"].strip())[1] or [
                ForeignMemo("example", code["examples"].strip(), name)]
        if found or definition != code.get("description", ""):
            found.append(ForeignMemo("definition", definition, name))
        kept.append({k: v for k, v in code.items() if k not in ("inclusion", "exclusion", "examples")}
                    | {"description": definition})
        memos += found
    return kept, memos[:MAX_MEMOS]


# --- .qdpx notes ---------------------------------------------------------------------------------------------
def memo_notes(root: ET.Element, notes: Notes, generated: str, users: dict[str, str]) -> dict[str, str]:
    """The memos on documents and passages as project Notes; returns their text files for `sources/`.

    No `NoteRef` from the document's TextSource: QualCoder (refi.py, `parse_notes`) takes a Note so referenced
    for a passage annotation, which it drops without a PlainTextSelection inside; unreferenced, the Note is
    imported as a journal entry, its text naming the passage it belongs to."""
    memos = notes.document_memos()
    if not memos:
        return {}
    container = next((e for e in root if e.tag.endswith("Notes")), None)
    if container is None:
        container = ET.SubElement(root, "Notes")
    files: dict[str, str] = {}
    names: set[str] = {n.get("name", "") for n in container}
    for memo in memos:
        note_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"marginalia-memo:{memo.doc_id}:{memo.eid}:{memo.text}"))
        name = f"{MEMO_NOTE}{memo.citation or memo.doc_id}"
        if name in names:
            name = f"{name} ({note_id[:8]})"
        names.add(name)
        created = xsd_time(generated, generated)
        user = next(iter(users.values()), None)
        attributes = {"guid": note_id, "name": name, "plainTextPath": f"internal://{note_id}.txt",
                      "creationDateTime": created, "modifiedDateTime": created}
        if user is not None:
            attributes |= {"creatingUser": user, "modifyingUser": user}
        ET.SubElement(container, "Note", attributes)
        quote = f"\n\nPassage: “{' '.join(memo.quote.split())}”" if memo.quote else ""
        files[f"sources/{note_id}.txt"] = (f"{memo.text}{quote}\n\n[Marginalia: {memo.doc_id}"
                                           f"{' ' + memo.eid if memo.eid else ''}"
                                           f"{' (passage gone)' if memo.gone and memo.eid else ''}]")
    return files


def read_memo_note(name: str, text: str) -> ForeignMemo | None:
    """A memo back from one of our Notes; None for any other note."""
    place = _PLACE.search(text)
    if not name.startswith(MEMO_NOTE) or place is None:
        return None
    body = text[:place.start()]
    body = re.sub(r"\n\nPassage: “[^\n]*”\s*$", "", body)
    return ForeignMemo("memo", body.strip(), "", place[1], place[2], bool(place[3]))


# --- JSON-LD -------------------------------------------------------------------------------------------------
def memos_jsonld(notes: Notes) -> dict[str, Any]:
    """`marginalia:codebook` (the themes' memos, as SKOS) and `marginalia:memos` (on documents and passages)."""
    def source_of(doc_id: str | None) -> str:
        return f"urn:marginalia:document:{doc_id}"

    concepts = []
    for theme in notes.themes:
        memos = notes.theme_memos(theme)
        if not memos:
            continue
        concept: dict[str, Any] = {"type": "skos:Concept", "skos:prefLabel": theme.name}
        if theme.description:
            concept["skos:definition"] = theme.description
        for name, _label in _PARTS:
            concept |= {f"marginalia:{name}": m.text for m in memos if m.field == name}
        examples = [{"value": m.text, **({"marginalia:citation": m.citation} if m.citation else {}),
                     **({"target": {"source": source_of(m.doc_id), "marginalia:eid": m.eid}}
                        if m.doc_id and m.eid and not m.gone else {})} for m in memos if m.field == "example"]
        if examples:
            concept["skos:example"] = examples
        concepts.append(concept)
    annotations = [{"type": "Annotation", "motivation": "commenting",
              "body": {"type": "TextualBody", "value": m.text, "purpose": "commenting", "format": "text/plain"},
              "target": {"source": source_of(m.doc_id), "marginalia:citation": m.citation,
                         **({"marginalia:eid": m.eid} if m.eid else {}),
                         **({"marginalia:passageGone": True} if m.eid and m.gone else {})}}
                   for m in notes.document_memos()]
    return {k: v for k, v in (("marginalia:codebook", concepts), ("marginalia:memos", annotations)) if v}


def parse_memos_jsonld(data: object) -> list[ForeignMemo]:
    """The memos of one of our JSON-LD exports (nothing from a file without them)."""
    if not isinstance(data, dict):
        return []
    out: list[ForeignMemo] = []
    for concept in _list(data.get("marginalia:codebook")):
        name = _text(concept.get("skos:prefLabel"))
        if not name:
            continue
        if "skos:definition" in concept:
            out.append(ForeignMemo("definition", _text(concept.get("skos:definition")), name))
        for part, _label in _PARTS:
            if _text(concept.get(f"marginalia:{part}")):
                out.append(ForeignMemo(part, _text(concept.get(f"marginalia:{part}")), name))
        for example in _list(concept.get("skos:example")):
            target = _dict(example.get("target"))
            out.append(ForeignMemo("example", _text(example.get("value")), name, _doc(target.get("source")),
                                   _text(target.get("marginalia:eid")) or None))
    for memo in _list(data.get("marginalia:memos")):
        body, target = _dict(memo.get("body")), _dict(memo.get("target"))
        out.append(ForeignMemo("memo", _text(body.get("value")), "", _doc(target.get("source")),
                               _text(target.get("marginalia:eid")) or None,
                               target.get("marginalia:passageGone") is True))
    return [m for m in out if m.text or m.field == "definition"][:MAX_MEMOS]


def _list(value: object) -> list[dict[str, Any]]:
    return [v for v in (value if isinstance(value, list) else []) if isinstance(v, dict)]


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _doc(source: object) -> str:
    return _text(source).removeprefix("urn:marginalia:document:")


# --- merging back --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class MemoReport:
    """What a merge did with the file's memos."""

    written: list[str] = field(default_factory=list)
    duplicates: int = 0
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (what, why)

    def summary(self) -> str:
        line = f"memos: merged {len(self.written)}, already here {self.duplicates}, not placed {len(self.unplaced)}"
        return "\n".join([line, *(f"  memo not placed ({what}): {why}" for what, why in self.unplaced[:20])])


def merge_memos(store: Any, memos: list[ForeignMemo], theme_map: dict[str, str],
                find_document: Callable[[list[Any], str], str | None]) -> MemoReport:
    """Write the file's memos into this database (see the module's rules); each placed, duplicate or reported.
    `find_document`: our document for the file's reference (`merge.find_document`)."""
    from gui.store import StoreError

    report = MemoReport()
    documents = store.documents(coverage=False) if any(m.doc_hint for m in memos) else []
    for memo in memos:
        what = f"{memo.field} of {memo.theme}" if memo.theme else f"memo on {memo.doc_hint} {memo.eid or ''}".strip()
        theme = store.find_theme(theme_map.get(memo.theme, memo.theme)) if memo.theme else None
        if memo.theme and theme is None:
            report.unplaced.append((what, "its theme is not in this database"))
            continue
        doc = find_document(documents, memo.doc_hint) if memo.doc_hint else None
        if memo.doc_hint and doc is None:
            report.unplaced.append((what, f"no document {memo.doc_hint!r} here"))
            continue
        if doc is not None and memo.eid and memo.gone:  # an orphan there: it has no passage to be placed on
            if any(m.text.strip() == memo.text.strip() for m in store.memos(doc=doc) if m.passage_gone):
                report.duplicates += 1
            else:
                report.unplaced.append((what, "its passage was no longer in their copy of the document"))
            continue
        if doc is not None and memo.eid and store.db.execute("SELECT 1 FROM blocks WHERE doc_id = ? AND eid = ?",
                                                             [doc, memo.eid]).fetchone() is None:
            if memo.field == "example":  # an example keeps its words, unlinked
                doc = None
            else:
                report.unplaced.append((what, f"{doc} has no paragraph {memo.eid!r} (the document changed)"))
                continue
        try:
            _merge_one(store, memo, theme.id if theme is not None else None, doc, report, what)
        except StoreError as error:
            report.unplaced.append((what, str(error)))
    return report


def _merge_one(store: Any, memo: ForeignMemo, theme: int | None, doc: str | None, report: MemoReport,
               what: str) -> None:
    eid = memo.eid if doc is not None else None
    if memo.field == "example":
        same = [m for m in store.memos(theme=theme, field="example") if m.text == memo.text
                and ((m.doc_id, m.eid) == (doc, eid) or (eid is None and m.passage_gone))]  # ours, orphaned
        if same:
            report.duplicates += 1
            return
        store.set_memo(memo.text, theme=theme, field="example", doc=doc, eid=eid)
        report.written.append(what)
        return
    ours = store.memo_text(theme=theme, doc=None if theme is not None else doc,
                           eid=None if theme is not None else eid, field=memo.field)
    if ours.strip() == memo.text.strip():
        report.duplicates += 1
    elif not ours.strip():
        if memo.text.strip():
            store.set_memo(memo.text, theme=theme, doc=None if theme is not None else doc,
                           eid=None if theme is not None else eid, field=memo.field)
            report.written.append(what)
    elif memo.field == "definition":
        report.unplaced.append((what, "this database's theme has another definition; ours is kept"))
    elif memo.text.strip() and memo.text.strip() not in ours:
        store.set_memo(f"{ours}\n\n{memo.text}", theme=theme, doc=None if theme is not None else doc,
                       eid=None if theme is not None else eid, field=memo.field)
        report.written.append(what + " (added below ours)")
    else:
        report.duplicates += 1

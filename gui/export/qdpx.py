"""REFI-QDA exchange: a `.qdpx` project (zip: project.qde + sources/) and a `.qdc` codebook.

Positions (`startPosition`, `endPosition`) are character positions in the plain text shipped in
`sources/<guid>.txt` (UTF-8, "\\n" line ends), counted in Unicode code points: the text of every
selection is exactly `text[start:end]`, Chinese and characters outside the BMP included.

Sub-themes are `Code`s inside their broader theme's `Code`. Orphans travel as project `Note`s whose text is a
file in `sources/` (`plainTextPath`). Each `TextSource` names its first coder and its import time.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile

from gui import APP_NAME, __version__
from gui.core.annotations import Theme
from gui.core.citation import printed_mark
from gui.core.model import PLAIN_SEPARATOR, Document
from gui.export.memo_exchange import memo_notes, theme_descriptions
from gui.export.notes import NoteItem, Notes
from gui.export.qdpx_variables import add_values, add_variables
from gui.export.refi_read import parse_qdc, parse_qdpx, read_codes
from gui.export.timestamps import xsd_time
from gui.store import Store

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
NAMESPACE = uuid.UUID("6f1c1a52-7f1e-4c3b-9a8e-2f4b7c9d0e11")


def guid(kind: str, value: str) -> str:
    """A stable GUID for a theme, coder or document, so repeated exports agree."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{value}"))


def codebook_of(codebook: list[Theme], chosen: list[Theme]) -> list[Theme]:
    """The chosen themes and their broader themes (a sub-theme keeps its place in the tree), in the codebook's
    tree order: each theme before its sub-themes."""
    by_id = {t.id: t for t in codebook}
    wanted: set[int] = set()
    for theme in chosen:
        current: Theme | None = theme
        while current is not None and current.id not in wanted:
            wanted.add(current.id)
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return [t for t in codebook if t.id in wanted]


def _codes(parent: ET.Element, themes: list[Theme], descriptions: dict[int, str] | None = None) -> None:
    """The codebook as nested `Code` elements: a sub-theme inside its broader theme's Code (REFI-QDA's
    hierarchy; QualCoder reads a codable Code inside a codable Code as a sub-code). `themes` in tree order."""
    codes = ET.SubElement(parent, "Codes")
    placed: dict[int, ET.Element] = {}
    for theme in themes:
        container = placed.get(theme.parent_id, codes) if theme.parent_id is not None else codes
        code = ET.SubElement(container, "Code", guid=guid("theme", theme.key), name=theme.name, isCodable="true",
                             color=theme.color.upper())
        description = (descriptions or {}).get(theme.id, theme.description)  # with its memo (memo_exchange)
        if description:  # the schema wants Description before the nested Codes: written first
            ET.SubElement(code, "Description").text = description
        placed[theme.id] = code


def render_qdc(themes: list[Theme], warnings: list[str] | None = None,
               descriptions: dict[int, str] | None = None) -> bytes:
    """A `.qdc` codebook; `themes` in tree order (see `codebook_of`); `descriptions`: each theme's with its memo."""
    root = ET.Element("CodeBook", xmlns=CODEBOOK_NS, origin=f"{APP_NAME} {__version__}")
    _codes(root, themes, descriptions)
    return _xml(root, warnings)


# XML 1.0 cannot hold C0 control characters other than tab and line breaks, nor U+FFFE/U+FFFF: written as
# they are, the file is not well-formed and no program (Marginalia included) can read it back.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _legal(text: str, replaced: list[int]) -> str:
    """A page break or vertical tab becomes a space, any other such character U+FFFD (counted)."""
    def swap(match: re.Match[str]) -> str:
        replaced[0] += 1
        return " " if match.group() in "\x0b\x0c" else "\ufffd"
    return _NOT_XML.sub(swap, text)


def _xml(root: ET.Element, warnings: list[str] | None = None) -> bytes:
    """The document as UTF-8 XML with only characters that XML allows (what was replaced is said in `warnings`)."""
    replaced = [0]
    for element in root.iter():
        if element.text:
            element.text = _legal(element.text, replaced)
        for key, value in element.attrib.items():
            element.attrib[key] = _legal(value, replaced)
    if replaced[0] and warnings is not None:
        warnings.append(f"{replaced[0]} control character(s) that XML cannot hold (in notes, theme names or "
                        "titles) were written as a space (page breaks, vertical tabs) or as \ufffd")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


_NOT_IN_FILE_NAMES = re.compile(r'[/\\:*?"<>|]')


def source_name(document: Document, doc_id: str) -> str:
    """A source's name, as the UN names its files ("S_2017_130"): QualCoder keeps each source's text in a file of
    this name (a "/" sent it into folders that do not exist and lost the text), Windows refuses ":" and "?".
    The symbol as printed stays in the source's Description, and merging reads either form back."""
    return _NOT_IN_FILE_NAMES.sub("_", document.symbol or doc_id)


def _times(**times: str) -> dict[str, str]:
    """xsd:dateTime attributes: each stored time normalised; one that is not a time is left out (optional)."""
    return {name: value for name, value in ((n, xsd_time(v, "")) for n, v in times.items()) if value}


def shipped_text(document: Document) -> tuple[str, dict[str, int]]:
    """The text a QDA program shows: every block with its printed mark ("83. ", "(a) ", "E. "), so that an
    analyst in NVivo can still cite by paragraph; and where each block's own text starts in it."""
    parts: list[str] = []
    starts: dict[str, int] = {}
    position = 0
    for block in document.blocks:
        mark = printed_mark(block)
        label = f"{mark} " if mark else ""
        starts[block.eid] = position + len(label)
        parts.append(label + block.text)
        position += len(label) + len(block.text) + len(PLAIN_SEPARATOR)
    return PLAIN_SEPARATOR.join(parts), starts


def _import_times(store: Store) -> dict[str, str]:
    """When each document was imported (read directly: the Store has no query for it yet)."""
    return {str(doc_id): str(time) for doc_id, time in
            store.db.execute("SELECT id, imported FROM documents").fetchall()}


def render_qdpx(notes: Notes, store: Store, warnings: list[str] | None = None) -> bytes:
    """The project XML and the plain text of every document that has annotations in scope."""
    coders = sorted({i.annotation.coder or "unknown" for i in notes.items})
    root = ET.Element("Project", xmlns=PROJECT_NS, name=f"{APP_NAME}: {notes.scope}",
                      origin=f"{APP_NAME} {__version__}",
                      creationDateTime=xsd_time(notes.generated, notes.generated))
    users = ET.SubElement(root, "Users")
    for coder in coders:
        ET.SubElement(users, "User", guid=guid("user", coder), name=coder)
    in_book = codebook_of(store.themes(), notes.themes)
    _codes(ET.SubElement(root, "CodeBook"), in_book, theme_descriptions(in_book, notes.memos))
    variables = add_variables(root, store, (i.doc_id for i in notes.items), guid)  # mission, organ, type, …
    sources = ET.SubElement(root, "Sources")
    files: dict[str, str] = {}
    imported = _import_times(store)
    for doc_id in dict.fromkeys(i.doc_id for i in notes.items):
        document = store.document(doc_id)
        source_guid = guid("document", doc_id)
        files[f"sources/{source_guid}.txt"], starts = shipped_text(document)
        offsets = document.block_offsets()
        # QualCoder records a source's owner and date from these (else "default" and the time of its import);
        # we keep no importer, so the owner is the document's first coder (earliest annotation in scope).
        first = min((i.annotation for i in notes.items if i.doc_id == doc_id), key=lambda a: (a.created, a.id))
        source = ET.SubElement(sources, "TextSource", guid=source_guid, name=source_name(document, doc_id),
                               plainTextPath=f"internal://{source_guid}.txt",
                               creatingUser=guid("user", first.coder or "unknown"))
        source.attrib.update(_times(creationDateTime=imported.get(doc_id, "")))
        described = " — ".join(part for part in (document.symbol, document.title) if part) or doc_id
        ET.SubElement(source, "Description").text = f"{described} (Marginalia id {doc_id})"
        for item in (i for i in notes.items if i.doc_id == doc_id and i.annotation.status != "orphan"):
            a = item.annotation
            coder_guid = guid("user", a.coder or "unknown")
            start = starts[a.eid or ""] + a.anchor.start - offsets[a.eid or ""][0]
            selection = ET.SubElement(source, "PlainTextSelection", guid=a.id, name=item.citation,
                                      startPosition=str(start), endPosition=str(start + len(a.anchor.exact)),
                                      creatingUser=coder_guid, modifyingUser=coder_guid)
            selection.attrib.update(_times(creationDateTime=a.created, modifiedDateTime=a.modified))
            if a.note:
                ET.SubElement(selection, "Description").text = a.note
            coding = ET.SubElement(selection, "Coding", guid=guid("coding", a.id), creatingUser=coder_guid)
            coding.attrib.update(_times(creationDateTime=a.created))
            ET.SubElement(coding, "CodeRef", targetGUID=guid("theme", item.theme.key))
        add_values(source, variables.get(doc_id, {}), guid)
    files.update(_orphan_notes(root, [i for i in notes.items if i.annotation.status == "orphan"], notes.generated))
    files.update(memo_notes(root, notes, notes.generated, {c: guid("user", c) for c in coders}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _xml(root, warnings))
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()


def _orphan_notes(root: ET.Element, orphans: list[NoteItem], generated: str) -> dict[str, str]:
    """Orphans have no place in the text, so they travel as project notes (citation, theme, quote and note);
    returns the notes' text files for `sources/`.

    Each note's text is a file its `plainTextPath` points at, not a `PlainTextContent`: QualCoder
    (src/qualcoder/refi.py, parse_notes) imports a Note as a journal only when it has a `plainTextPath` and a
    name; it reads the date from creationDateTime (else modifiedDateTime: with neither it fails), and its
    journal names must be unique. The schema allows one of PlainTextContent and plainTextPath, not both."""
    if not orphans:
        return {}
    notes = ET.SubElement(root, "Notes")
    files: dict[str, str] = {}
    names: set[str] = set()
    for item in orphans:
        a = item.annotation
        name = f"Orphaned: {item.symbol or item.doc_id} — {item.theme.name}"  # its citation says no more
        if name in names:  # the same passage and theme from another coder or with another note
            name = f"{name} ({a.coder or 'unknown'}, {a.id[:8]})"
        names.add(name)
        user = guid("user", a.coder or "unknown")
        created = xsd_time(a.created, xsd_time(generated, generated))
        ET.SubElement(notes, "Note", guid=a.id, name=name, plainTextPath=f"internal://{a.id}.txt",
                      creatingUser=user, creationDateTime=created, modifyingUser=user,
                      modifiedDateTime=xsd_time(a.modified, created))
        files[f"sources/{a.id}.txt"] = (f"{item.theme.name} (orphaned: its paragraph changed or was removed)\n\n"
                                        f"“{a.quote}”" + (f"\n\nNote: {a.note}" if a.note else ""))
    return files


# --- reading: gui.export.refi_read -------------------------------------------------------------------------
__all__ = ["codebook_of", "guid", "parse_qdc", "parse_qdpx", "read_codes", "render_qdc", "render_qdpx", "shipped_text"]

"""REFI-QDA exchange: a `.qdpx` project (zip: project.qde + sources/) and a `.qdc` codebook.

Positions (`startPosition`, `endPosition`) are character positions in the plain text shipped in
`sources/<guid>.txt` (UTF-8, "\\n" line ends), counted in Unicode code points: the text of every
selection is exactly `text[start:end]`, Chinese and characters outside the BMP included.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import PurePosixPath

from gui import APP_NAME, __version__
from gui.core.anchor import CONTEXT
from gui.core.annotations import Theme
from gui.core.citation import printed_mark
from gui.core.model import PLAIN_SEPARATOR, Document
from gui.export.atomic import ExportError
from gui.export.jsonld import ForeignAnnotation
from gui.export.notes import NoteItem, Notes
from gui.store import Store

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
NAMESPACE = uuid.UUID("6f1c1a52-7f1e-4c3b-9a8e-2f4b7c9d0e11")


def guid(kind: str, value: str) -> str:
    """A stable GUID for a theme, coder or document, so repeated exports agree."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{value}"))


def _codes(parent: ET.Element, themes: list[Theme]) -> None:
    codes = ET.SubElement(parent, "Codes")
    for theme in themes:
        code = ET.SubElement(codes, "Code", guid=guid("theme", theme.key), name=theme.name, isCodable="true",
                             color=theme.color.upper())
        if theme.description:
            ET.SubElement(code, "Description").text = theme.description


def render_qdc(themes: list[Theme]) -> bytes:
    root = ET.Element("CodeBook", xmlns=CODEBOOK_NS, origin=f"{APP_NAME} {__version__}")
    _codes(root, themes)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


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


def render_qdpx(notes: Notes, store: Store) -> bytes:
    """The project XML and the plain text of every document that has annotations in scope."""
    coders = sorted({i.annotation.coder or "unknown" for i in notes.items})
    root = ET.Element("Project", xmlns=PROJECT_NS, name=f"{APP_NAME}: {notes.scope}",
                      origin=f"{APP_NAME} {__version__}", creationDateTime=notes.generated)
    users = ET.SubElement(root, "Users")
    for coder in coders:
        ET.SubElement(users, "User", guid=guid("user", coder), name=coder)
    _codes(ET.SubElement(root, "CodeBook"), notes.themes)
    sources = ET.SubElement(root, "Sources")
    files: dict[str, str] = {}
    for doc_id in dict.fromkeys(i.doc_id for i in notes.items):
        document = store.document(doc_id)
        source_guid = guid("document", doc_id)
        files[f"sources/{source_guid}.txt"], starts = shipped_text(document)
        offsets = document.block_offsets()
        source = ET.SubElement(sources, "TextSource", guid=source_guid, name=document.symbol or doc_id,
                               plainTextPath=f"internal://{source_guid}.txt")
        ET.SubElement(source, "Description").text = f"{document.title or doc_id} (Marginalia id {doc_id})"
        for item in (i for i in notes.items if i.doc_id == doc_id and i.annotation.status != "orphan"):
            a = item.annotation
            coder_guid = guid("user", a.coder or "unknown")
            start = starts[a.eid or ""] + a.anchor.start - offsets[a.eid or ""][0]
            selection = ET.SubElement(source, "PlainTextSelection", guid=a.id, name=item.citation,
                                      startPosition=str(start), endPosition=str(start + len(a.anchor.exact)),
                                      creatingUser=coder_guid, creationDateTime=a.created,
                                      modifyingUser=coder_guid, modifiedDateTime=a.modified)
            if a.note:
                ET.SubElement(selection, "Description").text = a.note
            coding = ET.SubElement(selection, "Coding", guid=guid("coding", a.id), creatingUser=coder_guid,
                                   creationDateTime=a.created)
            ET.SubElement(coding, "CodeRef", targetGUID=guid("theme", item.theme.key))
    _orphan_notes(root, [i for i in notes.items if i.annotation.status == "orphan"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", _xml(root))
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()


def _orphan_notes(root: ET.Element, orphans: list[NoteItem]) -> None:
    """Orphans have no place in the text, so they travel as project notes: citation, theme, quote and note."""
    if not orphans:
        return
    notes = ET.SubElement(root, "Notes")
    for item in orphans:
        a = item.annotation
        note = ET.SubElement(notes, "Note", guid=a.id, name=f"Orphaned: {item.citation} — {item.theme.name}",
                             creatingUser=guid("user", a.coder or "unknown"), creationDateTime=a.created)
        ET.SubElement(note, "PlainTextContent").text = (f"{item.theme.name} (orphaned: its paragraph changed or "
                                                       f"was removed)\n\n“{a.quote}”" +
                                                       (f"\n\nNote: {a.note}" if a.note else ""))


# --- reading ----------------------------------------------------------------------------------------------
def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _find(parent: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in parent if _tag(e) == name]


def read_codes(root: ET.Element) -> list[dict[str, str]]:
    """Every Code (nested ones too) as name, colour, description, guid."""
    out: list[dict[str, str]] = []

    def walk(element: ET.Element) -> None:
        for code in _find(element, "Code"):
            description = next((d.text or "" for d in _find(code, "Description")), "")
            out.append({"guid": code.get("guid", ""), "name": code.get("name", ""),
                        "color": code.get("color", "#888888"), "description": description})
            walk(code)

    for codes in root.iter():
        if _tag(codes) == "Codes":
            walk(codes)
            break
    return out


MEMBER_LIMIT = 64 * 1024 * 1024  # bytes of one file inside a .qdpx (the limit for a document, too)
TOTAL_LIMIT = 512 * 1024 * 1024
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _parse_xml(data: bytes, name: str, what: str) -> ET.Element:
    """Parse REFI-QDA XML; a DOCTYPE or entity declaration is refused (REFI-QDA needs none, and entities can
    expand a small file into gigabytes)."""
    if _DOCTYPE.search(data):
        raise ExportError(f"{name}: {what} with a DOCTYPE or entity declarations is not accepted")
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise ExportError(f"{name}: not a REFI-QDA {what} ({error})") from None


def parse_qdc(data: bytes, name: str = "input") -> list[dict[str, str]]:
    return read_codes(_parse_xml(data, name, "codebook"))


def _read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One file of the archive, read no further than the limit whatever its header claims."""
    with archive.open(member) as file:
        data = file.read(MEMBER_LIMIT + 1)
    if len(data) > MEMBER_LIMIT:
        raise ExportError(f"{name}: {member} is larger than {MEMBER_LIMIT // 2**20} MB unpacked")
    return data


def parse_qdpx(data: bytes, name: str = "input",
               problems: list[tuple[str, str]] | None = None) -> tuple[list[dict[str, str]], list[ForeignAnnotation]]:
    """Codes and annotations of a REFI-QDA project; what cannot be read is listed in `problems` as (id, why)."""
    problems = problems if problems is not None else []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(i.file_size for i in archive.infolist()) > TOTAL_LIMIT:
            raise ExportError(f"{name}: more than {TOTAL_LIMIT // 2**20} MB unpacked")
        qde = next(n for n in archive.namelist() if n.lower().endswith(".qde"))
        root = _parse_xml(_read_member(archive, qde, name), name, "project")
    except (zipfile.BadZipFile, StopIteration, KeyError, EOFError, zlib.error, NotImplementedError) as error:
        why = str(error) or "no .qde project file inside"
        raise ExportError(f"{name}: not a REFI-QDA project (.qdpx) ({why})") from None
    codes = read_codes(root)
    code_names = {c["guid"]: c["name"] for c in codes}
    users = {u.get("guid", ""): u.get("name", "") for u in root.iter() if _tag(u) == "User"}
    members = {n.lower(): n for n in archive.namelist()}
    out: list[ForeignAnnotation] = []
    for source in (e for e in root.iter() if _tag(e) == "TextSource"):
        source_name = source.get("name") or source.get("guid") or "?"
        selections = _find(source, "PlainTextSelection")
        path = source.get("plainTextPath", "")
        file = "sources/" + PurePosixPath(path.removeprefix("internal://")).name if path.startswith("internal://") \
            else path
        if file.lower() not in members:
            problems += [(s.get("guid", "") or source_name, f"its source text {path or source_name!r} is not in "
                          "the project file") for s in selections]
            continue
        try:
            text = _read_member(archive, members[file.lower()], name).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError(f"{name}: the text of source {source_name!r} is not UTF-8") from None
        description = next((d.text or "" for d in _find(source, "Description")), "")
        hint = description.rsplit("(Marginalia id ", 1)[-1].rstrip(")") if "(Marginalia id " in description \
            else source.get("name", "")
        for selection in selections:
            try:
                start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
            except ValueError:
                start = end = -1
            if not 0 <= start < end <= len(text):
                problems.append((selection.get("guid", "") or source_name, f"positions {start}–{end} are not in "
                                 f"the text of {source_name!r} ({len(text)} characters)"))
                continue
            themes = tuple(code_names.get(ref.get("targetGUID", ""), "") for coding in _find(selection, "Coding")
                           for ref in _find(coding, "CodeRef"))
            note = next((d.text or "" for d in _find(selection, "Description")), "")
            creator = users.get(selection.get("creatingUser", ""), "")
            out.append(ForeignAnnotation(
                id=selection.get("guid", ""), doc_hint=hint, eid=None, exact=text[start:end],
                prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT], start=start, end=end,
                themes=tuple(t for t in themes if t), note=note, coder=creator,
                created=selection.get("creationDateTime", ""),
                modified=selection.get("modifiedDateTime", selection.get("creationDateTime", "")),
                whole_block=False))
    problems += [(n.get("guid", ""), "an orphaned annotation, kept in the project as a note: it has no place in "
                  "the text") for n in root.iter() if _tag(n) == "Note" and n.get("name", "").startswith("Orphaned:")]
    return codes, out

"""Reading REFI-QDA files from colleagues: a `.qdc` codebook, a `.qdpx` project (zip: a `.qde` and sources/).

Nothing here trusts the file. The XML is parsed by defusedxml with DTDs forbidden, after decoding (a DOCTYPE
in UTF-16 is refused like one in UTF-8; entities could expand a small file into gigabytes). The project XML
is streamed (iterparse) and each selection is let go once read; counts are bounded; every byte read from the
archive counts against one total, and a source text named by many TextSources is read once.
"""

from __future__ import annotations

import contextlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from gui.core.anchor import CONTEXT
from gui.export.atomic import ExportError, Progress
from gui.export.jsonld import ForeignAnnotation

MEMBER_LIMIT = 64 * 1024 * 1024  # bytes of one file inside a .qdpx (the limit for a document, too)
TOTAL_LIMIT = 256 * 1024 * 1024  # bytes read from one archive in all, whatever its headers claim
MAX_SELECTIONS = 200_000  # coded passages in one project (a large NVivo project has some tens of thousands)
MAX_CODES = 10_000
MAX_SOURCES = 10_000
MAX_QUOTE = 1_000_000  # characters one selection may quote (a whole long report); a longer one is left out
MAX_QUOTED = 64_000_000  # characters all selections may quote together (each quote is a copy of its text)


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _find(parent: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in parent if _tag(e) == name]


def read_codes(root: ET.Element, name: str = "input") -> list[dict[str, str]]:
    """Every Code (nested ones too) as name, colour, description, guid and `parent`: the name of the Code it
    sits in ("" at the top), each code listed before the codes inside it."""
    out: list[dict[str, str]] = []
    for codes in root.iter():
        if _tag(codes) == "Codes":
            todo = [(code, "") for code in reversed(_find(codes, "Code"))]  # depth first, without recursion
            while todo:
                code, parent = todo.pop()
                if len(out) >= MAX_CODES:
                    raise ExportError(f"{name}: holds more than {MAX_CODES:,} codes; not a codebook to merge")
                description = _description(code)
                out.append({"guid": code.get("guid", ""), "name": code.get("name", ""),
                            "color": code.get("color", "#888888"), "description": description, "parent": parent})
                todo += [(inner, code.get("name", "")) for inner in reversed(_find(code, "Code"))]
            break
    return out


def _refused(name: str, what: str, error: Exception) -> ExportError:
    if isinstance(error, DefusedXmlException):
        return ExportError(f"{name}: {what} with a DOCTYPE or entity declarations is not accepted "
                           "(REFI-QDA needs none)")
    return ExportError(f"{name}: not a REFI-QDA {what} ({error})")


def parse_qdc(data: bytes, name: str = "input") -> list[dict[str, str]]:
    """The codes of a `.qdc` codebook."""
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, ValueError, LookupError) as error:  # DefusedXmlException is a ValueError; so is an
        # encoding that expat cannot read ("multi-byte encodings are not supported"); LookupError: an unknown one
        raise _refused(name, "codebook", error) from None
    return read_codes(root, name)


class _Archive:
    """The members of a .qdpx, each read at most once, every byte counted against TOTAL_LIMIT."""

    def __init__(self, data: bytes, name: str) -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.members = {n.lower(): n for n in self.zip.namelist()}
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, ValueError) as error:
            raise ExportError(f"{name}: not a REFI-QDA project (.qdpx) ({error})") from None
        self.read = 0
        self.texts: dict[str, str] = {}

    def count(self, size: int) -> None:
        self.read += size
        if self.read > TOTAL_LIMIT:
            raise ExportError(f"{self.name}: more than {TOTAL_LIMIT // 2**20} MB would be read from the archive; "
                              "not a project to merge")

    def text(self, member: str, source: str) -> str:
        """A source text (UTF-8), read once however many TextSources name it."""
        if member not in self.texts:
            with self.open(member) as file:
                data = file.read(MEMBER_LIMIT + 1)
            self.count(len(data))
            if len(data) > MEMBER_LIMIT:
                raise ExportError(f"{self.name}: {member} is larger than {MEMBER_LIMIT // 2**20} MB unpacked")
            try:
                self.texts[member] = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ExportError(f"{self.name}: the text of source {source!r} is not UTF-8") from None
        return self.texts[member]

    def open(self, member: str) -> IO[bytes]:
        try:
            return self.zip.open(member)
        except (zipfile.BadZipFile, KeyError, EOFError, zlib.error, NotImplementedError, RuntimeError) as error:
            raise ExportError(f"{self.name}: {member} cannot be unpacked ({error})") from None


class _Counted(io.RawIOBase):
    """A member's stream that counts what is read (and stops at the limits) and reports progress."""

    def __init__(self, archive: _Archive, member: str, progress: Progress | None) -> None:
        super().__init__()
        self.archive, self.member, self.progress = archive, member, progress
        self.file = archive.open(member)
        self.size = max(1, archive.zip.getinfo(member).file_size)
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.file.read(min(len(buffer), 1 << 20))
        self.done += len(data)
        self.archive.count(len(data))
        if self.done > MEMBER_LIMIT:
            raise ExportError(f"{self.archive.name}: {self.member} is larger than {MEMBER_LIMIT // 2**20} MB unpacked")
        if self.progress:
            self.progress(min(self.done, self.size), self.size)
        buffer[:len(data)] = data
        return len(data)


@dataclass(frozen=True, slots=True)
class _Selection:
    """A PlainTextSelection as read, before code and user GUIDs are resolved to names."""

    guid: str
    doc_hint: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    code_refs: tuple[str, ...]
    note: str
    user: str
    created: str
    modified: str
    doc_hints: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # given, not by CodeRef (a colleague's annotation)


def parse_qdpx(data: bytes, name: str = "input", problems: list[tuple[str, str]] | None = None,
               progress: Progress | None = None, dropped: list[tuple[str, str]] | None = None,
               notes: list[tuple[str, str]] | None = None) -> tuple[list[dict[str, str]], list[ForeignAnnotation]]:
    """Codes and annotations of a REFI-QDA project: the selections of each TextSource and of each PDFSource's
    text Representation (QualCoder, NVivo, ATLAS.ti and MAXQDA put PDFs there), and annotations (a Note on a
    range of a source's text, as QualCoder writes its annotations) as notes on their passage. What cannot be
    read is listed in `problems` as (id, why); what is not brought in at all (journals, coded areas of pages,
    pictures, audio, video) in `dropped` as (what, why). `notes` receives (name, text) of each of our memo Notes
    ("Memo: …", see `memo_exchange`)."""
    problems = problems if problems is not None else []
    dropped = dropped if dropped is not None else []
    archive = _Archive(data, name)
    qde = next((n for n in archive.zip.namelist() if n.lower().endswith(".qde")), None)
    if qde is None:
        raise ExportError(f"{name}: not a REFI-QDA project (.qdpx) (no .qde project file inside)")
    codes: list[dict[str, str]] = []
    users: dict[str, str] = {}
    selections: list[_Selection] = []
    sources: list[tuple[ET.Element, str]] = []  # every source with a text: (its element, its text)
    note_refs: dict[str, tuple[ET.Element, str]] = {}  # a Note's guid → the source that refers to it
    quoted = 0
    try:
        for element, source, text in _elements(archive, qde, problems, progress):
            tag = _tag(element)
            if tag == "CodeBook":
                codes = read_codes(element, name)
                element.clear()
            elif tag == "User":
                users[element.get("guid", "")] = element.get("name", "")
            elif tag == "PlainTextSelection" and source is not None and text is not None:
                if len(selections) >= MAX_SELECTIONS:
                    raise ExportError(f"{name}: holds more than {MAX_SELECTIONS:,} coded selections; Marginalia "
                                      "merges up to that many from one file — split the project")
                found = _selection(element, source, text, problems)
                if found is not None:
                    quoted += len(found.exact)
                    if quoted > MAX_QUOTED:
                        raise ExportError(f"{name}: its selections quote more than {MAX_QUOTED:,} characters in all; "
                                          "not a project to merge")
                    selections.append(found)
            elif tag in ("TextSource", "Representation") and text is not None and source is not None:
                named = _named(source)  # the element itself is cleared once read
                if len(sources) < MAX_SOURCES:
                    sources.append((named, text))
                for ref in element.iter():
                    if _tag(ref) == "NoteRef":
                        note_refs[ref.get("targetGUID", "")] = (named, text)
            elif tag in _NOT_TEXT:
                dropped.append((f"{_NOT_TEXT[tag]} {element.get('name') or element.get('guid') or ''}".strip(),
                                "Marginalia codes text; this is not text"))
                element.clear()
            elif tag == "Note" and notes is not None and element.get("name", "").startswith("Memo: "):
                if (note := _source_text(archive, element, problems)) is not None:
                    notes.append((element.get("name", ""), note))
                element.clear()
            elif tag == "Note":
                found = _note(element, sources, note_refs, problems, dropped)
                if found is not None:
                    selections.append(found)
                element.clear()
    except (ET.ParseError, DefusedXmlException, LookupError) as error:
        raise _refused(name, "project", error) from None
    except ValueError as error:  # expat refuses the encoding ("multi-byte encodings are not supported")
        raise _refused(name, "project", error) from None
    code_names = {c["guid"]: c["name"] for c in codes}
    return codes, [ForeignAnnotation(
        id=s.guid, doc_hint=s.doc_hint, eid=None, exact=s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start,
        end=s.end, themes=s.themes or tuple(t for t in (code_names.get(ref, "") for ref in s.code_refs) if t),
        note=s.note, coder=users.get(s.user, ""), created=s.created, modified=s.modified, whole_block=False,
        doc_hints=s.doc_hints) for s in selections]


def _named(source: ET.Element) -> ET.Element:
    """A copy of a source's name, guid and Description: what a Note read later needs of it."""
    copy = ET.Element(source.tag, {k: v for k, v in source.attrib.items() if k in ("name", "guid")})
    ET.SubElement(copy, "Description").text = _description(source)
    return copy


_NOT_TEXT = {"PDFSelection": "a coded area of a PDF page", "PictureSource": "the picture",
             "AudioSource": "the recording", "VideoSource": "the video"}
ANNOTATION = "Annotation"  # the theme of a colleague's annotation (a note on a passage, without a code)


def _note(note: ET.Element, sources: list[tuple[ET.Element, str]], note_refs: dict[str, tuple[ET.Element, str]],
          problems: list[tuple[str, str]], dropped: list[tuple[str, str]]) -> _Selection | None:
    """A project Note: an annotation on a range of a source's text (QualCoder) becomes a note on that passage;
    a journal (a Note on no text) is dropped, by name; our own exported orphans are listed as such."""
    guid, title = note.get("guid", ""), note.get("name", "")
    if title.startswith("Orphaned:"):
        problems.append((guid, "an orphaned annotation, kept in the project as a note: it has no place in the text"))
        return None
    content = next((c.text or "" for c in _find(note, "PlainTextContent")), "")
    selection = next(iter(_find(note, "PlainTextSelection")), None)
    if selection is None:
        dropped.append((f"journal {title or guid[:8]!r}", "a note on the whole project, about no passage; "
                        "Marginalia keeps notes on passages"))
        return None
    place = note_refs.get(guid) or (sources[0] if len(sources) == 1 else None)
    if place is None:
        dropped.append((f"annotation {guid[:8]} “{content[:40]}”", "the file does not say which of its "
                        f"{len(sources)} documents it is on"))
        return None
    found = _selection(selection, place[0], place[1], problems)
    if found is None:
        return None
    return replace(found, guid=guid or found.guid, note=content, themes=(ANNOTATION,),
                   user=note.get("creatingUser", "") or found.user,
                   created=note.get("creationDateTime", "") or found.created,
                   modified=note.get("modifiedDateTime", "") or note.get("creationDateTime", "") or found.modified)


def _elements(archive: _Archive, qde: str, problems: list[tuple[str, str]], progress: Progress | None
              ) -> Iterator[tuple[ET.Element, ET.Element | None, str | None]]:
    """Each finished element of the project with the source it sits in (a TextSource, or the PDFSource of a
    text Representation) and that source's text (None when the text is not in the archive); a selection is
    let go once handled, so memory stays flat."""
    stream = io.BufferedReader(_Counted(archive, qde, progress), 1 << 20)
    source: ET.Element | None = None
    holder: ET.Element | None = None  # the element the selections sit in: the TextSource or the Representation
    pdf: ET.Element | None = None
    text: str | None = None
    sources = 0
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        tag = _tag(element)
        if event == "start":
            if tag == "PDFSource":
                pdf = element
            if tag == "TextSource" or (tag == "Representation" and pdf is not None):
                sources += 1
                if sources > MAX_SOURCES:
                    raise ExportError(f"{archive.name}: holds more than {MAX_SOURCES:,} sources; not a project to "
                                      "merge")
                source = element if tag == "TextSource" else pdf
                holder, text = element, _source_text(archive, element, problems, source)
            continue
        yield element, source, text
        if tag == "PlainTextSelection" and holder is not None:
            with contextlib.suppress(ValueError):  # read: let it go (it is the last child, after the Description)
                holder.remove(element)
        elif tag in ("TextSource", "Representation"):
            element.clear()
            source = holder = text = None
        elif tag == "PDFSource":
            element.clear()
            pdf = None


def _source_text(archive: _Archive, holder: ET.Element, problems: list[tuple[str, str]],
                 source: ET.Element | None = None) -> str | None:
    """The text of a TextSource, or of a PDFSource's Representation (`holder`; `source` names it)."""
    source = source if source is not None else holder
    source_name = source.get("name") or source.get("guid") or "?"
    path = holder.get("plainTextPath", "")
    file = "sources/" + PurePosixPath(path.removeprefix("internal://")).name if path.startswith("internal://") \
        else path
    if file.lower() not in archive.members:
        problems.append((source.get("guid", "") or source_name, f"its source text {path or source_name!r} is not "
                         "in the project file; its selections are left out"))
        return None
    return archive.text(archive.members[file.lower()], source_name)


_PRINTED_MARK = re.compile(r"(?:\d{1,3}\.|\([a-zA-Z0-9]{1,5}\)|[A-Z]\.|[IVXL]{1,7}\.|•)[ \t]+")


def _description(element: ET.Element) -> str:
    """The text of an element's Description, child elements' text included (a <Description> holding a <p> or
    a line break element kept its text only up to it)."""
    return next(("".join(d.itertext()) for d in _find(element, "Description")), "")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection without the line breaks at its ends (our selections stay inside a paragraph), and without the
    printed paragraph number ("4. ", "(a) ") it starts on when it starts a line: our paragraphs' text does not
    hold their numbers."""
    while start < end and text[start] in "\r\n":
        start += 1
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    if start == 0 or text[start - 1] == "\n":
        mark = _PRINTED_MARK.match(text, start, end)
        if mark is not None and mark.end() < end:
            start = mark.end()
    return start, end


def _position(value: str | None) -> int | None:
    """A REFI-QDA position: a whole number of characters, or None ("767.5", "1e3", "", 400 digits)."""
    return int(value) if value is not None and value.isascii() and value.isdigit() and len(value) < 13 else None


def _selection(selection: ET.Element, source: ET.Element, text: str,
               problems: list[tuple[str, str]]) -> _Selection | None:
    source_name = source.get("name") or source.get("guid") or "?"
    label = selection.get("guid", "") or source_name
    raw = [selection.get("startPosition"), selection.get("endPosition")]
    start, end = _position(raw[0]), _position(raw[1])
    if start is None or end is None:
        shown = ", ".join(f"{name} {value[:20]!r}" if value is not None else f"no {name}"
                          for name, value in zip(("startPosition", "endPosition"), raw, strict=True))
        problems.append((label, f"its positions are not whole numbers of characters ({shown})"))
        return None
    if not 0 <= start < end <= len(text):
        problems.append((label, f"positions {start}–{end} are not in the text of {source_name!r} "
                         f"({len(text)} characters)"))
        return None
    if end - start > MAX_QUOTE:
        problems.append((label, f"it quotes {end - start:,} characters of {source_name!r}; selections of up to "
                         f"{MAX_QUOTE:,} are merged"))
        return None
    start, end = _trimmed(text, start, end)
    if start >= end:
        problems.append((label, f"it selects only line breaks in {source_name!r}"))
        return None
    description = _description(source)
    name = source.get("name", "")
    hint = description.rsplit("(Marginalia id ", 1)[-1].rstrip(")") if "(Marginalia id " in description else name
    created = selection.get("creationDateTime", "")  # normalised by the merge, which reports what is not a time
    modified = selection.get("modifiedDateTime", "") or created
    return _Selection(
        guid=selection.get("guid", ""), doc_hint=hint, exact=text[start:end],
        prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT], start=start, end=end,
        code_refs=tuple(ref.get("targetGUID", "") for coding in _find(selection, "Coding")
                        for ref in _find(coding, "CodeRef")),
        note=_description(selection),
        user=selection.get("creatingUser", ""), created=created, modified=modified,
        doc_hints=(name,) if name and name != hint else ())

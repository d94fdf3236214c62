"""Structure extraction: converted UN document text → `Document` (metadata and block tree).

Line-based over the raw text so every block keeps its source offsets. Three passes:
`segment` (lines → proto-blocks), `structure` (what each really is, given its neighbours),
`tree` (nesting and eIds). See REFERENCES.md for the corpus quirks each rule answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from gui.core import structure
from gui.core.decode import decode_bytes, read_bounded
from gui.core.errors import InputError
from gui.core.inline import mend_split_words
from gui.core.lang import detect_language
from gui.core.lines import split_lines
from gui.core.metadata import (
    find_date,
    find_original_language,
    find_symbol,
    symbol_from_filename,
)
from gui.core.model import Block, Document, Kind
from gui.core.pdf import MAX_PDF_BYTES, looks_like_pdf, read_pdf
from gui.core.segment import Proto, classify, group_lines, is_wrapped
from gui.core.tree import build_blocks

_HEAD_CHARS = 3000  # the title block lies in the first few lines


def load_document(path: str | Path, progress: Callable[[int, int], None] | None = None) -> Document:
    """Read a file (a PDF, or text in any of the encodings `decode` knows) and extract its structure.
    Raises InputError with a readable reason. `progress(done, total)` follows a PDF's pages."""
    data = read_bounded(path, MAX_PDF_BYTES)  # only regular files, never more than the limit
    if looks_like_pdf(data):
        return read_pdf(data, str(path), progress)
    try:
        text, encoding = decode_bytes(data, str(path))
    except InputError as error:
        if Path(path).suffix.lower() == ".pdf" and data.strip():  # named a PDF, neither a PDF nor text
            raise InputError(f"{path}: not a readable PDF (it has no PDF header: damaged, or not a PDF)") from None
        raise error from None
    refuse_web_page(path, text)
    return extract(text, path=str(path), encoding=encoding)


def refuse_web_page(path: str | Path, text: str) -> None:
    """A web page saved under a .pdf name (a download that failed) is refused, not read as a document."""
    if Path(path).suffix.lower() == ".pdf" and re.match(r"\s*<(?:!doctype html|html)\b", text[:512], re.I):
        raise InputError(f"{path}: named .pdf but it is a web page (HTML), not a PDF; download the PDF again")


def extract(text: str, path: str | None = None, encoding: str = "utf-8") -> Document:
    """Extract metadata and the block tree from decoded document text."""
    if not text.strip():
        raise InputError(f"{path or 'input'}: the document has no text")
    head = text[:_HEAD_CHARS]
    symbol = find_symbol(head.split("\n\n\n")[0][:400]) or find_symbol(head[:200])
    symbol = symbol or symbol_from_filename(path)
    lines = split_lines(text)
    wrapped = is_wrapped(lines, symbol)
    protos = [classify(g) for g in group_lines(lines, symbol, wrapped)]
    protos = structure.merge_bare_markers(protos)
    structure.mark_preface(protos)
    structure.mark_signatures(protos)
    protos = structure.merge_signatures(protos)
    protos = structure.mark_fragment_tables(protos)
    structure.decide_numbers_and_headings(protos)
    structure.mark_asides(protos)
    protos = structure.join_continuations(protos)
    if wrapped:  # stray spaces inside words are a pdftotext artefact
        for proto, mended in zip(protos, mend_split_words([p.text for p in protos]), strict=True):
            if proto.kind != "table":
                proto.text = mended
        structure.strip_reference_marks(protos)  # marks left as plain digits ("countries. 5 The")
    protos = [p for p in protos if p.text]
    body_text = " ".join(p.text for p in protos)
    default_language = detect_language(body_text)
    blocks = _link_marks(build_blocks(protos, text, default_language), protos)
    if not blocks:
        raise InputError(f"{path or 'input'}: no readable text was found")
    languages: dict[str, int] = {}
    for b in blocks:
        languages[b.language] = languages.get(b.language, 0) + len(b.text)
    return Document(
        source=text,
        blocks=tuple(blocks),
        symbol=symbol,
        date=find_date(head),
        title=_title(blocks),
        languages=tuple(sorted(languages, key=lambda k: -languages[k])),
        original_language=find_original_language(head),
        encoding=encoding,
        path=path,
    )


def _link_marks(blocks: list[Block], protos: list[Proto]) -> list[Block]:
    """The reference marks taken out of pdftotext's text become links to the next note of that number (the
    note printed at the foot of the mark's page)."""
    if not any(p.refs for p in protos):
        return blocks
    out = []
    for i, (block, proto) in enumerate(zip(blocks, protos, strict=True)):
        if proto.refs:
            refs = []
            for offset, num in proto.refs:
                note = next((b for b in blocks[i:] if b.kind is Kind.FOOTNOTE and b.num == num), None)
                note = note or next((b for b in blocks if b.kind is Kind.FOOTNOTE and b.num == num), None)
                if note is not None:
                    refs.append((offset, num, note.eid))
            block = replace(block, refs=tuple(refs))
        out.append(block)
    return out


_GENERIC_TITLES = ("report of the secretary-general", "note by the secretary-general", "note by the president")


def _title(blocks: list) -> str | None:  # type: ignore[type-arg]
    headings = [b for b in blocks if b.kind is Kind.HEADING]
    if not headings:
        return None
    first = headings[0]
    title: str = first.text
    idx = blocks.index(first)
    if title.lower() in _GENERIC_TITLES and idx > 0 and blocks[idx - 1].kind is Kind.PREFACE:
        title = f"{blocks[idx - 1].text}: {title}"
    if len(headings) > 1 and headings[1].parent == first.eid and blocks.index(headings[1]) == idx + 1:
        title = f"{title} – {headings[1].text}"  # a subtitle right under the title
    return title

"""The PDF reader: a UN PDF → the same `Document` the text path makes.

Layering: `read` turns PDFium's characters into lines of typed runs (the only module that knows PDFium);
`layout` and `pages` decide, from geometry and type, what each line is on its page (furniture, footnote
zone, figure, table, raised marks); `blocks` groups the body lines into proto-blocks; the shared
`tree.build_blocks` nests them and names them exactly as for text files. So there is one structure
vocabulary (kinds, eids, citations) fed by two readers, and each reader uses the cues its input has.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from gui.core import speakers, structure
from gui.core.decode import read_bounded
from gui.core.errors import InputError
from gui.core.lang import detect_language
from gui.core.lines import Line
from gui.core.metadata import (
    SYMBOL,
    find_date,
    find_original_language,
    find_symbol,
    is_title_block_line,
    parse_date,
)
from gui.core.model import Block, Box, Document, Kind, Ref
from gui.core.pdf import glyphs, guard, layout, ocr_read, speeches
from gui.core.pdf.blocks import _MARKS, SENTENCE_END, Builder, PdfProto, mend_hyphens
from gui.core.pdf.columns import read_columns
from gui.core.pdf.pages import split_page
from gui.core.pdf.read import PDFIUM, PdfLine, PdfPage, open_pdf, read_pages
from gui.core.tree import build_blocks

MAX_PDF_BYTES = 256 * 1024 * 1024
_SUPERSCRIPT = str.maketrans("0123456789*", "⁰¹²³⁴⁵⁶⁷⁸⁹*")


def looks_like_pdf(data: bytes) -> bool:
    """A PDF by its first bytes (whatever the file is called)."""
    return data[:1024].lstrip(b"\x00\t\r\n\x0c ").startswith(b"%PDF-")


def load_pdf(path: str | Path, progress: Callable[[int, int], None] | None = None) -> Document:
    """Read a PDF file and extract its structure. Raises InputError with a readable reason."""
    return read_pdf(read_bounded(path, MAX_PDF_BYTES, "PDF"), str(path), progress)


def read_pdf(data: bytes, name: str, progress: Callable[[int, int], None] | None = None) -> Document:
    """Extract the structure of a PDF given as bytes (`name` is the file it came from, for messages)."""
    guard.check_streams(data, name)  # bounded: a flate bomb or one huge stream drawn by every page is refused
    pdf = open_pdf(data, name)
    with ocr_read.reading() as recognition:  # pages with no text layer are recognised (see ocr_read)
        try:
            pages = list(read_pages(pdf, name, progress))
            recognised = ocr_read.recognise_missing(pdf, pages, data) if pages else []
        finally:
            with PDFIUM:
                pdf.close()
        if not pages:
            raise InputError(f"{name}: the PDF has no pages")
        guard.check_text(((p.number, "\n".join(ln.text for ln in p.lines)) for p in pages), name)  # glyph soup
        if sum(p.chars for p in pages) < 20 * len(pages) and not any(len(p.lines) > 3 for p in pages):
            raise InputError(f"{name}: {recognition.refusal()}")
        document = extract_pages(pages, name)
        if recognised:
            document = ocr_read.mark_blocks(document, pages)
        unread = tuple(p.number for p in pages if (p.images or p.scanned) and p.chars < 20 and len(p.lines) <= 3)
        return replace(document, unread_pages=unread) if unread else document


def extract_pages(pages: list[PdfPage], path: str) -> Document:
    for page in pages:
        read_columns(page)
    typo = layout.measure(pages)
    furniture = layout.find_furniture(pages, typo)
    flows = [split_page(page, typo, furniture) for page in pages]
    source, source_line = _source(pages)
    builder = Builder(typo, source_line)
    for page, flow in zip(pages, flows, strict=True):
        for line in flow.preface:
            builder.add("preface", [line], builder.line_text(line))
        lines = [x for x in flow.flow if isinstance(x, PdfLine)]
        skip: set[int] = set()
        builder.lone.update(layout.lone_marks(lines, typo, skip))
        flow.flow = [x for x in flow.flow if not (isinstance(x, PdfLine) and id(x) in skip)]
        builder.page(page, flow.flow, flow.notes)
    items = _join_continuations(builder.out)
    for item, text in zip(items, mend_hyphens([i.proto.text for i in items]), strict=True):
        item.proto.text = text
    if not flows[0].preface:  # no masthead rules on page 1: find the title block as the text path does
        structure.mark_preface([i.proto for i in items])
    _masthead_lines(items)
    _mark_title(items)
    structure.mark_signatures([i.proto for i in items])
    items = [i for i in items if i.proto.text or i.proto.kind == "figure"]
    for item in items:
        if item.proto.kind == "figure" and not item.proto.text:
            item.proto.text = f"[Picture on page {item.printed[0].page if item.printed else _page(item)}]"
    first = "\n".join(ln.text for ln in pages[0].lines)
    symbol = _symbol(pages, first, furniture)
    if speakers.is_verbatim(symbol):
        speeches.mark_turns(items)  # a verbatim record: a block per speaker's label, the statement under it
    protos = [i.proto for i in items]
    language = detect_language(" ".join(_MARKS.sub("", p.text) for p in protos[:200]))
    blocks = build_blocks(protos, source, language, annex_scoped=True)
    blocks = _finish(blocks, items, language)
    if not blocks:
        raise InputError(f"{path}: no readable text was found in the PDF")
    head = "\n".join(ln.text for page in pages[:6] for ln in page.lines)  # Official Records: 4 front pages
    languages: dict[str, int] = {}
    for b in blocks:
        languages[b.language] = languages.get(b.language, 0) + len(b.text)
    title = next((b.text for b in blocks if b.kind is Kind.HEADING and not _cover_line(b.text)), None) \
        or _plain_title(blocks)
    return Document(
        warnings=(*_unplaced(pages, furniture, blocks), *glyphs.unmapped_warnings(pages)),
        source=source, blocks=tuple(blocks), symbol=symbol,
        date=_date(head), title=title, languages=tuple(sorted(languages, key=lambda k: -languages[k])),
        original_language=find_original_language(head), encoding="pdf", path=path,
        page_labels=page_labels(pages, furniture),
    )


PAGE_TEXT = 60
"""A page with this many characters of text (furniture aside) must have some of them in a block."""


def _unplaced(pages: list[PdfPage], furniture: set[int], blocks: list[Block]) -> list[str]:
    """What the reader read but could not place, page by page — never dropped in silence: a page whose text is in
    no block (or only in a picture), characters in a font with no Unicode map (PDFium gives U+FFFD or controls)."""
    covered: set[int] = set()
    for block in blocks:
        if block.kind is Kind.FIGURE and re.fullmatch(r"\[Picture on page \d+\]", block.text):
            continue
        covered.update(box[0] for box in block.boxes)
    out: list[str] = []
    for page in pages:
        chars = sum(len(line.text.strip()) for line in page.lines if id(line) not in furniture)
        if chars >= PAGE_TEXT and page.number not in covered:
            out.append(f"page {page.number}: {chars} characters of text in no block")
        if page.unmapped >= 20:
            out.append(f"page {page.number}: {page.unmapped} characters in a font with no Unicode map (not readable)")
    return out


_COUNTER = re.compile(r"^(\d{1,4})\s*/\s*(\d{1,4})$")


def page_labels(pages: list[PdfPage], furniture: set[int]) -> tuple[str, ...]:
    """The page number printed on each page: its counter ("3/9" → "3"), else one the neighbours imply
    (the first page of a report carries none), else ""."""
    printed: dict[int, int] = {}
    for page in pages:
        for line in page.lines:
            m = _COUNTER.match(line.text.strip())
            if m and id(line) in furniture:
                printed[page.number] = int(m.group(1))
    offsets = [number - page for page, number in printed.items()]
    offset = max(set(offsets), key=offsets.count) if offsets else 0
    labels = []
    for page in pages:
        number = printed.get(page.number, page.number + offset)
        labels.append(str(number) if number > 0 and offsets else "")
    return tuple(labels)


def _symbol(pages: list[PdfPage], first: str, furniture: set[int]) -> str | None:
    """The document's symbol: the one printed on a line of its own near the top of page 1 (the masthead), else
    on a line of its own anywhere on page 1 (a producer that sets it at the foot), else the one the running
    heads repeat (a first page whose masthead is missing or unread: a symbol the first paragraph cites is not
    the document's), else the first in the head of page 1."""
    own = [found for line in pages[0].lines if (found := find_symbol(line.text.strip())) is not None
           and _alone(line.text.strip(), found)]
    head = find_symbol(first[:600])
    if head is not None and head in own:
        return head
    if own:
        return own[0]
    running = _running_symbol(pages, furniture)
    if head is not None and running is not None and (head.startswith(running) or running.startswith(head)):
        return head  # the same document, one of them more fully (the running heads drop "/Rev.1")
    return running or head


_PART = r"(?:\s*\([^()]{1,20}\))?"
_ALONE_REST = re.compile(rf"{_PART}(?:\s*[-–]\s*[A-Z][\w./()-]*{_PART})?\s*\**")
"""What may follow a symbol on its own line: its part ("(Part I)"), a joint symbol's other half, stars."""


def _alone(line: str, symbol: str) -> bool:
    """A line that is the symbol (with its part, a joint symbol's other half or a star), not a sentence or a
    note citing it ("E/ICEF/2025/7/Rev.1).")."""
    start = line.find(symbol)
    return start == 0 and _ALONE_REST.fullmatch(line[len(symbol):]) is not None


def _running_symbol(pages: list[PdfPage], furniture: set[int]) -> str | None:
    """The symbol the running heads repeat, for a document whose first page is missing (not a symbol its text
    cites)."""
    found = Counter(symbol for page in pages for line in page.lines if id(line) in furniture
                    and (symbol := find_symbol(line.text.strip())) is not None)
    return found.most_common(1)[0][0] if found else None


def _page(item: PdfProto) -> int:
    boxes = item.figure.boxes if item.figure is not None else []
    return boxes[0][0] if boxes else 0


def _date(head: str) -> str | None:
    """The date printed under "Distr.", or the bracketed date of an Official Records report ("[14 March
    2025]"), or a meeting record's weekday date; else none — the first date of the body text is seldom the
    document's (a page 1 gone)."""
    if re.search(r"Distr\.", head):
        return find_date(head)
    bracketed = re.search(r"^\[(\d{1,2} [A-Z][a-z]+ \d{4})\]$", head, re.M)
    if bracketed:
        return parse_date(bracketed.group(1))
    return _meeting_date(head)


_MEETING_DATE = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\b")


def _meeting_date(head: str) -> str | None:
    """A meeting record's date, printed with its weekday on the first page ("64th plenary meeting Wednesday,
    16 April 2025, 10 a.m."): a verbatim record has no "Distr." line. Only the first page's first lines count,
    so that a date in a statement is never taken for the record's."""
    found = _MEETING_DATE.search("\n".join(head.splitlines()[:25]))
    return parse_date(found.group(1)) if found else None


def _source(pages: list[PdfPage]) -> tuple[str, dict[int, Line]]:
    """The text of every printed line, a line each, pages apart: the "source" that block spans point into."""
    parts: list[str] = []
    lines: dict[int, Line] = {}
    pos = 0
    for page in pages:
        if parts:
            parts.append("\n\f\n")
            pos += 3
        for k, line in enumerate(page.lines):
            if k:
                parts.append("\n")
                pos += 1
            text = line.text.strip()
            lines[id(line)] = Line(pos, pos + len(text), text, text, False, False)
            parts.append(text)
            pos += len(text)
    return "".join(parts), lines




def _join_continuations(items: list[PdfProto]) -> list[PdfProto]:
    """A paragraph cut by a page break, a footnote block or a figure is joined with its continuation: the
    part that opens the next page (or follows the figure) without a number or a first-line indent, when it
    starts in lower case, or the first part stops mid-sentence, or ran to the right margin."""
    out: list[PdfProto] = []
    open_body: PdfProto | None = None
    last_note: PdfProto | None = None
    listing = False
    for item in items:
        p = item.proto
        if p.kind == "footnote":
            if item.note is not None and item.note.continued and last_note is not None:
                _absorb(last_note, item)
                continue
            last_note = item
            out.append(item)
            continue
        if p.kind in ("figure", "table", "aside"):
            out.append(item)
            continue
        if p.kind in ("heading", "preface", "signature"):
            open_body = None
            out.append(item)
            continue
        if (open_body is not None and p.kind == "paragraph" and p.num is None and not item.recital
                and (listing or _MARKS.sub("", open_body.proto.text).rstrip().endswith(":"))
                and all(ln.x1 - ln.x0 < 0.75 * _measure(open_body) for ln in item.printed)):
            _absorb(open_body, item)  # a displayed list after its lead-in ("… the following officers:")
            listing = True
            continue
        listing = False
        if item.continuation and open_body is not None and p.kind == "paragraph" and p.num is None:
            prev_text = _MARKS.sub("", open_body.proto.text).rstrip()
            last_line = open_body.printed[-1]
            first_line = item.printed[0]
            full = last_line.x1 > max(ln.x1 for ln in open_body.printed) - 25
            if (p.text[:1].islower() or not SENTENCE_END.search(prev_text)
                    or (full and first_line.x0 <= open_body.printed[0].x0 + 3 and len(open_body.printed) > 1)):
                _absorb(open_body, item)
                continue
        open_body = item if p.kind in ("paragraph", "point", "list_item") else None
        out.append(item)
    return out


def _measure(item: PdfProto) -> float:
    """The width of a block's full lines."""
    return max(ln.x1 for ln in item.printed) - min(ln.x0 for ln in item.printed)


def _absorb(into: PdfProto, part: PdfProto) -> None:
    from gui.core.pdf.blocks import join_printed

    into.proto.lines = into.proto.lines + part.proto.lines
    into.printed = into.printed + part.printed
    into.proto.text = join_printed([into.proto.text, part.proto.text])


def _masthead_lines(items: list[PdfProto]) -> None:
    """Title-block lines printed below the masthead's rule ("General Assembly", "Eightieth session", "Item 71 of
    the provisional agenda") on the first page, before any numbered or long text, are the title block too:
    never a heading, so never the document's title."""
    agenda = False  # the heading after "Item 72 (b) of the provisional agenda" is the item's name, not the title
    for k, item in enumerate(items):
        p = item.proto
        if not item.printed or item.printed[0].page != 1 or p.num is not None:
            return
        if p.kind == "preface":
            continue
        bare = _MARKS.sub("", p.text)
        if p.kind in ("heading", "paragraph") and len(p.text) < 120 and is_title_block_line(bare):
            p.kind, p.htype = "preface", None
            agenda = bool(re.search(r"\b(?:agenda|list)\W*$", bare))
            continue
        if agenda and p.kind == "heading" and k + 1 < len(items) and items[k + 1].proto.kind == "heading":
            p.kind, p.htype = "preface", None
            agenda = False
            continue
        agenda = False
        if p.kind == "heading" or (p.kind == "paragraph" and len(p.text) < 120):
            continue
        return


_TITLE_WORDS = re.compile(r"^(?:Report|Note|Letter|Identical letters|Resolution|Draft resolution|Decision|"
                          r"Statement|Annual report|Provisional agenda|Draft report|Summary record)\b")


def _cover_line(text: str) -> bool:
    """A line of the masthead or of an Official Records cover, never a document's title."""
    return (is_title_block_line(text) or bool(re.match(r"(?:Official Records\b|United Nations\b|Supplement No)", text))
            or all(SYMBOL.fullmatch(token) for token in text.split()))


def _plain_title(blocks: list[Block]) -> str | None:
    """The title of a document set all in one type (a typescript of the 1990s: no heading stands out): the first
    short unnumbered line of its first page that names what the document is ("Report of the Fourth Committee"),
    else its first short unnumbered line that is not the title block."""
    first = [b for b in blocks[:30] if b.kind is Kind.PARAGRAPH and b.num is None and len(b.text) < 200
             and b.boxes and b.boxes[0][0] == 1 and not is_title_block_line(b.text)]
    named = [b for b in first if _TITLE_WORDS.match(b.text)] or first
    return named[0].text if named else None


def _mark_title(items: list[PdfProto]) -> None:
    """The first heading after the title block is the document's title (not a section)."""
    for item in items:
        p = item.proto
        if p.kind == "preface":
            continue
        if p.kind == "heading" and p.htype == "plain" and item.printed and item.printed[0].page == 1:
            p.htype = "title"
        break


def _finish(blocks: list[Block], items: list[PdfProto], default_language: str) -> list[Block]:
    """Boxes for every block; raised marks become links to their footnotes (or superscripts where the
    document has no such note: "20,907 m²"); preambular paragraphs named as recitals."""
    blocks = [replace(block, boxes=_boxes(item)) for block, item in zip(blocks, items, strict=True)]
    notes: dict[str, list[Block]] = {}
    for block in blocks:
        if block.kind is Kind.FOOTNOTE and block.num:
            notes.setdefault(block.num, []).append(block)
    annex_of = _annexes(blocks)
    blocks = _link_stars(blocks, notes)
    renamed = _recital_eids(blocks, items)
    out: list[Block] = []
    for block in blocks:
        text, refs = _resolve_marks(block, notes, annex_of)
        # A short block's words (a URL, a name list) say little of its language: it has the document's.
        language = block.language if len(text) >= 200 else default_language
        parent = None if block.parent is None else _renamed(block.parent, renamed)
        out.append(replace(block, eid=_renamed(block.eid, renamed), parent=parent, text=text, refs=refs,
                           language=language))
    return out


def _recital_eids(blocks: list[Block], items: list[PdfProto]) -> dict[str, str]:
    """Preambular paragraphs are named as recitals ("rec_3"), in order."""
    recitals = [block.eid for block, item in zip(blocks, items, strict=True) if item.recital]
    return {eid: f"rec_{n}" for n, eid in enumerate(recitals, 1)}


def _renamed(eid: str, renamed: dict[str, str]) -> str:
    """`eid` under the recitals' new names: a recital's points and lists ("…__p_4__list_1__item_1") are renamed
    with it, so that no block is left pointing at a parent that no longer exists."""
    parts = eid.split("__")
    for cut in range(len(parts), 0, -1):
        head = "__".join(parts[:cut])
        if head in renamed:
            return "__".join([renamed[head], *parts[cut:]])
    return eid


_STAR = re.compile(r"(?<=[\w.)”’\]])\*(?=\s|$)")


def _link_stars(blocks: list[Block], notes: dict[str, list[Block]]) -> list[Block]:
    """An asterisk note ("* Circulated in the language of submission only.") is often marked by a star set on
    the line, not raised ("(see annex I).* Condemning"): the first such star on the note's page links to it."""
    out = list(blocks)
    for note in notes.get("*", []):
        page = note.boxes[0][0] if note.boxes else 0
        for i, block in enumerate(out):
            if block.kind is Kind.FOOTNOTE or not block.boxes or not any(b[0] == page for b in block.boxes):
                continue
            if (m := _STAR.search(block.text)) and layout.MARK_OPEN not in block.text:
                text = block.text[:m.start()] + block.text[m.end():]
                out[i] = replace(block, text=text, refs=(*block.refs, (m.start(), "*", note.eid)))
                break
    return out


def _annexes(blocks: list[Block]) -> dict[str, str | None]:
    """eid → the annex it lies in (None for the main body): the annex heading above it in the tree."""
    parent = {b.eid: b.parent for b in blocks}
    annexes = {b.eid for b in blocks if b.kind is Kind.HEADING and re.fullmatch(r"annex_\d+", b.eid)}
    out: dict[str, str | None] = {}
    for b in blocks:
        node: str | None = b.eid
        while node is not None and node not in annexes:
            node = parent.get(node)
        out[b.eid] = node
    return out


def _resolve_marks(block: Block, notes: dict[str, list[Block]],
                   annex_of: dict[str, str | None]) -> tuple[str, tuple[Ref, ...]]:
    if layout.MARK_OPEN not in block.text:
        return block.text, block.refs
    refs: list[Ref] = []
    parts: list[str] = []
    pos = 0
    length = 0
    for m in _MARKS.finditer(block.text):
        piece = block.text[pos:m.start()]
        parts.append(piece)
        length += len(piece)
        mark = m.group(1)
        candidates = notes.get(mark, [])
        same = [n for n in candidates if annex_of.get(n.eid) == annex_of.get(block.eid)] or candidates
        if same and block.kind is not Kind.FOOTNOTE:
            # The note printed on the mark's page or the nearest after it (numbers restart in annexes).
            page = block.boxes[0][0] if block.boxes else 0
            after = [n for n in same if n.boxes and n.boxes[0][0] >= page]
            note = min(after, key=lambda n: n.boxes[0][0]) if after else same[-1]
            refs.append((length, mark, note.eid))
        else:
            sup = mark.translate(_SUPERSCRIPT)
            parts.append(sup)
            length += len(sup)
        pos = m.end()
    parts.append(block.text[pos:])
    return "".join(parts), tuple(refs)


def _boxes(item: PdfProto) -> tuple[Box, ...]:
    if item.figure is not None and item.figure.boxes:
        return tuple((int(p), round(a, 1), round(b, 1), round(c, 1), round(d, 1))
                     for p, a, b, c, d in item.figure.boxes)
    by_page: dict[int, list[float]] = {}
    for line in item.printed:
        box = by_page.get(line.page)
        if box is None:
            by_page[line.page] = [line.x0, line.bottom, line.x1, line.top]
        else:
            box[0], box[1] = min(box[0], line.x0), min(box[1], line.bottom)
            box[2], box[3] = max(box[2], line.x1), max(box[3], line.top)
    return tuple((page, round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1))
                 for page, b in by_page.items())


__all__ = ["MAX_PDF_BYTES", "load_pdf", "looks_like_pdf", "read_pdf"]

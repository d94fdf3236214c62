"""How an analyst cites a block: "S/2017/130, para. 83", "para. 5 (a)", "footnote 1", or, where the document
has no paragraph numbers, the section heading and the place under it ("“Background”, paragraph 2")."""

from __future__ import annotations

import re

from gui.core.model import Block, Document, Kind
from gui.core.speakers import speaker_heading, speaker_of

_KIND_WORD = {Kind.PARAGRAPH: "paragraph", Kind.LIST_ITEM: "item", Kind.TABLE: "table", Kind.ASIDE: "box",
              Kind.PREFACE: "title block line", Kind.SIGNATURE: "signature", Kind.POINT: "point",
              Kind.FOOTNOTE: "footnote"}


def _word_label(num: str) -> bool:
    """A label that is a word ("Annex", "Annex I"), not a number or letter ("II", "A", "12")."""
    word = num.split(" ", 1)[0]
    return len(word) > 3 and word.isalpha()


def printed_mark(block: Block) -> str:
    """The mark printed before a block's text: "83." of a paragraph, "(a)" of a point, "E." of a heading,
    "[1]" of a footnote, "•" of an unnumbered list item; "" for the rest."""
    if block.kind is Kind.LIST_ITEM:
        return f"{block.num}." if block.num else "•"
    if not block.num:
        return ""
    if block.kind is Kind.HEADING and _word_label(block.num):
        return block.num  # "Annex I", "Annex"
    if block.kind is Kind.FIGURE:
        return ""  # the caption carries its label ("Figure I …")
    if block.kind is Kind.POINT:
        return f"({block.num})"
    if block.kind is Kind.FOOTNOTE:
        return f"[{block.num}]"
    return f"{block.num}." if block.kind in (Kind.PARAGRAPH, Kind.HEADING) else ""


def place(document: Document, block: Block) -> tuple[str, str]:
    """(where, printed number) inside the document: ("para. 83", "83"), ("para. 5 (a)", "5 (a)"),
    ("footnote 1", "1"), ("“Background”, paragraph 2", ""), ("“E. Protection of civilians …”", "").

    Annexes that number their paragraphs afresh are named ("annex I, para. 3"). Resolutions are cited as
    negotiators and analysts do: operative paragraphs "OP 3 (a) (ii)", preambular paragraphs "PP 4". A
    statement in a verbatim record is cited by its speaker ("Russian Federation"; the page is added by
    `citation`: "S/PV.9876, p. 5, Russian Federation")."""
    if (speaker := speaker_in(document, block)) is not None:
        return speaker, ""
    where, number = place_of(document, block)
    annex = _annex_of(document, block)
    return (f"{annex}, {where}" if annex else where), number


def place_of(document: Document, block: Block) -> tuple[str, str]:
    resolution = is_resolution(document)
    para = "OP" if resolution else "para."
    if block.kind is Kind.PARAGRAPH and block.num:
        return f"{para} {block.num}", block.num
    if block.kind is Kind.PARAGRAPH and (m := _RECITAL.match(block.eid)):
        return f"PP {m.group(1)}", m.group(1)
    if block.kind is Kind.POINT and block.num:
        ancestors = document.ancestors(block.eid)
        parents = [a for a in ancestors if a.kind is Kind.PARAGRAPH and a.num]
        points = [a.num for a in reversed(ancestors) if a.kind is Kind.POINT and a.num]
        if parents:
            number = " ".join([parents[0].num or "", *(f"({p})" for p in [*points, block.num])])
            return f"{para} {number}", number
        section = document.section_of(block.eid)  # a lettered point in unnumbered text
        return (f"“{heading_text(section)}”, point ({block.num})" if section else f"point ({block.num})"), ""
    if block.kind is Kind.FOOTNOTE:
        return f"footnote {block.num or ''}".rstrip(), block.num or ""
    if block.kind is Kind.FIGURE and block.num:
        return f"figure {block.num}", block.num
    if block.kind is Kind.HEADING:
        return f"“{heading_text(block)}”", ""
    section = document.section_of(block.eid)
    ordinal = f"{_KIND_WORD.get(block.kind, block.kind.value)} {document.ordinal_in_section(block.eid)}"
    return (f"“{heading_text(section)}”, {ordinal}" if section is not None else ordinal), ""


_RECITAL = re.compile(r"^rec_(\d+)$")


def speaker_in(document: Document, block: Block) -> str | None:
    """Who speaks in a block of a verbatim record — the delegation or office of the speaker's label that opens
    its statement ("Russian Federation", "The President") — or None outside a statement."""
    if not block.eid.startswith("speech_"):
        return None
    label = block if speaker_heading(block.eid) else next(
        (a for a in document.ancestors(block.eid) if a.kind is Kind.HEADING and speaker_heading(a.eid)), None)
    return speaker_of(label.text) if label is not None else None


def is_resolution(document: Document) -> bool:
    """A (draft) resolution: it has preambular paragraphs."""
    if "resolution" not in document._cache:
        document._cache["resolution"] = any(_RECITAL.match(b.eid) for b in document.blocks)
    found: bool = document._cache["resolution"]
    return found


def _annex_of(document: Document, block: Block) -> str:
    """ "annex I" for a block inside a PDF's annex whose numbering restarts ("" elsewhere)."""
    if "__" not in block.eid or not block.eid.startswith("annex_"):
        return ""
    for anc in document.ancestors(block.eid):
        if anc.kind is Kind.HEADING and anc.eid.startswith("annex_"):
            label = (anc.num or "Annex").split(" ", 1)
            return " ".join(["annex", *label[1:]])
    return ""


def citation(document: Document, block: Block | None, doc_id: str) -> tuple[str, str]:
    """("S/2017/130, para. 83", "83"): the document's symbol (or id) and the place; orphans say so."""
    name = document.symbol or doc_id
    if block is None:
        return f"{name} (orphaned annotation)", ""
    where, number = place(document, block)
    return f"{name}, {_with_pages(document, block, where)}", number


def cited_place(document: Document, block: Block) -> str:
    """What follows the symbol in a block's citation: "para. 83", "annex I, para. 3 (p. 12)", "“Background”,
    paragraph 2". Stored with each block when it is imported, so that a list of passages from many documents
    (search hits, a theme's passages) is cited as the exports cite, without rebuilding a document."""
    return _with_pages(document, block, place(document, block)[0])


def _with_pages(document: Document, block: Block, where: str) -> str:
    pages = printed_pages(document, block)
    if pages and speaker_in(document, block) is not None:
        return f"{pages}, {where}"  # a verbatim record is cited by page, then speaker
    return f"{where} ({pages})" if pages else where


def printed_pages(document: Document, block: Block) -> str:
    """"p. 6" or "pp. 6–7": where a PDF prints the block, by the page numbers printed on its pages ("" for
    text files, which have no pages)."""
    pages = sorted({box[0] for box in block.boxes})
    if not pages:
        return ""
    first, last = document.printed_page(pages[0]), document.printed_page(pages[-1])
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(mark: str) -> str:
    """A footnote mark as a raised figure ("12" → "¹²"; "*" stays "*")."""
    return mark.translate(_SUPERSCRIPT)


def with_marks(text: str, block: Block, start: int = 0) -> str:
    """`text` — the block's text from code point `start` on — with the block's footnote marks put back as
    raised figures where they were printed ("the Levant¹ (ISIL…"), for quotations in exported notes."""
    end = start + len(text)
    out, pos = [], 0
    for offset, mark, _ in sorted(block.refs):
        if start <= offset <= end and (offset < end or end == len(block.text)):
            out += [text[pos:offset - start], superscript(mark)]
            pos = offset - start
    return "".join(out) + text[pos:]


def heading_text(heading: Block) -> str:
    """A heading with its printed number: "E. Protection of civilians: …", "II. Meetings …"."""
    if heading.num and _word_label(heading.num):  # "Annex I": its title under the label
        return f"{heading.num}: {heading.text}" if heading.text != heading.num else heading.num
    return f"{heading.num}. {heading.text}" if heading.num else heading.text


def section_text(document: Document, block: Block | None) -> str:
    """The heading a block sits under ("" for none)."""
    section = document.section_of(block.eid) if block is not None else None
    return heading_text(section) if section is not None else ""


_PARA = re.compile(r"^(?:.*__)?para_(\w+?)(?:__list_\d+__point_(\w+?))?(?:__list_\d+__point_(\w+))?$")


def place_from_eid(eid: str) -> str:
    """A readable place from an AKN4UN eid alone, for lists over many documents that are not opened:
    `para_83` → "para. 83", `para_5__list_1__point_a` → "para. 5 (a)", `fn_2` → "footnote 2"."""
    match = _PARA.match(eid)
    if match:
        number, point, sub = match.groups()
        return f"para. {number}" + (f" ({point})" if point else "") + (f" ({sub})" if sub else "")
    if eid.startswith("fn_"):
        return f"footnote {eid[3:]}"
    if match := _RECITAL.match(eid):
        return f"PP {match.group(1)}"
    if match := _STATEMENT.match(eid):  # a verbatim record's turn: its speaker is named where the record is open
        return f"statement {match.group(1)}" + (f", paragraph {match.group(2)}" if match.group(2) else "")
    return eid.replace("__", " › ").replace("_", " ")


_STATEMENT = re.compile(r"^speech_(\d+)(?:__p_(\d+))?$")

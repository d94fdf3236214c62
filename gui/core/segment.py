"""First pass of extraction: source lines → groups of lines → proto-blocks with a provisional kind.

Two families of input share this pass. Markdown-ish conversions put one paragraph on a line; `pdftotext`
output hard-wraps paragraphs, so consecutive lines join unless a line clearly starts something new.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from statistics import quantiles
from typing import Literal

from gui.core import lines as L
from gui.core import regions
from gui.core.inline import clean_inline, join_lines
from gui.core.lines import Line

# Words a wrapped line can end with only in mid-sentence: the next line continues it.
FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with that which its their his her".split()  # noqa: SIM905
)
_BARE_MARKER = re.compile(r"^(?:\d{1,3}|[IVXL]{1,6}|[A-Z])\.$|^\([a-z]{1,2}\)$")


ProtoKind = Literal["heading", "paragraph", "point", "list_item", "table", "footnote", "preface", "aside",
                    "signature", "figure", "joined"]
"""What a block in the making is: the kinds of `model.Kind`, and "joined" (merged into the block before it) while
blocks are built."""

HeadingType = Literal["md", "annex", "chapter", "roman", "letter", "roman_or_letter", "numbered", "paren", "plain",
                      "subtitle", "title", "speaker"]
"""How a heading is numbered or set, which decides its level ("roman_or_letter": a single "I." or "C." that the
sequence around it decides; "chapter": a chapter label that takes the title under it; "speaker": a speaker's
label opening a statement in a verbatim record, `pdf/speeches.py`)."""


@dataclass(slots=True)
class Proto:
    """A block in the making: its source lines, clean text pieces and what it looks like so far."""

    kind: ProtoKind
    lines: list[Line]
    text: str
    num: str | None = None
    htype: HeadingType | None = None
    md_level: int = 0
    marker: str | None = None  # "-" when a paragraph was written "- 12."
    page_break_before: bool = False
    blank_before: bool = False
    hard: bool = False  # made of markdown hard-broken lines (a text box)
    italic: bool = False
    bold: bool = False
    rows: list[list[str]] = field(default_factory=list)
    language: str = "en"
    refs: list[tuple[int, str]] = field(default_factory=list)  # reference marks: (offset in text, note number)

    @property
    def first(self) -> str:
        return self.lines[0].text


@dataclass(slots=True)
class _Group:
    lines: list[Line]
    page_break_before: bool
    blank_before: bool
    footnote_zone: bool
    note_num: str | None = None  # a footnote read from the zone under a `____` rule (see _footnote_zone)
    note_inline: bool = False  # its number opens its first line ("4 See S/2024/117.")
    note: bool = False  # a footnote, numbered or (a continuation from the page before) not
    figure_text: list[Line] | None = None  # a figure: the lines of its caption, title and source


def is_wrapped(lines: list[Line], symbol: str | None) -> bool:
    """True for hard-wrapped (pdftotext-style) text: most lines run on into the next one."""
    if any(line.page_break for line in lines):
        return True
    content = [ln for ln in lines if ln.text and not L.is_furniture(ln.text, symbol)]
    if len(content) < 8:
        return False
    runs_on = sum(
        1
        for a, b in itertools.pairwise(lines)
        if a.text and b.text and not L.starts_block(b.text) and "\t" not in b.raw and not a.hard_break
    )
    return runs_on / len(content) > 0.4


def line_width(lines: list[Line]) -> float:
    """Typical full line length of wrapped text (90th percentile of the longer lines)."""
    lengths = [len(ln.text) for ln in lines if len(ln.text) > 20]
    if len(lengths) < 4:
        return 80.0
    return quantiles(lengths, n=10)[-1]


def _wrapped_break(prev: str, text: str, width: float) -> bool:
    """In wrapped text: does `text` start a new block although no marker says so?"""
    if _BARE_MARKER.match(prev):
        return False
    opens = text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘(["
    if L.ends_sentence(prev) or prev.endswith(":"):
        # A wrapped line is only short when its paragraph ended there.
        return opens and len(prev) + 1 + len(text.split(None, 1)[0]) < 0.85 * width
    if prev[-1] in ",-/(–—" or not (text[0].isupper() or text[0] == "["):
        return False
    last_word = prev.rsplit(None, 1)[-1].lower().strip("*")
    return len(prev) < 0.75 * width and last_word not in FUNCTION_WORDS


def _standalone_lines(lines: list[Line], width: float) -> set[int]:
    """Short unpunctuated lines followed by a capitalised line or a numbered paragraph: titles such as
    "Intelligence", "Ituri" (then "25. In Ituri, …").

    In wrapped text only a paragraph's last line is short, and a last line ends with punctuation.
    """
    out: set[int] = set()
    half = 0.5 * width
    for i in range(1, len(lines) - 1):
        nxt = lines[i + 1].text
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
            continue  # (first the cheap tests that rule out most lines: the rule below needs both)
        raw = lines[i].text
        if not nxt[0].isdigit() and len(raw) - 4 >= half:
            continue  # too long for a title before a plain line (`_unmarked` takes four characters at most)
        text = _unmarked(raw)
        if not text or L.ends_clause(text) or text.rsplit(None, 1)[-1].lower() in FUNCTION_WORDS:
            continue
        numbered_next = nxt[0].isdigit() and L.NUMBERED.match(nxt) is not None
        # Before a numbered paragraph any unpunctuated capitalised line is a title: a paragraph's last line
        # ends with punctuation ("Safety and security of United Nations personnel" / "67. During …").
        if (len(text) < half and (nxt[0].isupper() or numbered_next)) or (
                numbered_next and text[0].isupper() and len(text) <= width):
            out.add(i)
    return out


_TRAILING_MARK = re.compile(r"(?<=[^\d\s])\s?\d{1,3}$")


def _unmarked(text: str) -> str:
    """A line without the reference mark pdftotext may have left at its end ("… Republic 41", "… ability. 68")."""
    return _TRAILING_MARK.sub("", text) if text[-1:].isdigit() else text


def group_lines(lines: list[Line], symbol: str | None, wrapped: bool) -> list[_Group]:
    """Gather consecutive content lines into groups; furniture and rules mark page breaks."""
    width = line_width(lines) if wrapped else 0.0
    groups: list[_Group] = []
    current: _Group | None = None
    page_break = blank = footnote_zone = False
    seen_content = False
    standalone = _standalone_lines(lines, width) if wrapped else set()
    has_page_breaks = wrapped and any(ln.page_break for ln in lines)
    skip_to = 0
    for index, line in enumerate(lines):
        if index < skip_to:
            continue
        text = line.text
        if wrapped and text.startswith("_") and L.is_rule(text):
            end = regions.zone_end(lines, index, symbol, has_page_breaks)
            notes = regions.read_footnotes(lines[index + 1:end], symbol)
            if notes is not None:
                for k, note in enumerate(notes):
                    groups.append(_Group(note.lines, page_break and k == 0, False, True, note.num, note.inline, True))
                skip_to, current, page_break, footnote_zone = end, None, True, False
                continue
        if wrapped and regions.CAPTION.match(text):
            figure = regions.read_figure(lines, index, symbol, width)
            if figure is not None:
                groups.append(_Group(figure.lines, page_break, blank, False, figure_text=figure.text_lines))
                skip_to, current, blank = figure.end, None, True
                page_break = lines[figure.end - 1].page_break
                continue
        if not text:
            current, blank = None, True
        elif (seen_content or not L.SYMBOL_LINE.match(text)) and L.is_furniture(text, symbol):
            current, page_break, footnote_zone = None, True, False
        elif L.is_rule(text):
            current = None
            footnote_zone = footnote_zone or (wrapped and text.startswith("_"))
        else:
            seen_content = True
            tabbed = "\t" in line.raw
            new = (
                current is None
                or (L.starts_block(text) and not _BARE_MARKER.match(current.lines[-1].text))
                or tabbed != ("\t" in current.lines[-1].raw)
                or (footnote_zone and bool(L.PLAIN_FOOTNOTE.match(text)))
                or (wrapped and not tabbed and _wrapped_break(current.lines[-1].text, text, width))
                or (index in standalone and L.ends_sentence(_unmarked(current.lines[-1].text)))
            )
            if new or current is None:
                current = _Group([line], page_break, blank, footnote_zone)
                groups.append(current)
                page_break = blank = False
            else:
                current.lines.append(line)
        if line.page_break:
            current, page_break, footnote_zone = None, True, False
    return groups


def _strip_bold(text: str) -> tuple[str, bool]:
    if text.startswith("**") and text.endswith("**") and len(text) > 4 and "**" not in text[2:-2]:
        return text[2:-2].strip(), True
    return text, False


def _heading_type(text: str) -> tuple[HeadingType, str | None, str]:
    """Classify a heading's text: (htype, number, title text)."""
    if m := L.ROMAN_HEADING.match(text):
        return ("roman_or_letter" if len(m.group(1)) == 1 else "roman"), m.group(1), m.group(2) or ""
    if m := L.LETTER_HEADING.match(text):
        return "letter", m.group(1), m.group(2) or ""
    if m := L.PAREN_HEADING.match(text):
        return "paren", m.group(1), text
    if (m := L.NUMBERED.match(text)) and m.group(1) is None:
        return "numbered", m.group(2), m.group(3) or ""
    if L.ANNEX.search(text):
        return "annex", None, text
    if text.startswith("- "):
        return "subtitle", None, text[2:]
    return "plain", None, text


def classify(group: _Group) -> Proto:
    """Give a group its provisional kind from how its first line (and its markup) look."""
    lines = group.lines
    texts = [ln.text for ln in lines]
    proto = Proto("paragraph", lines, "", page_break_before=group.page_break_before,
                  blank_before=group.blank_before)
    proto.hard = len(lines) > 1 and lines[0].hard_break and all(ln.hard_break for ln in lines[:-1])
    first = texts[0]

    if group.figure_text is not None:  # not body text: an aside with the figure's caption, title and source
        proto.kind = "aside"
        proto.text = join_lines([clean_inline(ln.text) for ln in group.figure_text])
        return proto

    if "\t" in lines[0].raw:
        proto.kind = "table"
        proto.rows = _table_rows([ln.raw for ln in lines])
        proto.text = "\n".join(" | ".join(c for c in row) for row in proto.rows)
        return proto

    if m := L.MD_HEADING.match(first):
        proto.md_level = len(m.group(1))
        inner, proto.bold = _strip_bold(" ".join([m.group(2), *texts[1:]]).strip())
        htype, num, title = _heading_type(inner)
        proto.kind, proto.htype, proto.num = "heading", htype, num
        proto.text = clean_inline(title)
        return proto

    whole = " ".join(texts)
    inner, proto.bold = _strip_bold(whole)
    if proto.bold:
        htype, num, title = _heading_type(inner)
        if htype != "plain" and htype != "subtitle":
            proto.kind, proto.htype, proto.num, proto.text = "heading", htype, num, clean_inline(title)
            return proto
    proto.italic = (not proto.bold and whole.startswith("*") and not whole.startswith("**")
                    and whole.rstrip().endswith("*"))

    def body(first_text: str) -> str:
        return join_lines([clean_inline(t) for t in [first_text, *texts[1:]]])

    if m := L.NUMBERED.match(first):
        proto.kind, proto.num, proto.marker = "paragraph", m.group(2), m.group(1)
        proto.htype = "numbered"
        proto.text = body(m.group(3) or "")
    elif m := L.POINT.match(first):
        proto.kind, proto.num, proto.text = "point", m.group(1), body(m.group(2))
    elif group.note:
        proto.kind, proto.num = "footnote", group.note_num
        proto.text = body(regions.INLINE_NOTE.sub(r"\2", first) if group.note_inline else first)
    elif m := L.FOOTNOTE.match(first):
        proto.kind, proto.num = "footnote", str(int("".join(str("⁰¹²³⁴⁵⁶⁷⁸⁹".index(c)) for c in m.group(1))))
        proto.text = body(m.group(2))
    elif group.footnote_zone and (m := L.PLAIN_FOOTNOTE.match(first)):
        proto.kind, proto.num, proto.text = "footnote", m.group(1), body(m.group(2))
    elif _signed(first):
        proto.kind, proto.text = "signature", body(first)
    elif (m := L.ROMAN_HEADING.match(first.strip("*")) or L.LETTER_HEADING.match(first.strip("*"))) and \
            len(whole) <= 200 and not L.ends_sentence(" ".join([m.group(2) or "", *texts[1:]]).rstrip("*")):
        htype, num, title = _heading_type(first.strip("*"))
        rest = [clean_inline(title)] if title else []
        proto.kind, proto.htype, proto.num = "heading", htype, num
        proto.text = join_lines(rest + [clean_inline(t) for t in texts[1:]])
    elif m := L.BULLET.match(first):
        proto.kind, proto.text = "list_item", body(m.group(1))
    else:
        proto.text = body(first)
        if len(proto.text) <= 150 and L.ANNEX.search(proto.text) and not L.ends_sentence(proto.text):
            proto.kind, proto.htype = "heading", "annex"
    return proto


def _signed(first: str) -> bool:
    """`SIGNED` found in the line, looked for only where its words are (a search runs through the whole line)."""
    return ("Signed" in first or "签名" in first) and L.SIGNED.search(first) is not None


def _table_rows(raws: list[str]) -> list[list[str]]:
    """Tab-separated rows; a row whose first cell is empty continues the row above it."""
    rows: list[list[str]] = []
    for raw in raws:
        cells = [clean_inline(c) for c in raw.split("\t")]
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        if rows and not cells[0]:
            above = rows[-1]
            for i, cell in enumerate(cells):
                if not cell:
                    continue
                if i < len(above):
                    above[i] = f"{above[i]}; {cell}" if above[i] else cell
                else:
                    above.append(cell)
        else:
            rows.append(cells)
    return rows

"""Lines of the source with their offsets, and what a single line can tell: furniture, rules, starts."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(slots=True)
class Line:
    """One source line: its stripped text and where that text lies in the source."""

    start: int
    end: int
    text: str
    raw: str  # the line as written (tabs kept), without its line ending
    hard_break: bool  # markdown hard line break: the raw line ended with two spaces
    page_break: bool  # a form feed ends this line

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(source: str) -> list[Line]:
    """Split into lines (any line ending, form feeds included) keeping code-point offsets."""
    out: list[Line] = []
    pos = 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        terminator = raw[len(body):]
        stripped = body.strip()
        lead = len(body) - len(body.lstrip())
        start = pos + lead
        out.append(Line(start, start + len(stripped), stripped, body, body.endswith("  "), "\f" in terminator))
        pos += len(raw)
    return out


# --- page furniture -------------------------------------------------------------------------------
# Job numbers (17-02287, 22-29360 (E)), page counters (3/17, **9/17**, 1**1/17**), their combinations
# ("15/17 15/17 15/17", "2/5 16-21967 (C)"), barcodes (*2229360*) and print dates (141216).
_FURNITURE_TOKEN = r"(?:\d{1,3}/\d{1,3}|\d{2}-\d{5}|\([A-Z]\))"
_FURNITURE = re.compile(rf"^{_FURNITURE_TOKEN}(?:\s+{_FURNITURE_TOKEN})*$")
_BARCODE = re.compile(r"^\*\d{6,9}\*$")
_PRINT_DATE = re.compile(r"^(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d\d$")


def is_furniture(text: str, symbol: str | None) -> bool:
    """True for running heads, page counters, job numbers, barcodes and print dates."""
    if len(text) > 60 or not text:
        return False
    if _BARCODE.match(text):
        return True
    bare = text.replace("*", "").strip()
    if _FURNITURE.match(bare) or _PRINT_DATE.match(bare):
        return True
    return symbol is not None and bare == symbol


_RULE = re.compile(r"^(?:-{3,}|_{3,}|\*{3,}|={3,}|(?:- ){2,}-)$")


def is_rule(text: str) -> bool:
    """A horizontal rule (`---`, or `____` above footnotes in pdftotext output)."""
    return bool(_RULE.match(text))


# --- how a line can start a block ----------------------------------------------------------------
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
NUMBERED = re.compile(r"^(?:([-*•])\s+)?(\d{1,4})\.(?:\s+(.*))?$")
POINT = re.compile(r"^(?:[-*•]\s+)?\(([a-z]{1,2}|[ivxl]{1,5})\)\s+(.*)$")
BULLET = re.compile(r"^[-*•▪◦●]\s+(\S.*)$")
ROMAN_HEADING = re.compile(r"^([IVXL]{1,6})\.(?:\s+(.*))?$")
LETTER_HEADING = re.compile(r"^([A-Z])\.(?:\s+(.*))?$")
PAREN_HEADING = re.compile(r"^\((\d{1,2})\)\s+(.*)$")
FOOTNOTE = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")
PLAIN_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
SIGNED = re.compile(r"^\*?\(Signed\)|\(签名\)|（签名）")
ANNEX = re.compile(r"^(?:Annex|Annexe|Enclosure|Appendix|Attachment)\b|附件$")


_OPENERS = frozenset("#-*•▪◦●(0123456789" + SUPERSCRIPTS)
"""The first characters of a markdown heading, a numbered paragraph, a point, a bullet or a footnote."""


def starts_block(text: str) -> bool:
    """True when a line opens a new block whatever precedes it (numbers, points, bullets, headings)."""
    first = text[:1]
    if first not in _OPENERS:  # most lines of a report: only a heading ("II. …", "B. …") or a signature can be
        if "A" <= first <= "Z" and (ROMAN_HEADING.match(text.rstrip("*")) or LETTER_HEADING.match(text.rstrip("*"))):
            return True
        return "签名" in text and bool(SIGNED.search(text))
    if MD_HEADING.match(text) or NUMBERED.match(text) or POINT.match(text) or BULLET.match(text):
        return True
    if FOOTNOTE.match(text) or SIGNED.search(text):
        return True
    bare = text.strip("*")
    return bool(ROMAN_HEADING.match(bare) or LETTER_HEADING.match(bare))


TERMINAL = re.compile(r"[.?!。？！:;][\"”’')\]*]*$")
SENTENCE_END = re.compile(r"[.?!。？！][\"”’')\]*]*$")


_CLOSERS = "\"”’')]*"
_SENTENCE_MARKS = frozenset(".?!。？！")
_CLAUSE_MARKS = frozenset(".?!。？！:;")


def ends_sentence(text: str) -> bool:
    """The text ends a sentence (so a block ending here is complete): `SENTENCE_END` read from the end, as it
    is asked of nearly every line (a search for a pattern anchored at the end tries every position)."""
    return _last_mark(text) in _SENTENCE_MARKS


def ends_clause(text: str) -> bool:
    """Ends with sentence or clause punctuation (. ? ! : ;): `TERMINAL`, read from the end."""
    return _last_mark(text) in _CLAUSE_MARKS


def _last_mark(text: str) -> str:
    """The last character before the closing quotes, brackets and asterisks that end `text` ("" if none); as
    `$` does, a final newline is passed over."""
    if text.endswith("\n"):
        text = text[:-1]
    return text.rstrip(_CLOSERS)[-1:]

SYMBOL_LINE = re.compile(r"^[ASE](?:/[A-Z0-9.]+)*/\d{2,4}/\S+$")
"""A line that is just a document symbol: the masthead's docNumber the first time, a running head later."""

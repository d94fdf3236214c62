"""Reference marks that `pdftotext` left as plain digits in the text ("countries. 5 The leader").

The superscript is lost, so a mark looks like any number. A digit is taken for a mark only when it is the
number of a footnote the text can refer to (the caller passes those, in order) and it sits where marks sit:
after punctuation ("structures,5 and", "Haiti. 17"), glued to a word ("million1 is"), or after a word when
what follows cannot be the thing counted ("Levant 1 (ISIL", "corruption 63 and erode"). A number that
counts something ("the 5 Segonn gang", "paras. 30, 34 and 51", "2,030 polling stations") stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_CANDIDATE = re.compile(r"(?<![\d/*])(?:\d{1,3}|\*)(?![\d%/*])(?=\s|$)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLOSING = frozenset(".,;:”’\"')]")
# After these a number counts or names something: "the 5 Segonn gang", "phase 2 and", "para. 43".
_COUNTING_WORDS = _words("""
a an the of to in on by from at with about some over than and or nearly approximately least total up under
all only every last first next those these its their his her our per almost around between among within
page pages paragraph paragraphs para paras no nos number chapter annex appendix table figure map resolution
resolutions decision footnote footnotes article articles rule rules section sections item items phase phases
sector sectors zone zones level levels tier tiers battalion company group team unit camp site route road
goal target step stage category class grade week weeks day days month months year years hour hours round
option district region province state block line point position post base building floor
dated
""")
# Abbreviations that a number follows: "para. 43", "paras. 30, 34", "No. 5".
_ABBREVIATIONS = _words("para paras no nos p pp art arts vol fig figs chap sect op cf sess suppl")
_MONTHS = _words("January February March April May June July August September October November December")
# What may follow a mark set after a word: the next sentence, a bracket, or a word that cannot be counted.
_FOLLOWERS = _words("and or to which who as in of for while but that with at on is are was were has have had")


def _next_token(text: str, end: int) -> str:
    rest = text[end:].split(None, 1)
    return rest[0] if rest else ""


def _word_ok(word: str, punct: bool) -> bool:
    """May a mark follow this word? Not a number other than a year ("between May and September 2024, 3
    violent clashes" against "paras. 30, 34 and 51"); right after the word (`punct` False), not a counting
    word ("the 5 Segonn gang"); after a full stop, not an abbreviation ("para. 43")."""
    bare = word.rstrip(".,;:").strip("(“\"‘”’)]")
    if not bare:
        return False
    if bare[-1].isdigit():
        return _YEAR.fullmatch(bare) is not None
    if not punct:
        return bare.lower() not in _COUNTING_WORDS
    return not (word.endswith(".") and bare.lower() in _ABBREVIATIONS)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _spaced_ok(text: str, start: int, end: int) -> bool:
    """A mark set off by a space: "countries. 5 The", "Levant 1 (ISIL", "2023 32 and 170"."""
    before = text[:start].rstrip()
    if not before:
        return False
    prev = before.rsplit(None, 1)[-1]
    nxt = _next_token(text, end)
    if nxt.rstrip(".,;:") in _MONTHS:
        return False  # a date: "dated 4 February 2025"
    if prev[-1] in _CLOSING:
        return _word_ok(prev, punct=True)
    follows = not nxt or nxt[0].isupper() or nxt[0] in "(“\"‘[" or nxt in _FOLLOWERS
    return follows and (prev[-1].isalpha() or prev[-1].isdigit()) and _word_ok(prev, punct=False)


def _glued_ok(text: str, start: int) -> bool:
    """A mark glued to what precedes it: "structures,5 and", "(2014).9", "million1 is" (never "G5")."""
    head = text[:start]
    word = head.rsplit(None, 1)[-1]
    if head[-1] in _CLOSING:
        return _word_ok(word, punct=True)
    return head[-1].islower() and word.isalpha() and len(word) >= 3


def find_reference_marks(text: str, footnote_numbers: Sequence[str]) -> tuple[str, list[tuple[int, str]]]:
    """Remove the reference marks of `footnote_numbers` from `text`.

    Each number is found at most once, and in the order given (the marks of a page follow the order of its
    notes). Returns the text without the marks and, for each mark, `(offset, number)`: the mark followed
    `clean_text[:offset]`.
    """
    if not footnote_numbers or not any(map(str.isdigit, text)):
        return text, []
    order = {n: k for k, n in enumerate(footnote_numbers)}
    cuts: list[tuple[int, int, str]] = []  # (remove from, remove to, number)
    last = -1
    for m in _CANDIDATE.finditer(text):
        num = m.group(0).lstrip("0") or "0"
        k = order.get(num)
        start = m.start()
        if k is None or k <= last or start == 0 or m.group(0) != num:
            continue
        if text[start - 1].isspace():
            if not _spaced_ok(text, start - 1, m.end()):
                continue
            cuts.append((start - 1, m.end(), num))
        elif _glued_ok(text, start):
            cuts.append((start, m.end(), num))
        else:
            continue
        last = k
    if not cuts:
        return text, []
    pieces: list[str] = []
    marks: list[tuple[int, str]] = []
    pos = length = 0
    for a, b, num in cuts:
        pieces.append(text[pos:a])
        length += a - pos
        marks.append((length, num))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces), marks

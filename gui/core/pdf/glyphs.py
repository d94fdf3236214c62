"""Text that is not text: fonts whose codes PDFium cannot map to Unicode, named page by page in the warnings.

A font embedded without a Unicode map (no ToUnicode table, a custom encoding) gives PDFium codes, not letters.
Three shapes of it reach the reader, none of which an analyst can read, search or quote:

- **shifted glyphs**: the codes are glyph numbers read as characters, so "United Nations continued" comes out
  "8QLWHG 1DWLRQV FRQWLQXHG" — words without a vowel, capitals turned into digits run into letters;
- **the wrong code page**: Cyrillic or Greek set in a single-byte font read as Latin-1 ("Ðåçîëþöèÿ");
- **private-use codes**: letters PDFium could only give as private-use characters (U+E000–U+F8FF).

A whole page of it is refused at import (`guard.check_text`); this module finds the smaller cases — a heading
font, a table, one page in forty — run by run (a run is one font), so that the import report names them instead
of passing them in silence. U+FFFD ("no Unicode at all") is counted by the reader itself (`PdfPage.unmapped`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gui.core.pdf.guard import _COMMON
from gui.core.pdf.read import PdfPage

_WORD = re.compile(r"[^\W_]+")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_LATIN1 = re.compile(r"[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
_ADDRESS = re.compile(r"[/?=&_%#@\\]|://|^www\.")
_COMMON_WORD = re.compile(r"\b(?:" + "|".join(sorted(_COMMON, key=len, reverse=True)) + r")\b", re.IGNORECASE)
"""A common word anywhere in a run: text, not shifted glyphs (the quick answer for nearly every run)."""
_PRIVATE = re.compile(r"[\ue000-\uf8ff]{3,}")

MIN_RUN_WORDS = 3
"""A run (one font on one line) with fewer words of three letters or more is not judged on its own."""
VOWEL_SHARE = 0.22
"""Shifted glyphs: fewer vowels than this share of a run's letters (see `_shifted`)."""
LATIN1_SHARE = 0.5
"""The wrong code page: this share of a run's letters are accented Latin-1 letters (French prose: under 0.05)."""
MIN_CHARS = 40
"""A page is named when at least this many characters of it are in such runs."""


def _shifted(text: str) -> str | None:
    """A word of shifted glyphs when `text` (one run) reads as no language does; else None.

    Shifted codes turn the vowels a, e, i, o, u into D, H, L, R, X, so that vowels (in any case) make a small
    share of the letters — about 0.15, against 0.35 to 0.5 in English, French or Spanish prose, and in names
    and headings in capitals. Acronyms (short words in capitals: "CMW", "DDR"), ordinals ("2185th") and the
    pieces of a web address broken over lines ("JDmFttrIsI0we6D…_aem_A7Jdm") are not judged."""
    prose = " ".join(t for t in text.split() if len(t) <= 20 and not _ADDRESS.search(t))
    words: list[str] = [w for w in _WORD.findall(prose) if len(w) >= 3 and not w.isdigit() and w.isascii()
             and not (w.isupper() and w.isalpha() and len(w) <= 5)]
    letters = "".join(re.sub(r"[\d_]", "", w) for w in words)
    if len(words) < MIN_RUN_WORDS or len(letters) < 20 or any(w.lower() in _COMMON for w in _WORD.findall(text)):
        return None
    if len(_VOWEL.findall(letters)) >= VOWEL_SHARE * len(letters):
        return None
    return max(words, key=lambda w: (not _VOWEL.search(w), len(w)))


def _wrong_code_page(text: str) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12 or len(_LATIN1.findall(text)) < LATIN1_SHARE * len(letters):
        return None
    return max(text.split(), key=lambda w: len(_LATIN1.findall(w)))


def page_problem(page: PdfPage) -> tuple[int, str] | None:
    """(characters, a sample) of the page's text in runs of unmapped glyphs, or None when it has none to speak of."""
    chars, sample = 0, ""
    for line in page.lines:
        for run in line.runs:
            text = run.text
            if len(text) < 6:  # too short for any of the three: most runs of a table, marks, numbers
                continue
            found = (None if _COMMON_WORD.search(text) else _shifted(text.strip())) \
                or (_wrong_code_page(text) if _LATIN1.search(text) else None)
            private = _PRIVATE.findall(text) if found is None else []
            if found is None and private and sum(map(len, private)) >= 6:
                found = "".join(f"U+{ord(c):04X} " for c in max(private, key=len)[:3]) + "…"
            if found is not None:
                chars += len(text.replace(" ", ""))
                sample = max(sample, found, key=_readable)
    return (chars, sample) if chars >= MIN_CHARS else None


def unmapped_warnings(pages: Iterable[PdfPage]) -> list[str]:
    """One warning naming the pages whose text is partly in a font with no usable Unicode map, with a sample."""
    found = [(page.number, problem) for page in pages if (problem := page_problem(page)) is not None]
    if not found:
        return []
    total = sum(chars for _, (chars, _) in found)
    sample = max((s for _, (_, s) in found), key=_readable)[:24]
    return [f"{_pages([n for n, _ in found])}: {total} characters in a font with no Unicode map, read as shifted "
            f"or wrong glyphs (such as \u201c{sample}\u201d): not readable, search and quotes miss them"]


def _readable(sample: str) -> tuple[bool, int]:
    """Which sample to show: a word of letters before private-use codes, then the longer."""
    return not sample.startswith("U+"), len(sample)


def _pages(numbers: list[int]) -> str:
    """ "page 4", "pages 3, 5–9"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = n
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(parts)

"""Parts of a `pdftotext` page that are not running body text: the footnotes under the `____` rule, and
figures (caption, title, chart text, source line).

Both are read line by line before the body lines are grouped, because pdftotext prints them in an order
of its own: a note's number on a line of its own, the page foot in the middle of the notes, a chart's axis
values and legend one per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gui.core import lines as L
from gui.core.lines import Line


@dataclass(slots=True)
class Note:
    """One footnote read from the zone: its number (None: the rest of a note from the page before)."""

    num: str | None
    lines: list[Line]
    inline: bool  # the number opens the first line ("4 See S/2024/117.")


_NOTE_NUMBER = re.compile(r"^(?:\d{1,3}|\*|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})$")
INLINE_NOTE = re.compile(r"^(\d{1,3}|\*|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*(?<=\s|[⁰¹²³⁴⁵⁶⁷⁸⁹])(\S.*)$")


def zone_end(lines: list[Line], start: int, symbol: str | None, has_page_breaks: bool) -> int:
    """Index just past the footnote zone that a `____` rule at `start` opens: the notes run to the page end.

    pdftotext interleaves the page foot (job number, page counter) with the notes, so furniture does not
    end the zone; the page break does, or the next page's running symbol (for text without form feeds,
    the first furniture line after some note text).
    """
    seen_text = False
    for k in range(start + 1, len(lines)):
        line = lines[k]
        text = line.text
        if k > start + 1 and symbol is not None and text.replace("*", "").strip() == symbol:
            return k
        if L.is_rule(text):
            return k
        if text and not L.is_furniture(text, symbol):
            seen_text = True
        elif text and not has_page_breaks and seen_text:
            return k
        if line.page_break:
            return k + 1
    return len(lines)


def _note_number(text: str) -> str:
    if text[0] in L.SUPERSCRIPTS:
        return str(int("".join(str(L.SUPERSCRIPTS.index(c)) for c in text)))
    return text


def _split_notes(lines: list[Line], parts: int) -> list[list[Line]]:
    """Cut the lines of `parts` consecutive notes apart where one most likely ends: after a short line
    closing a sentence, before a capital."""
    if parts <= 1 or len(lines) < 2:
        return [lines]

    def rank(i: int) -> tuple[bool, bool, int]:
        a, b = lines[i].text, lines[i + 1].text
        return (not L.ends_sentence(a), not (b[0].isupper() or b[0].isdigit() or b[0] in "“\"‘("), len(a))

    cuts = sorted(sorted(range(len(lines) - 1), key=rank)[:parts - 1])
    out, prev = [], 0
    for c in cuts:
        out.append(lines[prev:c + 1])
        prev = c + 1
    out.append(lines[prev:])
    return out


def read_footnotes(zone: list[Line], symbol: str | None) -> list[Note] | None:
    """The notes below a `____` rule, each with its number; None when the zone holds no numbers.

    pdftotext often prints a note's number on a line of its own: before its text ("5" / "See S/2023/568."),
    or, for the first note(s) of the page, after the last note ("Listed as …" / "In line with …" / "3" /
    "See …" / "1" / "2"). Numbers waiting before a text belong to it (two waiting: two notes, cut apart);
    numbers left at the end belong to the text that opened the zone without one.
    """
    content = [ln for ln in zone if ln.text and not L.is_furniture(ln.text, symbol)]
    bare_style = any(_NOTE_NUMBER.match(ln.text) for ln in content)
    runs: list[tuple[list[str], list[Line], bool]] = []  # (numbers, lines, number inline)
    pending: list[str] = []
    for line in content:
        text = line.text
        if bare_style and _NOTE_NUMBER.match(text):
            pending.append(_note_number(text))
            continue
        m = None if bare_style else INLINE_NOTE.match(text)
        if m:
            runs.append(([_note_number(m.group(1))], [line], True))
        elif pending:
            runs.append((pending, [line], False))
            pending = []
        elif runs:
            runs[-1][1].append(line)
        else:
            runs.append(([], [line], False))
    if not runs or not (pending or any(nums for nums, _, _ in runs)):
        return None
    if pending and not runs[0][0]:
        runs[0] = (pending, runs[0][1], False)
    notes: list[Note] = []
    for nums, run_lines, inline in runs:
        ordered = sorted(nums, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0))
        for k, piece in enumerate(_split_notes(run_lines, len(ordered))):
            notes.append(Note(ordered[k] if k < len(ordered) else None, piece, inline and k == 0))
    return notes


# --- figures ------------------------------------------------------------------------------------------
# A caption label on a line of its own ("Figure IV", "Map", "Table 2"), or followed by ":"/"." and a title.
CAPTION = re.compile(r"^(Figure|Map|Chart|Graph|Table)(?:\s+(?:[IVXL]{1,6}|\d{1,2}[a-z]?))?(?:\s*[.:–—-]\s+\S.*)?$")
_SOURCE = re.compile(r"^(?:Sources?|Base map source|Notes?|Abbreviations?)\s*:")
_PANEL = re.compile(r"^\([a-z]{1,2}\)(?:\s|$)")  # "(a)" over a panel of a multi-panel figure
_MAX_TITLE_LINES = 4


@dataclass(slots=True)
class Figure:
    """A figure read from the lines: everything printed in its area, and the lines that make its text."""

    end: int  # index just past its last line
    lines: list[Line]  # caption, title, chart text, source (for the block's source ranges)
    text_lines: list[Line]  # caption, title, source and notes (the block's text)


def _numberish(text: str) -> bool:
    """Chart text: axis values, data labels ("1 400", "282", "45%", "2 000")."""
    tokens = text.split()
    return sum(bool(re.fullmatch(r"[\d.,%$€–-]+", t)) for t in tokens) * 2 >= len(tokens)


def _starts_body(text: str) -> bool:
    """A numbered paragraph, a section heading, an annex, another caption or a rule."""
    bare = text.strip("*")
    if L.NUMBERED.match(text) or L.ROMAN_HEADING.match(bare) or L.LETTER_HEADING.match(bare):
        return True
    return bool(L.MD_HEADING.match(text) or L.ANNEX.search(text) or CAPTION.match(text) or L.is_rule(text))


def _ends_figure(text: str, width: float) -> bool:
    """Body text resumes: a numbered paragraph, a heading, another caption, or a line of prose."""
    if _starts_body(text):
        return True
    words = text.split()
    return len(words) >= 10 and len(text) > 0.6 * width and sum(w[:1].islower() for w in words) * 2 > len(words)


def read_figure(lines: list[Line], start: int, symbol: str | None, width: float) -> Figure | None:
    """The figure whose caption is at `start`: caption and title, then chart text (or an image: nothing)
    up to its "Source:" and "Note:" lines, the end of the page, or the body text that follows it.

    None for a caption alone on its page (a map page: "Map" over an image) and for "Table N", whose cells
    the table rules read.
    """
    first = lines[start]
    title = [first]
    k = start + 1
    while k < len(lines) and len(title) <= _MAX_TITLE_LINES and not first.page_break:
        text = lines[k].text
        if not text or L.is_furniture(text, symbol) or _numberish(text) or _starts_body(text) \
                or _SOURCE.match(text) or _PANEL.match(text):
            break
        title.append(lines[k])
        k += 1
        if lines[k - 1].page_break:
            break
    titled = len(title) > 1 or re.search(r"[.:–—-]\s+\S", first.text) is not None
    if not titled and not any(_SOURCE.match(ln.text) for ln in lines[k:k + 3]):
        return None
    if first.text.startswith("Table"):
        return Figure(k, title, title)
    area, text_lines = list(title), list(title)
    in_source = False
    while k < len(lines) and not lines[k - 1].page_break:
        line = lines[k]
        text = line.text
        if not text:
            if in_source:
                nxt = next((ln.text for ln in lines[k + 1:k + 4] if ln.text), "")
                if not _SOURCE.match(nxt):
                    break
            k += 1
            continue
        if L.is_furniture(text, symbol):
            k += 1
            continue
        if _SOURCE.match(text) or (in_source and not _ends_figure(text, width)):
            in_source = True
            text_lines.append(line)
        elif in_source or _ends_figure(text, width):
            break
        area.append(line)
        k += 1
    return Figure(k, area, text_lines)

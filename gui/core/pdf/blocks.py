"""PDF pages → proto-blocks: lines grouped by spacing, indentation and type, then classified.

The text path guesses where a paragraph ends from the words; a PDF says it with geometry: paragraphs are
separated by extra leading, a paragraph number sits at the text margin, a heading is bold or larger, a
footnote lies under the rule. The protos made here go through the same tree pass (`tree.build_blocks`) as
those of the text path, so both readers give the same kinds of blocks, eids and citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gui.core import lines as L
from gui.core.lines import Line
from gui.core.pdf import layout
from gui.core.pdf.layout import MARK_CLOSE, MARK_OPEN, Figure, Note, Typography
from gui.core.pdf.read import PdfLine, PdfPage
from gui.core.segment import Proto, ProtoKind

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_NUMBERED_TIGHT = re.compile(r"^(\d{1,3})\.(?=[A-Z][a-z])")  # "10.On 17 June …": typed without its space
_POINT = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(?=\S)")
_BULLET = re.compile(r"^[•▪◦●■–-]\s+(?=\S)")
_LABELLED = re.compile(r"^(?:\d{1,3}\.|\((?:[a-z]{1,2}|[ivxl]{1,6})\)|[•▪◦●■–-])\s")
_ROMAN = re.compile(r"^([IVXLC]{1,6})\.\s+(?=\S)")
_LETTER = re.compile(r"^([A-Z])\.\s+(?=\S)")
_PAREN = re.compile(r"^\(([a-z]|\d{1,2})\)\s+(?=\S)")
_ANNEX = re.compile(r"^(Annex|Annexe|Appendix|Enclosure|Attachment)(?:\s+([IVXLC]+|\d{1,2}))?\*?$")
_CHAPTER = re.compile(r"^Chapter\s+([IVXLC]+)$")
_CONTENTS = re.compile(r"^(?:(?:Table of )?Contents|Table des matières|Sommaire|Índice|Contenido)$", re.IGNORECASE)
_OPENING = re.compile(r"^The (?:Security Council|General Assembly|Economic and Social Council|Human Rights "
                      r"Council|Council|Assembly),$")
SENTENCE_END = re.compile(r"[.?!:;][\"”’')\]]*$")
_MARKS = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")


@dataclass(slots=True)
class PdfProto:
    """A proto-block with what only a PDF knows: the printed lines it came from, and what kind of item it is."""

    proto: Proto
    printed: list[PdfLine]
    continuation: bool = False  # it opens a page, or follows a figure or table: it may carry on a paragraph
    recital: bool = False
    figure: Figure | None = None
    note: Note | None = None


@dataclass(slots=True)
class Builder:
    """Turns the pages, in order, into PdfProtos; `source_line` maps a printed line to its line of source."""

    typo: Typography
    source_line: dict[int, Line]
    lone: dict[int, list[tuple[float, str]]] = field(default_factory=dict)
    out: list[PdfProto] = field(default_factory=list)
    last_number: int = 0
    in_annex: bool = False
    contents: int = 0  # the page of a "Contents" heading whose entries run on: numbered lines are entries
    toc_last: int = 0  # the number of the last numbered entry of that table of contents
    heading_number: int = 0  # the last arabic-numbered heading's number ("5. Association …")
    heading_last: bool = False  # that heading came after the last numbered paragraph
    resolution: bool = False
    operative: bool = False

    # --- text -----------------------------------------------------------------------------------------
    def line_text(self, line: PdfLine) -> str:
        text = layout.with_marks(line)
        marks = self.lone.get(id(line))
        return layout.insert_marks(text, line, marks) if marks else text

    def text_of(self, lines: list[PdfLine]) -> str:
        return tidy(join_printed([self.line_text(ln) for ln in lines]))

    def lines_of(self, printed: list[PdfLine]) -> list[Line]:
        return [self.source_line[id(ln)] for ln in printed if id(ln) in self.source_line]

    def add(self, kind: ProtoKind, printed: list[PdfLine], text: str, **extra: object) -> PdfProto:
        proto = Proto(kind, self.lines_of(printed), text)
        item = PdfProto(proto, printed)
        for key, value in extra.items():
            if hasattr(proto, key):
                setattr(proto, key, value)
            else:
                setattr(item, key, value)
        self.out.append(item)
        if kind == "heading":
            page = printed[0].page if printed else 0
            if _CONTENTS.match(_MARKS.sub("", text).strip()):
                self.contents, self.toc_last = page, 0
            elif page != self.contents and not self.toc_last:  # a table of unnumbered entries ends at the next
                self.contents = 0  # page's heading; group titles inside a numbered one do not end it
            if proto.htype == "numbered" and proto.num and proto.num.isdigit():
                self.heading_number, self.heading_last = int(proto.num), True
        elif kind == "paragraph" and proto.num is not None:
            self.heading_last = False
        return item

    # --- groups ---------------------------------------------------------------------------------------
    def starts_new(self, a: PdfLine, b: PdfLine) -> bool:
        """Does line b open a new block after line a on the same page?"""
        typo = self.typo
        pitch = typo.pitch * max(a.size, b.size) / typo.body_size
        if a.baseline - b.baseline > 1.3 * pitch or b.baseline > a.baseline:
            return True
        text = b.text.lstrip()
        if (text[:1].islower() and not SENTENCE_END.search(a.text.rstrip()) and abs(a.size - b.size) <= 0.7
                and min(a.x0 - 8, typo.left(b) - 3) <= b.x0 <= a.x0 + (60 if _LABELLED.match(a.text.lstrip()) else 8)):
            # a sentence running on: in another weight ("(a) Recalled that the scale of" / bold "…"), or under
            # the text of a numbered line, hanging ("6. Organization of work, … and" / "other matters.")
            return False
        if a.bold != b.bold or abs(a.size - b.size) > 0.7:
            return True
        if b.x0 <= typo.left(b) + 40 and (_NUMBERED.match(text) or _POINT.match(text) or _BULLET.match(text)):
            return True
        if b.x0 > a.x0 + 8 and b.x0 > typo.left(b) + 8:
            return True  # a first-line indent
        return bool(SENTENCE_END.search(a.text.rstrip()) and a.x1 < typo.right_of(a) - 40 and text[:1].isupper())

    def body_groups(self, lines: list[PdfLine]) -> list[list[PdfLine]]:
        groups: list[list[PdfLine]] = []
        for line in lines:
            last = groups[-1][-1].text.strip() if groups else ""
            label = _ANNEX.match(last) or _CHAPTER.match(last)  # "Annex I" / "Chapter II": a line of its own
            if groups and not label and not self.starts_new(groups[-1][-1], line):
                groups[-1].append(line)
            else:
                groups.append([line])
        return groups

    # --- classification ---------------------------------------------------------------------------------
    def styled(self, group: list[PdfLine]) -> bool:
        """Set like a heading: bold, or larger than the body, or (short) all in italics."""
        text = " ".join(ln.text.strip() for ln in group)
        if len(group) > 5 or len(text) > 300:
            return False
        if all(ln.bold for ln in group) or all(ln.size >= self.typo.body_size + 1.5 for ln in group):
            return not (text.endswith(".") and len(text) > 120)
        italic = all(ln.italic_share > 0.9 for ln in group)
        return italic and len(text) < 100 and not re.search(r"[.,;:]$", text) and text[:1].isupper()

    def classify(self, group: list[PdfLine], continuation: bool) -> None:
        text = self.text_of(group)
        first = group[0].text.strip()
        bare = _MARKS.sub("", text)
        if L.SIGNED.search(first):
            self.add("signature", group, text)
            return
        if m := _ANNEX.match(bare):
            self.add("heading", group, bare, htype="annex", num=bare)
            self.in_annex, self.last_number = True, 0
            return
        if m := _CHAPTER.match(bare):
            self.add("heading", group, bare, htype="chapter", num=m.group(1))
            return
        if _OPENING.match(bare):
            self.resolution = True
            self.add("preface", group, text)
            return
        if self.contents and (m := _NUMBERED.match(text)):
            n = int(m.group(1))
            if n > self.toc_last and (self.toc_last or group[0].page == self.contents):
                self.toc_last = n  # an entry of the table of contents ("2. Opening statements …"), not para 2
                self.add("list_item", group, text[m.end():], num=m.group(1))
                return
            self.contents = 0  # the numbers start again: the body has begun
        if (m := _NUMBERED.match(text)) and self.heading_last and int(m.group(1)) == self.heading_number + 1 \
                and self.styled(group) and not bare[:1].islower():
            # The next number of a run of numbered headings, set as they are, is the next heading (numbering
            # is evidence both ways: the headings' run was the last one printed, not the paragraphs').
            self.heading(group, text)
            return
        if (m := _NUMBERED.match(text) or _NUMBERED_TIGHT.match(text)) and self.last_number \
                and int(m.group(1)) == self.last_number + 1 and -25 < group[0].x0 - self.typo.left(group[0]) < 3:
            # The next number of the running sequence at the margin (or hanging left of it) is the next paragraph,
            # even printed in bold or ending with ":" before lettered points: numbering is the stronger evidence.
            self.last_number += 1
            self.add("paragraph", group, text[m.end():], num=m.group(1), htype="numbered")
            return
        if self.styled(group) and not bare[:1].islower():  # a heading never starts in lower case: a bold
            self.heading(group, text)  # sentence carried over from the page before is its paragraph's end
            return
        if (m := _NUMBERED.match(text)) and group[0].x0 <= self.typo.left(group[0]) + 40:
            n, last = int(m.group(1)), self.last_number
            margin = self.typo.left(group[0])
            at_margin = abs(group[0].x0 - margin) < 3 or (self.resolution and group[0].x0 > margin)
            # Paragraph numbers run on: the next one, one or two further (a paragraph the print lost), the first
            # one seen (a document that starts on a later page), or a jump after missing pages, at the margin.
            if n == last + 1 or last == 0 or last < n <= last + 3 or (at_margin and last < n <= last + 25):
                self.last_number = n
                self.operative = self.operative or self.resolution
                self.add("paragraph", group, text[m.end():], num=m.group(1), htype="numbered")
                return
            if n <= last:  # "1." inside a paragraph (a quoted or displayed list): an item of it
                self.add("list_item", group, text[m.end():], num=m.group(1))
                return
        if m := _POINT.match(text):
            self.add("point", group, text[m.end():], num=m.group(1))
            return
        if m := _BULLET.match(text):
            self.add("list_item", group, text[m.end():])
            return
        recital = self.resolution and not self.operative and group[0].runs[0].italic
        self.add("paragraph", group, text, continuation=continuation and not recital, recital=recital)

    def heading(self, group: list[PdfLine], text: str) -> None:
        bare = text.strip()
        for pattern, htype in ((_ROMAN, "roman"), (_LETTER, "letter"), (_NUMBERED, "numbered"),
                               (_PAREN, "paren")):
            if m := pattern.match(bare):
                num = m.group(1)
                if htype == "roman" and len(num) == 1:
                    htype = "roman_or_letter"
                self.add("heading", group, bare[m.end():], htype=htype, num=num)
                return
        prev = self.out[-1] if self.out else None
        if prev is not None and prev.proto.kind == "heading" and prev.proto.htype in ("annex", "chapter") \
                and prev.proto.text == (prev.proto.num if prev.proto.htype == "annex" else prev.proto.text) \
                and not _ANNEX.match(bare) and group[0].page == prev.printed[-1].page:
            # "Annex I" / "Chapter I" then the title on the lines below: one heading, numbered by its label
            prev.proto.lines = prev.proto.lines + self.lines_of(group)
            prev.printed = prev.printed + group
            prev.proto.text = bare
            if prev.proto.htype == "chapter":
                prev.proto.htype = "roman" if len(prev.proto.num or "") > 1 else "roman_or_letter"
            return
        self.add("heading", group, bare, htype="plain")

    # --- pages ------------------------------------------------------------------------------------------
    def page(self, page: PdfPage, flow: list[object], notes: list[Note]) -> None:
        """One page's flow (lines, figures, tables in reading order), then its footnotes."""
        continuation = True
        run: list[PdfLine] = []

        def flush() -> None:
            nonlocal continuation
            groups = self.body_groups(run)
            for i, group in enumerate(groups):
                # the top of the next column carries on the paragraph the column before ended with
                column_top = i > 0 and group[0].frame is not None and group[0].baseline > groups[i - 1][-1].baseline
                self.classify(group, (continuation and i == 0) or column_top)
            run.clear()
            continuation = False

        for item in flow:
            if isinstance(item, PdfLine):
                run.append(item)
                continue
            flush()
            if isinstance(item, Figure):
                label = layout.CAPTION.match(item.label)
                self.add("figure", item.caption_lines + item.content, item.caption, figure=item,
                         num=label.group(2) if label else None)
            elif isinstance(item, tuple) and item[0] == "aside":
                self.add("aside", item[1], self.text_of(item[1]))
            else:
                rows: list[list[str]] = item[0]  # type: ignore[index]
                table_lines: list[PdfLine] = item[1]  # type: ignore[index]
                self.add("table", table_lines, "\n".join(" | ".join(r) for r in rows), rows=rows)
            continuation = True
        flush()
        for note in notes:
            self.add("footnote", note.printed, self.text_of(note.lines), num=note.num or None, note=note)


LINE_HYPHEN = "\ue002"
"""Follows a hyphen that ended a printed line before a lower-case word: `mend_hyphens` keeps the hyphen
("counter-" + "terrorism") unless the document prints the word whole elsewhere ("co-" + "operation" where
"cooperation" is printed): then it was the typesetter's hyphenation."""
_SPLIT = re.compile(rf"(\w+)-{LINE_HYPHEN}(\w+)")


def mend_hyphens(texts: list[str]) -> list[str]:
    """Decide each line-end hyphen of the document (see LINE_HYPHEN) from the words it prints whole."""
    if not any(LINE_HYPHEN in t for t in texts):
        return texts
    words: set[str] = set()
    for text in texts:
        # the words printed on one line: a word cut at a line end does not vouch for its own spelling
        words.update(w.lower() for w in re.findall(r"\w+(?:-\w+)*", _SPLIT.sub(" ", text)))

    def mend(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        whole = (left + right).lower()
        if whole in words and f"{left}-{right}".lower() not in words:
            return left + right
        return f"{left}-{right}"

    return [_SPLIT.sub(mend, t).replace(LINE_HYPHEN, "") if LINE_HYPHEN in t else t for t in texts]


def tidy(text: str) -> str:
    """One space between words, none before a mark that followed a space, none at the ends."""
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace(f" {MARK_OPEN}", MARK_OPEN) if f" {MARK_OPEN}" in text else text


def join_printed(texts: list[str]) -> str:
    """Join a block's printed lines: a line-end hyphen inside a compound is kept ("Secretary-" + "General"),
    a range broken after an en dash closes up ("2021–" + "2024"), a URL broken over lines is one token."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not out:
            out = text
            continue
        last = out.rsplit(" ", 1)[-1]
        compound = (out.endswith("-") and len(out) > 1 and out[-2].isalnum() and text[:1].isalnum()
                    and not re.match(r"(and|or|to|nor)\b", text))  # not "troop- and police-"
        closed = out.endswith(("–", "/")) and text[:1].isalnum()
        url = _url(last) and (last[-1] in "-_/?=&#%~." or _url_piece(text.split(" ", 1)[0]))
        if compound and not url and text[:1].islower():
            out += LINE_HYPHEN + text  # kept, unless the document spells the word whole (decided later)
        elif compound or closed or url:
            out += text
        else:
            out += " " + text
    return out


def _url(token: str) -> bool:
    return "://" in token or token.startswith("www.")


def _url_piece(token: str) -> bool:
    return bool(re.fullmatch(r"[\w.~%+-]*[/_=&?%#][^\s]*", token))

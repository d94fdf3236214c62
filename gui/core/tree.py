"""Last pass of extraction: nest blocks under their containers and give each its AKN4UN eId.

eIds: `sec_II`, `sec_II__title_A`, `para_12`, `para_12__list_1__point_a`, `annex_1`, `fn_1`, `speech_3` (a
speaker's statement in a verbatim record); blocks without
a printed number are named by their container and position (`heading_3__p_2`, `preface_1`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gui.core.lang import detect_language
from gui.core.model import Block, Kind, Span
from gui.core.segment import Proto

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(text: str) -> int:
    total = 0
    for a, b in zip(text, [*text[1:], ""], strict=False):
        v = _ROMAN.get(a, 0)
        total += -v if b and _ROMAN.get(b, 0) > v else v
    return total


def spans_of(proto: Proto, source: str) -> tuple[Span, ...]:
    """Source ranges of a block: consecutive lines merge; a blank line or page furniture starts a new span."""
    spans: list[list[int]] = []
    prev_end = -1
    for line in proto.lines:
        gap = source[prev_end:line.start] if spans and line.start >= prev_end else None
        if gap is not None and not gap.strip() and gap.count("\n") <= 1:
            spans[-1][1] = line.end
        else:
            spans.append([line.start, line.end])
        prev_end = line.end
    return tuple(map(tuple, spans))  # type: ignore[arg-type]  # (each a [start, end] pair)


SPEECH_RANK = 9
"""A speaker's statement nests under every open heading (sections, agenda items, their titles)."""


@dataclass(slots=True)
class _Container:
    rank: int
    eid: str


class _Namer:
    """Hands out unique eids: the first `para_12` wins, a later clash is qualified by its container."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}

    def count(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def claim(self, eid: str, container: str | None) -> str:
        if eid in self.used and container:
            eid = f"{container}__{eid}"
        base, k = eid, 1
        while eid in self.used:
            k += 1
            eid = f"{base}_{k}"
        self.used.add(eid)
        return eid


def _num_token(num: str) -> str:
    return re.sub(r"[^\w]", "", num)


class _Nesting:
    """The walk through the protos in reading order: the open containers (annex, section, titles, headings),
    the paragraph that points hang from, the lists running under each owner, and the eids handed out. Each
    kind of proto has its rule (`heading`, `numbered_paragraph`, `point`, `other`); each returns the block's
    eid, its parent and its kind."""

    def __init__(self, annex_scoped: bool) -> None:
        self.annex_scoped = annex_scoped
        self.namer = _Namer()
        self.stack: list[_Container] = []
        self.last_letter: str | None = None
        self.last_roman = 0
        self.para_eid: str | None = None  # the paragraph that points and bullets hang from
        self.list_no: dict[str, int] = {}
        self.open_lists: dict[str, int] = {}  # "owner:kind" → number of the list running under that owner
        self.letter_point: str | None = None

    def container(self) -> str | None:
        return self.stack[-1].eid if self.stack else None

    def push(self, rank: int, eid: str) -> None:
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop()
        self.stack.append(_Container(rank, eid))

    def parent_for(self, rank: int) -> str | None:
        for c in reversed(self.stack):
            if c.rank < rank:
                return c.eid
        return None

    def heading(self, p: Proto) -> tuple[str, str | None, Kind]:
        """A heading opens a container: an annex (rank 0), a roman section (1), a lettered title (2), a
        numbered or bracketed title (3), or an unnumbered heading ranked by what is open above it."""
        num, namer = p.num, self.namer
        htype = p.htype or "plain"
        if htype == "roman_or_letter":
            assert num is not None
            expected_letter = chr(ord(self.last_letter) + 1) if self.last_letter else "A"
            is_letter = num == expected_letter or (
                roman_value(num) != self.last_roman + 1 and not (num == "I" and self.last_letter != "H")
            )
            htype = "letter" if is_letter else "roman"
        has_roman = any(c.rank == 1 and c.eid.startswith("sec_") for c in self.stack)
        if htype == "annex":
            rank, eid = 0, f"annex_{namer.count('annex')}"
            self.last_roman, self.last_letter = 0, None
        elif htype == "roman":
            assert num is not None
            rank, eid, self.last_roman, self.last_letter = 1, f"sec_{num}", roman_value(num), None
        elif htype == "letter":
            assert num is not None
            rank = 2
            sec = self.parent_for(2)
            eid = f"{sec}__title_{num}" if sec and sec.startswith("sec_") else f"title_{num}"
            self.last_letter = num
        elif htype == "speaker":  # a statement in a verbatim record: under every heading open, never over one
            rank, eid = SPEECH_RANK, f"speech_{namer.count('speech')}"
        elif htype in ("numbered", "paren", "chapter"):
            assert num is not None
            rank = 3
            owner = self.parent_for(3)
            eid = f"{owner}__title_{_num_token(num)}" if owner else f"title_{_num_token(num)}"
        else:
            rank = 2 if (has_roman or htype == "subtitle") else 1
            numbered = [c.rank for c in self.stack
                        if 1 <= c.rank <= 3 and (c.eid.startswith("sec_") or "title_" in c.eid)]
            if self.annex_scoped and numbered and htype == "plain":
                rank = numbered[-1] + 1  # "Military component" under "A. Mission performance": one deeper
            eid = f"heading_{namer.count('heading')}"
        parent = self.parent_for(rank)
        eid = namer.claim(eid, parent)
        self.push(rank, eid)
        self.para_eid = self.letter_point = None
        self.open_lists.clear()
        return eid, parent, Kind.HEADING

    def numbered_paragraph(self, p: Proto) -> tuple[str, str | None, Kind]:
        """`para_12` in the open container; in an annex (PDF reader) always `annex_1__para_12`."""
        parent = self.container()
        annex = next((c.eid for c in self.stack if c.rank == 0), None) if self.annex_scoped else None
        # Annexes number their paragraphs afresh: annex_1__para_3 is never confused with para_3.
        eid = self.namer.claim(f"{annex}__para_{p.num}" if annex else f"para_{p.num}", parent)
        self.para_eid, self.letter_point = eid, None
        self.open_lists.clear()
        return eid, parent, Kind.PARAGRAPH

    def point(self, p: Proto) -> tuple[str, str | None, Kind]:
        """A point or list item hangs from the paragraph above (a roman "(i)" from the lettered point above
        it), in a list numbered under that owner: `para_5__list_1__point_a`."""
        kind, num = p.kind, p.num
        assert num is not None or kind == "list_item"
        owner = self.para_eid or self.container()
        is_roman_sub = (kind == "point" and num is not None and self.letter_point is not None
                        and re.fullmatch(r"[ivxl]+", num) is not None
                        and not (num == "i" and self.letter_point.endswith("point_h")))
        if is_roman_sub:
            assert self.letter_point is not None
            owner = self.letter_point
        key = f"{owner}:{kind}"
        if key not in self.open_lists:  # a new list under this owner
            self.list_no[owner or ""] = self.list_no.get(owner or "", 0) + 1
            self.open_lists[key] = self.list_no[owner or ""]
        lst = f"list_{self.open_lists[key]}"
        item = f"point_{num}" if kind == "point" else f"item_{self.namer.count(f'{owner}:{lst}:item')}"
        prefix = f"{owner}__" if owner else ""
        eid = self.namer.claim(f"{prefix}{lst}__{item}", owner)
        if kind == "point" and not is_roman_sub:
            self.letter_point = eid
        return eid, owner, Kind.POINT if kind == "point" else Kind.LIST_ITEM

    def other(self, p: Proto) -> tuple[str, str | None, Kind]:
        """An unnumbered paragraph, a table, an aside, a preface, a signature, a footnote or a figure, named by
        its number when printed (`fn_3`, `fig_II`), else by its container and position (`heading_3__p_2`)."""
        kind, num, namer = p.kind, p.num, self.namer
        if kind == "paragraph" and p.italic and self.stack and self.stack[-1].rank == SPEECH_RANK:
            self.stack.pop()  # procedure printed in italics ("A recorded vote was taken."): the meeting's
        parent = self.container()
        short = {"paragraph": "p", "table": "table", "aside": "aside", "preface": "preface",
                 "signature": "signature", "footnote": "fn", "figure": "fig"}[kind]
        if kind == "footnote" and num is not None:
            eid = namer.claim(f"fn_{_num_token(num) or 'star'}", parent)
        elif kind == "figure" and num is not None:
            eid = namer.claim(f"fig_{_num_token(num)}", parent)
        else:
            prefix = f"{parent}__" if parent else ""
            eid = namer.claim(f"{prefix}{short}_{namer.count(f'{parent}:{short}')}", parent)
        if kind == "paragraph":
            self.para_eid, self.letter_point = eid, None
            self.open_lists.clear()
        return eid, parent, Kind(kind if kind != "paragraph" else "paragraph")


def build_blocks(protos: list[Proto], source: str, default_language: str, annex_scoped: bool = False) -> list[Block]:
    """Nest protos into a tree and freeze them as Blocks with eids, parents and levels.

    `annex_scoped` (the PDF reader): numbered paragraphs inside an annex are always `annex_1__para_3`, not
    only when `para_3` is taken, and an unnumbered heading nests one level under the numbered heading above it
    (the text path keeps the eids and levels its databases already hold)."""
    nesting = _Nesting(annex_scoped)
    blocks: list[Block] = []
    depth: dict[str, int] = {}
    for p in protos:
        if p.kind == "heading":
            eid, parent, blk_kind = nesting.heading(p)
        elif p.kind == "paragraph" and p.num is not None:
            eid, parent, blk_kind = nesting.numbered_paragraph(p)
        elif p.kind in ("point", "list_item"):
            eid, parent, blk_kind = nesting.point(p)
        else:
            eid, parent, blk_kind = nesting.other(p)
        level = depth.get(parent, -1) + 1 if parent else 0
        depth[eid] = level
        blocks.append(Block(
            eid=eid, kind=blk_kind, num=p.num, level=level, parent=parent, text=p.text,
            spans=spans_of(p, source), language=detect_language(p.text, default_language),
            rows=tuple(tuple(r) for r in p.rows),
        ))
    return blocks

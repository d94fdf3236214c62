"""Verbatim records (S/PV.9876, A/79/PV.64) as speakers' turns.

A verbatim record is not numbered: it is a sequence of statements, each opened by its speaker's label in the
text ("Mr. Nebenzia (Russian Federation) (spoke in Russian): …", "The President: …"). An analyst cites a
statement by its record, page and speaker ("S/PV.9876, p. 5, Russian Federation"), and codes what a delegation
said. So each label becomes a block of its own — a heading of the kind "speaker", `speech_N` — and the
statement's paragraphs nest under it until the next speaker, the next heading or a line of procedure printed in
italics ("A recorded vote was taken."), which belongs to the meeting, not to the last speaker. The citation code
(`gui/core/citation.py`) names the speaker of a block from that heading.
"""

from __future__ import annotations

from gui.core.lines import Line
from gui.core.pdf.blocks import PdfProto
from gui.core.segment import Proto
from gui.core.speakers import SPEAKER

MIN_TURNS = 2
"""A verbatim record with fewer labelled statements is not read as turns (a cover page, a corrigendum)."""


def mark_turns(items: list[PdfProto]) -> None:
    """Split each paragraph that opens with a speaker's label into the label (a "speaker" heading) and the
    statement's first paragraph; a paragraph wholly in italics is procedure (`Proto.italic`), which ends the
    turn. Nothing is done unless the record has `MIN_TURNS` labelled statements."""
    opening = [i for i, item in enumerate(items) if item.proto.kind == "paragraph" and item.proto.num is None
               and SPEAKER.match(item.proto.text)]
    if len(opening) < MIN_TURNS:
        return
    for item in items:
        if item.proto.kind == "paragraph" and item.printed and all(ln.italic_share > 0.9 for ln in item.printed):
            item.proto.italic = True
    for i in reversed(opening):
        item = items[i]
        m = SPEAKER.match(item.proto.text)
        assert m is not None
        head = _split(item, m.group("label"), m.end())
        if head is not None:
            items.insert(i, head)


def _split(item: PdfProto, label: str, cut: int) -> PdfProto | None:
    """The label's heading, taken off the front of `item` (whose text and source lines lose it); None when the
    label cannot be found in the item's source lines (then the paragraph stays whole)."""
    p = item.proto
    wanted = sum(1 for c in p.text[:cut] if not c.isspace())  # the label, its colon and the space after
    label_chars = sum(1 for c in label if not c.isspace())
    head_lines: list[Line] = []
    rest_lines: list[Line] = []
    seen = 0  # characters (spaces aside) of the lines before this one
    for k, line in enumerate(p.lines):
        chars = sum(1 for c in line.text if not c.isspace())
        if label_chars > seen:  # the label, or its end, is on this line
            head = line.text[:_offset_after(line.text, label_chars - seen)].rstrip()
            head_lines.append(Line(line.start, line.start + len(head), head, head, False, False))
        if seen + chars > wanted:  # the statement starts on this line
            rest = line.text[_offset_after(line.text, wanted - seen):].lstrip()
            rest_lines.append(Line(line.end - len(rest), line.end, rest, rest, line.hard_break, line.page_break))
            rest_lines.extend(p.lines[k + 1:])
            break
        seen += chars
    if not head_lines or not rest_lines:
        return None
    heading = Proto("heading", head_lines, label, htype="speaker")
    p.lines, p.text = rest_lines, p.text[cut:]
    return PdfProto(heading, item.printed[:len(head_lines)])


def _offset_after(text: str, count: int) -> int:
    """The index in `text` just after its `count`-th character that is not a space (0 for count ≤ 0)."""
    if count <= 0:
        return 0
    seen = 0
    for i, c in enumerate(text):
        if not c.isspace():
            seen += 1
            if seen == count:
                return i + 1
    return len(text)

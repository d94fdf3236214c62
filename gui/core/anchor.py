"""Anchoring annotations to text, and finding them again when the text changes.

An anchor stores the quote with 32 characters of context each side and its position in the document's
normalised text (W3C TextQuote + TextPosition). Re-anchoring follows the Hypothesis client: accept the
stored place only if the text there still equals the quote; else search the quote exactly; else search
approximately, scoring 50·quote + 20·prefix + 20·suffix + 2·closeness. What cannot be placed with
confidence is an orphan: kept, listed, never attached to a wrong paragraph.

A quote found somewhere is not enough: the same words recur ("United Nations" 60 times, four paragraphs that
differ by a sector's name). A candidate is taken only when its context agrees (`CONTEXT_FLOOR`), when it does
not contradict where the old neighbours are now (the 32 characters before and after, found once in the new
text, bound where the quote can be; when they now meet, the text between them is gone), and when no other
candidate's context agrees as well ("context does not say which"). Every occurrence is considered.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from rapidfuzz import fuzz, process

from gui.core.annotations import Anchor
from gui.core.model import Document

CONTEXT = 32
MIN_QUOTE_SIMILARITY = 0.75  # an edited paragraph keeps ≥ 75 % of its wording; a different one does not
AMBIGUITY_MARGIN = 1.0  # two candidates whose context scores (on the 40-point scale) are closer cannot be told apart
SIDE_FLOOR = 0.85  # one side of the context must agree this well (two unrelated 32-character contexts: ~0.45)
NEAR = 12  # characters next to the quote, on one side at least, that must be the same as before
NEIGHBOUR_MIN = 16  # characters (not counting spaces) of an old neighbour needed to look for it in the new text
MOVED_WHOLE = 80  # a whole paragraph of this many characters found once, word for word, is that paragraph moved
TIE = "the same words occur more than once and their context does not say which"
GONE = "its text is gone: the words that stood before and after it now meet"
NO_CONTEXT = "the words occur elsewhere, but not in their context"

MAX_FUZZY_QUOTE = 2000
"""Longest quote searched approximately: the cost grows with the square of its length (2,000 characters over
1 MB of text take ~80 ms; 5,000 take 0.7 s; a 1 MB quote would take hours). A longer quote is placed only
where it is found exactly."""
MAX_FUZZY_BLOCK = 10_000
"""Longest whole-block quote compared approximately with each block (10,000 characters against 1 MB of
blocks of that size take ~0.4 s)."""
FUZZY_SECONDS = 20.0  # approximate search allowed for one batch (a re-import, a merge) before the rest is skipped

Outcome = Literal["kept", "moved", "orphan"]
T = TypeVar("T")


@dataclass(slots=True)
class Budget:
    """The time one batch of re-anchoring may spend in approximate search, and what it had to skip."""

    seconds: float = FUZZY_SECONDS
    spent: float = 0.0
    skipped: int = 0

    def why_not(self, quote: str, text: str, whole: bool = False) -> str:
        """"" when an approximate search of `quote` over `text` may run, else the reason it is skipped."""
        limit = MAX_FUZZY_BLOCK if whole else MAX_FUZZY_QUOTE
        if len(quote) > limit:
            return f"its quote of {len(quote):,} characters is too long for an approximate search " \
                   f"(up to {limit:,} are searched)"
        if len(quote) > len(text):
            return "its quote is longer than the whole text"
        if self.spent >= self.seconds:
            return f"the {self.seconds:.0f} s allowed for approximate search in this batch were used up"
        return ""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an annotation lands in a (new) document, and how sure we are."""

    outcome: Outcome
    eid: str | None = None
    span: tuple[int, int] | None = None
    anchor: Anchor | None = None
    score: float = 0.0
    reason: str = ""  # for an orphan: why, when it was not for want of a match (a search that was skipped)


def make_anchor(document: Document, eid: str, span: tuple[int, int] | None = None) -> Anchor:
    """The anchor of a whole block, or of `span` (block-relative, code points) inside it."""
    block_start, block_end = document.block_offsets()[eid]
    start, end = (block_start, block_end) if span is None else (block_start + span[0], block_start + span[1])
    if not block_start <= start < end <= block_end:
        raise ValueError(f"span {span} lies outside block {eid}")
    plain = document.plain_text()
    return Anchor(plain[start:end], plain[max(0, start - CONTEXT):start], plain[end:end + CONTEXT], start, end)


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return float(fuzz.ratio(a, b)) / 100.0


_MARK = re.compile(r"(?<=\n\n)(?:\d{1,3}\.|\([a-zA-Z0-9]{1,5}\)|\[\d{1,3}\]|[A-Z]\.|[IVXL]{1,7}\.|•)[ \t]+")
_SPACES = re.compile(r"\s+")
_NOTE_NUMBER = re.compile(r"(?<=[^\W\d_])\d{1,3}\b|(?<=[,;.:)”’] )\d{1,3}(?= \w)")


def _comparable(text: str) -> str:
    """A side of context as it can be compared with another program's text: a printed paragraph mark after a
    blank line ("\n\n83. ", as a REFI-QDA source shows it) left out, so are footnote numbers as another
    program's PDF text keeps them ("the threat4", "structures, 5 Da’esh"; ours are links), and every run of
    spaces or line breaks is one space (a QDA program breaks lines where we join them)."""
    return _SPACES.sub(" ", _NOTE_NUMBER.sub("", _MARK.sub("", text)))


def _sides(document: Document, old: Anchor, start: int, end: int) -> tuple[str, str, str, str]:
    """The old and the new context before and after [start, end), comparable, cut to the same length."""
    plain = document.plain_text()
    old_before, old_after = _comparable(old.prefix[-CONTEXT:]), _comparable(old.suffix[:CONTEXT])
    # An empty side was the start or the end of the document: it agrees only with the same edge.
    new_before = _comparable(plain[max(0, start - 2 * CONTEXT):start])[-len(old_before):] if old_before else \
        ("" if start == 0 else "…")
    new_after = _comparable(plain[end:end + 2 * CONTEXT])[:len(old_after)] if old_after else \
        ("" if end == len(plain) else "…")
    return old_before, new_before, old_after, new_after


def _side(old: str, new: str) -> float:
    """How well one side of the context agrees; at the start or end of a document, both must be empty."""
    if not old.strip() or not new.strip():
        return 1.0 if not old.strip() and not new.strip() else 0.0
    return _similarity(old, new)


def _agreement(document: Document, old: Anchor, start: int, end: int) -> tuple[float, float]:
    """How well the text before and after [start, end) agrees with the stored context (0–1 each)."""
    old_before, new_before, old_after, new_after = _sides(document, old, start, end)
    return _side(old_before, new_before), _side(old_after, new_after)


def _agrees(document: Document, old: Anchor, start: int, end: int) -> bool:
    """The context floor: one side agrees well, and word for word next to the quote (an edit or a deleted
    neighbour may change one side, not both). The paragraph "In sector 1 (Beni), the mission conducted 120
    patrols" agrees with "In sector 2 (Bunia), the mission conducted 95 patrols" at 85 % on each side, and on
    nothing next to the quote."""
    if not old.prefix and not old.suffix:
        return True  # no context given (a colleague's bare quote): the quote alone decides, and ties are refused
    old_before, new_before, old_after, new_after = _sides(document, old, start, end)
    return (_side(old_before, new_before) >= SIDE_FLOOR and new_before.endswith(old_before[-NEAR:])) \
        or (_side(old_after, new_after) >= SIDE_FLOOR and new_after.startswith(old_after[:NEAR]))


def _context_score(document: Document, old: Anchor, start: int, end: int) -> float:
    plain = document.plain_text()
    # A position from a file may be any integer (400 digits): clamp before dividing, or the float overflows.
    distance = min(abs(start - old.start), len(plain)) if isinstance(old.start, int) else len(plain)
    closeness = 1.0 - distance / max(1, len(plain))
    before, after = _agreement(document, old, start, end)
    return 20 * before + 20 * after + 2 * closeness


@dataclass(frozen=True, slots=True)
class _Bounds:
    """Where the old text must lie now, from its neighbours found once each in the new text (None: not found)."""

    after: int | None  # the end of the old prefix
    before: int | None  # the start of the old suffix

    def allow(self, start: int, end: int) -> bool:
        return (self.after is None or start >= self.after) and (self.before is None or end <= self.before)

    prefix: str = ""
    suffix: str = ""

    def gone(self, plain: str) -> bool:
        """The old prefix and suffix now meet, nothing but spaces between them: one of them found once, the
        other right beside it (a paragraph's neighbours, word for word, now next to each other)."""
        if len(self.prefix.strip()) < NEIGHBOUR_MIN or len(self.suffix.strip()) < NEIGHBOUR_MIN:
            return False
        if self.before is not None and plain[:self.before].rstrip().endswith(self.prefix.rstrip()):
            return True
        return self.after is not None and plain[self.after:].lstrip().startswith(self.suffix.lstrip())


def _bounds(document: Document, old: Anchor) -> _Bounds:
    plain = document.plain_text()

    def once(text: str) -> int | None:
        if len(text.replace(" ", "").strip()) < NEIGHBOUR_MIN:
            return None
        at = plain.find(text)
        return at if at != -1 and plain.find(text, at + 1) == -1 else None

    prefix, suffix = old.prefix[-CONTEXT:], old.suffix[:CONTEXT]
    at = once(prefix)
    return _Bounds(None if at is None else at + len(prefix), once(suffix), prefix, suffix)


def place_of(document: Document, eid: str, start: int, end: int, outcome: Outcome, score: float,
           whole: bool) -> Placement:
    block_start = document.block_offsets()[eid][0]
    span = None if whole else (start - block_start, end - block_start)
    return Placement(outcome, eid, span, make_anchor(document, eid, span), score)


def reanchor(document: Document, old: Anchor, old_eid: str | None, old_span: tuple[int, int] | None,
             budget: Budget | None = None, *, approximate: bool = True) -> Placement:
    """Find `old` in `document`: kept (same block), moved (another block or changed wording), or orphan.

    Approximate search is bounded (see `Budget`; a fresh one if none is given); `approximate=False` places
    by the exact quote only (a merge accepts nothing else)."""
    budget = budget if budget is not None else Budget()
    whole = old_span is None
    offsets = document.block_offsets()
    bounds = _bounds(document, old)
    # 1. The stored block still holds the quote (a whole block word for word; a span in its context).
    if old_eid is not None and old_eid in offsets:
        text = document.block(old_eid).text
        if whole and text == old.exact:
            return place_of(document, old_eid, *offsets[old_eid], "kept", 92.0, True)
        if not whole and old.exact and text.count(old.exact) == 1:
            at = offsets[old_eid][0] + text.index(old.exact)
            if bounds.allow(at, at + len(old.exact)) and _agrees(document, old, at, at + len(old.exact)):
                return place_of(document, old_eid, at, at + len(old.exact), "kept", 92.0, False)
    if not old.exact:
        return Placement("orphan")
    # 2. The exact quote elsewhere: every occurrence, each judged by its context.
    exact = _exact_candidates(document, old, whole)
    if whole and len(exact) == 1 and len(old.exact) >= MOVED_WHOLE:
        eid, s, e = exact[0]  # a long paragraph found once, word for word: moved, whatever is around it now
        return place_of(document, eid, s, e, "kept" if eid == old_eid else "moved", 50 + 40.0, True)
    if bounds.gone(document.plain_text()):
        return Placement("orphan", reason=GONE)
    if not old.prefix and not old.suffix:  # a colleague's quote without context (Taguette): found once, or refused
        agreeing = [(0.0, eid, s, e) for eid, s, e in exact]
    else:
        agreeing = [(_context_score(document, old, s, e), eid, s, e) for eid, s, e in exact
                    if bounds.allow(s, e) and _agrees(document, old, s, e)]
    if agreeing:
        scored = sorted(agreeing, reverse=True)
        best = scored[0]
        if len(scored) > 1 and best[0] - scored[1][0] < AMBIGUITY_MARGIN + 2:  # closeness (2) never decides
            return Placement("orphan", score=50 + best[0], reason=TIE)
        _, eid, s, e = best
        if eid != old_eid and old_eid is not None and old_eid in offsets and approximate \
                and not budget.why_not(old.exact, document.block(old_eid).text, whole):
            # The same words elsewhere, or our own paragraph reworded? The context decides.
            own = _timed(budget, lambda: _fuzzy_in_block(document, old, old_eid, whole, bounds))
            if own is not None and own.score > 50 + best[0]:
                return own
        return place_of(document, eid, s, e, "kept" if eid == old_eid else "moved", 50 + best[0], whole)
    # 3. Approximate search, within bounds.
    if not approximate:
        return Placement("orphan", reason=NO_CONTEXT if exact else "")
    why = budget.why_not(old.exact, document.plain_text(), whole)
    if why:
        budget.skipped += 1
        return Placement("orphan", reason=why)
    if old_eid is not None and old_eid in offsets:  # our own paragraph reworded, before the same words elsewhere
        own = _timed(budget, lambda: _fuzzy_in_block(document, old, old_eid, whole, bounds))
        if own is not None:
            return own
    return _timed(budget, lambda: _fuzzy_block(document, old, old_eid, bounds) if whole else
                  _fuzzy_span(document, old, old_eid, bounds))


def _timed(budget: Budget, search: Callable[[], T]) -> T:
    started = time.monotonic()
    try:
        return search()
    finally:
        budget.spent += time.monotonic() - started


def _exact_candidates(document: Document, old: Anchor, whole: bool) -> list[tuple[str, int, int]]:
    """Every place the quote stands inside one block (no cap: the 63rd "United Nations" may be the one)."""
    offsets = document.block_offsets()
    if whole:
        return [(b.eid, *offsets[b.eid]) for b in document.blocks if b.text == old.exact]
    plain = document.plain_text()
    out: list[tuple[str, int, int]] = []
    at = plain.find(old.exact)
    while at != -1:
        block = document.block_at(at)
        if block is not None and at + len(old.exact) <= offsets[block.eid][1]:
            out.append((block.eid, at, at + len(old.exact)))
        at = plain.find(old.exact, at + 1)
    return out


def _fuzzy_block(document: Document, old: Anchor, old_eid: str | None, bounds: _Bounds) -> Placement:
    texts = [b.text for b in document.blocks]
    matches = process.extract(old.exact, texts, scorer=fuzz.ratio, limit=None,
                              score_cutoff=MIN_QUOTE_SIMILARITY * 100)
    offsets = document.block_offsets()
    scored = []
    for _text, quote_score, index in matches:
        eid = document.blocks[index].eid
        start, end = offsets[eid]
        if bounds.allow(start, end) and _agrees(document, old, start, end):
            scored.append((50 * quote_score / 100 + _context_score(document, old, start, end), eid, start, end))
    if not scored:
        return Placement("orphan", reason=NO_CONTEXT if matches else "")
    scored.sort(reverse=True)
    best = scored[0]
    if len(scored) > 1 and best[0] - scored[1][0] < AMBIGUITY_MARGIN:
        return Placement("orphan", score=best[0], reason=TIE)
    _, eid, start, end = best
    return place_of(document, eid, start, end, "kept" if eid == old_eid else "moved", best[0], True)


def _fuzzy_in_block(document: Document, old: Anchor, eid: str, whole: bool, bounds: _Bounds) -> Placement | None:
    """The old quote looked for in its own block only (reworded there), scored like any candidate."""
    block_start, block_end = document.block_offsets()[eid]
    text = document.block(eid).text
    if whole:
        similarity = fuzz.ratio(old.exact, text)
        start, end = block_start, block_end
    else:
        found = fuzz.partial_ratio_alignment(old.exact, text, score_cutoff=MIN_QUOTE_SIMILARITY * 100)
        if found is None:
            return None
        similarity = found.score
        start, end = _snap_to_words(document.plain_text(), old.exact, block_start + found.dest_start,
                                    block_start + found.dest_end, block_start, block_end)
    if similarity < MIN_QUOTE_SIMILARITY * 100 or not bounds.allow(start, end) \
            or not _agrees(document, old, start, end):
        return None
    score = 50 * similarity / 100 + _context_score(document, old, start, end)
    return place_of(document, eid, start, end, "kept", score, whole)


def _snap_to_words(plain: str, quote: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The alignment has the old quote's length; the new wording may be longer or shorter ("The Chair" →
    "The Chairperson"). Try word boundaries near each end and keep the span most like the old quote."""
    reach = min(24, len(quote) // 3 + 4)

    def boundaries(around: int, at_start: bool) -> list[int]:
        out = []
        for i in range(max(lo, around - reach), min(hi, around + reach) + 1):
            before = plain[i - 1] if i > lo else " "
            after = plain[i] if i < hi else " "
            # A word may open with a symbol ("€750", "“protect") and close with punctuation ("civilians”,").
            word_start = not after.isspace() and (before.isspace() or (after.isalnum() and not before.isalnum()))
            word_end = not before.isspace() and (after.isspace() or (before.isalnum() and not after.isalnum())
                                                 or before in ".;:)”'\"")
            if word_start if at_start else word_end:
                out.append(i)
        return out or [around]

    starts, ends = boundaries(start, True), boundaries(end, False)
    scored = [(fuzz.ratio(quote, plain[s:e]), -abs(s - start) - abs(e - end), s, e)
              for s in starts for e in ends if e > s]
    if not scored:
        return start, end
    _, _, best_start, best_end = max(scored)
    return best_start, best_end


def _fuzzy_span(document: Document, old: Anchor, old_eid: str | None, bounds: _Bounds) -> Placement:
    plain = document.plain_text()
    found = fuzz.partial_ratio_alignment(old.exact, plain, score_cutoff=MIN_QUOTE_SIMILARITY * 100)
    if found is None or found.score < MIN_QUOTE_SIMILARITY * 100:
        return Placement("orphan")
    start, end = found.dest_start, found.dest_end
    block = document.block_at(start)
    if block is None:
        return Placement("orphan")
    block_start, block_end = document.block_offsets()[block.eid]
    end = min(end, block_end)
    if end <= start:
        return Placement("orphan")
    start, end = _snap_to_words(plain, old.exact, start, end, block_start, block_end)
    if not bounds.allow(start, end) or not _agrees(document, old, start, end):
        return Placement("orphan", reason=NO_CONTEXT)
    score = 50 * found.score / 100 + _context_score(document, old, start, end)
    return place_of(document, block.eid, start, end, "kept" if block.eid == old_eid else "moved", score, False)

"""Coding search hits: every paragraph (or sentence) a search finds, tagged with one theme after a preview.

The hits are those of the Search tab and `search` (the same full-text index and quoting); a hit in an
analyst's note is not a place in a document and is left out (and counted). The coding is one transaction:
it lands whole or not at all, and a paragraph that already carries the theme from the coder is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.store import Store

MAX_HITS = 20_000
"""Hits coded at once: a search that finds more (a word in every paragraph) is narrowed first."""
PAGE = 500

_SENTENCE_END = re.compile(r"(?<=[.!?;:])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Target:
    """A place to code: a whole block, or a sentence of it (`span`)."""

    doc_id: str
    eid: str
    span: tuple[int, int] | None
    quote: str


@dataclass(slots=True)
class HitPlan:
    """What coding the hits would do: the places, and what the search found that is not a place."""

    query: str
    targets: list[Target] = field(default_factory=list)
    hits: int = 0
    notes: int = 0  # hits in notes, left out
    unmatched: int = 0  # sentence unit: blocks where the words were not found again as written


@dataclass(slots=True)
class HitReport:
    coded: list[str] = field(default_factory=list)  # new annotation ids
    already: int = 0
    documents: set[str] = field(default_factory=set)

    def summary(self, theme: str) -> str:
        return (f"coded {len(self.coded)} passage(s) in {len(self.documents)} document(s) with {theme}; "
                f"{self.already} already carried it")


def sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph as [start, end) spans (a new sentence after . ! ? ; : and a capital)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _word_pattern(query: str) -> re.Pattern[str] | None:
    words = [(w, bool(star)) for w, star in re.findall(r"(\w+)(\*?)", query)]
    if not words:
        return None
    parts = [re.escape(w) + (r"\w*" if star else r"\b") for w, star in words]
    return re.compile(r"\b(?:" + "|".join(parts) + ")", re.IGNORECASE)


def plan(store: Store, query: str, doc: str | None = None, unit: str = "paragraph") -> HitPlan:
    """The places a search's hits would code (reads only)."""
    if unit not in ("paragraph", "sentence"):
        raise ValueError(f"unit {unit!r}: paragraph or sentence")
    result = HitPlan(query)
    seen: set[tuple[str, str]] = set()
    offset = 0
    while True:
        page = store.search(query, doc=doc, limit=PAGE, offset=offset)
        if not page:
            break
        offset += len(page)
        for hit in page:
            result.hits += 1
            if hit.source == "note":
                result.notes += 1
            elif (hit.doc_id, hit.eid) not in seen:
                seen.add((hit.doc_id, hit.eid))
            if result.hits > MAX_HITS:
                from gui.core.errors import MarginaliaError

                raise MarginaliaError(f"“{query}” finds more than {MAX_HITS:,} passages; narrow the search "
                                      "(more words, a document) before coding its hits")
        if len(page) < PAGE:
            break
    pattern = _word_pattern(query) if unit == "sentence" else None
    texts: dict[str, dict[str, str]] = {}
    for doc_id, eid in seen:
        text = texts.setdefault(doc_id, store.block_texts(doc_id)).get(eid)
        if text is None:
            continue
        if pattern is None:
            result.targets.append(Target(doc_id, eid, None, text))
            continue
        found = [(a, b) for a, b in sentences(text) if pattern.search(text[a:b])]
        if not found:
            result.unmatched += 1
            result.targets.append(Target(doc_id, eid, None, text))
        for a, b in found:
            whole = (a, b) == (0, len(text))
            result.targets.append(Target(doc_id, eid, None if whole else (a, b), text[a:b]))
    order = {doc_id: i for i, (doc_id, _) in enumerate(store.document_labels())}
    result.targets.sort(key=lambda t: (order.get(t.doc_id, 1 << 30), t.doc_id, _position(store, t), t.span or (0, 0)))
    return result


def _position(store: Store, target: Target) -> int:
    document = store.document(target.doc_id)
    return document.position(target.eid) if document.get(target.eid) is not None else 1 << 30


def code(store: Store, targets: list[Target], theme: str | int, coder: str | None = None) -> HitReport:
    """Tag every place with the theme, in one transaction."""
    report = HitReport()
    with store.transaction():
        for target in targets:
            ids = store.tag(target.doc_id, [target.eid], theme, coder=coder, span=target.span).annotation_ids
            if ids:
                report.coded += ids
                report.documents.add(target.doc_id)
            else:
                report.already += 1
    return report

"""Markdown notes: title, scope, a theme × document summary, then each annotation quoted and cited.

Every piece of text that comes from a document, a note or a theme name goes through `escape`, so it
can never become Markdown or HTML markup.
"""

from __future__ import annotations

import re
from collections import Counter

from gui.core.citation import superscript, with_marks
from gui.export.notes import NoteItem, Notes

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#+!|])")  # no link can form without [ ], so ( ) stay readable
_ENTITY = re.compile(r"&(?=#?\w+;)")  # only an & that would start an entity needs escaping
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])", re.MULTILINE)
_LEADING_MARK = re.compile(r"^(\s*)(-)", re.MULTILINE)
_LEADING_EQUALS = re.compile(r"^(\s*)=", re.MULTILINE)  # a line of = would make a heading; \= is no escape


def escape(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text (no links, no HTML, no lists)."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\2\\\3", text)
    text = _LEADING_EQUALS.sub(r"\1&#61;", text)
    return _LEADING_MARK.sub(r"\1\\\2", text)


def _quote(text: str) -> str:
    lines = [escape(line) for line in text.replace("\r", "").split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _entries(items: list[NoteItem]) -> list[list[NoteItem]]:
    """Annotations of the same passage (same block and span: several themes or coders) read as one entry."""
    groups: dict[tuple[str, str | None, tuple[int, int] | None, str], list[NoteItem]] = {}
    for item in items:
        a = item.annotation
        groups.setdefault((item.doc_id, a.eid, a.span, a.quote), []).append(item)
    return list(groups.values())


def _passage(item: NoteItem) -> str:
    """The quotation: the tagged block, or — for a tag on some words — the block with those words in bold;
    footnote marks stand where the document printed them."""
    a, block = item.annotation, item.block
    if a.span is None or not item.passage or item.passage[a.span[0]:a.span[1]] != a.quote or "\n" in item.passage:
        whole = block is not None and a.quote == block.text and a.status == "anchored"
        return _quote(with_marks(a.quote, block) if whole and block is not None else a.quote)
    before, words, after = item.passage[:a.span[0]], a.quote, item.passage[a.span[1]:]
    if block is not None and block.refs:
        before, words = with_marks(before, block), with_marks(words, block, a.span[0])
        after = with_marks(after, block, a.span[1])
    # Markdown bold may not start or end with a space: spaces a selection took along stay outside it.
    core = words.strip()
    if not core:
        return _quote(a.quote)
    lead, trail = words[:len(words) - len(words.lstrip())], words[len(words.rstrip()):]
    return f"> {escape(before + lead)}**{escape(core)}**{escape(trail + after)}"


def _entry(group: list[NoteItem], by_document: bool, pictures: dict[str, str] | None = None) -> list[str]:
    """One passage: its citation, the quotation, its section, who coded it with what, and their notes."""
    first = group[0]
    out = [f"### {escape(first.citation)}", "", _passage(first), ""]
    if pictures and first.picture in pictures:  # a token the HTML notes turn into the figure's picture
        out += [pictures[first.picture], ""]
    if first.footnotes:  # the notes the quotation's marks refer to, under it
        out += ["  \n".join(f"{escape(superscript(mark))} {escape(text)}" for mark, text in first.footnotes), ""]
    facts = []
    if first.section and f"“{first.section}”" not in first.citation:  # unnumbered text cites its heading already
        facts.append(f"**Section:** {escape(first.section)}")
    if by_document:  # who coded it with what: "Technology (root, bob); Intelligence (root)"
        coders_of: dict[str, dict[str, None]] = {}
        for i in group:
            coders_of.setdefault(i.theme.name, {})[i.annotation.coder or "unknown"] = None
        facts.append(f"**{'Themes' if len(coders_of) > 1 else 'Theme'}:** " + "; ".join(
            f"{escape(theme)} ({escape(', '.join(coders))})" for theme, coders in coders_of.items()))
    else:
        coders = dict.fromkeys(i.annotation.coder or "unknown" for i in group)
        facts.append(f"**{'Coders' if len(coders) > 1 else 'Coder'}:** " + ", ".join(escape(c) for c in coders))
    if first.annotation.status == "orphan":
        facts.append("**Status:** orphaned — its paragraph changed or was removed")
    out.append(" · ".join(facts))
    several_coders = len({i.annotation.coder for i in group}) > 1
    for item in (i for i in group if i.annotation.note):
        who = [item.annotation.coder or "unknown"] if several_coders else []
        if by_document and len(group) > 1:
            who.append(item.theme.name)
        label = f"**Note** ({escape(', '.join(who))}):" if who else "**Note:**"
        out += ["", f"{label} {escape(item.annotation.note)}"]
    out.append("")
    return out


def render_markdown(notes: Notes, by: str = "theme", pictures: dict[str, str] | None = None) -> str:
    """The notes as Markdown, grouped by theme (default) or by document. `pictures` (for the HTML notes): a
    figure's picture URI → the token to put under its quotation."""
    out = ["# Annotated notes", "", f"*Scope:* {escape(notes.scope)}  ", f"*Exported:* {notes.generated}  ",
           f"*Annotations:* {len(notes.items)}", ""]
    doc_names = {d.id: d.symbol or d.id for d in notes.documents}
    # Passages, not annotations: two coders' tags on one paragraph are one passage (and one entry below).
    counts = Counter((theme, doc) for theme, doc, _, _ in
                     {(i.theme.id, i.doc_id, i.annotation.eid or i.annotation.id, i.annotation.span)
                      for i in notes.items})
    used_docs = [d for d in doc_names if any(i.doc_id == d for i in notes.items)]
    if notes.items:
        header = " | ".join(escape(doc_names[d]) for d in used_docs)
        out += ["## Summary", "", "Passages coded with each theme, by document:", "", f"| Theme | {header} | Total |",
                "|---|" + "---:|" * (len(used_docs) + 1)]
        for theme in notes.themes:
            row = [counts.get((theme.id, d), 0) for d in used_docs]
            if sum(row):
                out.append(f"| {escape(theme.name)} | " + " | ".join(str(n) for n in row) + f" | {sum(row)} |")
        out.append("")
        out += ["## Documents", "", "| Document | Date | Title |", "|---|---|---|"]
        for doc_id in used_docs:
            item = next(i for i in notes.items if i.doc_id == doc_id)
            title = " ".join(item.doc_title.split())  # one table row, whatever the title holds
            out.append(f"| {escape(doc_names[doc_id])} | {item.date or '—'} | {escape(title)} |")
        out.append("")
    if by == "document":
        for doc_id in used_docs:
            items = [i for i in notes.items if i.doc_id == doc_id]
            title = items[0].doc_title
            out += [f"## {escape(doc_names[doc_id])}" + (f" — {escape(title)}" if title != doc_names[doc_id] else ""),
                    ""]
            for group in _entries(items):
                out += _entry(group, by_document=True, pictures=pictures)
    else:
        for theme in notes.themes:
            items = [i for i in notes.items if i.theme.id == theme.id]
            if not items:
                continue
            out += [f"## {escape(theme.name)}", ""]
            if theme.description:
                out += [f"*{escape(theme.description)}*", ""]
            for group in _entries(items):
                out += _entry(group, by_document=False, pictures=pictures)
    if not notes.items:
        out += ["No annotations in this scope.", ""]
    return "\n".join(out).rstrip() + "\n"

"""Markdown notes: title, scope, a theme × document summary, then each annotation quoted and cited.

Every piece of text that comes from a document, a note or a theme name goes through `escape`, so it
can never become Markdown or HTML markup.
"""

from __future__ import annotations

import re
from collections import Counter

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


def _entry(group: list[NoteItem], show_theme: bool, show_doc: bool) -> list[str]:
    first = group[0]
    out = [f"#### {escape(first.citation)}", "", _quote(first.annotation.quote), ""]
    facts = []
    if show_doc:
        facts.append(f"**Document:** {escape(first.doc_title)}")
    if first.section:
        facts.append(f"**Section:** {escape(first.section)}")
    if show_theme:
        themes = dict.fromkeys(i.theme.name for i in group)
        facts.append(f"**{'Themes' if len(themes) > 1 else 'Theme'}:** " + ", ".join(escape(t) for t in themes))
    coders = dict.fromkeys(i.annotation.coder or "unknown" for i in group)
    facts.append(f"**{'Coders' if len(coders) > 1 else 'Coder'}:** " + ", ".join(escape(c) for c in coders))
    if first.annotation.status == "orphan":
        facts.append("**Status:** orphaned — its paragraph changed or was removed")
    out.append(" · ".join(facts))
    notes = [i for i in group if i.annotation.note]
    for item in notes:
        who = [] if len(coders) == 1 else [item.annotation.coder or "unknown"]
        if show_theme and len(group) > 1:
            who.append(item.theme.name)
        label = f"**Note** ({escape(', '.join(who))}):" if who else "**Note:**"
        out += ["", f"{label} {escape(item.annotation.note)}"]
    out.append("")
    return out


def render_markdown(notes: Notes, by: str = "theme") -> str:
    """The notes as Markdown, grouped by theme (default) or by document."""
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
    if by == "document":
        for doc_id in used_docs:
            items = [i for i in notes.items if i.doc_id == doc_id]
            out += [f"## {escape(doc_names[doc_id])} — {escape(items[0].doc_title)}", ""]
            for group in _entries(items):
                out += _entry(group, show_theme=True, show_doc=False)
    else:
        for theme in notes.themes:
            items = [i for i in notes.items if i.theme.id == theme.id]
            if not items:
                continue
            out += [f"## {escape(theme.name)}", ""]
            if theme.description:
                out += [f"*{escape(theme.description)}*", ""]
            for group in _entries(items):
                out += _entry(group, show_theme=False, show_doc=True)
    if not notes.items:
        out += ["No annotations in this scope.", ""]
    return "\n".join(out).rstrip() + "\n"

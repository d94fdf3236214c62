"""Markdown notes: title, scope, a theme × document summary, then each annotation quoted and cited.

Every piece of text that comes from a document, a note or a theme name goes through `escape`, so it
can never become Markdown or HTML markup.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from gui.export.notes import NoteItem, Notes

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])", re.MULTILINE)
_LEADING_MARK = re.compile(r"^(\s*)([-=>])", re.MULTILINE)


def escape(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text (no links, no HTML, no lists)."""
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\2\\\3", text)
    return _LEADING_MARK.sub(r"\1\\\2", text)


def _quote(text: str) -> str:
    lines = [escape(line) for line in text.replace("\r", "").split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def _item(item: NoteItem, show_theme: bool, show_doc: bool) -> list[str]:
    a = item.annotation
    heading = escape(item.citation)
    out = [f"#### {heading}", ""]
    out.append(_quote(a.quote))
    out.append("")
    facts = []
    if show_doc:
        facts.append(f"**Document:** {escape(item.doc_title)}")
    if item.section:
        facts.append(f"**Section:** {escape(item.section)}")
    if show_theme:
        facts.append(f"**Theme:** {escape(item.theme.name)}")
    facts.append(f"**Coder:** {escape(a.coder or 'unknown')}")
    if a.status == "orphan":
        facts.append("**Status:** orphaned — its paragraph changed or was removed")
    out.append(" · ".join(facts))
    if a.note:
        out += ["", f"**Note:** {escape(a.note)}"]
    out.append("")
    return out


def render_markdown(notes: Notes, by: str = "theme") -> str:
    """The notes as Markdown, grouped by theme (default) or by document."""
    out = ["# Annotated notes", "", f"*Scope:* {escape(notes.scope)}  ", f"*Exported:* {notes.generated}  ",
           f"*Annotations:* {len(notes.items)}", ""]
    doc_names = {d.id: d.symbol or d.id for d in notes.documents}
    counts = Counter((i.theme.id, i.doc_id) for i in notes.items)
    used_docs = [d for d in doc_names if any(i.doc_id == d for i in notes.items)]
    if notes.items:
        out += ["## Summary", "", "| Theme | " + " | ".join(escape(doc_names[d]) for d in used_docs) + " | Total |",
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
            for item in items:
                out += _item(item, show_theme=True, show_doc=False)
    else:
        for theme in notes.themes:
            items = [i for i in notes.items if i.theme.id == theme.id]
            if not items:
                continue
            out += [f"## {escape(theme.name)}", ""]
            if theme.description:
                out += [f"*{escape(theme.description)}*", ""]
            for item in items:
                out += _item(item, show_theme=False, show_doc=True)
    if not notes.items:
        out += ["No annotations in this scope.", ""]
    return "\n".join(out).rstrip() + "\n"

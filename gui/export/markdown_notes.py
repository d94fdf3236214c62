"""Markdown notes that read like a briefing: the title, the scope (documents, themes, coders, passages) and the
date first; an optional summary matrix (passages per theme and document); the documents, each symbol linked to
the UN's document system; then each passage quoted and cited, with its themes and coders.

Every piece of text that comes from a document, a note, a coder or a theme name goes through `escape`, so it
can never become Markdown or HTML markup. The HTML notes pass `Placeholders`: tokens that this module puts where
the table of contents, a theme's colour chip, a summary cell's shading, a figure's picture and the bounds of each
passage belong, and that they turn into markup after sanitising (the Markdown file has none: it stays plain text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from gui.core.annotations import Theme
from gui.core.citation import superscript, with_marks
from gui.core.metadata import SYMBOL
from gui.export.notes import NoteItem, Notes
from gui.export.timestamps import readable_date, readable_moment

UNDOCS = "https://undocs.org/"  # the UN's Official Document System resolves a symbol to the document
RECOGNISED = "(OCR)"  # beside the citation of a quote read by recognition of a scanned page

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


@dataclass(frozen=True, slots=True)
class Placeholders:
    """Where the HTML notes put markup of their own, as tokens no document text can hold."""

    contents: str = ""  # the table of contents, after the briefing's head
    chips: dict[int, str] = field(default_factory=dict)  # theme id → the token of its colour chip
    pictures: dict[str, str] = field(default_factory=dict)  # a figure's picture URI → the token for its picture
    heat: str = ""  # a summary cell becomes "{heat}{theme id}x{level}z{count}": shaded in the theme's colour
    entry: tuple[str, str] | None = None  # the paragraphs that open and close each passage

    def chip(self, theme: Theme) -> str:
        token = self.chips.get(theme.id, "")
        return f"{token} " if token else ""


PLAIN = Placeholders()


def symbol_link(symbol: str | None) -> str | None:
    """`https://undocs.org/S/2017/130` for a UN document symbol; None for anything else (an id, a stray text)."""
    if not symbol or not SYMBOL.fullmatch(symbol):
        return None
    return UNDOCS + quote(symbol, safe="/")


def document_name(name: str, symbol: str | None) -> str:
    """The document as Markdown: its symbol linked to the document, or its name as text."""
    link = symbol_link(symbol)
    return f"[{escape(name)}]({link})" if link and name == symbol else escape(name)


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


def _entry(notes: Notes, group: list[NoteItem], by_document: bool, marks: Placeholders) -> list[str]:
    """One passage: its citation, the quotation, its section, who coded it with what, and their notes."""
    first = group[0]
    ocr = f" {RECOGNISED}" if first.recognised is not None else ""  # beside the citation: the text is OCR's
    out = [f"### {escape(first.citation)}{ocr}", "", _passage(first), ""]
    if first.picture in marks.pictures:  # a token the HTML notes turn into the figure's picture
        out += [marks.pictures[first.picture], ""]
    if first.footnotes:  # the notes the quotation's marks refer to, under it
        out += ["  \n".join(f"{escape(superscript(mark))} {escape(text)}" for mark, text in first.footnotes), ""]
    facts = []
    if first.section and f"“{first.section}”" not in first.citation:  # unnumbered text cites its heading already
        facts.append(f"**Section:** {escape(first.section)}")
    if by_document:  # who coded it with what: "Technology (root, bob); Intelligence (root)"
        coders_of: dict[int, dict[str, None]] = {}
        themes = {i.theme.id: i.theme for i in group}
        for i in group:
            coders_of.setdefault(i.theme.id, {})[i.annotation.coder or "unknown"] = None
        facts.append(f"**{'Themes' if len(coders_of) > 1 else 'Theme'}:** " + "; ".join(
            f"{marks.chip(themes[t])}{escape(notes.label(themes[t]))} ({escape(', '.join(coders))})"
            for t, coders in coders_of.items()))
    else:
        coders = dict.fromkeys(i.annotation.coder or "unknown" for i in group)
        facts.append(f"**{'Coders' if len(coders) > 1 else 'Coder'}:** " + ", ".join(escape(c) for c in coders))
    if first.annotation.status == "orphan":
        facts.append("**Status:** orphaned — its paragraph changed or was removed")
    if first.recognised is not None:
        doubted = ", ".join(f"“{escape(w)}”" for w in first.recognised.doubtful[:12])
        facts.append(f"**Text:** recognised from a scanned page (OCR), mean confidence "
                     f"{first.recognised.confidence:.0%}; check it against the page"
                     + (f" (words the engine doubted: {doubted})" if doubted else ""))
    out.append(" · ".join(facts))
    several_coders = len({i.annotation.coder for i in group}) > 1
    for item in (i for i in group if i.annotation.note):
        who = [item.annotation.coder or "unknown"] if several_coders else []
        if by_document and len(group) > 1:
            who.append(notes.label(item.theme))
        label = f"**Note** ({escape(', '.join(who))}):" if who else "**Note:**"
        out += ["", f"{label} {escape(item.annotation.note)}"]
    out.append("")
    if marks.entry:  # the HTML notes keep a passage on one printed page
        out = [marks.entry[0], "", *out, marks.entry[1], ""]
    return out


def _named(notes: Notes) -> list[Theme]:
    """The themes in scope that are not a sub-theme of another in scope: those the export was asked for."""
    return [t for t in notes.themes if not any(t.id in notes.family(o) for o in notes.themes if o.id != t.id)]


def title(notes: Notes) -> str:
    """"Annotated notes", narrowed to what was asked for: "Annotated notes: Protection of civilians (POC) in
    S/2017/130"."""
    named = _named(notes)
    what = ""
    if notes.chosen:
        what = ", ".join(notes.label(t) for t in named) if len(named) <= 3 else f"{len(named)} themes"
    where = ""
    if notes.doc is not None:
        where = next((d.symbol or d.id for d in notes.documents if d.id == notes.doc), notes.doc)
    if what and where:
        return f"Annotated notes: {what} in {where}"
    return f"Annotated notes: {what or where}" if what or where else "Annotated notes"


Passage = tuple[str, str, tuple[int, int] | None]  # document, block (or the annotation, for an orphan), span


class _Counts:
    """Passages per theme and document, a theme counting its sub-themes' too: two coders' (or a theme's and
    its sub-theme's) tags on one paragraph are one passage."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.coded: dict[int, dict[str, set[Passage]]] = {}
        for i in notes.items:
            key = (i.doc_id, i.annotation.eid or i.annotation.id, i.annotation.span)
            self.coded.setdefault(i.theme.id, {}).setdefault(i.doc_id, set()).add(key)

    def of(self, theme: Theme, doc_id: str | None = None) -> int:
        found: set[Passage] = set()
        for member in self.notes.family(theme):
            by_doc = self.coded.get(member, {})
            for passages in (by_doc.values() if doc_id is None else [by_doc.get(doc_id, set())]):
                found |= passages
        return len(found)

    def in_document(self, doc_id: str) -> int:
        return len({p for by_doc in self.coded.values() for p in by_doc.get(doc_id, ())})


def _listed(notes: Notes, used: list[tuple[Theme, int]], marks: Placeholders) -> list[str]:
    """"POC: 7 (Early warning and rapid response: 1)": each theme's passages, its sub-themes' in brackets after
    it (a parent's count takes its sub-themes' in)."""
    out = []
    for top, count in used:
        if any(top.id in notes.family(o) for o, _ in used if o.id != top.id):
            continue  # a sub-theme: said within its parent
        inner = [f"{marks.chip(t)}{escape(notes.label(t).removeprefix(notes.label(top) + ' › '))}: {n}"
                 for t, n in used if t.id != top.id and t.id in notes.family(top)]
        out.append(f"{marks.chip(top)}{escape(notes.label(top))}: {count}" + (f" ({', '.join(inner)})" if inner
                                                                              else ""))
    return out


def _head(notes: Notes, counts: _Counts, used_docs: list[str], marks: Placeholders) -> list[str]:
    """Title, then the scope — documents, themes, coders, passages — and the date, as a reader writes it."""
    infos = {d.id: d for d in notes.documents}
    if notes.doc is not None and notes.doc in infos:
        info = infos[notes.doc]
        name, full = info.symbol or info.id, " ".join((info.title or "").split())
        documents = document_name(name, info.symbol) + (f" — {escape(full)}" if full and full != name else "")
    elif len(used_docs) == len(notes.documents):
        documents = f"all {len(used_docs)} documents"
    else:
        documents = f"{len(used_docs)} of {len(notes.documents)} documents have passages"
    used = [(t, n) for t in notes.themes if (n := counts.of(t))]
    listed = " · ".join(_listed(notes, used, marks))
    if notes.chosen:  # a named theme without passages is said; its sub-themes are not listed one by one
        unused = [escape(notes.label(t)) for t in _named(notes) if not counts.of(t)]
        themes = "; ".join(part for part in (listed, "no passages: " + ", ".join(unused) if unused else "") if part)
    else:
        themes = f"{len(used)} of {len(notes.themes)} used — {listed}" if used else "none used"
    coders = notes.coders()
    facts = [f"**Documents:** {documents}", f"**Themes:** {themes}",
             f"**{'Coders' if len(coders) > 1 else 'Coder'}:** " + (", ".join(escape(c) for c in coders) or "none"),
             f"**Passages:** {len(_entries(notes.items))} ({len(notes.items)} annotations)",
             f"**Exported:** {readable_moment(notes.generated)}"]
    return [f"# {escape(title(notes))}", "", "  \n".join(facts), ""]


def _summary(notes: Notes, counts: _Counts, used_docs: list[str], doc_names: dict[str, str],
             marks: Placeholders) -> list[str]:
    """The matrix: passages per theme (a sub-theme's counting for its parent too) and document."""
    header = " | ".join(escape(doc_names[d]) for d in used_docs)
    out = ["## Summary", "", "Passages coded with each theme (and its sub-themes), by document:", "",
           f"| Theme | {header} | Total |", "|---|" + "---:|" * (len(used_docs) + 1)]
    rows = [(t, [counts.of(t, d) for d in used_docs]) for t in notes.themes]
    top = max((n for _, row in rows for n in row), default=0)
    for theme, row in rows:
        if not sum(row):
            continue
        name = "› " * notes.label(theme).count(" › ") + escape(theme.name)  # a sub-theme under its parent
        cells = [(f"{marks.heat}{theme.id}x{max(1, round(4 * n / top))}z" if marks.heat and n else "")
                 + (str(n) if n else "·") for n in row]
        out.append(f"| {marks.chip(theme)}{name} | " + " | ".join(cells) + f" | {counts.of(theme)} |")
    return [*out, ""]


def _documents(notes: Notes, counts: _Counts, used_docs: list[str], doc_names: dict[str, str]) -> list[str]:
    """The documents with passages: symbol (linked), date (never broken over two lines), title, passages."""
    first: dict[str, NoteItem] = {}
    for item in notes.items:
        first.setdefault(item.doc_id, item)
    out = ["## Documents", "", "| Document | Date | Title | Passages |", "|---|---|---|---:|"]
    for doc_id in used_docs:
        item = first[doc_id]
        full = " ".join(item.doc_title.split())  # one table row, whatever the title holds
        date = escape(readable_date(item.date)) if item.date else "—"
        out.append(f"| {document_name(doc_names[doc_id], item.symbol)} | {date} | {escape(full)} | "
                   f"{counts.in_document(doc_id)} |")
    return [*out, ""]


def render_markdown(notes: Notes, by: str = "theme", matrix: bool = False, marks: Placeholders = PLAIN) -> str:
    """The notes as Markdown, grouped by theme (default) or by document; `matrix`: with the summary of passages
    per theme and document at the top. `marks`: the HTML notes' placeholders (none for a Markdown file)."""
    doc_names = {d.id: d.symbol or d.id for d in notes.documents}
    for item in notes.items:  # a document the library no longer lists still has a name
        doc_names.setdefault(item.doc_id, item.symbol or item.doc_id)
    present = {i.doc_id for i in notes.items}
    used_docs = [d for d in doc_names if d in present]
    counts = _Counts(notes)
    out = _head(notes, counts, used_docs, marks)
    if notes.items:
        if marks.contents:
            out += [marks.contents, ""]
        if matrix:
            out += _summary(notes, counts, used_docs, doc_names, marks)
        out += _documents(notes, counts, used_docs, doc_names)
    out += codebook_section(notes, marks) + memo_section(notes)
    if by == "document":
        of_document: dict[str, list[NoteItem]] = {}
        for item in notes.items:
            of_document.setdefault(item.doc_id, []).append(item)
        for doc_id in used_docs:
            items = of_document[doc_id]
            full = " ".join(items[0].doc_title.split())
            heading = document_name(doc_names[doc_id], items[0].symbol)
            out += [f"## {heading}" + (f" — {escape(full)}" if full != doc_names[doc_id] else ""), ""]
            for group in _entries(items):
                out += _entry(notes, group, by_document=True, marks=marks)
    else:
        of_theme: dict[int, list[NoteItem]] = {}
        for item in notes.items:
            of_theme.setdefault(item.theme.id, []).append(item)
        for theme in notes.themes:
            items = of_theme.get(theme.id, [])
            if not items:
                continue
            out += [f"## {marks.chip(theme)}{escape(notes.label(theme))}", ""]
            if theme.description and not _has_codebook(notes):  # else its definition is in the codebook
                out += [f"*{escape(theme.description)}*", ""]
            for group in _entries(items):
                out += _entry(notes, group, by_document=False, marks=marks)
    if not notes.items:
        out += ["No annotations in this scope.", ""]
    return "\n".join(out).rstrip() + "\n"


_PARTS = {"definition": "Definition", "inclusion": "Use when", "exclusion": "Do not use when"}


def _memo_text(text: str) -> str:
    """A memo's paragraphs, escaped, its line breaks kept."""
    return "  \n".join(escape(line) for line in text.splitlines() if line.strip())


def codebook_section(notes: Notes, marks: Placeholders = PLAIN) -> list[str]:
    """"## Codebook": each theme that the passages use (itself or through a sub-theme) and that has a memo,
    with its definition, when to use it and when not, and its anchor examples (cited, quoted) — when one of them
    has more than a definition."""
    out: list[str] = []
    if not _has_codebook(notes):
        return []
    used = {i.theme.id for i in notes.items}
    for theme in notes.themes:
        memos = notes.theme_memos(theme)
        if not memos or not (used & notes.family(theme)):  # the themes this briefing's passages use
            continue
        out += [f"### {marks.chip(theme)}{escape(notes.label(theme))}", ""]
        for memo in memos:
            if memo.field in _PARTS:
                out += [f"**{_PARTS[memo.field]}.** {_memo_text(memo.text)}", ""]
        examples = [m for m in memos if m.field == "example"]
        if examples:
            out += ["**Examples.**", ""]
            for memo in examples:
                where = f"{escape(memo.citation)}: " if memo.citation else ""
                quote = f"“{escape(' '.join(memo.quote.split()))}” — " if memo.quote else ""
                out.append(f"- {where}{quote}{_memo_text(memo.text)}")
            out.append("")
    return ["## Codebook", "", *out] if out else []


def _has_codebook(notes: Notes) -> bool:
    """A theme the passages use has a memo beyond its definition (else each theme's definition is said under
    its heading, as it always was)."""
    used = {i.theme.id for i in notes.items}
    return any(m.field != "definition" and m.theme_id is not None
               and used & notes.families.get(m.theme_id, frozenset((m.theme_id,))) for m in notes.memos)


def memo_section(notes: Notes) -> list[str]:
    """"## Memos": the analyst's memos on the documents in scope and on their passages, cited."""
    memos = notes.document_memos()
    if not memos:
        return []
    out = ["## Memos", ""]
    for memo in memos:
        quote = f" “{escape(' '.join(memo.quote.split()))}”" if memo.quote else ""
        out += [f"**{escape(memo.citation)}.**{quote}", "", _memo_text(memo.text), ""]
    return out


"""What every export is made of: annotations with their citation, section and quote, in reading order."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime

from gui.core.annotations import Annotation, Theme
from gui.core.citation import citation, place_from_eid, section_text
from gui.core.model import Block, Document, Kind
from gui.core.pdf.render import figure_picture
from gui.core.themes import family, lineage
from gui.export.atomic import Progress
from gui.store import DocumentInfo, Store


@dataclass(frozen=True, slots=True)
class Recognition:
    """A quote that came from recognition (OCR) of a scanned page: its block's mean confidence (0–1), the
    words of the quote the engine doubted, and the engine — so that an export can say the text may differ from
    the printed page."""

    confidence: float
    doubtful: tuple[str, ...]
    engine: str


@dataclass(frozen=True, slots=True)
class NoteItem:
    """One annotation, ready to cite."""

    annotation: Annotation
    doc_id: str
    symbol: str | None
    doc_title: str
    citation: str  # "S/2017/130, para. 83"
    section: str  # the heading it sits under ("E. Protection of civilians: …")
    number: str  # printed number ("83", "5 (a)") or ""
    theme: Theme
    passage: str = ""  # the whole block's text (a tag on some words is quoted within it)
    date: str = ""  # the document's date (ISO)
    block: Block | None = None  # the block it is anchored on (its footnote marks go back into the quotation)
    footnotes: tuple[tuple[str, str], ...] = ()  # (mark, text) of the notes the block refers to
    picture: str = ""  # a figure's picture as a data: URI (HTML notes only)
    recognised: Recognition | None = None  # the quote was read by recognition of a scanned page (None: text layer)


@dataclass(frozen=True, slots=True)
class MemoLine:
    """A memo ready to print: what it is, where it points (cited) and the passage's words."""

    field: str  # "definition", "inclusion", "exclusion", "example", "memo"
    text: str
    citation: str = ""  # of the passage it is linked to ("S/2017/130, para. 83"), else ""
    quote: str = ""  # the passage's words
    theme_id: int | None = None
    doc_id: str | None = None
    eid: str | None = None
    gone: bool = False  # the passage is no longer in the document


@dataclass(slots=True)
class Notes:
    """A scope of annotations plus what is needed to describe it."""

    items: list[NoteItem]
    themes: list[Theme]  # in codebook order, each theme followed by its sub-themes
    documents: list[DocumentInfo]
    scope: str
    generated: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    doc: str | None = None  # the one document asked for, else every document
    chosen: bool = False  # the themes were named (else: every theme)
    labels: dict[int, str] = field(default_factory=dict)  # theme id → "POC › Early warning"
    families: dict[int, frozenset[int]] = field(default_factory=dict)  # theme id → it and its sub-themes
    memos: list[MemoLine] = field(default_factory=list)  # of the themes and documents in scope, codebook first

    def theme_memos(self, theme: Theme) -> list[MemoLine]:
        """The theme's definition, inclusion, exclusion and examples (in that order)."""
        return [m for m in self.memos if m.theme_id == theme.id]

    def document_memos(self) -> list[MemoLine]:
        """Memos on the documents in scope and on their passages, in reading order."""
        return [m for m in self.memos if m.theme_id is None]

    def label(self, theme: Theme) -> str:
        """The theme as a reader finds it in the codebook: its path from the top ("POC › Early warning")."""
        return self.labels.get(theme.id, theme.name)

    def family(self, theme: Theme) -> frozenset[int]:
        """The theme's id and its sub-themes' (a passage tagged with a sub-theme counts for its parent)."""
        return self.families.get(theme.id, frozenset((theme.id,)))

    def coders(self) -> list[str]:
        """Everyone who coded a passage in scope, by name ("unknown" for a tag without one)."""
        return sorted({i.annotation.coder or "unknown" for i in self.items}, key=str.casefold)


def theme_tree(themes: list[Theme]) -> tuple[dict[int, str], dict[int, frozenset[int]]]:
    """Each theme's label (its path from the top, joined by " › ") and family (its id and every descendant's)."""
    labels = {t.id: " › ".join(p.name for p in lineage(themes, t.id)) for t in themes}
    return labels, {t.id: family(themes, t.id) for t in themes}


def collect(store: Store, doc: str | None = None, themes: list[str | int] | None = None,
            progress: Progress | None = None, pictures: bool = False, coder: str | None = None) -> Notes:
    """Gather the annotations of one document (or all) and chosen themes (or all), in reading order.
    `pictures`: draw each tagged figure from its PDF (for HTML notes); `coder`: one coder's only."""
    all_themes = store.themes()
    labels, families = theme_tree(all_themes)
    named = {store.theme(t).id for t in themes} if themes else None
    # A named theme brings its sub-themes along: tagging with a sub-theme counts for its parent.
    chosen_ids = {i for t in named for i in families[t]} if named is not None else {t.id for t in all_themes}
    chosen = [t for t in all_themes if t.id in chosen_ids]
    by_id = {t.id: t for t in all_themes}
    infos = {d.id: d for d in store.documents(coverage=False)}
    if doc is not None and doc not in infos:
        store.document(doc)  # raises the store's clear "no document" error
    items: list[NoteItem] = []
    drawn: dict[tuple[str, str], str] = {}  # a figure tagged twice is drawn once
    annotations = store.annotations(doc=doc, coder=coder)
    for done, annotation in enumerate(annotations):
        if progress and done % 200 == 0:
            progress(done, len(annotations))
        if annotation.theme_id not in chosen_ids:
            continue
        document = store.document(annotation.doc_id)
        block = document.get(annotation.eid) if annotation.eid else None
        cited, number = citation(document, block, annotation.doc_id)
        info = infos.get(annotation.doc_id)
        title = (info.title if info else None) or document.symbol or annotation.doc_id
        footnotes = tuple((mark, note.text) for _, mark, eid in (block.refs if block is not None else ())
                          if (note := document.get(eid)) is not None)
        picture = ""
        if pictures and block is not None and block.kind is Kind.FIGURE and block.boxes and document.path:
            key = (annotation.doc_id, block.eid)
            if key not in drawn:
                png = figure_picture(document.path, block.boxes[0])
                drawn[key] = "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else ""
            picture = drawn[key]
        items.append(NoteItem(annotation, annotation.doc_id, document.symbol, title, cited,
                              section_text(document, block), number, by_id[annotation.theme_id],
                              block.text if block is not None else "", document.date or "", block, footnotes,
                              picture, _recognition(document, block, annotation.quote)))
    scope_doc = (infos[doc].symbol or doc) if doc else "all documents"
    scope_themes = ", ".join(labels[t.id] for t in chosen) if themes else "all themes"
    documents = [infos[doc]] if doc else list(infos.values())
    return Notes(items, chosen, documents, f"{scope_doc}; {scope_themes}", doc=doc, chosen=named is not None,
                 labels=labels, families=families, memos=memo_lines(store, chosen_ids, doc))


def _recognition(document: Document, block: Block | None, quote: str) -> Recognition | None:
    """How recognition read the quoted block, if it did (an orphan's block is gone: None)."""
    found = document.recognised.block(block.eid) if document.recognised is not None and block is not None else None
    if found is None or document.recognised is None:
        return None
    words = set(quote.split())
    return Recognition(found[0], tuple(dict.fromkeys(w for w in found[1] if w in words)), document.recognised.engine)


def memo_lines(store: Store, theme_ids: set[int], doc: str | None) -> list[MemoLine]:
    """The memos an export carries: the chosen themes' (definition, inclusion, exclusion, examples) and, for
    every theme or all, the memos on the documents in scope and their passages; each linked passage cited."""
    out: list[MemoLine] = []
    cited: dict[tuple[str, str], str] = {}
    for memo in store.memos(doc=doc) if doc is not None else store.memos():
        if memo.theme_id is not None and memo.theme_id not in theme_ids:
            continue
        if memo.theme_id is None and len(theme_ids) < len(store.themes()):
            continue  # notes on chosen themes carry those themes' memos, not every document's
        where = ""
        if memo.doc_id and memo.eid and memo.passage_gone:  # an orphan: its number may be another's now
            where = f"{_document_name(store, memo.doc_id)}, {place_from_eid(memo.eid)} (no longer in the document)"
        elif memo.doc_id and memo.eid:
            key = (memo.doc_id, memo.eid)
            if key not in cited:
                cited[key] = _cite_place(store, memo.doc_id, memo.eid)
            where = cited[key]
        elif memo.doc_id:
            where = _document_name(store, memo.doc_id)
        out.append(MemoLine(memo.field, memo.text, where, memo.quote, memo.theme_id, memo.doc_id, memo.eid,
                            memo.passage_gone))
    return out


def _document_name(store: Store, doc_id: str) -> str:
    row = store.db.execute("SELECT symbol FROM documents WHERE id = ?", [doc_id]).fetchone()
    return str(row[0]) if row and row[0] else doc_id


def _cite_place(store: Store, doc_id: str, eid: str) -> str:
    """A memo's passage cited as the notes cite passages; one that is gone by its number alone."""
    from gui.core.citation import place_from_eid
    from gui.store import StoreError

    try:
        document = store.document(doc_id)
    except StoreError:
        return f"{_document_name(store, doc_id)}, {place_from_eid(eid)}"
    block = document.get(eid)
    if block is None:
        return f"{document.symbol or doc_id}, {place_from_eid(eid)} (no longer in the document)"
    return citation(document, block, doc_id)[0]

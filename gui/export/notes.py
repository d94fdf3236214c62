"""What every export is made of: annotations with their citation, section and quote, in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from gui.core.annotations import Annotation, Theme
from gui.core.model import Block, Document, Kind
from gui.export.atomic import Progress
from gui.store import DocumentInfo, Store


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


@dataclass(slots=True)
class Notes:
    """A scope of annotations plus what is needed to describe it."""

    items: list[NoteItem]
    themes: list[Theme]
    documents: list[DocumentInfo]
    scope: str
    generated: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def _doc_name(info: DocumentInfo | None, document: Document, doc_id: str) -> str:
    return document.symbol or (info.title if info and info.title else None) or doc_id


def citation_of(document: Document, block: Block | None, doc_id: str) -> tuple[str, str]:
    """("S/2017/130, para. 83", "83"); for unnumbered documents the section heading stands in."""
    name = document.symbol or doc_id
    if block is None:
        return f"{name} (orphaned annotation)", ""
    if block.kind is Kind.PARAGRAPH and block.num:
        return f"{name}, para. {block.num}", block.num
    if block.kind is Kind.POINT and block.num:
        parents = [a for a in document.ancestors(block.eid) if a.kind is Kind.PARAGRAPH and a.num]
        number = f"{parents[0].num} ({block.num})" if parents else f"({block.num})"
        return f"{name}, para. {number}", number
    if block.kind is Kind.FOOTNOTE:
        return f"{name}, footnote {block.num or ''}".rstrip(), block.num or ""
    section = document.section_of(block.eid) if block.kind is not Kind.HEADING else block
    where = f"“{section.text}”" if section is not None else block.eid
    return f"{name}, {where}", ""


def section_text(document: Document, block: Block | None) -> str:
    if block is None:
        return ""
    section = document.section_of(block.eid)
    if section is None:
        return ""
    return f"{section.num}. {section.text}" if section.num else section.text


def collect(store: Store, doc: str | None = None, themes: list[str | int] | None = None,
            progress: Progress | None = None) -> Notes:
    """Gather the annotations of one document (or all) and chosen themes (or all), in reading order."""
    all_themes = store.themes()
    chosen = [store.theme(t) for t in themes] if themes else all_themes
    chosen_ids = {t.id for t in chosen}
    by_id = {t.id: t for t in all_themes}
    infos = {d.id: d for d in store.documents()}
    if doc is not None and doc not in infos:
        store.document(doc)  # raises the store's clear "no document" error
    items: list[NoteItem] = []
    annotations = store.annotations(doc=doc)
    for done, annotation in enumerate(annotations):
        if progress and done % 200 == 0:
            progress(done, len(annotations))
        if annotation.theme_id not in chosen_ids:
            continue
        document = store.document(annotation.doc_id)
        block = document.get(annotation.eid) if annotation.eid else None
        citation, number = citation_of(document, block, annotation.doc_id)
        info = infos.get(annotation.doc_id)
        items.append(NoteItem(annotation, annotation.doc_id, document.symbol,
                              _doc_name(info, document, annotation.doc_id) if not info or not info.title
                              else info.title, citation, section_text(document, block), number,
                              by_id[annotation.theme_id]))
    scope_doc = (infos[doc].symbol or doc) if doc else "all documents"
    scope_themes = ", ".join(t.name for t in chosen) if themes else "all themes"
    documents = [infos[doc]] if doc else list(infos.values())
    return Notes(items, chosen, documents, f"{scope_doc}; {scope_themes}")

"""Merging a colleague's annotations into this database: placed by quote, coders kept, duplicates known."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from gui.core.anchor import make_anchor, reanchor
from gui.core.annotations import Anchor, Annotation
from gui.core.model import Document
from gui.export.atomic import Progress
from gui.export.jsonld import ForeignAnnotation
from gui.store import DocumentInfo, Store


@dataclass(slots=True)
class MergeReport:
    merged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (id, why)
    themes_created: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"merged {len(self.merged)}, duplicates {len(self.duplicates)}, "
                 f"could not be placed {len(self.unplaced)}"]
        if self.themes_created:
            lines.append("new themes: " + ", ".join(self.themes_created))
        lines += [f"  not placed {ann_id[:8]}: {why}" for ann_id, why in self.unplaced]
        return "\n".join(lines)


def find_document(documents: list[DocumentInfo], hint: str) -> str | None:
    """Our document for a colleague's reference: an id, a symbol (S/2017/130) or a title."""
    for info in documents:
        if hint in (info.id, info.symbol, info.title) or (info.symbol and hint.replace("/", "-") == info.id):
            return info.id
    return None


def add_codebook(store: Store, codes: list[dict[str, str]], report: MergeReport) -> None:
    known = {t.name.casefold() for t in store.themes()}
    for code in codes:
        if code["name"] and code["name"].casefold() not in known:
            store.add_theme(code["name"], color=code.get("color") or "#888888",
                            description=code.get("description", ""))
            known.add(code["name"].casefold())
            report.themes_created.append(code["name"])


def merge(store: Store, foreign: list[ForeignAnnotation], theme_map: dict[str, str] | None = None,
          create_themes: bool = True, progress: Progress | None = None) -> MergeReport:
    """Place each annotation on our documents by its quote; unknown themes are created (or mapped).

    All placed annotations are written in one transaction: a merge lands whole or not at all.
    """
    with store.transaction():
        return _merge(store, foreign, theme_map or {}, create_themes, progress)


def _merge(store: Store, foreign: list[ForeignAnnotation], theme_map: dict[str, str], create_themes: bool,
           progress: Progress | None) -> MergeReport:
    report = MergeReport()
    documents: dict[str, Document] = {}
    existing = store.annotations()
    known_ids = {a.id for a in existing}
    known_places = {(a.doc_id, a.eid, a.theme_id, a.coder, a.span) for a in existing}
    themes = {t.name.casefold(): t for t in store.themes()} | {t.key.casefold(): t for t in store.themes()}
    infos = store.documents()
    batch: list[Annotation] = []
    for done, ann in enumerate(foreign):
        if progress:
            progress(done, len(foreign))
        doc_id = find_document(infos, ann.doc_hint)
        if doc_id is None:
            report.unplaced.append((ann.id, f"no document matching {ann.doc_hint!r}"))
            continue
        document = documents.setdefault(doc_id, store.document(doc_id))
        old = Anchor(ann.exact, ann.prefix, ann.suffix, ann.start, ann.end)
        placement = reanchor(document, old, ann.eid, None if ann.whole_block else (0, len(ann.exact)))
        if placement.outcome == "orphan" or placement.anchor is None or placement.eid is None:
            report.unplaced.append((ann.id, f"quote not found in {doc_id}: “{ann.exact[:50]}”"))
            continue
        eid, span, anchor = placement.eid, placement.span, placement.anchor
        if span == (0, len(document.block(eid).text)):  # a selection of a whole block is a block tag
            span, anchor = None, make_anchor(document, eid)
        for theme_name in ann.themes or ("Imported",):
            name = theme_map.get(theme_name, theme_name)
            theme = themes.get(name.casefold())
            if theme is None:
                if not create_themes:
                    report.unplaced.append((ann.id, f"unknown theme {name!r}"))
                    continue
                theme = themes[name.casefold()] = store.add_theme(name)
                report.themes_created.append(name)
            ann_id = ann.id if len(ann.themes) <= 1 and _is_uuid(ann.id) else \
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ann.id}#{name}"))  # the same on every re-import
            place = (doc_id, eid, theme.id, ann.coder, span)
            if ann_id in known_ids or place in known_places:
                report.duplicates.append(ann.id)
                continue
            batch.append(Annotation(
                id=ann_id, doc_id=doc_id, eid=eid, theme_id=theme.id, theme=theme.name,
                anchor=anchor, note=ann.note, coder=ann.coder, created=ann.created or "",
                modified=ann.modified or ann.created or "", span=span))
            known_ids.add(ann_id)
            known_places.add(place)
            report.merged.append(ann_id)
    store.restore_annotations(batch)
    if progress:
        progress(len(foreign), len(foreign))
    return report


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True

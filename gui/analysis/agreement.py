"""Inter-coder agreement on the bundled unit of coding: the body block.

Every body block (paragraph, point, list item, table, footnote, figure) of each document in scope is a unit. A
document is in scope when every compared coder has at least one annotation in it, or when the analyst names
it. A coder's decision on a unit and a theme is "tagged" when they have an anchored annotation of that theme on
the block — a tag on a few words counts for its block — and "not tagged" otherwise. Orphaned annotations have
no block and take no part. Figures are given per theme and for all themes pooled (every unit × theme decision
counted once), for the corpus and for each document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gui.analysis import AnalysisError, named_documents
from gui.analysis.measures import Agreement, measure
from gui.core.annotations import Annotation, Theme
from gui.core.citation import citation
from gui.core.model import Block, Document
from gui.core.themes import lineage
from gui.store import DocumentInfo, Store

ALL_THEMES = "All themes"
CONSENSUS = "consensus"  # the coder a lead's adopted decisions are credited to (Compare coders in the reader)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A unit on which the coders decided differently for one theme: the passage, cited, and who tagged it."""

    doc_id: str
    eid: str
    theme: Theme
    citation: str  # "S/2017/130, para. 83"
    text: str  # the block's text
    tagged_by: tuple[str, ...]
    not_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement of `coders` on `themes` over the documents in scope: corpus figures (per theme, then the
    pooled line last), the same per document, and every disagreement in reading order."""

    coders: tuple[str, ...]
    documents: tuple[DocumentInfo, ...]
    themes: tuple[Theme, ...]
    corpus: tuple[Agreement, ...]
    by_document: dict[str, tuple[Agreement, ...]]
    disagreements: tuple[Disagreement, ...]

    def theme_figures(self, theme_id: int | None, doc_id: str | None = None) -> Agreement:
        """The line for one theme (None: all themes pooled), for the corpus or for one document."""
        lines = self.corpus if doc_id is None else self.by_document[doc_id]
        return next(line for line in lines if line.theme_id == theme_id)


Decided = dict[tuple[str, str, int], set[str]]
"""Who tagged each (document id, block eid, theme id)."""


def decided(annotations: Iterable[Annotation], codebook: Sequence[Theme]) -> Decided:
    """Each coder's "tagged" decisions: an anchored annotation on a block, or on some words of it, is a decision
    for its theme on that block and for every broader theme above it (a sub-theme counts for its parent)."""
    above = {t.id: [t.id for t in lineage(codebook, t.id)] for t in codebook}
    out: Decided = {}
    for a in annotations:
        if a.eid is not None and a.status == "anchored":
            for theme_id in above.get(a.theme_id, [a.theme_id]):
                out.setdefault((a.doc_id, a.eid, theme_id), set()).add(a.coder)
    return out


def _disagreement(document: Document, doc_id: str, block: Block, theme: Theme, coders: Sequence[str],
                  who: set[str]) -> Disagreement:
    return Disagreement(doc_id=doc_id, eid=block.eid, theme=theme, citation=citation(document, block, doc_id)[0],
                        text=block.text, tagged_by=tuple(c for c in coders if c in who),
                        not_by=tuple(c for c in coders if c not in who))


def compare(store: Store, coders: Sequence[str] | None = None, docs: Sequence[str] | None = None,
            themes: Sequence[str | int] | None = None, suggestions: bool = False) -> AgreementReport:
    """Compute agreement from the database.

    `coders` default to everyone with an anchored annotation; `docs` to the documents every coder has
    annotated; `themes` to the themes any of the coders used in scope (named themes are kept even when
    unused, so that the analyst sees they were not applied). `suggestions`: the theme suggestions learned from
    these coders join them as one more coder (`suggest_coder`: each document suggested on by a model that did
    not learn from it), so that one analyst can already be compared with them.
    """
    annotations = [a for a in store.annotations(status="anchored") if a.eid is not None]
    present = sorted({a.coder for a in annotations})
    needed = 1 if suggestions else 2  # the suggestions are the second coder
    if coders is not None:
        chosen = tuple(dict.fromkeys(c.strip() for c in coders if c.strip()))
        unknown = [c for c in chosen if c not in present]
        if unknown:
            raise AnalysisError(f"--coders: no annotations by {', '.join(unknown)} "
                                f"(coders with annotations: {', '.join(present) or 'none'})")
        if len(chosen) < needed:
            raise AnalysisError("--coders: name two coders or more, separated by commas (e.g. --coders kim,lee)")
    else:
        chosen = tuple(present)
    if len(chosen) < needed:
        found = f"only {chosen[0]}" if chosen else "nobody"
        raise AnalysisError(f"agreement needs {'a coder' if suggestions else 'two coders or more'}; {found} "
                            "has annotations (merge a colleague's export first)")
    library = store.documents(coverage=False)
    if docs:
        in_scope = named_documents(library, docs)
    else:
        coders_in = {d.id: set[str]() for d in library}
        for a in annotations:
            coders_in.setdefault(a.doc_id, set()).add(a.coder)
        in_scope = [d for d in library if set(chosen) <= coders_in[d.id]]
    scope_ids = {d.id for d in in_scope}
    if suggestions:
        from gui.analysis.suggest_coder import SUGGESTIONS_CODER, held_out_annotations

        annotations += held_out_annotations(store.db, chosen, sorted(scope_ids))
        chosen = (*chosen, SUGGESTIONS_CODER)
    codebook = store.themes()
    tagged = decided((a for a in annotations if a.coder in chosen and a.doc_id in scope_ids), codebook)
    if themes:
        theme_list = list(dict.fromkeys(store.theme(t) for t in themes))
    else:
        used = {theme_id for _, _, theme_id in tagged}
        theme_list = [t for t in codebook if t.id in used]
    corpus_rows: dict[int, list[tuple[bool, ...]]] = {t.id: [] for t in theme_list}
    by_document: dict[str, tuple[Agreement, ...]] = {}
    disagreements: list[Disagreement] = []
    for info in in_scope:
        document = store.document(info.id)
        units = [b for b in document.blocks if b.is_body]
        lines: list[Agreement] = []
        pooled: list[tuple[bool, ...]] = []
        for theme in theme_list:
            rows = []
            for block in units:
                who = tagged.get((info.id, block.eid, theme.id), set())
                row = tuple(c in who for c in chosen)
                rows.append(row)
                if len(set(row)) > 1:
                    disagreements.append(_disagreement(document, info.id, block, theme, chosen, who))
            lines.append(measure(theme.name, chosen, rows, theme_id=theme.id, doc_id=info.id))
            corpus_rows[theme.id] += rows
            pooled += rows
        lines.append(measure(ALL_THEMES, chosen, pooled, doc_id=info.id))
        by_document[info.id] = tuple(lines)
    corpus = [measure(t.name, chosen, corpus_rows[t.id], theme_id=t.id) for t in theme_list]
    corpus.append(measure(ALL_THEMES, chosen, [row for t in theme_list for row in corpus_rows[t.id]]))
    order = {t.id: i for i, t in enumerate(theme_list)}
    disagreements.sort(key=lambda d: order[d.theme.id])  # stable: reading order within each theme
    return AgreementReport(coders=chosen, documents=tuple(in_scope), themes=tuple(theme_list), corpus=tuple(corpus),
                           by_document=by_document, disagreements=tuple(disagreements))


@dataclass(frozen=True, slots=True)
class DocumentComparison:
    """Coders compared on one document, block by block (the reader's Compare coders mode): who tagged what, and
    the disagreements in reading order (within a block, in codebook order)."""

    doc_id: str
    coders: tuple[str, ...]
    themes: tuple[Theme, ...]  # the themes any of them used here (a sub-theme's parent included)
    tagged: dict[tuple[str, int], frozenset[str]]  # (eid, theme id) → the coders who tagged it
    disagreements: tuple[Disagreement, ...]

    def decision(self, coder: str, eid: str) -> frozenset[int]:
        """The themes `coder` tagged on block `eid` (a sub-theme's parent included)."""
        return frozenset(t.id for t in self.themes if coder in self.tagged.get((eid, t.id), frozenset()))


def coders_in(store: Store, doc_id: str) -> list[str]:
    """Everyone with an anchored annotation in the document, by name."""
    return sorted({a.coder for a in store.annotations(doc=doc_id, status="anchored") if a.eid is not None})


def compare_document(store: Store, doc_id: str, coders: Sequence[str]) -> DocumentComparison:
    """Compare `coders` on every body block of one document, with the same units and decisions as `compare`.
    One coder (or none) has nobody to disagree with: the decisions are given, the disagreements are none."""
    chosen = tuple(dict.fromkeys(coders))
    document = store.document(doc_id)
    annotations = [a for a in store.annotations(doc=doc_id, status="anchored") if a.coder in chosen]
    codebook = store.themes()
    tagged = decided(annotations, codebook)
    used = {theme_id for _, _, theme_id in tagged}
    themes = tuple(t for t in codebook if t.id in used)
    disagreements = []
    for block in document.blocks:
        if not block.is_body:
            continue
        for theme in themes:
            who = tagged.get((doc_id, block.eid, theme.id), set())
            if len(chosen) > 1 and who and len(who) < len(chosen):
                disagreements.append(_disagreement(document, doc_id, block, theme, chosen, who))
    return DocumentComparison(doc_id=doc_id, coders=chosen, themes=themes,
                              tagged={(eid, theme_id): frozenset(who) for (_, eid, theme_id), who in tagged.items()},
                              disagreements=tuple(disagreements))

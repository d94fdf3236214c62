"""Inter-coder agreement on the bundled unit of coding: the body block.

Every body block (paragraph, point, list item, table, footnote, figure) of each document in scope is a unit. A
document is in scope when every compared coder has at least one annotation in it, or when the analyst names
it. A coder's decision on a unit and a theme is "tagged" when they have an anchored annotation of that theme on
the block — a tag on a few words counts for its block — and "not tagged" otherwise. Orphaned annotations have
no block and take no part. Figures are given per theme and for all themes pooled (every unit × theme decision
counted once), for the corpus and for each document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gui.analysis import AnalysisError, named_documents
from gui.analysis.measures import Agreement, measure
from gui.core.annotations import Theme
from gui.core.citation import citation
from gui.core.themes import lineage
from gui.store import DocumentInfo, Store

ALL_THEMES = "All themes"


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


def compare(store: Store, coders: Sequence[str] | None = None, docs: Sequence[str] | None = None,
            themes: Sequence[str | int] | None = None) -> AgreementReport:
    """Compute agreement from the database.

    `coders` default to everyone with an anchored annotation; `docs` to the documents every coder has
    annotated; `themes` to the themes any of the coders used in scope (named themes are kept even when
    unused, so that the analyst sees they were not applied).
    """
    annotations = [a for a in store.annotations(status="anchored") if a.eid is not None]
    present = sorted({a.coder for a in annotations})
    if coders is not None:
        chosen = tuple(dict.fromkeys(c.strip() for c in coders if c.strip()))
        unknown = [c for c in chosen if c not in present]
        if unknown:
            raise AnalysisError(f"--coders: no annotations by {', '.join(unknown)} "
                                f"(coders with annotations: {', '.join(present) or 'none'})")
        if len(chosen) < 2:
            raise AnalysisError("--coders: name two coders or more, separated by commas (e.g. --coders kim,lee)")
    else:
        chosen = tuple(present)
    if len(chosen) < 2:
        raise AnalysisError(f"agreement needs two coders or more; {'only ' + chosen[0] if chosen else 'nobody'} "
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
    codebook = store.themes()
    # A sub-theme's tag is a decision for every broader theme above it too ("early warning" is POC).
    counts_for = {t.id: [above.id for above in lineage(codebook, t.id)] for t in codebook}
    tagged: dict[tuple[str, str, int], set[str]] = {}
    for a in annotations:
        if a.coder in chosen and a.doc_id in scope_ids:
            for theme_id in counts_for.get(a.theme_id, [a.theme_id]):
                tagged.setdefault((a.doc_id, a.eid or "", theme_id), set()).add(a.coder)
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
                    disagreements.append(Disagreement(
                        doc_id=info.id, eid=block.eid, theme=theme, citation=citation(document, block, info.id)[0],
                        text=block.text, tagged_by=tuple(c for c in chosen if c in who),
                        not_by=tuple(c for c in chosen if c not in who)))
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

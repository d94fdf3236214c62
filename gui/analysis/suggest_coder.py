"""The suggestions as a coder beside the analysts (the agreement view's pseudo-coder), so that a team sees how
far to trust them: κ and α between the suggestions and each analyst, theme by theme.

Fair by construction: the suggestions for a document come from a model that did not learn from that document.
The coded documents are dealt round into FOLDS groups (in document order); each group is suggested on by a
model learned from the others' coding — the same cross-validation by document that sets the thresholds. A
document in scope that the chosen coders did not code is suggested on by the model of all their coding. Only
the suggestions shown in the window (above their theme's threshold) count as the pseudo-coder's tags, each on
the unit's first block (the numbered paragraph, where the reader draws its ghost bar).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from gui.analysis.suggest import MODEL, train
from gui.analysis.suggest_data import coded_themes, document_units, training_state
from gui.core.annotations import Anchor, Annotation

SUGGESTIONS_CODER = "(suggestions)"
"""The pseudo-coder's name in the agreement view (no analyst's annotation is ever credited to it)."""
FOLDS = 3

Progress = Callable[[int, int], None]


def held_out_annotations(db: Any, coders: Sequence[str], doc_ids: Sequence[str],
                         progress: Progress | None = None) -> list[Annotation]:
    """The suggestions shown on the documents `doc_ids`, learned from `coders`' coding of other documents,
    as anchored annotations credited to SUGGESTIONS_CODER (never written to the database)."""
    coded = coded_themes(db, list(coders) or None)
    names = {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM themes")}
    state = training_state(db, list(coders) or None)
    wanted = sorted(set(doc_ids))
    documents = document_units(db, sorted(set(coded) | set(wanted)))
    learned_from = sorted(d for d in coded if d in documents)
    folds = [learned_from[i::FOLDS] for i in range(FOLDS)] if len(learned_from) >= FOLDS else [learned_from]
    plans: list[tuple[list[str], list[str]]] = []  # (documents learned from, documents suggested on)
    for fold in folds:
        others = [d for d in learned_from if d not in fold] if len(folds) > 1 else []
        plans.append((others, [d for d in fold if d in wanted]))
    uncoded = [d for d in wanted if d not in coded and d in documents]
    if uncoded:
        plans.append((learned_from, uncoded))
    out: list[Annotation] = []
    plans = [(teach, on) for teach, on in plans if on and teach]
    for done, (teach, on) in enumerate(plans):
        if progress is not None:
            progress(done, len(plans))
        model = train({d: documents[d] for d in teach}, {d: coded[d] for d in teach}, names, state)
        for doc_id in on:
            for s in model.suggest(documents[doc_id].units):
                if s.suggested:
                    out.append(Annotation(id=str(uuid.uuid4()), doc_id=doc_id, eid=s.eid, theme_id=s.theme_id,
                                          theme=s.theme, anchor=Anchor("", "", "", 0, 0), coder=SUGGESTIONS_CODER,
                                          extra={"suggestion": {"model": MODEL, "version": model.version,
                                                                "score": round(s.score, 4)}}))
    if progress is not None:
        progress(len(plans), len(plans))
    return out


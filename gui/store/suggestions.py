"""Theme suggestions in the Store: accepting one (an annotation that records the model, its version and the
score that made it) and rejecting one (remembered per coder: never suggested there again).

The suggestions themselves are computed in `gui.analysis.suggest`; nothing here applies one on its own —
every write is the analyst's accept or reject.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from gui.store.annotations import AnnotationBook
from gui.store.changes import Changes
from gui.store.themebook import now


@dataclass(frozen=True, slots=True)
class Choice:
    """A suggestion the analyst accepts or rejects: a theme on a paragraph, with the model's score."""

    doc_id: str
    eid: str
    theme_id: int
    score: float
    model: str = ""
    version: str = ""


class SuggestionBook(AnnotationBook):
    """Accepted and rejected suggestions of the Store."""

    def accept_suggestions(self, choices: Sequence[Choice], coder: str | None = None) -> Changes:
        """Tag each paragraph with its suggested theme, in one transaction; each new annotation records the
        suggestion that made it. A paragraph that already carries the theme (from this coder) is left alone."""
        coder = coder if coder is not None else self.default_coder()
        created: list[str] = []
        docs: set[str] = set()
        blocks: set[tuple[str, str]] = set()
        with self._write():  # one transaction: every tag below lands with the others or none does
            for choice in choices:
                ids = self.tag(choice.doc_id, [choice.eid], choice.theme_id, coder=coder).annotation_ids
                provenance = json.dumps({"model": choice.model, "version": choice.version,
                                         "score": round(float(choice.score), 4)})
                for ann_id in ids:
                    self.db.execute("UPDATE annotations SET suggestion = ? WHERE id = ?", [provenance, ann_id])
                created += ids
                docs.add(choice.doc_id)
                blocks.add((choice.doc_id, choice.eid))
        return Changes(docs=frozenset(docs), blocks=frozenset(blocks), annotation_ids=tuple(created))

    def reject_suggestions(self, choices: Sequence[Choice], coder: str | None = None) -> list[Choice]:
        """Remember that the analyst rejected these suggestions (they are never suggested there again); return
        those that were not already rejected (for undo)."""
        coder = coder if coder is not None else self.default_coder()
        new: list[Choice] = []
        stamp = now()
        with self._write() as db:
            for c in choices:
                done = db.execute("INSERT OR IGNORE INTO rejected_suggestions (doc_id, eid, theme_id, coder, score, "
                                  "rejected) VALUES (?, ?, ?, ?, ?, ?)",
                                  [c.doc_id, c.eid, c.theme_id, coder, round(float(c.score), 4), stamp])
                if done.rowcount:
                    new.append(c)
        return new

    def unreject_suggestions(self, choices: Sequence[Choice], coder: str | None = None) -> None:
        """Forget rejections (the undo of a reject)."""
        coder = coder if coder is not None else self.default_coder()
        with self._write() as db:
            db.conn.executemany("DELETE FROM rejected_suggestions WHERE doc_id = ? AND eid = ? AND theme_id = ? "
                                "AND coder = ?", [[c.doc_id, c.eid, c.theme_id, coder] for c in choices])

    def rejected_suggestions(self, doc_id: str | None = None, coder: str | None = None) -> set[tuple[str, str, int]]:
        """(document, eid, theme id) of the suggestions this coder rejected (in one document, or all)."""
        coder = coder if coder is not None else self.default_coder()
        where, params = "coder = ?", [coder]
        if doc_id is not None:
            where += " AND doc_id = ?"
            params.append(doc_id)
        with self._errors():
            rows = self.db.execute(f"SELECT doc_id, eid, theme_id FROM rejected_suggestions WHERE {where}", params)
            return {(str(d), str(e), int(t)) for d, e, t in rows.fetchall()}

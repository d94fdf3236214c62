"""Theme suggestions learned from the database's own coding: which paragraphs probably carry which theme.

What works on the little data an analyst has coded (a few hundred paragraphs): the paragraph's words (TF-IDF)
— with what UN documents give for free available as feature blocks of their own (the words of its section
heading path, its neighbouring paragraphs, the document's title; see `Features.WEIGHTS` for what was
measured) — and one linear model per theme (a linear support vector machine, classes balanced). It learns
only from the parts of documents the analyst coded in (`coded_parts`). Each theme's scores are calibrated to
probabilities (Platt scaling on the scores models gave paragraphs of documents they had not seen:
cross-validation by document, FOLDS folds), and one threshold for every theme — the probability above which
a theme is suggested, at most TOP on a paragraph — is the one at which those cross-validated suggestions were
most often right and found the most of the analyst's themes (micro-F1). Measured (bench_suggest): five folds
rather than three, the shared threshold rather than one per theme, and themes with 3 rather than 6 coded
paragraphs each raised micro-F1 of the suggestions shown on unseen reports; character n-grams, a 256-dimension
word embedding (wordllama), a zero-shot likeness to the theme's name, a gate "coded at all", and logistic
regression did not, or not enough to pay for their time. A theme with too few coded paragraphs (or all of them
in one document), or never right in the cross-validation, is not guessed at: it says so.

No Qt here; scikit-learn and numpy are imported when a model is first trained (they take a second to load).
Nothing is downloaded: the model is made from the database alone, and nothing is ever applied by it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from gui.analysis.suggest_data import (
    DocumentUnits,
    Unit,
    coded_parts,
    coded_themes,
    document_units,
    training_state,
    unit_labels,
)

MODEL = "marginalia-linear"
VERSION = "2"
"""Recorded on each annotation a suggestion made (with its score): raise it when the method changes."""
MIN_EXAMPLES = 3  # coded paragraphs a theme needs before it is suggested
MIN_DOCUMENTS = 2  # … in at least this many documents (its threshold is cross-validated by document)
FOLDS = 5
SEED = 1999
MIN_THRESHOLD = 0.15  # a suggestion is shown only when the calibrated model gives it at least this probability
MAX_NEGATIVES = 2500  # paragraphs without a theme that its classifier learns from (see `_fit`)
TOP = 2  # at most this many themes suggested on one paragraph (the best ones above the threshold)
LISTED = 0.05  # scores below this are left out of the lists (they would be thousands of near-zeros)

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Learning was stopped (the coding changed meanwhile, or the window closed)."""


@dataclass(frozen=True, slots=True)
class ThemeModel:
    """What was learned about one theme, and how well it did on documents it had not seen."""

    theme_id: int
    name: str
    examples: int  # coded paragraphs
    documents: int  # documents they are in
    status: str  # "learned" or why not ("3 coded paragraphs; at least 6 are needed")
    threshold: float = 1.0  # the probability from which it is suggested (one for every theme: `_shared_threshold`)
    precision: float = 0.0  # in the cross-validation by document, at the threshold
    recall: float = 0.0
    f1: float = 0.0

    @property
    def learned(self) -> bool:
        return self.status == "learned"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A theme a paragraph probably carries: `score` is the calibrated probability; `suggested` when it is
    above the threshold and among the paragraph's TOP best (what the window shows as a ghost bar)."""

    doc_id: str
    eid: str
    theme_id: int
    theme: str
    score: float
    suggested: bool

    def to_json(self) -> dict[str, Any]:
        return {"document": self.doc_id, "eid": self.eid, "theme": self.theme, "score": round(self.score, 4),
                "suggested": self.suggested}


@dataclass(slots=True)
class Suggester:
    """A trained model: its features, and per theme a classifier, its calibration and its threshold."""

    themes: list[ThemeModel]
    version: str  # VERSION + a fingerprint of the coding it learned from
    state: str  # `training_state` when it was trained
    units_trained: int  # paragraphs read (coded documents' every paragraph)
    coded: int = 0  # … of which carry a theme
    features: Any = None
    classifiers: dict[int, Any] = field(default_factory=dict)
    calibration: dict[int, tuple[float, float]] = field(default_factory=dict)  # Platt (a, b)

    def learned(self) -> list[ThemeModel]:
        return [t for t in self.themes if t.learned]

    def scores(self, units: Sequence[Unit]) -> Any:
        """units × learned themes: the calibrated probability of each theme on each unit (numpy array)."""
        import numpy as np

        learned = self.learned()
        if not units or not learned:
            return np.zeros((len(units), len(learned)))
        matrix = self.features.transform(units)
        out = np.empty((len(units), len(learned)))
        for j, theme in enumerate(learned):
            a, b = self.calibration[theme.theme_id]
            out[:, j] = _sigmoid(a * self.classifiers[theme.theme_id].decision_function(matrix) + b)
        return out

    def suggest(self, units: Sequence[Unit], skip: set[tuple[str, int]] | None = None) -> list[Suggestion]:
        """Every unit's themes scored at least LISTED, best first within each unit, in reading order; `skip`
        holds (eid, theme id) pairs not to suggest (already tagged, or rejected)."""
        skip = skip or set()
        scores = self.scores(units)
        learned = self.learned()
        out: list[Suggestion] = []
        for i, unit in enumerate(units):
            row = [(float(scores[i, j]), t) for j, t in enumerate(learned)
                   if scores[i, j] >= LISTED and (unit.eid, t.theme_id) not in skip]
            for rank, (score, theme) in enumerate(sorted(row, key=lambda item: -item[0])):
                out.append(Suggestion(unit.doc_id, unit.eid, theme.theme_id, theme.name, score,
                                      score >= theme.threshold and rank < TOP))
        return out


class Features:
    """The feature blocks of a unit, each TF-IDF: the paragraph's words, its heading path, its neighbours, its
    document's title."""

    WEIGHTS: ClassVar[dict[str, float]] = {"words": 1.0, "headings": 0.0, "neighbours": 0.0, "title": 0.0}
    """Each block's weight. Measured on the expert coding of `../shared/coding` (bench_suggest), the heading
    path, neighbours and title at 0.6 / 0.35 / 0.25 lowered micro-F1 of the suggestions shown from 0.33 to
    0.30 (one mission's reports share their titles and headings, whatever the paragraph says): they are
    kept, at 0, for corpora where they help, and a block at 0 is not computed."""

    def __init__(self) -> None:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer

        common: dict[str, Any] = {"sublinear_tf": True, "lowercase": True, "dtype": np.float32}
        # single words: on the expert coding as good as words and pairs (bench_suggest), at half the time
        self.words = TfidfVectorizer(max_features=60_000, **common)
        self.headings = TfidfVectorizer(ngram_range=(1, 2), **common)
        self.title = TfidfVectorizer(**common)

    def fit(self, units: Sequence[Unit]) -> Features:
        self.words.fit([u.text for u in units])
        if self.WEIGHTS["headings"]:
            self.headings.fit([u.headings or "-" for u in units])
        if self.WEIGHTS["title"]:
            self.title.fit([u.title or "-" for u in units])
        return self

    def transform(self, units: Sequence[Unit]) -> Any:
        from scipy.sparse import hstack

        w = self.WEIGHTS
        blocks = [self.words.transform([u.text for u in units]) * w["words"]]
        if w["headings"]:
            blocks.append(self.headings.transform([u.headings for u in units]) * w["headings"])
        if w["neighbours"]:
            blocks.append(self.words.transform([f"{u.before} {u.after}" for u in units]) * w["neighbours"])
        if w["title"]:
            blocks.append(self.title.transform([u.title for u in units]) * w["title"])
        return hstack(blocks, format="csr")


def _sigmoid(x: Any) -> Any:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _classifier() -> Any:
    from sklearn.svm import LinearSVC

    # 200 iterations at tolerance 1e-3: on 7,000 paragraphs the default (1,000 at 1e-4) took three times as
    # long for the same suggestions
    return LinearSVC(C=0.5, class_weight="balanced", max_iter=200, tol=1e-3, random_state=SEED)


def _fit(matrix: Any, y: Any, rows: Any) -> Any:
    """A theme's classifier on `rows`: every paragraph that carries it, and at most MAX_NEGATIVES of the others
    (a fixed sample: the same coding gives the same model). Classes are balanced anyway; the paragraphs
    without the theme are nineteen in twenty, and sampling them keeps learning linear in the coded themes,
    not in the corpus."""
    import warnings

    import numpy as np
    from sklearn.exceptions import ConvergenceWarning

    positives, negatives = rows[y[rows]], rows[~y[rows]]
    if len(negatives) > MAX_NEGATIVES:
        negatives = np.sort(np.random.default_rng(SEED).choice(negatives, MAX_NEGATIVES, replace=False))
    chosen = np.concatenate([positives, negatives])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # at 200 iterations it is close enough
        return _classifier().fit(matrix[chosen], y[chosen])


def _platt(decisions: Any, truth: Any) -> tuple[float, float]:
    """Platt scaling: the logistic curve p = 1 / (1 + exp(-(a·score + b))) that best fits the cross-validated
    scores to what the coders decided (liblinear on one feature: milliseconds; lbfgs took a third of a second
    a theme)."""
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=1e4, solver="liblinear", intercept_scaling=100.0).fit(
        decisions.reshape(-1, 1), truth)
    return float(fitted.coef_[0, 0]), float(fitted.intercept_[0])


def _shown(probabilities: Any, threshold: float) -> Any:
    """Which (unit, theme) pairs are suggested: at least `threshold`, and among the unit's TOP best."""
    import numpy as np

    above = probabilities >= threshold
    if probabilities.shape[1] > TOP:
        rank = np.argsort(np.argsort(-probabilities, axis=1, kind="stable"), axis=1)
        above &= rank < TOP
    return above


def _shared_threshold(probabilities: Any, truth: Any) -> float:
    """The probability above which suggestions are shown: the one at which the cross-validated suggestions
    (on documents the model had not seen) were most often right and found the most of the analyst's themes
    (micro-F1 over every theme), never below MIN_THRESHOLD. One for all themes: a rare theme's own best
    threshold rests on a handful of paragraphs and moves with each one; pooled, the estimate is steady."""
    import numpy as np

    best, chosen = 0.0, 1.0
    wanted = int(truth.sum())
    for threshold in np.arange(MIN_THRESHOLD, 0.96, 0.01):
        shown = _shown(probabilities, threshold)
        made = int(shown.sum())
        if not made:
            break
        f1 = 2 * int((shown & truth).sum()) / (made + wanted)
        if f1 > best:
            best, chosen = f1, float(threshold)
    return round(chosen, 2)


def train(documents: dict[str, DocumentUnits], coded: dict[str, dict[str, set[int]]],
          names: dict[int, str], state: str = "", progress: Progress | None = None,
          cancelled: Callable[[], bool] | None = None) -> Suggester:
    """Learn every theme from the coded documents' units (every unit of a coded document not carrying a theme
    is an example of its absence). Deterministic: the same coding gives the same model."""
    import numpy as np
    from sklearn.model_selection import GroupKFold

    units: list[Unit] = []
    labels: list[set[int]] = []
    for doc_id in sorted(coded):
        if doc_id in documents:
            parts = coded_parts(documents[doc_id].units, unit_labels(documents[doc_id], coded[doc_id]))
            units += [u for u, _ in parts]
            labels += [ls for _, ls in parts]
    fingerprint = hashlib.sha1(state.encode()).hexdigest()[:8]
    suggester = Suggester(themes=[], version=f"{VERSION}+{fingerprint}", state=state, units_trained=len(units),
                          coded=sum(1 for ls in labels if ls))
    groups = np.array([u.doc_id for u in units])
    candidates = sorted({t for ls in labels for t in ls if t in names})
    themes: list[ThemeModel] = []
    todo: list[tuple[int, Any]] = []
    for theme_id in candidates:
        y = np.array([theme_id in ls for ls in labels])
        examples, docs = int(y.sum()), len(set(groups[y]))
        if examples < MIN_EXAMPLES or docs < MIN_DOCUMENTS:
            why = (f"only {examples} paragraph{'s' if examples != 1 else ''} coded with it: code at least "
                   f"{MIN_EXAMPLES}" if examples < MIN_EXAMPLES else "coded in one document only: code it in "
                   "another document too, so that it can be tried on a document it did not learn from")
            themes.append(ThemeModel(theme_id, names[theme_id], examples, docs, why))
        else:
            todo.append((theme_id, y))
    if todo:
        suggester.features = Features().fit(units)
        matrix = suggester.features.transform(units)
        folds = list(GroupKFold(n_splits=min(FOLDS, len(set(groups)))).split(matrix, groups=groups))
        unseen = np.zeros((len(units), len(todo)))  # each theme's calibrated probability on unseen documents
        for done, (theme_id, y) in enumerate(todo):
            if cancelled is not None and cancelled():
                raise Cancelled
            if progress is not None:
                progress(done, len(todo))
            decisions = np.zeros(len(units))
            for train_rows, test_rows in folds:
                if y[train_rows].any():
                    fitted = _fit(matrix, y, train_rows)
                    decisions[test_rows] = fitted.decision_function(matrix[test_rows])
                else:
                    decisions[test_rows] = -10.0
            a, b = _platt(decisions, y)
            unseen[:, done] = _sigmoid(a * decisions + b)
            suggester.classifiers[theme_id] = _fit(matrix, y, np.arange(len(units)))
            suggester.calibration[theme_id] = (a, b)
        truth = np.stack([y for _, y in todo], axis=1)
        threshold = _shared_threshold(unseen, truth)
        shown = _shown(unseen, threshold)
        for j, (theme_id, y) in enumerate(todo):
            hits, made = int((shown[:, j] & y).sum()), int(shown[:, j].sum())
            precision, recall = hits / made if made else 0.0, hits / int(y.sum())
            f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
            status = "learned" if hits else ("tried on documents it had not learned from, it was never right: "
                                             "code more paragraphs with it")
            themes.append(ThemeModel(theme_id, names[theme_id], int(y.sum()), len(set(groups[y])), status,
                                     threshold, precision, recall, f1))
    suggester.themes = sorted(themes, key=lambda t: (not t.learned, -t.examples, t.name))
    if progress is not None:
        progress(len(todo), len(todo))
    return suggester


def learn(db: Any, coders: Sequence[str] | None = None, progress: Progress | None = None,
          cancelled: Callable[[], bool] | None = None) -> Suggester:
    """A model of the chosen coders' coding (default: everyone's) in the database `db` (a sqlite_utils
    Database; a worker thread passes its own read-only connection)."""
    state = training_state(db, coders)
    coded = coded_themes(db, coders)
    names = {int(r[0]): str(r[1]) for r in db.execute("SELECT id, name FROM themes")}
    documents = document_units(db, sorted(coded))
    return train(documents, coded, names, state, progress, cancelled)


def document_suggestions(db: Any, suggester: Suggester, doc_id: str, coders: Sequence[str] | None = None,
                         rejected: set[tuple[str, int]] | None = None) -> list[Suggestion]:
    """The suggestions for one document: its themes not yet on a paragraph (from the chosen coders) and not
    rejected there."""
    units = document_units(db, [doc_id]).get(doc_id)
    if units is None:
        return []
    present = coded_themes(db, coders, doc_id).get(doc_id, {})
    skip: set[tuple[str, int]] = set(rejected or ())
    for eid, themes in present.items():
        unit = units.owner.get(eid)
        if unit is not None:
            skip |= {(unit, t) for t in themes}
    return suggester.suggest(units.units, skip)


def sure(score: float) -> str:
    """A score in the analyst's words: "80 % sure"."""
    return f"{round(100 * score)} % sure"


def summary(model: Suggester, coders: Sequence[str] = ()) -> str:
    """What the suggestions learned from and how often they were right, in the analyst's words (the
    Suggestions tab's first line, the `suggest` command's)."""
    learned = model.learned()
    whose = f"{', '.join(coders)}'s coding" if coders else "everyone's coding"
    text = (f"Learned from {model.coded:,} coded paragraph{'s' if model.coded != 1 else ''} of "
            f"{model.units_trained:,} read ({whose}): suggests {len(learned)} of "
            f"{len(model.themes)} theme{'s' if len(model.themes) != 1 else ''}.")
    if learned:
        shown = sum(t.precision for t in learned) / len(learned)
        text += (f" Tried on documents it had not learned from, about {round(10 * shown)} in 10 of its "
                 "suggestions were right.")
    elif any(t.examples >= MIN_EXAMPLES and t.documents >= MIN_DOCUMENTS for t in model.themes):
        text += (" Tried on documents it had not learned from, none of its suggestions were right yet: code more"
                 " paragraphs, in more documents, to get suggestions.")
    else:
        text += (f" Code more paragraphs (at least {MIN_EXAMPLES} per theme, in {MIN_DOCUMENTS} documents) "
                 "to get suggestions.")
    return text


def theme_note(theme: ThemeModel) -> str:
    """One theme's line: how well its suggestions did, or why it has none."""
    if not theme.learned:
        return f"{theme.name}: no suggestions — {theme.status}"
    return (f"{theme.name}: learned from {theme.examples} paragraph{'s' if theme.examples != 1 else ''} in "
            f"{theme.documents} documents; tried on documents it had not learned from, {round(10 * theme.precision)}"
            f" in 10 of its suggestions were right and it found {round(10 * theme.recall)} in 10 of the "
            f"paragraphs coded with it; suggested from {sure(theme.threshold)}")

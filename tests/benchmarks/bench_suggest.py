"""Theme suggestion benchmark on an expert team's coding of peacekeeping reports (`../shared/coding`).

The reports' PDFs are imported (scans without a text layer are left out: recognising them takes about ten
seconds a page), `codes.csv` is brought in with `import-coding`; then the reports are split 70 / 30 by report
(seeded): the model learns from the coding of the first part and suggests on the second, where every numbered
paragraph of the body (up to the last number `paragraph_counts.json` gives) is a unit and the team's codes are
the truth — a code on a paragraph the structure reader did not find counts as missed. Beside it, in the same
run, the plain baseline: TF-IDF of the paragraph's words and a logistic regression per theme (class weights
balanced, and not), each suggesting above 0.5, trained on the same paragraphs. Then a learning curve (the model
taught with whole reports up to 25 / 50 / 100 / 200 / all coded paragraphs) and the time `suggest` takes for one
report of a 100-report database, learning included, beside the baseline's training time on the same data (the
floor).

Run: `nice -n 10 python -m tests.benchmarks.bench_suggest [--coding ../shared/coding] [--db PATH]
[--no-readme]`. `--db` keeps the imported database between runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gui.analysis.suggest import train
from gui.analysis.suggest_data import DocumentUnits, Unit, coded_themes, document_units, unit_labels
from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.store.coding_table import import_coding, read_coding_table
from tests.benchmarks.readme import machine, update_readme

SEED = 7
OTHER_SEEDS = (1, 2, 4)  # further 70 / 30 splits: one split of 15 reports is a small sample
CURVE = (25, 50, 100, 200)
GOAL_F1, GOAL_RATIO, GOAL_PRECISION, GOAL_SECONDS = 0.45, 1.25, 0.55, 10.0


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    micro: float
    macro: float
    shown: int

    def row(self, name: str) -> str:
        return (f"| {name} | {self.micro:.3f} | {self.macro:.3f} | {self.precision:.3f} | {self.recall:.3f} "
                f"| {self.shown} |")


def build(db: Path, coding: Path) -> tuple[int, str]:
    """Import the readable PDFs and the coding table into `db` (once)."""
    with Store(db, import_corpus=False) as store:
        if store.documents(coverage=False):
            return len(store.documents(coverage=False)), "(database kept from an earlier run)"
        bulk = store.bulk_import()
        skipped = 0
        for pdf in sorted((coding / "pdf").glob("*.pdf")):
            try:
                bulk.add(pdf)
            except MarginaliaError:
                skipped += 1
        bulk.finish()
        report = import_coding(store, read_coding_table(coding / "codes.csv"), coder="team")
        return len(store.documents(coverage=False)), (f"{skipped} scans skipped; codes.csv: {len(report.placed)} "
                                                       f"placed, {len(report.unplaced)} not placed")


def truth(coding: Path, names: dict[str, int]) -> dict[tuple[str, str], set[int]]:
    """(report's file name, paragraph number) → the team's themes (ids in our database)."""
    out: dict[tuple[str, str], set[int]] = {}
    with open(coding / "codes.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["theme"].casefold() in names:
                out.setdefault((row["document"], row["paragraph"]), set()).add(names[row["theme"].casefold()])
    return out


def evaluate(predicted: list[set[int]], actual: list[set[int]], themes: set[int]) -> Scores:
    tp = fp = fn = 0
    per: dict[int, list[int]] = {t: [0, 0, 0] for t in themes}
    for p, a in zip(predicted, actual, strict=True):
        for t in p | a:
            if t not in themes:
                continue
            hit = int(t in p and t in a)
            per[t][0] += hit
            per[t][1] += int(t in p) - hit
            per[t][2] += int(t in a) - hit
    for t_tp, t_fp, t_fn in per.values():
        tp, fp, fn = tp + t_tp, fp + t_fp, fn + t_fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    micro = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    f1s = [2 * a / (2 * a + b + c) if a else 0.0 for a, b, c in per.values() if a + c]
    return Scores(precision, recall, micro, sum(f1s) / len(f1s) if f1s else 0.0, tp + fp)


def baseline(train_units: list[Unit], train_labels: list[set[int]], test_units: list[Unit], themes: set[int],
             balanced: bool) -> list[set[int]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer().fit([u.text for u in train_units])
    x, x_test = vectorizer.transform([u.text for u in train_units]), vectorizer.transform([u.text for u in test_units])
    out: list[set[int]] = [set() for _ in test_units]
    for t in sorted(themes):
        y = [t in ls for ls in train_labels]
        if not any(y):
            continue
        model = LogisticRegression(class_weight="balanced" if balanced else None, max_iter=1000).fit(x, y)
        for i, p in enumerate(model.predict_proba(x_test)[:, 1]):
            if p >= 0.5:
                out[i].add(t)
    return out


def body_units(units: DocumentUnits, last: int | None) -> list[Unit]:
    """The numbered paragraphs of the body: the first of each number up to `last` (an annex numbers anew)."""
    seen: set[str] = set()
    out: list[Unit] = []
    for u in units.units:
        if u.num and u.num.isdigit() and (last is None or int(u.num) <= last) and u.num not in seen:
            seen.add(u.num)
            out.append(u)
    return out


def split_scores(seed: int, files: list[str], by_file: dict[str, str], documents: dict[str, DocumentUnits],
                 coded: dict[str, dict[str, set[int]]], counts: dict[str, int],
                 answers: dict[tuple[str, str], set[int]], names: dict[int, str]) -> tuple[Scores, Scores]:
    """(this model, the balanced baseline) on the 70 / 30 split of `seed`, as `main` measures its own."""
    shuffled = list(files)
    random.Random(seed).shuffle(shuffled)
    cut = round(len(shuffled) * 0.7)
    train_files, test_files = shuffled[:cut], shuffled[cut:]
    themes = {t for ts in answers.values() for t in ts}
    test_units = [u for f in test_files for u in body_units(documents[by_file[f]], counts[f])]
    file_of = {by_file[f]: f for f in files}
    actual = [answers.get((file_of[u.doc_id], u.num or ""), set()) for u in test_units]
    placed = {(u.doc_id, u.num) for u in test_units}
    actual += [set(ts) for (f, n), ts in answers.items() if f in test_files and (by_file[f], n) not in placed]
    ids = [by_file[f] for f in train_files]
    model = train({i: documents[i] for i in ids}, {i: coded.get(i, {}) for i in ids}, names, "bench")
    ours = [{s.theme_id for s in model.suggest([u]) if s.suggested} for u in test_units]
    train_units = [u for f in train_files for u in body_units(documents[by_file[f]], counts[f])]
    index = {i: documents[i].index() for i in ids}
    labels = {i: unit_labels(documents[i], coded.get(i, {})) for i in ids}
    train_labels = [labels[u.doc_id][index[u.doc_id][u.eid]] for u in train_units]
    plain = baseline(train_units, train_labels, test_units, themes, balanced=True)

    def score(predicted: list[set[int]]) -> Scores:
        return evaluate(predicted + [set()] * (len(actual) - len(predicted)), actual, themes)

    return score(ours), score(plain)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coding", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "coding")
    parser.add_argument("--db", type=Path, default=Path("/tmp/marginalia-bench-suggest.db"))
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    reports, how = build(args.db, args.coding)
    counts: dict[str, int] = json.loads((args.coding / "paragraph_counts.json").read_text(encoding="utf-8"))
    with Store(args.db, import_corpus=False) as store:
        names = {t.name.casefold(): t.id for t in store.themes()}
        by_file = {Path(i.path).stem: i.id for i in store.documents(coverage=False) if i.path}
        db = store.db
        coded = coded_themes(db)
        documents = document_units(db, sorted(by_file.values()))
        theme_names = {t.id: t.name for t in store.themes()}
        files_sorted = sorted(f for f in by_file if f in counts)
        files = list(files_sorted)
        random.Random(SEED).shuffle(files)
        cut = round(len(files) * 0.7)
        train_files, test_files = files[:cut], files[cut:]
        answers = truth(args.coding, names)
        team_themes = {t for ts in answers.values() for t in ts}

        def taught(chosen: list[str]) -> tuple[dict[str, DocumentUnits], dict[str, dict[str, set[int]]]]:
            ids = [by_file[f] for f in chosen]
            return {i: documents[i] for i in ids}, {i: coded.get(i, {}) for i in ids}

        test_units = [u for f in test_files for u in body_units(documents[by_file[f]], counts[f])]
        file_of = {by_file[f]: f for f in files}
        actual = [answers.get((file_of[u.doc_id], u.num or ""), set()) for u in test_units]
        missed = sum(len(ts) for (f, n), ts in answers.items() if f in test_files) - sum(len(a) for a in actual)
        actual += [set(ts) for (f, n), ts in answers.items() if f in test_files and not any(
            u.doc_id == by_file[f] and u.num == n for u in test_units)]

        def score(predicted: list[set[int]]) -> Scores:
            return evaluate(predicted + [set()] * (len(actual) - len(predicted)), actual, team_themes)

        def ours(chosen: list[str]) -> tuple[Scores, Any, float]:
            docs, labels = taught(chosen)
            start = time.perf_counter()
            model = train(docs, {d: labs for d, labs in labels.items()}, theme_names, "bench")
            seconds = time.perf_counter() - start
            shown = [{s.theme_id for s in model.suggest([u]) if s.suggested} for u in test_units]
            return score(shown), model, seconds

        train_units = [u for f in train_files for u in body_units(documents[by_file[f]], counts[f])]
        train_docs = {by_file[f] for f in train_files}
        labels_of = {d: unit_labels(documents[d], coded.get(d, {})) for d in train_docs}
        index = {d: documents[d].index() for d in train_docs}
        train_labels = [labels_of[u.doc_id][index[u.doc_id][u.eid]] for u in train_units]
        start = time.perf_counter()
        plain = score(baseline(train_units, train_labels, test_units, team_themes, balanced=False))
        floor = time.perf_counter() - start
        balanced = score(baseline(train_units, train_labels, test_units, team_themes, balanced=True))
        full, model, seconds_all = ours(train_files)
        best_baseline = max(plain.micro, balanced.micro)
        rows = [full.row("**suggestions shown** (this model)"),
                plain.row("baseline: TF-IDF + logistic regression, at 0.5"),
                balanced.row("baseline: the same, classes balanced, at 0.5")]
        coded_paragraphs = sum(1 for ls in train_labels if ls)
        curve: list[str] = []
        for size in (*CURVE, coded_paragraphs):
            chosen, seen = [], 0
            for f in train_files:
                if seen >= size:
                    break
                chosen.append(f)
                d = by_file[f]
                seen += sum(1 for ls in labels_of[d] if ls)
            result, _, _ = ours(chosen)
            curve.append(f"| {'all ' if size == coded_paragraphs else ''}{seen} ({len(chosen)} reports) "
                         f"| {result.micro:.3f} | {result.macro:.3f} | {result.precision:.3f} | {result.recall:.3f} |")
        others = [(full, balanced)] + [split_scores(seed, files_sorted, by_file, documents, coded, counts, answers,
                                                    theme_names) for seed in OTHER_SEEDS]
        speed = timing(documents, coded, theme_names, store)
    learned = model.learned()
    verdict = (f"micro-F1 {full.micro:.3f} (goal ≥ {GOAL_F1} and ≥ {GOAL_RATIO}× the better baseline "
               f"{best_baseline:.3f} = {GOAL_RATIO * best_baseline:.3f}), precision {full.precision:.3f} "
               f"(goal ≥ {GOAL_PRECISION})")
    table = (
        f"Theme suggestion benchmark ({machine()}) on `../shared/coding`: {reports} readable reports ({how}); "
        f"taught by {len(train_files)} reports ({coded_paragraphs} coded paragraphs of {len(train_units)}), "
        f"suggesting on {len(test_files)} ({len(test_units)} numbered paragraphs; {missed} of the team's codes "
        f"there are on paragraphs the structure reader did not find, counted as missed). "
        f"{len(learned)} themes learned, {len(model.themes) - len(learned)} not suggested (too few coded "
        "paragraphs, or never right in the cross-validation).\n\n"
        "| suggestions on unseen reports | micro-F1 | macro-F1 | precision | recall | shown |\n"
        "|---|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
        f"{verdict}.\n\nLearning curve (the model taught with whole reports up to N coded paragraphs):\n\n"
        "| coded paragraphs taught | micro-F1 | macro-F1 | precision | recall |\n|---|---:|---:|---:|---:|\n"
        + "\n".join(curve) + "\n\n" + splits(others) + "\n\n" + speed
        + f" Baseline training and scoring in the same run: {floor:.2f} s; "
        f"this model's training on the same reports: {seconds_all:.2f} s.\n")
    print(table)
    if not args.no_readme and not update_readme("suggest", table):
        print("(README.md has no <!-- bench:suggest --> block; table not written)")


def splits(results: list[tuple[Scores, Scores]]) -> str:
    """The first split's and the further splits' figures, and their mean: this model beside the baseline."""
    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    seeds = (SEED, *OTHER_SEEDS)
    rows = [f"| {seed} | {o.micro:.3f} | {o.precision:.3f} | {o.recall:.3f} | {b.micro:.3f} | {b.precision:.3f} "
            f"| {o.micro / b.micro if b.micro else 0:.2f}× |" for seed, (o, b) in zip(seeds, results, strict=True)]
    o_mean = mean([o.micro for o, _ in results])
    b_mean = mean([b.micro for _, b in results])
    rows.append(f"| **mean** | **{o_mean:.3f}** | {mean([o.precision for o, _ in results]):.3f} | "
                f"{mean([o.recall for o, _ in results]):.3f} | {b_mean:.3f} | "
                f"{mean([b.precision for _, b in results]):.3f} | {o_mean / b_mean if b_mean else 0:.2f}× |")
    return ("Four 70 / 30 splits by report (the first is the one above), this model beside the balanced baseline:"
            "\n\n| split (seed) | micro-F1 | precision | recall | baseline micro-F1 | baseline precision | "
            "ratio |\n|---|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows))


def timing(documents: dict[str, DocumentUnits], coded: dict[str, dict[str, set[int]]], names: dict[int, str],
           store: Store) -> str:
    """`suggest` for one report of a 100-report database, learning included: the coded reports repeated
    (as other reports) up to 100, gathered from the database, learned from, and one report suggested."""
    ids = sorted(d for d in coded if d in documents)
    copies: dict[str, DocumentUnits] = {}
    copied: dict[str, dict[str, set[int]]] = {}
    n = 0
    while len(copies) < 100:
        d = ids[n % len(ids)]
        new = f"{d}~{n}"
        copies[new] = DocumentUnits(new, [replace(u, doc_id=new) for u in documents[d].units], documents[d].owner)
        copied[new] = coded[d]
        n += 1
    import os

    start, cpu = time.perf_counter(), time.process_time()
    document_units(store.db, ids)  # what reading the reports' rows costs (the copies are not in the database)
    gathered = time.perf_counter() - start
    model = train(copies, copied, names, "timing")
    model.suggest(next(iter(copies.values())).units)
    seconds = time.perf_counter() - start + gathered * (100 / len(ids) - 1)
    processor = time.process_time() - cpu
    paragraphs = sum(len(c.units) for c in copies.values())
    verdict = "meets" if processor <= GOAL_SECONDS else "misses"
    load = os.getloadavg()[0]
    return (f"Speed: suggestions for one report of a 100-report coded database ({paragraphs:,} paragraphs), "
            f"learning included: {processor:.1f} s of processor time ({verdict} the goal of ≤ "
            f"{GOAL_SECONDS:.0f} s on an idle machine); {seconds:.1f} s on the clock here, with a load average "
            f"of {load:.1f} on {os.cpu_count()} cores.")


if __name__ == "__main__":
    main()

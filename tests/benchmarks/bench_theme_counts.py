"""Themes panel counts: the passages of every theme (sub-themes counted for their theme) in one document and in
the corpus, on a database of 10,000 annotations — the one query the panel's worker thread makes after a tag.

Run: `python -m tests.benchmarks.bench_theme_counts [--no-readme]`.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gui.store import Store
from tests.benchmarks.readme import machine, update_readme

ANNOTATIONS = 10_000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")  # the bundled corpus and the default codebook
        blocks = store.db.execute("SELECT doc_id, eid FROM blocks").fetchall()
        themes = [t.id for t in store.themes()]
        random.seed(11)
        stamp = "2026-01-01T00:00:00.000+00:00"
        rows = [{"id": f"bench-{i}", "doc_id": doc, "eid": eid, "theme_id": random.choice(themes),
                 "coder": random.choice(("amina", "li", "sofia")), "created": stamp, "modified": stamp,
                 "exact": "x", "prefix": "", "suffix": "", "start": 0, "end": 1}
                for i, (doc, eid) in enumerate(random.choice(blocks) for _ in range(ANNOTATIONS))]
        with store.db.conn:
            store.db.table("annotations").insert_all(rows)
        doc = max(store.documents(), key=lambda d: store.db.table("annotations").count_where("doc_id = ?", [d.id]))
        in_doc = store.db.table("annotations").count_where("doc_id = ?", [doc.id])
        figures = []
        for label, where in ((f"one document ({doc.id}, {in_doc:,} annotations)", doc.id),
                             (f"the corpus ({ANNOTATIONS:,} annotations)", None)):
            times = []
            for _ in range(30):
                start = time.perf_counter()
                store.theme_counts(where)
                times.append((time.perf_counter() - start) * 1000)
            figures.append(f"| passages per theme in {label} | {statistics.median(times):.1f} ms "
                           f"(max {max(times):.1f} ms) |")
        store.close()
    table = "\n".join([f"Theme counts ({machine()}; {len(themes)} themes, {len(blocks)} blocks; median of 30):", "",
                       "| count | time |", "|---|---|", *figures])
    print(table)
    if "--no-readme" not in sys.argv and not update_readme("theme-counts", table):
        print("README.md has no <!-- bench:theme-counts --> block", file=sys.stderr)


if __name__ == "__main__":
    main()

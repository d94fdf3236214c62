"""Store benchmark: bulk import of real UN text with FTS (beside the extraction alone of the same files), tag write
latency, search latency, re-anchoring.

Run: `python -m tests.benchmarks.bench_store [--docs 1000] [--no-readme]`. Prints a table and writes it to
README.md. Uses a temporary folder; the database is durable (WAL, synchronous=FULL) as in the app.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from gui.core.extract import extract
from gui.store import Store
from tests.benchmarks.bench_extract import synthetic_report
from tests.benchmarks.bench_scale import folder_import
from tests.benchmarks.readme import machine, update_readme
from tests.benchmarks.real_text import make_library

ROOT = Path(__file__).resolve().parents[2]
WORDS = ["mandate", "ceasefire", "patrol", "convoy", "mediation", "ballot", "cholera", "airstrip", "escort"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def make_corpus(folder: Path, count: int) -> int:
    """`count` distinct documents built from the bundled corpus (a changed word per paragraph)."""
    rng = random.Random(1)
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    sources = [s for s in sources for _ in range(6 if "S/2017/130" in s else 1)]  # mostly full reports
    total = 0
    for i in range(count):
        text = rng.choice(sources)
        text = re.sub(r"\bthe\b", lambda m: rng.choice(["the", "the", "the", rng.choice(WORDS)]), text)
        path = folder / f"doc-{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_library(folder / "docs", args.docs)  # real UN text: each real report, then variants
        size = sum(p.stat().st_size for p in files)
        c0 = time.process_time()
        for path in files:  # the floor: reading and extracting the same files, nothing written
            extract(path.read_text(encoding="utf-8"), path=str(path))
        floor = time.process_time() - c0
        store = Store(folder / "bench.db", import_corpus=False)
        t_import, cpu = folder_import(store, files)
        blocks = store.db.execute("SELECT COUNT(*) FROM blocks").fetchone()[0]
        rows.append(f"| import {args.docs:,} documents of real UN text ({size / 1e6:.1f} MB, {blocks:,} blocks) "
                    f"with FTS, as a folder import | {t_import:.1f} s wall, {cpu:.1f} s CPU | **{size / cpu / 1e6:.2f} "
                    f"MB/s** of CPU time, {floor / cpu:.2f}× the extraction alone (the floor, same run: "
                    f"{size / floor / 1e6:.2f} MB/s) |")

        rng = random.Random(2)
        doc_ids = [d.id for d in store.documents()]
        latencies = []
        for _ in range(300):
            doc_id = rng.choice(doc_ids)
            eid = rng.choice([b.eid for b in store.document(doc_id).blocks if b.is_body])
            t0 = time.perf_counter()
            store.tag(doc_id, [eid], rng.randint(1, 14), note="benchmark")
            latencies.append(time.perf_counter() - t0)
        median, p95 = statistics.median(latencies) * 1000, percentile(latencies, 95) * 1000
        rows.append(f"| tag write (300 single-block tags, synchronous=FULL) | median {median:.1f} ms "
                    f"| **p95 {p95:.1f} ms** |")

        queries = ["drones", "protection of civilians", "African Union", "intelligence policy", "ceasefire",
                   "police", "host country consent", "triangular cooperation", "Mali", "training"]
        search_times = []
        for _ in range(5):
            for q in queries:
                t0 = time.perf_counter()
                store.search(q, limit=100)
                search_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        store.search("peacekeeping", limit=100)
        t_common = time.perf_counter() - t0
        median, p95 = statistics.median(search_times) * 1000, percentile(search_times, 95) * 1000
        rows.append(f"| search (10 queries × 5, top 100 hits with snippets) | median {median:.1f} ms "
                    f"| **p95 {p95:.1f} ms** (“peacekeeping”, in most blocks: {t_common * 1000:.0f} ms) |")
        store.close()

        # Re-anchoring 1,000 annotations on an edited long report.
        report = folder / "long.txt"
        text = re.sub(r"^- (\d+)\. ", lambda m: f"- {m.group(1)}. (ref. {m.group(1)}) ", synthetic_report(10),
                      flags=re.MULTILINE)  # every paragraph distinct, as in a real report
        report.write_text(text, encoding="utf-8")
        store = Store(folder / "reanchor.db", import_corpus=False)
        doc_id = store.import_file(report).doc_id
        eids = [b.eid for b in store.document(doc_id).numbered_paragraphs][:1000]
        store.tag(doc_id, eids, "poc")
        edited = re.sub(r"^- (\d+)\. ", lambda m: f"- {int(m.group(1)) + 3}. ", text,
                        flags=re.MULTILINE)
        edited = edited.replace("### I. Introduction", "### I. Introduction\n\n- 1. New.\n- 2. New.\n- 3. New.", 1)
        edited = edited.replace("the Working Group", "the WG")  # rewording in many paragraphs
        report.write_text(edited, encoding="utf-8")
        t0 = time.perf_counter()
        result = store.import_file(report)
        t_reanchor = time.perf_counter() - t0
        rows.append(f"| re-anchor 1,000 annotations after an edit ({len(result.kept)} kept, "
                    f"{len(result.reworded)} reworded in place, {len(result.moved)} "
                    f"moved, {len(result.orphaned)} orphaned) | {t_reanchor:.2f} s | "
                    f"{t_reanchor / 1000 * 1000:.2f} ms per annotation |")
        store.close()

    load = os.getloadavg()[0]  # the wall-time rows grow with it on a shared machine; the CPU figures much less
    header = [f"Store benchmark ({machine()}; load average {load:.1f} at the end of the run):", "",
              "| operation | time | figure |", "|---|---:|---:|"]
    table = "\n".join([*header, *rows])
    print(table)
    if not args.no_readme and update_readme("store", table):
        print("\nREADME.md updated.")


if __name__ == "__main__":
    main()

"""Extraction throughput on the corpus and on a large synthetic report, beside the cost of reading.

Run: `python -m tests.benchmarks.bench_extract [--no-readme]`. Prints a table and writes it to README.md.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gui.core.decode import read_text
from gui.core.extract import extract
from tests.benchmarks.readme import machine, update_readme

ROOT = Path(__file__).resolve().parents[2]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
EXAMPLES = sorted((ROOT / "tests" / "data").glob("example_*.txt"))


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Median CPU seconds of `repeat` runs (after one warm-up): CPU time, since on a shared machine the wall
    time of the same extraction varied twofold between runs."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def synthetic_report(copies: int) -> str:
    """S/2017/130 repeated with paragraph numbers running on: one long, valid UN report."""
    text = (ROOT / "corpus" / "S-2017-130_WGPKO-report-2016.txt").read_text(encoding="utf-8")
    body = text[text.index("### I. Introduction"): text.index("### Annex")]
    parts = [text[: text.index("### I. Introduction")]]
    for k in range(copies):
        def renumber(m: re.Match[str], offset: int = 110 * k) -> str:
            return f"{m.group(1) or ''}{int(m.group(2)) + offset}. "

        parts.append(re.sub(r"^(- )?(\d{1,3})\. ", renumber, body, flags=re.MULTILINE))
    return "".join(parts)


def main() -> None:
    rows = []
    total_bytes = 0
    total_read = total_extract = 0.0
    for path in CORPUS + EXAMPLES:
        size = path.stat().st_size
        text, _ = read_text(path)
        t_read = best_of(lambda p=path: read_text(p)[0].splitlines(), 20)  # type: ignore[misc]
        t_extract = best_of(lambda t=text, p=path: extract(t, str(p)), 20)  # type: ignore[misc]
        rows.append((path.name, size, t_read, t_extract))
        if path in CORPUS:
            total_bytes += size
            total_read += t_read
            total_extract += t_extract
    big = synthetic_report(70)
    big_bytes = len(big.encode("utf-8"))
    t_big_split = best_of(lambda: big.splitlines(), 3)
    t_big = best_of(lambda: extract(big), 3)
    big_paras = len(extract(big).numbered_paragraphs)
    from tests.benchmarks.real_text import real_texts

    real = [(p.read_text(encoding="utf-8"), str(p)) for p in real_texts()[::5]]  # a fifth: about 100 reports
    real_bytes = sum(len(t.encode("utf-8")) for t, _ in real)
    t_real_split = best_of(lambda: [t.splitlines() for t, _ in real], 3)
    t_real = best_of(lambda: [extract(t, p) for t, p in real], 3)

    lines = [
        f"Extraction benchmark ({machine()}; CPU time, median of 20 runs, 3 for the large documents):",
        "",
        "| input | size | read + split lines | extract | throughput |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, size, t_read, t_extract in rows:
        lines.append(f"| `{name}` | {size / 1024:.0f} KB | {t_read * 1000:.2f} ms | {t_extract * 1000:.1f} ms "
                     f"| {size / t_extract / 1e6:.1f} MB/s |")
    lines.append(f"| **whole corpus (4 documents)** | {total_bytes / 1024:.0f} KB | {total_read * 1000:.2f} ms "
                 f"| **{total_extract * 1000:.1f} ms** | {total_bytes / total_extract / 1e6:.1f} MB/s |")
    lines.append(f"| synthetic report, {big_paras:,} paragraphs | {big_bytes / 1e6:.1f} MB | "
                 f"{t_big_split * 1000:.0f} ms (split only) | {t_big * 1000:.0f} ms | "
                 f"{big_bytes / t_big / 1e6:.1f} MB/s |")
    lines.append(f"| **real UN text**: {len(real)} reports' text layers, hard-wrapped as printed "
                 f"(`real_text.py`) | {real_bytes / 1e6:.1f} MB | {t_real_split * 1000:.0f} ms (split only) | "
                 f"{t_real * 1000:.0f} ms | **{real_bytes / t_real / 1e6:.1f} MB/s** |")
    table = "\n".join(lines)
    print(table)
    if "--no-readme" not in sys.argv and update_readme("extract", table):
        print("\nREADME.md updated.")


if __name__ == "__main__":
    main()

"""Export benchmark: 10,000 annotations on the bundled corpus, written in every format, and merged back.

Run: `python -m tests.benchmarks.bench_export [--annotations 10000] [--no-readme]`. Prints a table and writes it
to README.md. Uses a temporary folder.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from gui.export import FORMATS, export, import_annotations
from gui.store import Store
from tests.benchmarks.readme import machine, update_readme

CODERS = ("alice", "bob", "carol", "dmitri", "esther")


def fill(store: Store, count: int) -> int:
    """Tag body blocks of every corpus document with every theme, coder after coder, up to `count`."""
    made = 0
    for coder in CODERS:
        for theme in store.themes():
            for info in store.documents():
                eids = [b.eid for b in store.document(info.id).blocks if b.is_body][: count - made]
                if not eids:
                    return made
                changes = store.tag(info.id, eids, theme.id, note=f"{coder} on {theme.key}", coder=coder)
                made += len(changes.annotation_ids)
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "bench.db")
        made = fill(store, args.annotations)
        for fmt in FORMATS:
            start = time.perf_counter()
            path = export(store, fmt, folder / f"notes{FORMATS[fmt]}")
            seconds = time.perf_counter() - start
            rows.append(f"| export {fmt} | {seconds:.2f} s | {path.stat().st_size / 1e6:.1f} MB |")
        store.close()
        for fmt in ("jsonld", "qdpx"):
            with Store(folder / f"merge-{fmt}.db") as target:
                start = time.perf_counter()
                report = import_annotations(target, folder / f"notes{FORMATS[fmt]}")
                seconds = time.perf_counter() - start
            rows.append(f"| merge {fmt} into an empty database ({len(report.merged):,} placed) | {seconds:.2f} s "
                        f"| {len(report.merged) / seconds:,.0f} annotations/s |")
    table = (f"Export benchmark ({machine()}), {made:,} annotations by {len(CODERS)} coders on the bundled corpus:\n\n"
             "| operation | time | size / rate |\n|---|---:|---:|\n" + "\n".join(rows) + "\n")
    print(table)
    if not args.no_readme and not update_readme("export", table):
        print("(README.md has no <!-- bench:export --> block; figures not written)")


if __name__ == "__main__":
    main()

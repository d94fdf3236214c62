"""Memory over a long session: the window opens 150 documents in a row, as an analyst does over a day.

Run: `QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_memory [--opens 150] [--no-readme]`.
The documents are the bundled corpus and the real UN PDFs of `tests/data/pdf` (their printed pages drawn
beside the text, figures drawn in place), opened in turn from the event loop, as clicks would open them, so
that what Qt frees after each event is freed. The floor is the same process after its first 10 opens.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer

from gui.store import Store
from gui.ui.shell.app import application
from gui.ui.shell.window import MainWindow
from tests.benchmarks.readme import machine, update_readme

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def resident_mb() -> float:
    """The process's resident memory now (not its peak: the question is whether it comes back down)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource  # not Linux: the peak is the nearest figure

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opens", type=int, default=150)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store(folder / "memory.db")  # the bundled corpus is imported on first use
        for pdf in sorted(PDFS.glob("*.en.pdf")):
            shutil.copy(pdf, folder / pdf.name)
            store.import_file(folder / pdf.name)
        ids = [d.id for d in store.documents()]
        app = application()
        window = MainWindow(store, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 880)
        window.show()
        window.toggle_source()  # the printed page beside the text: its drawing thread and pictures too
        marks: dict[int, float] = {}
        opened = [0]
        t0 = time.perf_counter()

        def next_open() -> None:
            if opened[0] in (10, 50, 100, args.opens):
                gc.collect()
                marks[opened[0]] = resident_mb()
            if opened[0] == args.opens:
                app.quit()
                return
            window.open_document(ids[opened[0] % len(ids)])
            opened[0] += 1
            QTimer.singleShot(20, next_open)  # back to the event loop, as between two clicks

        QTimer.singleShot(0, next_open)
        app.exec()
        seconds = time.perf_counter() - t0
        window.close()
        store.close()
    ratio = marks[args.opens] / marks[10]
    table = "\n".join([
        f"Memory benchmark ({machine()}, offscreen; {len(ids)} documents, {len(ids) - 4} of them PDFs shown beside "
        f"their printed pages, opened in turn {args.opens} times in {seconds:.0f} s):", "",
        "| resident memory of the window process | MB | against after 10 opens (the floor, same run) |",
        "|---|---:|---:|",
        *(f"| after {n} opens | {marks[n]:.0f} MB | {marks[n] / marks[10]:.2f}× |" for n in sorted(marks)),
        "", f"Goal: at most 1.25× after {args.opens} opens; measured **{ratio:.2f}×**.",
    ])
    print(table)
    if not args.no_readme and update_readme("memory", table):
        print("\nREADME.md updated.")


if __name__ == "__main__":
    sys.exit(main())

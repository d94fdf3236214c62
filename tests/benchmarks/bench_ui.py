"""Window benchmark: cold start, time to first paint of each document, tag keypress to repaint.

Run: `QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_ui [--no-readme]`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from gui.store import Store
from gui.ui.shell.app import application
from gui.ui.shell.window import MainWindow
from tests.benchmarks.bench_extract import synthetic_report
from tests.benchmarks.readme import machine, update_readme

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        Store(db).close()  # first run: corpus imported here, not timed below
        starts = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "gui", "--db", str(db), "--screenshot", str(folder / "s.png")],
                           cwd=ROOT, check=True, capture_output=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            starts.append(time.perf_counter() - t0)
        rows.append(f"| cold start to window painted (new process, `--screenshot`) | {min(starts) * 1000:.0f} ms |")

        big = folder / "big-report.txt"
        big.write_text(synthetic_report(23), encoding="utf-8")
        store = Store(db)
        big_id = store.import_file(big).doc_id
        app = application()
        window = MainWindow(store, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 880)
        window.show()
        app.processEvents()
        for info in store.documents():
            times = []
            for _ in range(3):
                window.doc_id = None  # force a fresh layout
                t0 = time.perf_counter()
                window.open_document(info.id)
                window.reader.viewport().repaint()
                times.append(time.perf_counter() - t0)
            size = len(store.document(info.id).source.encode("utf-8"))
            name = "synthetic report" if info.id == big_id else f"`{info.id}`"
            rows.append(f"| open {name} ({size / 1024:.0f} KB) to first paint | {min(times) * 1000:.0f} ms |")

        window.open_document(big_id)
        app.processEvents()
        bar = window.reader.verticalScrollBar()
        frames = []
        for step in range(200):  # page down through the 1 MB document, then jump around in it
            t0 = time.perf_counter()
            bar.setValue(bar.value() + bar.pageStep() if step < 100 else (step * 7919) % bar.maximum())
            window.reader.viewport().repaint()
            frames.append(time.perf_counter() - t0)
        frames.sort()
        rows.append(f"| scroll the synthetic report: 100 page-downs and 100 jumps, each to a repainted page | median "
                    f"{statistics.median(frames) * 1000:.1f} ms, p95 {frames[int(0.95 * len(frames))] * 1000:.1f} ms, "
                    f"max {frames[-1] * 1000:.0f} ms |")

        window.open_document("S-2017-130", at="para_20")
        app.processEvents()
        latencies = []
        for i in range(63):
            window.reader.go_to(f"para_{20 + i % 40}")
            app.processEvents()  # let the move's scroll and repaint settle: only the keypress is timed
            t0 = time.perf_counter()
            QTest.keyClick(window.reader, Qt.Key.Key_3)
            app.processEvents()  # the repaint Qt scheduled for what changed
            latencies.append(time.perf_counter() - t0)
        warm_up, latencies = latencies[:3], sorted(latencies[3:])
        p95 = latencies[int(0.95 * len(latencies))] * 1000
        rows.append(f"| tag keypress to repaint (digit 3, saved with synchronous=FULL), {len(latencies)} presses | "
                    f"median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95:.1f} ms |")
        rows.append(f"| the first 3 tag keypresses of a session (one-time warm-up of Qt and SQLite) | "
                    f"max {max(warm_up) * 1000:.0f} ms |")
        window.close()
        store.close()
    header = [f"Window benchmark ({machine()}, offscreen):", "", "| what | time |", "|---|---:|"]
    table = "\n".join([*header, *rows])
    print(table)
    if "--no-readme" not in sys.argv and update_readme("ui", table):
        print("\nREADME.md updated.")


if __name__ == "__main__":
    main()

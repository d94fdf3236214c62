"""Scale benchmark: a library of 1,000, 5,000 and 10,000 documents, each figure beside its floor in the run.

Run: `QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_scale [--sizes 1000,5000,10000] [--no-readme]`.
The documents come from `bench_store`'s generator (the bundled corpus with a changed word per paragraph). Each
stage imports up to the next size in a child process (its memory is the import's), then measures the window
in another child process (a cold one), so no figure is helped by what an earlier one left in memory.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ["drones", "protection of civilians", "African Union", "intelligence policy", "ceasefire", "police",
           "host country consent", "triangular cooperation", "Mali", "training"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(*args: str) -> dict[str, Any]:
    """Run a stage of this benchmark in a fresh process; its figures come back as JSON on the last line."""
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_scale", *args], cwd=ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- stages run in child processes ----------------------------------------------------------------------------
def stage_import(db: Path, files: list[Path]) -> dict[str, Any]:
    from gui.store import Store

    size = sum(p.stat().st_size for p in files)
    with Store(db, import_corpus=False) as store:
        t0 = time.perf_counter()
        bulk = store.bulk_import()  # as the window's and the command line's folder import do
        for path in files:
            bulk.add(path)
        bulk.finish()
        seconds = time.perf_counter() - t0
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"seconds": seconds, "bytes": size, "peak_mb": peak_mb()}


def stage_floor_extract(files: list[Path]) -> dict[str, Any]:
    """The floor of an import: decoding and extracting the same files, nothing written."""
    from gui.core.extract import extract

    size = sum(p.stat().st_size for p in files)
    t0 = time.perf_counter()
    for path in files:
        extract(path.read_text(encoding="utf-8"), path=str(path))
    return {"seconds": time.perf_counter() - t0, "bytes": size}


def stage_window(db: Path, folder: Path) -> dict[str, Any]:
    """Open, search and tag in the window on this database, with the library's selection on its last row."""
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest

    from gui.store import Store
    from gui.ui.shell.app import application
    from gui.ui.shell.window import MainWindow

    out: dict[str, Any] = {}
    store = Store(db)
    t0 = time.perf_counter()
    store.documents()
    out["documents_all"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.db.execute("SELECT id, path, symbol, title, date, languages FROM documents").fetchall()
    out["documents_floor"] = time.perf_counter() - t0
    ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY position")]
    app = application()
    t0 = time.perf_counter()
    window = MainWindow(store, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 880)
    window.show()
    app.processEvents()
    out["window_built"] = time.perf_counter() - t0
    library = window.library
    t0 = time.perf_counter()
    library.select(ids[-1])  # the selection on the last row: the library reads its pages down to it
    app.processEvents()
    out["select_last"] = time.perf_counter() - t0
    index = library.model.index(library.model.row_of(ids[-1]) or 0, 0)

    def opened(action: Any) -> float:
        t = time.perf_counter()
        action()
        window.reader.viewport().repaint()
        app.processEvents()
        return time.perf_counter() - t

    out["open_first"] = opened(lambda: library.view.clicked.emit(index))
    opened(lambda: window.open_document(ids[len(ids) // 2]))
    out["open_again"] = opened(lambda: library.view.clicked.emit(index))
    store.invalidate()
    t0 = time.perf_counter()
    store.document(ids[len(ids) // 3])
    out["open_floor"] = time.perf_counter() - t0  # reading and extracting a document, nothing shown

    # Search: the first page as the search thread computes it, and the window's wait with the ticks of a timer.
    times: list[float] = []
    for _ in range(3):
        for q in QUERIES:
            t0 = time.perf_counter()
            store.search(q, limit=100)
            times.append(time.perf_counter() - t0)
    out["search_median"], out["search_p95"] = statistics.median(times), percentile(times, 95)
    common = []
    for _ in range(5):
        t0 = time.perf_counter()
        store.search("peacekeeping", limit=100)
        common.append(time.perf_counter() - t0)
    out["common_median"], out["common_p95"] = statistics.median(common), percentile(common, 95)
    t0 = time.perf_counter()
    store.db.execute('SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH \'"peacekeeping"\' LIMIT 100').fetchall()
    out["search_floor"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    store.db.execute('SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH \'"peacekeeping"\' '
                     "ORDER BY bm25(blocks_fts) LIMIT 100").fetchall()
    out["search_rank_all"] = time.perf_counter() - t0  # what the search did before: every match ranked
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    window.focus_search()
    round_trips, gaps = [], [0.0]
    for q in [*QUERIES, "peacekeeping"]:
        window.search.box.setText(q)
        ticks.clear()
        t0 = time.perf_counter()
        window.run_search()
        while window.search.waiting:
            app.processEvents()
        round_trips.append(time.perf_counter() - t0)
        seen = [t0, *ticks, time.perf_counter()]
        gaps.append(max(b - a for a, b in itertools.pairwise(seen)))
    timer.stop()
    out["window_search_p95"], out["gui_block_search"] = percentile(round_trips, 95), max(gaps)

    # Tag keypresses (digit 3) in the reader, as bench_ui measures them.
    window.open_document(ids[-1])
    app.processEvents()
    body = [b.eid for b in window.document.blocks if b.is_body] if window.document else []
    latencies = []
    for i in range(43):
        window.reader.go_to(body[i % len(body)])
        app.processEvents()
        t0 = time.perf_counter()
        QTest.keyClick(window.reader, Qt.Key.Key_3)
        app.processEvents()
        latencies.append(time.perf_counter() - t0)
    out["tag_p95"] = percentile(latencies[3:], 95)
    tag_floor = []
    for i in range(40):
        t0 = time.perf_counter()
        store.tag(ids[0], [body[0] if i % 2 else body[-1]], "poc", coder=f"floor{i}")
        tag_floor.append(time.perf_counter() - t0)
    out["tag_floor_p95"] = percentile(tag_floor, 95)
    out["peak_mb"] = peak_mb()
    window.close()
    store.close()
    return out


def cold_start(db: Path, folder: Path) -> float:
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gui", "--db", str(db), "--screenshot", str(folder / "s.png")],
                       cwd=ROOT, check=True, capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        best = min(best, time.perf_counter() - t0)
    return best


def fts_bytes(db: Path) -> int | None:
    import sqlite3

    with sqlite3.connect(db) as conn:
        try:
            return int(conn.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'blocks_fts%' "
                                    "OR name LIKE 'annotations_fts%'").fetchone()[0] or 0)
        except sqlite3.Error:
            return None


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.0095 else f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,10000")
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--stage", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage:  # a child process
        kind, *rest = args.stage
        if kind == "import":
            result = stage_import(Path(rest[0]), [Path(p) for p in Path(rest[1]).read_text().split("\n") if p])
        elif kind == "extract":
            result = stage_floor_extract([Path(p) for p in Path(rest[0]).read_text().split("\n") if p])
        else:
            result = stage_window(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return

    from tests.benchmarks.bench_store import make_corpus
    from tests.benchmarks.readme import machine, update_readme

    sizes = [int(s) for s in args.sizes.split(",")]
    columns: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "docs").mkdir()
        text_bytes = make_corpus(folder / "docs", sizes[-1])
        files = sorted((folder / "docs").glob("*.txt"))
        print(f"{len(files):,} documents generated ({text_bytes / 1e6:.0f} MB)", flush=True)
        small = folder / "small.db"
        from gui.store import Store

        Store(small).close()
        floor_start = cold_start(small, folder)
        (folder / "sample").write_text("\n".join(map(str, files[:200])))
        floor = child("--stage", "extract", str(folder / "sample"))
        db = folder / "scale.db"
        done = 0
        for size in sizes:
            (folder / "batch").write_text("\n".join(map(str, files[done:size])))
            imported = child("--stage", "import", str(db), str(folder / "batch"))
            done = size
            text = sum(p.stat().st_size for p in files[:size])
            db_bytes = db.stat().st_size
            fts = fts_bytes(db)
            start = cold_start(db, folder)
            win = child("--stage", "window", str(db), str(folder))
            column = {
                "import": f"{imported['bytes'] / imported['seconds'] / 1e6:.2f} MB/s "
                          f"({imported['bytes'] / 1e6:.0f} MB in {imported['seconds']:.0f} s)",
                "import memory": f"{imported['peak_mb']:.0f} MB peak",
                "database / text": f"{db_bytes / text:.2f}× ({db_bytes / 1e6:.0f} MB for {text / 1e6:.0f} MB"
                                   + (f"; FTS {fts / 1e6:.0f} MB" if fts is not None else "") + ")",
                "cold start (window painted)": f"{start:.2f} s",
                "library read whole (`documents()`)": ms(win["documents_all"]),
                "window built (first page of the library)": ms(win["window_built"]),
                "select the last row (the one page it is on read)": ms(win["select_last"]),
                "open from the library, selection on the last row: first": ms(win["open_first"]),
                "… again (after another document)": ms(win["open_again"]),
                "search first page, 10 queries × 3: median / p95": f"{ms(win['search_median'])} / "
                                                                   f"{ms(win['search_p95'])}",
                "search “peacekeeping”: median / p95": f"{ms(win['common_median'])} / {ms(win['common_p95'])}",
                "search in the window, ask to hits shown: p95": ms(win["window_search_p95"]),
                "longest GUI block while searching": ms(win["gui_block_search"]),
                "tag keypress to repaint: p95": ms(win["tag_p95"]),
                "window process memory": f"{win['peak_mb']:.0f} MB peak",
                "_floors": json.dumps({"documents_floor": win["documents_floor"], "open_floor": win["open_floor"],
                                       "search_floor": win["search_floor"], "rank_all": win["search_rank_all"],
                                       "tag_floor_p95": win["tag_floor_p95"]}),
            }
            columns.append(column)
            print(f"{size:,}: {json.dumps(column, ensure_ascii=False)}", flush=True)
    floors = {
        "import": f"extraction alone: {floor['bytes'] / floor['seconds'] / 1e6:.2f} MB/s",
        "database / text": "text + FTS index",
        "cold start (window painted)": f"bundled corpus (4 documents): {floor_start:.2f} s",
        "library read whole (`documents()`)": "plain SELECT of the columns: " + " / ".join(
            ms(json.loads(c["_floors"])["documents_floor"]) for c in columns),
        "open from the library, selection on the last row: first": "reading + extracting the document: " + " / ".join(
            ms(json.loads(c["_floors"])["open_floor"]) for c in columns),
        "search first page, 10 queries × 3: median / p95": "FTS match of 100 rows, unranked (“peacekeeping”): "
        + " / ".join(ms(json.loads(c["_floors"])["search_floor"]) for c in columns),
        "search “peacekeeping”: median / p95": "before: every match ranked: " + " / ".join(
            ms(json.loads(c["_floors"])["rank_all"]) for c in columns),
        "tag keypress to repaint: p95": "the store's tag write alone, p95: " + " / ".join(
            ms(json.loads(c["_floors"])["tag_floor_p95"]) for c in columns),
    }
    keys = [k for k in columns[0] if not k.startswith("_")]
    header = [f"Scale benchmark ({machine()}, offscreen; `bench_store`'s generated documents, ~40 KB each):", "",
              "| what | " + " | ".join(f"{s:,} documents" for s in sizes) + " | floor, same run |",
              "|---|" + "---:|" * len(sizes) + "---|"]
    rows = [f"| {k} | " + " | ".join(c[k] for c in columns) + f" | {floors.get(k, '')} |" for k in keys]
    note = ("\nImport: each column is the rate of that stage (the documents added since the last size). Memory: peak "
            "resident size of the import process, then of the window process. The database holds each text once "
            "in its blocks (which the search indexes), its source compressed (about a quarter), and the FTS index.")
    table = "\n".join([*header, *rows, note])
    print(table)
    if not args.no_readme and update_readme("scale", table):
        print("\nREADME.md updated.")


if __name__ == "__main__":
    main()

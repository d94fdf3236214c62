"""PDF reading speed: pages per second for `outline` (extraction) and `import` (extraction and the database
write), beside the floor of PDFium's own plain-text extraction of the same files in the same run.

Run: `python -m tests.benchmarks.bench_pdf [DIR] [--no-readme]` (DIR defaults to ../shared/pdf, else the test
PDFs in tests/data/pdf). Prints a table and writes it to README.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pypdfium2 as pdfium

from gui.core.extract import load_document
from gui.core.pdf.read import open_pdf, read_pages
from gui.store import Store
from tests.benchmarks.readme import machine, update_readme

ROOT = Path(__file__).resolve().parents[2]


def pdfs(args: list[str]) -> list[Path]:
    folders = [Path(a) for a in args if not a.startswith("--")] or [ROOT.parent / "shared" / "pdf"]
    found = sorted(p for folder in folders for p in folder.glob("*.pdf") if "encrypted" not in p.name)
    return found or sorted(p for p in (ROOT / "tests" / "data" / "pdf").glob("*.en.pdf"))


def floor(files: list[Path]) -> tuple[float, float]:
    """Seconds (wall, CPU) for PDFium to load every page and give its plain text."""
    start, cpu = time.perf_counter(), time.process_time()
    for file in files:
        pdf = pdfium.PdfDocument(str(file))
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()
    return time.perf_counter() - start, time.process_time() - cpu


def reading(files: list[Path]) -> tuple[float, float]:
    """Seconds (wall, CPU) for the reader alone to turn every page into typed lines (`read_pages`): PDFium's
    work of the floor, and the characters' boxes, text objects and fonts made into runs and lines."""
    start, cpu = time.perf_counter(), time.process_time()
    for file in files:
        pdf = open_pdf(file)
        for _ in read_pages(pdf, file.name):
            pass
        pdf.close()
    return time.perf_counter() - start, time.process_time() - cpu


def outline(files: list[Path]) -> tuple[float, float]:
    """Seconds (wall, CPU) to read, lay out and structure every file."""
    start, cpu = time.perf_counter(), time.process_time()
    for file in files:
        load_document(file)
    return time.perf_counter() - start, time.process_time() - cpu


def start_up(file: Path) -> float:
    """Wall seconds of `python -m gui outline FILE` beyond the outline itself: the command's start-up."""
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gui", "outline", str(file)], capture_output=True, check=True,
                       cwd=ROOT)
        total = time.perf_counter() - start
        runs.append(total - outline([file])[0])
    return statistics.median(runs)


def import_all(files: list[Path]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db", import_corpus=False)
        start = time.perf_counter()
        for file in files:
            store.import_file(file)
        elapsed = time.perf_counter() - start
        store.close()
    return elapsed


def main(argv: list[str]) -> None:
    files = pdfs(argv)
    pages = 0
    for file in files:
        pdf = pdfium.PdfDocument(str(file))
        pages += len(pdf)
        pdf.close()
    runs = 3
    floors, readings, outlines = [], [], []
    for _ in range(runs):  # interleaved, so that a busy spell on a shared machine weighs on all alike
        floors.append(floor(files))
        readings.append(reading(files))
        outlines.append(outline(files))
    imports = [import_all(files) for _ in range(runs)]
    tracemalloc.start()
    load_document(max(files, key=lambda f: f.stat().st_size))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    f, o = statistics.median(x[0] for x in floors), statistics.median(x[0] for x in outlines)
    f_cpu, o_cpu = statistics.median(x[1] for x in floors), statistics.median(x[1] for x in outlines)
    r, r_cpu = statistics.median(x[0] for x in readings), statistics.median(x[1] for x in readings)
    i = statistics.median(imports)
    startup = start_up(min(files, key=lambda p: p.stat().st_size))
    table = "\n".join([
        f"PDF benchmark ({machine()}; {len(files)} real UN PDFs, {pages} pages; median of {runs} runs):",
        "",
        "| what | time | pages/s |",
        "|---|---:|---:|",
        f"| floor: PDFium's plain text of every page (`get_text_range`) | {f:.2f} s | {pages / f:.0f} |",
        f"| read: every page as typed lines (characters' boxes, text objects, fonts → runs) | {r:.2f} s | "
        f"{pages / r:.0f} |",
        f"| `outline`: read, lay out and structure every PDF | {o:.2f} s | {pages / o:.0f} |",
        f"| `import`: the same, and write it to a new database | {i:.2f} s | {pages / i:.0f} |",
        "",
        f"Pipeline / floor: {o / f:.1f}× the floor's time ({o_cpu / f_cpu:.1f}× its CPU time: {o_cpu:.2f} s against "
        f"{f_cpu:.2f} s, the fairer figure on a shared machine); reading alone {r / f:.1f}× ({r_cpu / f_cpu:.1f}× "
        f"CPU), the rest is layout and structure. `outline` start-up (its run less the outline "
        f"itself): {startup:.2f} s. Peak Python memory for the largest file "
        f"({max(files, key=lambda p: p.stat().st_size).name}): {peak / 2**20:.0f} MB.",
    ])
    print(table)
    if "--no-readme" not in argv and not update_readme("pdf", table):
        print("(README.md has no <!-- bench:pdf --> block; not written)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

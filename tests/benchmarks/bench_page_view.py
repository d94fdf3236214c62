"""The page view: Ctrl+U to the first drawn page, and page-to-page turns, on the largest PDF at hand, beside
the floor of PDFium drawing the same page at the same scale in the same run; memory after turning through
every page twice.

Run: `QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_page_view [--no-readme]`.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from gui.core.pdf.render import PageRenderer
from gui.store import Store
from gui.ui.shell.window import MainWindow
from tests.benchmarks.bench_pdf import pdfs
from tests.benchmarks.readme import machine, update_readme


def wait(app: QApplication, until: object, timeout: float = 10.0) -> float:
    start = time.perf_counter()
    while not until():  # type: ignore[operator]
        app.processEvents()
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the page was not drawn")
        time.sleep(0.0005)
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    pdf = max(pdfs(argv), key=lambda p: p.stat().st_size)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db", import_corpus=False)
        doc_id = store.import_file(pdf).doc_id
        window = MainWindow(store, QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1600, 950)
        window.show()
        window.open_document(doc_id)
        wait(app, window.pictures_drawn)
        pages = window.source.pages
        middle = next(b.eid for b in store.document(doc_id).blocks if b.boxes and b.boxes[0][0] == 10)
        window.reader.go_to(middle)  # a page not drawn yet (page 1 is drawn as the document opens)
        start = time.perf_counter()
        window.toggle_source()
        wait(app, lambda: pages.canvas.image is not None and pages.page == 10)
        first = time.perf_counter() - start
        turns: list[float] = []
        document = window.document
        assert document is not None
        first_block = {}  # the reader moves to the first block printed on each page; the page view follows
        for block in document.blocks:
            if block.boxes and block.kind.value != "preface":
                first_block.setdefault(block.boxes[0][0], block.eid)
        for _ in range(2):
            for page, eid in sorted(first_block.items()):
                start = time.perf_counter()
                window.reader.go_to(eid)
                wait(app, lambda p=page: pages.canvas.image is not None and any(  # type: ignore[misc]
                    k.startswith(f"page:{p}:") and pages.cache[k] is pages.canvas.image for k in pages.cache))
                turns.append(time.perf_counter() - start)
        scale = pages.scale() * pages.devicePixelRatioF()
        renderer = PageRenderer(pdf)
        floor = []
        for page in range(1, len(renderer.sizes) + 1):
            start = time.perf_counter()
            renderer.render(page, scale)
            floor.append(time.perf_counter() - start)
        renderer.close()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        window.close()
        store.close()
    first_pass, second_pass = turns[: len(turns) // 2], turns[len(turns) // 2:]
    q = statistics.quantiles

    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    table = "\n".join([
        f"Page view benchmark ({machine()}, offscreen; `{pdf.name}`, {len(floor)} pages, the reader moved to "
        f"the first block of each of the {len(first_block)} pages with text; drawn at "
        f"{scale:.2f} px/pt):",
        "",
        "| what | time |",
        "|---|---:|",
        f"| Ctrl+U to page 10 drawn (the reader at a paragraph printed there) | {ms(first)} |",
        f"| reader to the next page, the page view follows (first time): median, p95 | "
        f"{ms(statistics.median(first_pass))}, "
        f"{ms(q(first_pass, n=20)[-1])} |",
        f"| the same, second time (cache of {pages.CACHE} pages): median, p95 | "
        f"{ms(statistics.median(second_pass))}, {ms(q(second_pass, n=20)[-1])} |",
        f"| floor: PDFium draws one page at that scale, median | {ms(statistics.median(floor))} |",
        "",
        f"Peak memory of the process after turning through every page twice: {rss:.0f} MB. The page is drawn "
        "on a worker thread: the window keeps answering while a page is drawn.",
    ])
    print(table)
    if "--no-readme" not in argv and not update_readme("page-view", table):
        print("(README.md has no <!-- bench:page-view --> block; not written)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

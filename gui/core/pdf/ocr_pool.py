"""Recognition in a process of its own, so that the window's event loop never waits on it.

The engine's Python parts (its image pre- and post-processing, onnxruntime building its sessions) hold the
interpreter lock for up to half a second at a time; in a thread of the window's process that freezes the
window. A single worker process (started on first use, kept for the session) loads the models once and
recognises one page at a time on all cores but one (onnxruntime's threads, `ocr.threads`), so memory stays bounded
whatever the number of pages (0.8–1.0 GB for the process: 1023 MB at its peak on a 20-page scan in
bench_scan_window). Pages travel as the PDF's bytes and a page number; results come back as `ScanPage` JSON.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from gui.core.pdf.ocr import SCALE, Engine, ScanPage, draw_page, measure_ink

_POOL: list[ProcessPoolExecutor] = []
_LOCK = threading.Lock()
_CHILD: dict[str, Any] = {}  # in the worker process: the engine and the last PDF opened


def recognise(data: bytes, number: int, width: float, height: float) -> ScanPage:
    """Page `number` (from 1) of the PDF `data`, recognised in the worker process. A page the worker could not
    read comes back with its `error` set (never an exception for one bad page)."""
    try:
        future: Future[dict[str, Any]] = _pool().submit(_recognise_here, data, number)
        while True:  # short waits: Ctrl+C reaches the main thread only between two of them
            try:
                return ScanPage.from_json(future.result(timeout=0.25))
            except TimeoutError:
                continue
    except KeyboardInterrupt:  # Ctrl+C: the page being read is dropped now, not finished first
        _stop(terminate=True)
        raise
    except BrokenProcessPool:
        with _LOCK:
            _POOL.clear()  # the worker died (out of memory?): the next page starts a new one
        return ScanPage(number, width, height, error="the recognition process stopped (out of memory?)")


def _pool() -> ProcessPoolExecutor:
    with _LOCK:
        if not _POOL:
            # spawn: a fresh interpreter, never a fork of a process that runs Qt and PDFium threads
            _POOL.append(ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_quiet))
        return _POOL[0]


def _quiet() -> None:
    """In the worker: Ctrl+C is the parent's to handle (it stops between pages); the worker just ends with it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _recognise_here(data: bytes, number: int) -> dict[str, Any]:
    """In the worker: draw the page, recognise it, measure its ink."""
    import pypdfium2 as pdfium

    from gui.core.pdf.read import PDFIUM

    engine = _CHILD.get("engine")
    if engine is None:
        engine = _CHILD["engine"] = Engine()
    key = hash(data)
    if _CHILD.get("key") != key:  # one PDF's pages come one after the other: open it once
        with PDFIUM:
            old = _CHILD.pop("pdf", None)
            if old is not None:
                old.close()
            _CHILD["pdf"], _CHILD["key"] = pdfium.PdfDocument(data), key
    try:
        pixels, width, height = draw_page(_CHILD["pdf"], number - 1, SCALE)
    except pdfium.PdfiumError as error:
        return ScanPage(number, 0.0, 0.0, error=f"the page cannot be drawn ({error})").to_json()
    try:
        scan = engine.recognise(pixels, number, width, height, SCALE)
        scan = measure_ink(engine.rescue_numbers(scan, pixels, SCALE), pixels, SCALE)
    except MemoryError:
        scan = ScanPage(number, width, height, error="not enough memory to recognise it")
    except (RuntimeError, ValueError, OSError) as error:
        scan = ScanPage(number, width, height, error=f"recognition failed: {error}")
    return scan.to_json()


@atexit.register
def _stop(terminate: bool = False) -> None:
    """Shut the worker down (at exit: after its page; on Ctrl+C: at once)."""
    with _LOCK:
        pools, _POOL[:] = list(_POOL), []
    for pool in pools:
        if terminate:
            for process in list(getattr(pool, "_processes", {}).values()):  # no public way to stop a worker
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)

"""Importing a scanned PDF in the window: recognition runs off the GUI thread, shows progress per page and
stops on Cancel between pages (the pages already recognised are kept for the next import)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from gui.ui.library import jobs
from gui.ui.library.workers import ImportWorker
from gui.ui.shell.window import MainWindow
from tests.ocr_samples import S_2025_72, scanned_pdf

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _gaps(qtbot: QtBot, seconds: float, during: object = None) -> list[float]:
    """Gaps between ticks of a 10-ms timer on the GUI thread (how long the event loop was held)."""
    stamps: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    timer.start()
    qtbot.wait(int(seconds * 1000))
    timer.stop()
    return [b - a for a, b in itertools.pairwise(stamps)]


def test_a_scan_is_recognised_in_the_background_with_progress_and_cancel(
        make_window: object, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(S_2025_72, [1, 2, 3], crop_bottom=0.55))  # three scanned part pages
    window: MainWindow = make_window()  # type: ignore[operator]
    before = {d.id for d in window.store.documents()}
    idle = max(_gaps(qtbot, 0.5))  # the event loop's own gaps on this machine, now
    labels: list[str] = []
    outcome: list[list[str]] = []

    class Listened(ImportWorker):  # listened to from its construction: no signal can come before the test hears
        def __init__(self, db_path: Path, files: list[Path]) -> None:
            super().__init__(db_path, files)
            self.progress.connect(report)
            self.done.connect(lambda _summaries, errors: outcome.append(list(errors)))

    arrivals: dict[str, float] = {}  # when each page's "recognising" label reached the window

    def report(_done: int, _total: int, name: str) -> None:
        labels.append(name)
        arrivals.setdefault(name, time.perf_counter())
        if "recognising scanned page 2 of 3" in name:  # pressed while page 2 is read: page 3 never is
            window.worker.cancel() if window.worker is not None else None

    monkeypatch.setattr(jobs, "ImportWorker", Listened)
    stamps: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    timer.start()
    assert window.import_paths([scan]) is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=600_000)  # the job's end, however long it takes
    timer.stop()
    assert "scan.pdf (recognising scanned page 1 of 3)" in labels
    assert outcome and "cancelled" in " ".join(outcome[0])
    assert {d.id for d in window.store.documents()} == before  # nothing of it written
    kept = window.store.db.execute("SELECT COUNT(*) FROM recognised_pages").fetchone()[0]
    assert kept == 2  # the pages read before Cancel are not recognised again next time
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert len(gaps) > 10  # the window went on drawing while the pages were recognised
    # No block as long as recognising a page: the time from page 1's label to page 2's, measured in this run,
    # is the floor (on the GUI thread, one gap would be all of it). A loaded machine stalls the whole process
    # now and then — as long as a few of the idle loop's gaps, or more — and slows the recognition alike.
    label = "scan.pdf (recognising scanned page {} of 3)"
    page = arrivals[label.format(2)] - arrivals[label.format(1)]
    assert max(gaps) < max(0.25, 5 * idle, page / 2), f"the loop stopped {max(gaps):.2f} s; a page took {page:.2f} s"

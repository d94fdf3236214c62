"""A long session stays light: what the window no longer shows is freed when another document is opened."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def test_opening_another_document_frees_the_text_laid_out_for_the_last(window: MainWindow, qtbot: QtBot) -> None:
    shown = window.reader.document()
    assert window.reader.placed and shown.characterCount() > 10_000  # S/2017/130, laid out
    with qtbot.waitSignal(shown.destroyed, timeout=10_000):
        window.open_document("WGPKO-report-2021")
    assert window.reader.document().characterCount() > 10_000  # the new one, laid out in its place
    again = window.reader.document()
    with qtbot.waitSignal(again.destroyed, timeout=10_000):
        window.open_document("S-2017-130")  # and back: each open frees the one before
    assert window.reader.current_eid() is not None


def test_the_same_document_again_keeps_its_layout(window: MainWindow, qtbot: QtBot) -> None:
    shown = window.reader.document()
    destroyed: list[bool] = []
    shown.destroyed.connect(lambda: destroyed.append(True))
    window.open_document("S-2017-130", at="para_20")  # only moves: nothing laid out again
    with qtbot.waitSignal(window.reader.current_changed, timeout=10_000):
        window.reader.go_to("para_21")
    assert not destroyed and window.reader.document() is shown


def test_the_page_drawing_thread_of_a_pdf_left_is_freed(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    pdf = tmp_path / "S_2025_72.pdf"
    shutil.copy(PDFS / "S_2025_72.en.pdf", pdf)
    window: MainWindow = make_window()  # type: ignore[operator]
    doc_id = window.store.import_file(pdf).doc_id
    window.open_document(doc_id)
    pages = window.source.pages
    thread = pages.drawing
    assert thread is not None
    with qtbot.waitSignal(thread.destroyed, timeout=10_000):  # stopped, finished, then deleted
        window.open_document("S-2017-130")
    assert not pages.threads

"""Issue 23, fault 8 (last part): a PDF replaced on disk since its import is not drawn with the old file's
boxes; the page view says what happened instead."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def imported(make_window: object, pdf: Path) -> tuple[MainWindow, str]:
    """A window with S/2025/72 imported from `pdf`."""
    shutil.copy(PDFS / "S_2025_72.en.pdf", pdf)
    window: MainWindow = make_window()  # type: ignore[operator]
    window.resize(1500, 900)
    return window, window.store.import_file(pdf).doc_id


def test_a_replaced_pdf_is_not_drawn_with_the_old_boxes(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    pdf = tmp_path / "S_2025_72.pdf"
    window, doc_id = imported(make_window, pdf)
    window.store.tag(doc_id, ["para_4"], "poc")
    shutil.copy(PDFS / "S_2025_68.en.pdf", pdf)  # another report under the same name, not re-imported
    pages = window.source.pages
    with qtbot.waitSignal(pages.unavailable, timeout=20_000) as said:
        window.open_document(doc_id, at="para_4")
        window.toggle_source()
    assert "is not the one imported" in said.args[0] and "import it again" in said.args[0]
    assert pages.canvas.notice == said.args[0] and pages.canvas.image is None  # no page, so no old boxes on it
    window.reader.go_to("para_5")
    assert pages.canvas.image is None and pages.canvas.notice


def test_the_same_pdf_is_drawn(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window, doc_id = imported(make_window, tmp_path / "S_2025_72.pdf")
    pages = window.source.pages
    with qtbot.waitSignal(pages.drawn, timeout=20_000):
        window.open_document(doc_id, at="para_4")
        window.toggle_source()
    assert pages.canvas.image is not None and pages.canvas.notice == ""

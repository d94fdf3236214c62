"""The printed page beside the text (View ▸ Show Source on a PDF), and figures drawn in place in the reader."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def _open(make_window: object, tmp_path: Path, stem: str, at: str | None = None) -> MainWindow:
    pdf = tmp_path / f"{stem}.pdf"
    shutil.copy(PDFS / f"{stem}.en.pdf", pdf)
    window: MainWindow = make_window()  # type: ignore[operator]
    window.resize(1500, 900)
    report = window.store.import_file(pdf)
    window.open_document(report.doc_id, at=at)
    return window


def test_show_source_on_a_pdf_shows_the_printed_page(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72", at="para_4")
    window.toggle_source()
    pages = window.source.pages
    assert window.source.currentWidget() is pages
    qtbot.waitUntil(lambda: pages.canvas.image is not None, timeout=10_000)
    assert pages.page == 2 and pages.pages == 15  # para. 4 is printed on page 2
    assert [box[0] for box in pages.canvas.current] == [2]
    assert window.status_page.text() == "page 2 of 15"
    image = pages.canvas.image
    assert image.width() > 300 and image.pixelColor(5, 5).name() == "#ffffff"  # drawn, not blank
    sizes = window.centre.sizes()
    assert sizes[0] > sizes[1]  # the reader keeps the larger part


def test_the_page_follows_the_reader(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72", at="para_7")
    window.toggle_source()
    pages = window.source.pages
    qtbot.waitUntil(lambda: pages.pages == 15, timeout=10_000)
    assert pages.page == 2
    for _ in range(3):  # para_7 (p. 2–3), then its footnotes (p. 2) ... on to para_8 (p. 3)
        qtbot.keyClick(window.reader, Qt.Key.Key_J)
    eid = window.reader.current_eid()
    block = window.document.block(eid)  # type: ignore[union-attr]
    assert pages.page == block.boxes[0][0]
    window.reader.go_to("para_47")
    assert pages.page == 10


def test_a_click_on_the_page_selects_the_block_printed_there(make_window: object, tmp_path: Path,
                                                            qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72", at="para_4")
    window.toggle_source()
    pages = window.source.pages
    qtbot.waitUntil(lambda: pages.canvas.image is not None, timeout=10_000)
    box = window.document.block("para_6").boxes[0]  # type: ignore[union-attr]
    centre = QPointF((box[1] + box[3]) / 2, (box[2] + box[4]) / 2)
    assert pages.block_at(centre) == "para_6"
    point = pages.canvas.rect_of(box).center().toPoint()
    qtbot.mouseClick(pages.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert window.reader.current_eid() == "para_6"


def test_tagged_blocks_are_tinted_on_the_page(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72", at="para_4")
    window.toggle_source()
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    tints = window.source.pages.canvas.tints
    assert tints and tints[0][0][0] == 2


def test_figures_are_drawn_in_the_reader(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_153", at="fig_I")
    reader = window.reader
    assert "fig_I" in reader.pictures
    qtbot.waitUntil(lambda: window.pictures_drawn(), timeout=15_000)
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    picture = reader.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl("figure:fig_I"))
    assert isinstance(picture, QImage) and picture.width() > 200
    colours = {picture.pixelColor(x, y).name() for x in range(0, picture.width(), 7)
               for y in range(0, picture.height(), 7)}
    assert len(colours) > 3  # a chart, not the blank that held its place


def test_a_missing_pdf_says_so_and_keeps_the_text(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72", at="para_4")
    path = Path(window.document.path or "")  # type: ignore[union-attr]
    other = window.store.document("S-2017-130")
    assert other is not None
    window.open_document("S-2017-130")
    path.unlink()
    window.store.invalidate()
    window.open_document("S-2025-72", at="para_4")
    window.toggle_source()
    assert window.source.currentWidget() is window.source.missing
    assert "no longer at" in window.source.missing.text()
    assert window.reader.current_eid() == "para_4"


def test_text_files_keep_the_source_text(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    window.open_document("S-2017-130", at="para_83")
    window.toggle_source()
    assert window.source.currentWidget() is window.source.text
    assert window.source.highlighted


def test_a_figure_fits_a_reader_made_narrow(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    window = _open(make_window, tmp_path, "S_2025_153", at="fig_I")
    qtbot.waitUntil(lambda: window.pictures_drawn(), timeout=15_000)
    window.toggle_source()  # the printed page takes half the centre: the reader narrows
    qtbot.wait(50)
    reader = window.reader
    picture = reader.document().resource(QTextDocument.ResourceType.ImageResource.value, QUrl("figure:fig_I"))
    assert isinstance(picture, QImage)
    shown = picture.width() / picture.devicePixelRatio()
    assert shown <= reader.viewport().width() - 84

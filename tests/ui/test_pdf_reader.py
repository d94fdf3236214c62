"""A PDF in the window: footnote marks raised in the text, their notes on hover, followed by a click and back
with Alt+←, words after a mark tagged exactly, figures taggable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from gui.ui.library import jobs
from gui.ui.library.workers import ImportWorker
from gui.ui.shell.window import MainWindow

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def _open(make_window: object, tmp_path: Path, stem: str) -> MainWindow:
    window: MainWindow = make_window()  # type: ignore[operator]
    report = window.store.import_file(PDFS / f"{stem}.en.pdf")
    window.refresh_library()
    window.open_document(report.doc_id)
    return window


def _mark_position(window: MainWindow, eid: str, k: int = 0) -> int:
    placed = window.reader.placed[window.reader.by_eid[eid]]
    return placed.start + placed.qt_offset(placed.block.refs[k][0], end=True)  # just before the mark


def test_marks_are_raised_links_with_their_note(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72")
    reader = window.reader
    position = _mark_position(window, "para_1")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(position + 1)
    fmt = cursor.charFormat()
    assert fmt.verticalAlignment() == QTextCharFormat.VerticalAlignment.AlignSuperScript
    assert fmt.anchorHref() == "note:fn_1" and fmt.toolTip() == "1 Listed as Al-Qaida in Iraq (QDe.115)."
    shown = reader.document().toPlainText()
    assert "the Levant1 (ISIL" in shown  # the mark is shown, the stored text has none
    assert "Levant1" not in reader.placed[reader.by_eid["para_1"]].block.text


def test_hover_shows_the_note_and_click_follows_it(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72")
    reader = window.reader
    reader.go_to("para_1")
    qtbot.wait(10)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(_mark_position(window, "para_1"))
    rect = reader.cursorRect(cursor)
    point = QPoint(rect.right() + 2, rect.top() + 2)
    assert reader.note_at(point) == "fn_1"
    reader.event(QHelpEvent(QEvent.Type.ToolTip, point, reader.viewport().mapToGlobal(point)))
    assert "Listed as Al-Qaida" in QToolTip.text()
    qtbot.mousePress(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert reader.current_eid() == "fn_1"
    qtbot.keyClick(reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert reader.current_eid() == "para_1"


def test_words_after_a_mark_are_tagged_exactly(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_72")
    reader = window.reader
    placed = reader.placed[reader.by_eid["para_1"]]
    text = placed.block.text
    start = text.index("(ISIL")
    words = "(ISIL, hereinafter referred to as “Da’esh”)"
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + placed.qt_offset(start))
    cursor.setPosition(placed.start + placed.qt_offset(start + len(words), end=True), QTextCursor.MoveMode.KeepAnchor)
    reader.go_to("para_1")
    reader.setTextCursor(cursor)
    assert cursor.selectedText() == words
    window.toggle_theme(window.store.theme("poc").id)
    [annotation] = window.store.annotations(theme="poc")
    assert annotation.quote == words and annotation.span == (start, start + len(words))


def test_a_figure_is_a_block_to_tag(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    window = _open(make_window, tmp_path, "S_2025_153")
    window.reader.go_to("fig_I")
    window.toggle_theme(window.store.theme("poc").id)
    [annotation] = window.store.annotations(theme="poc")
    assert annotation.eid == "fig_I" and annotation.quote.startswith("Figure I Daily trajectories")


def test_a_long_pdf_import_shows_its_pages_and_cancel_stops_it(make_window: object, tmp_path: Path,
                                                               qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(PDFS / "S_2025_72.en.pdf"))
    long = pdfium.PdfDocument.new()
    long.import_pages(source, list(range(15)) * 20)  # 300 pages
    long.save(str(tmp_path / "long.pdf"))
    window: MainWindow = make_window()  # type: ignore[operator]
    before = {d.id for d in window.store.documents()}
    labels: list[str] = []
    errors: list[str] = []

    class Listened(ImportWorker):  # heard from before it starts: no report or end is missed
        def __init__(self, db_path: Path, files: list[Path]) -> None:
            super().__init__(db_path, files)
            self.progress.connect(self.report)
            self.done.connect(lambda _summaries, errs: errors.extend(errs))

        def report(self, _done: int, _total: int, name: str) -> None:
            labels.append(name)
            if "page 20 of 300" in name:
                self.cancel()

    monkeypatch.setattr(jobs, "ImportWorker", Listened)
    assert window.import_paths([tmp_path / "long.pdf"]) is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)
    assert any("(page 20 of 300)" in label for label in labels)
    assert not any("page 100 of" in label for label in labels)
    assert {d.id for d in window.store.documents()} == before  # nothing of it was written
    assert "cancelled" in " ".join(errors)

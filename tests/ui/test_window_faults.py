"""The window's faults of an analyst's first day (issue 24, "the window"), each fixed and kept so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QPaintEvent, QRegion
from PySide6.QtWidgets import QApplication, QInputDialog, QProgressDialog
from pytestqt.qtbot import QtBot

from gui.ui.coding.theme_dialogs import ThemeManager
from gui.ui.library import jobs
from gui.ui.library.workers import ImportWorker
from gui.ui.shell.window import MainWindow
from gui.ui.widgets.panels import CODER_ROLE
from tests.conftest import S_2017_130

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


def import_and_wait(window: MainWindow, qtbot: QtBot, paths: list[Path]) -> None:
    assert window.import_paths(paths) is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)  # the job's end, however long it takes


def test_reimporting_an_unchanged_file_says_unchanged(make_window: object, tmp_path: Path, qtbot: QtBot) -> None:
    copy = tmp_path / "report.txt"
    copy.write_text(S_2017_130.read_text(encoding="utf-8"), encoding="utf-8")
    window: MainWindow = make_window()  # type: ignore[operator]
    import_and_wait(window, qtbot, [copy])
    assert window.statusBar().currentMessage() == "1 document new"
    import_and_wait(window, qtbot, [copy])
    assert window.statusBar().currentMessage() == "1 document unchanged"  # it said "1 document(s) imported"
    assert jobs.import_outcome(["a: new (x)", "b: updated from y — 1 annotations kept",
                                "c: unchanged (z)", "d: new (w)"]) == "2 documents new, 1 updated, 1 unchanged"


def test_the_import_progress_bar_follows_the_pages(make_window: object, tmp_path: Path, qtbot: QtBot,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(PDFS / "S_2025_72.en.pdf"))
    long = pdfium.PdfDocument.new()
    long.import_pages(source, list(range(len(source))) * 2)
    pages = len(long)
    long.save(str(tmp_path / "long.pdf"))
    seen: list[tuple[int, int, str]] = []

    class Recording(ImportWorker):  # listens from before it starts: no signal is missed
        def __init__(self, db_path: Path, files: list[Path]) -> None:
            super().__init__(db_path, files)
            self.progress.connect(lambda done, total, label: seen.append((done, total, label)))

    monkeypatch.setattr(jobs, "ImportWorker", Recording)
    window: MainWindow = make_window()  # type: ignore[operator]
    assert window.import_paths([tmp_path / "long.pdf"]) is not None
    dialog = window.findChildren(QProgressDialog)[-1]
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)
    on_pages = [(done, total, label) for done, total, label in seen if "(page " in label]
    assert len(on_pages) >= 3 and dialog.maximum() == on_pages[0][1]
    for done, total, label in on_pages:  # "page 20 of 30" is two thirds of the bar, not 0 %
        page = int(label.split("(page ")[1].split(" of")[0])
        assert done == page * total // pages


class Paints(QObject):
    """What of a widget was painted: the union of its paint events' regions."""

    def __init__(self) -> None:
        super().__init__()
        self.region = QRegion()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.region = self.region.united(event.region())
        return False


def test_the_note_box_repaints_its_whole_hint_when_only_the_hint_changes(window: MainWindow, qtbot: QtBot) -> None:
    """Reproduced on a real X server (Xvfb): from one's own annotation ("Write a note…", one line) to a
    colleague's on the same paragraph (a two-line hint), Qt repainted only the first line of the empty box — the
    new hint cut in half, the old one's pixels left where the new one did not reach (the ghost)."""
    panel = window.annotations
    poc, intel = window.store.theme("poc"), window.store.theme("intel")
    window.reader.go_to("para_7")
    window.toggle_theme(poc.id)  # ours
    window.store.tag("S-2017-130", ["para_7"], intel.id, coder="Maria Lopez")  # a colleague's, on the same block
    window.refresh_annotations()
    rows = {panel.list.item(i).data(CODER_ROLE): i for i in range(panel.list.count())}
    panel.list.setCurrentRow(rows[window.coder])
    assert panel.note.placeholderText() == "Write a note…" and panel.note.isEnabled()
    paints = Paints()
    panel.note.viewport().installEventFilter(paints)
    QApplication.processEvents()  # the paints of choosing our annotation are done: count from here
    paints.region = QRegion()
    panel.list.setCurrentRow(rows["Maria Lopez"])  # only the hint changes: the box stays empty and enabled
    assert panel.note.placeholderText().startswith("Maria Lopez's annotation")
    hint = QRect(0, 0, panel.note.viewport().width(), 2 * panel.note.fontMetrics().lineSpacing() + 8)
    qtbot.waitUntil(lambda: not paints.region.isEmpty(), timeout=30_000)  # the repaint the change asked for
    QApplication.processEvents()
    assert QRegion(hint).subtracted(paints.region).isEmpty()  # all of it, not only its first line (as Qt did)


def test_a_theme_added_in_the_manager_is_scrolled_into_view(window: MainWindow, qtbot: QtBot,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(40):
        window.store.add_theme(f"Theme number {n:02}", color="#336699")
    manager = ThemeManager(window.store, window.edit_theme, window.codebook.changed, window,
                           add=window.add_theme)
    qtbot.addWidget(manager)
    manager.resize(700, 360)
    manager.show()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Zz elections", True))
    manager.add()
    row = next(r for r, t in enumerate(manager.themes) if t.name == "Zz elections")
    assert manager.table.currentRow() == row
    cell = manager.table.visualRect(manager.table.model().index(row, 0))
    assert manager.table.viewport().rect().contains(cell)  # in sight, not below the fold


def characters_a_line(window: MainWindow, eid: str) -> int:
    """How many characters the reader sets on the first line of a long paragraph."""
    reader = window.reader
    block = reader.document().findBlock(reader.placed[reader.by_eid[eid]].start)
    return block.layout().lineAt(0).textLength()


def test_the_source_beside_the_text_leaves_the_reader_readable(make_window: object, qtbot: QtBot) -> None:
    """Ctrl+U at 1,400 px squeezed the reader to about 30 characters a line (a heading broken inside a word)
    and the printed page to 290 px."""
    window: MainWindow = make_window()  # type: ignore[operator]
    window.resize(1400, 880)
    window.open_document("S-2017-130", at="para_83")
    qtbot.waitUntil(lambda: window.width() == 1400)
    window.toggle_source()
    assert window.source.isVisible()
    qtbot.waitUntil(lambda: characters_a_line(window, "para_83") >= 55, timeout=30_000)
    assert window.source.width() >= 280
    window.toggle_source()  # and back: the panels it folded come back as the window allows
    assert not window.source.isVisible()


def test_the_right_click_menu_tags_what_the_readme_says(window: MainWindow, qtbot: QtBot) -> None:
    """The paragraph under the pointer; on a block of a selection of several, the whole selection."""
    from tests.ui.test_reader_selection import point_at

    reader = window.reader
    reader.go_to("para_12")
    reader.go_to("para_13", extend=True)
    chosen = reader.selected_eids()
    assert len(chosen) >= 2 and "para_40" not in chosen
    poc = window.store.theme("poc")
    menu = window.codebook.build_reader_menu(point_at(window, "para_40", 2))  # outside the selection
    next(a for a in menu.actions() if a.text().startswith("Protection of civilians")).trigger()
    assert [a.eid for a in window.store.annotations(theme=poc.id)] == ["para_40"]
    reader.go_to("para_12")
    reader.go_to("para_13", extend=True)
    menu = window.codebook.build_reader_menu(point_at(window, "para_13", 2))  # on the selection
    next(a for a in menu.actions() if a.text().startswith("Protection of civilians")).trigger()
    assert sorted(a.eid for a in window.store.annotations(theme=poc.id)) == sorted([*chosen, "para_40"])

"""Another process writes the database while the window is open — the command line's `tag`, `import`,
`remove` — and the window shows it without a restart; its own writes cause no reload."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow
from tests.conftest import ROOT, S_2017_130

DOC = "S-2017-130"


def cli(window: MainWindow, *args: str) -> None:
    """A command run in another process, on the window's database."""
    subprocess.run([sys.executable, "-m", "gui", *args, "--db", str(window.store.path)], cwd=ROOT, timeout=120,
                   check=True, capture_output=True)


def fast(window: MainWindow) -> MainWindow:
    window.external.timer.setInterval(50)
    return window


def test_a_tag_on_the_command_line_shows_in_the_open_window(window: MainWindow, qtbot: QtBot) -> None:
    fast(window)
    window.reader.go_to("para_83")
    row = window.library.model.row_of(DOC)
    assert row is not None
    assert window.library.model.index(row, 1).data().startswith("0 /")
    cli(window, "tag", DOC, "para_83", "poc", "--note", "from the shell", "--coder", "kim")
    qtbot.waitUntil(lambda: any(a.eid == "para_83" for a in window.block_annotations), timeout=30_000)
    assert window.external.refreshed == 1
    assert window.library.model.index(row, 1).data().startswith("1 /")  # the library's counts
    assert window.status_coverage.text().startswith("1 /")
    panel = [window.annotations.list.item(i).text() for i in range(window.annotations.list.count())]
    assert any("kim" in t and "from the shell" in t for t in panel)  # the annotation panel
    assert "para_83" in window.reader.themes_of  # the margin's bar


def test_an_import_on_the_command_line_adds_the_document(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    fast(window)
    copy = tmp_path / "another.txt"
    copy.write_text(S_2017_130.read_text(encoding="utf-8").replace("S/2017/130", "S/2017/999"), encoding="utf-8")
    total = window.library.model.total()
    cli(window, "import", str(copy))
    qtbot.waitUntil(lambda: window.library.model.total() == total + 1, timeout=30_000)
    assert window.search.doc.findText("S/2017/999") >= 0  # the search's document list too
    assert window.doc_id == DOC  # the analyst stays where they were


def test_our_own_writes_cause_no_reload(window: MainWindow, qtbot: QtBot) -> None:
    fast(window)
    resets: list[int] = []
    window.library.model.modelReset.connect(lambda: resets.append(1))
    window.reader.go_to("para_19")
    window.toggle_theme(window.store.theme("tech").id)
    window.undo_stack.undo()
    window.undo_stack.redo()
    qtbot.wait(400)  # eight polls
    assert window.external.refreshed == 0 and not resets
    started = time.perf_counter()  # the floor: what a poll must do at least, a stat and one PRAGMA read
    for _ in range(200):
        os.stat(window.store.path)
        window.store.db.execute("PRAGMA data_version").fetchone()
    floor = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(200):
        window.external.poll()
    polls = time.perf_counter() - started
    assert polls < 10 * floor, f"200 polls took {polls:.4f} s, their floor {floor:.4f} s"  # nothing read beyond


def test_the_open_document_removed_elsewhere_is_said_and_the_window_stays_usable(window: MainWindow,
                                                                                  qtbot: QtBot) -> None:
    fast(window)
    window.reader.go_to("para_83")
    cli(window, "remove", DOC)
    qtbot.waitUntil(lambda: "removed" in window.status_doc.text(), timeout=30_000)
    assert "S/2017/130 was removed from the library by another window or command" in window.statusBar().currentMessage()
    assert window.library.model.row_of(DOC) is None
    window.toggle_theme(window.store.theme("poc").id)  # refused with a message, nothing written
    assert "S-2017-130 was removed by another Marginalia window or command" in window.last_message
    assert not window.store.annotations(doc=DOC)
    window.open_document("WGPKO-report-2021")
    assert window.doc_id == "WGPKO-report-2021" and "removed" not in window.status_doc.text()


def test_the_open_document_re_imported_elsewhere_shows_its_new_text(window: MainWindow, qtbot: QtBot,
                                                                   tmp_path: Path) -> None:
    fast(window)
    copy = tmp_path / "mine.txt"
    copy.write_text(S_2017_130.read_text(encoding="utf-8").replace("S/2017/130", "S/2017/998"), encoding="utf-8")
    doc = window.store.import_file(copy).doc_id
    window.refresh_library()
    window.open_document(doc, at="para_19")
    window.external.settle()
    copy.write_text(copy.read_text(encoding="utf-8").replace("drones", "remotely piloted craft"), encoding="utf-8")
    cli(window, "import", str(copy))
    qtbot.waitUntil(lambda: "remotely piloted craft" in window.reader.toPlainText(), timeout=30_000)
    assert window.reader.current_eid() == "para_19"  # the analyst's place kept
    assert "re-imported" in window.statusBar().currentMessage()
    window.toggle_theme(window.store.theme("tech").id)  # and tagging the new text works
    assert [a.eid for a in window.store.annotations(doc=doc)] == ["para_19"]

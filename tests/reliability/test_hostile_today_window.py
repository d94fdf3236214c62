"""Hostile acts on the window's database by other programs: its file deleted, or replaced by another."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow

DOC = "S-2017-130"


@pytest.fixture
def window(make_window: object) -> MainWindow:
    w: MainWindow = make_window()  # type: ignore[operator]
    w.open_document(DOC)
    return w


def tagged(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT eid FROM annotations WHERE doc_id = ?", [DOC])}


def test_the_database_file_deleted_under_the_window_loses_nothing_done_in_it(window: MainWindow,
                                                                             qtbot: QtBot) -> None:
    window.external.timer.setInterval(50)
    window.reader.go_to("para_19")
    window.toggle_theme(window.store.theme("tech").id)
    path = window.store.path
    for suffix in ("", "-wal", "-shm"):  # `rm marginalia.db*`: the window went on writing to the unlinked file
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    qtbot.waitUntil(lambda: window.external.rescued is not None, timeout=30_000)
    rescued = window.external.rescued
    assert rescued is not None and rescued.parent == path.parent
    assert str(rescued) in window.statusBar().currentMessage() and "deleted or replaced" in window.last_message
    assert tagged(rescued) == {"para_19"}
    window.reader.go_to("para_83")  # work after the loss is copied too, within a poll
    window.toggle_theme(window.store.theme("tech").id)
    qtbot.waitUntil(lambda: tagged(rescued) == {"para_19", "para_83"}, timeout=30_000)


def test_the_database_file_replaced_under_the_window_is_said_and_its_work_kept(window: MainWindow, qtbot: QtBot,
                                                                               tmp_path: Path) -> None:
    window.external.timer.setInterval(50)
    window.reader.go_to("para_5")
    window.toggle_theme(window.store.theme("poc").id)
    path = window.store.path
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()
    shutil.move(other, path)  # a sync tool puts an older (here: empty) copy in its place
    qtbot.waitUntil(lambda: window.external.rescued is not None, timeout=30_000)
    assert window.external.rescued is not None and tagged(window.external.rescued) == {"para_5"}
    assert path.stat().st_size == 0  # the file put there is left alone


def test_an_untouched_database_is_never_copied(window: MainWindow, qtbot: QtBot) -> None:
    window.external.timer.setInterval(50)
    window.reader.go_to("para_19")
    window.toggle_theme(window.store.theme("tech").id)
    qtbot.wait(300)
    assert window.external.rescued is None
    assert not list(window.store.path.parent.glob("*.recovered-*"))


def test_the_last_tag_before_closing_reaches_the_copy(window: MainWindow, qtbot: QtBot) -> None:
    window.external.timer.setInterval(50)
    path = window.store.path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    qtbot.waitUntil(lambda: window.external.rescued is not None, timeout=30_000)
    rescued = window.external.rescued
    assert rescued is not None
    window.external.timer.stop()  # no poll between the tag and the close
    window.reader.go_to("para_83")
    window.toggle_theme(window.store.theme("tech").id)
    window.close()
    assert tagged(rescued) == {"para_83"}


def test_its_whole_folder_deleted_the_copy_goes_to_the_home_folder(make_window: object, qtbot: QtBot,
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder, home = tmp_path / "synced", tmp_path / "home"
    folder.mkdir()
    home.mkdir()
    monkeypatch.setattr(Path, "home", lambda: home)
    window: MainWindow = make_window(folder / "work.db")  # type: ignore[operator]
    window.open_document(DOC)
    window.external.timer.setInterval(50)
    window.reader.go_to("para_19")
    window.toggle_theme(window.store.theme("tech").id)
    shutil.rmtree(folder)  # `rm -rf` of the folder (a sync client, a cleanup script)
    qtbot.waitUntil(lambda: window.external.rescued is not None, timeout=30_000)
    assert window.external.rescued is not None and window.external.rescued.parent == home
    assert tagged(window.external.rescued) == {"para_19"}

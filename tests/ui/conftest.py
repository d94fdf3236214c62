from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from gui.store import Store
from gui.ui.shell.window import MainWindow


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot: object, tmp_path: Path, settings_path: Path) -> Iterator[object]:
    """Build windows on a temporary database and settings file; close them all afterwards."""
    opened: list[tuple[MainWindow, Store]] = []

    def make(db: Path | None = None, activate: bool = True) -> MainWindow:
        store = Store(db or tmp_path / "ui.db")
        window = MainWindow(store, QSettings(str(settings_path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        if activate:  # as on a desktop: the window just opened is the one typed in (the reader's keys need focus)
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow, timeout=30_000)  # type: ignore[attr-defined]
        opened.append((window, store))
        return window

    yield make
    for window, store in opened:
        window.close()
        store.close()


@pytest.fixture
def window(make_window: object) -> MainWindow:
    w: MainWindow = make_window()  # type: ignore[operator]
    w.open_document("S-2017-130")
    return w

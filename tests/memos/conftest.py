from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from gui.store import Store

if TYPE_CHECKING:
    from gui.ui.shell.window import MainWindow


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh database with the bundled corpus imported."""
    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def window(qtbot: object, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window on a fresh database with the bundled corpus, no document open (a test file may
    define its own, with a document open)."""
    from PySide6.QtCore import QSettings

    from gui.ui.shell.window import MainWindow

    store = Store(tmp_path / "ui.db")
    w = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    yield w
    w.close()
    store.close()

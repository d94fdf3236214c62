"""The window's file dialogs never read the files they list: reading the database file (for its type, "SQLite3
database") and closing it dropped the window's SQLite locks, and the next command-line run on the database
deleted its write-ahead log under the open window ("malformed database schema … invalid rootpage")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.store import Store
from gui.ui.widgets import file_dialogs

UI = Path(__file__).resolve().parents[2] / "gui" / "ui"


def _another_process_opens_and_closes(db: Path) -> None:
    """What any command (`docs`, `tag`) on the database does: open a connection, read, close it."""
    code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM themes'); c.close()"
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, timeout=120)


def test_a_dialog_listing_the_database_folder_leaves_the_window_its_write_ahead_log(qtbot: object,
                                                                                     tmp_path: Path) -> None:
    db = tmp_path / "library.db"
    with Store(db, import_corpus=False) as store:
        store.add_theme("Field notes")
        dialog = file_dialogs._dialog(None, "Add documents", str(tmp_path), "", QFileDialog.FileMode.ExistingFile)
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        provider = dialog.iconProvider()
        assert isinstance(provider, file_dialogs.NamesOnlyIconProvider)
        for companion in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):  # as the dialog's model types each file
            provider.type(QFileInfo(str(companion)))
        _another_process_opens_and_closes(db)
        assert Path(f"{db}-wal").exists()  # the window still holds its locks: nobody deleted its log
        store.add_theme("Second look")
    with Store(db, import_corpus=False) as again:
        assert {"Field notes", "Second look"} <= {t.name for t in again.themes()}


def test_the_window_asks_for_files_only_through_these_dialogs() -> None:
    static = {"getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory",
              "getOpenFileUrl", "getOpenFileUrls", "getSaveFileUrl", "getExistingDirectoryUrl"}
    found = [f"{path.relative_to(UI)}:{node.lineno}" for path in UI.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Attribute) and node.attr in static
             and isinstance(node.value, ast.Name) and node.value.id == "QFileDialog"]
    assert found == []


def test_a_file_is_typed_by_its_name(qtbot: object, tmp_path: Path) -> None:
    csv = tmp_path / "codes.csv"
    csv.write_text("document,paragraph,theme\n", encoding="utf-8")
    provider = file_dialogs.NamesOnlyIconProvider()
    assert "CSV" in provider.type(QFileInfo(str(csv))) or "csv" in provider.type(QFileInfo(str(csv)))
    assert provider.type(QFileInfo(str(tmp_path)))  # a folder still has its type
    parent = QWidget()
    qtbot.addWidget(parent)  # type: ignore[attr-defined]
    dialog = file_dialogs._dialog(parent, "Export to", str(tmp_path), "CSV (*.csv)", QFileDialog.FileMode.AnyFile,
                                  save=True)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave

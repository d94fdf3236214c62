"""Help ▸ Keyboard Shortcuts and Help ▸ About."""

from __future__ import annotations

import sqlite3
import sys

import PySide6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui import APP_NAME, __version__
from gui.ui.keymap import ACTIONS, DIGITS, READER_KEYS, THEMES_PANEL_KEYS


def shortcut_help(parent: QWidget, digits: list[tuple[int, str]] | None = None) -> QDialog:
    """Every shortcut, with what each digit tags (`digits`: the themes' keyboard digits and names)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    layout = QVBoxLayout(dialog)
    table = QTableWidget(0, 2)
    table.setHorizontalHeaderLabels(["Keys", "Does"])
    rows = list(READER_KEYS)
    at = rows.index(DIGITS) + 1  # after "1 – 9": what each digit is now
    rows[at:at] = [(str(digit), f"toggle the theme {name}") for digit, name in sorted(digits or [])]
    rows += THEMES_PANEL_KEYS
    # Menu shortcuts, except the single keys the reader list above already explains (u, Shift+U, [, …).
    rows += [(" / ".join(a.shortcuts), f"{a.menu} ▸ {a.label.replace('&', '').rstrip('…')}") for a in ACTIONS
             if a.shortcuts and not all(len(k.removeprefix("Shift+")) == 1 for k in a.shortcuts)]
    table.setRowCount(len(rows))
    for r, (keys, does) in enumerate(rows):
        table.setItem(r, 0, QTableWidgetItem(keys))
        table.setItem(r, 1, QTableWidgetItem(does))
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.resizeColumnToContents(0)
    header = table.horizontalHeader()  # what each key does: wrapped at the dialog's width, not scrolled to
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.resizeRowsToContents()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setAccessibleName("Keyboard shortcuts")
    layout.addWidget(table)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.resize(640, 60 + min(760, 20 * (len(rows) + 2)))
    return dialog


def about(parent: QWidget, db_path: str) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"{APP_NAME} {__version__}\nA reader and annotator for UN peacekeeping documents.\n\n"
                f"Python {sys.version.split()[0]} · Qt/PySide6 {PySide6.__version__} · SQLite {sqlite3.sqlite_version}"
                f"\nDatabase: {db_path}")
    box.exec()

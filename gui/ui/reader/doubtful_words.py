"""View ▸ Underline Doubtful Recognised Words: in a document read by recognition (OCR), the words the engine was
unsure of (confidence below `ocr_read.DOUBTFUL`) get a dotted underline, so that the analyst checks them against
the printed page (View ▸ Show Source) before quoting.

The words come from the document's `Recognised` record (each recognised block's doubtful words, kept at import);
each is underlined wherever it stands as a whole word in its block (the record keeps words, not their places, so
a word the engine read twice in a block, once with doubt, is underlined both times). The underline is a character
format merged over the laid-out text — the text itself is untouched — and is put on each time the reader lays out
a document (`Reader.document_shown`), and taken off or put back when the action is toggled. The choice is kept in
the settings.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QColor, QTextCharFormat, QTextCursor

from gui.core.model import Kind
from gui.ui.reader.reader import Reader

SETTING = "reader/doubtful_words"
ACTION = "doubtful-words"
UNDERLINE = QColor("#c26a00")  # amber: readable on light and dark backgrounds, apart from the theme colours


class DoubtfulWords(QObject):
    """Underlines the doubtful recognised words of the document the reader shows, while the action is on."""

    def __init__(self, reader: Reader, settings: QSettings) -> None:
        super().__init__(reader)
        self.reader, self.settings = reader, settings
        self.on = str(settings.value(SETTING, "true")).lower() != "false"  # on unless turned off
        self.shown = 0  # words underlined in the document shown
        reader.document_shown.connect(self.refresh)

    def handlers(self, action: Callable[[], QAction]) -> dict[str, Callable[[], None]]:
        """The window's action for it (the keymap's "doubtful-words"), made checkable and set as saved."""
        def ready() -> None:
            found = action()
            found.setCheckable(True)
            found.setChecked(self.on)

        QTimer.singleShot(0, ready)  # the menus are built from these handlers: the action exists after
        return {ACTION: lambda: self.set_on(action().isChecked())}

    def set_on(self, on: bool) -> None:
        self.on = on
        self.settings.setValue(SETTING, on)
        self.refresh()

    def refresh(self) -> None:
        """Underline the shown document's doubtful words (or take the underline off when turned off)."""
        self.shown = self._underline(self.on)

    def ranges(self) -> list[tuple[int, int]]:
        """Where the doubtful words stand in the reader's text: (start, end) positions, in reading order."""
        document = self.reader.document_model
        found = document.recognised if document is not None else None
        if found is None:
            return []
        doubtful = {eid: words for eid, _, words in found.blocks if words}
        out: list[tuple[int, int]] = []
        for placed in self.reader.placed:
            words = doubtful.get(placed.block.eid)
            if not words or placed.block.kind is Kind.TABLE:  # a table's cells are laid out apart
                continue
            pattern = re.compile(r"(?<!\S)(?:" + "|".join(re.escape(w) for w in set(words)) + r")(?!\S)")
            for match in pattern.finditer(placed.block.text):
                start = placed.start + placed.qt_offset(match.start())
                out.append((start, placed.start + placed.qt_offset(match.end(), end=True)))
        return out

    def _underline(self, on: bool) -> int:
        fmt = QTextCharFormat()
        if on:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(UNDERLINE)
        else:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
        ranges = self.ranges()
        cursor = QTextCursor(self.reader.document())
        cursor.beginEditBlock()
        for start, end in ranges:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        return len(ranges) if on else 0

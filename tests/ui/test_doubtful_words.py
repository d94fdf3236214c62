"""View ▸ Underline Doubtful Recognised Words: in a scanned document the words recognition was unsure of carry a
dotted underline (a character format; the text is untouched), toggled from the View menu and remembered; a
born-digital document has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QTextCharFormat, QTextCursor
from pytestqt.qtbot import QtBot

from gui.store import Store
from gui.ui.reader.doubtful_words import SETTING
from gui.ui.shell.window import MainWindow
from tests.ocr_samples import S_2025_72, scanned_pdf

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def scanned_library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A library with the top of a scanned page (recognised) and a born-digital report."""
    folder = tmp_path_factory.mktemp("doubtful")
    scan = folder / "scan.pdf"
    scan.write_bytes(scanned_pdf(S_2025_72, [1], crop_bottom=0.55))
    with Store(folder / "lib.db", import_corpus=False) as store:
        scanned = store.import_file(scan).doc_id
        digital = store.import_file(Path(S_2025_72).parent / "S_2025_68.en.pdf").doc_id
    return folder / "lib.db", scanned, digital


def _underline(window: MainWindow, start: int) -> QTextCharFormat.UnderlineStyle:
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(start + 1)  # the format of the character before the cursor: the word's first
    return cursor.charFormat().underlineStyle()


def test_doubtful_words_are_underlined_toggled_and_remembered(
        scanned_library: tuple[Path, str, str], make_window: object, qtbot: QtBot, tmp_path: Path,
        settings_path: Path) -> None:
    db, scanned, digital = scanned_library
    window: MainWindow = make_window(db)  # type: ignore[operator]
    window.open_document(scanned)
    document = window.document
    assert document is not None and document.recognised is not None
    doubtful = {w for _, _, words in document.recognised.blocks for w in words}
    assert doubtful  # this scan has words the engine doubted ("January" in the masthead's date)
    ranges = window.doubtful.ranges()
    assert len(ranges) >= len(doubtful) and window.doubtful.shown == len(ranges)
    shown = window.reader.toPlainText()
    assert {shown[a:b] for a, b in ranges} == doubtful  # exactly those words, where they stand
    assert all(_underline(window, a) == QTextCharFormat.UnderlineStyle.DotLine for a, _ in ranges)
    before = shown

    action = window.actions_by_id["doubtful-words"]
    qtbot.waitUntil(action.isCheckable)  # set as saved once the window's event loop runs
    assert action.isChecked()
    action.trigger()  # off
    assert all(_underline(window, a) == QTextCharFormat.UnderlineStyle.NoUnderline for a, _ in ranges)
    assert window.reader.toPlainText() == before  # the text itself is untouched
    assert QSettings(str(settings_path), QSettings.Format.IniFormat).value(SETTING) in (False, "false")
    window.open_document(digital)  # another document: nothing to underline, whatever the setting
    window.open_document(scanned)
    assert window.doubtful.shown == 0
    action.trigger()  # on again
    assert all(_underline(window, a) == QTextCharFormat.UnderlineStyle.DotLine for a, _ in window.doubtful.ranges())

    window.open_document(digital)
    assert window.doubtful.ranges() == [] and window.doubtful.shown == 0

"""Citations followed in the window, on real UN documents: links over the plain text, hover shows the cited
paragraph, a click opens it at the pinpoint, Alt+← comes back, undocs.org for what is not in the library, the
Cited by tab, and document attributes in the library filter and the attributes dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QDesktopServices, QHelpEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from gui.core.citations import Citation
from gui.store import Store
from gui.ui.shell.window import MainWindow

SHARED = Path("/work/shared/pdf")
LEBANON = SHARED / "S_2025_153.en.pdf"
ISRAEL_LETTER = Path("/work/corpus2025/S_2025_29.en.pdf")

pytestmark = pytest.mark.skipif(not (LEBANON.exists() and ISRAEL_LETTER.exists()), reason="real PDFs not here")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """The UNIFIL report S/2025/153, the letter S/2025/29 it cites three times, and an analyst's note that
    cites the report at a paragraph."""
    note = tmp_path / "briefing-note.txt"
    note.write_text("Briefing note on the Blue Line\n\n" + "The situation in southern Lebanon remained tense. " * 9
                    + "\n\n1. UNIFIL was attacked near the airport (see S/2025/153, para. 56).\n", encoding="utf-8")
    db = tmp_path / "ui.db"
    with Store(db, import_corpus=False) as store:
        for path in (LEBANON, ISRAEL_LETTER, note):
            store.import_file(path)
    return db


def link_point(window: MainWindow, citation: Citation) -> QPoint:
    """Where a citation is drawn in the reader's viewport (its middle)."""
    reader = window.reader
    placed = reader.placed[reader.by_eid[citation.eid]]
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + placed.qt_offset((citation.start + citation.end) // 2))
    reader.setTextCursor(cursor)
    reader.ensureCursorVisible()
    return reader.cursorRect(cursor).center()


def shown(window: MainWindow, target: str) -> Citation:
    return next(c for c in window.citation_links.citations.values() if target in c.targets)


def test_a_citation_is_a_link_that_opens_the_cited_document_and_alt_left_comes_back(make_window: object,
                                                                                     library: Path) -> None:
    window: MainWindow = make_window(library)  # type: ignore[operator]
    window.open_document("S-2025-153", "para_11")
    text_before = window.reader.toPlainText()
    citation = shown(window, "S/2025/29")
    assert citation.eid in {"para_11", "para_38", "annex_2__para_2"}
    anchor = window.reader.anchorAt(link_point(window, citation))
    assert window.citation_links.citations[anchor] == citation
    assert window.reader.toPlainText() == text_before  # formats only: the text is the same plain text
    point = link_point(window, citation)
    window.reader.set_current(window.reader.by_eid[citation.eid])
    from_eid = window.reader.current_eid()
    QTest.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.doc_id == "S-2025-29"
    QTest.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (window.doc_id, window.reader.current_eid()) == ("S-2025-153", from_eid)


def test_alt_left_comes_back_to_the_paragraph_of_the_link_not_the_current_block(make_window: object,
                                                                                 library: Path) -> None:
    """A click on a link does not make its paragraph current first: the analyst reads para 11 while the current
    block is the heading above, clicks the link in para 11, reads the letter, Alt+← — back at para 11."""
    window: MainWindow = make_window(library)  # type: ignore[operator]
    window.open_document("S-2025-153", "para_11")
    citation = shown(window, "S/2025/29")
    point = link_point(window, citation)
    elsewhere = window.reader.by_eid[citation.eid] - 1
    window.reader.set_current(elsewhere, scroll=False)  # the link stays where it was drawn
    assert window.reader.current_eid() != citation.eid
    QTest.mouseClick(window.reader.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert window.doc_id == "S-2025-29"
    QTest.keyClick(window.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (window.doc_id, window.reader.current_eid()) == ("S-2025-153", citation.eid)


def test_hover_shows_the_cited_paragraph_and_a_click_opens_it_at_the_pinpoint(make_window: object,
                                                                              library: Path) -> None:
    window: MainWindow = make_window(library)  # type: ignore[operator]
    note = next(i for i, _ in window.store.document_labels() if i.startswith("briefing"))
    window.open_document(note)
    citation = shown(window, "S/2025/153")
    assert citation.pinpoint == "para. 56"
    tip = window.citation_links.tip(citation)
    assert tip.startswith("S/2025/153, para. 56 — para. 56\nProtests against the Government")
    point = link_point(window, citation)
    event = QHelpEvent(QEvent.Type.ToolTip, point, window.reader.viewport().mapToGlobal(point))
    QApplication.sendEvent(window.reader, event)
    assert "Protests against the Government" in QToolTip.text()  # the paragraph's text, escaped by plain_tip
    window.citation_links.follow(citation)
    assert (window.doc_id, window.reader.current_eid()) == ("S-2025-153", "para_56")
    assert window.citation_links.go_back() and window.doc_id == note


def test_a_document_not_in_the_library_is_offered_at_undocs(make_window: object, library: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    window: MainWindow = make_window(library)  # type: ignore[operator]
    window.open_document("S-2025-153")
    asked: list[str] = []
    opened: list[str] = []
    links = window.citation_links
    monkeypatch.setattr(links, "ask_not_in_library", lambda symbol, url: (asked.append(f"{symbol} {url}"),
                                                                           "undocs")[1])
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    links.follow(shown(window, "S/2024/817"))
    assert window.doc_id == "S-2025-153"  # nothing else opened
    assert asked == ["S/2024/817 https://undocs.org/S/2024/817"]
    assert opened == ["https://undocs.org/S/2024/817"]
    tip = links.tip(shown(window, "S/RES/1701 (2006)"))
    assert "not in the library" in tip and "citations in the library" in tip


def test_who_cites_a_symbol_not_in_the_library(make_window: object, library: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A new analyst's stumble: resolution 1701 (2006) is not in the library, yet its citing paragraphs are —
    "Who Cites It" lists them in the Cited by tab, with undocs.org a click away; any symbol can be typed."""
    window: MainWindow = make_window(library)  # type: ignore[operator]
    window.open_document("S-2025-29")
    links, panel = window.citation_links, window.citation_links.panel
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    monkeypatch.setattr(links, "ask_not_in_library", lambda symbol, url: "cited by")
    window.open_document("S-2025-153", "para_1")
    links.follow(shown(window, "S/RES/1701 (2006)"))
    assert window.doc_id == "S-2025-153" and window.left_tabs.currentWidget() is panel
    expected = window.store.cited_by_symbol("S/RES/1701 (2006)", limit=500)
    assert panel.list.count() == len(expected) > 5
    assert panel.heading.text().startswith(f"{len(expected)} paragraphs in the library cite S/RES/1701 (2006) "
                                           "(not in the library)")
    first = panel.list.item(0).data(Qt.ItemDataRole.UserRole)
    assert first == (expected[0].doc, expected[0].eid)
    assert {panel.list.item(i).data(Qt.ItemDataRole.UserRole)[0] for i in range(panel.list.count())} == \
        {"S-2025-153", "S-2025-29"}
    assert panel.undocs.isVisibleTo(panel) and not panel.paragraph_only.isEnabled()
    panel.undocs.click()
    assert opened == ["https://undocs.org/S/RES/1701(2006)"]
    # the list stays while other documents are opened from it
    panel.list.itemActivated.emit(panel.list.item(panel.list.count() - 1))
    assert panel.list.count() == len(expected)
    # a symbol typed: one in the library lists its citing paragraphs, without the undocs button
    panel.symbol.setText("S/2025/29")
    panel.symbol.returnPressed.emit()
    assert panel.list.count() == 3 and "(in the library)" in panel.heading.text()
    assert not panel.undocs.isVisibleTo(panel)
    panel.symbol.setText("the mandate")
    panel.symbol.returnPressed.emit()
    assert panel.list.count() == 0 and "not a UN document symbol" in panel.heading.text()
    panel.symbol.clear()  # back to the open document
    assert window.doc_id == "S-2025-29"  # opened from the list above
    assert panel.paragraph_only.isEnabled() and panel.heading.text() == "3 paragraphs in the library cite S/2025/29"


def test_cited_by_lists_the_citing_paragraphs_and_opens_them(make_window: object, library: Path) -> None:
    window: MainWindow = make_window(library)  # type: ignore[operator]
    window.open_document("S-2025-29")
    panel = window.citation_links.panel
    assert panel.list.count() == 3
    assert panel.heading.text() == "3 paragraphs in the library cite S/2025/29"
    assert panel.list.item(0).text().startswith("S/2025/153, para. 11\nCivilian infrastructure in Israel")
    assert panel.list.item(2).text().startswith("S/2025/153, annex 2, para. 2\n")
    panel.list.itemActivated.emit(panel.list.item(0))
    assert (window.doc_id, window.reader.current_eid()) == ("S-2025-153", "para_11")
    # this paragraph only: the note cites para. 56 of the report, nothing cites para. 11
    panel.paragraph_only.setChecked(True)
    assert panel.list.count() == 0 and panel.heading.text().startswith("Nothing in the library cites")
    window.reader.go_to("para_56")
    assert panel.list.count() == 1 and "(para. 56)" in panel.list.item(0).text()
    assert panel.heading.text() == "1 paragraph in the library cites S/2025/153, para. 56"


def test_attributes_filter_the_library_and_are_edited_in_bulk_with_undo(make_window: object, library: Path,
                                                                        qtbot: object) -> None:
    window: MainWindow = make_window(library)  # type: ignore[operator]
    window.open_document("S-2025-153")
    window.library.filter.setText("mission:UNIFIL type:report")
    window.library._refilter()
    assert window.library.model.rowCount() == 1
    window.library.filter.setText("organ:\"Security Council\"")
    window.library._refilter()
    assert window.library.model.rowCount() == 2
    dialog = window.citation_links.edit_attributes()
    assert dialog is not None and dialog.fields["mission"].text() == "UNIFIL"
    dialog.many.setChecked(True)
    dialog.new_name.setText("phase")
    dialog.new_value.setText("ceasefire")
    dialog.accept()
    store = window.store
    assert store.attributes("S-2025-29")["phase"] == store.attributes("S-2025-153")["phase"] == "ceasefire"
    window.undo_stack.undo()
    assert "phase" not in store.attributes("S-2025-29") and "phase" not in store.attributes("S-2025-153")
    dialog = window.citation_links.edit_attributes()
    assert dialog is not None
    dialog.fields["mission"].setText("UNIFIL/UNSCOL")
    dialog.accept()
    assert store.attributes("S-2025-153")["mission"] == "UNIFIL/UNSCOL"
    assert store.attributes("S-2025-29").get("mission") != "UNIFIL/UNSCOL"  # this document only

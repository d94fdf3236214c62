"""The Memos tab, the coding query dialog and the words-in-context dialog, in the window (offscreen).

The dialogs answer on worker threads: a test waits until their answer is shown (`waitUntil` on what the
analyst sees), not on a signal emitted from a plain thread, and never on the clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from gui.store import Store
from gui.ui.shell.window import MainWindow
from gui.ui.team.query_view import QueryDialog
from gui.ui.team.words_view import WordsDialog


@pytest.fixture
def window(qtbot: object, tmp_path: Path) -> Iterator[MainWindow]:
    store = Store(tmp_path / "ui.db")
    w = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    w.open_document("S-2017-130", at="para_83")
    yield w
    w.close()
    store.close()


def write(edit: object, qtbot: object, text: str) -> None:
    """Write a memo field's text, then press Ctrl+Enter in it, as an analyst does."""
    edit.setFocus()  # type: ignore[attr-defined]
    edit.setPlainText(text)  # type: ignore[attr-defined]
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]


def test_memos_tab_writes_document_passage_and_theme_memos_undoably(window: MainWindow, qtbot: object) -> None:
    store, memos = window.store, window.memos
    window.notes_tabs.setCurrentWidget(memos)
    assert memos.doc_id == "S-2017-130" and memos.eid == "para_83"
    assert memos.passage_label.text() == "Passage: S/2017/130, para. 83"
    write(memos.document, qtbot, "The 2016 report")
    write(memos.passage, qtbot, "Ties POC to political strategies")
    assert store.memo_text(doc="S-2017-130") == "The 2016 report"
    assert store.memo_text(doc="S-2017-130", eid="para_83") == "Ties POC to political strategies"
    window.codebook.panel.chosen.emit(store.theme("poc").id)
    assert memos.theme_id == store.theme("poc").id
    write(memos.inclusion, qtbot, "Mandated protection tasks")
    write(memos.example_text, qtbot, "A clear case")  # Ctrl+Enter adds the current passage as an example
    assert [(m.eid, m.text) for m in store.memos(theme="poc", field="example")] == [("para_83", "A clear case")]
    assert memos.examples.count() == 1 and "para. 83" in memos.examples.item(0).text()
    assert window.undo_stack.undoText() == "Write example of Protection of civilians (POC)"
    window.undo_stack.undo()  # the example goes …
    assert store.memos(theme="poc", field="example") == [] and memos.examples.count() == 0
    window.undo_stack.undo()  # … then the inclusion rule
    assert store.memo_text(theme="poc", field="inclusion") == "" and memos.inclusion.toPlainText() == ""
    window.undo_stack.redo()
    assert store.memo_text(theme="poc", field="inclusion") == "Mandated protection tasks"
    assert memos.inclusion.toPlainText() == "Mandated protection tasks"
    # moving to another paragraph shows its memo (none), and the first one's again when back
    window.reader.go_to("para_84")
    assert memos.eid == "para_84" and memos.passage.toPlainText() == ""
    window.reader.go_to("para_83")
    assert memos.passage.toPlainText() == "Ties POC to political strategies"


def test_an_example_opens_its_passage_and_can_be_removed_and_put_back(window: MainWindow, qtbot: object) -> None:
    store, memos = window.store, window.memos
    window.notes_tabs.setCurrentWidget(memos)
    window.codebook.panel.chosen.emit(store.theme("tech").id)
    memos.add_example.click()
    assert [m.eid for m in store.memos(theme="tech", field="example")] == ["para_83"]
    window.reader.go_to("para_1")
    memos.examples.setCurrentRow(0)
    memos.examples.itemActivated.emit(memos.examples.item(0))
    assert window.reader.current_eid() == "para_83"
    memos.remove_example.click()
    assert store.memos(theme="tech", field="example") == []
    window.undo_stack.undo()
    assert [m.text for m in store.memos(theme="tech", field="example")] == ["Anchor example"]


def test_a_refused_memo_is_said_in_the_panel_not_pushed(window: MainWindow, qtbot: object) -> None:
    memos = window.memos
    window.notes_tabs.setCurrentWidget(memos)
    write(memos.document, qtbot, "x" * 100_001)
    assert "up to 100,000" in memos.message.text()
    assert window.undo_stack.count() == 0


def test_query_dialog_lists_passages_and_opens_one(window: MainWindow, qtbot: object) -> None:
    store = window.store
    store.tag("S-2017-130", ["para_83", "para_84"], "poc-dialogue")
    store.tag("S-2017-130", ["para_84"], "police")
    dialog = QueryDialog(store, window.jump_to, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.theme.setCurrentIndex(dialog.theme.findData("Protection of civilians (POC)"))
    dialog._insert_theme()
    dialog._insert("AND")
    dialog._insert("NOT")
    dialog.theme.setCurrentIndex(dialog.theme.findData("Policing"))
    dialog._insert_theme()
    assert dialog.expression.text().strip() == '"Protection of civilians (POC)" AND NOT Policing'
    dialog.run()
    qtbot.waitUntil(lambda: dialog.results.count() > 0, timeout=20000)  # type: ignore[attr-defined]
    assert [dialog.results.item(i).text().split("\n")[0] for i in range(dialog.results.count())] == [
        "S/2017/130, para. 83"]
    # the count follows the first page, on the worker
    qtbot.waitUntil(lambda: "satisfy it" in dialog.status.text(), timeout=20000)  # type: ignore[attr-defined]
    assert "1 paragraph(s) satisfy it" in dialog.status.text()
    dialog.results.itemActivated.emit(dialog.results.item(0))
    assert window.reader.current_eid() == "para_83"
    dialog.expression.setText("POC AND (")
    dialog.run()
    assert "expected a theme" in dialog.status.text()


def test_words_dialog_aligns_occurrences_sorts_them_and_counts_words(window: MainWindow, qtbot: object) -> None:
    store = window.store
    dialog = WordsDialog(store, window.jump_to, "", window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.word.setText("advisers")
    dialog.find_word()
    qtbot.waitUntil(lambda: "occurrence" in dialog.status.text(), timeout=20000)  # type: ignore[attr-defined]
    rows = dialog.lines.rowCount()
    assert rows == len(dialog.occurrences) >= 5
    assert {dialog.lines.item(i, 2).text().lower() for i in range(rows)} == {"adviser", "advisers"}
    assert dialog.lines.item(0, 1).textAlignment() & Qt.AlignmentFlag.AlignRight  # left context aligned on the word
    dialog.lines.sortItems(3)  # by the words after the match
    rights = [dialog.lines.item(i, 3).text().casefold() for i in range(rows)]
    assert rights == sorted(rights)
    dialog.lines.sortItems(1)  # by the word just before the match, then the one before that
    lefts = [" ".join(reversed(dialog.lines.item(i, 1).text().casefold().split())) for i in range(rows)]
    assert lefts == sorted(lefts)
    dialog._open_line(0, 1)
    assert window.reader.current_eid() is not None
    # the documents' labels come from a worker, into models the lists read lazily
    qtbot.waitUntil(lambda: dialog.scope.findData("doc:S-2017-130") > 0, timeout=20000)  # type: ignore[attr-defined]
    assert dialog.doc.findData("S-2017-130") > 0 and dialog.doc.itemText(0) == "every document"
    dialog.scope.setCurrentIndex(dialog.scope.findData("doc:S-2017-130"))
    dialog.count()
    qtbot.waitUntil(lambda: "word(s) of" in dialog.status.text(), timeout=20000)  # type: ignore[attr-defined]
    words = [dialog.table.item(i, 0).text() for i in range(dialog.table.rowCount())]
    assert words[0] == "peacekeeping" and "the" not in words
    assert dialog.figure.axes and dialog.figure.axes[0].get_yticklabels()[-1].get_text() == "peacekeeping"


def test_menu_opens_the_dialogs_with_the_search_words(window: MainWindow, qtbot: object) -> None:
    window.search.box.setText("drones")
    window.actions_by_id["words"].trigger()
    dialogs = [d for d in window.views if isinstance(d, WordsDialog)]  # windows of their own beside the window
    assert dialogs and dialogs[0].word.text() == "drones"
    window.actions_by_id["query"].trigger()
    assert any(isinstance(d, QueryDialog) for d in window.views)


def test_search_tab_says_which_hits_are_other_forms_and_which_are_memos(window: MainWindow, qtbot: object) -> None:
    window.store.set_memo("Gender advisers deployed", doc="S-2017-130", eid="para_84")
    window.search.box.setText("advisers")
    qtbot.waitUntil(lambda: window.search.results.count() > 0, timeout=20000)  # type: ignore[attr-defined]
    assert "some match another form of the words" in window.search.status.text()
    rows = [window.search.results.item(i).text() for i in range(window.search.results.count())]
    assert any("(another form of the words)" in r for r in rows)
    assert any("S/2017/130, para. 84  (memo)" in r for r in rows)


def test_words_dialog_offers_ten_thousand_documents_without_an_item_each(window: MainWindow, qtbot: object) -> None:
    """Nothing in the Words window grows with the corpus on the GUI thread: the labels are read by a worker and
    shown through models whose lists ask only for the rows they show."""
    dialog = WordsDialog(window.store, window.jump_to, "", window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.doc.count() > 1, timeout=20000)  # type: ignore[attr-defined]
    themes = len(window.store.themes())
    labels = [(f"doc-{i}", f"S/2025/{i}") for i in range(10_000)]
    dialog.doc.setCurrentIndex(dialog.doc_choices.find("S-2017-130"))
    dialog._documents_read(labels)  # the library changed meanwhile: S-2017-130 is gone, every document again
    assert dialog.doc.model() is dialog.doc_choices and dialog.doc.count() == 10_001
    assert dialog.doc.currentData() is None
    assert dialog.scope.count() == 1 + themes + 10_000 and dialog.scope.currentData() == dialog.theme_scopes[0][0]
    dialog.scope.setCurrentIndex(dialog.scope.findData("doc:doc-9999"))
    assert dialog.scope.currentText() == "Document: S/2025/9999"
    dialog.scope.setCurrentIndex(0)
    dialog.count()
    assert dialog.status.text() == "Choose a theme or a document to count the words of."


def test_memos_whose_passage_is_gone_are_listed_with_the_document_and_can_be_removed(window: MainWindow,
                                                                                    qtbot: object) -> None:
    store, memos = window.store, window.memos
    window.notes_tabs.setCurrentWidget(memos)
    doc = memos.doc_id
    assert doc is not None and not memos.orphans.isVisibleTo(memos)
    memo = store.set_memo("About the old paragraph 83", doc=doc, eid="para_83")
    assert memo is not None
    with store.transaction():  # what a re-import with other text does to it (tests/memos/test_memo_reanchor.py)
        store.db.execute("UPDATE memos SET status = 'orphan' WHERE id = ?", [memo.id])
    memos.refresh()
    assert memos.orphans.isVisibleTo(memos) and memos.orphans.count() == 1
    assert memos.orphans.item(0).text() == "was at para. 83: About the old paragraph 83"
    window.reader.go_to("para_83")
    assert memos.passage.toPlainText() == ""  # not shown as the memo of today's para 83
    memos.remove_orphan.click()
    assert memos.orphans.count() == 0 and not memos.orphans.isVisibleTo(memos)
    window.undo_stack.undo()
    assert memos.orphans.count() == 1 and store.memo(memo.id).passage_gone

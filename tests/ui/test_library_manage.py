"""Managing the library in the window: remove a document (Delete, the context menu, the File menu), asked with
its name and annotation count, undone exactly by Ctrl+Z; rename it (F2), undoable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from gui.ui.library.library_model import LibraryPanel
from gui.ui.shell.window import MainWindow
from tests.store.test_remove_rename import snapshot

DOC = "S-2017-130"


def when_shown(kind: type, act: Callable[[object], None]) -> None:
    """Act on the next modal dialog (or menu) of that kind as soon as it is shown."""
    def attempt() -> None:
        widget = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if isinstance(widget, kind):
            act(widget)
        else:
            QTimer.singleShot(20, attempt)
    QTimer.singleShot(0, attempt)


def answer(seen: list[str], button: str) -> Callable[[object], None]:
    def click(box: object) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(f"{box.text()}\n{box.informativeText()}")
        next(b for b in box.buttons() if b.text() == button).click()
    return click


def select_in_library(window: MainWindow, doc_id: str) -> None:
    library: LibraryPanel = window.library
    window.left_tabs.setCurrentWidget(library)
    row = library.model.row_of(doc_id)
    assert row is not None
    library.view.setCurrentIndex(library.model.index(row, 0))
    library.view.setFocus()


def coded(window: MainWindow) -> None:
    window.store.tag(DOC, ["para_83", "para_19"], "poc", note="core")
    window.store.tag(DOC, ["para_5"], "tech", span=(0, 12), coder="lee")
    window.refresh_annotations()


def test_delete_in_the_library_asks_removes_and_ctrl_z_restores_exactly(window: MainWindow, qtbot: QtBot) -> None:
    coded(window)
    before = snapshot(window.store)
    select_in_library(window, DOC)
    seen: list[str] = []
    when_shown(QMessageBox, answer(seen, "Remove With Its Annotations"))
    qtbot.keyClick(window.library.view, Qt.Key.Key_Delete)
    assert "Remove S/2017/130 from the library?" in seen[0] and "It has 3 annotations" in seen[0]
    assert DOC not in {window.library.model.doc_id(r) for r in range(window.library.model.total())}
    assert window.library.model.total() == 3
    assert window.doc_id not in (None, DOC)  # the reader moved on to the neighbour in the library
    assert not window.store.annotations(doc=DOC)
    assert DOC not in dict(window.store.document_labels())
    assert window.actions_by_id["undo"].text().startswith("&Undo Remove S/2017/130 and its 3 annotations")

    window.actions_by_id["undo"].trigger()  # Edit ▸ Undo (Ctrl+Z)
    assert snapshot(window.store) == before  # the document, blocks, search rows, coverage, annotations: same ids
    assert window.library.model.row_of(DOC) is not None and window.library.model.total() == 4
    window.open_document(DOC, at="para_83")
    assert [a.theme for a in window.block_annotations if a.eid == "para_83"] == ["Protection of civilians (POC)"]

    window.undo_stack.redo()
    assert not window.store.documents(DOC)
    window.undo_stack.undo()
    assert snapshot(window.store) == before


def test_remove_keeping_the_annotations_as_orphans_from_the_context_menu(window: MainWindow, qtbot: QtBot) -> None:
    coded(window)
    before = snapshot(window.store)
    select_in_library(window, DOC)
    view = window.library.view
    seen: list[str] = []
    when_shown(QMenu, lambda menu: next(a for a in menu.actions() if a.text().startswith("Remove from Library"))
               .trigger() if isinstance(menu, QMenu) else None)
    when_shown(QMessageBox, answer(seen, "Keep Annotations as Orphans"))
    view.customContextMenuRequested.emit(view.visualRect(view.currentIndex()).center())
    qtbot.waitUntil(lambda: bool(seen))
    kept = window.store.annotations(doc=DOC)
    assert len(kept) == 3 and {a.status for a in kept} == {"orphan"}
    assert window.library.model.row_of(DOC) is None
    window.undo_stack.undo()
    assert snapshot(window.store) == before


def test_a_document_without_annotations_is_asked_about_simply(window: MainWindow) -> None:
    seen: list[str] = []
    when_shown(QMessageBox, answer(seen, "Cancel"))
    window.actions_by_id["remove-document"].trigger()  # File ▸ Remove Document: the open document
    assert "It has no annotations" in seen[0]
    assert window.store.documents(DOC)  # cancelled: nothing removed
    assert not window.undo_stack.count()


def test_f2_renames_and_undo_puts_the_title_back(window: MainWindow, qtbot: QtBot) -> None:
    old = window.store.documents(DOC)[0].title

    def type_title(dialog: object) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("WGPKO report 2016")
        dialog.accept()

    select_in_library(window, DOC)
    when_shown(QInputDialog, type_title)
    qtbot.keyClick(window.library.view, Qt.Key.Key_F2)
    assert window.store.documents(DOC)[0].title == "WGPKO report 2016"
    row = window.library.model.row_of(DOC)
    assert row is not None
    assert "WGPKO report 2016" in window.library.model.index(row, 0).data()
    window.undo_stack.undo()
    assert window.store.documents(DOC)[0].title == old
    assert str(old) in window.library.model.index(row, 0).data()


def test_the_panel_shows_a_span_annotation_just_made(window: MainWindow) -> None:
    """After a tag on a few words, the annotation panel lists the new annotation at once."""
    from PySide6.QtGui import QTextCursor

    reader = window.reader
    reader.go_to("para_19")
    start = reader.placed[reader.current].start
    cursor = reader.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + 12, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    window.toggle_theme(window.store.theme("tech").id)
    texts = [window.annotations.list.item(i).text() for i in range(window.annotations.list.count())]
    assert any(t.startswith("Technology") and "“" in t for t in texts), texts


def test_removing_the_last_document_says_the_library_is_empty(window: MainWindow) -> None:
    for other in [d for d, _ in window.store.document_labels() if d != DOC]:
        window.store.remove_document(other)
    window.refresh_library()
    seen: list[str] = []
    when_shown(QMessageBox, answer(seen, "Remove"))
    window.library_actions.remove(DOC)
    assert window.doc_id is None and window.library.model.total() == 0
    assert "The library is empty" in window.reader.toPlainText()
    window.toggle_theme(window.store.theme("poc").id)  # nothing open: nothing happens, nothing breaks
    window.undo_stack.undo()
    assert window.doc_id == DOC and "The library is empty" not in window.reader.toPlainText()


def test_delete_and_f2_act_in_the_library_only(window: MainWindow, qtbot: QtBot) -> None:
    asked: list[str] = []
    when_shown(QMessageBox, answer(asked, "Cancel"))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    qtbot.keyClick(window.library.filter, Qt.Key.Key_Delete)  # deleting a character of the filter box
    qtbot.wait(50)
    assert not asked and window.store.documents(DOC)
    select_in_library(window, DOC)
    qtbot.keyClick(window.library.view, Qt.Key.Key_Delete)
    assert asked  # in the library, it asks


def test_a_click_in_the_library_then_delete_or_f2_acts_on_the_row_clicked(window: MainWindow, qtbot: QtBot) -> None:
    """Found trying the window: a click opened the document and sent the focus to the reader, where Delete and
    F2 do nothing (they are the library's), though the context menu names them. Enter still reads on."""
    library = window.library
    window.left_tabs.setCurrentWidget(library)
    other = next(d for r in range(library.model.total()) if (d := library.model.doc_id(r)) != DOC)
    row = library.model.row_of(other)
    assert row is not None
    rect = library.view.visualRect(library.model.index(row, 0))
    qtbot.mouseClick(library.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.doc_id == other  # the click opened it
    asked: list[str] = []
    when_shown(QMessageBox, answer(asked, "Cancel"))
    assert QApplication.focusWidget() is library.view
    qtbot.keyClick(library.view, Qt.Key.Key_Delete)
    qtbot.wait(50)
    assert asked and (window.store.documents(other)[0].symbol or other) in asked[0]  # the row clicked
    renamed: list[str] = []

    def cancel(dialog: object) -> None:
        assert isinstance(dialog, QInputDialog)
        renamed.append(dialog.labelText())
        dialog.reject()

    when_shown(QInputDialog, cancel)
    window.activateWindow()  # offscreen, the window is not given back its focus when the dialog closes
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(library.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert QApplication.focusWidget() is library.view
    qtbot.keyClick(library.view, Qt.Key.Key_F2)
    qtbot.wait(50)
    assert renamed
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(library.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(library.view, Qt.Key.Key_Return)  # Enter: on to the reader
    assert window.reader.hasFocus()


def test_after_a_click_in_the_library_the_digits_tag_and_esc_goes_back_to_the_reader(window: MainWindow,
                                                                                     qtbot: QtBot) -> None:
    """The focus a click leaves in the library works as in the outline: a digit tags the block the reader is
    at (rather than searching the list for a "1"), Esc goes back to reading."""
    library = window.library
    window.left_tabs.setCurrentWidget(library)
    window.reader.go_to("para_83")
    row = library.model.row_of(DOC)
    assert row is not None
    qtbot.mouseClick(library.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=library.view.visualRect(library.model.index(row, 0)).center())
    assert QApplication.focusWidget() is library.view and window.reader.current_eid() == "para_83"
    qtbot.keyClick(library.view, Qt.Key.Key_1)
    assert [(a.eid, a.theme_id) for a in window.store.annotations(doc=DOC)] == [
        ("para_83", window.theme_by_digit[1].id)]
    qtbot.keyClick(library.view, Qt.Key.Key_Escape)
    assert window.reader.hasFocus()

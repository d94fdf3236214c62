"""Managing the library from the window: remove a document (asking what becomes of its annotations) and rename
it, from the library's context menu, the File menu, Delete and F2 — each one undoable step.

A removal is undone row for row by the store (`Store.restore_document`), so Ctrl+Z brings back the document,
its blocks, search rows, coverage and every annotation under the same ids, as long as the window is open.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu, QMessageBox, QWidget

from gui.core.errors import MarginaliaError
from gui.core.model import Block, Document, Kind
from gui.ui.coding.commands import RemoveDocumentCommand, RenameDocumentCommand
from gui.ui.library.library_model import LibraryPanel
from gui.ui.reader.outline import OutlineModel
from gui.ui.reader.reader import Reader
from gui.ui.session import Frame
from gui.ui.widgets.panels import AnnotationPanel


class LibraryHost(Frame, Protocol):
    """What removing and renaming documents needs of the window: the library, and the panels emptied when
    no document is left to show."""

    @property
    def library(self) -> LibraryPanel: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def outline_model(self) -> OutlineModel: ...
    @property
    def annotations(self) -> AnnotationPanel: ...
    @property
    def status_doc(self) -> QLabel: ...
    @property
    def status_coverage(self) -> QLabel: ...
    def refresh_library(self) -> None: ...
    def windowTitle(self) -> str: ...
    def setWindowTitle(self, title: str) -> None: ...

REMOVE, KEEP = "remove", "keep"
"""The analyst's answers: remove the annotations with the document, or keep them as orphans."""


def ask_removal(parent: QWidget, name: str, title: str, annotations: int) -> str | None:
    """Ask before removing: names the document and how many annotations it has, and asks whether they go
    with it or stay as orphans. Returns REMOVE, KEEP or None (cancelled)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Remove document",
                      f"Remove {name} from the library?" + (f"\n“{title}”" if title else ""), parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    undo = "Edit ▸ Undo puts it back until you close the window."
    if annotations:
        box.setInformativeText(
            f"It has {annotations} annotation{'s' if annotations != 1 else ''}. Remove them with it, or keep "
            "them as orphans (with their quotes and notes, exported as before, and placed again if the document "
            f"is imported again)? {undo}")
        remove = box.addButton("Remove With Its Annotations", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Annotations as Orphans", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
    else:
        box.setInformativeText(f"It has no annotations. {undo}")
        remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
        keep = None
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return REMOVE if clicked is remove else KEEP if keep is not None and clicked is keep else None


def notice(text: str) -> Document:
    """A one-paragraph document for the reader to show when there is no document to show."""
    return Document(source=text, blocks=(Block("notice", Kind.PARAGRAPH, None, 0, None, text, ((0, len(text)),)),))


class LibraryActions:
    """Remove and rename, wired to the library view (context menu, Delete, F2) and the File menu."""

    def __init__(self, window: LibraryHost, over: QWidget, key_filter: QObject) -> None:
        """`over`: the widget its questions open over; `key_filter`: the event filter that gives the library's
        view the digits and Esc of the outline (the main window)."""
        self.window = window
        self.over = over
        view = window.library.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        # Delete and F2 act in the library only (F2 renames a theme in the Themes panel; Delete edits text)
        for keys, act in ((QKeySequence(QKeySequence.StandardKey.Delete), self.remove),
                          (QKeySequence(Qt.Key.Key_Backspace), self.remove), (QKeySequence("F2"), self.rename)):
            shortcut = QShortcut(keys, view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # (a `context=` argument is not applied)
            shortcut.activated.connect(lambda act=act: act())
        # A click opens the document but leaves the focus here, so that Delete and F2 (as the context menu
        # shows them) act on the row just clicked; Enter opens it and goes on to the reader.
        view.clicked.connect(lambda _index: view.setFocus())
        view.installEventFilter(key_filter)  # there, as in the outline, the digits tag and Esc goes back to the reader
        self._row: int | None = None  # the removed document's row, for the neighbour to open

    def target(self) -> str | None:
        """The document acted on: the library's current row when the library has the focus, else the open one."""
        view = self.window.library.view
        if view.hasFocus() and view.currentIndex().isValid():
            return self.window.library.model.doc_id(view.currentIndex().row())
        return self.window.session.doc_id

    def remove(self, doc_id: str | None = None) -> None:
        """Ask, then remove the document as one undo step."""
        window = self.window
        doc_id = doc_id or self.target()
        if doc_id is None or window.session.store.closed:
            return
        try:
            found = window.session.store.documents(doc_id, coverage=False)
            if not found:
                raise MarginaliaError(f"{doc_id} is no longer in the library")
            info = found[0]
            count = window.session.store.annotation_count(doc_id)
            choice = ask_removal(self.over, info.symbol or doc_id, info.title or "", count)
            if choice is None:
                return
            self._row = window.library.model.row_of(doc_id)
            command = RemoveDocumentCommand(window.session.store, doc_id, choice == KEEP, self.changed)
        except MarginaliaError as error:
            window.show_error(str(error))
            return
        window.undo_stack.push(command)
        window.statusBar().showMessage(f"{command.text()} — Ctrl+Z puts it back", 8000)

    def rename(self, doc_id: str | None = None) -> None:
        """Ask for a new title (prefilled with the current one), as one undo step."""
        window = self.window
        doc_id = doc_id or self.target()
        if doc_id is None or window.session.store.closed:
            return
        found = window.session.store.documents(doc_id, coverage=False)
        if not found:
            return
        title, ok = QInputDialog.getText(self.over, "Rename document", f"Title of {found[0].symbol or doc_id}:",
                                         text=found[0].title or "")
        if not ok or not title.strip() or title.strip() == (found[0].title or ""):
            return
        try:
            window.undo_stack.push(RenameDocumentCommand(window.session.store, doc_id, title, self.changed))
        except MarginaliaError as error:
            window.show_error(str(error))

    def changed(self, doc_id: str, present: bool) -> None:
        """After a removal, its undo, or a rename: the library read again; the reader moves off a removed
        document to its neighbour in the library (or says that none is left)."""
        window = self.window
        if window.session.closing or window.session.store.closed:
            return
        if present:
            window.refresh_library()
            if window.session.doc_id is None:
                window.open_document(doc_id)
            return
        window.library.model.reload()
        if window.session.doc_id == doc_id:
            model = window.library.model
            row = min(self._row or 0, model.total() - 1)
            neighbour = model.doc_id(row) if row >= 0 else None
            window.session.forget_document()
            if neighbour is not None:
                window.open_document(neighbour)
            else:
                show_nothing(window, "The library is empty: add documents with File ▸ Add Files (Ctrl+O).")
        window.refresh_library()

    def _menu(self, pos: QPoint) -> None:
        view = self.window.library.view
        index = view.indexAt(pos)
        doc_id = self.window.library.model.doc_id(index.row()) if index.isValid() else None
        if doc_id is None:
            return
        menu = QMenu(view)
        menu.addAction("Open", lambda: self.window.open_document(doc_id))
        menu.addAction("Rename…\tF2", lambda: self.rename(doc_id))
        menu.addSeparator()
        menu.addAction("Remove from Library…\tDel", lambda: self.remove(doc_id))
        menu.exec(view.viewport().mapToGlobal(pos))


def show_nothing(window: LibraryHost, message: str) -> None:
    """No document open: the reader says why, the panels are empty."""
    window.session.forget_document()
    shown = notice(message)
    window.reader.show_document(shown)
    window.outline_model.set_document(shown)
    window.annotations.show_block(message, [], {})
    window.annotations.show_orphans([])
    window.status_doc.setText("")
    window.status_coverage.setText("")
    window.setWindowTitle(window.windowTitle().split(" — ")[-1])

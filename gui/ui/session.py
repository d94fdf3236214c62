"""What the analyst has open — the store, the document on screen, the codebook, the coder — and the small
interfaces the window's parts use to speak back ("show a message", "open this block").

The parts of the window (the codebook, compare mode, the library's actions, the jobs, the external-change
watcher) are given a `Session` and a host that satisfies a narrow protocol, never the concrete main window:
each can be read, type-checked and tested on its own, and only `shell/window.py` knows how they are wired.
A `Session` announces what changed (a document opened, a document's annotations changed, the codebook changed);
a part that cares listens, the way napari's widgets listen to `viewer.events`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QProgressDialog, QStatusBar

from gui.core.annotations import Theme
from gui.core.errors import MarginaliaError
from gui.core.model import Document
from gui.store import Store

OpenBlock = Callable[[str, str], None]
"""Open a document at a block: (document id, eid)."""
CompareAt = Callable[[str, Sequence[str], str | None], None]
"""Compare coders in the reader: (document id, coders, the block to show or None for the first disagreement)."""


class Session(QObject):
    """The open document, the codebook and the coder, with a signal for each kind of change."""

    document_opened = Signal(str)  # document id: another document is on screen
    annotations_changed = Signal(str)  # document id whose annotations changed (on screen or not)
    themes_changed = Signal()  # the codebook was read again (added, renamed, merged, deleted, moved)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.doc_id: str | None = None
        self.document: Document | None = None
        self.themes: list[Theme] = []
        self.theme_by_id: dict[int, Theme] = {}
        self.coder = store.default_coder()
        self.closing = False  # the window is closing: results that arrive now have nowhere to go

    def show(self, doc_id: str, document: Document) -> None:
        """The document on screen is now `doc_id`."""
        self.doc_id, self.document = doc_id, document
        self.document_opened.emit(doc_id)

    def forget_document(self) -> None:
        """No document on screen (the one shown was removed)."""
        self.doc_id, self.document = None, None

    def set_themes(self, themes: list[Theme]) -> None:
        """The codebook as read from the store, in its order."""
        self.themes = themes
        self.theme_by_id = {t.id: t for t in themes}
        self.themes_changed.emit()

    def symbol(self, doc_id: str) -> str:
        """How the analyst knows a document: its symbol ("S/2017/130"), or its id when it has none or is gone."""
        if doc_id == self.doc_id and self.document is not None:
            return self.document.symbol or doc_id
        try:
            infos = self.store.documents(doc_id, coverage=False)
        except MarginaliaError:  # a name for a message: the id does when the store cannot say
            return doc_id
        return (infos[0].symbol if infos else "") or doc_id


class Feedback(Protocol):
    """Show the analyst a message (an error is a warning; neither blocks the window)."""

    def show_message(self, message: str, error: bool) -> None: ...

    def show_error(self, message: str) -> None: ...


class Navigator(Protocol):
    """Open a document, at a block if given, in the reader."""

    def open_document(self, doc_id: str, at: str | None = None) -> None: ...


class Frame(Feedback, Navigator, Protocol):
    """The window as each of its parts sees it: the session, the undo history, the status bar, messages and
    opening a document. A part's own host protocol adds the few panels it works on."""

    @property
    def session(self) -> Session: ...

    @property
    def undo_stack(self) -> QUndoStack: ...

    def statusBar(self) -> QStatusBar: ...


class JobRunner(Frame, Protocol):
    """A window that runs long work off the GUI thread: one job at a time, a progress dialog with Cancel, the
    thread kept until it ends, and the views refreshed after it."""

    def may_start(self) -> bool: ...
    def progress_dialog(self, label: str, title: str, cancel: Callable[[], None], maximum: int) -> QProgressDialog: ...
    def launch(self, thread: QThread) -> None: ...
    def set_busy(self, busy: bool) -> None: ...
    def refresh_library(self) -> None: ...
    def refresh_all(self) -> None: ...

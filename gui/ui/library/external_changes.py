"""Writes by another process — a `tag`, `import` or `remove` on the command line, a second window — shown
without a restart.

SQLite's `PRAGMA data_version` changes when another connection commits to the database, never for this
connection's own writes; a timer reads it once a second (a few microseconds, whatever the corpus). When it has
changed, the window reads again only what it shows: the library's count and the rows in view, the themes, and
the open document's annotations — or says that the open document was removed, or re-imported, elsewhere.

A database file deleted or replaced by another program (the window's connection still writes to the old,
unlinked file, which is lost when it closes) is noticed by its identity (device and inode, one `stat`): the
window's database is copied then, and again after each change made in it, to a file beside it that is named
in the status bar, so that nothing done in the window is lost.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel

from gui.core.errors import MarginaliaError
from gui.ui.coding.codebook import Codebook
from gui.ui.library.library_model import LibraryPanel
from gui.ui.reader.reader import Reader
from gui.ui.session import Frame
from gui.ui.widgets.panels import SearchPanel

POLL_MS = 1000
"""How often the database is asked whether another process wrote to it."""


class WatchedWindow(Frame, Protocol):
    """What is refreshed after another process's write (the main window is one)."""

    last_message: str

    @property
    def library(self) -> LibraryPanel: ...
    @property
    def search(self) -> SearchPanel: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def codebook(self) -> Codebook: ...
    @property
    def status_doc(self) -> QLabel: ...
    def busy(self) -> bool: ...
    def reload_themes(self) -> None: ...
    def refresh_annotations(self) -> None: ...
    def refresh_coverage(self) -> None: ...
    def windowTitle(self) -> str: ...
    def setWindowTitle(self, title: str) -> None: ...
    def installEventFilter(self, watcher: QObject) -> None: ...


class ExternalChanges(QObject):
    """Watches the window's database for commits by other processes and refreshes the window after one."""

    def __init__(self, window: WatchedWindow, interval: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.version: int | None = None
        self.version = self._read()
        self.identity = _identity(window.session.store.path)
        self.rescued: Path | None = None  # where the database was copied after its file went
        self.rescued_changes = -1  # the connection's total_changes when it was copied
        self.refreshed = 0  # how many times another process's write was shown (for tests and curiosity)
        self.timer = QTimer(self)
        self.timer.setInterval(interval)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On closing, the last changes made after the database file went are copied too."""
        if event.type() == QEvent.Type.Close and self.rescued is not None and not self.window.session.store.closed:
            self.rescue()
        return False

    def _read(self) -> int | None:
        store = self.window.session.store
        if store.closed:
            return None
        try:
            return int(store.db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:  # a database locked or gone for a moment: ask again next time
            return self.version

    def settle(self) -> None:
        """The window has just read everything again itself (after its own import or merge, which write on
        their own connections): take the current version as seen, so that no second reload follows."""
        self.version = self._read()

    def poll(self) -> None:
        window = self.window
        if window.session.closing or window.session.store.closed:
            return
        if _identity(window.session.store.path) != self.identity:  # gone, or another file in its place
            self.rescue()
            return
        if window.busy():
            return  # a job of ours is writing: its end refreshes the window (and settles)
        version = self._read()
        if version is None or version == self.version:
            return
        self.version = version
        self.refreshed += 1
        try:
            refresh(window)
        except MarginaliaError as error:
            window.statusBar().showMessage(str(error).splitlines()[0], 8000)

    def rescue(self) -> None:
        """The database file was deleted or replaced: copy what this window's connection still holds (its work
        up to now) to a new file beside it — again after each change — and say where."""
        store = self.window.session.store
        changes = store.db.conn.total_changes
        if self.rescued is not None and changes == self.rescued_changes:
            return
        name = f"{store.path.name}.recovered-{datetime.now().strftime('%Y%m%d-%H%M%S')}.db"
        targets = [self.rescued] if self.rescued else [store.path.with_name(name), Path.home() / name]
        for target in targets:  # beside it; else, its folder gone too, in the home folder
            error = _copy(store.db.conn, target)
            if error is None:
                break
        if error is not None:
            message = (f"{store.path} was deleted or replaced by another program, and this window's work could "
                       f"not be copied to {target} ({error}); keep this window open: it is tried again every second")
        else:
            self.rescued, self.rescued_changes = target, changes
            message = (f"{store.path} was deleted or replaced by another program: this window's work is saved in "
                       f"{target} (and what you do here next, within a second); open that file to go on")
        self.window.statusBar().showMessage(message)
        self.window.last_message = message


def _copy(connection: sqlite3.Connection, target: Path) -> Exception | None:
    """The database as `connection` reads it, written to `target` whole or not at all; the error if it failed."""
    partial = target.with_name(target.name + ".part")
    try:
        copy = sqlite3.connect(str(partial))
        try:
            connection.backup(copy)
        finally:
            copy.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as error:
        return error
    return None


def _identity(path: Path) -> tuple[int, int] | None:
    """The database file's device and inode (None once it has gone)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def refresh(window: WatchedWindow) -> None:
    """Show what another process changed: the library (count and the rows in view), the themes, and the open
    document's annotations, margin and coverage; an open document removed or re-imported elsewhere is said so."""
    store = window.session.store
    before = window.library.model.total()
    window.reload_themes()
    window.library.reload(window.session.doc_id)
    if window.library.model.total() != before:  # documents came or went: the search's document list too
        window.search.set_filters(window.session.themes, store.document_labels())
        window.codebook.library_changed()  # sub-themes indented again, the Themes panel's counts asked again
    doc_id = window.session.doc_id
    if doc_id is None:
        return
    state = store.document_state(doc_id)
    if state == "removed":
        symbol = window.session.symbol(doc_id)
        message = (f"{symbol} was removed from the library by another window or command: its text stays here "
                   "to read, but nothing can be tagged in it. Open another document from the library.")
        window.status_doc.setText(f"{symbol} (removed)")
        window.setWindowTitle(f"{symbol} (removed) — {window.windowTitle().split(' — ')[-1]}")
        window.statusBar().showMessage(message)
        window.last_message = message
        return
    if state == "re-imported":
        eid = window.reader.current_eid()
        window.open_document(doc_id, at=eid)  # the new text and the annotations' new places
        window.statusBar().showMessage(f"{doc_id} was re-imported by another window or command: showing its "
                                       "new text", 8000)
        return
    window.refresh_annotations()
    window.refresh_coverage()

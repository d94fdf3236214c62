"""What the parts of the main window share: its panels and state, declared once for the modules that act on them.

`MainWindow` (window.py) builds the panels and the menus; its behaviour lives beside it, by what the analyst
does: coding (`window_coding.py`: themes, tags, notes, coder) and moving around (`window_moving.py`: the
reader, the outline, the keys, search). Each is a part of the one window class, as the Store is made of its
books; this base names what they use, so that each module can be read (and type-checked) on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTabWidget, QTreeView

from gui.core.annotations import Annotation, Theme
from gui.core.model import Document, Kind
from gui.store import Store
from gui.ui.coding.commands import UndoHistory
from gui.ui.session import Session

if TYPE_CHECKING:
    _Window = QMainWindow  # what the parts are, to the type checker: pieces of the main window
    from gui.ui.coding.codebook import Codebook
    from gui.ui.coding.suggestions import Suggestions
    from gui.ui.library.search_worker import SearchRunner
    from gui.ui.reader.beside import Beside
    from gui.ui.reader.outline import OutlineModel
    from gui.ui.reader.reader import Reader
    from gui.ui.widgets.panels import AnnotationPanel, LibraryPanel, SearchPanel
else:
    # At run time the parts are plain classes, mixed into `MainWindow(Coding, Moving, QMainWindow)`: a second
    # Python subclass of QMainWindow in the same class (a diamond) crashes shiboken in the first Qt call.
    _Window = object

TAGGABLE = (Kind.PARAGRAPH, Kind.POINT, Kind.LIST_ITEM, Kind.TABLE, Kind.FOOTNOTE, Kind.FIGURE)
SEARCH_PAGE = 100  # hits asked of the search thread at a time (more as the list is scrolled)


class WindowBase(_Window):
    """The main window's shared state (built by `MainWindow.__init__`)."""

    session: Session  # the open document, the codebook and the coder, with their signals
    store: Store
    settings: QSettings
    undo_stack: UndoHistory
    theme_by_digit: dict[int, Theme]
    block_annotations: list[Annotation]
    reader: Reader
    source: Beside
    outline: QTreeView
    library: LibraryPanel
    outline_model: OutlineModel
    annotations: AnnotationPanel
    codebook: Codebook
    search: SearchPanel
    search_runner: SearchRunner
    suggestions: Suggestions
    left_tabs: QTabWidget
    centre: QSplitter
    splitter: QSplitter
    squeezed_from: list[int] | None = None  # the splitter's sizes before a narrow window folded panels away
    status_digits: QLabel
    status_block: QLabel
    status_page: QLabel
    library_timer: QTimer
    actions_by_id: dict[str, QAction]
    listed_passages: set[tuple[str, str]]  # (document, eid) of a theme's listing so far

    # what the session holds, named as the window's parts have always read it
    @property
    def doc_id(self) -> str | None:
        return self.session.doc_id

    @property
    def document(self) -> Document | None:
        return self.session.document

    @property
    def themes(self) -> list[Theme]:
        return self.session.themes

    @property
    def theme_by_id(self) -> dict[int, Theme]:
        return self.session.theme_by_id

    @property
    def coder(self) -> str:
        return self.session.coder

    @coder.setter
    def coder(self, name: str) -> None:
        self.session.coder = name

    @property
    def closing(self) -> bool:
        return self.session.closing

    @closing.setter
    def closing(self, closing: bool) -> None:
        self.session.closing = closing

    def show_error(self, message: str) -> None:
        raise NotImplementedError

    def open_document(self, doc_id: str, at: str | None = None) -> None:
        raise NotImplementedError

    # provided by window_coding.Coding, used by the other parts
    def toggle_theme(self, theme_id: int) -> None:
        raise NotImplementedError

    def write_note(self) -> None:
        raise NotImplementedError

    def refresh_annotations(self) -> None:
        raise NotImplementedError

    def digit_names(self) -> list[tuple[int, str]]:
        raise NotImplementedError

    def _show_block_annotations(self) -> None:
        raise NotImplementedError

    def place_of(self, eid: str) -> str:
        raise NotImplementedError

    def add_theme(self, name: str, color: str, parent: int | None = None) -> bool:
        raise NotImplementedError

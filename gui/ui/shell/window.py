"""The main window: library | reader (| source) | structure + themes + annotations, with search and undo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QThread, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTabWidget,
    QTreeView,
    QWidget,
)

from gui import APP_NAME
from gui.core.errors import MarginaliaError
from gui.export import Exchange
from gui.store import Store
from gui.ui.coding.code_hits_ui import CodeHits
from gui.ui.coding.codebook import Codebook
from gui.ui.coding.commands import UndoHistory
from gui.ui.coding.memos_panel import MemosPanel
from gui.ui.coding.suggestions import Suggestions
from gui.ui.keymap import ACTIONS, MENUS
from gui.ui.library.external_changes import ExternalChanges
from gui.ui.library.jobs import Jobs
from gui.ui.library.library_actions import LibraryActions
from gui.ui.library.search_worker import SearchRunner
from gui.ui.library.workers import ImportWorker
from gui.ui.reader.beside import Beside
from gui.ui.reader.citations_view import CitationLinks
from gui.ui.reader.doubtful_words import DoubtfulWords
from gui.ui.reader.outline import OutlineModel
from gui.ui.reader.reader import Reader
from gui.ui.session import Session
from gui.ui.shell import dialogs, view_actions
from gui.ui.shell.window_coding import Coding
from gui.ui.shell.window_moving import Moving
from gui.ui.team.compare import CompareMode
from gui.ui.team.exchange import ExchangeWorker, ExportChoice
from gui.ui.widgets import file_dialogs
from gui.ui.widgets.panels import AnnotationPanel, LibraryPanel, SearchPanel, mnemonic_safe

DOCUMENT_FILTER = "Documents (*.pdf *.txt *.md);;PDF (*.pdf);;Text (*.txt *.md);;All files (*)"


class MainWindow(Coding, Moving, QMainWindow):
    """Everything the analyst sees: the panels and menus assembled here, their behaviour in the parts
    (`window_coding.py`, `window_moving.py`, and the helpers each panel has). Takes the store it works on;
    owns no global state."""

    def __init__(self, store: Store, settings: QSettings | None = None) -> None:
        super().__init__()
        self._hold_state(store, settings)
        self._make_panels()
        self._lay_out()
        self._make_status_bar()
        self.actions_by_id = self._build_menus()
        self.library_actions = LibraryActions(self, self, self)  # remove and rename: context menu, Delete, F2
        self.compare = CompareMode(self, self)  # View ▸ Compare Coders: a column per coder in the margin
        self.citation_links = CitationLinks(self)  # citations as links, and the Cited by tab
        self._connect_parts()
        self.external = ExternalChanges(self, parent=self)  # another process's writes shown without a restart
        self.reload_themes()
        self.refresh_library()
        self._restore_settings()

    def _hold_state(self, store: Store, settings: QSettings | None) -> None:
        """What the window holds: the session (document, codebook, coder), settings, the undo history, jobs."""
        self.session = Session(store, self)  # what is open; the parts listen to its signals
        self.store = store
        self.settings = settings or QSettings(APP_NAME, APP_NAME)
        self.undo_stack = UndoHistory(self)
        self.undo_stack.failed.connect(self.show_error)  # a replay the store refuses is shown, not raised
        self.undo_stack.done.connect(self.command_done)  # what each step changed, shown wherever it is
        self.jobs = Jobs(self, self)  # import, export, merge
        self.worker: ImportWorker | None = None
        self.exchange_worker: ExchangeWorker | None = None
        self.threads: set[QThread] = set()  # every worker thread still running
        self.views: list[QWidget] = []  # the Agreement and Overview windows open beside this one
        self.listed_passages = set()
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)

    def _make_panels(self) -> None:
        """The panels: library, search, reader, the source beside it, structure, annotations."""
        self.library = LibraryPanel(self.store)
        self.search = SearchPanel()
        self.reader = Reader()
        self.doubtful = DoubtfulWords(self.reader, self.settings)  # View ▸ Underline Doubtful Recognised Words
        self.status_page = QLabel()  # "page 3 of 15" while the printed page is shown
        self.status_digits = QLabel()  # "1 poc  2 intel  …": the digit keys
        self.status_digits.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_digits)
        self.source = Beside()  # the printed page of a PDF, or the source text of a text file
        self.source.hide()
        self.source.block_clicked.connect(lambda eid: self.reader.go_to(eid))
        self.source.page_changed.connect(lambda page, pages: self.status_page.setText(
            f"page {page} of {pages}" if self.source.isVisible() else ""))
        self.source.picture_ready.connect(lambda eid, image: self.reader.set_picture(eid, image))
        self.outline_model = OutlineModel()
        self.outline = QTreeView()
        self.outline.setAccessibleName("Structure")
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.setUniformRowHeights(True)
        self.annotations = AnnotationPanel()

    def _lay_out(self) -> None:
        """Library and search | reader (and source) | structure, themes and annotations."""
        left = QTabWidget()
        left.addTab(self.library, "Library")
        left.addTab(self.search, "Search")
        self.left_tabs = left
        self.suggestions = Suggestions(self)  # ghost bars, their keys, the Suggestions tab (suggestions.py)
        left.addTab(self.suggestions.panel, "Suggestions")
        self.code_hits = CodeHits(self)  # the Search tab's Code Hits… (code_hits_ui.py)
        centre = QSplitter(Qt.Orientation.Horizontal)
        centre.addWidget(self.reader)
        centre.addWidget(self.source)
        self.centre = centre
        self.codebook = Codebook(self, self)  # the Themes panel, the margin filter, the theme menus (codebook.py)
        self.memos = MemosPanel(self.store, self.undo_stack, self.jump_to, lambda: None)  # memos_panel.py
        self.notes_tabs = QTabWidget()  # the annotations of the current block, and the memos in view
        self.notes_tabs.addTab(self.annotations, "Annotations")
        self.notes_tabs.addTab(self.memos, "Memos")
        right = QSplitter(Qt.Orientation.Vertical)
        for pane in (self.outline, self.codebook.panel, self.notes_tabs):
            right.addWidget(pane)
        right.setSizes([300, 320, 240])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (left, centre, right):
            self.splitter.addWidget(widget)
        self.splitter.setSizes([340, 720, 360])
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)

    def _make_status_bar(self) -> None:
        """The open document, the current block, the printed page and the coverage, always in sight."""
        self.status_doc = QLabel()
        self.status_block = QLabel()
        self.status_coverage = QLabel()
        for label in (self.status_doc, self.status_block, self.status_page, self.status_coverage):
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.statusBar().addPermanentWidget(label)

    def _connect_parts(self) -> None:
        """The one place the parts are wired to each other: signals of each panel to what answers them."""
        self.library.open_requested.connect(self.open_document)
        self.reader.current_changed.connect(self._on_current)
        self.reader.action_wanted.connect(lambda action: self.actions_by_id[action].trigger())
        self.reader.digit_typed.connect(self.toggle_digit)
        self.reader.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reader.customContextMenuRequested.connect(self.codebook.reader_menu)
        self.outline.clicked.connect(self._on_outline_click)
        self.outline.activated.connect(self._on_outline_activated)
        self.outline.selectionModel().currentChanged.connect(lambda index, _: self._on_outline_click(index))
        self.outline.installEventFilter(self)  # digits tag, Esc goes back to the reader
        self.reader.current_changed.connect(self.memos.show_passage)
        self.reader.document_shown.connect(lambda: self.memos.show_document(
            self.doc_id, (self.document.symbol or self.doc_id or "") if self.document is not None else ""))
        self.codebook.panel.chosen.connect(self.memos.show_theme)
        self.annotations.done_editing.connect(self.reader.setFocus)
        self.annotations.save_note.connect(self.save_note)
        self.annotations.reattach.connect(self.reattach)
        self.search.query_changed.connect(self.run_search)
        self.search_runner = SearchRunner(self.store.path)  # searches run off the GUI thread
        self.search_runner.found.connect(self._show_found)
        self.search_runner.failed.connect(lambda number, message: self.show_error(message)
                                          if number == self.search_runner.number else None)
        self.search.more_wanted.connect(self._more_hits)
        self.search.jump.connect(self.jump_to)
        self.library_timer = QTimer(self)
        self.library_timer.setSingleShot(True)
        self.library_timer.setInterval(250)
        self.library_timer.timeout.connect(self.refresh_coverage)

    # --- menus and actions ------------------------------------------------------------------------------
    def _build_menus(self) -> dict[str, QAction]:
        from gui.ui.team.analysis_menu import (  # imported beside their only use
            open_agreement,
            open_overview,
            open_query,
            open_words,
        )

        handlers = {
            "agreement": lambda: self.keep_view(open_agreement(self, self.store, self.jump_to, self.compare.open)),
            "overview": lambda: self.keep_view(open_overview(self, self.store, self.jump_to)),
            "query": lambda: self.keep_view(open_query(self, self.store, self.jump_to)),
            "words": lambda: self.keep_view(open_words(self, self.store, self.jump_to, self.search.box.text())),
            "remove-document": lambda: self.library_actions.remove(),
            "rename-document": lambda: self.library_actions.rename(),
            "attributes": lambda: self.citation_links.edit_attributes(),
            "add-files": self.add_files, "add-folder": self.add_folder, "quit": self.close,
            "export": self.export_notes, "merge": self.merge_annotations,
            "undo": self.undo_stack.undo, "redo": self.undo_stack.redo, "palette": self.theme_palette,
            "note": self.write_note, "themes": self.codebook.manage, "coder": self.ask_coder,
            "search": self.focus_search, "library": self.focus_library,
            "next-document": lambda: self.step_document(1), "previous-document": lambda: self.step_document(-1),
            "next-untagged": lambda: self.step(1, tagged=False),
            "previous-untagged": lambda: self.step(-1, tagged=False),
            "next-tagged": lambda: self.step(1, tagged=True), "previous-tagged": lambda: self.step(-1, tagged=True),
            "next-section": lambda: self.step_section(1), "previous-section": lambda: self.step_section(-1),
            "source": self.toggle_source, "help": lambda: dialogs.shortcut_help(self, self.digit_names()).exec(),
            "zoom-in": lambda: view_actions.zoom(self, 1), "zoom-out": lambda: view_actions.zoom(self, -1),
            "zoom-reset": lambda: view_actions.zoom(self, 0), "reset-layout": lambda: view_actions.reset_layout(self),
            "appearance-system": lambda: view_actions.appearance(self, "system"),
            "appearance-light": lambda: view_actions.appearance(self, "light"),
            "appearance-dark": lambda: view_actions.appearance(self, "dark"),
            "about": lambda: dialogs.about(self, str(self.store.path)),
            # compare mode's actions, looked up when triggered: the mode is made after the menus
            "compare": lambda: self.compare.toggle(), "next-disagreement": lambda: self.compare.step(1),
            "previous-disagreement": lambda: self.compare.step(-1), "adopt": lambda: self.compare.ask_adopt(),
            "default-themes": self.codebook.add_defaults, "themes-panel": self.codebook.focus,
            "clear-theme-filter": lambda: self.codebook.filter_to(None), **self.suggestions.handlers(),
            **self.doubtful.handlers(lambda: self.actions_by_id["doubtful-words"]),
        }
        menus: dict[str, QMenu] = {}
        out: dict[str, QAction] = {}
        for spec in ACTIONS:
            menu = menus.setdefault(spec.menu, QMenu(f"&{spec.menu}", self))
            action = QAction(spec.label, self)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setStatusTip(spec.help)
            action.triggered.connect(handlers[spec.id])
            if spec.id in ("source", "suggest-toggle") or spec.id.startswith("appearance-"):
                action.setCheckable(True)
            menu.addAction(action)
            out[spec.id] = action
        for name in sorted(menus, key=lambda m: MENUS.index(m) if m in MENUS else len(MENUS)):
            self.menuBar().addMenu(menus[name])
        self.undo_stack.canUndoChanged.connect(out["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(out["redo"].setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda t: out["undo"].setText(f"&Undo {mnemonic_safe(t)}".strip()))
        self.undo_stack.redoTextChanged.connect(lambda t: out["redo"].setText(f"&Redo {mnemonic_safe(t)}".strip()))
        out["undo"].setEnabled(False)
        out["redo"].setEnabled(False)
        return out

    # --- documents --------------------------------------------------------------------------------------
    def refresh_library(self) -> None:
        """After an import or a merge: the library's first page read again, the current document kept."""
        if self.store.closed:
            return
        self.library.reload(self.doc_id)
        self.search.set_filters(self.themes, self.store.document_labels())
        self.refresh_coverage()
        self.codebook.library_changed()
        self.external.settle()  # all read again: another process's writes until now are shown

    def refresh_coverage(self) -> None:
        """After a tag or an open: the current document's coverage in the library and the status bar."""
        if self.store.closed or self.doc_id is None:
            return
        info = self.library.update_document(self.doc_id)
        if info is not None:
            self.status_coverage.setText("{} / {} {} tagged".format(*info.coverage()))

    def open_document(self, doc_id: str, at: str | None = None) -> None:
        if doc_id != self.doc_id or self.store.cached(doc_id) is not self.document:  # new, or changed since
            try:
                document = self.store.document(doc_id)
            except MarginaliaError as error:
                self.show_error(str(error))
                return
            self.session.show(doc_id, document)
            self.reader.show_document(document)
            self.outline_model.set_document(document)
            self.source.show_document(document)
            self.source.ask_pictures(1.5 * self.devicePixelRatioF())  # the figures, drawn for the reader
            self.status_doc.setText(document.symbol or doc_id)
            self.setWindowTitle(f"{document.symbol or doc_id} — {APP_NAME}")
            self.refresh_annotations()
            self.library.select(doc_id)  # the library keeps its place: nothing in it is read again
            self.refresh_coverage()
        if at:
            self.reader.go_to(at)
        elif self.reader.current_eid():
            self._on_current(self.reader.current_eid() or "")
        self.reader.setFocus()

    def add_files(self) -> None:
        names, _ = file_dialogs.get_open_file_names(self, "Add documents", "", DOCUMENT_FILTER)
        if names:
            self.import_paths([Path(n) for n in names])

    def add_folder(self) -> None:
        folder = file_dialogs.get_existing_directory(self, "Add every document of a folder")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> ImportWorker | None:
        return self.jobs.import_paths(paths)

    def export_notes(self) -> None:
        self.jobs.export_notes()

    def run_export(self, choice: ExportChoice) -> ExchangeWorker | None:
        return self.jobs.run_export(choice)

    def merge_annotations(self) -> None:
        self.jobs.merge_annotations()

    def read_for_merge(self, path: Path) -> ExchangeWorker | None:
        return self.jobs.read_for_merge(path)

    def run_merge(self, exchange: Exchange, source: str, mapping: dict[str, str]) -> ExchangeWorker | None:
        return self.jobs.run_merge(exchange, source, mapping)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths)

    # --- export and merge -----------------------------------------------------------------------------
    def may_start(self) -> bool:
        """Long jobs run one at a time, and none once the window is closing."""
        if self.closing:
            return False
        if self.busy():
            self.show_error("An import, export or merge is still running; try again when it has finished.")
            return False
        return True

    def progress_dialog(self, label: str, title: str, cancel: Callable[[], None], maximum: int) -> QProgressDialog:
        progress = QProgressDialog(label, "Cancel", 0, maximum, self)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(cancel)
        return progress

    def launch(self, thread: QThread) -> None:
        """Start a job, holding a reference until the thread has really ended: its `done` signal arrives while
        run() is still returning, and a QThread destroyed while running aborts the whole program."""
        self.threads.add(thread)
        thread.finished.connect(self.forget_finished_threads)  # a window slot: runs on the GUI thread
        self.set_busy(True)
        thread.start()

    def forget_finished_threads(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread):
            thread.wait()  # it has emitted `finished`: this returns at once
            self.threads.discard(thread)

    def busy(self) -> bool:
        """Whether an import, export or merge is running."""
        return self.worker is not None or self.exchange_worker is not None

    def set_busy(self, busy: bool) -> None:
        for name in ("add-files", "add-folder", "export", "merge"):
            self.actions_by_id[name].setEnabled(not busy)

    def keep_view(self, view: QWidget) -> None:
        """An analysis view open beside the window (a window of its own, not held on top of this one)."""
        self.views.append(view)
        view.destroyed.connect(lambda *_: self.views.remove(view) if view in self.views else None)

    # --- errors, settings -----------------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        """A clear message that does not block the window."""
        self.show_message(message, error=True)

    def show_message(self, message: str, error: bool) -> None:
        icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
        box = QMessageBox(icon, APP_NAME, message, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.statusBar().showMessage(message.splitlines()[0], 8000)
        if error:
            self.last_error = message
        self.last_message = message

    def _restore_settings(self) -> None:
        state = self.settings.value("window/splitter")  # first: the size restored next is fitted to it
        if isinstance(state, QByteArray):
            self.splitter.restoreState(state)
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 880)
        self.reader.zoom = view_actions.saved_zoom(self.settings.value("reader/zoom"))
        look = self.settings.value("view/appearance")
        if isinstance(look, str) and look != "system":
            view_actions.appearance(self, look)
        else:
            self.actions_by_id["appearance-system"].setChecked(True)
        last_doc = self.settings.value("reader/document")
        last_eid = self.settings.value("reader/block")
        if isinstance(last_doc, str) and self.store.documents(last_doc, coverage=False):
            self.open_document(last_doc, at=last_eid if isinstance(last_eid, str) else None)
        elif first := self.store.library_page(0, 1):  # one row read, not the whole library
            self.open_document(first[0].id)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.width() >= view_actions.ROOMY:  # a layout squeezed into a small window is not the one to keep
            self.settings.setValue("window/splitter", self.splitter.saveState())
        if self.doc_id:
            self.settings.setValue("reader/document", self.doc_id)
            self.settings.setValue("reader/block", self.reader.current_eid() or "")
        self.settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a narrow window the side panels give way to the reader (view_actions.fit_panels)."""
        super().resizeEvent(event)
        if self.isVisible() and 0 < event.size().width() < event.oldSize().width():
            view_actions.fit_panels(self)  # only when it got narrower: never against a splitter just dragged
        elif self.isVisible() and event.size().width() > event.oldSize().width() > 0:
            view_actions.unsqueeze(self)  # wide again: the panels it folded come back

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, lambda: view_actions.fit_panels(self))  # once laid out at its size: fits?
        if not self.settings.value("coder/asked") and QGuiApplication.platformName() != "offscreen":
            QTimer.singleShot(300, self.first_run_name)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True  # results that arrive from now on have no window to go to
        for worker in (self.worker, self.exchange_worker):
            if worker is not None:
                worker.cancel()
        for thread in list(self.threads):
            thread.wait()  # never destroy a running thread; a cancelled one stops at its next step
        for view in list(self.views):  # the Agreement and Overview windows close with this one
            view.close()
        self.source.stop()
        self.search_runner.stop()
        self.suggestions.stop()
        self.codebook.stop()
        self.save_settings()
        super().closeEvent(event)


__all__ = ["MainWindow", "QWidget"]

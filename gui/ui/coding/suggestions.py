"""Theme suggestions in the window: ghost bars in the reader's margin, keys to accept, reject and go to the
next one, and the Suggestions tab (the open document's or the library's suggestions by score, accepted or
rejected in bulk).

Learning and scoring run on a worker thread (`suggest_worker.py`); the GUI thread only draws what came back
and filters it by the open document's annotations. Nothing is applied without the analyst: each accept or
reject is one undo step, and an accepted suggestion's annotation records the model, its version and score.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.analysis.suggest import MODEL, Suggester, Suggestion, summary, sure, theme_note
from gui.core.annotations import Annotation, Theme
from gui.core.errors import MarginaliaError
from gui.core.model import Document
from gui.store import Store
from gui.store.suggestions import Choice
from gui.ui.coding.commands import MergeCommand, StoreCommand
from gui.ui.coding.suggest_worker import SuggestResult, SuggestRunner
from gui.ui.reader.reader import Reader
from gui.ui.team.coding_import import CodingImportHost


class SuggestionsHost(CodingImportHost, Protocol):
    """What the suggestions need of the window: the reader (ghost bars, the current paragraph), the open
    document and its annotations, the coder, the tabs and actions they show in, the settings."""

    @property
    def store(self) -> Store: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def left_tabs(self) -> QTabWidget: ...
    @property
    def settings(self) -> QSettings: ...
    @property
    def actions_by_id(self) -> dict[str, QAction]: ...
    @property
    def doc_id(self) -> str | None: ...
    @property
    def document(self) -> Document | None: ...
    @property
    def coder(self) -> str: ...
    @property
    def closing(self) -> bool: ...
    @property
    def theme_by_id(self) -> dict[int, Theme]: ...
    @property
    def block_annotations(self) -> list[Annotation]: ...
    def refresh_annotations(self) -> None: ...
    def place_of(self, eid: str) -> str: ...
    def window(self) -> QWidget: ...


Refresh = Callable[[], None]
SETTING = "suggest/on"


class AcceptSuggestionsCommand(MergeCommand):
    """Accept suggestions: each paragraph tagged with its theme, the annotation recording the suggestion
    (written here; undo takes them away, redo puts them back, provenance and all)."""

    def __init__(self, store: Store, choices: list[Choice], coder: str, refresh: Refresh) -> None:
        ids = store.accept_suggestions(choices, coder=coder).annotation_ids
        super().__init__(store, list(ids), "suggestions", refresh)
        self.setText(f"Accept {len(choices)} suggestion{'s' if len(choices) != 1 else ''}")


class RejectSuggestionsCommand(StoreCommand):
    """Reject suggestions: remembered for this coder, never suggested there again (until undone)."""

    def __init__(self, store: Store, choices: list[Choice], coder: str, refresh: Refresh) -> None:
        rejected = store.reject_suggestions(choices, coder=coder)
        super().__init__(f"Reject {len(choices)} suggestion{'s' if len(choices) != 1 else ''}",
                         [c.doc_id for c in choices])
        self.store, self.coder, self.refresh = store, coder, refresh
        self.rejected = rejected

    def _redo(self) -> None:
        self.store.reject_suggestions(self.rejected, coder=self.coder)

    def _undo(self) -> None:
        self.store.unreject_suggestions(self.rejected, coder=self.coder)


def choice_of(suggestion: Suggestion, model: Suggester | None) -> Choice:
    return Choice(suggestion.doc_id, suggestion.eid, suggestion.theme_id, suggestion.score, MODEL,
                  model.version if model is not None else "")


class SuggestionsPanel(QWidget):
    """The Suggestions tab: scope, whose coding is learned from, the list by score, bulk accept and reject."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Suggestions")
        self.scope = QComboBox()
        self.scope.addItem("This document", "document")
        self.scope.addItem("Whole library", "library")
        self.coders = QComboBox()
        self.coders.setToolTip("Learn from whose coding")
        self.status = QLabel("Suggestions are off: Codebook ▸ Suggest Themes (Ctrl+Shift+G)")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Paragraph", "Theme", "How sure"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName("Suggestions list")
        self.accept = QPushButton("&Accept")
        self.accept.setToolTip("Tag the selected paragraphs with their suggested themes (one undo step)")
        self.reject = QPushButton("Re&ject")
        self.reject.setToolTip("Never suggest these themes on these paragraphs again (one undo step)")
        for combo in (self.scope, self.coders):  # narrow: the panel must not squeeze the reader
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        top = QVBoxLayout()
        top.addWidget(self.scope)
        top.addWidget(self.coders)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept)
        buttons.addWidget(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def show_suggestions(self, rows: list[tuple[str, Suggestion]]) -> None:
        """(place, suggestion) rows, best first."""
        self.list.clear()
        items = []
        for place, s in rows:
            item = QTreeWidgetItem([place, s.theme, f"{round(100 * s.score)} %"])
            item.setData(0, Qt.ItemDataRole.UserRole, s)
            item.setToolTip(1, s.theme)
            item.setToolTip(2, f"The model is {sure(s.score)} that this paragraph carries {s.theme}")
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        self.list.addTopLevelItems(items)
        for column in range(3):
            self.list.resizeColumnToContents(column)

    def selected(self) -> list[Suggestion]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()]


class Suggestions(QObject):
    """The window's suggestions: asks the worker, draws ghost bars, accepts, rejects and steps."""

    def __init__(self, window: SuggestionsHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.on = bool(window.settings.value(SETTING, False, type=bool))
        self.panel = SuggestionsPanel()
        self.runner = SuggestRunner(window.store.path)
        self.runner.ready.connect(self._ready)
        self.runner.failed.connect(lambda number, message: self.panel.status.setText(message))
        self.runner.learning.connect(lambda number: self.panel.status.setText("Learning from the coding…"))
        self.model: Suggester | None = None
        self.found: list[Suggestion] = []  # for the scope asked, as the worker gave them
        self.panel.scope.currentIndexChanged.connect(lambda _: self.refresh(now=True))
        self.panel.coders.currentIndexChanged.connect(lambda _: self.refresh(now=True))
        self.panel.accept.clicked.connect(lambda: self.accept(self.panel.selected()))
        self.panel.reject.clicked.connect(lambda: self.reject(self.panel.selected()))
        self.panel.list.itemActivated.connect(
            lambda item, _: self._go(item.data(0, Qt.ItemDataRole.UserRole)))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(600)  # a burst of tagging asks once
        self.timer.timeout.connect(lambda: self.refresh(now=True))
        window.reader.installEventFilter(self)
        self._fill_coders()

    def handlers(self) -> dict[str, Callable[[], None]]:
        """The window's actions for suggestions (actions.py names their keys)."""
        from gui.ui.team.coding_import import import_coding_table

        def toggle() -> None:
            self.set_on(self.window.actions_by_id["suggest-toggle"].isChecked())

        def import_table() -> None:
            import_coding_table(self.window)

        def tab() -> None:
            self.window.left_tabs.setCurrentWidget(self.panel)
            self.panel.list.setFocus()

        QTimer.singleShot(0, lambda: self.window.actions_by_id["suggest-toggle"].setChecked(self.on))
        return {"suggest-toggle": toggle, "suggestion-next": lambda: self.step(1),
                "suggestion-previous": lambda: self.step(-1), "suggestion-accept": lambda: self.accept(),
                "suggestion-reject": lambda: self.reject(), "suggestions-tab": tab,
                "import-coding": import_table}

    # --- asking -------------------------------------------------------------------------------------------
    def set_on(self, on: bool) -> None:
        self.on = on
        self.window.settings.setValue(SETTING, on)
        if on:
            self._fill_coders()  # the coders of now (an import may have brought some)
            self.refresh(now=True)
        else:
            self.found = []
            self._show()
            self.panel.status.setText("Suggestions are off: Codebook ▸ Suggest Themes (Ctrl+Shift+G)")

    def refresh(self, now: bool = False) -> None:
        """After a change (a tag, an accept, a document opened): ask the worker again (it learns again only if
        the coding changed); meanwhile the ghosts already there are filtered by the annotations now shown."""
        if not self.on or self.window.closing:
            return
        self._show()
        if not now:
            self.timer.start()
            return
        scope = self.panel.scope.currentData()
        if scope == "library":
            doc_ids = tuple(doc_id for doc_id, _ in self.window.store.document_labels())
        elif self.window.doc_id is not None:
            doc_ids = (self.window.doc_id,)
        else:
            return
        coder = self.panel.coders.currentData()
        self.runner.ask(doc_ids, (coder,) if coder else (), self.window.coder)

    def _fill_coders(self) -> None:
        chosen = self.panel.coders.currentData()
        self.panel.coders.blockSignals(True)
        self.panel.coders.clear()
        self.panel.coders.addItem("Learn from every coder", "")
        for coder in self.window.store.coders():
            self.panel.coders.addItem(f"Learn from {coder}", coder)
        self.panel.coders.setCurrentIndex(max(0, self.panel.coders.findData(chosen)))
        self.panel.coders.blockSignals(False)

    def _ready(self, result: SuggestResult) -> None:
        if result.number != self.runner.number or self.window.closing or not self.on:
            return
        self.model, self.found = result.model, result.suggestions
        coder = self.panel.coders.currentData()
        text = summary(result.model, (coder,) if coder else ())
        unsure = [t for t in result.model.themes if not t.learned]
        if unsure:
            text += f" No suggestions for {len(unsure)} theme{'s' if len(unsure) != 1 else ''} (hover to see why)."
        self.panel.status.setToolTip("\n".join(theme_note(t) for t in result.model.themes))
        self.panel.status.setText(text)
        self._show()

    # --- showing ------------------------------------------------------------------------------------------
    def shown(self) -> list[Suggestion]:
        """The suggestions above their threshold, not yet tagged by me there (the ghosts), best first."""
        mine = {(a.doc_id, a.eid, a.theme_id) for a in self.window.block_annotations
                if a.coder == self.window.coder}
        return [s for s in self.found if s.suggested and (s.doc_id, s.eid, s.theme_id) not in mine]

    def _show(self) -> None:
        reader = self.window.reader
        ghosts: dict[str, list[tuple[QColor, str, float]]] = {}
        for s in self.shown() if self.on else []:
            if s.doc_id != self.window.doc_id:
                continue
            theme = self.window.theme_by_id.get(s.theme_id)
            colour = QColor(theme.color if theme else "#888888")
            ghosts.setdefault(s.eid, []).append((colour, s.theme, s.score))
        reader.ghosts = ghosts
        reader.viewport().update()
        rows = []
        document = self.window.document
        for s in self.shown() if self.on else []:
            place = s.eid
            if s.doc_id == self.window.doc_id and document is not None and document.get(s.eid) is not None:
                place = self.window.place_of(s.eid)
            elif len({x.doc_id for x in self.found}) > 1:
                place = f"{s.doc_id} {s.eid}"
            rows.append((place, s))
        self.panel.show_suggestions(rows)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The score of a ghost bar on hover (in the margin)."""
        reader = self.window.reader
        if watched is reader and event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = reader.viewport().mapFromGlobal(event.globalPos())
            if 0 <= point.x() <= reader.gutter + reader.inset and reader.placed:
                index = reader.index_at_y(point.y() + reader.verticalScrollBar().value())
                eid = reader.placed[index].block.eid
                ghosts = reader.ghosts.get(eid)
                if ghosts:
                    lines = [f"Suggested: {name} — {sure(score)}" for _, name, score in ghosts]
                    QToolTip.showText(event.globalPos(), "\n".join(lines) + "\nY accepts, X rejects, S goes to the "
                                      "next suggestion", reader)
                    return True
        return False

    # --- acting -------------------------------------------------------------------------------------------
    def here(self) -> list[Suggestion]:
        eid = self.window.reader.current_eid()
        return [s for s in self.shown() if s.doc_id == self.window.doc_id and s.eid == eid]

    def accept(self, chosen: list[Suggestion] | None = None) -> None:
        """Accept `chosen`, or the best suggestion on the current paragraph (Y): one undo step."""
        todo = chosen if chosen is not None else self.here()[:1]
        if not todo:
            self.window.statusBar().showMessage("No suggestion on this paragraph (S goes to the next one)", 4000)
            return
        try:
            command = AcceptSuggestionsCommand(self.window.store, [choice_of(s, self.model) for s in todo],
                                               self.window.coder, self.window.refresh_annotations)
        except MarginaliaError as error:
            self.window.show_error(str(error))
            return
        self.window.undo_stack.push(command)
        self.window.statusBar().showMessage(command.text(), 3000)

    def reject(self, chosen: list[Suggestion] | None = None) -> None:
        """Reject `chosen`, or the best suggestion on the current paragraph (X): one undo step."""
        todo = chosen if chosen is not None else self.here()[:1]
        if not todo:
            self.window.statusBar().showMessage("No suggestion on this paragraph (S goes to the next one)", 4000)
            return
        try:
            command = RejectSuggestionsCommand(self.window.store, [choice_of(s, self.model) for s in todo],
                                               self.window.coder, self._rejected)
        except MarginaliaError as error:
            self.window.show_error(str(error))
            return
        gone = {(s.doc_id, s.eid, s.theme_id) for s in todo}
        self.found = [s for s in self.found if (s.doc_id, s.eid, s.theme_id) not in gone]
        self.window.undo_stack.push(command)
        self._show()
        self.window.statusBar().showMessage(command.text(), 3000)

    def _rejected(self) -> None:
        """After an undo or redo of a reject: ask again (the worker reads the rejections)."""
        self.refresh(now=True)

    def step(self, direction: int = 1) -> None:
        """S / Shift+S: the next (previous) paragraph with a suggestion."""
        reader = self.window.reader
        eids = set(reader.ghosts)
        i = reader.current + direction
        while 0 <= i < len(reader.placed):
            if reader.placed[i].block.eid in eids:
                reader.set_current(i)
                return
            i += direction
        self.window.statusBar().showMessage("No more suggestions in this document" if self.on else
                                            "Suggestions are off: Codebook ▸ Suggest Themes (Ctrl+Shift+G)", 4000)

    def _go(self, suggestion: Suggestion | None) -> None:
        if suggestion is not None:
            self.window.open_document(suggestion.doc_id, at=suggestion.eid)

    def stop(self) -> None:
        self.timer.stop()
        self.runner.stop()

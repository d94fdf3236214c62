"""View ▸ Compare Coders: each coder's theme bars side by side in the reader's margin, the blocks on which they
disagree marked, keys to go from one disagreement to the next, and one coder's decision adopted as the consensus.

The decisions and the disagreements are those of the Agreement view (`gui.analysis.agreement`, on every body
block; a tag on a few words counts for its block, a sub-theme for its parent); this module shows them. The
coders compared default to everyone with annotations in the open document; a chooser in the mode's toolbar
hides some. A coder named "consensus" holds the decisions adopted: it has its own column, but while two other
coders are compared it takes no part in deciding what is a disagreement (it would disagree with each of them
wherever it has not decided yet).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QLabel, QMenu, QToolBar, QToolButton, QWidget

from gui.analysis.agreement import CONSENSUS, DocumentComparison, coders_in, compare_document
from gui.core.annotations import Theme
from gui.core.citation import place
from gui.core.errors import MarginaliaError
from gui.core.themes import lineage
from gui.ui.coding.commands import AdoptDecisionCommand
from gui.ui.reader.reader import Reader
from gui.ui.reader.reader_margin import CoderColumn, MarginColumns
from gui.ui.session import Frame
from gui.ui.widgets.panels import mnemonic_safe


class CompareHost(Frame, Protocol):
    """What compare mode needs of the window: the reader, the mode's toolbar put in place, the checked
    action, and the window brought to the front when the Agreement view sends a document."""

    @property
    def reader(self) -> Reader: ...
    @property
    def actions_by_id(self) -> dict[str, QAction]: ...
    def refresh_annotations(self) -> None: ...
    def addToolBar(self, area: Qt.ToolBarArea, toolbar: QToolBar) -> None: ...
    def raise_(self) -> None: ...
    def activateWindow(self) -> None: ...


def short_name(theme: Theme) -> str:
    """"POC" for "Protection of civilians (POC)": the abbreviation a theme's name ends with, else its name."""
    match = re.search(r"\(([^()]{1,12})\)\s*$", theme.name)
    return match.group(1) if match else theme.name


def theme_label(codebook: Sequence[Theme], theme: Theme) -> str:
    """"POC › Early warning and rapid response" for a sub-theme."""
    return " › ".join(short_name(t) for t in lineage(codebook, theme.id)) or short_name(theme)


def compared(shown: Sequence[str]) -> list[str]:
    """The coders whose decisions make a disagreement: the consensus stands aside while two others are compared
    (so that alice against the consensus can still be checked, but alice and bob are not outvoted by it)."""
    others = [c for c in shown if c != CONSENSUS]
    return others if len(others) >= 2 else list(shown)


class CompareMode(QObject):
    """The reader's Compare coders mode: its toolbar (coders, previous / next, adopt), its margin columns and its
    keys. One per window; `handlers` gives the window's actions their slots."""

    def __init__(self, window: CompareHost, over: QWidget) -> None:
        super().__init__(over)
        self.window = window
        self.over = over  # the widget its menus open over (the main window)
        self.active = False
        self.doc_id: str | None = None
        self.available: list[str] = []  # everyone with annotations in the open document
        self.hidden: set[str] = set()  # unticked in the chooser
        self.comparison: DocumentComparison | None = None
        self.position = -1  # index of the disagreement shown, in `comparison.disagreements`
        self.toolbar = QToolBar("Compare coders", over)
        self.toolbar.setObjectName("compare-coders")
        self.toolbar.setMovable(False)
        self.toolbar.toggleViewAction().setVisible(False)
        self.chooser = QToolButton()
        self.chooser.setAccessibleName("Coders compared")
        self.chooser.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.chooser.setMenu(QMenu(self.chooser))
        self.counter = QLabel()
        self.counter.setTextFormat(Qt.TextFormat.PlainText)
        self.counter.setAccessibleName("Disagreement shown")
        self.adopt_button = QToolButton()
        self.adopt_button.setText("Adopt as consensus")
        self.adopt_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.adopt_button.setMenu(QMenu(self.adopt_button))
        self.adopt_button.menu().aboutToShow.connect(lambda: self.fill_adopt_menu(self.adopt_button.menu()))
        self.toolbar.addWidget(QLabel(" Comparing "))
        self.toolbar.addWidget(self.chooser)
        self.toolbar.addSeparator()
        self.toolbar.addAction("‹ Previous", lambda: self.step(-1)).setToolTip("Previous disagreement (Shift+D)")
        self.toolbar.addWidget(self.counter)
        self.toolbar.addAction("Next ›", lambda: self.step(1)).setToolTip("Next disagreement (D)")
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.adopt_button)
        self.toolbar.addSeparator()
        self.toolbar.addAction("Done", self.leave).setToolTip("Back to the usual margin (Ctrl+Shift+C)")
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.toolbar.hide()
        window.actions_by_id["compare"].setCheckable(True)
        window.reader.document_shown.connect(self.refresh)
        window.reader.current_changed.connect(self._moved)
        window.undo_stack.indexChanged.connect(lambda _index: self.refresh())  # a tag, an undo, an adoption

    # --- in and out ------------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()

    def enter(self, coders: Sequence[str] | None = None) -> None:
        """Show each coder's column (`coders`, or everyone with annotations in this document)."""
        self.active = True
        self.window.actions_by_id["compare"].setChecked(True)
        self.toolbar.show()
        self.doc_id = None  # read the coders afresh
        self.refresh()
        if coders is not None:
            self.hidden = set(self.available) - set(coders)
            self.refresh()
        if self.comparison is not None and len(self.comparison.coders) < 2:
            who = self.comparison.coders
            self.say(f"Only {who[0]} has annotations in this document: nobody to compare with" if who else
                     "Nobody has annotations in this document yet")
        elif self.comparison is not None:
            count = len(self.comparison.disagreements)
            self.say(f"Comparing {', '.join(self.comparison.coders)}: {count} disagreement(s); D goes to the next")

    def leave(self) -> None:
        """The usual margin again."""
        self.active = False
        self.window.actions_by_id["compare"].setChecked(False)
        self.toolbar.hide()
        self.comparison, self.position = None, -1
        self.window.reader.set_compare(None)
        self.window.statusBar().clearMessage()

    def open(self, doc_id: str, coders: Sequence[str], eid: str | None = None) -> None:
        """From the Agreement view: a document, compared between the coders ticked there, at a disagreement
        (the one chosen, or the first)."""
        self.window.open_document(doc_id, at=eid)
        if self.window.session.doc_id != doc_id:
            return  # it could not be opened (the window said why)
        self.enter(coders)
        self.window.raise_()
        self.window.activateWindow()
        if self.comparison is None:
            return
        if eid is None:
            self.window.reader.set_current(0)
            self.position = -1
            self.step(1)
        elif (at := self._first_on(eid)) >= 0:
            self.position = at
            self._announce()
        # The margin widened for the coders' columns and the toolbar took some height: the text reflowed under
        # the block just shown. Show it again, now and once the window is laid out.
        self.window.reader.reveal_current()
        QTimer.singleShot(0, self.window.reader.reveal_current)

    # --- what the margin shows ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the open document's coders and decisions again (after a tag, an undo, another document)."""
        window = self.window
        if not self.active or window.session.doc_id is None or window.session.store.closed:
            return
        if window.session.doc_id != self.doc_id:  # another document: everyone with annotations in it, afresh
            self.doc_id, self.hidden = window.session.doc_id, set()
        names = coders_in(window.session.store, window.session.doc_id)
        self.available = [c for c in names if c != CONSENSUS] + [c for c in names if c == CONSENSUS]
        shown = [c for c in self.available if c not in self.hidden]
        self.comparison = compare_document(window.session.store, window.session.doc_id, compared(shown))
        window.reader.set_compare(MarginColumns(
            columns=self._columns(shown), disagreeing=frozenset(d.eid for d in self.comparison.disagreements)))
        self._fill_chooser(shown)
        eid = window.reader.current_eid()
        if not (0 <= self.position < len(self.comparison.disagreements)
                and self.comparison.disagreements[self.position].eid == eid):
            self.position = self._first_on(eid) if eid else -1
        self._show_counter()

    def _columns(self, shown: list[str]) -> tuple[CoderColumn, ...]:
        window = self.window
        order = {t.id: i for i, t in enumerate(window.session.themes)}
        columns = {c: CoderColumn(c) for c in shown}
        annotations = window.session.store.annotations(doc=window.session.doc_id, status="anchored")
        for a in sorted(annotations, key=lambda a: order.get(a.theme_id, 0)):
            theme, column = window.session.theme_by_id.get(a.theme_id), columns.get(a.coder)
            if a.eid and theme is not None and column is not None:
                bucket = (column.solid if a.span is None else column.hollow).setdefault(a.eid, [])
                if (colour := QColor(theme.color)) not in bucket:
                    bucket.append(colour)
        return tuple(columns.values())

    def _fill_chooser(self, shown: list[str]) -> None:
        menu = self.chooser.menu()
        menu.clear()
        for name in self.available:
            action = menu.addAction(mnemonic_safe(name))
            action.setCheckable(True)
            action.setChecked(name not in self.hidden)
            action.toggled.connect(lambda on, n=name: self.choose(n, on))
        text = ", ".join(shown) or "nobody"
        self.chooser.setText(mnemonic_safe(text if len(text) <= 40 else text[:39] + "…"))  # "Kim & Lee": an &
        self.chooser.setToolTip("Coders shown, one column each (the consensus is the decisions adopted)")

    def choose(self, coder: str, shown: bool) -> None:
        """The chooser: show or hide one coder's column."""
        (self.hidden.discard if shown else self.hidden.add)(coder)
        self.refresh()

    # --- disagreements -------------------------------------------------------------------------------------
    def _first_on(self, eid: str | None) -> int:
        found = self.comparison.disagreements if self.comparison else ()
        return next((i for i, d in enumerate(found) if d.eid == eid), -1)

    def _moved(self, eid: str) -> None:
        """The analyst moved: the disagreement shown follows (the block's first, or none)."""
        if self.active and self.comparison is not None:
            found = self.comparison.disagreements
            if not (0 <= self.position < len(found) and found[self.position].eid == eid):
                self.position = self._first_on(eid)
            self._show_counter()

    def step(self, direction: int) -> None:
        """D / Shift+D: to the next (previous) disagreement, in reading order; the status bar says which."""
        if not self.active:
            self.say("Compare coders first: View ▸ Compare Coders (Ctrl+Shift+C)")
            return
        if self.comparison is None or not self.comparison.disagreements:
            self.say("The coders compared agree on every block of this document")
            return
        found, reader = self.comparison.disagreements, self.window.reader
        here = reader.current
        if 0 <= self.position < len(found) and found[self.position].eid == reader.current_eid():
            target = self.position + direction
        elif direction > 0:
            target = next((i for i, d in enumerate(found) if reader.by_eid.get(d.eid, -1) > here), len(found))
        else:
            target = next((i for i in reversed(range(len(found))) if reader.by_eid.get(found[i].eid, -1) < here), -1)
        if not 0 <= target < len(found):
            self.say(f"No more disagreements {'after' if direction > 0 else 'before'} this block "
                     f"({len(found)} in this document)")
            return
        reader.go_to(found[target].eid)
        self.position = target
        self._announce()

    def _announce(self) -> None:
        assert self.comparison is not None
        found = self.comparison.disagreements[self.position]
        self._show_counter()
        self.say(f"disagreement {self.position + 1} of {len(self.comparison.disagreements)}: "
                 f"{theme_label(self.window.session.themes, found.theme)} — {', '.join(found.tagged_by)} tagged, "
                 f"{', '.join(found.not_by)} not")

    def _show_counter(self) -> None:
        total = len(self.comparison.disagreements) if self.comparison else 0
        self.counter.setText(f" {self.position + 1 if self.position >= 0 else '–'} of {total} ")

    def say(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 15000)

    # --- the consensus -------------------------------------------------------------------------------------
    def fill_adopt_menu(self, menu: QMenu) -> None:
        """For the current block: each compared coder's decision on each theme disagreed on here, then each
        coder's decisions on every theme of the block."""
        menu.clear()
        window, comparison, eid = self.window, self.comparison, self.window.reader.current_eid()
        if not self.active or comparison is None or eid is None or window.session.document is None:
            menu.addAction("Compare coders first (Ctrl+Shift+C)").setEnabled(False)
            return
        where = place(window.session.document, window.session.document.block(eid))[0]
        coders = [c for c in comparison.coders if c != CONSENSUS]
        if not coders:
            menu.addAction(f"No coder's decision on {where} to adopt").setEnabled(False)
            return
        here = [d for d in comparison.disagreements if d.eid == eid]
        shortcut = iter(range(1, 10))
        for found in here:
            for coder in coders:
                said = "tagged" if coder in found.tagged_by else "not tagged"
                key = next(shortcut, None)
                text = mnemonic_safe(f"{coder}: {theme_label(window.session.themes, found.theme)} {said}")
                menu.addAction(f"&{key} {text}" if key else text).triggered.connect(
                    lambda _=False, c=coder, t=found.theme.id: self.adopt(c, t))
        if here:
            menu.addSeparator()
        for coder in coders:
            decided = comparison.decision(coder, eid)  # a sub-theme named, not also its parent
            themes = [theme_label(window.session.themes, t) for t in comparison.themes if t.id in decided
                      and not any(o.parent_id == t.id and o.id in decided for o in comparison.themes)]
            label = f"{coder}'s decision on every theme of {where} ({', '.join(themes) or 'no theme'})"
            menu.addAction(mnemonic_safe(label)).triggered.connect(lambda _=False, c=coder: self.adopt(c, None))

    def ask_adopt(self) -> None:
        """a: the adoption menu at the current block."""
        if not self.active:
            self.say("Compare coders first: View ▸ Compare Coders (Ctrl+Shift+C)")
            return
        reader = self.window.reader
        menu = QMenu(self.over)
        self.fill_adopt_menu(menu)
        rect = reader.cursorRect()
        if 0 <= reader.current < len(reader.placed):
            block = reader.document().findBlock(reader.placed[reader.current].start)
            top = reader.document().documentLayout().blockBoundingRect(block).top() - reader.verticalScrollBar().value()
            rect.moveTop(int(max(0, top)))
        menu.exec(reader.viewport().mapToGlobal(QPoint(reader.gutter + reader.inset, rect.top())))

    def adopt(self, coder: str, theme_id: int | None = None) -> AdoptDecisionCommand | None:
        """Make the consensus's annotations on the current block match `coder`'s, on every theme or on one theme
        (and its sub-themes). One undo step; nothing is pushed when the consensus already agrees."""
        window, eid = self.window, self.window.reader.current_eid()
        if window.session.doc_id is None or window.session.document is None or eid is None or coder == CONSENSUS:
            return None
        where = place(window.session.document, window.session.document.block(eid))[0]
        theme = window.session.theme_by_id.get(theme_id) if theme_id is not None else None
        what = theme_label(window.session.themes, theme) if theme is not None else "every theme"
        try:
            command = AdoptDecisionCommand(
                window.session.store, window.session.doc_id, eid, coder, CONSENSUS, window.refresh_annotations,
                themes=window.session.store.theme_family(theme_id) if theme_id is not None else None,
                text=f"Adopt {coder}'s decision on {what} in {where} as consensus")
        except MarginaliaError as error:
            window.show_error(str(error))
            return None
        if not command.changed:
            self.say(f"The consensus already has {coder}'s decision on {what} in {where}")
            return None
        window.undo_stack.push(command)
        self.say(command.text())
        return command

"""The main window's moving around: the reader and the outline kept together, the keys, stepping through
tagged and untagged paragraphs and sections, the source beside the text, and search off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent

from gui.core.model import Kind
from gui.store import SearchHit
from gui.ui.reader.outline import EIDRole
from gui.ui.shell import view_actions
from gui.ui.shell.window_base import SEARCH_PAGE, TAGGABLE, WindowBase


class Moving(WindowBase):
    """Navigation and search, as part of `MainWindow`."""

    def _on_current(self, eid: str) -> None:
        index = self.outline_model.index_for_eid(eid)
        if index.isValid():
            self.outline.setCurrentIndex(index)
            self.outline.scrollTo(index)
        if self.document is not None and self.document.get(eid) is not None:
            self.status_block.setText(self.place_of(eid))
            self._show_block_annotations()
            if self.source.isVisible():
                self.source.highlight(eid)

    def _on_outline_click(self, index: QModelIndex) -> None:
        eid = index.data(EIDRole)
        if eid and eid != self.reader.current_eid():
            self.reader.go_to(eid)

    def _on_outline_activated(self, index: QModelIndex) -> None:
        self._on_outline_click(index)
        self.reader.setFocus()  # Enter in the outline: read on from there

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.outline or watched is self.library.view) and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and watched.hasFocus():  # (no focus: see Reader.keyPressEvent)
            text = event.text()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if text and text in "123456789" and plain:
                self.toggle_digit(int(text))  # the digits work wherever the analyst is
                return True
            if watched is self.outline and plain and text in ("j", "k"):  # as in the reader: next / previous
                current = self.outline.currentIndex()
                below = self.outline.indexBelow(current) if text == "j" else self.outline.indexAbove(current)
                if below.isValid():
                    self.outline.setCurrentIndex(below)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.reader.setFocus()
                return True
        return super().eventFilter(watched, event)

    def toggle_digit(self, digit: int) -> None:
        """A digit key, wherever the analyst is: toggle the theme that has it on the selected blocks."""
        theme = self.theme_by_digit.get(digit)
        if theme:
            self.toggle_theme(theme.id)

    def show_side(self, index: int) -> None:
        """Unfold a side panel (0: library and search, 2: structure) that a narrow window folded away."""
        view_actions.show_side(self, index)

    def step(self, direction: int, tagged: bool) -> None:
        """Next/previous body block that is (un)tagged."""
        if self.document is None:
            return
        tagged_eids = {a.eid for a in self.block_annotations}
        placed = self.reader.placed
        i = self.reader.current + direction
        while 0 <= i < len(placed):
            block = placed[i].block
            if block.kind in TAGGABLE and (block.eid in tagged_eids) == tagged:
                self.reader.set_current(i)
                return
            i += direction
        self.statusBar().showMessage("No more " + ("tagged" if tagged else "untagged") + " paragraphs", 3000)

    def step_section(self, direction: int) -> None:
        placed = self.reader.placed
        i = self.reader.current + direction
        while 0 <= i < len(placed):
            if placed[i].block.kind is Kind.HEADING:
                self.reader.set_current(i)
                return
            i += direction

    def focus_library(self) -> None:
        """Find ▸ Go to the Library (Ctrl+L): the library's list, at the open document, with the keyboard."""
        self.show_side(0)
        self.left_tabs.setCurrentWidget(self.library)
        self.library.select(self.doc_id)
        self.library.view.setFocus()

    def step_document(self, direction: int) -> None:
        """Find ▸ Next / Previous Document (Ctrl+PgDown / Ctrl+PgUp): the library's next row, in its order."""
        model = self.library.model
        row = model.row_of(self.doc_id) if self.doc_id is not None else None
        at = row + direction if row is not None else 0
        target = model.doc_id(at) if 0 <= at < model.total() else None
        if target is None:
            self.statusBar().showMessage(f"No {'next' if direction > 0 else 'previous'} document in the library",
                                         3000)
            return
        self.open_document(target)

    def jump_to(self, doc_id: str, eid: str) -> None:
        self.open_document(doc_id, at=eid)

    def pictures_drawn(self) -> bool:
        """Every figure of the open document and, when shown, the printed page have their pictures."""
        pages = self.source.pages
        page_ready = not (self.source.isVisible() and self.source.currentWidget() is pages) or (
            pages.canvas.image is not None or pages.drawing is None)
        pictures = set(self.reader.pictures) <= self.reader.drawn_pictures or self.source.pages.drawing is None
        return page_ready and pictures

    def toggle_source(self) -> None:
        visible = not self.source.isVisible()
        self.source.setVisible(visible)
        if not visible:
            self.status_page.setText("")
        else:  # the reader keeps a readable measure; the page takes what is left (view_actions.fit_source)
            view_actions.fit_source(self)
        self.actions_by_id["source"].setChecked(visible)
        eid = self.reader.current_eid()
        if visible and eid:
            self.source.highlight(eid)
            # Scroll again once the just-shown view has its size (before that, there is nowhere to scroll).
            # By then the analyst may have moved on: show where the reader is then.
            QTimer.singleShot(0, lambda: self.source.highlight(self.reader.current_eid() or eid)
                              if self.source.isVisible() else None)

    # search -------------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        view_actions.show_side(self, 0)  # a narrow window folded the search away: unfold it
        self.left_tabs.setCurrentWidget(self.search)
        self.search.box.setFocus()
        self.search.box.selectAll()

    def run_search(self) -> None:
        """Words (with a theme: in its passages), or a theme alone: all its passages, off the GUI thread."""
        self.search.timer.stop()  # asked now: the typing pause would ask again and reset a list being scrolled
        query = self.search.box.text().strip()
        theme_id, doc = self.search.theme.currentData(), self.search.doc.currentData()
        if not query and theme_id is None:
            self.search.show_hits([], "")
            return
        themes = self.store.theme_family(theme_id) if theme_id is not None else None
        self.search_runner.ask(query, themes, doc, limit=SEARCH_PAGE)  # answered by _show_found
        self.search.searching()

    def _show_found(self, number: int, offset: int, hits: list[SearchHit]) -> None:
        """A page of hits from the search thread (dropped if the query was changed since)."""
        if number != self.search_runner.number or self.closing:
            return
        more = len(hits) >= SEARCH_PAGE
        shown = offset + len(hits)
        if offset == 0:
            self.listed_passages = set()
        self.listed_passages |= {(h.doc_id, h.eid) for h in hits}
        if self.search.box.text().strip() or not shown:
            status = f"{shown} result(s)"
        else:  # a theme's listing: one row per coder's annotation; the Themes panel counts passages
            status = f"{shown} annotation(s) on {len(self.listed_passages)} passage(s)"
        status += ", more as you scroll" if more else ""
        if any(h.forms for h in hits):  # say once why a hit lacks the very words typed
            status += "; some match another form of the words (put them in quotes for these forms only)"
        if not shown:  # a filter set long ago (a click in the Themes panel sets the theme) is easily forgotten
            limits = [f"“{box.currentText().strip()}”" for box in (self.search.theme, self.search.doc)
                      if box.currentIndex() > 0]
            status += f" in {' and '.join(limits)} only" if limits else ""
        self.search.show_found(hits, status, append=offset > 0, more=more)

    def _more_hits(self) -> None:
        theme_id = self.search.theme.currentData()
        themes = self.store.theme_family(theme_id) if theme_id is not None else None
        self.search_runner.ask(self.search.box.text().strip(), themes, self.search.doc.currentData(),
                               offset=self.search.results.count(), limit=SEARCH_PAGE)

"""The main window's coding: the codebook read in, theme bars, tagging, notes, re-attaching, the coder's name."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog

from gui.core.citation import citation, place
from gui.core.errors import MarginaliaError
from gui.core.model import Kind
from gui.core.themes import display_name
from gui.ui.coding import theme_dialogs
from gui.ui.coding.commands import (
    AddThemeCommand,
    NoteCommand,
    ReattachCommand,
    StoreCommand,
    ThemeEditCommand,
    ToggleThemeCommand,
)
from gui.ui.shell.window_base import TAGGABLE, WindowBase


class Coding(WindowBase):
    """Tagging and notes, as part of `MainWindow`."""

    def reload_themes(self) -> None:
        """The codebook read again; the session announces it (the Themes panel listens)."""
        self.session.set_themes(self.store.themes())
        self.theme_by_digit = {t.digit: t for t in self.themes if t.digit}
        # which digit is which theme, always in sight (the keys are the themes' short names)
        self.status_digits.setText("  ".join(f"{d} {t.key}" for d, t in sorted(self.theme_by_digit.items())))
        self.status_digits.setToolTip("\n".join(f"{d}: {t.name}" for d, t in sorted(self.theme_by_digit.items())))

    def digit_names(self) -> list[tuple[int, str]]:
        return [(d, display_name(self.themes, t.id)) for d, t in self.theme_by_digit.items()]  # "POC › Early warning"

    def refresh_annotations(self) -> None:
        """Theme bars, outline colours, the annotation panel and coverage after any change."""
        if self.doc_id is None:
            return
        anchored = self.store.annotations(doc=self.doc_id, status="anchored")
        colours, span_colours, spans = self.codebook.margin(anchored)  # bars, hollow bars, tinted words; filtered
        self.block_annotations = anchored
        self.reader.set_block_themes(colours, span_colours, spans)
        self.source.set_tints({eid: bucket[0] for eid, bucket in colours.items()})
        outline = {eid: colours.get(eid, []) + [c for c in span_colours.get(eid, []) if c not in colours.get(eid, [])]
                   for eid in colours.keys() | span_colours.keys()}
        self.outline_model.set_colours(outline)
        self.annotations.show_orphans(self.store.orphans(self.doc_id))
        self._show_block_annotations()
        self.library_timer.start()
        self.codebook.recount()
        self.suggestions.refresh()  # ghosts of what was just tagged go; learning again, on its thread

    def _show_block_annotations(self) -> None:
        eid = self.reader.current_eid()
        if eid is None or self.document is None:
            return
        block = self.document.block(eid)
        label = citation(self.document, block, self.doc_id or "")[0]  # with its printed page, for a PDF
        label += f" ({eid})" if block.num is None else ""
        self.annotations.show_block(label, [a for a in self.block_annotations if a.eid == eid], self.theme_by_id,
                                    me=self.coder)

    def command_done(self, command: StoreCommand, undone: bool) -> None:
        """After every edit, undo and redo: the documents it changed are announced (their library rows and the
        theme counts follow). An undo or redo in a document that is not on screen opens it at the block it
        changed — never a silent change elsewhere — and the status bar says what was undone, and where."""
        for doc_id in sorted(command.docs):
            self.session.annotations_changed.emit(doc_id)
        elsewhere = command.docs - {self.doc_id}
        if not command.replayed or not command.docs:
            return
        if len(elsewhere) > 50:
            self.library.reload(self.doc_id)
        else:
            for doc_id in sorted(elsewhere):
                self.library.update_document(doc_id)
        self.codebook.recount()
        names = ", ".join(self.session.symbol(d) for d in sorted(command.docs)[:3])
        names += f" and {len(command.docs) - 3} more" if len(command.docs) > 3 else ""
        if len(elsewhere) == 1 and len(command.docs) == 1 and command.opens_its_document:
            (doc_id,) = elsewhere
            if self.store.documents(doc_id, coverage=False):
                self.open_document(doc_id, at=command.eid)
        self.statusBar().showMessage(f"{'Undone' if undone else 'Redone'}: {command.text()} — in {names}", 8000)

    def refresh_all(self) -> None:
        self.reload_themes()
        self.refresh_annotations()

    def toggle_theme(self, theme_id: int) -> None:
        """Toggle a theme on the selected blocks — or, with text selected inside one block, on that span."""
        if self.doc_id is None:
            return
        theme = self.theme_by_id.get(theme_id)
        if theme is None:
            return
        span_selection = self.reader.text_span()
        try:
            if span_selection is not None and self.document is not None:
                eid, span = span_selection
                words = self.document.block(eid).text[span[0]:span[1]]
                words = words if len(words) <= 40 else words[:39] + "…"
                command = ToggleThemeCommand(self.store, self.doc_id, [eid], theme_id, theme.name,
                                             self.refresh_annotations, self.coder, span=span,
                                             where=f"“{words}” in {self.place_of(eid)}")
            else:
                eids = [e for e in self.reader.selected_eids() if self.document and
                        self.document.block(e).kind in (*TAGGABLE, Kind.HEADING, Kind.ASIDE)]
                if not eids:  # a title-block line: said, not silently ignored
                    self.statusBar().showMessage("The title block is not coded: move to a paragraph (↓) to tag it",
                                                 5000)
                    return
                command = ToggleThemeCommand(self.store, self.doc_id, eids, theme_id, theme.name,
                                             self.refresh_annotations, self.coder,
                                             where=self.place_of(eids[0]) if len(eids) == 1 else f"{len(eids)} blocks")
        except MarginaliaError as error:
            self.show_error(str(error))
            return
        self.undo_stack.push(command)
        self.statusBar().showMessage(command.text(), 3000)

    def place_of(self, eid: str) -> str:
        """How the analyst cites a block of the open document: "para. 5 (a)", "“Background”, paragraph 2"."""
        return place(self.document, self.document.block(eid))[0] if self.document else eid

    def theme_palette(self) -> None:
        palette = theme_dialogs.ThemePalette(self.themes, self)
        if palette.exec() and palette.chosen is not None:
            self.toggle_theme(palette.chosen)

    def ask_coder(self) -> None:
        name, ok = QInputDialog.getText(self, "Your name as coder", "Annotations you make are credited to:",
                                        text=self.coder)
        if ok:
            self.set_coder(name)

    def set_coder(self, name: str) -> None:
        try:
            self.store.set_default_coder(name)
        except MarginaliaError as error:
            self.show_error(str(error))
            return
        self.coder = self.store.default_coder()
        self.refresh_annotations()
        self.statusBar().showMessage(f"Your annotations are now credited to {self.coder}", 6000)

    def write_note(self) -> None:
        """n / Ctrl+N: into the note editor, when there is an annotation of ours on the block to write on."""
        if self.annotations.can_write():
            self.annotations.focus_note()
        else:
            self.statusBar().showMessage("Tag this block first (a digit, or Ctrl+T); then n writes a note on your "
                                         "annotation", 8000)

    def save_note(self, ann_id: str, note: str) -> None:
        if self.store.closed or self.closing:
            return
        try:
            self.undo_stack.push(NoteCommand(self.store, ann_id, note, self.refresh_annotations))
        except MarginaliaError as error:
            self.show_error(str(error))

    def reattach(self, ann_id: str) -> None:
        eid = self.reader.current_eid()
        if eid is None:
            return
        try:
            self.undo_stack.push(ReattachCommand(self.store, ann_id, eid, self.refresh_annotations))
        except MarginaliaError as error:
            self.show_error(str(error))

    def edit_theme(self, theme_id: int, changes: dict[str, object]) -> None:
        self.undo_stack.push(ThemeEditCommand(self.store, theme_id, changes, self.refresh_all))

    def add_theme(self, name: str, color: str, parent: int | None = None) -> bool:
        """A new theme, or sub-theme of `parent`, as one undo step; False (and said) when refused."""
        try:
            self.undo_stack.push(AddThemeCommand(self.store, name, color, self.refresh_all, parent=parent))
        except MarginaliaError as error:
            self.show_error(str(error))
            return False
        return True


    def first_run_name(self) -> None:
        """On the first start, ask whose work this is (prefilled with the login name), once."""
        self.settings.setValue("coder/asked", True)
        name, ok = QInputDialog.getText(
            self, "Welcome to Marginalia", "Your name, to credit the annotations you make (you can change it "
            "later in Edit ▸ Your Name as Coder):", text=self.coder)
        if ok and name.strip() and name.strip() != self.coder:
            self.set_coder(name)

"""The Memos tab beside the reader: the open document's memo, the memo on the current passage, and a theme's
memo — its definition, when to use it, when not, and anchor examples linked to passages.

Each text is saved when the analyst leaves it or presses Ctrl+Enter, as one undoable step (`MemoCommand`);
an example is added from the reader's current passage and opens it again on a double-click. The panel reads
the store only for the document, passage and theme in view (indexed lookups: nothing here grows with the
corpus).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.core.citation import place_from_eid
from gui.core.errors import MarginaliaError
from gui.core.themes import depth
from gui.store import Store
from gui.ui.coding.memo_commands import MemoCommand, RemoveMemoCommand

Jump = Callable[[str, str], None]


class MemoEdit(QPlainTextEdit):
    """A memo's text: saved when the analyst leaves it or presses Ctrl+Enter (`save`), Esc puts back the
    saved text."""

    save = Signal()

    def __init__(self, name: str, lines: int = 4) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(name)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
        self.saved = ""

    def show_text(self, text: str) -> None:
        self.saved = text
        self.setPlainText(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and control:
            self.save.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.setPlainText(self.saved)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.toPlainText().strip() != self.saved.strip():
            self.save.emit()


class MemosPanel(QWidget):
    """Memos of what is in view: the document, the current passage, a theme (`show_*` keep it current)."""

    def __init__(self, store: Store, undo_stack: QUndoStack, jump: Jump, changed: Callable[[], None]) -> None:
        super().__init__()
        self.store, self.undo_stack, self.jump, self.changed = store, undo_stack, jump, changed
        self.doc_id: str | None = None
        self.doc_label = ""
        self.eid: str | None = None
        self.theme_id: int | None = None
        self.setAccessibleName("Memos")

        self.document = MemoEdit("Memo on this document")
        self.passage = MemoEdit("Memo on this passage", 3)
        self.passage_label = QLabel("No passage")
        self.passage_label.setTextFormat(Qt.TextFormat.PlainText)
        self.document_label = QLabel("No document open")
        self.document_label.setTextFormat(Qt.TextFormat.PlainText)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        self.definition = MemoEdit("Definition", 3)
        self.inclusion = MemoEdit("Use when (inclusion)", 3)
        self.exclusion = MemoEdit("Do not use when (exclusion)", 3)
        self.examples = QListWidget()
        self.examples.setAccessibleName("Anchor examples")
        self.examples.setWordWrap(True)
        self.examples.setMinimumHeight(80)
        self.example_text = MemoEdit("Why the current passage is an example (Ctrl+Enter adds it)", 2)
        self.add_example = QPushButton("Add the current passage as an example")
        self.remove_example = QPushButton("Remove example")
        self.orphans_label = QLabel("Memos whose passage is no longer in this document:")
        self.orphans = QListWidget()  # after a re-import with other text: kept, never put on another paragraph
        self.orphans.setAccessibleName("Memos whose passage is gone")
        self.orphans.setWordWrap(True)
        self.orphans.setMaximumHeight(120)
        self.remove_orphan = QPushButton("Remove this memo")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)

        doc_box = QGroupBox("Document and passage")
        doc_layout = QVBoxLayout(doc_box)
        for widget in (self.document_label, self.document, self.passage_label, self.passage, self.orphans_label,
                       self.orphans, self.remove_orphan):
            doc_layout.addWidget(widget)
        theme_box = QGroupBox("Theme")
        form = QFormLayout(theme_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: the pane is narrow
        form.addRow("Theme:", self.theme)
        form.addRow("Definition:", self.definition)
        form.addRow("Use when:", self.inclusion)
        form.addRow("Do not use when:", self.exclusion)
        form.addRow("Examples:", self.examples)
        form.addRow("", self.example_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_example)
        buttons.addWidget(self.remove_example)
        form.addRow("", buttons)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(doc_box)
        layout.addWidget(theme_box)
        layout.addWidget(self.message)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.document.save.connect(lambda: self._save(self.document, doc=self.doc_id))
        self.passage.save.connect(lambda: self._save(self.passage, doc=self.doc_id, eid=self.eid))
        for edit, field in ((self.definition, "definition"), (self.inclusion, "inclusion"),
                            (self.exclusion, "exclusion")):
            edit.save.connect(lambda e=edit, f=field: self._save(e, theme=self.theme_id, field=f))
        self.example_text.save.connect(self._add_example)
        self.add_example.clicked.connect(self._add_example)
        self.remove_example.clicked.connect(self._remove_example)
        self.remove_orphan.clicked.connect(self._remove_orphan)
        self.examples.itemActivated.connect(self._open_example)
        self.theme.currentIndexChanged.connect(self._theme_picked)
        self.set_themes()
        self._enable()

    # --- what the window tells it ------------------------------------------------------------------------
    def set_themes(self) -> None:
        """The theme chooser, in the codebook's order (sub-themes indented); the chosen theme kept."""
        keep = self.theme_id
        self.theme.blockSignals(True)
        self.theme.clear()
        themes = self.store.themes()
        for theme in themes:
            self.theme.addItem("\u2003" * depth(themes, theme.id) + theme.name, theme.id)
        self.theme.blockSignals(False)
        self.show_theme(keep if keep is not None else (themes[0].id if themes else None))

    def show_document(self, doc_id: str | None, label: str = "") -> None:
        """The memo of the document now open (the same document laid out again keeps what is in view)."""
        if doc_id == self.doc_id and doc_id is not None:
            return
        self.doc_id, self.doc_label = doc_id, label or (doc_id or "")
        self.document_label.setText(f"Document: {self.doc_label}" if doc_id else "No document open")
        self.document.show_text(self.store.memo_text(doc=doc_id) if doc_id else "")
        self._show_orphans()
        self.show_passage(None)

    def show_passage(self, eid: str | None) -> None:
        self.eid = eid
        self.passage_label.setText(f"Passage: {self.doc_label}, {place_from_eid(eid)}" if eid else "No passage")
        self.passage.show_text(self.store.memo_text(doc=self.doc_id, eid=eid) if eid and self.doc_id else "")
        self._enable()

    def _show_orphans(self) -> None:
        """The open document's memos whose passage is gone (its own memos only: an indexed look-up)."""
        self.orphans.clear()
        memos = [m for m in self.store.memos(doc=self.doc_id) if m.passage_gone and m.field == "memo"] \
            if self.doc_id else []
        for memo in memos:
            item = QListWidgetItem(f"was at {place_from_eid(memo.eid or '')}: {memo.text}")
            item.setData(Qt.ItemDataRole.UserRole, memo.id)
            item.setToolTip(f"The passage's words: {memo.quote}" if memo.quote else memo.text)
            self.orphans.addItem(item)
        for widget in (self.orphans_label, self.orphans, self.remove_orphan):
            widget.setVisible(bool(memos))

    def show_theme(self, theme_id: int | None) -> None:
        if theme_id is not None and self.store.find_theme(theme_id) is None:
            theme_id = None
        self.theme_id = theme_id
        at = self.theme.findData(theme_id) if theme_id is not None else -1
        if at >= 0 and self.theme.currentIndex() != at:
            self.theme.blockSignals(True)
            self.theme.setCurrentIndex(at)
            self.theme.blockSignals(False)
        theme = self.store.find_theme(theme_id) if theme_id is not None else None
        self.definition.show_text(theme.description if theme else "")
        for edit, field in ((self.inclusion, "inclusion"), (self.exclusion, "exclusion")):
            edit.show_text(self.store.memo_text(theme=theme_id, field=field) if theme_id is not None else "")
        self.examples.clear()
        if theme_id is not None:
            for memo in self.store.memos(theme=theme_id, field="example"):
                where = f"{memo.doc_id}, {place_from_eid(memo.eid)}" if memo.doc_id and memo.eid else "(no passage)"
                gone = " — its passage is no longer in the document" if memo.passage_gone else ""
                item = QListWidgetItem(f"{where}{gone}: {memo.text}")
                item.setData(Qt.ItemDataRole.UserRole, memo.id)
                item.setToolTip(memo.quote or memo.text)
                self.examples.addItem(item)
        self._enable()

    def refresh(self) -> None:
        """Everything in view read again (after an undo, or another window's change)."""
        self.document.show_text(self.store.memo_text(doc=self.doc_id) if self.doc_id else "")
        self._show_orphans()
        self.show_passage(self.eid)
        self.show_theme(self.theme_id)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: the themes may have been renamed, added or deleted meanwhile."""
        super().showEvent(event)
        self.set_themes()

    # --- edits -------------------------------------------------------------------------------------------
    def _enable(self) -> None:
        self.document.setEnabled(self.doc_id is not None)
        self.passage.setEnabled(self.doc_id is not None and self.eid is not None)
        for widget in (self.definition, self.inclusion, self.exclusion, self.examples):
            widget.setEnabled(self.theme_id is not None)
        can_add = self.theme_id is not None and self.doc_id is not None and self.eid is not None
        self.add_example.setEnabled(can_add)
        self.example_text.setEnabled(can_add)
        self.remove_example.setEnabled(self.theme_id is not None and self.examples.count() > 0)

    def _theme_picked(self, index: int) -> None:
        data = self.theme.itemData(index)
        self.show_theme(int(data) if data is not None else None)

    def _push(self, make: Callable[[], object]) -> bool:
        try:
            command = make()
        except MarginaliaError as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        self.undo_stack.push(command)  # type: ignore[arg-type]
        return True

    def _after(self) -> None:
        self.refresh()
        self.changed()

    def _save(self, edit: MemoEdit, *, theme: int | None = None, doc: str | None = None, eid: str | None = None,
              field: str = "memo") -> None:
        text = edit.toPlainText()
        if text.strip() == edit.saved.strip() or (theme is None and doc is None):
            return
        where = self.theme.currentText().strip() if theme is not None else \
            f"{self.doc_label}, {place_from_eid(eid)}" if eid else self.doc_label
        if self._push(lambda: MemoCommand(self.store, text, self._after, theme=theme, doc=doc, eid=eid,
                                          field=field, where=where)):
            edit.saved = text

    def _add_example(self) -> None:
        if self.theme_id is None or self.doc_id is None or self.eid is None:
            return
        text = self.example_text.toPlainText().strip() or "Anchor example"
        theme, doc, eid = self.theme_id, self.doc_id, self.eid
        if self._push(lambda: MemoCommand(self.store, text, self._after, theme=theme, doc=doc, eid=eid,
                                          field="example", where=self.theme.currentText().strip())):
            self.example_text.show_text("")

    def _remove_example(self) -> None:
        item = self.examples.currentItem() or (self.examples.item(0) if self.examples.count() == 1 else None)
        if item is not None:
            memo_id = str(item.data(Qt.ItemDataRole.UserRole))
            self._push(lambda: RemoveMemoCommand(self.store, memo_id, self._after))

    def _remove_orphan(self) -> None:
        item = self.orphans.currentItem() or (self.orphans.item(0) if self.orphans.count() == 1 else None)
        if item is not None:
            memo_id = str(item.data(Qt.ItemDataRole.UserRole))
            self._push(lambda: RemoveMemoCommand(self.store, memo_id, self._after))

    def _open_example(self, item: QListWidgetItem) -> None:
        memo = self.store.memo(str(item.data(Qt.ItemDataRole.UserRole)))
        if memo.doc_id and memo.eid and not memo.passage_gone:
            self.jump(memo.doc_id, memo.eid)

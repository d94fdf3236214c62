"""Side panels: the library (in `library_model.py`), the current block's annotations, and search. Plain text only."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.core.annotations import Annotation, Theme
from gui.core.themes import display_name
from gui.store import SearchHit
from gui.ui.library.doc_choices import DocumentChoices
from gui.ui.library.hit_delegate import HTML_ROLE, HitDelegate, hit_html, mark_colour
from gui.ui.library.library_model import LibraryPanel

DOC_ROLE = Qt.ItemDataRole.UserRole + 1  # the same role as the library model's
EID_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
NOTE_ROLE = Qt.ItemDataRole.UserRole + 4
CODER_ROLE = Qt.ItemDataRole.UserRole + 5


__all__ = ["AnnotationPanel", "LibraryPanel", "SearchPanel", "describe_hit", "mnemonic_safe", "plain_label", "swatch"]


def swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def mnemonic_safe(text: str) -> str:
    """Text for a menu, button or input-dialog label: "&" shown as itself, not as a shortcut marker."""
    return text.replace("&", "&&")


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AnnotationPanel(QWidget):
    """The current block's annotations and note, and the document's orphans."""

    save_note = Signal(str, str)  # annotation id, note
    reattach = Signal(str)  # annotation id → current block
    show_annotation = Signal(str)
    done_editing = Signal()  # Ctrl+Enter saved, or Esc cancelled: back to the reader

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Annotations")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = plain_label("No block selected")
        self.heading.setStyleSheet("font-weight: bold")
        self.list = QListWidget()
        self.list.setAccessibleName("Annotations of the current block")
        # Theme, coder and note wrap at the panel's width: nothing is cut off, nothing scrolls sideways.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.currentItemChanged.connect(self._pick)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Select an annotation above, then write a note…")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        self.save = QPushButton("Save note")
        self.save.setToolTip("Ctrl+Enter saves; Esc cancels the edit")
        self.save.clicked.connect(self._save_now)
        for keys, does in (("Ctrl+Return", self._save_and_return), ("Ctrl+Enter", self._save_and_return),
                           ("Escape", self.cancel_edit)):
            shortcut = QShortcut(QKeySequence(keys), self.note, does)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)  # PySide6 drops a context= given with a slot
        self.orphans_label = plain_label("")
        self.orphans = QListWidget()
        self.orphans.setAccessibleName("Orphaned annotations")
        self.attach = QPushButton("Attach to current block")
        self.attach.clicked.connect(self._attach)
        for widget in (self.heading, self.list, self.note, self.save, self.orphans_label, self.orphans, self.attach):
            layout.addWidget(widget)
        self._current_id: str | None = None
        self._draft_for: tuple[str, bool] | None = None  # (annotation id, ours?) of the note in the editor
        self.me = ""

    def show_block(self, label: str, annotations: list[Annotation], themes: dict[int, Theme], me: str = "") -> None:
        """The block's annotations; only `me`'s notes can be edited (a colleague's note stays theirs)."""
        self.commit_draft()  # whatever happens next (another block, a tag, an undo), what was typed is kept
        self.heading.setText(label)
        keep = self._current_id
        self.me = me
        self.list.blockSignals(True)
        self.list.clear()
        for a in annotations:
            theme = themes.get(a.theme_id)
            span = f" “{a.quote[:40]}”" if a.span else ""
            name = display_name(list(themes.values()), a.theme_id) if theme else a.theme  # "POC › Early warning"
            text = f"{name}{span} — {a.coder}" + (f"\n{a.note}" if a.note else "")
            item = QListWidgetItem(swatch(theme.color if theme else "#888"), text)
            font = item.font()
            font.setBold(a.coder == me)  # yours in bold; a colleague's in italics, with their name
            font.setItalic(a.coder != me)
            item.setFont(font)
            item.setToolTip(("Your annotation" if a.coder == me else f"{a.coder}'s annotation (read only)")
                            + f"\n{text}")
            item.setData(ID_ROLE, a.id)
            item.setData(NOTE_ROLE, a.note)
            item.setData(CODER_ROLE, a.coder)
            self.list.addItem(item)
            if a.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            mine = next((i for i in range(self.list.count()) if self.list.item(i).data(CODER_ROLE) == me), 0)
            self.list.setCurrentRow(mine)
        else:
            self._pick(self.list.currentItem())
        if not self.list.count():
            self._current_id = None
            self._draft_for = None
            self.note.setPlainText("")
            self.note.document().setModified(False)
            self.placeholder("Tag this block first (a digit, or Ctrl+T), then write a note here")
        self.note.setEnabled(bool(self.list.count()))

    def placeholder(self, text: str) -> None:
        """The note box's grey hint. Qt does not repaint an empty box when only its placeholder changes: the
        old hint stayed drawn under the new one (a ghost) until something else repainted it."""
        if text != self.note.placeholderText():
            self.note.setPlaceholderText(text)
            self.note.viewport().update()

    def can_write(self) -> bool:
        """Whether there is an annotation of ours here to write a note on."""
        item = self.list.currentItem()
        return bool(item is not None and item.data(CODER_ROLE) == self.me)

    def commit_draft(self) -> None:
        """Save what was typed for the annotation the editor shows, if it is ours and the text was edited.

        The save is posted, not made here: it refreshes this panel, which must not happen in the middle of
        handling a click in its own list.
        """
        if self._draft_for is None or not self.note.document().isModified():
            return
        ann_id, writable = self._draft_for
        self.note.document().setModified(False)
        if writable:
            text = self.note.toPlainText().strip()
            QTimer.singleShot(0, lambda: self.save_note.emit(ann_id, text))

    def show_orphans(self, orphans: list[Annotation]) -> None:
        self.orphans.clear()
        self.orphans_label.setText(f"Orphaned annotations ({len(orphans)}): their paragraph changed or was removed"
                                   if orphans else "")
        for a in orphans:
            item = QListWidgetItem(f"{a.theme}: “{a.quote[:90]}”" + (f" — {a.note}" if a.note else ""))
            item.setData(ID_ROLE, a.id)
            self.orphans.addItem(item)
        for widget in (self.orphans, self.attach):
            widget.setVisible(bool(orphans))

    def focus_note(self) -> None:
        self.note.setFocus()

    def _pick(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        self.commit_draft()
        self._current_id = item.data(ID_ROLE) if item else None
        if item is not None:
            mine = item.data(CODER_ROLE) == self.me
            self._draft_for = (self._current_id or "", mine)
            self.note.setPlainText(item.data(NOTE_ROLE) or "")
            self.note.document().setModified(False)
            self.note.setReadOnly(not mine)
            self.save.setEnabled(mine)
            self.placeholder("Write a note…" if mine else f"{item.data(CODER_ROLE)}'s annotation: tag the block "
                             "yourself to add your own note")
            self.show_annotation.emit(self._current_id)

    def _save_now(self) -> None:
        self.note.document().setModified(True)  # the button saves what is there, typed or not
        self.commit_draft()

    def _save_and_return(self) -> None:
        if self.can_write():
            self._save_now()
        self.done_editing.emit()

    def cancel_edit(self) -> None:
        """Esc: the note as it was saved, and back to the reader."""
        item = self.list.currentItem()
        self.note.setPlainText(item.data(NOTE_ROLE) or "" if item is not None else "")
        self.note.document().setModified(False)
        self.done_editing.emit()

    def _attach(self) -> None:
        item = self.orphans.currentItem() or (self.orphans.item(0) if self.orphans.count() else None)
        if item is not None:
            self.reattach.emit(item.data(ID_ROLE))


class SearchPanel(QWidget):
    """Full-text search across the corpus, filtered by theme and document; Enter jumps to the block."""

    query_changed = Signal()
    jump = Signal(str, str)
    more_wanted = Signal()  # the list was scrolled to its end and more hits may follow

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Search")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.box = QLineEdit()
        self.box.setPlaceholderText("Search all documents and notes…")
        self.box.setClearButtonEnabled(True)
        self.box.setAccessibleName("Search text")
        filters = QHBoxLayout()
        self.theme = QComboBox()
        self.theme.setAccessibleName("Filter by theme")
        self.doc = QComboBox()
        self.doc.setAccessibleName("Filter by document")
        self.doc_choices = DocumentChoices("All documents")  # read lazily: 10,000 labels are not 10,000 items
        self.doc.setModel(self.doc_choices)
        self.doc.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc.setMinimumContentsLength(14)  # a symbol's width, without measuring every label
        filters.addWidget(self.theme)
        filters.addWidget(self.doc)
        self.status = plain_label("")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-wrapped when the panel is resized
        self.results.setItemDelegate(HitDelegate(self.results))  # matches highlighted in their snippets
        layout.addWidget(self.box)
        layout.addLayout(filters)
        layout.addWidget(self.status)
        layout.addWidget(self.results)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.query_changed.emit)
        self.box.textChanged.connect(lambda _t: self.timer.start())
        self.box.returnPressed.connect(self._enter)
        self.theme.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
        self.doc.currentIndexChanged.connect(lambda _i: self.query_changed.emit())
        self.results.itemActivated.connect(self._activate)
        self.more = False  # whether the hits shown may be followed by more (asked for on scroll)
        self.waiting = False  # a search was asked and its first page has not come yet
        self.jump_when_found = False  # Enter was pressed before the hits came: go to the first one then
        bar = self.results.verticalScrollBar()
        bar.valueChanged.connect(lambda value: self._near_end(value, bar.maximum()))

    def set_filters(self, themes: list[Theme], docs: list[tuple[str, str]]) -> None:
        """The theme and document choices; docs: (id, label) in library order (the codebook indents the
        sub-themes: `Codebook.library_changed`)."""
        chosen = self.theme.currentData()
        self.theme.blockSignals(True)
        self.theme.clear()
        self.theme.addItem("Any theme", None)
        for theme in themes:
            self.theme.addItem(theme.name, theme.id)
        self.theme.setCurrentIndex(max(0, self.theme.findData(chosen)))
        self.theme.blockSignals(False)
        chosen = self.doc.currentData()
        self.doc.blockSignals(True)
        self.doc_choices.set_documents(docs)
        self.doc.setCurrentIndex(self.doc_choices.find(chosen))
        self.doc.blockSignals(False)

    def show_hits(self, hits: list[tuple[str, str, str, str]], status: str, *, append: bool = False,
                  more: bool = False) -> None:
        """hits: (doc_id, eid, where, snippet); `append` adds a further page; `more`: others may follow."""
        self._add([(doc_id, eid, where, snippet, "") for doc_id, eid, where, snippet in hits], status,
                  append=append, more=more)

    def _add(self, hits: list[tuple[str, str, str, str, str]], status: str, *, append: bool, more: bool) -> None:
        if not append:
            self.results.clear()
        for doc_id, eid, where, snippet, markup in hits:
            item = QListWidgetItem(f"{where}\n{snippet}")
            item.setData(DOC_ROLE, doc_id)
            item.setData(EID_ROLE, eid)
            if markup:
                item.setData(HTML_ROLE, markup)
            self.results.addItem(item)
        self.status.setText(status)
        self.more = more
        self.waiting = False
        if self.jump_when_found and not append:
            self.jump_when_found = False
            self._first()

    def show_found(self, hits: list[SearchHit], status: str, *, append: bool = False, more: bool = False) -> None:
        """Search hits (or a theme's passages): each cited, its snippet with the matches highlighted."""
        mark = mark_colour(self.results.palette())
        rows = []
        for hit in hits:
            where = describe_hit(hit)
            rows.append((hit.doc_id, hit.eid, where, hit.marked(), hit_html(where, hit.pieces(), mark)))
        self._add(rows, status, append=append, more=more)

    def searching(self) -> None:
        """A search was asked: its hits come from the worker thread."""
        self.waiting = True
        self.status.setText("Searching…")

    def _enter(self) -> None:
        self.timer.stop()
        self.jump_when_found = True
        self.query_changed.emit()
        if not self.waiting:  # answered at once (the theme listing), or nothing to search
            self.jump_when_found = False
            self._first()

    def _first(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(0)
            self._activate(self.results.item(0))

    def _near_end(self, value: int, maximum: int) -> None:
        if self.more and not self.waiting and maximum and value >= maximum - 2:
            self.waiting = True
            self.more_wanted.emit()

    def _activate(self, item: QListWidgetItem) -> None:
        if item.data(DOC_ROLE):  # a theme's memo has no passage to open (it is in the Memos tab)
            self.jump.emit(item.data(DOC_ROLE), item.data(EID_ROLE))


def describe_hit(hit: SearchHit) -> str:
    """ "S/2017/130, para. 83", with "(note)" or "(memo)" for a match in a note or a memo, "(another form of the
    words)" for a match of word forms only, and the coder of a theme's passage."""
    source = {"note": "  (note)", "memo": "  (memo)"}.get(hit.source, "")
    forms = "  (another form of the words)" if hit.forms else ""
    return hit.citation() + source + forms + (f" — {hit.coder}" if hit.coder else "")

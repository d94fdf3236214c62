"""The reader: the clean document as an analyst would print it, with a gutter of paragraph numbers and
theme bars. This module keeps what the analyst is on — the current block, the selected blocks or words, where a
followed footnote came from — and answers the keys and the mouse. How the text is set is `reader_layout`; what is
raised or pictured inside a block's text, `reader_inline`; the margin, `reader_margin`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from gui.core.model import Document, Kind
from gui.ui.keymap import TYPED
from gui.ui.reader.reader_inline import Placed, picture_name, plain_tip
from gui.ui.reader.reader_layout import column_width, heading_font, lay_out, measure_inset, set_column
from gui.ui.reader.reader_margin import (
    GUTTER,
    HEADER,
    MarginColumns,
    gutter_width,
    header_at,
    paint_margin,
)
from gui.ui.reader.textpos import whole_words


class Reader(QTextEdit):
    """Read-only view of one Document. Emits `current_changed(eid)` when the analyst moves."""

    current_changed = Signal(str)
    action_wanted = Signal(str)  # a key typed here that does an action of the keymap (its id: "next-untagged")
    digit_typed = Signal(int)  # 1–9: toggle the theme with that digit
    document_shown = Signal()  # a document (or the same one, at another text size) was laid out

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setAccessibleName("Reader")
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.setViewportMargins(0, 0, 0, 0)
        self.document_model: Document | None = None
        self.placed: list[Placed] = []
        self.by_eid: dict[str, int] = {}
        self.themes_of: dict[str, list[QColor]] = {}
        self.span_themes_of: dict[str, list[QColor]] = {}
        self.spans: list[tuple[str, tuple[int, int], QColor]] = []
        self.current = -1
        self.anchor_index = -1  # where a Shift-extended selection started
        self._press: QPoint | None = None  # where a mouse button went down, until it comes up
        self._press_shift = False  # whether Shift was held as it went down
        self.inset = 0  # px the text column moves right to stay centred at its measure in a wide window
        self.zoom = 1.0  # View ▸ Larger / Smaller Text
        self.back: list[str] = []  # where footnotes were followed from (Alt+← returns)
        self.pictures: dict[str, tuple[float, float]] = {}  # figure eid → size of its picture in the text
        self.drawn_pictures: set[str] = set()
        self.originals: dict[str, QImage] = {}  # the pictures as drawn, scaled to the column when it changes
        self.shown_widths: dict[str, int] = {}
        self._pending_scroll: int | None = None
        self.compare_columns: MarginColumns | None = None  # comparing coders: their columns in the margin
        self.ghosts: dict[str, list[tuple[QColor, str, float]]] = {}  # suggested themes: colour, name, score
        self.gutter = GUTTER  # px left of the text: wider while coders are compared
        self._laid_out: QTextDocument | None = None  # the document shown; freed when another replaces it

    # --- building --------------------------------------------------------------------------------------
    def show_document(self, document: Document) -> None:
        """Lay out the document (`reader_layout.lay_out`) and make its first block the current one."""
        self.document_model = document
        self.back = []
        self.drawn_pictures, self.originals, self.shown_widths = set(), {}, {}
        self.themes_of, self.span_themes_of, self.spans = {}, {}, []  # the window sets this document's
        self.ghosts = {}
        base = QFont(self.font())
        base.setPointSizeF(max(11.0, base.pointSizeF() * 1.08) * self.zoom)
        laid = lay_out(document, base, self.palette(), self.gutter, self)
        self.placed, self.by_eid, self.pictures = laid.placed, laid.by_eid, laid.pictures
        self.setDocument(laid.qdoc)
        if self._laid_out is not None:  # the text, layout and pictures of the document no longer shown
            self._laid_out.deleteLater()
        self._laid_out = laid.qdoc
        self._fit_measure()
        self.current = 0 if self.placed else -1
        self.anchor_index = self.current
        self._refresh_selection()
        self.document_shown.emit()

    def set_picture(self, eid: str, picture: QImage) -> None:
        """Show a figure's drawn area in place of its blank, as wide as it was planned or as the column is."""
        if eid not in self.pictures or eid not in self.by_eid:
            return
        self.originals[eid] = picture
        self.shown_widths.pop(eid, None)
        self._show_picture(eid)
        self.drawn_pictures.add(eid)

    def _show_picture(self, eid: str) -> None:
        """A drawn figure at the width of its plan or of the column, whichever is narrower."""
        picture = self.originals.get(eid)
        if picture is None:
            return
        width, height = self.pictures[eid]
        column = column_width(self.document(), self.viewport().width(), self.gutter, self.inset) - 8
        if 40 < column < width:  # a narrower reader (the printed page opened beside it): the picture follows
            width, height = column, height * column / width
        if self.shown_widths.get(eid) == int(width):
            return  # already at that size (a resize that did not change the column)
        self.shown_widths[eid] = int(width)
        ratio = self.devicePixelRatioF()
        picture = picture.scaled(max(1, int(width * ratio)), max(1, int(height * ratio)),
                                 Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        picture.setDevicePixelRatio(ratio)
        self.document().addResource(QTextDocument.ResourceType.ImageResource.value, QUrl(picture_name(eid)), picture)
        placed = self.placed[self.by_eid[eid]]
        self.document().markContentsDirty(placed.start, placed.end - placed.start)
        self.viewport().update()

    def note_at(self, point: QPoint) -> str | None:
        """The eid of the footnote whose mark is under `point` (viewport coordinates), if any."""
        href = self.anchorAt(point)
        return href[5:] if href.startswith("note:") else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            coder = header_at(self, point.x(), point.y())
            if coder is not None:  # a compared coder's column: their whole name
                QToolTip.showText(event.globalPos(), plain_tip(coder), self)
                return True
            eid = self.note_at(point)
            note = self.document_model.get(eid) if eid and self.document_model is not None else None
            if note is not None:
                QToolTip.showText(event.globalPos(), plain_tip(f"{note.num or ''} {note.text}".strip()), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def heading_font(self, level: int, base: QFont | None = None) -> QFont:
        """A heading's font at this level, in the document's font unless `base` is given (the margin's numbers)."""
        return heading_font(level, base or self.document().defaultFont())

    # --- themes in the margin ----------------------------------------------------------------------------
    def set_block_themes(self, themes_of: dict[str, list[QColor]],
                         span_themes_of: dict[str, list[QColor]] | None = None,
                         spans: list[tuple[str, tuple[int, int], QColor]] | None = None) -> None:
        """Whole-block themes (solid bars), themes of words inside blocks (hollow bars) and those words."""
        self.themes_of = themes_of
        self.span_themes_of = span_themes_of or {}
        if (spans or []) != self.spans:
            self.spans = spans or []
            self._refresh_selection()  # the tinted words are extra selections
        self.viewport().update(QRect(0, 0, self.gutter + self.inset, self.viewport().height()))  # the margin only

    def set_compare(self, columns: MarginColumns | None) -> None:
        """Compare coders: a labelled column of bars per coder (None: back to the usual margin). The margin
        widens or narrows to fit the columns and the text reflows beside it."""
        self.compare_columns = columns
        gutter = gutter_width(columns)
        if gutter != self.gutter:
            self.gutter = gutter
            self._fit_measure()
            for eid in self.originals:
                self._show_picture(eid)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        paint_margin(self)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)  # moves the painted pixels with the text, the coders' names too
        if self.compare_columns is not None and dy:
            self.viewport().update(QRect(0, 0, self.gutter + self.inset, HEADER))  # they stay at the top

    def index_at_y(self, y: float) -> int:
        """First placed block whose bottom is below y (binary search on layout)."""
        layout = self.document().documentLayout()
        lo, hi = 0, len(self.placed) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            block = self.document().findBlock(max(self.placed[mid].start, self.placed[mid].end - 1))
            if layout.blockBoundingRect(block).bottom() < y:
                lo = mid + 1
            else:
                hi = mid
        return lo

    # --- the current block and the selection ----------------------------------------------------------
    def current_eid(self) -> str | None:
        return self.placed[self.current].block.eid if 0 <= self.current < len(self.placed) else None

    def selected_eids(self) -> list[str]:
        if self.current < 0:
            return []
        lo, hi = sorted((self.anchor_index, self.current))
        return [p.block.eid for p in self.placed[lo:hi + 1]]

    def go_to(self, eid: str, extend: bool = False) -> None:
        if eid in self.by_eid:
            self.set_current(self.by_eid[eid], extend)

    def set_current(self, index: int, extend: bool = False, scroll: bool = True) -> None:
        """Make block `index` the current one (Shift: extend the selection); `scroll=False` for a click: the
        clicked block is in view, and the text must not jump under the pointer."""
        if not self.placed:
            return
        index = max(0, min(index, len(self.placed) - 1))
        changed = index != self.current
        if self.textCursor().hasSelection():  # words selected in the block we leave must not be tagged from here
            cursor = self.textCursor()
            cursor.clearSelection()
            self.setTextCursor(cursor)
        self.current = index
        if not extend:
            self.anchor_index = index
        self._refresh_selection()
        if scroll:
            self._ensure_visible(index)
        if changed or not extend:
            self.current_changed.emit(self.placed[index].block.eid)

    def _ensure_visible(self, index: int) -> None:
        """Scroll only when the block is not wholly in view; then put its top a quarter down the page."""
        placed = self.placed[index]
        layout = self.document().documentLayout()
        top = layout.blockBoundingRect(self.document().findBlock(placed.start)).top()
        bottom = layout.blockBoundingRect(self.document().findBlock(max(placed.start, placed.end - 1))).bottom()
        bar = self.verticalScrollBar()
        view = self.viewport().height()
        if view < 50:
            self._pending_scroll = index  # laid out later: scroll when shown
            return
        if top < bar.value() or bottom > bar.value() + view:
            bar.setValue(int(max(0, top - view / 4)))

    def reveal_current(self) -> None:
        """Scroll the current block into view now that the window has its size."""
        self._pending_scroll = None
        if 0 <= self.current < len(self.placed):
            self._ensure_visible(self.current)

    def _refresh_selection(self) -> None:
        selections = []
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(38)
        for eid in self.selected_eids():
            placed = self.placed[self.by_eid[eid]]
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(highlight)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(self.document())
            cursor.setPosition(placed.start)
            cursor.setPosition(placed.end, QTextCursor.MoveMode.KeepAnchor)  # its last character too
            sel.cursor = cursor
            selections.append(sel)
        for eid, (start, end), colour in self.spans:
            if eid not in self.by_eid or self.placed[self.by_eid[eid]].block.kind is Kind.TABLE:
                continue
            placed = self.placed[self.by_eid[eid]]
            tint = QColor(colour)
            tint.setAlpha(60)
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(tint)
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            sel.format.setUnderlineColor(colour)
            cursor = QTextCursor(self.document())
            cursor.setPosition(placed.start + placed.qt_offset(start))
            cursor.setPosition(placed.start + placed.qt_offset(end, end=True), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)

    def index_at_position(self, position: int) -> int:
        lo, hi = 0, len(self.placed) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.placed[mid].start <= position:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def text_span(self) -> tuple[str, tuple[int, int]] | None:
        """The analyst's text selection as (eid, code-point span) when it lies inside one block."""
        cursor = self.textCursor()
        if not cursor.hasSelection() or not self.placed:
            return None
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        index = self.index_at_position(start)
        placed = self.placed[index]
        if end > placed.end or placed.block.kind is Kind.TABLE:
            return None
        a, b = whole_words(placed.block.text, placed.cp_offset(start - placed.start),
                           placed.cp_offset(end - placed.start))
        return (placed.block.eid, (a, b)) if b > a else None

    def snap_selection(self) -> None:
        """A text selection inside one block, widened to whole words on screen: what is shown is what a tag
        will quote ("rafficking in persons f" becomes "trafficking in persons for")."""
        found = self.text_span()
        if found is None:
            return
        eid, (a, b) = found
        placed = self.placed[self.by_eid[eid]]
        cursor = QTextCursor(self.document())
        cursor.setPosition(placed.start + placed.qt_offset(a))
        cursor.setPosition(placed.start + placed.qt_offset(b, end=True), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def _fit_measure(self) -> None:
        """A comfortable measure: at most about 80 characters a line, the column centred in a wide window."""
        self.inset = measure_inset(self.document(), self.viewport().width(), self.gutter)
        set_column(self.document(), self.gutter, self.inset)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The paragraph at the top of the view, read before the text reflows to the new width.
        top = self.index_at_y(self.verticalScrollBar().value()) if self.placed else None
        super().resizeEvent(event)
        self._fit_measure()
        for eid in self.originals:
            self._show_picture(eid)
        if self._pending_scroll is not None and self.viewport().height() >= 50:
            index, self._pending_scroll = self._pending_scroll, None
            if index < len(self.placed):
                self._ensure_visible(index)
        elif top is not None and top < len(self.placed) and self.viewport().height() >= 50:
            # It stays at the top (not the current block: the analyst may have scrolled on to read).
            layout = self.document().documentLayout()
            self.verticalScrollBar().setValue(
                int(layout.blockBoundingRect(self.document().findBlock(self.placed[top].start)).top()))

    # --- input ---------------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        # Shift is read as the button goes down: an analyst lets go of Shift and of the button together, and
        # Shift was often up by the release — the click then cleared the selection it was meant to extend.
        self._press_shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        note = self.note_at(point)
        if self._press is not None and note is not None and note in self.by_eid:
            self.follow_note(note, self.index_at_position(self.cursorForPosition(point).position()))
        elif self._press is not None and (self._press_shift or (point - self._press).manhattanLength() < 4):
            # A click, or a Shift+click however much the hand moved: the block under the pointer.
            index = self.index_at_position(self.cursorForPosition(point).position())
            self.set_current(index, self._press_shift, scroll=False)
        elif self._press is not None:
            self.snap_selection()  # a drag: whole words
        self._press = None

    def follow_note(self, eid: str, origin: int | None = None) -> None:
        """Jump to a footnote from its mark; Alt+← comes back to the paragraph that holds the mark (`origin`,
        its index; by default the current block) — not to wherever the current block was before the click."""
        origin = self.current if origin is None else origin
        if 0 <= origin < len(self.placed):
            self.back.append(self.placed[origin].block.eid)
        self.go_to(eid)

    def go_back(self) -> bool:
        """Back to the paragraph a footnote was followed from (False when there is none)."""
        while self.back:
            eid = self.back.pop()
            if eid in self.by_eid:
                self.go_to(eid)
                return True
        return False

    def page(self, direction: int, extend: bool = False) -> None:
        """PageDown / PageUp: the text moves a page, and the current block is the first that begins in view
        (or, inside a paragraph longer than the view, the one at its top) — always on screen, never a page off
        it. At the end of the text, the last block; at its start, the first."""
        bar = self.verticalScrollBar()
        before = bar.value()
        bar.triggerAction(bar.SliderAction.SliderPageStepAdd if direction > 0 else bar.SliderAction.SliderPageStepSub)
        if bar.value() == before:  # nowhere further to scroll: on to the last (or first) block
            self.set_current(len(self.placed) - 1 if direction > 0 else 0, extend)
            return
        top = bar.value()
        layout = self.document().documentLayout()
        index = self.index_at_y(top)  # the block whose bottom is below the top of the view
        start = layout.blockBoundingRect(self.document().findBlock(self.placed[index].start)).top()
        if start < top and index + 1 < len(self.placed):  # it began above: the next one, if it begins in view
            following = layout.blockBoundingRect(self.document().findBlock(self.placed[index + 1].start)).top()
            if following < top + self.viewport().height():
                index += 1
        self.set_current(index, extend, scroll=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.hasFocus():
            # Qt hands a window's keys to its last focus child even while no widget has the focus (a window
            # just opened that the desktop has not activated): typed "1" "j" "2" there tagged the title block
            # and the heading below it, unseen. The reader's keys act only when the reader has the focus.
            event.ignore()
            return
        key, mods, text = event.key(), event.modifiers(), event.text()
        if key == Qt.Key.Key_Left and mods == Qt.KeyboardModifier.AltModifier and self.go_back():
            return
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        plain = not (mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                             | Qt.KeyboardModifier.MetaModifier))
        if plain and (key in (Qt.Key.Key_Down, Qt.Key.Key_J)):
            self.set_current(self.current + 1, extend=shift)
        elif plain and (key in (Qt.Key.Key_Up, Qt.Key.Key_K)):
            self.set_current(self.current - 1, extend=shift)
        elif plain and key == Qt.Key.Key_Home:
            self.set_current(0)
        elif plain and key == Qt.Key.Key_End:
            self.set_current(len(self.placed) - 1)
        elif plain and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.page(1 if key == Qt.Key.Key_PageDown else -1, extend=shift)
        elif plain and text and text in "123456789" and not shift:
            self.digit_typed.emit(int(text))
        elif plain and text in TYPED:  # u, U, t, [, d, a, n, ? … (the keymap's `typed` keys)
            self.action_wanted.emit(TYPED[text])
        else:
            super().keyPressEvent(event)



"""Citations followed in the window: each reference to a UN document in the reader is a link; hovering shows
the cited paragraph when the cited document is in the library, a click opens it at the pinpointed paragraph
(Alt+← comes back, across documents) or offers https://undocs.org/<symbol> when it is not in the library.
The "Cited by" tab lists the paragraphs elsewhere in the library that cite the open document (or, with "This
paragraph", the current paragraph).

The links are character formats laid over the text the reader inserted (an anchor and the link colour):
document text stays plain text, never HTML. Nothing in `reader.py` changes: this controller watches the
reader's events (tooltips, clicks, Alt+←) through an event filter."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.core.citation import place_from_eid
from gui.core.citations import Citation, canonical, is_symbol, undocs_url
from gui.core.errors import MarginaliaError
from gui.core.model import Document
from gui.store import Store
from gui.store.citations import CITED_BY_PAGE, CitingBlock
from gui.ui.library.attributes_dialog import AttributesDialog, SetAttributesCommand
from gui.ui.library.library_model import LibraryPanel
from gui.ui.reader.reader import Reader
from gui.ui.reader.reader_inline import plain_tip


class CitingWindow(Protocol):
    """What the controller needs of the main window (a protocol, so that it does not import the window)."""

    @property
    def store(self) -> Store: ...
    @property
    def reader(self) -> Reader: ...
    @property
    def doc_id(self) -> str | None: ...
    @property
    def document(self) -> Document | None: ...
    @property
    def left_tabs(self) -> QTabWidget: ...
    @property
    def library(self) -> LibraryPanel: ...
    @property
    def undo_stack(self) -> QUndoStack: ...

    def open_document(self, doc_id: str, at: str | None = None) -> None: ...
    def show_error(self, message: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def refresh_library(self) -> None: ...

SHOWN = CITED_BY_PAGE
_WATCHED = frozenset({QEvent.Type.ToolTip, QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                      QEvent.Type.MouseButtonRelease})
HREF = "cite:"


def where(eid: str) -> str:
    """A block's place from its eid alone, its annex named: "para. 11", "annex 2, para. 2"."""
    annex, sep, rest = eid.partition("__")
    if sep and annex.startswith("annex_") and annex[6:].isdigit():
        return f"annex {annex[6:]}, {place_from_eid(rest)}"
    return place_from_eid(eid)


def _paragraphs_cite(count: int) -> str:
    """ "1 paragraph in the library cites", "3 paragraphs in the library cite"."""
    return f"{count} paragraph in the library cites" if count == 1 else f"{count} paragraphs in the library cite"


class CitedByPanel(QWidget):
    """The paragraphs elsewhere in the library that cite the open document, or its current paragraph."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Cited by")
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.paragraph_only = QCheckBox("This paragraph only")
        self.paragraph_only.setToolTip("Only the citations that pinpoint the current paragraph")
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText("Or who cites a symbol: S/RES/1701 (2006)")
        self.symbol.setToolTip("Any UN document symbol, in the library or not: the library's paragraphs that cite "
                               "it. Empty: the open document.")
        self.symbol.setClearButtonEnabled(True)
        self.symbol.setAccessibleName("Cited symbol")
        self.undocs = QPushButton("Open on undocs.org")
        self.undocs.setToolTip("The symbol is not in the library: open it at the UN's document resolver")
        self.undocs.setVisible(False)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)  # each entry is two or more lines: one shade each
        self.list.setSpacing(2)
        self.list.setAccessibleName("Citing paragraphs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.symbol, 1)
        row.addWidget(self.undocs)
        layout.addLayout(row)
        for widget in (self.heading, self.paragraph_only, self.list):
            layout.addWidget(widget)


class CitationLinks(QObject):
    """Links, hover, click-through and "Cited by" for the window's reader."""

    def __init__(self, window: CitingWindow) -> None:
        super().__init__(window.reader)
        self.window = window
        self.reader = window.reader
        self.citations: dict[str, Citation] = {}  # href → citation shown in the reader
        self.viewport: QWidget | None = None
        self._pressed: Citation | None = None  # the citation a mouse button went down on
        self.trail: list[tuple[str, str | None]] = []  # (document, paragraph) citations were followed from
        self.panel = CitedByPanel()
        window.left_tabs.addTab(self.panel, "Cited by")
        self.reader.document_shown.connect(self.show_links)
        self.reader.current_changed.connect(lambda _eid: self.refresh_cited_by(paragraph_changed=True))
        self.panel.paragraph_only.toggled.connect(lambda _on: self.refresh_cited_by())
        self.panel.symbol.returnPressed.connect(self.refresh_cited_by)
        self.panel.symbol.textChanged.connect(lambda text: None if text.strip() else self.refresh_cited_by())
        self.panel.undocs.clicked.connect(lambda: QDesktopServices.openUrl(QUrl(undocs_url(self.panel.symbol.text()))))
        self.panel.list.itemActivated.connect(self._open_item)
        self.panel.list.itemDoubleClicked.connect(self._open_item)
        self.viewport = self.reader.viewport()
        self.reader.installEventFilter(self)
        self.viewport.installEventFilter(self)
        self.reader.destroyed.connect(self._detach)

    def _detach(self) -> None:
        """The reader is going (the window closes): no more events to watch."""
        self.citations = {}
        self.viewport = None

    # --- links in the reader ----------------------------------------------------------------------------
    def show_links(self) -> None:
        """Lay each citation of the open document over its words as a link (formats only: the text and its
        positions are unchanged)."""
        self.citations = {}
        doc_id = self.window.doc_id
        if doc_id is None or self.reader.document_model is None:
            return
        try:
            found = self.window.store.citations(doc_id)
        except MarginaliaError as error:
            self.window.show_error(str(error))
            return
        link = QTextCharFormat()
        link.setForeground(self.reader.palette().color(QPalette.ColorRole.Link))
        link.setFontUnderline(True)
        link.setAnchor(True)
        cursor = QTextCursor(self.reader.document())
        for i, citation in enumerate(found):
            index = self.reader.by_eid.get(citation.eid)
            if index is None:
                continue
            placed = self.reader.placed[index]
            href = f"{HREF}{i}"
            link.setAnchorHref(href)
            cursor.setPosition(placed.start + placed.qt_offset(citation.start))
            cursor.setPosition(placed.start + placed.qt_offset(citation.end, end=True), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(link)
            self.citations[href] = citation
        self.refresh_cited_by()

    def citation_at(self, point: QPoint) -> Citation | None:
        """The citation under a point of the reader's viewport, if any."""
        return self.citations.get(self.reader.anchorAt(point))

    def tip(self, citation: Citation) -> str:
        """What hovering a citation shows: the cited paragraph's text when the document is in the library."""
        lines = []
        for target in citation.targets:
            link = self.window.store.resolve(target, citation.pinpoint)
            cited = f"{target}, {citation.pinpoint}" if citation.pinpoint else target
            if link is None:
                count = self.window.store.cited_by_symbol_count(target)
                lines.append(f"{cited} — not in the library (click to open it on undocs.org, or to list who cites "
                             f"it: {count} citation{'s' if count != 1 else ''} in the library)")
                continue
            text = self.window.store.cited_text(link.doc, link.eid)
            lines.append(f"{cited} — {where(link.eid) if link.eid else 'in the library'}\n{text}")
        return "\n\n".join(lines)

    def follow(self, citation: Citation) -> None:
        """Open the cited document at the pinpointed paragraph (Alt+← comes back), or offer undocs.org."""
        for target in citation.targets:
            link = self.window.store.resolve(target, citation.pinpoint)
            if link is not None:  # Alt+← comes back to the paragraph holding the link, not the current block
                self.trail.append((self.window.doc_id or "", citation.eid))
                self.window.open_document(link.doc, link.eid or None)
                return
        self.offer_undocs(citation.targets[0])

    def offer_undocs(self, symbol: str) -> None:
        """A document not in the library: offer to open it at undocs.org in the browser, or to list the
        library's paragraphs that cite it (in the Cited by tab)."""
        url = QUrl(undocs_url(symbol))
        answer = self.ask_not_in_library(symbol, url.toString())
        if answer == "undocs":
            QDesktopServices.openUrl(url)
        elif answer == "cited by":
            self.show_cited_by_symbol(symbol)

    def ask_not_in_library(self, symbol: str, url: str) -> str:
        """The analyst's choice for a document not in the library: "undocs", "cited by" or "" (Cancel)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Not in the library",
                          f"{symbol} is not in the library.\nOpen {url} in the browser, or list the paragraphs of "
                          "the library that cite it?", QMessageBox.StandardButton.Cancel, self.reader.window())
        undocs = box.addButton("Open on undocs.org", QMessageBox.ButtonRole.AcceptRole)
        cited = box.addButton("Who Cites It", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(undocs)
        box.exec()
        return {id(undocs): "undocs", id(cited): "cited by"}.get(id(box.clickedButton()), "")

    def show_cited_by_symbol(self, symbol: str) -> None:
        """The Cited by tab, brought forward, for any symbol (in the library or not)."""
        self.panel.symbol.setText(canonical(symbol))
        self.window.left_tabs.setCurrentWidget(self.panel)
        self.refresh_cited_by()

    def go_back(self) -> bool:
        """Alt+← after following a citation: back to the document and paragraph it was followed from."""
        while self.trail:
            doc_id, eid = self.trail.pop()
            if doc_id:
                self.window.open_document(doc_id, eid)
                return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in _WATCHED or self.viewport is None:
            return False
        if watched is self.reader and kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            citation = self.citation_at(self.reader.viewport().mapFromGlobal(event.globalPos()))
            if citation is not None:
                QToolTip.showText(event.globalPos(), plain_tip(self.tip(citation)), self.reader)
                return True
        elif watched is self.reader and kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Left and event.modifiers() == Qt.KeyboardModifier.AltModifier:
                return self.reader.go_back() or self.go_back()  # a footnote's way back first, then a citation's
        elif watched is self.viewport and isinstance(event, QMouseEvent):
            if kind == QEvent.Type.MouseButtonPress:
                self._pressed = self.citation_at(event.position().toPoint())
            elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
                citation = self.citation_at(event.position().toPoint())
                if citation is not None and citation is self._pressed:
                    self._pressed = None
                    self.follow(citation)
                    return True
        return False

    # --- attributes -----------------------------------------------------------------------------------------
    def edit_attributes(self) -> AttributesDialog | None:
        """File ▸ Document Attributes…: the open document's, or those of every document the library filter shows
        (one undoable step). Returns the dialog (shown modeless, so that tests and the analyst can go on)."""
        window = self.window
        if window.doc_id is None:
            window.statusBar().showMessage("Open a document first: its attributes are edited", 3000)
            return None
        text = window.library.model.filter
        try:
            filtered = [d.id for d in window.store.library_page(0, 100_000, filter=text)]
        except MarginaliaError as error:
            window.show_error(str(error))
            return None
        name = window.document.symbol if window.document is not None and window.document.symbol else window.doc_id
        dialog = AttributesDialog(self.reader.window(), window.store, window.doc_id, name, filtered, text)
        dialog.accepted.connect(lambda: self._apply(dialog))
        dialog.open()
        return dialog

    def _apply(self, dialog: AttributesDialog) -> None:
        changes = dialog.changes()
        if not changes:
            return
        try:
            command = SetAttributesCommand(self.window.store, dialog.targets(), changes, self.window.refresh_library)
        except (MarginaliaError, ValueError) as error:
            self.window.show_error(str(error))
            return
        self.window.undo_stack.push(command)

    # --- cited by -----------------------------------------------------------------------------------------
    def refresh_cited_by(self, paragraph_changed: bool = False) -> None:
        """The citing paragraphs of the open document (or its current paragraph)."""
        asked = " ".join(self.panel.symbol.text().split())
        only = self.panel.paragraph_only.isChecked()
        self.panel.paragraph_only.setEnabled(not asked)
        if paragraph_changed and (not only or asked):
            return
        doc_id = self.window.doc_id
        self.panel.list.clear()
        self.panel.undocs.setVisible(False)
        if asked:
            self._cited_by_symbol(asked)
            return
        if doc_id is None:
            self.panel.heading.setText("Open a document to see who cites it.")
            return
        eid = self.reader.current_eid() if only else None
        name = self.window.document.symbol if self.window.document is not None else None
        try:
            rows = self.window.store.cited_by(doc_id, eid, limit=SHOWN)
            total = self.window.store.cited_by_count(doc_id, eid) if len(rows) >= SHOWN else len(rows)
        except MarginaliaError as error:
            self.window.show_error(str(error))
            return
        what = f"{name or doc_id}" + (f", {where(eid)}" if eid else "")
        more = f" (the first {len(rows)} of {total:,} citations shown; all: `citations --cited-by`)" \
            if total > len(rows) else ""
        self.panel.heading.setText(f"{_paragraphs_cite(len(rows))} "
                                   f"{what}{more}" if rows else f"Nothing in the library cites {what}.")
        self._list(rows)

    def _cited_by_symbol(self, asked: str) -> None:
        """The library's paragraphs citing a symbol typed (or chosen from a citation not in the library)."""
        if not is_symbol(asked):
            self.panel.heading.setText(f"“{asked}” is not a UN document symbol (e.g. S/RES/1701 (2006), "
                                       "A/HRC/56/25).")
            return
        symbol = canonical(asked)
        try:
            link = self.window.store.resolve(symbol)
            if link is not None:  # in the library after all: its document's list (the open one excluded too)
                rows = self.window.store.cited_by(link.doc, limit=SHOWN)
                total = self.window.store.cited_by_count(link.doc) if len(rows) >= SHOWN else len(rows)
            else:
                rows = self.window.store.cited_by_symbol(symbol, limit=SHOWN)
                total = self.window.store.cited_by_symbol_count(symbol) if len(rows) >= SHOWN else len(rows)
        except MarginaliaError as error:
            self.window.show_error(str(error))
            return
        self.panel.undocs.setVisible(link is None)
        where_it_is = "in the library" if link is not None else "not in the library"
        more = f" (the first {len(rows)} of {total:,} citations shown)" if total > len(rows) else ""
        self.panel.heading.setText(
            f"{_paragraphs_cite(len(rows))} {symbol} ({where_it_is})"
            f"{more}" if rows else f"Nothing in the library cites {symbol} ({where_it_is}).")
        self._list(rows)

    def _list(self, rows: list[CitingBlock]) -> None:
        for row in rows:
            pin = f" ({row.pinpoint})" if row.pinpoint else ""
            text = row.text if len(row.text) <= 240 else row.text[:239] + "…"
            item = QListWidgetItem(f"{row.symbol}, {where(row.eid)}{pin}\n{text}")
            item.setData(Qt.ItemDataRole.UserRole, (row.doc, row.eid))
            self.panel.list.addItem(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        doc_id, eid = item.data(Qt.ItemDataRole.UserRole)
        self.trail.append((self.window.doc_id or "", self.reader.current_eid()))
        self.window.open_document(doc_id, eid)

"""The printed page beside the text: a PDF's page drawn by PDFium off the GUI thread, with the current block
outlined and tagged blocks tinted; a click on the page selects the block printed there. Also draws the figure
areas the reader shows in place."""

from __future__ import annotations

import queue
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QThread, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QScrollArea, QWidget

from gui.core.errors import MarginaliaError
from gui.core.model import Box, Document
from gui.core.pdf.guard import replaced
from gui.core.pdf.render import PageRenderer, Picture

Request = tuple[str, int, float, tuple[float, float, float, float] | None]  # key, page, scale, crop


def to_image(picture: Picture) -> QImage:
    """Pixels from the core (RGBA bytes) as a QImage that owns its copy."""
    image = QImage(picture.pixels, picture.width, picture.height, picture.stride, QImage.Format.Format_RGBA8888)
    return image.copy()


class RenderThread(QThread):
    """Draws requested pages and figure areas of one PDF, newest request first; reports each picture."""

    opened = Signal(list)  # the page sizes, in points
    rendered = Signal(str, QImage)  # key, picture
    failed = Signal(str)

    def __init__(self, path: Path, content_hash: str | None = None) -> None:
        super().__init__()
        self.path, self.content_hash = path, content_hash
        self.requests: queue.LifoQueue[Request | None] = queue.LifoQueue()

    def ask(self, key: str, page: int, scale: float, crop: tuple[float, float, float, float] | None = None) -> None:
        self.requests.put((key, page, scale, crop))

    def stop(self) -> None:
        self.requests.put(None)

    def _drop_older_pages(self) -> None:
        kept: list[Request | None] = []
        while True:
            try:
                older = self.requests.get_nowait()
            except queue.Empty:
                break
            if older is None or not older[0].startswith("page:"):
                kept.append(older)
        for request in reversed(kept):
            self.requests.put(request)

    def run(self) -> None:
        why = replaced(self.path, self.content_hash)  # another file now: the stored boxes would lie about it
        if why is not None:
            self.failed.emit(why)
            return
        try:
            renderer = PageRenderer(self.path)
        except MarginaliaError as error:
            self.failed.emit(str(error))
            return
        self.opened.emit(list(renderer.sizes))
        try:
            while True:
                request = self.requests.get()
                if request is None:
                    return
                key, page, scale, crop = request
                if key.startswith("page:"):
                    self._drop_older_pages()  # pages turned past while this one waited: nobody looks at them
                try:
                    picture = renderer.render(page, scale, crop)
                except MarginaliaError as error:
                    self.failed.emit(str(error))
                    continue
                self.rendered.emit(key, to_image(picture))
        finally:
            renderer.close()


class PageCanvas(QWidget):
    """One page at the view's zoom: its picture (when drawn), the boxes of tagged blocks and the current one."""

    clicked = Signal(QPointF)  # in PDF points

    def __init__(self) -> None:
        super().__init__()
        self.image: QImage | None = None
        self.page_size = (612.0, 792.0)
        self.scale = 1.0
        self.current: list[Box] = []
        self.tints: list[tuple[Box, QColor]] = []
        self.notice = ""  # why the page cannot be drawn (then no box is drawn either)
        self.setMouseTracking(False)

    def sizeHint(self) -> QSize:
        return QSize(int(self.page_size[0] * self.scale), int(self.page_size[1] * self.scale))

    def rect_of(self, box: Box) -> QRectF:
        _, x0, y0, x1, y1 = box
        height = self.page_size[1]
        return QRectF(x0 * self.scale, (height - y1) * self.scale, (x1 - x0) * self.scale, (y1 - y0) * self.scale)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.notice:
            painter.setPen(QColor("#444444"))
            painter.drawText(self.rect().adjusted(24, 24, -24, -24), Qt.AlignmentFlag.AlignCenter
                             | Qt.TextFlag.TextWordWrap, self.notice)
            painter.end()
            return
        if self.image is not None:
            painter.drawImage(QRectF(0, 0, self.width(), self.height()), self.image)
        else:
            painter.setPen(QColor("#777777"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Drawing the page…")
        for box, colour in self.tints:
            tint = QColor(colour)
            tint.setAlpha(45)
            painter.fillRect(self.rect_of(box).adjusted(-3, -2, 3, 2), tint)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(highlight, 2))
        for box in self.current:
            painter.drawRect(self.rect_of(box).adjusted(-4, -3, 4, 3))
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        self.clicked.emit(QPointF(point.x() / self.scale, self.page_size[1] - point.y() / self.scale))


class PageView(QScrollArea):
    """View ▸ Show Source for a PDF: the printed page of the current block."""

    block_clicked = Signal(str)
    page_changed = Signal(int, int)  # page, pages
    picture_ready = Signal(str, QImage)  # figure eid, the figure's area drawn at screen resolution
    drawn = Signal(int)  # a page's picture is in view
    unavailable = Signal(str)  # why the PDF cannot be drawn (replaced since its import, unreadable)
    CACHE = 8  # pages kept drawn (a page at 1.5× is about 4 MB)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Printed page")
        self.canvas = PageCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.document_model: Document | None = None
        self.drawing: RenderThread | None = None
        self.threads: set[RenderThread] = set()
        self.cache: OrderedDict[str, QImage] = OrderedDict()
        self.page = 1
        self.pages = 0
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 1.0  # × fit width
        self.current_eid: str | None = None
        self.tints: dict[str, QColor] = {}
        self.message = ""
        self.canvas.clicked.connect(self._on_click)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(60)
        self._relayout.timeout.connect(self._show_page)

    # --- the document -----------------------------------------------------------------------------------
    def show_document(self, document: Document) -> bool:
        """Start drawing this PDF's pages; False (and a message) when there is no PDF file to draw."""
        self.close_document()
        self.document_model = document
        path = Path(document.path) if document.path else None
        if path is None or not path.is_file():
            self.message = f"The PDF is no longer at {document.path}; its text and annotations are kept."
            return False
        self.message = ""
        self.canvas.notice = ""
        thread = RenderThread(path, document.content_hash)
        thread.opened.connect(self._on_opened)
        thread.rendered.connect(self._on_rendered)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(self._thread_finished)
        self.threads.add(thread)
        self.drawing = thread
        thread.start()
        self.page = 1
        return True

    def close_document(self) -> None:
        if self.drawing is not None:
            self.drawing.rendered.disconnect(self._on_rendered)
            self.drawing.stop()
            self.drawing = None
        self.cache.clear()
        self.canvas.image = None
        self.document_model = None
        self.sizes, self.pages = [], 0

    def _thread_finished(self) -> None:
        """A drawing thread is done: forget it and free it (a lambda holding it kept every one alive)."""
        for thread in [t for t in self.threads if t.isFinished()]:
            self.threads.discard(thread)
            if thread is self.drawing:  # it ended on its own (the file could not be drawn): nothing to stop later
                self.drawing = None
            thread.deleteLater()

    def wait_stopped(self) -> None:
        """Before the window closes: let every drawing thread finish."""
        self.close_document()
        for thread in list(self.threads):
            thread.wait(5000)

    def ask_pictures(self, scale: float) -> None:
        """Draw each figure's area (for the reader), after the page in view."""
        if self.drawing is None or self.document_model is None:
            return
        for block in self.document_model.blocks:
            if block.kind.value == "figure":
                for page, x0, y0, x1, y1 in block.boxes[:1]:
                    self.drawing.ask(f"figure:{block.eid}", page, scale, (x0, y0, x1, y1))

    # --- following the reader ---------------------------------------------------------------------------
    def show_block(self, eid: str) -> None:
        """Outline the block and turn to its page (scrolled so that the block is in view)."""
        document = self.document_model
        block = document.get(eid) if document is not None else None
        self.current_eid = eid
        if block is None or not block.boxes:
            return
        page = block.boxes[0][0]
        if page != self.page or self.canvas.image is None:
            self.page = page
            self._show_page()
        else:
            self._update_overlay()
        rect = self.canvas.rect_of(block.boxes[0])
        self.ensureVisible(int(rect.center().x()), int(rect.center().y()), 40, int(rect.height() / 2) + 40)

    def set_tints(self, tints: dict[str, QColor]) -> None:
        """Theme colours of the tagged blocks (eid → colour)."""
        self.tints = tints
        self._update_overlay()

    def turn(self, pages: int) -> None:
        if self.pages:
            self.page = max(1, min(self.pages, self.page + pages))
            self._show_page()

    # --- drawing ----------------------------------------------------------------------------------------
    def scale(self) -> float:
        """Pixels per point: the page fits the width, times the zoom."""
        width = self.canvas.page_size[0] or 612.0
        return max(0.2, (self.viewport().width() - 8) / width) * self.zoom

    def _show_page(self) -> None:
        if self.document_model is None or not self.pages:
            return
        scale = self.scale() * self.devicePixelRatioF()
        key = f"page:{self.page}:{scale:.2f}"
        if 0 < self.page <= len(self.sizes):
            self.canvas.page_size = self.sizes[self.page - 1]
        self.canvas.scale = self.scale()
        self.canvas.resize(self.canvas.sizeHint())
        image = self.cache.get(key)
        if image is not None:
            self.cache.move_to_end(key)
        else:
            image = next((img for k, img in reversed(self.cache.items()) if k.startswith(f"page:{self.page}:")),
                         None)  # another zoom of the same page until this one is drawn
            if self.drawing is not None:
                self.drawing.ask(key, self.page, scale)
        self.canvas.image = image
        self._update_overlay()
        self.page_changed.emit(self.page, self.pages)

    def _update_overlay(self) -> None:
        document = self.document_model
        if document is None:
            return
        current = document.get(self.current_eid) if self.current_eid else None
        self.canvas.current = [b for b in (current.boxes if current else ()) if b[0] == self.page]
        self.canvas.tints = [(box, colour) for eid, colour in self.tints.items() if (blk := document.get(eid))
                             for box in blk.boxes if box[0] == self.page]
        self.canvas.update()

    def _on_rendered(self, key: str, image: QImage) -> None:
        if key.startswith("figure:"):
            self.picture_ready.emit(key[7:], image)
            return
        self.cache[key] = image
        while len(self.cache) > self.CACHE:
            self.cache.popitem(last=False)
        if key.startswith(f"page:{self.page}:"):
            self.canvas.image = image
            self.canvas.update()
            self.drawn.emit(self.page)

    def _on_opened(self, sizes: list[tuple[float, float]]) -> None:
        self.sizes = [(float(w), float(h)) for w, h in sizes]
        self.pages = len(self.sizes)
        self._show_page()

    def _on_failed(self, message: str) -> None:
        self.message = message
        if self.canvas.image is None:  # nothing drawn: say why, instead of "Drawing the page…" under old boxes
            self.canvas.notice = message
            self.canvas.resize(self.viewport().size())  # the words wrap in what can be seen, not a page's width
            self.canvas.update()
            self.unavailable.emit(message)

    def block_at(self, point: QPointF) -> str | None:
        """The block printed at a point of the page in view (PDF points): the smallest box holding it."""
        document = self.document_model
        if document is None:
            return None
        hits = [((box[3] - box[1]) * (box[4] - box[2]), b.eid) for b in document.blocks for box in b.boxes
                if box[0] == self.page and b.kind.value != "preface"
                and box[1] - 3 <= point.x() <= box[3] + 3 and box[2] - 3 <= point.y() <= box[4] + 3]
        return min(hits)[1] if hits else None

    def _on_click(self, point: QPointF) -> None:
        eid = self.block_at(point)
        if eid is not None:
            self.block_clicked.emit(eid)

    # --- input --------------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.zoom = max(0.5, min(4.0, self.zoom * (1.15 ** steps)))
            self._relayout.start()
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_PageDown:
            self.turn(1)
        elif key == Qt.Key.Key_PageUp:
            self.turn(-1)
        elif key == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom = 1.0
            self._show_page()
        else:
            super().keyPressEvent(event)


"""The Overview view: the `overview` command's pictures in a window, and the passages behind a cell.

The picture is drawn by `gui.analysis.overview` into matplotlib's Qt canvas. A click on a cell of the matrix
lists the passages of that theme in that document; on the co-occurrence map, the blocks coded with both
themes; on the timeline, the passages of the document clicked. Each passage is cited, its text shown as plain
text; a double-click (or Enter) opens it in the reader.
"""

from __future__ import annotations

from matplotlib.backend_bases import Event, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.analysis.overview import Overview, gather, picture, size_of
from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.ui.session import OpenBlock as Jump

PassageRole = Qt.ItemDataRole.UserRole + 1
EXCERPT = 160
VIEWS = (("Themes by document: passages", "matrix", False), ("Themes by document: share of paragraphs", "matrix", True),
         ("Themes over time", "timeline", False), ("Themes on the same block", "cooccurrence", False))


class OverviewDialog(QDialog):
    """The corpus at a glance, with the passages behind each cell a click away."""

    def __init__(self, store: Store, jump: Jump, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.jump = jump
        self.overview: Overview | None = None
        self.setWindowTitle("Overview")
        self.resize(1000, 720)
        self.view = QComboBox()
        self.view.setAccessibleName("Picture")
        for label, _, _ in VIEWS:
            self.view.addItem(label)
        self.refresh_button = QPushButton("&Refresh")
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.figure = Figure(dpi=100, layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setAccessibleName("Overview picture")
        scroll = QScrollArea()
        self.picture_area = scroll
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(False)
        self.passages = QListWidget()
        self.passages.setAccessibleName("Passages")
        self.passages.setWordWrap(True)
        self.passages.setAlternatingRowColors(True)
        self.passages.setSpacing(2)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Show:"))
        controls.addWidget(self.view, 1)
        controls.addWidget(self.refresh_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(scroll)
        split.addWidget(self.passages)
        split.setSizes([460, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.fit_timer = QTimer(self)  # a resize redraws the picture at the new size, once it settles
        self.fit_timer.setSingleShot(True)
        self.fit_timer.setInterval(120)
        self.fit_timer.timeout.connect(self.redraw)
        split.splitterMoved.connect(lambda *_: self.fit_timer.start())
        self.view.currentIndexChanged.connect(self.redraw)
        self.refresh_button.clicked.connect(self.refresh)
        self.canvas.mpl_connect("button_press_event", self.on_click)
        self.passages.itemActivated.connect(self.open_item)
        self.passages.itemDoubleClicked.connect(self.open_item)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The picture follows the window's size (it keeps at least the size its labels need)."""
        super().resizeEvent(event)
        self.fit_timer.start()

    def kind(self) -> tuple[str, bool]:
        _, kind, share = VIEWS[max(self.view.currentIndex(), 0)]
        return kind, share

    def refresh(self) -> None:
        """Read the annotations again, then draw."""
        try:
            self.overview = gather(self.store)
        except MarginaliaError as error:
            self.overview = None
            self.message.setText(str(error))
        self.redraw()

    def redraw(self) -> None:
        self.figure.clear()
        self.passages.clear()
        if self.overview is None:
            self.canvas.draw_idle()  # type: ignore[no-untyped-call]
            return
        kind, share = self.kind()
        width, height = size_of(self.overview, kind)  # at least room for every label; more as the window has
        room = self.picture_area.viewport().size()
        width, height = max(width, room.width() / self.figure.dpi), max(height, room.height() / self.figure.dpi)
        self.figure.set_size_inches(width, height)
        self.canvas.resize(int(width * self.figure.dpi), int(height * self.figure.dpi))
        try:
            picture(self.overview, kind, share, figure=self.figure)
        except MarginaliaError as error:
            self.message.setText(str(error))
        else:
            self.message.setText("Click a cell (or a document on the timeline) to list its passages; "
                                 "double-click a passage to open it.")
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]

    def cell(self, x: float, y: float) -> tuple[list[int], str | None] | None:
        """The themes and document a click at data coordinates (x, y) stands for, or None outside the cells."""
        overview = self.overview
        if overview is None:
            return None
        kind, _ = self.kind()
        column, row = round(x), round(y)
        themes = overview.themes
        if kind == "timeline":  # x is a day: the nearest document, if one is near
            dated = overview.dated()
            if not dated:
                return None
            days = [day.toordinal() for day, _ in dated]
            nearest = min(range(len(days)), key=lambda k: abs(days[k] - x))
            if abs(days[nearest] - x) > max(3.0, (days[-1] - days[0]) / 40):
                return None
            return [t.id for t in themes], overview.documents[dated[nearest][1]].id
        if not 0 <= row < len(themes):
            return None
        if kind == "cooccurrence":
            return ([themes[row].id, themes[column].id], None) if 0 <= column < len(themes) else None
        if not 0 <= column < len(overview.documents):
            return None
        return [themes[row].id], overview.documents[column].id

    def on_click(self, event: Event) -> None:
        if not isinstance(event, MouseEvent) or event.inaxes is None or event.xdata is None or event.ydata is None:
            return
        self.show_cell(float(event.xdata), float(event.ydata))

    def show_cell(self, x: float, y: float) -> None:
        """List the passages of the cell at data coordinates (x, y), in reading order, cited."""
        self.passages.clear()
        where = self.cell(x, y)
        if where is None or self.overview is None:
            return
        theme_ids, doc_id = where
        kind, _ = self.kind()
        names = {t.id: t.name for t in self.overview.themes}
        # On the timeline the document's passages of any theme are listed, each with its themes.
        wanted = [] if kind == "timeline" else theme_ids
        # Cited from the places stored with the blocks, in reading order: no document rebuilt for the list.
        for hit in self.store.passages(self.overview.passages(wanted, doc_id)):
            text = " ".join(hit.snippet.split())
            excerpt = text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"
            themes = ", ".join(names[t] for t in theme_ids if t in self.overview.coded[(hit.doc_id, hit.eid)])
            item = QListWidgetItem(f"{hit.citation()} — {themes}\n{excerpt}")
            item.setData(PassageRole, (hit.doc_id, hit.eid))
            self.passages.addItem(item)

    def open_item(self, item: QListWidgetItem) -> None:
        where = item.data(PassageRole)
        if isinstance(where, tuple):
            self.jump(where[0], where[1])


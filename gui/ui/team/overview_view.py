"""The Overview view: the `overview` command's pictures in a window, and the passages behind a cell.

The picture is drawn by `gui.analysis.overview` into matplotlib's Qt canvas. A click on a cell of the matrix
lists the passages of that theme in that document; on the co-occurrence map, the blocks coded with both
themes; on the timeline, the passages of the document clicked. Each passage is cited, its text shown as plain
text; a double-click (or Enter) opens it in the reader. "Group by" groups the documents by an attribute: the
matrix becomes themes × mission (a click lists the passages of the mission's documents), the timeline a band
per mission (themes over time per mission).
"""

from __future__ import annotations

from matplotlib.backend_bases import Event, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSize, Qt, QTimer
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

from gui.analysis.cited import CitedByTheme, cited_by_theme, draw_cited, size_of_cited
from gui.analysis.overview import NONE, Groups, Overview, gather, group_by, picture, size_of, split_by
from gui.core.errors import MarginaliaError
from gui.store import Store
from gui.ui.session import OpenBlock as Jump

PassageRole = Qt.ItemDataRole.UserRole + 1
EXCERPT = 160
VIEWS = (("Themes by document: passages", "matrix", False), ("Themes by document: share of paragraphs", "matrix", True),
         ("Themes over time", "timeline", False), ("Themes on the same block", "cooccurrence", False),
         ("Documents cited, by theme", "citations", False))
NOT_GROUPED = "Each document"


class OverviewDialog(QDialog):
    """The corpus at a glance, with the passages behind each cell a click away."""

    def __init__(self, store: Store, jump: Jump, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.jump = jump
        self.overview: Overview | None = None  # every document in view, as read
        self.shown: Overview | None = None  # what the picture shows: the documents, or their groups by attribute
        self.groups: Groups | None = None  # themes over time per value of the attribute: a band each
        self.attributes: dict[str, dict[str, str]] = {}
        self.cited: CitedByTheme | None = None  # the documents the passages cite (the most cited), by theme
        self.setWindowTitle("Overview")
        self.resize(1000, 720)
        self.view = QComboBox()
        self.view.setAccessibleName("Picture")
        for label, _, _ in VIEWS:
            self.view.addItem(label)
        self.group = QComboBox()
        self.group.setAccessibleName("Group by")
        self.group.setToolTip("Group the documents by an attribute: themes × mission, themes over time per mission")
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
        controls.addWidget(QLabel("Group by:"))
        controls.addWidget(self.group)
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
        self.group.currentIndexChanged.connect(self.redraw)
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

    def grouped_by(self) -> str | None:
        """The attribute the documents are grouped by, or None for each document on its own."""
        data = self.group.currentData()
        return data if isinstance(data, str) else None

    def refresh(self) -> None:
        """Read the annotations and the documents' attributes again, then draw."""
        try:
            self.overview = gather(self.store)
            self.attributes = self.store.attributes_of(d.id for d in self.overview.documents)
            names = self.store.attribute_names()
        except MarginaliaError as error:
            self.overview = None
            self.message.setText(str(error))
            names = []
        chosen = self.grouped_by()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(NOT_GROUPED, None)
        for name in names:
            self.group.addItem(name.replace("_", " ").capitalize(), name)
        self.group.setCurrentIndex(max(self.group.findData(chosen), 0) if chosen else 0)
        self.group.blockSignals(False)
        self.redraw()

    def fit(self, width: float, height: float) -> None:
        """Size the picture: at least `width` × `height` inches (room for its labels), more as the window has."""
        area = self.picture_area
        room = area.size() - QSize(2 * area.frameWidth(), 2 * area.frameWidth())
        if height * self.figure.dpi > room.height():  # a vertical scroll bar: no horizontal one for its sake
            room.setWidth(room.width() - area.verticalScrollBar().sizeHint().width())
        width, height = max(width, room.width() / self.figure.dpi), max(height, room.height() / self.figure.dpi)
        self.figure.set_size_inches(width, height)
        self.canvas.resize(int(width * self.figure.dpi), int(height * self.figure.dpi))

    def regroup(self) -> str:
        """What the picture shows for the grouping chosen: `shown` and `groups`; a reason when it cannot be
        grouped ("" when it is)."""
        self.shown, self.groups = self.overview, None
        name, (kind, _) = self.grouped_by(), self.kind()
        if self.overview is None or name is None:
            return ""
        if kind in ("cooccurrence", "citations"):
            return "Themes on the same block and documents cited are counted over every document: not grouped."
        try:
            if kind == "matrix":
                self.shown = group_by(self.overview, self.attributes, name)
            else:
                self.groups = split_by(self.overview, self.attributes, name)
        except MarginaliaError as error:
            return str(error)
        return ""

    def redraw(self) -> None:
        self.figure.clear()
        self.passages.clear()
        why_not = self.regroup()
        if self.overview is None or self.shown is None:
            self.canvas.draw_idle()  # type: ignore[no-untyped-call]
            return
        kind, share = self.kind()
        if kind == "citations":
            self.draw_cited(why_not)
            return
        width, height = size_of(self.shown, kind, self.groups)  # room for every label; more as the window has
        self.fit(width, height)
        try:
            picture(self.shown, kind, share, figure=self.figure, groups=self.groups, by=self.grouped_by() or "")
        except MarginaliaError as error:
            self.message.setText(str(error))
        else:
            self.message.setText((why_not + " " if why_not else "")
                                 + "Click a cell (or a document on the timeline) to list its passages; "
                                 "double-click a passage to open it.")
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]

    def draw_cited(self, why_not: str) -> None:
        """The documents cited by the passages in view (the most cited first), theme by theme."""
        self.cited = None
        try:
            if self.overview is not None:
                self.cited = cited_by_theme(self.store, self.overview).shown()
        except MarginaliaError as error:
            self.message.setText(str(error))
            self.canvas.draw_idle()  # type: ignore[no-untyped-call]
            return
        if self.cited is None:
            return
        self.fit(*size_of_cited(self.cited))
        draw_cited(self.figure, self.cited)
        self.message.setText((why_not + " " if why_not else "")
                             + "Click a cell to list the passages of that theme citing that document.")
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]

    def cell(self, x: float, y: float, band: int = 0) -> tuple[list[int], str | None] | None:
        """The themes and document (or group of documents) a click at data coordinates (x, y) stands for — on
        the timeline's `band` when it has one per group — or None outside the cells."""
        overview = self.groups[band][1] if self.groups and 0 <= band < len(self.groups) else self.shown
        if overview is None:
            return None
        kind, _ = self.kind()
        column, row = round(x), round(y)
        themes = overview.themes
        if kind == "citations":  # a document cited (row) × a theme (column): the caller reads `self.cited`
            cited = self.cited
            if cited is None or not (0 <= row < len(cited.targets) and 0 <= column < len(themes)):
                return None
            return [themes[column].id], cited.targets[row]
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
        axes = list(self.figure.axes)
        band = axes.index(event.inaxes) if self.groups and event.inaxes in axes else 0
        self.show_cell(float(event.xdata), float(event.ydata), band)

    def show_cell(self, x: float, y: float, band: int = 0) -> None:
        """List the passages of the cell at data coordinates (x, y) (on band `band` of a timeline by group), in
        reading order, cited; a group's cell lists the passages of every document of the group."""
        self.passages.clear()
        where = self.cell(x, y, band)
        if where is None or self.overview is None:
            return
        theme_ids, doc_id = where
        kind, _ = self.kind()
        names = {t.id: t.name for t in self.overview.themes}
        # On the timeline the document's passages of any theme are listed, each with its themes.
        wanted = [] if kind == "timeline" else theme_ids
        if kind == "citations" and self.cited is not None and doc_id is not None:  # doc_id: the document cited
            keys = self.cited.passages(doc_id, theme_ids[0])
        elif doc_id is not None and self.shown is not self.overview and kind == "matrix":  # a group's column
            in_group = {d.id for d in self.overview.documents
                        if (self.attributes.get(d.id, {}).get(self.grouped_by() or "") or NONE) == doc_id}
            keys = [key for key in self.overview.passages(wanted) if key[0] in in_group]
        else:
            keys = self.overview.passages(wanted, doc_id)
        # Cited from the places stored with the blocks, in reading order: no document rebuilt for the list.
        for hit in self.store.passages(keys):
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


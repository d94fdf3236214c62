"""The Agreement view: the `agreement` command's table in a window, and the disagreements behind each theme.

Choose the coders (everyone with annotations, by default) and the corpus or one document; the table gives per
theme the units, percent agreement, Cohen's κ, Krippendorff's α and the counts behind them. Clicking a theme lists
the blocks on which the coders decided differently, cited, with who tagged it and who did not; a double-click
(or Enter) opens the block in the reader. The figures come from `gui.analysis.agreement`: this module only shows
them, computed off the GUI thread with their own database connection (as exports are). Every piece of document
text is shown as plain text.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.analysis.agreement import AgreementReport, Disagreement, compare
from gui.analysis.agreement_groups import Group, GroupedReport, grouped
from gui.analysis.measures import Agreement
from gui.analysis.report import figure
from gui.analysis.suggest_coder import SUGGESTIONS_CODER
from gui.export import Progress
from gui.store import Store
from gui.ui.session import CompareAt
from gui.ui.session import OpenBlock as Jump
from gui.ui.team.exchange import ExchangeWorker

"""Open a document at a block: (document id, eid)."""

DisagreementRole = Qt.ItemDataRole.UserRole + 1
# Computations still running, kept here so that a worker outlives a dialog closed with its window; the
# application waits for them before it quits (a QThread destroyed while it runs aborts the process).
_running: set[ExchangeWorker] = set()
_waits_at_quit: list[bool] = []  # holds True once the application is told to wait for them


def _wait_for_workers() -> None:
    for worker in list(_running):
        worker.wait()
    _running.clear()
EXCERPT = 160  # characters of a disagreed passage shown in the list


class AgreementModel(QAbstractTableModel):
    """A thin table over the report's lines for one scope: a row per theme, then "All themes"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coders: tuple[str, ...] = ()
        self.lines: tuple[Agreement, ...] = ()

    def set_lines(self, coders: tuple[str, ...], lines: tuple[Agreement, ...]) -> None:
        self.beginResetModel()
        self.coders, self.lines = coders, lines
        self.endResetModel()

    def headers(self) -> list[str]:
        mixed = ["Some"] if len(self.coders) > 2 else []
        both = "All tagged" if mixed else "Both"
        return ["Theme", "Units", "Agreement", "κ", "α", both, *(f"Only {c}" for c in self.coders), *mixed, "Neither"]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def cells(self, line: Agreement) -> list[str]:
        mixed = [str(line.mixed)] if len(self.coders) > 2 else []
        return [line.theme, str(line.units), figure(line.agreement, percent=True), figure(line.kappa),
                figure(line.alpha), str(line.both), *(str(line.only[c]) for c in self.coders), *mixed,
                str(line.neither)]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(line)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return line.theme_id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None


def describe(item: Disagreement) -> str:
    """"S/2017/130, para. 5 — tagged by kim; not by lee" and the start of the passage, on two lines."""
    text = " ".join(item.text.split())
    excerpt = text if len(text) <= EXCERPT else text[:EXCERPT].rsplit(" ", 1)[0] + " …"
    return (f"{item.citation} — tagged by {', '.join(item.tagged_by)}; not by {', '.join(item.not_by)}\n"
            f"{excerpt}")


class AgreementDialog(QDialog):
    """Agreement between coders, theme by theme, with the disagreements to discuss."""

    computed = Signal()  # a new report (or the reason there is none) is shown

    def __init__(self, store: Store, jump: Jump, parent: QWidget | None = None,
                 compare: CompareAt | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.jump = jump
        self.compare = compare  # the reader's Compare coders mode, for one document
        self.report: AgreementReport | None = None
        self.worker: ExchangeWorker | None = None
        self.again = False  # asked to compute while a computation was running
        self.setWindowTitle("Inter-coder Agreement")
        self.resize(980, 640)
        self.coders = QListWidget()
        self.coders.setAccessibleName("Coders")
        self.coders.setMaximumHeight(3 * self.fontMetrics().height())
        self.coders.setFlow(QListWidget.Flow.LeftToRight)
        self.coders.setWrapping(True)
        self.scope = QComboBox()
        self.scope.setAccessibleName("Scope")
        self.groups: tuple[Group, ...] = ()  # the documents in scope grouped by an attribute: scopes of their own
        self.group = QComboBox()
        self.group.setAccessibleName("Group by")
        self.group.setToolTip("Group the documents by an attribute: a scope per mission (themes × mission)")
        self.group.addItem("Each document", None)
        for name in store.attribute_names():
            self.group.addItem(name.replace("_", " ").capitalize(), name)
        self.refresh_button = QPushButton("&Compute")
        self.compare_button = QPushButton("Compare in &Reader")
        self.compare_button.setToolTip("The document (of the scope, or of the disagreement chosen) in the reader, "
                                       "each coder's theme bars side by side, at its disagreements")
        self.with_suggestions = QCheckBox("&Suggestions as a coder")  # suggest_coder: how far to trust them
        self.with_suggestions.setToolTip("Add the theme suggestions learned from the ticked coders as one more "
                                         "coder, \"(suggestions)\": each document is suggested on by a model "
                                         "that did not learn from it, so κ and α say how far to trust them")
        self.compare_button.setVisible(compare is not None)
        self.compare_button.setEnabled(False)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.model = AgreementModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Agreement by theme")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.model.modelReset.connect(lambda: self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch) if self.model.columnCount() else None)
        self.disagreements = QListWidget()
        self.disagreements.setAccessibleName("Disagreements")
        self.disagreements.setWordWrap(True)
        self.disagreements.setAlternatingRowColors(True)
        self.disagreements.setSpacing(2)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Coders:"))
        controls.addWidget(self.coders, 1)
        controls.addWidget(QLabel("Scope:"))
        controls.addWidget(self.scope)
        controls.addWidget(QLabel("Group by:"))
        controls.addWidget(self.group)
        controls.addWidget(self.with_suggestions)
        controls.addWidget(self.refresh_button)
        controls.addWidget(self.compare_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.disagreements)
        split.setSizes([300, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.refresh_button.clicked.connect(self.recompute)
        self.with_suggestions.toggled.connect(lambda _: self.compute())
        self.scope.currentIndexChanged.connect(self.show_scope)
        self.group.currentIndexChanged.connect(self.compute)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self.show_disagreements(current))
        self.table.clicked.connect(self.show_disagreements)
        self.disagreements.itemActivated.connect(self.open_item)
        self.disagreements.itemDoubleClicked.connect(self.open_item)
        self.disagreements.currentItemChanged.connect(lambda *_: self._can_compare())
        self.compare_button.clicked.connect(self.compare_in_reader)
        self.load_coders()
        self.compute()

    def recompute(self) -> None:
        """The Compute button: the coders read again, then the figures."""
        self.load_coders()
        self.compute()

    def load_coders(self) -> None:
        """Everyone with an anchored annotation, ticked (the default comparison) unless the analyst unticked them;
        read again on each Compute, so that a colleague merged meanwhile appears."""
        unticked = {self.coders.item(i).text() for i in range(self.coders.count())
                    if self.coders.item(i).checkState() != Qt.CheckState.Checked}
        self.coders.clear()
        names = sorted({a.coder for a in self.store.annotations(status="anchored") if a.eid is not None})
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if name in unticked else Qt.CheckState.Checked)
            self.coders.addItem(item)

    def chosen_coders(self) -> list[str]:
        return [self.coders.item(i).text() for i in range(self.coders.count())
                if self.coders.item(i).checkState() == Qt.CheckState.Checked]

    def compute(self) -> None:
        """Recompute with the coders ticked (after tagging, or after choosing other coders), off the GUI thread."""
        if self.worker is not None:
            self.again = True
            return
        coders: list[str] | None = self.chosen_coders()
        suggestions = self.with_suggestions.isChecked()
        needed = 1 if suggestions else 2
        if self.coders.count() < needed:
            coders = None  # the analysis says who is missing
        elif coders is not None and len(coders) < needed:
            self.show_report(None, "tick a coder to compare with the suggestions" if suggestions else
                             "tick two coders or more to compare them")
            return

        grouped_by = self.group.currentData()

        def job(store: Store, progress: Progress) -> AgreementReport | GroupedReport:
            report = compare(store, coders=coders, suggestions=suggestions)
            return grouped(store, report, grouped_by) if grouped_by else report

        self.message.setText("Computing…")
        self.worker = ExchangeWorker(self.store.path, job)
        self.worker.done.connect(self.finished_computing)
        if not _waits_at_quit and (app := QApplication.instance()) is not None:
            app.aboutToQuit.connect(_wait_for_workers)
            _waits_at_quit.append(True)
        _running.add(self.worker)
        self.worker.start()

    def finished_computing(self, result: object, error: str) -> None:
        if self.worker is not None:
            self.worker.wait()
            _running.discard(self.worker)
            self.worker = None
        if self.again:
            self.again = False
            self.compute()
            return
        self.groups = result.groups if isinstance(result, GroupedReport) else ()
        problem = result.problem if isinstance(result, GroupedReport) else ""
        result = result.report if isinstance(result, GroupedReport) else result
        self.show_report(result if isinstance(result, AgreementReport) else None, error)
        if problem:
            self.message.setText(f"{problem}. {self.message.text()}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.worker is not None:  # never destroy a running thread; it ends within moments
            self.worker.wait()
        super().closeEvent(event)

    def show_report(self, report: AgreementReport | None, error: str = "") -> None:
        self.report = report
        if report is None:
            self.message.setText(error)
            self.model.set_lines((), ())
            self.scope.clear()
            self.disagreements.clear()
            self.computed.emit()
            return
        names = ", ".join(d.symbol or d.id for d in report.documents)
        self.message.setText(f"{len(report.documents)} document(s) coded by every one of "
                             f"{', '.join(report.coders)}: {names or 'none'}. Units: every body block. "
                             "Click a theme to list the disagreements; double-click one to open it.")
        self.scope.blockSignals(True)
        previous = self.scope.currentData()
        self.scope.clear()
        self.scope.addItem("Corpus", None)
        for group in self.groups:
            self.scope.addItem(f"{group.name.replace('_', ' ').capitalize()}: {group.value} "
                               f"({len(group.documents)} document{'s' if len(group.documents) != 1 else ''})", group)
        for info in report.documents:
            self.scope.addItem(info.symbol or info.id, info.id)
        at = self.scope.findData(previous) if isinstance(previous, str) else 0
        if isinstance(previous, Group):  # the same mission's scope, its figures new
            at = next((i for i in range(self.scope.count()) if isinstance(data := self.scope.itemData(i), Group)
                       and (data.name, data.value) == (previous.name, previous.value)), 0)
        self.scope.setCurrentIndex(max(at, 0))
        self.scope.blockSignals(False)
        self.show_scope()
        self.computed.emit()

    def scope_doc(self) -> str | None:
        data = self.scope.currentData()
        return data if isinstance(data, str) else None

    def scope_group(self) -> Group | None:
        """The group of documents chosen as the scope (a mission's), if one is."""
        data = self.scope.currentData()
        return data if isinstance(data, Group) else None

    def show_scope(self) -> None:
        if self.report is None:
            return
        doc, group = self.scope_doc(), self.scope_group()
        lines = group.lines if group is not None else self.report.corpus if doc is None else \
            self.report.by_document[doc]
        self.model.set_lines(self.report.coders, lines)
        self.disagreements.clear()
        self._can_compare()

    def show_disagreements(self, index: QModelIndex) -> None:
        """The disagreements on the theme of the clicked row (all themes for the pooled line)."""
        self.disagreements.clear()
        if self.report is None or not index.isValid():
            return
        theme_id = self.model.data(self.model.index(index.row(), 0), Qt.ItemDataRole.UserRole)
        doc, group = self.scope_doc(), self.scope_group()
        for item in self.report.disagreements:
            if group is not None and item.doc_id not in group.documents:
                continue
            if (theme_id is None or item.theme.id == theme_id) and (doc is None or item.doc_id == doc):
                label = describe(item) if theme_id is not None else f"[{item.theme.name}] {describe(item)}"
                row = QListWidgetItem(label)
                row.setData(DisagreementRole, item)
                # A tooltip that looks like HTML is rendered as HTML: the passage goes in escaped.
                row.setToolTip(f"<p>{html.escape(item.text[:2000])}</p>")
                self.disagreements.addItem(row)

    def open_item(self, row: QListWidgetItem) -> None:
        item = row.data(DisagreementRole)
        if isinstance(item, Disagreement):
            self.jump(item.doc_id, item.eid)


    def compare_target(self) -> tuple[str, str | None] | None:
        """The document to compare coders on, and where: the disagreement chosen, else the scope's document."""
        row = self.disagreements.currentItem()
        item = row.data(DisagreementRole) if row is not None else None
        if isinstance(item, Disagreement):
            return item.doc_id, item.eid
        doc = self.scope_doc()
        return (doc, None) if doc is not None else None

    def _can_compare(self) -> None:
        self.compare_button.setEnabled(self.report is not None and self.compare_target() is not None)

    def compare_in_reader(self) -> None:
        """Compare in Reader: the document with these coders' columns side by side, at the disagreement chosen
        (or at its first)."""
        target = self.compare_target()
        if self.compare is not None and self.report is not None and target is not None:
            analysts = tuple(c for c in self.report.coders if c != SUGGESTIONS_CODER)  # not in the database
            self.compare(target[0], analysts, target[1])

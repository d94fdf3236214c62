"""The Overview view in the window: the picture, a click on a cell lists its passages, a double-click opens one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.store import Store
from gui.ui.shell.window import MainWindow
from gui.ui.team.overview_view import OverviewDialog


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    store = Store(tmp_path / "ui.db")
    store.tag("S-2017-130", ["para_83", "para_6"], "poc", coder="kim")
    store.tag("S-2017-130", ["para_5"], "poc", coder="lee")
    store.tag("S-2017-130", ["para_6"], "tech", coder="lee")
    store.tag("WGPKO-report-2021", ["para_5"], "safety", coder="kim")
    main = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    main.open_document("WGPKO-report-2021")
    yield main
    main.close()
    store.close()


def lines(dialog: OverviewDialog) -> list[str]:
    return [dialog.passages.item(i).text().split("\n")[0] for i in range(dialog.passages.count())]


def click_cell(qtbot: QtBot, dialog: OverviewDialog, x: float, y: float, double: bool = False) -> None:
    """A real mouse click on the canvas where the cell (x, y) of the heat map is drawn."""
    dialog.canvas.draw()  # type: ignore[no-untyped-call]
    axes = dialog.figure.axes[0]
    px, py = axes.transData.transform((x, y))
    ratio = dialog.canvas.device_pixel_ratio
    point = QPoint(round(px / ratio), round(dialog.canvas.height() - py / ratio))
    qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=point)


def test_click_a_cell_lists_its_passages_and_opens_one(window: MainWindow, qtbot: QtBot) -> None:
    window.actions_by_id["overview"].trigger()
    dialog = next(v for v in window.views if isinstance(v, OverviewDialog))
    assert dialog.overview is not None
    docs = [d.id for d in dialog.overview.documents]
    assert [t.key for t in dialog.overview.themes] == ["poc", "tech", "safety"]
    click_cell(qtbot, dialog, docs.index("S-2017-130"), 0)  # POC × S/2017/130: in reading order
    assert lines(dialog) == ["S/2017/130, para. 5 — Protection of civilians (POC)",
                             "S/2017/130, para. 6 — Protection of civilians (POC)",
                             "S/2017/130, para. 83 — Protection of civilians (POC)"]
    item = dialog.passages.item(2)
    dialog.passages.scrollToItem(item)
    where = dialog.passages.visualItemRect(item).center()
    qtbot.mouseClick(dialog.passages.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(dialog.passages.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert (window.doc_id, window.reader.current_eid()) == ("S-2017-130", "para_83")

    click_cell(qtbot, dialog, docs.index("WGPKO-report-2021"), 0)  # an empty cell lists nothing
    assert lines(dialog) == []

    dialog.view.setCurrentIndex(3)  # themes on the same block: POC × technology is para 6
    click_cell(qtbot, dialog, 1, 0)
    assert lines(dialog) == ["S/2017/130, para. 6 — Protection of civilians (POC), Technology & innovation"]


def test_timeline_lists_a_documents_passages(window: MainWindow) -> None:
    window.actions_by_id["overview"].trigger()
    dialog = next(v for v in window.views if isinstance(v, OverviewDialog))
    dialog.view.setCurrentIndex(2)
    assert dialog.overview is not None
    day_of = {dialog.overview.documents[j].id: day.toordinal() for day, j in dialog.overview.dated()}
    dialog.show_cell(day_of["S-2017-130"] + 0.4, 0.5)  # x is a day: the timeline is spaced by date
    assert lines(dialog) == ["S/2017/130, para. 5 — Protection of civilians (POC)",
                             "S/2017/130, para. 6 — Protection of civilians (POC), Technology & innovation",
                             "S/2017/130, para. 83 — Protection of civilians (POC)"]
    dialog.show_cell(max(day_of.values()) + 4000, 0)  # years after the last document
    assert lines(dialog) == []


def test_an_empty_database_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        dialog = OverviewDialog(store, lambda d, e: None)
        qtbot.addWidget(dialog)
        assert dialog.message.text() == "nothing to show: no annotations in the documents and themes chosen"
        dialog.show_cell(0, 0)
        assert lines(dialog) == []


def test_the_timeline_is_spaced_by_date_and_the_picture_follows_the_window(window: MainWindow,
                                                                           qtbot: QtBot) -> None:
    """The timeline spaced its documents evenly (2016 to 2025 as wide as three days); the heat map kept its
    size in a window made larger."""
    window.actions_by_id["overview"].trigger()
    dialog = next(v for v in window.views if isinstance(v, OverviewDialog))
    dialog.view.setCurrentIndex(2)
    assert dialog.overview is not None
    days = [day.toordinal() for day, _ in dialog.overview.dated()]
    assert len(days) >= 3
    [axes] = dialog.figure.axes
    for line in axes.get_lines():
        assert list(line.get_xdata()) == days  # each document at its date
    dialog.view.setCurrentIndex(0)  # the heat map
    dialog.resize(900, 640)
    qtbot.waitUntil(lambda: not dialog.fit_timer.isActive())
    qtbot.wait(50)
    before = dialog.canvas.width()
    dialog.resize(1700, 1000)
    qtbot.waitUntil(lambda: dialog.canvas.width() >= before + 500, timeout=5000)
    assert dialog.canvas.width() <= dialog.picture_area.viewport().width() + 2  # no scroll bar for nothing


def test_grouped_by_mission_matrix_and_timeline_per_mission(window: MainWindow, qtbot: QtBot) -> None:
    """Group by: themes × mission (a click on a mission's cell lists the passages of all its documents) and
    themes over time per mission (a band each; a click on a band lists that mission's document)."""
    store = window.store
    store.set_attributes(["S-2017-130", "WGPKO-report-2021"], {"mission": "MINUSMA"})
    window.actions_by_id["overview"].trigger()
    dialog = next(v for v in window.views if isinstance(v, OverviewDialog))
    labels = [dialog.group.itemText(i) for i in range(dialog.group.count())]
    assert labels[0] == "Each document" and "Mission" in labels and "Organ" in labels
    dialog.group.setCurrentIndex(dialog.group.findData("mission"))
    assert dialog.shown is not None and dialog.overview is not None
    first = dialog.shown.documents[0]
    assert (first.id, first.symbol) == ("MINUSMA", "MINUSMA (2)")
    assert dialog.figure.axes[0].get_xticklabels()[0].get_text() == "MINUSMA (2)"  # drawn as grouped
    poc, safety = 0, [t.key for t in dialog.shown.themes].index("safety")
    assert dialog.shown.matrix()[poc][0] == 3 and dialog.shown.matrix()[safety][0] == 1
    click_cell(qtbot, dialog, 0, safety)  # safety × MINUSMA: the 2021 report's passage
    assert lines(dialog) == [f"{store.passages([('WGPKO-report-2021', 'para_5')])[0].citation()} — "
                             "Safety & security of peacekeepers"]
    click_cell(qtbot, dialog, 0, poc)  # POC × MINUSMA: S/2017/130's three
    assert [line.split(" — ")[0] for line in lines(dialog)] == ["S/2017/130, para. 5", "S/2017/130, para. 6",
                                                                "S/2017/130, para. 83"]

    dialog.view.setCurrentIndex(2)  # themes over time per mission
    assert dialog.groups is not None and dialog.groups[0][0] == "MINUSMA"
    assert len(dialog.figure.axes) == len(dialog.groups) >= 2
    assert dialog.figure.axes[0].get_title(loc="left").startswith("mission: MINUSMA — 2 dated documents")
    minusma = dialog.groups[0][1]
    day = next(d.toordinal() for d, j in minusma.dated() if minusma.documents[j].id == "S-2017-130")
    dialog.show_cell(day, 1, band=0)
    assert [line.split(" — ")[0] for line in lines(dialog)] == ["S/2017/130, para. 5", "S/2017/130, para. 6",
                                                                "S/2017/130, para. 83"]
    dialog.show_cell(day, 1, band=1)  # the other band: no document of its own near that day
    assert all(not line.startswith("S/2017/130") for line in lines(dialog))

    dialog.view.setCurrentIndex(3)  # co-occurrence is over every document: said, not grouped
    assert dialog.groups is None and dialog.shown is dialog.overview
    assert dialog.message.text().startswith("Themes on the same block and documents cited are counted over every")
    dialog.view.setCurrentIndex(0)
    dialog.group.setCurrentIndex(dialog.group.findData("agenda_item"))  # printed on none of these documents
    assert dialog.message.text().startswith("no document in view has the attribute 'agenda_item'")
    dialog.group.setCurrentIndex(0)  # each document again
    assert dialog.shown is not None and dialog.shown.documents == dialog.overview.documents


def test_documents_cited_by_theme(window: MainWindow, qtbot: QtBot) -> None:
    """The citation network feeds the overview: the documents the coded passages cite × themes, a click on a
    cell lists the passages of that theme citing that document."""
    store = window.store
    window.actions_by_id["overview"].trigger()
    dialog = next(v for v in window.views if isinstance(v, OverviewDialog))
    dialog.view.setCurrentIndex(4)
    assert dialog.kind() == ("citations", False) and dialog.cited is not None
    # by hand: the coded blocks of the fixture and what the finder found in them
    coded = {("S-2017-130", "para_83"): {"poc"}, ("S-2017-130", "para_6"): {"poc", "tech"},
             ("S-2017-130", "para_5"): {"poc"}, ("WGPKO-report-2021", "para_5"): {"safety"}}
    expected: dict[str, set[tuple[str, str]]] = {}
    for doc in ("S-2017-130", "WGPKO-report-2021"):
        for citation in store.citations(doc):
            if (doc, citation.eid) in coded:
                for target in citation.targets:
                    expected.setdefault(target, set()).add((doc, citation.eid))
    assert expected, "the fixture's coded passages cite nothing: the test would prove nothing"
    assert set(dialog.cited.targets) == set(expected)
    assert [len(expected[t]) for t in dialog.cited.targets] == sorted((len(v) for v in expected.values()),
                                                                      reverse=True)  # most cited first
    target = dialog.cited.targets[0]
    keys = sorted(expected[target])
    theme = next(iter(coded[keys[0]]))
    column = [t.key for t in dialog.cited.themes].index(theme)
    click_cell(qtbot, dialog, column, 0)
    citing = [k for k in keys if theme in coded[k]]
    assert [line.split(" — ")[0] for line in lines(dialog)] == [h.citation() for h in store.passages(citing)]
    assert dialog.figure.axes[0].get_yticklabels()[0].get_text() == target

"""Agreement grouped by a document attribute (themes × mission), in the analysis and in the Agreement view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.analysis import AnalysisError
from gui.analysis.agreement import compare
from gui.analysis.agreement_groups import by_attribute
from gui.analysis.report import figure
from gui.store import Store
from gui.ui.shell.window import MainWindow
from gui.ui.team.agreement_view import AgreementDialog

MINUSMA = ("S-2017-130", "WGPKO-report-2021")


def code(store: Store) -> None:
    """kim and lee on three documents of the bundled corpus; two of them filed under MINUSMA."""
    store.tag("S-2017-130", ["para_83", "para_5"], "poc", coder="kim")
    store.tag("S-2017-130", ["para_83"], "poc", coder="lee")
    store.tag("WGPKO-report-2021", ["para_5", "para_6"], "poc", coder="kim")
    store.tag("WGPKO-report-2021", ["para_5", "para_6"], "poc", coder="lee")
    store.tag("S-2016-1017", ["heading_3__p_2"], "poc", coder="kim")
    store.tag("S-2016-1017", ["heading_4__p_1"], "poc", coder="lee")
    store.set_attributes(MINUSMA, {"mission": "MINUSMA"})


def test_groups_have_the_figures_of_their_own_units(tmp_path: Path) -> None:
    with Store(tmp_path / "g.db") as store:
        code(store)
        report = compare(store)
        groups = by_attribute(store, report, "Mission")
        assert [(g.value, set(g.documents)) for g in groups] == [("MINUSMA", set(MINUSMA)),
                                                                 ("(none)", {"S-2016-1017"})]
        poc = store.theme("poc").id
        alone = compare(store, docs=list(MINUSMA)).theme_figures(poc)
        mine = next(line for line in groups[0].lines if line.theme_id == poc)
        assert (mine.units, mine.both, mine.neither, mine.kappa, mine.alpha) == \
            (alone.units, alone.both, alone.neither, alone.kappa, alone.alpha)
        # pooled over the group's units, not the mean of its documents' κ
        kappas = [report.theme_figures(poc, d).kappa for d in MINUSMA]
        assert mine.units == sum(report.theme_figures(poc, d).units for d in MINUSMA)
        assert mine.kappa != pytest.approx(sum(k for k in kappas if k is not None) / len(kappas))
        with pytest.raises(AnalysisError, match="no document in scope has the attribute 'agenda_item'"):
            by_attribute(store, report, "agenda_item")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    store = Store(tmp_path / "ui.db")
    code(store)
    main = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close()
    store.close()


def test_the_view_gives_a_scope_per_mission(window: MainWindow, qtbot: QtBot) -> None:
    dialog = AgreementDialog(window.store, window.open_document)
    qtbot.addWidget(dialog)
    if dialog.worker is not None:
        with qtbot.waitSignal(dialog.computed, timeout=30_000):
            pass
    assert [dialog.group.itemText(i) for i in range(3)] == ["Each document", "Mission", "Organ"]
    with qtbot.waitSignal(dialog.computed, timeout=30_000):
        dialog.group.setCurrentIndex(dialog.group.findData("mission"))
    scopes = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert scopes[:3] == ["Corpus", "Mission: MINUSMA (2 documents)", "Mission: (none) (1 document)"]
    dialog.scope.setCurrentIndex(1)
    poc = window.store.theme("poc").id
    expected = compare(window.store, docs=list(MINUSMA)).theme_figures(poc)
    row = next(r for r in range(dialog.model.rowCount())
               if dialog.model.index(r, 0).data(Qt.ItemDataRole.UserRole) == poc)
    assert [dialog.model.index(row, c).data() for c in range(1, 5)] == [
        str(expected.units), figure(expected.agreement, percent=True), figure(expected.kappa),
        figure(expected.alpha)]
    dialog.table.selectRow(row)  # the mission's disagreements only: S/2017/130's para. 5, not the concept note's
    texts = [dialog.disagreements.item(i).text() for i in range(dialog.disagreements.count())]
    assert [t.split(" — ")[0] for t in texts] == ["S/2017/130, para. 5"]
    with qtbot.waitSignal(dialog.computed, timeout=30_000):
        dialog.compute()  # recomputed: the mission's scope stays chosen
    assert dialog.scope.currentText() == "Mission: MINUSMA (2 documents)"
    with qtbot.waitSignal(dialog.computed, timeout=30_000):
        dialog.group.setCurrentIndex(dialog.group.findData("agenda_item"))  # on none of these documents
    assert dialog.message.text().startswith("no document in scope has the attribute 'agenda_item' (see")
    assert dialog.scope.itemText(1) != "Mission: MINUSMA (2 documents)" and dialog.model.rowCount() > 0

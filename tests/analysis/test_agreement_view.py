"""The Agreement view in the window: the table, a theme's disagreements, a double-click to the block."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.analysis.agreement import compare
from gui.analysis.report import figure
from gui.store import Store
from gui.ui.shell.window import MainWindow
from gui.ui.team.agreement_view import AgreementDialog
from tests.export.helpers import import_text


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A window on a database where kim and lee coded S/2017/130, opened on another document."""
    store = Store(tmp_path / "ui.db")
    store.tag("S-2017-130", ["para_83", "para_5"], "poc", coder="kim")
    store.tag("S-2017-130", ["para_83"], "poc", coder="lee")
    store.tag("S-2017-130", ["para_6"], "tech", coder="lee")
    main = MainWindow(store, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(main)
    main.show()
    main.open_document("WGPKO-report-2021")
    yield main
    main.close()
    store.close()


def computed(qtbot: QtBot, dialog: AgreementDialog) -> None:
    """Wait for the computation running off the GUI thread to be shown."""
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.message.text() != "Computing…", timeout=10_000)


def open_view(window: MainWindow, qtbot: QtBot) -> AgreementDialog:
    window.actions_by_id["agreement"].trigger()
    dialogs = [v for v in window.views if isinstance(v, AgreementDialog)]
    assert len(dialogs) == 1
    assert dialogs[0].message.text() == "Computing…"  # the window is not kept waiting
    computed(qtbot, dialogs[0])
    return dialogs[0]


def row_of(dialog: AgreementDialog, theme_start: str) -> int:
    model = dialog.model
    return next(r for r in range(model.rowCount()) if str(model.index(r, 0).data()).startswith(theme_start))


def test_table_disagreements_and_jump(window: MainWindow, qtbot: QtBot, qtmodeltester: object) -> None:
    dialog = open_view(window, qtbot)
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    model = dialog.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Theme", "Units", "Agreement", "κ", "α", "Both", "Only kim", "Only lee", "Neither"]
    expected = compare(window.store).theme_figures(window.store.theme("poc").id)
    poc = row_of(dialog, "Protection of civilians")
    assert [model.index(poc, c).data() for c in range(model.columnCount())][1:] == [
        "141", figure(expected.agreement, percent=True), figure(expected.kappa), figure(expected.alpha),
        "1", "1", "0", "139"]
    assert model.index(model.rowCount() - 1, 0).data() == "All themes"

    rect = dialog.table.visualRect(model.index(poc, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.disagreements.count() == 1
    item = dialog.disagreements.item(0)
    assert item.text().startswith("S/2017/130, para. 5 — tagged by kim; not by lee\nThe Working Group discussed")

    dialog.disagreements.scrollToItem(item)
    where = dialog.disagreements.visualItemRect(item).center()
    qtbot.mouseClick(dialog.disagreements.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a real double-click
    assert window.doc_id == "WGPKO-report-2021"  # one click only selects                  # presses first
    qtbot.mouseDClick(dialog.disagreements.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.doc_id == "S-2017-130"
    assert window.reader.current_eid() == "para_5"

    pooled = model.rowCount() - 1  # the pooled line lists every theme's disagreements, each named
    dialog.table.selectRow(pooled)
    texts = [dialog.disagreements.item(i).text() for i in range(dialog.disagreements.count())]
    assert [t.split(" — ")[0] for t in texts] == ["[Protection of civilians (POC)] S/2017/130, para. 5",
                                                 "[Technology & innovation] S/2017/130, para. 6"]


def test_scope_coders_and_recompute(window: MainWindow, qtbot: QtBot) -> None:
    dialog = open_view(window, qtbot)
    assert [dialog.scope.itemText(i) for i in range(dialog.scope.count())] == ["Corpus", "S/2017/130"]
    dialog.scope.setCurrentIndex(1)
    assert dialog.model.rowCount() == 3  # POC, technology, all themes: the one document's lines
    window.store.tag("S-2017-130", ["para_5"], "poc", coder="lee")  # lee comes round to kim's view
    dialog.compute()
    dialog.compute()  # asked again while the first runs: computed once more when it ends
    assert dialog.again
    computed(qtbot, dialog)
    assert not dialog.again
    assert dialog.scope.currentText() == "S/2017/130"  # the scope stays
    poc = row_of(dialog, "Protection of civilians")
    assert dialog.model.index(poc, 3).data() == "1.00"  # κ
    dialog.coders.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.compute()
    assert dialog.model.rowCount() == 0
    assert dialog.message.text() == "tick two coders or more to compare them"
    window.store.tag("S-2017-130", ["para_83"], "poc", coder="ali")  # a colleague merged meanwhile
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    computed(qtbot, dialog)
    ticked = [(dialog.coders.item(i).text(), dialog.coders.item(i).checkState() == Qt.CheckState.Checked)
              for i in range(dialog.coders.count())]
    assert ticked == [("ali", True), ("kim", True), ("lee", False)]  # lee stays unticked
    assert dialog.report is not None and dialog.report.coders == ("ali", "kim")


def test_passages_are_shown_as_plain_text(qtbot: QtBot, tmp_path: Path) -> None:
    with Store(tmp_path / "hostile.db") as store:
        doc = import_text(store, tmp_path, "hostile.txt",
                          "Note\n\n1. Look <img src=/dev/zero> <b>here</b>.\n\n2. Nothing.\n")
        store.tag(doc, ["para_1"], "poc", coder="kim")
        store.tag(doc, ["para_2"], "poc", coder="lee")
        jumps: list[tuple[str, str]] = []
        dialog = AgreementDialog(store, lambda d, e: jumps.append((d, e)))
        qtbot.addWidget(dialog)
        computed(qtbot, dialog)
        dialog.table.selectRow(0)
        item = dialog.disagreements.item(0)
        assert "Look <img src=/dev/zero> <b>here</b>." in item.text()  # a list item is plain text
        assert item.toolTip() == "<p>Look &lt;img src=/dev/zero&gt; &lt;b&gt;here&lt;/b&gt;.</p>"
        dialog.open_item(item)
        assert jumps == [(doc, "para_1")]


def test_one_coder_is_told_what_is_missing(qtbot: QtBot, tmp_path: Path) -> None:
    with Store(tmp_path / "alone.db") as store:
        store.tag("S-2017-130", ["para_1"], "poc", coder="kim")
        dialog = AgreementDialog(store, lambda d, e: None)
        qtbot.addWidget(dialog)
        computed(qtbot, dialog)
        assert dialog.message.text().startswith("agreement needs two coders or more; only kim has annotations")
        assert dialog.model.rowCount() == 0

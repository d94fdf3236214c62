"""The Agreement view with the suggestions as a coder: one analyst's coding of real UNMIK reports compared with
the suggestions learned from it (each report suggested on by a model that did not learn from it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.analysis.suggest_coder import SUGGESTIONS_CODER
from gui.store import Store
from gui.ui.team.agreement_view import AgreementDialog
from tests.analysis.test_agreement_view import computed
from tests.analysis.test_suggest import coded_db, db  # noqa: F401  (the coded reports, one coder: "team")


def test_one_analyst_compared_with_the_suggestions(db: Path, qtbot: QtBot) -> None:  # noqa: F811
    store = Store(db, import_corpus=False)
    dialog = AgreementDialog(store, lambda doc_id, eid: None)
    qtbot.addWidget(dialog)
    computed(qtbot, dialog)
    assert dialog.report is None and "two coders" in dialog.message.text()  # one coder: nobody to compare with
    with qtbot.waitSignal(dialog.computed, timeout=120_000):
        dialog.with_suggestions.setChecked(True)
    assert dialog.report is not None and dialog.report.coders == ("team", SUGGESTIONS_CODER)
    headers = [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dialog.model.columnCount())]
    assert headers == ["Theme", "Units", "Agreement", "κ", "α", "Both", "Only team", f"Only {SUGGESTIONS_CODER}",
                       "Neither"]
    pooled = dialog.report.theme_figures(None)
    assert pooled.kappa is not None and pooled.both > 0  # the suggestions found some of the team's codes
    assert not [a for a in store.annotations() if a.coder == SUGGESTIONS_CODER]  # nothing written
    dialog.close()
    store.close()

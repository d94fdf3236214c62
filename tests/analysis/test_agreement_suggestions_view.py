"""The Agreement view with the suggestions as a coder: one analyst's coding of real UNMIK reports compared with
the suggestions learned from it (each report suggested on by a model that did not learn from it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.analysis.suggest_coder import SUGGESTIONS_CODER
from gui.store import Store
from gui.store.coding_table import import_coding, read_coding_table
from gui.ui.team.agreement_view import AgreementDialog
from tests.analysis.test_agreement_view import computed

CODING = Path(__file__).resolve().parents[1] / "data" / "coding"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The four coded reports of tests/data/coding, the team's coding brought in: one coder."""
    with Store(tmp_path / "coded.db", import_corpus=False) as store:
        bulk = store.bulk_import()
        for pdf in sorted(CODING.glob("*.pdf")):
            bulk.add(pdf)
        bulk.finish()
        import_coding(store, read_coding_table(CODING / "codes.csv"), coder="team")
        yield store


def test_one_analyst_compared_with_the_suggestions(store: Store, qtbot: QtBot) -> None:
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

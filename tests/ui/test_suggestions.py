"""Suggestions in the window, on real UNMIK reports coded by an expert team: ghost bars arrive from the worker,
Y accepts (one undo step, provenance recorded), X rejects (remembered; undo forgets), S steps."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from gui.store import Store
from gui.store.coding_table import import_coding, read_coding_table
from gui.ui.coding.suggest_worker import SuggestResult
from gui.ui.shell.window import MainWindow

CODING = Path(__file__).resolve().parents[1] / "data" / "coding"


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("coded") / "coded.db"
    with Store(path, import_corpus=False) as store:
        bulk = store.bulk_import()
        for pdf in sorted(CODING.glob("*.pdf")):
            bulk.add(pdf)
        bulk.finish()
        import_coding(store, read_coding_table(CODING / "codes.csv"), coder="team")
    return path


@pytest.fixture
def window(qtbot: object, coded: Path, tmp_path: Path) -> object:
    db = tmp_path / "w.db"
    shutil.copy(coded, db)
    store = Store(db, import_corpus=False)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(store, settings)
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    yield w
    w.close()
    store.close()


def latest(w: MainWindow) -> Callable[[SuggestResult], bool]:
    """The worker's answer to the last question asked (an earlier one may still arrive first)."""
    return lambda result: result.number == w.suggestions.runner.number


def test_ghost_bars_accept_reject_and_undo(qtbot: object, window: MainWindow) -> None:
    w = window
    store = w.store
    doc_id = store.document_id("S/2003/675")
    w.open_document(doc_id)
    with qtbot.waitSignal(w.suggestions.runner.ready, timeout=300_000,  # type: ignore[attr-defined]
                          check_params_cb=latest(w)):
        w.actions_by_id["suggest-toggle"].trigger()  # on: learns on the worker
    assert w.suggestions.on and w.reader.ghosts, "the worker's suggestions become ghost bars"
    assert w.suggestions.panel.list.topLevelItemCount() == len(w.suggestions.shown())
    panel = w.suggestions.panel  # said in the analyst's words, not the model's
    assert panel.list.headerItem().text(2) == "How sure"
    assert panel.list.topLevelItem(0).text(2).endswith(" %")
    assert panel.status.text().startswith("Learned from ") and "coded paragraph" in panel.status.text()
    assert "marginalia-linear" not in panel.status.text() and "threshold" not in panel.status.text()
    assert all(t.name in panel.status.toolTip() for t in w.suggestions.model.themes)  # type: ignore[union-attr]
    w.reader.set_current(0)
    w.actions_by_id["suggestion-next"].trigger()  # S: to the first paragraph with a suggestion
    eid = w.reader.current_eid()
    assert eid in w.reader.ghosts
    best = w.suggestions.here()[0]
    before = len(store.annotations(doc=doc_id, coder=w.coder))
    w.actions_by_id["suggestion-accept"].trigger()  # Y
    made = [a for a in store.annotations(doc=doc_id, eid=eid, coder=w.coder) if a.theme_id == best.theme_id]
    assert len(made) == 1 and made[0].extra["suggestion"]["score"] == round(best.score, 4)
    assert not any(s.theme_id == best.theme_id for s in w.suggestions.here())  # its ghost is gone
    w.undo_stack.undo()  # one step takes it away
    assert len(store.annotations(doc=doc_id, coder=w.coder)) == before
    w.undo_stack.redo()
    assert len(store.annotations(doc=doc_id, coder=w.coder)) == before + 1
    w.undo_stack.undo()
    with qtbot.waitSignal(w.suggestions.runner.ready, timeout=300_000,  # type: ignore[attr-defined]
                          check_params_cb=latest(w)):
        w.suggestions.refresh(now=True)
    target = w.suggestions.here()[0]
    w.actions_by_id["suggestion-reject"].trigger()  # X
    assert (doc_id, target.eid, target.theme_id) in store.rejected_suggestions(doc_id, coder=w.coder)
    assert not any(s.theme_id == target.theme_id for s in w.suggestions.here())
    with qtbot.waitSignal(w.suggestions.runner.ready, timeout=300_000,  # type: ignore[attr-defined]
                          check_params_cb=latest(w)):
        w.undo_stack.undo()  # the rejection is forgotten, and the suggestion asked again
    assert (doc_id, target.eid, target.theme_id) not in store.rejected_suggestions(doc_id, coder=w.coder)
    assert any(s.theme_id == target.theme_id for s in w.suggestions.here())


def test_bulk_accept_from_the_suggestions_tab_is_one_undo_step(qtbot: object, window: MainWindow) -> None:
    w = window
    w.open_document(w.store.document_id("S/2003/421"))
    panel = w.suggestions.panel
    panel.scope.setCurrentIndex(panel.scope.findData("library"))  # the whole library's suggestions
    with qtbot.waitSignal(w.suggestions.runner.ready, timeout=300_000,  # type: ignore[attr-defined]
                          check_params_cb=latest(w)):
        w.actions_by_id["suggest-toggle"].trigger()
    assert panel.list.topLevelItemCount() >= 2
    assert len({s.doc_id for s in w.suggestions.shown()}) >= 2
    panel.list.selectAll()
    chosen = panel.selected()
    before = len(w.store.annotations(coder=w.coder))
    panel.accept.click()
    assert len(w.store.annotations(coder=w.coder)) == before + len(chosen)
    assert w.undo_stack.count() == 1
    w.undo_stack.undo()
    assert len(w.store.annotations(coder=w.coder)) == before


def test_import_coding_table_from_the_window(qtbot: object, window: MainWindow, tmp_path: Path) -> None:
    from gui.ui.team.coding_import import run_coding_import

    table = tmp_path / "t.csv"
    table.write_text("document,paragraph,theme\nS/1999/779,3,Window theme\nS/1999/779,999,Window theme\n",
                     encoding="utf-8")
    with qtbot.waitSignal(window.undo_stack.indexChanged, timeout=120_000):  # type: ignore[attr-defined]
        assert run_coding_import(window, table) is not None  # pushed as one step when it has landed
    assert len(window.store.annotations(theme="Window theme")) == 1
    window.undo_stack.undo()
    assert window.store.annotations(theme="Window theme") == []


def test_code_hits_from_the_search_tab_is_one_undo_step(qtbot: object, window: MainWindow) -> None:
    w = window
    doc_id = w.store.document_id("S/2003/675")
    w.search.box.setText("police")
    w.search.doc.setCurrentIndex(w.search.doc.findData(doc_id))
    theme = w.store.add_theme("Policing (search)")
    w.reload_themes()
    with qtbot.waitSignal(w.code_hits.planned, timeout=120_000) as blocker:  # type: ignore[attr-defined]
        assert w.code_hits.start(theme.id, ask=False) is not None
    found = blocker.args[0]
    assert found.targets and {t.doc_id for t in found.targets} == {doc_id}
    assert len(w.store.annotations(theme=theme.id)) == len(found.targets)
    w.undo_stack.undo()
    assert w.store.annotations(theme=theme.id) == []

"""The search panel's document filter is a model over the library's labels: 10,000 documents are not 10,000
combo-box items made at each start, and the chosen document stays chosen when the library changes."""

from __future__ import annotations

from gui.ui.shell.window import MainWindow
from gui.ui.widgets.panels import SearchPanel


def test_the_document_filter_reads_the_labels_into_a_model(window: MainWindow) -> None:
    search = window.search
    assert search.doc.model() is search.doc_choices
    assert search.doc.count() == 5 and search.doc.itemText(0) == "All documents"
    assert search.doc.currentData() is None
    search.doc.setCurrentIndex(search.doc_choices.find("S-2017-130"))
    assert search.doc.currentText() == "S/2017/130" and search.doc.currentData() == "S-2017-130"
    window.store.rename_document("S-2016-1017", "Renamed")  # the library changes: the filters are set again
    search.set_filters(window.themes, window.store.document_labels())
    assert search.doc.currentData() == "S-2017-130"  # still the chosen one


def test_ten_thousand_documents_and_one_removed(qtbot: object) -> None:
    panel = SearchPanel()
    docs = [(f"doc-{i}", f"S/2025/{i}") for i in range(10_000)]
    panel.set_filters([], docs)
    panel.doc.setCurrentIndex(panel.doc_choices.find("doc-9000"))
    assert panel.doc.currentText() == "S/2025/9000"
    panel.set_filters([], docs[:9000] + docs[9001:])  # the chosen one removed: back to every document
    assert panel.doc.currentIndex() == 0 and panel.doc.currentData() is None
    panel.set_filters([], [])
    assert panel.doc.count() == 1


def test_open_names_a_document_by_one_row_and_refuses_an_unknown_one(tmp_path: object) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.conftest import ROOT

    db, shot = Path(str(tmp_path)) / "o.db", Path(str(tmp_path)) / "o.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = [sys.executable, "-m", "gui", "--db", str(db), "--screenshot", str(shot), "--open"]
    bad = subprocess.run([*run, "S-1999-1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no document 'S-1999-1'" in bad.stderr and not shot.exists()
    good = subprocess.run([*run, "S-2017-130"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and shot.stat().st_size > 10_000
    shot.unlink()
    by_symbol = subprocess.run([*run, "S/2017/130", "--at", "para_83"], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=120)  # as the library shows it, and as the commands take it
    assert by_symbol.returncode == 0, by_symbol.stderr
    assert shot.stat().st_size > 10_000

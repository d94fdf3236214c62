"""The coding query window keeps documents by the library's filter words, added from the attributes' values."""

from __future__ import annotations

from gui.ui.shell.window import MainWindow
from gui.ui.team.query_view import QueryDialog


def run(dialog: QueryDialog, qtbot: object) -> None:
    """Run the query and wait for its count, which follows the first page (the status says both)."""
    dialog.run()
    assert dialog.status.text() == "Searching…"
    qtbot.waitUntil(lambda: "satisfy it" in dialog.status.text(), timeout=20000)  # type: ignore[attr-defined]


def test_the_query_window_keeps_documents_by_their_attributes(window: MainWindow, qtbot: object) -> None:
    store = window.store
    for doc, eid in (("S-2016-1017", "para_3"), ("S-2017-130", "para_83"), ("WGPKO-report-2021", "para_18")):
        store.tag(doc, [eid], "poc-dialogue")
    store.set_attributes(["WGPKO-report-2021"], {"country": "South Sudan"})
    dialog = QueryDialog(store, window.jump_to, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    # the attributes' values are read by a worker, then offered most frequent first
    qtbot.waitUntil(lambda: "country" in dialog.values, timeout=20000)  # type: ignore[attr-defined]
    dialog.attribute.setCurrentIndex(dialog.attribute.findText("type"))
    assert [dialog.value.itemText(i) for i in range(dialog.value.count())] == ["letter"]
    dialog._add_filter()
    dialog.attribute.setCurrentIndex(dialog.attribute.findText("country"))
    dialog.value.setCurrentIndex(dialog.value.findText("South Sudan"))
    dialog._add_filter()
    dialog._add_filter()  # the same word is not added twice
    assert dialog.documents.text() == 'type:letter country:"South Sudan"'
    dialog.expression.setText("POC")
    run(dialog, qtbot)
    assert [dialog.results.item(i).text().split("\n")[0] for i in range(dialog.results.count())] == [
        "WGPKO-report-2021, para. 18"]
    assert dialog.status.text().startswith('POC in the 1 document(s) kept by type:letter country:"South Sudan": '
                                           "1 paragraph(s) satisfy it")
    dialog.documents.setText("2016..2017")  # years, typed as in the library's filter box
    run(dialog, qtbot)
    assert [dialog.results.item(i).text().split("\n")[0] for i in range(dialog.results.count())] == [
        "S/2016/1017, para. 3", "S/2017/130, para. 83"]
    dialog.documents.clear()  # every document again
    run(dialog, qtbot)
    assert dialog.results.count() == 3

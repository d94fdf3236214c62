"""The coding query window shows each passage whole up to a length, then cut after a word with "…"."""

from __future__ import annotations

from gui.ui.shell.window import MainWindow
from gui.ui.team.query_view import QueryDialog


def test_a_long_passage_in_the_query_results_is_cut_after_a_word_and_says_so(window: MainWindow,
                                                                             qtbot: object) -> None:
    store = window.store
    document = store.document("S-2017-130")
    long = next(b for b in document.blocks if b.kind.value == "paragraph" and len(" ".join(b.text.split())) > 700)
    store.tag("S-2017-130", [long.eid], "police")
    dialog = QueryDialog(store, window.jump_to, window)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.expression.setText("Policing")
    dialog.run()  # (not waitSignal on the worker's signal: it is emitted from a Python thread)
    qtbot.waitUntil(lambda: "satisfy it" in dialog.status.text(), timeout=20000)  # type: ignore[attr-defined]
    shown = dialog.results.item(0).text().split("\n", 1)[1]
    whole = " ".join(long.text.split())
    assert shown.endswith("…") and len(shown) <= 601
    assert whole.startswith(shown[:-1]) and whole[len(shown) - 1] == " "  # cut between two words, not inside one

"""Compare coders in the reader, driven as a lead analyst would: a column per coder in the margin, D / Shift+D
from one disagreement to the next, a coder's decision adopted as the consensus (undoable), and back."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from gui.analysis.agreement import CONSENSUS, compare
from gui.export import export
from gui.store import Store
from gui.ui.keymap import ACTIONS
from gui.ui.reader.reader_margin import COLUMN, GUTTER, HEADER, column_left
from gui.ui.shell import view_actions
from gui.ui.shell.window import MainWindow
from gui.ui.widgets.appearance import contrast

DOC = "S-2017-130"
MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def two_coders(make_window: MakeWindow, tmp_path: Path) -> MainWindow:
    """alice and bob coded S/2017/130 (made with the Store API, as a merge of their work would leave it):
    para. 3 POC alice only; 4 partners both; 5 POC both; 6 POC alice, intel both; 7 intel bob only, early
    warning (a POC sub-theme) alice only; 8 POC alice, tech on words bob only; 83 POC both. Seven
    disagreements: POC on 3, 6, 7 (through the sub-theme) and 8; early warning and intel on 7; tech on 8."""
    with Store(tmp_path / "ui.db") as store:
        store.tag(DOC, ["para_3", "para_5", "para_6", "para_8", "para_83"], "poc", coder="alice")
        store.tag(DOC, ["para_5", "para_83"], "poc", coder="bob")
        store.tag(DOC, ["para_4"], "partners", coder="alice")
        store.tag(DOC, ["para_4"], "partners", coder="bob")
        store.tag(DOC, ["para_6"], "intel", coder="alice")
        store.tag(DOC, ["para_6", "para_7"], "intel", coder="bob")
        store.tag(DOC, ["para_7"], "poc-early-warning", coder="alice")
        store.tag(DOC, ["para_8"], "tech", coder="bob", span=(0, 30))
    window = make_window(tmp_path / "ui.db")
    window.resize(1200, 800)
    window.open_document(DOC, at="para_1")
    return window


def shown(window: MainWindow) -> QImage:
    window.reader.viewport().repaint()
    return window.reader.viewport().grab().toImage()


def block_top(window: MainWindow, eid: str) -> int:
    reader = window.reader
    block = reader.document().findBlock(reader.placed[reader.by_eid[eid]].start)
    return int(reader.document().documentLayout().blockBoundingRect(block).top() - reader.verticalScrollBar().value())


def test_compare_mode_has_a_shortcut_of_its_own_and_shows_a_column_per_coder(two_coders: MainWindow) -> None:
    window, reader = two_coders, two_coders.reader
    shortcuts = [s for spec in ACTIONS for s in spec.shortcuts]
    assert shortcuts.count("Ctrl+Shift+C") == 1 and shortcuts.count("D") == 1
    assert window.actions_by_id["compare"].shortcut() == QKeySequence("Ctrl+Shift+C")
    window.actions_by_id["compare"].trigger()
    assert window.compare.active and window.actions_by_id["compare"].isChecked()
    columns = reader.compare_columns
    assert columns is not None
    assert [c.coder for c in columns.columns] == ["alice", "bob"]  # everyone with annotations here
    # Blocks where they decided differently on some theme; para. 4, 5 and 83 they coded alike.
    assert columns.disagreeing == {"para_3", "para_6", "para_7", "para_8"}
    assert reader.gutter > GUTTER and reader.document().rootFrame().frameFormat().leftMargin() == (
        reader.gutter + reader.inset)
    # The bars as painted: alice's POC bar in her column on para. 3, nothing in bob's.
    reader.go_to("para_3")
    image, top = shown(window), block_top(window, "para_3") + 10
    poc = QColor(window.store.theme("poc").color)
    alice_x, bob_x = (column_left(k) + reader.inset + 4 + 2 for k in (0, 1))
    assert image.pixelColor(alice_x, top) == poc
    assert image.pixelColor(bob_x, top) != poc
    window.actions_by_id["compare"].trigger()  # leave: the usual margin again
    assert not window.compare.active and reader.compare_columns is None
    assert reader.gutter == GUTTER and reader.document().rootFrame().frameFormat().leftMargin() == GUTTER + (
        reader.inset)
    assert shown(window).pixelColor(GUTTER + reader.inset - 22 + 2, block_top(window, "para_3") + 10) == poc


def test_the_chooser_picks_the_coders_compared(two_coders: MainWindow) -> None:
    window = two_coders
    window.compare.enter()
    menu = window.compare.chooser.menu()
    assert [a.text() for a in menu.actions()] == ["alice", "bob"] and all(a.isChecked() for a in menu.actions())
    next(a for a in menu.actions() if a.text() == "bob").setChecked(False)
    columns = window.reader.compare_columns
    assert columns is not None and [c.coder for c in columns.columns] == ["alice"]
    assert columns.disagreeing == frozenset()  # alone, alice disagrees with nobody
    next(a for a in window.compare.chooser.menu().actions() if a.text() == "bob").setChecked(True)
    assert len(window.compare.comparison.disagreements) == 7  # type: ignore[union-attr]


def test_keys_go_from_one_disagreement_to_the_next_and_say_which(two_coders: MainWindow, qtbot: QtBot) -> None:
    window, reader = two_coders, two_coders.reader
    window.compare.enter()
    reader.setFocus()
    qtbot.keyClick(reader, Qt.Key.Key_D)
    assert reader.current_eid() == "para_3" and reader.selected_eids() == ["para_3"]
    assert window.statusBar().currentMessage() == "disagreement 1 of 7: POC — alice tagged, bob not"
    visited = [reader.current_eid()]
    for _ in range(6):
        qtbot.keyClick(reader, Qt.Key.Key_D)
        visited.append(reader.current_eid())
    assert visited == ["para_3", "para_6", "para_7", "para_7", "para_7", "para_8", "para_8"]
    qtbot.keyClick(reader, Qt.Key.Key_D)
    assert reader.current_eid() == "para_8"
    assert window.statusBar().currentMessage() == "No more disagreements after this block (7 in this document)"
    qtbot.keyClick(reader, Qt.Key.Key_D, Qt.KeyboardModifier.ShiftModifier)
    assert window.statusBar().currentMessage() == "disagreement 6 of 7: POC — alice tagged, bob not"
    assert window.compare.counter.text().strip() == "6 of 7"
    qtbot.keyClick(reader, Qt.Key.Key_K)  # moving by hand: the counter follows, at the block's first
    assert reader.current_eid() == "para_7" and window.compare.counter.text().strip() == "3 of 7"
    qtbot.keyClick(reader, Qt.Key.Key_Home)
    assert window.compare.counter.text().strip() == "– of 7"


def test_the_disagreements_in_order_and_the_reader_scrolls_to_them(two_coders: MainWindow, qtbot: QtBot) -> None:
    window, reader = two_coders, two_coders.reader
    window.compare.enter()
    messages = []
    for _ in range(7):
        window.actions_by_id["next-disagreement"].trigger()
        messages.append((reader.current_eid(), window.statusBar().currentMessage()))
    assert messages == [
        ("para_3", "disagreement 1 of 7: POC — alice tagged, bob not"),
        ("para_6", "disagreement 2 of 7: POC — alice tagged, bob not"),
        ("para_7", "disagreement 3 of 7: POC — alice tagged, bob not"),  # through her sub-theme
        ("para_7", "disagreement 4 of 7: POC › Early warning and rapid response — alice tagged, bob not"),
        ("para_7", "disagreement 5 of 7: Intelligence & information — bob tagged, alice not"),
        ("para_8", "disagreement 6 of 7: POC — alice tagged, bob not"),
        ("para_8", "disagreement 7 of 7: Technology & innovation — bob tagged, alice not"),  # his words count
    ]
    window.store.tag(DOC, ["para_100"], "ct", coder="bob")
    window.refresh_annotations()
    window.undo_stack.indexChanged.emit(0)  # as after any edit: the comparison is read again
    bar = reader.verticalScrollBar()
    before = bar.value()
    window.actions_by_id["next-disagreement"].trigger()
    assert reader.current_eid() == "para_100" and bar.value() > before  # scrolled down to it
    assert window.statusBar().currentMessage().startswith("disagreement 8 of 8: ")


def test_adopt_a_decision_as_the_consensus_one_undo_step_each(two_coders: MainWindow) -> None:
    window, reader, store = two_coders, two_coders.reader, two_coders.store
    window.compare.enter()
    poc, intel = store.theme("poc").id, store.theme("intel").id

    def consensus(eid: str) -> set[tuple[int, tuple[int, int] | None]]:
        return {(a.theme_id, a.span) for a in store.annotations(doc=DOC, eid=eid, coder=CONSENSUS)}

    reader.go_to("para_6")
    steps = window.undo_stack.count()
    assert window.compare.adopt("alice") is not None  # every theme of the block: POC and intel
    assert consensus("para_6") == {(poc, None), (intel, None)}
    columns = window.reader.compare_columns
    assert columns is not None and [c.coder for c in columns.columns] == ["alice", "bob", CONSENSUS]
    assert window.compare.comparison is not None and len(window.compare.comparison.disagreements) == 7
    kept = store.annotations(doc=DOC, eid="para_6", coder=CONSENSUS, theme="intel")[0].id
    assert window.compare.adopt("bob") is not None  # bob's: intel stays (the same annotation), POC goes
    assert consensus("para_6") == {(intel, None)}
    assert store.annotations(doc=DOC, eid="para_6", coder=CONSENSUS)[0].id == kept
    assert window.undo_stack.count() == steps + 2
    assert window.undo_stack.undoText() == "Adopt bob's decision on every theme in para. 6 as consensus"
    window.undo_stack.undo()
    assert consensus("para_6") == {(poc, None), (intel, None)}
    window.undo_stack.undo()
    assert consensus("para_6") == set()
    columns = window.reader.compare_columns
    assert columns is not None and [c.coder for c in columns.columns] == ["alice", "bob"]
    window.undo_stack.redo()
    assert consensus("para_6") == {(poc, None), (intel, None)}
    # One theme only: bob's decision on POC at para. 8, his words on tech are not touched.
    reader.go_to("para_8")
    window.compare.adopt("alice", poc)
    assert consensus("para_8") == {(poc, None)}
    window.compare.adopt("bob", store.theme("tech").id)
    assert consensus("para_8") == {(poc, None), (store.theme("tech").id, (0, 30))}  # the same words
    steps = window.undo_stack.count()
    assert window.compare.adopt("bob", store.theme("tech").id) is None  # already so: no empty undo step
    assert window.undo_stack.count() == steps
    # The consensus is a coder like any other: in the agreement and in the exports.
    report = compare(store, coders=["alice", CONSENSUS])
    assert report.theme_figures(poc).both == 2
    out = Path(window.store.path).parent / "notes.csv"
    export(store, "csv", out, doc=DOC)
    with out.open(encoding="utf-8-sig") as file:
        coders = {row["coder"] for row in csv.DictReader(file)}
    assert CONSENSUS in coders


def test_a_subtheme_decision_is_adopted_with_its_theme(two_coders: MainWindow) -> None:
    window, store = two_coders, two_coders.store
    window.compare.enter()
    window.reader.go_to("para_7")
    window.compare.adopt("alice", store.theme("poc").id)  # POC: alice tagged it through early warning
    assert [a.theme_id for a in store.annotations(doc=DOC, eid="para_7", coder=CONSENSUS)] == [
        store.theme("poc-early-warning").id]


def test_the_adopt_key_offers_each_coders_decision_on_the_block(two_coders: MainWindow, qtbot: QtBot) -> None:
    window, reader = two_coders, two_coders.reader
    window.compare.enter()
    reader.go_to("para_3")
    reader.setFocus()
    seen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions() if not a.isSeparator())
        next(a for a in menu.actions() if a.text().startswith("&1 ")).trigger()
        menu.close()

    QTimer.singleShot(50, pick)
    qtbot.keyClick(reader, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["&1 alice: POC tagged", "&2 bob: POC not tagged",
                    "alice's decision on every theme of para. 3 (POC)",
                    "bob's decision on every theme of para. 3 (no theme)"]
    assert [a.theme for a in window.store.annotations(doc=DOC, eid="para_3", coder=CONSENSUS)] == [
        "Protection of civilians (POC)"]


def test_with_two_others_the_consensus_does_not_make_disagreements(two_coders: MainWindow) -> None:
    window = two_coders
    window.compare.enter()
    window.reader.go_to("para_5")
    window.compare.adopt("bob", None)  # bob and alice agree here: POC
    assert window.compare.comparison is not None
    assert window.compare.comparison.coders == ("alice", "bob")
    assert len(window.compare.comparison.disagreements) == 7
    bob = next(a for a in window.compare.chooser.menu().actions() if a.text() == "bob")
    bob.setChecked(False)  # alice against the consensus: every block alice tagged and it has not
    assert window.compare.comparison.coders == ("alice", CONSENSUS)
    assert {d.eid for d in window.compare.comparison.disagreements} == {"para_3", "para_4", "para_6", "para_7",
                                                                        "para_8", "para_83"}


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_coders_names_are_legible_on_either_palette(two_coders: MainWindow, look: str) -> None:
    window, reader = two_coders, two_coders.reader
    view_actions.appearance(window, look)
    window.compare.enter()
    image = shown(window)
    background = image.pixelColor(column_left(0) + reader.inset + 1, 2)
    best = max(contrast(image.pixelColor(x, y), background)
               for x in range(column_left(0) + reader.inset, column_left(0) + reader.inset + COLUMN - 2)
               for y in range(2, HEADER - 2))
    assert best >= 4.5, (look, background.name())
    view_actions.appearance(window, "light")


def test_the_agreement_view_opens_a_document_in_compare_mode(two_coders: MainWindow, qtbot: QtBot) -> None:
    from gui.ui.team.agreement_view import AgreementDialog

    window = two_coders
    window.open_document("WGPKO-report-2021")
    window.actions_by_id["agreement"].trigger()
    dialog = next(v for v in window.views if isinstance(v, AgreementDialog))
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=10_000)
    assert dialog.compare_button.isVisible() and not dialog.compare_button.isEnabled()  # the corpus: which one?
    dialog.scope.setCurrentIndex(dialog.scope.findData(DOC))
    assert dialog.compare_button.isEnabled()
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert window.doc_id == DOC and window.compare.active
    assert window.reader.current_eid() == "para_3"  # at the first disagreement
    assert window.statusBar().currentMessage() == "disagreement 1 of 7: POC — alice tagged, bob not"
    window.compare.leave()
    dialog.table.selectRow(dialog.model.rowCount() - 1)  # all themes: every disagreement listed
    dialog.disagreements.setCurrentRow(dialog.disagreements.count() - 1)
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert window.compare.active and window.reader.current_eid() == "para_8"
    dialog.close()


def test_another_document_compares_its_own_coders_and_keeps_the_mode(two_coders: MainWindow) -> None:
    window = two_coders
    window.store.tag("WGPKO-report-2021", ["para_2"], "poc", coder="carol")
    window.compare.enter()
    next(a for a in window.compare.chooser.menu().actions() if a.text() == "bob").setChecked(False)
    window.open_document("WGPKO-report-2021")
    columns = window.reader.compare_columns
    assert window.compare.active and columns is not None
    assert [c.coder for c in columns.columns] == ["carol"]  # everyone with annotations in this document
    assert "para_2" in columns.columns[0].solid
    window.open_document(DOC)
    columns = window.reader.compare_columns
    assert columns is not None and [c.coder for c in columns.columns] == ["alice", "bob"]  # the chooser afresh
    window.actions_by_id["zoom-in"].trigger()  # laid out again at a larger size: still comparing
    assert window.reader.compare_columns is not None and window.reader.gutter > GUTTER


def test_the_coders_names_stay_at_the_top_when_the_text_scrolls(two_coders: MainWindow, qtbot: QtBot) -> None:
    """Found trying the window on X11: after D scrolled the reader (or the wheel did), the names above the
    columns had gone — the viewport's scroll moved them up with the text and only the newly exposed strip was
    painted. What is on the screen (the window's backing store, not a fresh render) keeps the header."""
    window, reader = two_coders, two_coders.reader
    window.actions_by_id["compare"].trigger()
    qtbot.waitExposed(window)
    qtbot.wait(50)

    def header_on_screen() -> QImage:
        QApplication.processEvents()
        top_left = reader.viewport().mapTo(window, reader.viewport().rect().topLeft())
        screen = window.screen().grabWindow(window.winId()).toImage()
        left = top_left.x() + column_left(0) + reader.inset
        return screen.copy(left, top_left.y(), 2 * COLUMN, HEADER)

    painted = header_on_screen()
    window_colour = reader.palette().color(reader.palette().ColorRole.Window)
    assert painted.pixelColor(COLUMN // 2, 1) == window_colour  # the strip is drawn in the window's colour
    for step in (40, 37, 300):
        reader.verticalScrollBar().setValue(reader.verticalScrollBar().value() + step)
        qtbot.wait(20)
        after = header_on_screen()
        assert after.pixelColor(COLUMN // 2, 1) == window_colour
        assert after == painted  # the names, unmoved


def test_a_coder_with_an_ampersand_is_named_as_written_in_the_chooser(two_coders: MainWindow) -> None:
    """Found trying the window: a coder "eve & co" showed in the chooser's button as "eve _co" (the "&" taken
    for a keyboard mnemonic), though the chooser's menu named them right."""
    window = two_coders
    window.store.tag(DOC, ["para_3"], "poc", coder="eve & co")
    window.actions_by_id["compare"].trigger()
    chooser = window.compare.chooser
    assert chooser.text() == "alice, bob, eve && co"  # Qt shows "&&" as one "&"
    assert [a.text() for a in chooser.menu().actions()] == ["alice", "bob", "eve && co"]


def test_compare_in_reader_shows_the_disagreement_and_the_agreement_window_is_not_held_on_top(
        two_coders: MainWindow, qtbot: QtBot) -> None:
    """Agreement ▸ Compare in Reader said "disagreement 8 of 8 … para. 100" with para. 100 off screen: the
    coders' columns widened the margin and the text reflowed under it. And the Agreement view was a dialog
    held above the reader."""
    from gui.ui.team.agreement_view import AgreementDialog

    window = two_coders
    window.store.tag(DOC, ["para_100"], "poc", coder="alice")  # far down the report
    window.actions_by_id["agreement"].trigger()
    [dialog] = [v for v in window.views if isinstance(v, AgreementDialog)]
    assert dialog.parentWidget() is None and dialog.isWindow()  # a window of its own, beside the main one
    qtbot.waitUntil(lambda: dialog.worker is None and dialog.report is not None, timeout=30_000)
    dialog.scope.setCurrentIndex(dialog.scope.findData(DOC))
    dialog.table.selectRow(dialog.model.rowCount() - 1)
    far = next(r for r in range(dialog.disagreements.count())
               if "para. 100 " in dialog.disagreements.item(r).text())
    dialog.disagreements.setCurrentRow(far)
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert window.compare.active and window.reader.current_eid() == "para_100"
    reader = window.reader

    def in_view() -> bool:
        top = block_top(window, "para_100")
        return 0 <= top < reader.viewport().height() - 20

    qtbot.waitUntil(in_view, timeout=30_000)
    assert "para. 100" not in window.statusBar().currentMessage() or in_view()
    window.close()
    qtbot.waitUntil(lambda: not window.views, timeout=30_000)  # it closed with the main window

"""The Themes panel and sub-themes in the window: the codebook in view with its counts, a click filtering the
margin and the search, a double-click listing passages, drag and drop nesting and reordering (undoable), the
right-click menu, the reader's menu with sub-themes, the default codebook's sub-themes, F1."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QColorDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from gui.store import Store
from gui.ui.coding import codebook, theme_dialogs
from gui.ui.coding.commands import ThemeRemoval
from gui.ui.coding.themes_panel import ThemeTreeModel, chip_colour
from gui.ui.shell import dialogs
from gui.ui.shell.window import MainWindow
from gui.ui.widgets import appearance
from gui.ui.widgets.appearance import contrast

DOC = "S-2017-130"


def row_of(window: MainWindow, key: str, column: int = 0) -> QModelIndex:
    return window.codebook.panel.model.index_of(window.store.theme(key).id, column)


def counts_of(window: MainWindow, key: str) -> tuple[str, str]:
    return row_of(window, key, 2).data(), row_of(window, key, 3).data()


def wait_counts(window: MainWindow, qtbot: QtBot, key: str, expected: tuple[str, str]) -> None:
    qtbot.waitUntil(lambda: counts_of(window, key) == expected, timeout=30_000)


def click(window: MainWindow, qtbot: QtBot, key: str, double: bool = False) -> None:
    tree = window.codebook.panel.tree
    index = row_of(window, key)
    tree.scrollTo(index)
    at = tree.visualRect(index).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)
    if double:
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)


def bar_colours(window: MainWindow) -> set[str]:
    return {c.name() for bucket in window.reader.themes_of.values() for c in bucket}


def test_the_panel_shows_the_codebook_as_a_tree_with_counts(window: MainWindow, qtbot: QtBot,
                                                            qtmodeltester: object) -> None:
    store = window.store
    store.tag(DOC, ["para_5", "para_7"], "poc")
    store.tag(DOC, ["para_7", "para_40"], "poc-physical")  # para_7 has POC and a POC sub-theme: one passage
    store.tag(DOC, ["para_7"], "poc", coder="colleague")  # and a colleague's POC: still one passage
    store.tag("S-2016-1017", ["para_3"], "poc-early-warning")
    window.refresh_annotations()
    panel = window.codebook.panel
    assert panel.isVisible() and panel.height() > 150 and panel.width() > 200  # in view beside the structure
    model = panel.model
    poc = row_of(window, "poc")
    assert poc.data() == "Protection of civilians (POC)" and row_of(window, "poc", 1).data() == "1"
    assert model.rowCount(poc) == 6  # its six default sub-themes, under it
    assert row_of(window, "poc-physical").parent() == poc
    assert model.rowCount() == len([t for t in store.themes() if t.parent_id is None])
    wait_counts(window, qtbot, "poc", ("3", "4"))  # para 5, 7, 40 here; and the other document's passage
    assert counts_of(window, "poc-physical") == ("2", "2")
    assert counts_of(window, "poc-early-warning") == ("0", "1")
    assert counts_of(window, "intel") == ("0", "0")
    tip = row_of(window, "poc-physical").data(Qt.ItemDataRole.ToolTipRole)
    assert "Protection of civilians (POC) › Physical protection" in tip
    assert store.theme("poc-physical").description in tip and "2 passage(s) in this document" in tip
    assert not poc.data(Qt.ItemDataRole.DecorationRole).isNull()  # the colour chip
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_counts_follow_tags_undo_merges_and_imports(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    wait_counts(window, qtbot, "intel", ("0", "0"))
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_2)  # intel
    wait_counts(window, qtbot, "intel", ("1", "1"))
    window.undo_stack.undo()
    wait_counts(window, qtbot, "intel", ("0", "0"))
    window.store.tag(DOC, ["para_19"], "tech")
    window.refresh_annotations()
    wait_counts(window, qtbot, "tech", ("1", "1"))
    window.codebook.remove(ThemeRemoval(window.store.theme("tech").id, into=window.store.theme("intel").id))
    wait_counts(window, qtbot, "intel", ("1", "1"))
    assert window.store.find_theme("tech") is None
    other = window.store.document("S-2016-1017")
    window.store.tag("S-2016-1017", [b.eid for b in other.blocks if b.kind.value == "paragraph"][:2], "intel")
    window.refresh_library()  # as after an import or a merge of a colleague's annotations
    wait_counts(window, qtbot, "intel", ("1", "3"))


def test_counting_a_large_corpus_is_one_query_off_the_gui_thread(window: MainWindow) -> None:
    # The GUI thread asks; the worker thread's own connection answers (nothing counted on the GUI thread).
    runner = window.codebook.counts
    assert runner._thread.is_alive() and runner._thread.name == "marginalia-theme-counts"
    plan = " ".join(str(r[-1]) for r in window.store.db.execute(
        "EXPLAIN QUERY PLAN SELECT 1 FROM annotations a WHERE a.theme_id = ? AND a.status = 'anchored'", [1]))
    assert "annotations_theme" in plan  # the corpus count reads the theme index


def test_a_click_filters_the_margin_and_the_search_and_the_indicator_clears_it(window: MainWindow,
                                                                               qtbot: QtBot) -> None:
    store = window.store
    store.tag(DOC, ["para_36"], "poc")
    store.tag(DOC, ["para_38"], "poc-early-warning")
    store.tag(DOC, ["para_40"], "tech")
    window.refresh_annotations()
    poc, warning, tech = (store.theme(k).color for k in ("poc", "poc-early-warning", "tech"))
    assert bar_colours(window) == {poc, warning, tech}
    click(window, qtbot, "poc")
    assert bar_colours(window) == {poc, warning}  # POC and its sub-theme: the family
    indicator = window.codebook.filter_button
    assert indicator.isVisible() and indicator.text().startswith("filtered: Protection of civilia")
    assert indicator.text().endswith("✕")
    assert window.search.theme.currentData() == store.theme("poc").id  # the Search tab's theme filter
    assert window.search.results.count() == 0  # a click does not list: that is the double-click
    combo = window.search.theme
    warning_item = combo.findData(store.theme("poc-early-warning").id)
    assert combo.itemText(warning_item) == "\u2003Early warning and rapid response"  # indented under POC
    click(window, qtbot, "tech")
    assert bar_colours(window) == {tech}
    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert bar_colours(window) == {poc, warning, tech} and not indicator.isVisible()
    assert window.search.theme.currentData() is None
    click(window, qtbot, "poc-early-warning")
    assert bar_colours(window) == {warning}
    qtbot.keyClick(window.codebook.panel.tree, Qt.Key.Key_Escape)  # Esc in the panel clears it too
    assert len(bar_colours(window)) == 3


def test_a_double_click_lists_the_themes_passages_with_its_sub_themes(window: MainWindow, qtbot: QtBot) -> None:
    store = window.store
    store.tag(DOC, ["para_36"], "poc")
    store.tag(DOC, ["para_38"], "poc-early-warning")
    store.tag(DOC, ["para_40"], "tech")
    window.left_tabs.setCurrentWidget(window.library)
    click(window, qtbot, "poc", double=True)
    assert window.left_tabs.currentWidget() is window.search
    qtbot.waitUntil(lambda: window.search.results.count() == 2)  # listed by the search thread
    listed = [window.search.results.item(i).text() for i in range(window.search.results.count())]
    assert len(listed) == 2 and "para. 36" in listed[0] and "para. 38" in listed[1]
    click(window, qtbot, "poc-early-warning", double=True)
    qtbot.waitUntil(lambda: window.search.results.count() == 1)


def drop(window: MainWindow, key: str, row: int, on: str | None) -> bool:
    model: ThemeTreeModel = window.codebook.panel.model
    data = model.mimeData([row_of(window, key)])
    parent = row_of(window, on) if on else QModelIndex()
    return model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent)


def test_drag_and_drop_nests_reorders_and_moves_to_the_top_level_each_undoable(window: MainWindow,
                                                                              qtbot: QtBot) -> None:
    store = window.store
    tree = window.codebook.panel.tree
    assert tree.dragEnabled() and tree.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    assert tree.showDropIndicator()  # the line between rows: reorder; the box around a row: nest
    intel, tech = store.theme("intel"), store.theme("tech")
    assert drop(window, "tech", -1, on="intel")  # dropped on a theme: its sub-theme
    qtbot.waitUntil(lambda: store.theme("tech").parent_id == intel.id)
    assert row_of(window, "tech").parent() == row_of(window, "intel")  # the tree shows it there
    assert window.undo_stack.undoText() == "Move theme Technology & innovation under Intelligence & information"
    window.undo_stack.undo()
    assert store.theme("tech").parent_id is None
    assert [t.key for t in store.themes() if t.parent_id is None][1:3] == ["intel", "tech"]  # where it was

    top = [t.key for t in store.themes() if t.parent_id is None]
    assert drop(window, "tech", 0, on=None)  # between rows, at the top: first
    qtbot.waitUntil(lambda: next(t.key for t in store.themes() if t.parent_id is None) == "tech")
    window.undo_stack.undo()
    assert [t.key for t in store.themes() if t.parent_id is None] == top

    subs = [t.key for t in store.subthemes("poc")]
    assert drop(window, subs[3], 0, on="poc")  # reorder among the sub-themes
    qtbot.waitUntil(lambda: store.subthemes("poc")[0].key == subs[3])
    window.undo_stack.undo()
    assert [t.key for t in store.subthemes("poc")] == subs
    window.undo_stack.redo()
    assert store.subthemes("poc")[0].key == subs[3]

    assert drop(window, "poc-crsv", 2, on=None)  # a sub-theme dropped between top-level rows: to the top level
    qtbot.waitUntil(lambda: store.theme("poc-crsv").parent_id is None)
    assert [t.key for t in store.themes() if t.parent_id is None][2] == "poc-crsv"
    window.undo_stack.undo()
    assert store.theme("poc-crsv").parent_id == store.theme("poc").id
    assert tech.id == store.theme("tech").id


def test_a_theme_cannot_be_dropped_under_its_own_sub_theme(window: MainWindow, qtbot: QtBot) -> None:
    model = window.codebook.panel.model
    data = model.mimeData([row_of(window, "poc")])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, row_of(window, "poc-physical"))
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, row_of(window, "poc"))
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, 0, row_of(window, "intel"))
    assert not drop(window, "poc", -1, on="poc-physical")
    qtbot.wait(20)
    assert window.store.theme("poc").parent_id is None and window.undo_stack.count() == 0


def menu_action(menu: QMenu, text: str) -> object:
    for action in menu.actions():
        if action.text().replace("&", "").split("\t")[0] == text:  # without its shortcut hint
            return action
    raise AssertionError(f"no {text!r} in {[a.text() for a in menu.actions()]}")


def test_the_right_click_menu_edits_the_theme(window: MainWindow, qtbot: QtBot,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = window.store
    intel = store.theme("intel")
    menu = window.codebook.build_theme_menu(intel.id)
    assert menu is not None
    monkeypatch.setattr(codebook, "ask_text", lambda *a, **k: ("Intelligence (renamed)", True))
    menu_action(menu, "Rename…").trigger()  # type: ignore[attr-defined]
    assert store.theme(intel.id).name == "Intelligence (renamed)"
    assert row_of(window, "intel").data() == "Intelligence (renamed)"
    monkeypatch.setattr(QColorDialog, "getColor", lambda *a, **k: QColor("#123456"))
    menu_action(menu, "Recolour…").trigger()  # type: ignore[attr-defined]
    assert store.theme(intel.id).color == "#123456"
    digits = menu_action(menu, "Set Digit").menu()  # type: ignore[attr-defined]
    nine = next(a for a in digits.actions() if a.text().startswith("9"))
    assert "Political" in nine.text()  # says whose digit it is now
    nine.trigger()
    assert store.theme(intel.id).digit == 9 and store.theme("politics").digit is None
    assert window.theme_by_digit[9].id == intel.id  # the digit keys follow
    for _ in range(3):
        window.undo_stack.undo()  # the digit, the colour, the name: each undoable
    assert store.theme(intel.id) == intel and store.theme("politics").digit == 9

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Early warning networks", True))
    menu_action(menu, "New Sub-theme…").trigger()  # type: ignore[attr-defined]
    new = store.theme("Early warning networks")
    assert new.parent_id == intel.id and row_of(window, new.key).parent() == row_of(window, "intel")
    click(window, qtbot, new.key)  # the search's theme filter offers the new theme too
    assert window.search.theme.currentData() == new.id
    sub_menu = window.codebook.build_theme_menu(new.id)
    assert sub_menu is not None
    menu_action(sub_menu, "Move to Top Level").trigger()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: store.theme(new.id).parent_id is None)
    assert not menu_action(window.codebook.build_theme_menu(new.id), "Move to Top Level").isEnabled()  # type: ignore[arg-type,attr-defined]
    window.undo_stack.undo()
    assert store.theme(new.id).parent_id == intel.id


def test_merge_and_delete_from_the_panel_ask_first(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    store = window.store
    store.tag(DOC, ["para_19"], "tech")
    window.reader.go_to("para_83")
    window.toggle_theme(store.theme("intel").id)
    assert window.undo_stack.count() == 1
    tech = store.theme("tech")
    menu = window.codebook.build_theme_menu(tech.id)
    assert menu is not None
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))  # cancelled: nothing happens
    menu_action(menu, "Merge Into…").trigger()  # type: ignore[attr-defined]
    assert store.find_theme("tech") is not None
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *a, **k:
                        (next(i for i in items if i.endswith("Physical protection")), True))
    menu_action(menu, "Merge Into…").trigger()  # type: ignore[attr-defined]
    assert store.find_theme("tech") is None
    assert [a.theme for a in store.annotations(doc=DOC, eid="para_19")] == ["Physical protection"]
    assert window.undo_stack.count() == 2 and window.undo_stack.undoText().startswith("Merge")  # the tag kept
    assert window.store.theme("funding").id in window.codebook.panel.model.by_id

    funding = store.theme("funding")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    delete_menu = window.codebook.build_theme_menu(funding.id)
    assert delete_menu is not None
    menu_action(delete_menu, "Delete…").trigger()  # type: ignore[attr-defined]
    assert store.find_theme("funding") is None and funding.id not in window.codebook.panel.model.by_id


def _point_of(window: MainWindow, eid: str) -> QPoint:
    reader = window.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.placed[reader.by_eid[eid]].start + 5)
    return reader.cursorRect(cursor).center()


def test_the_readers_menu_shows_sub_themes_under_their_theme_one_click_each(window: MainWindow) -> None:
    menu = window.codebook.build_reader_menu(_point_of(window, "para_7"))
    labels = [a.text() for a in menu.actions() if a.isCheckable()]
    poc = labels.index("Protection of civilians (POC)\t1")
    assert labels[poc + 1].startswith("\u2003") and "Protection through dialogue" in labels[poc + 1]
    assert not labels[poc + 7].startswith("\u2003")  # after the six sub-themes, the next top-level theme
    physical = next(a for a in menu.actions() if a.text().strip() == "Physical protection")
    physical.trigger()  # one click tags the sub-theme
    assert [a.theme for a in window.store.annotations(doc=DOC, eid="para_7")] == ["Physical protection"]
    again = window.codebook.build_reader_menu(_point_of(window, "para_7"))
    checked = {a.text().strip(): a.isChecked() for a in again.actions() if a.isCheckable()}
    assert checked["Physical protection"] is True and checked["Protection of civilians (POC)\t1"] is False


def test_codebook_menu_adds_the_default_sub_themes_an_older_database_lacks(make_window: object, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "old.db") as store:  # as a database from before sub-themes: none of them
        for theme in store.subthemes("poc"):
            store.delete_theme(theme.id)
    window: MainWindow = make_window(tmp_path / "old.db")  # type: ignore[operator]
    assert window.codebook.panel.model.rowCount(row_of(window, "poc")) == 0
    action = window.actions_by_id["default-themes"]
    assert action.text().replace("&", "") == "Add Default Peacekeeping Sub-themes"
    assert [a.text().replace("&", "") for a in window.menuBar().actions()][:3] == ["File", "Edit", "Codebook"]
    action.trigger()
    assert window.last_message == "Added 6 default theme(s) to the codebook."
    assert window.codebook.panel.model.rowCount(row_of(window, "poc")) == 6
    assert window.search.theme.findData(window.store.theme("poc-children").id) > 0  # the search offers them
    action.trigger()
    assert window.last_message.startswith("The codebook already has every default theme")


def test_f1_says_which_digit_is_which_theme(window: MainWindow) -> None:
    window.edit_theme(window.store.theme("poc-physical").id, {"digit": 5})
    dialog = dialogs.shortcut_help(window, window.digit_names())
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["1"] == "toggle the theme Protection of civilians (POC)"
    assert rows["5"] == "toggle the theme Protection of civilians (POC) › Physical protection"
    assert "list the theme's passages" in rows["Double-click / Enter (Themes panel)"]
    assert rows["Ctrl+Shift+B"] == "Codebook ▸ Go to the Themes Panel"
    assert "5 poc-physical" in window.status_digits.text()  # the status bar too
    dialog.close()


def test_the_theme_manager_shows_the_hierarchy_and_moves_among_siblings(window: MainWindow,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    manager = theme_dialogs.ThemeManager(window.store, window.edit_theme, window.codebook.changed, window)
    table = manager.table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    row = names.index("Physical protection")
    assert table.horizontalHeaderItem(3).text() == "Sub-theme of"
    assert table.item(row, 3).text() == "Protection of civilians (POC)"
    assert table.item(names.index("Policing"), 3).text() == ""
    first_sub = window.store.subthemes("poc")[0].key
    table.selectRow(names.index(window.store.theme(first_sub).name))
    manager.move_theme(-1)  # the first sub-theme cannot go above its theme's first place
    assert window.store.subthemes("poc")[0].key == first_sub and window.store.theme(first_sub).parent_id
    manager.move_theme(1)
    assert window.store.subthemes("poc")[1].key == first_sub
    table.selectRow(names.index("Intelligence & information"))  # the row above it is POC's last sub-theme
    manager.move_theme(-1)
    assert [t.key for t in window.store.themes() if t.parent_id is None][:2] == ["intel", "poc"]
    table.selectRow(0)  # Intelligence, now first
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Open-source information", True))
    manager.add_subtheme()
    assert window.store.theme("Open-source information").parent_id == window.store.theme("intel").id
    assert row_of(window, window.store.theme("Open-source information").key).parent() == row_of(window, "intel")
    manager.close()


def test_chips_stay_visible_on_dark(window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        appearance.apply_palette(app, dark=True)
        base = app.palette().base().color()
        assert contrast(chip_colour("#222222"), base) >= 2.0  # "Triangular cooperation" shows on dark
        triangular = row_of(window, "triangular").data(Qt.ItemDataRole.DecorationRole)
        pixel = triangular.pixmap(12, 12).toImage().pixelColor(6, 6)
        assert contrast(pixel, base) >= 2.0
    finally:
        appearance.apply_palette(app, dark=False)
    assert chip_colour("#be0032").name() == "#be0032"  # a colour that shows is kept as it is


def test_the_panel_does_not_squeeze_the_reader_in_narrow_windows(window: MainWindow, qtbot: QtBot) -> None:
    for width, height in ((1200, 800), (640, 480), (400, 340)):
        window.resize(width, height)
        qtbot.wait(20)
        assert window.reader.viewport().width() > (0.5 if width >= 1100 else 0.8) * width, (width, height)
    window.resize(1200, 800)
    qtbot.wait(20)
    window.actions_by_id["reset-layout"].trigger()
    assert window.codebook.panel.width() > 200 and window.codebook.panel.height() > 150
    window.resize(640, 480)
    qtbot.wait(20)
    window.actions_by_id["themes-panel"].trigger()  # Ctrl+Shift+B unfolds it
    assert window.codebook.panel.width() > 100 and window.codebook.panel.tree.hasFocus()


def test_keys_in_the_panel_enter_lists_esc_clears_digits_tag(window: MainWindow, qtbot: QtBot) -> None:
    window.store.tag(DOC, ["para_36"], "poc-physical")
    window.reader.go_to("para_83")
    click(window, qtbot, "poc")
    tree = window.codebook.panel.tree
    assert tree.hasFocus() and window.codebook.filtered == window.store.theme("poc").id
    qtbot.keyClick(tree, Qt.Key.Key_2)  # the digit tags the reader's block, as in the reader
    assert [a.theme for a in window.store.annotations(doc=DOC, eid="para_83")] == ["Intelligence & information"]
    assert tree.currentIndex() == row_of(window, "poc")  # and does not jump to another theme
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.left_tabs.currentWidget() is window.search
    qtbot.waitUntil(lambda: window.search.results.count() == 1)  # listed by the search thread
    qtbot.keyClick(tree, Qt.Key.Key_Escape)
    assert window.codebook.filtered is None and not window.codebook.filter_button.isVisible()


def test_the_note_editors_keys_and_f2_act_only_where_they_belong(window: MainWindow, qtbot: QtBot,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QShortcut

    contexts = {s.key().toString(): s.context() for s in window.findChildren(QShortcut)}
    assert contexts["Esc"] == contexts["Ctrl+Return"] == contexts["F2"] == Qt.ShortcutContext.WidgetShortcut
    asked: list[str] = []
    monkeypatch.setattr(codebook, "ask_text", lambda *a, **k: asked.append("rename") or ("", False))
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F2)  # F2 renames in the Themes panel only
    assert asked == []
    click(window, qtbot, "intel")
    qtbot.keyClick(window.codebook.panel.tree, Qt.Key.Key_F2)
    assert asked == ["rename"]


def test_no_two_actions_share_a_shortcut() -> None:
    from gui.ui.keymap import ACTIONS

    keys = [k for spec in ACTIONS for k in spec.shortcuts]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)



def test_a_search_that_finds_nothing_under_a_panel_click_says_it_searched_that_theme_only(
        window: MainWindow, qtbot: QtBot) -> None:
    """Found trying the window: a click in the Themes panel sets the Search tab's theme filter, and a search
    made minutes later said only "0 result(s)" for a word the corpus is full of."""
    window.store.tag(DOC, ["para_38"], "poc-early-warning")
    window.refresh_annotations()
    click(window, qtbot, "poc-early-warning")
    window.focus_search()
    window.search.box.setText("Mali")
    window.run_search()
    qtbot.waitUntil(lambda: not window.search.waiting)
    assert window.search.results.count() == 0
    assert window.search.status.text() == "0 result(s) in “Early warning and rapid response” only"
    window.search.theme.setCurrentIndex(0)  # Any theme
    qtbot.waitUntil(lambda: not window.search.waiting and window.search.results.count() > 0)
    assert "only" not in window.search.status.text()



def test_a_themes_listing_counts_its_passages_as_the_panel_does(window: MainWindow, qtbot: QtBot) -> None:
    store = window.store
    store.tag("S-2017-130", ["para_83", "para_84"], "intel")
    store.tag("S-2017-130", ["para_83"], "intel", coder="bob")  # a colleague on the same paragraph
    window.codebook.list_passages(store.theme("intel").id)
    qtbot.waitUntil(lambda: not window.search.waiting and window.search.results.count() == 3)
    assert window.search.status.text() == "3 annotation(s) on 2 passage(s)"

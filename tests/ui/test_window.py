"""The real window, driven as an analyst would: keys, clicks, undo, search, themes, reopening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from gui.store import Store
from gui.ui.reader.outline import EIDRole
from gui.ui.shell import app as app_module
from gui.ui.shell.window import MainWindow


def poc_eids(window: MainWindow) -> list[str]:
    return sorted(a.eid or "" for a in window.store.annotations(doc="S-2017-130", theme="poc"))


def test_opens_a_document_with_its_structure(window: MainWindow) -> None:
    assert window.doc_id == "S-2017-130"
    assert window.reader.document_model is not None
    assert window.outline_model.rowCount() > 0
    assert "para_110" in window.reader.by_eid
    text = window.reader.toPlainText()
    assert "€750 million" in text and "17-02287" not in text
    assert window.status_doc.text() == "S/2017/130"
    assert window.library.model.rowCount() == 4


def test_outline_click_moves_the_reader_and_reader_moves_the_outline(window: MainWindow, qtbot: QtBot) -> None:
    index = window.outline_model.index_for_eid("para_83")
    window.outline.scrollTo(index)
    rect = window.outline.visualRect(index)
    qtbot.mouseClick(window.outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.current_eid() == "para_83"
    bar = window.reader.verticalScrollBar()
    assert bar.value() > 0  # scrolled down to it
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_J)
    assert window.reader.current_eid() == "para_84"
    assert window.outline.currentIndex().data(EIDRole) == "para_84"
    qtbot.keyClick(window.reader, Qt.Key.Key_Up)
    assert window.outline.currentIndex().data(EIDRole) == "para_83"
    assert window.status_block.text() == "para. 83"


def test_digit_tags_the_selection_and_saves_it(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert poc_eids(window) == ["para_83"]
    assert [c.name() for c in window.reader.themes_of["para_83"]] == ["#be0032"]
    qtbot.keyClick(window.reader, Qt.Key.Key_1)  # toggles off
    assert poc_eids(window) == []


def test_multi_block_tag_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.reader, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.selected_eids() == ["para_83", "para_84", "para_85"]
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert poc_eids(window) == ["para_83", "para_84", "para_85"]
    assert window.undo_stack.count() == 1
    window.actions_by_id["undo"].trigger()
    assert poc_eids(window) == []
    window.actions_by_id["redo"].trigger()
    assert poc_eids(window) == ["para_83", "para_84", "para_85"]
    # undo survives switching documents
    window.open_document("WGPKO-report-2021")
    window.actions_by_id["undo"].trigger()
    assert poc_eids(window) == []


def test_text_span_tag(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    placed = reader.placed[reader.by_eid["para_36"]]
    text = placed.block.text
    start = text.index("€750 million")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + start)
    cursor.setPosition(placed.start + start + len("€750 million"), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    reader.go_to("para_36")
    reader.setTextCursor(cursor)
    funding = window.store.theme("funding")
    window.toggle_theme(funding.id)
    [annotation] = window.store.annotations(theme="funding")
    assert annotation.quote == "€750 million" and annotation.span == (start, start + 12)


def test_search_and_jump(window: MainWindow, qtbot: QtBot) -> None:
    window.focus_search()
    qtbot.keyClicks(window.search.box, "videoconference")
    qtbot.keyClick(window.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.search.results.count() >= 1)  # the hits come from the search thread
    qtbot.waitUntil(lambda: window.doc_id == "WGPKO-report-2021")
    assert window.reader.current_eid() == "para_5"
    first = window.search.results.item(0).text()
    assert "para. 5" in first and "«videoconference»" in first


def test_show_all_paragraphs_of_a_theme(window: MainWindow, qtbot: QtBot) -> None:
    window.store.tag("S-2017-130", ["para_19"], "tech")
    window.store.tag("WGPKO-report-2021", ["para_25"], "tech")
    window.search.theme.setCurrentIndex(window.search.theme.findData(window.store.theme("tech").id))
    window.run_search()  # listed by the search thread
    qtbot.waitUntil(lambda: window.search.results.count() == 2)


def test_navigation_to_untagged_and_sections(window: MainWindow, qtbot: QtBot) -> None:
    window.store.tag("S-2017-130", ["para_1", "para_2"], "poc")
    window.refresh_annotations()
    window.reader.go_to("para_1")
    window.step(1, tagged=False)
    assert window.reader.current_eid() == "para_3"
    window.step_section(1)
    assert window.reader.current_eid() == "sec_II"


def test_theme_rename_undo_and_merge(window: MainWindow) -> None:
    tech = window.store.theme("tech")
    window.edit_theme(tech.id, {"name": "Technology"})
    assert window.store.theme(tech.id).name == "Technology"
    window.undo_stack.undo()
    assert window.store.theme(tech.id).name == "Technology & innovation"
    window.store.tag("S-2017-130", ["para_19"], "tech")
    window.store.merge_themes("tech", "intel")
    window.manage_themes_changed = True
    assert [a.theme for a in window.store.annotations(doc="S-2017-130")] == ["Intelligence & information"]


def test_source_view_highlights_the_blocks_source(window: MainWindow) -> None:
    window.toggle_source()
    assert window.source.isVisible()
    window.reader.go_to("para_13")
    document = window.document
    assert document is not None
    spans = document.block("para_13").spans
    assert len(window.source.highlighted) == 2
    source_text = window.source.text.toPlainText()  # the text file's own source view
    a, b = window.source.highlighted[0]
    assert source_text[a:b] == document.source[spans[0][0]:spans[0][1]]
    assert source_text[a:b].startswith("- 13. Nevertheless")


def test_note_and_orphan_reattach(window: MainWindow, qtbot: QtBot) -> None:
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    window.annotations.note.setPlainText("The key POC meeting")
    window.annotations.save.click()
    qtbot.waitUntil(lambda: window.store.annotations(doc="S-2017-130")[0].note == "The key POC meeting")
    window.undo_stack.undo()
    assert window.store.annotations(doc="S-2017-130")[0].note == ""


def test_reopen_restores_document_block_and_annotations(make_window: object, tmp_path: Path,
                                                        settings_path: Path) -> None:
    first: MainWindow = make_window()  # type: ignore[operator]
    first.open_document("WGPKO-report-2021", at="para_40")
    first.toggle_theme(first.store.theme("police").id)
    first.close()
    first.store.close()
    second = MainWindow(Store(tmp_path / "ui.db"), QSettings(str(settings_path), QSettings.Format.IniFormat))
    try:
        assert second.doc_id == "WGPKO-report-2021"
        assert second.reader.current_eid() == "para_40"
        assert [c.name() for c in second.reader.themes_of["para_40"]] == ["#00a5a8"]
    finally:
        second.close()
        second.store.close()


def test_malicious_text_is_shown_literally(make_window: object, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text('I. Title\n\n1. See <img src="/dev/zero"> and <a href="file:///">link</a> '
                    "<script>alert(1)</script> **bold**.\n", encoding="utf-8")
    window: MainWindow = make_window()  # type: ignore[operator]
    report = window.store.import_file(evil)
    window.open_document(report.doc_id)
    text = window.reader.toPlainText()
    assert '<img src="/dev/zero">' in text and '<a href="file:///">link</a>' in text
    assert "<script>alert(1)</script>" in text
    assert "<img" not in window.reader.toHtml().replace("&lt;img", "")


def test_corrupt_database_gives_a_message_not_a_crash(tmp_path: Path, capsys: object) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not a database" * 100)
    import argparse

    code = app_module.run(argparse.Namespace(db=str(bogus), open_doc=None, at=None, screenshot=None))
    assert code == 2
    assert str(bogus) in capsys.readouterr().err  # type: ignore[attr-defined]


def test_second_window_on_the_same_database_is_refused(tmp_path: Path, capsys: object) -> None:
    import argparse

    from PySide6.QtCore import QLockFile

    db = tmp_path / "locked.db"
    lock = QLockFile(str(db) + ".lock")
    assert lock.tryLock(100)
    try:
        code = app_module.run(argparse.Namespace(db=str(db), open_doc=None, at=None, screenshot=None))
        assert code == 2
        assert "already open in another Marginalia window" in capsys.readouterr().err  # type: ignore[attr-defined]
    finally:
        lock.unlock()


def test_screenshot_mode_writes_a_png(tmp_path: Path) -> None:
    import argparse

    png = tmp_path / "shot.png"
    code = app_module.run(argparse.Namespace(db=str(tmp_path / "s.db"), open_doc="S-2017-130", at="para_83",
                                             screenshot=str(png)))
    assert code == 0 and png.stat().st_size > 10_000


def test_open_at_an_unknown_block_is_a_clear_error(tmp_path: Path, capsys: object) -> None:
    import argparse

    code = app_module.run(argparse.Namespace(db=str(tmp_path / "s.db"), open_doc="S-2017-130", at="para_999",
                                             screenshot=str(tmp_path / "x.png")))
    assert code == 2 and "no block 'para_999'" in capsys.readouterr().err  # type: ignore[attr-defined]


def test_outline_model_passes_qtmodeltester(qtmodeltester: object, window: MainWindow) -> None:
    qtmodeltester.check(window.outline_model)  # type: ignore[attr-defined]


def test_import_folder_off_the_gui_thread(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    for name in ("S_2021_4.txt", "S_2022_43.txt"):
        source = Path(__file__).resolve().parents[1] / "data" / f"example_0{1 if '2021' in name else 2}_{name}"
        (folder / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    assert window.import_paths([folder]) is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=30_000)  # the job's end: no signal to miss
    ids = {d.id for d in window.store.documents()}
    assert {"S-2021-4", "S-2022-43"} <= ids
    assert "binary" in window.last_error
    assert window.doc_id == "S-2021-4"  # what was just added is shown


def test_theme_edits_in_the_manager_keep_the_undo_history(window: MainWindow, qtbot: QtBot) -> None:
    from gui.ui.coding.theme_dialogs import ThemeManager

    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    changes: list[bool] = []

    def changed() -> None:
        changes.append(False)

    manager = ThemeManager(window.store, window.edit_theme, changed, window)
    table = manager.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Intelligence & information")
    manager.table.item(row, 0).setText("Intelligence (renamed)")
    assert window.store.theme("intel").name == "Intelligence (renamed)" and changes == [False]
    assert window.undo_stack.count() == 2  # the tag, then the rename
    window.undo_stack.undo()
    assert window.store.theme("intel").name == "Intelligence & information"
    window.undo_stack.undo()
    assert poc_eids(window) == []


def test_a_colleagues_tag_is_not_toggled_off(window: MainWindow, qtbot: QtBot) -> None:
    window.store.tag("S-2017-130", ["para_83"], "poc", coder="colleague", note="theirs")
    window.refresh_annotations()
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)  # adds ours beside theirs
    assert sorted(a.coder for a in window.store.annotations(theme="poc")) == sorted(
        ["colleague", window.store.default_coder()])
    qtbot.keyClick(window.reader, Qt.Key.Key_1)  # removes ours only
    assert [(a.coder, a.note) for a in window.store.annotations(theme="poc")] == [("colleague", "theirs")]


def test_a_span_tag_tints_its_words_and_says_where(window: MainWindow) -> None:
    reader = window.reader
    placed = reader.placed[reader.by_eid["para_36"]]
    start = placed.block.text.index("€750 million")
    reader.go_to("para_36")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start + start)
    cursor.setPosition(placed.start + start + 12, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    window.toggle_theme(window.store.theme("funding").id)
    assert "“€750 million” in para. 36" in window.statusBar().currentMessage()
    assert reader.themes_of.get("para_36", []) == []  # no solid bar: the paragraph as a whole is not tagged
    assert [c.name() for c in reader.span_themes_of["para_36"]] == [window.store.theme("funding").color]
    tinted = [s for s in reader.extraSelections() if s.cursor.selectedText() == "€750 million"]
    assert len(tinted) == 1


def test_points_and_headings_show_their_printed_marks() -> None:
    from gui.core.model import Block, Kind
    from gui.ui.reader.reader_margin import hanging_label as _hanging_label

    def block(kind: Kind, num: str | None) -> Block:
        return Block("x", kind, num, 1, None, "text", ())

    assert _hanging_label(block(Kind.POINT, "a")) == "(a)"
    assert _hanging_label(block(Kind.HEADING, "E")) == "E."
    assert _hanging_label(block(Kind.LIST_ITEM, None)) == "•"
    assert _hanging_label(block(Kind.PARAGRAPH, "5")) == ""  # paragraph numbers sit in the gutter


def test_a_resize_keeps_the_paragraph_at_the_top_of_the_view(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    reader.go_to("para_5")
    bar = reader.verticalScrollBar()
    top_of_60 = reader.document().documentLayout().blockBoundingRect(
        reader.document().findBlock(reader.placed[reader.by_eid["para_60"]].start)).top()
    bar.setValue(int(top_of_60))  # the analyst scrolls on to read, away from the current block
    window.resize(900, 700)
    qtbot.wait(50)
    assert reader.placed[reader.index_at_y(bar.value())].block.eid == "para_60"
    assert reader.current_eid() == "para_5"


def test_a_reimport_of_the_open_document_keeps_the_undo_history(make_window: object, tmp_path: Path,
                                                                qtbot: QtBot) -> None:
    from tests.conftest import S_2017_130

    copy = tmp_path / "report.txt"
    copy.write_text(S_2017_130.read_text(encoding="utf-8"), encoding="utf-8")
    window: MainWindow = make_window()  # type: ignore[operator]
    assert window.import_paths([copy]) is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=30_000)  # the job's end, however long it took
    doc_id = next(d.id for d in window.store.documents() if d.path == str(copy.resolve()))
    window.open_document(doc_id, at="para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert window.undo_stack.count() == 1
    copy.write_text(copy.read_text(encoding="utf-8").replace("- 83. On 3 November", "- 83. On 4 November"),
                    encoding="utf-8")
    assert window.import_paths([copy]) is not None
    qtbot.waitUntil(lambda: window.worker is None, timeout=30_000)
    assert window.reader.placed[window.reader.by_eid["para_83"]].block.text.startswith("On 4 November")
    assert window.undo_stack.count() == 1  # the tag is still there to undo (it was cleared before)
    assert [a.eid for a in window.store.annotations(doc=doc_id)] == ["para_83"]
    window.undo_stack.undo()
    assert window.store.annotations(doc=doc_id) == []
    window.undo_stack.redo()  # back on the paragraph's new text
    [again] = window.store.annotations(doc=doc_id)
    assert again.eid == "para_83" and again.status == "anchored"


def test_the_dark_palette_keeps_text_readable(window: MainWindow) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app_module.apply_palette(app, dark=True)
    try:
        app.processEvents()  # the new palette reaches the widgets through events
        palette = window.reader.palette()
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        assert base.lightness() < 60 and text.lightness() > 200  # light text on a dark page
        assert window.grab().width() > 0  # paints (gutter numbers and marks use the palette's colours)
    finally:
        app_module.apply_palette(app, dark=False)


def test_moving_on_clears_a_word_selection_so_digits_tag_the_new_block(window: MainWindow, qtbot: QtBot) -> None:
    reader = window.reader
    reader.go_to("para_36")
    placed = reader.placed[reader.by_eid["para_36"]]
    cursor = QTextCursor(reader.document())
    cursor.setPosition(placed.start)
    cursor.setPosition(placed.start + 5, QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    qtbot.keyClick(reader, Qt.Key.Key_J)
    qtbot.keyClick(reader, Qt.Key.Key_1)
    [annotation] = window.store.annotations(theme="poc")
    assert (annotation.eid, annotation.span) == ("para_37", None)


def test_notes_are_written_on_ones_own_annotation_and_kept_when_moving_on(window: MainWindow,
                                                                         qtbot: QtBot) -> None:
    window.reader.go_to("para_50")
    qtbot.keyClick(window.reader, Qt.Key.Key_N)  # nothing of ours to write on: a hint, the reader keeps focus
    assert "Tag this block first" in window.statusBar().currentMessage()
    window.store.tag("S-2017-130", ["para_51"], "poc", coder="bob", note="bob's view")
    window.refresh_annotations()
    window.reader.go_to("para_51")
    panel = window.annotations
    assert panel.note.isReadOnly() and not panel.can_write()  # a colleague's note stays theirs
    qtbot.keyClick(window.reader, Qt.Key.Key_1)  # our own annotation beside bob's
    mine = next(i for i in range(panel.list.count()) if panel.list.item(i).data(Qt.ItemDataRole.UserRole + 5)
                == window.coder)
    panel.list.setCurrentRow(mine)
    assert panel.can_write()
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "my draft, never saved by hand")
    window.reader.go_to("para_52")  # moving on keeps the draft
    qtbot.waitUntil(lambda: {a.coder: a.note for a in window.store.annotations(eid="para_51")} == {
        "bob": "bob's view", window.coder: "my draft, never saved by hand"})


def test_undoing_a_digit_change_gives_the_digit_back(window: MainWindow) -> None:
    theme = window.store.add_theme("Elections")
    window.edit_theme(theme.id, {"digit": 8})
    assert window.store.theme("wps").digit is None and window.store.theme("Elections").digit == 8
    window.undo_stack.undo()
    assert window.store.theme("wps").digit == 8 and window.store.theme("Elections").digit is None


def test_ampersands_in_theme_names_show_in_menus(window: MainWindow, qtbot: QtBot) -> None:
    from gui.ui.widgets.panels import mnemonic_safe

    window.reader.go_to("para_20")
    qtbot.keyClick(window.reader, Qt.Key.Key_5)  # Counter-terrorism & violent extremism
    assert "&&" in window.actions_by_id["undo"].text()  # shown as "&", not as a shortcut underline
    assert mnemonic_safe("Safety & security") == "Safety && security"


def test_the_analyst_sets_their_coder_name(window: MainWindow, qtbot: QtBot) -> None:
    window.set_coder("Ana Ruiz")
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert [a.coder for a in window.store.annotations(theme="poc")] == ["Ana Ruiz"]
    window.set_coder("   ")
    assert "needs a name" in window.last_error and window.coder == "Ana Ruiz"


def test_a_half_screen_window_keeps_the_reader_wide(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(960, 700)
    qtbot.wait(50)
    sizes = window.splitter.sizes()
    assert sizes[1] >= 0.44 * sum(sizes)


def test_a_draft_survives_a_tag_a_click_in_the_list_and_looking_at_notes_changes_nothing(
        window: MainWindow, qtbot: QtBot) -> None:
    window.store.tag("S-2017-130", ["para_60"], "poc", coder="bob", note="bob's view\n")
    window.refresh_annotations()
    window.reader.go_to("para_60")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    panel = window.annotations
    rows = {panel.list.item(i).data(Qt.ItemDataRole.UserRole + 5): i for i in range(panel.list.count())}
    panel.list.setCurrentRow(rows[window.coder])
    panel.note.setFocus()
    qtbot.keyClicks(panel.note, "mine")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_2)  # another tag on the block refreshes the panel
    qtbot.waitUntil(lambda: any(a.note == "mine" for a in window.store.annotations(eid="para_60", theme="poc")))
    panel.list.setCurrentRow(rows["bob"])  # a click on bob's annotation: his note is shown, not rewritten
    qtbot.wait(20)
    assert {a.coder: a.note for a in window.store.annotations(eid="para_60", theme="poc")} == {
        "bob": "bob's view\n", window.coder: "mine"}
    before = window.undo_stack.count()
    for eid in ("para_61", "para_60", "para_61"):  # passing by changes nothing
        window.reader.go_to(eid)
    qtbot.wait(20)
    assert window.undo_stack.count() == before


def test_the_splitter_the_analyst_set_is_restored(make_window: object, tmp_path: Path) -> None:
    first: MainWindow = make_window()  # type: ignore[operator]
    first.splitter.setSizes([250, 835, 307])
    saved = first.splitter.sizes()
    first.close()
    second: MainWindow = make_window(activate=False)  # type: ignore[operator]  # as restored, before any fit
    assert abs(second.splitter.sizes()[0] - saved[0]) <= 2 and abs(second.splitter.sizes()[2] - saved[2]) <= 2

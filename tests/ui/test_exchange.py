"""File ▸ Export Notes and File ▸ Merge Annotations, driven through the real window."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.export import export, read_exchange
from gui.store import Store
from gui.ui.shell.window import MainWindow
from gui.ui.team.exchange import ExportChoice, ExportDialog, ThemeMappingDialog


def test_export_dialog_offers_every_format_and_builds_the_choice(window: MainWindow, tmp_path: Path) -> None:
    dialog = ExportDialog(window.themes, "S-2017-130", "S/2017/130", tmp_path, window)
    assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == ["md", "html", "csv", "jsonld",
                                                                                "qdpx", "qdc", "codebook-csv"]
    assert dialog.path.text().endswith(".md") and dialog.by.isEnabled()
    dialog.format.setCurrentIndex(2)  # csv: grouping does not apply, the file name follows the format
    assert dialog.path.text().endswith(".csv") and not dialog.by.isEnabled()
    assert dialog.choice().themes is None and dialog.choice().doc is None  # everything by default
    dialog.this_doc.setChecked(True)
    dialog.themes.item(0).setCheckState(Qt.CheckState.Unchecked)
    choice = dialog.choice()
    assert choice.doc == "S-2017-130" and choice.fmt == "csv"
    assert choice.themes is not None and window.themes[0].id not in choice.themes
    for i in range(dialog.themes.count()):
        dialog.themes.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog._accept()
    assert "at least one theme" in dialog.error.text() and not dialog.result()


def test_export_runs_off_the_gui_thread_and_writes_the_file(window: MainWindow, qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    out = tmp_path / "out" / "notes.md"
    out.parent.mkdir()
    assert window.run_export(ExportChoice("md", out, None, None, "theme")) is not None
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    text = out.read_text(encoding="utf-8")
    assert "### S/2017/130, para. 83" in text
    assert "Exported to" in window.statusBar().currentMessage()


def test_export_dialog_summary_box_asks_for_the_matrix(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ExportDialog(window.themes, None, "", tmp_path, window)
    assert dialog.matrix.isEnabled() and not dialog.choice().matrix  # offered for notes, off by default
    qtbot.mouseClick(dialog.matrix, Qt.MouseButton.LeftButton)
    dialog.format.setCurrentIndex(1)  # HTML notes
    choice = dialog.choice()
    assert choice.matrix and choice.fmt == "html"
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    assert window.run_export(dataclasses.replace(choice, out=tmp_path / "notes.html")) is not None
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    assert 'id="summary"' in (tmp_path / "notes.html").read_text(encoding="utf-8")
    dialog.format.setCurrentIndex(2)  # csv: no summary
    assert not dialog.matrix.isEnabled() and not dialog.choice().matrix


def test_export_to_an_unwritable_place_shows_a_message(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert window.run_export(ExportChoice("csv", blocker / "notes.csv", None, None, "theme")) is not None
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    assert "failed" in window.last_error and "notes.csv" in window.last_error


def test_cancelled_export_writes_nothing(window: MainWindow, qtbot: QtBot, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from gui.ui.library import jobs

    cancelled = threading.Event()
    real_export = jobs.export

    def export_after_cancel(*args: Any, **kwargs: Any) -> Any:
        cancelled.wait(10)  # the worker starts its export only once Cancel was pressed: no race with a fast disk
        return real_export(*args, **kwargs)

    monkeypatch.setattr(jobs, "export", export_after_cancel)
    out = tmp_path / "notes.jsonld"
    worker = window.run_export(ExportChoice("jsonld", out, None, None, "theme"))
    worker.cancel()  # before the first progress report: the exporter stops at once
    cancelled.set()
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    assert not out.exists() and not list(tmp_path.glob(".notes.jsonld.*"))
    assert "cancelled" in window.last_error


def test_merge_a_colleagues_work_with_theme_mapping_and_undo(window: MainWindow, qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    with Store(tmp_path / "colleague.db") as colleague:
        colleague.add_theme("Mediation")
        colleague.add_theme("Elections")
        colleague.tag("S-2017-130", ["para_12", "para_13"], "Mediation", note="see para 14 too", coder="bob")
        colleague.tag("S-2017-130", ["para_20"], "Elections", coder="bob")
        export(colleague, "jsonld", tmp_path / "bob.jsonld")
    exchange = read_exchange(tmp_path / "bob.jsonld")
    dialog = ThemeMappingDialog(["Mediation", "Elections"], window.themes, "bob.jsonld", window)
    combo = dialog.combos["Elections"]
    combo.setCurrentIndex(combo.findText("Merge into Political strategy"))
    mapping = dialog.mapping()
    assert mapping == {"Elections": "Political strategy"}

    assert window.run_merge(exchange, "bob.jsonld", mapping) is not None
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    merged = window.store.annotations(coder="bob")
    assert sorted((a.eid, a.theme) for a in merged) == [("para_12", "Mediation"), ("para_13", "Mediation"),
                                                       ("para_20", "Political strategy")]
    assert "merged 3" in window.last_message
    assert any(t.name == "Mediation" for t in window.themes)  # created, and known to the window at once
    assert window.reader.themes_of.get("para_12")  # the reader shows the new theme bars

    window.undo_stack.undo()
    assert window.store.annotations(coder="bob") == []
    assert not window.reader.themes_of.get("para_12")
    window.undo_stack.redo()
    assert len(window.store.annotations(coder="bob")) == 3


def test_export_and_merge_actions_are_in_the_file_menu(window: MainWindow) -> None:
    assert window.actions_by_id["export"].shortcut().toString() == "Ctrl+E"
    assert "Merge" in window.actions_by_id["merge"].text()
    json.dumps(window.actions_by_id["export"].statusTip())  # plain text, nothing rich


def test_one_long_job_at_a_time_and_closing_waits_for_it(make_window: object, tmp_path: Path,
                                                         qtbot: QtBot) -> None:
    window: MainWindow = make_window()  # type: ignore[operator]
    first = window.run_export(ExportChoice("html", tmp_path / "a.html", None, None, "theme"))
    assert first is not None and not window.actions_by_id["export"].isEnabled()
    assert window.run_export(ExportChoice("md", tmp_path / "b.md", None, None, "theme")) is None
    assert "still running" in window.last_error
    window.close()  # waits for the export: no thread is destroyed while running
    assert first.isFinished()
    assert not (tmp_path / "b.md").exists()


def test_merge_reads_the_file_off_the_gui_thread(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    with Store(tmp_path / "colleague.db") as colleague:
        colleague.tag("S-2017-130", ["para_40"], "poc", coder="carol", note="carol's note")
        export(colleague, "qdpx", tmp_path / "carol.qdpx")
    reader = window.read_for_merge(tmp_path / "carol.qdpx")
    assert reader is not None
    qtbot.waitUntil(lambda: window.store.annotations(coder="carol") != [], timeout=30_000)
    [merged] = window.store.annotations(coder="carol")
    assert (merged.eid, merged.note) == ("para_40", "carol's note")
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)
    assert window.actions_by_id["merge"].isEnabled()


def test_an_unexpected_error_in_a_job_does_not_leave_the_window_busy(window: MainWindow, qtbot: QtBot,
                                                                    tmp_path: Path,
                                                                    monkeypatch: object) -> None:
    import gui.ui.library.jobs as window_module  # where the window's jobs call the exporter

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(window_module, "export", broken)  # type: ignore[attr-defined]
    worker = window.run_export(ExportChoice("md", tmp_path / "n.md", None, None, "theme"))
    assert worker is not None
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    assert "unexpected error (ValueError: a bug)" in window.last_error
    assert window.actions_by_id["export"].isEnabled()


def test_nothing_starts_once_the_window_is_closing(window: MainWindow, tmp_path: Path) -> None:
    window.closing = True
    assert window.run_export(ExportChoice("md", tmp_path / "n.md", None, None, "theme")) is None
    assert window.import_paths([tmp_path]) is None
    window.closing = False


def test_an_export_that_had_to_change_characters_says_so(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """A note holding a form feed cannot be written to REFI-QDA XML as it is: the window says what changed."""
    window.reader.go_to("para_83")
    qtbot.keyClick(window.reader, Qt.Key.Key_1)
    [annotation] = window.store.annotations(doc="S-2017-130")
    window.store.set_note(annotation.id, "page\x0cbreak")
    assert window.run_export(ExportChoice("qdpx", tmp_path / "p.qdpx", None, None, "theme")) is not None
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    assert "with changes" in window.last_message


def test_export_dialog_nests_sub_themes_and_carries_them_with_a_ticked_theme(window: MainWindow,
                                                                            tmp_path: Path) -> None:
    dialog = ExportDialog(window.themes, None, "", tmp_path, window)
    items = {dialog.themes.item(i).text().strip(): dialog.themes.item(i) for i in range(dialog.themes.count())}
    poc, early = items["Protection of civilians (POC)"], items["Early warning and rapid response"]
    assert early.text().startswith("    ") and not poc.text().startswith(" ")
    assert early.checkState() == Qt.CheckState.Checked and not early.flags() & Qt.ItemFlag.ItemIsEnabled
    poc.setCheckState(Qt.CheckState.Unchecked)  # the sub-themes can be chosen alone now
    assert early.flags() & Qt.ItemFlag.ItemIsEnabled
    early.setCheckState(Qt.CheckState.Unchecked)
    chosen = dialog.choice().themes or []
    assert window.store.theme("poc").id not in chosen and window.store.theme("poc-early-warning").id not in chosen
    assert window.store.theme("poc-crsv").id in chosen
    poc.setCheckState(Qt.CheckState.Checked)  # ticked again: all its sub-themes come with it
    assert early.checkState() == Qt.CheckState.Checked and not early.flags() & Qt.ItemFlag.ItemIsEnabled


def test_the_export_dialog_exports_one_coders_coding_or_the_consensus(window: MainWindow, qtbot: QtBot,
                                                                      tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An analyst could export only everyone's coding together; a coder's own, or the consensus adopted in
    Compare Coders, is what a team reports."""
    store = window.store
    store.tag("S-2017-130", ["para_5"], "poc", coder="alice")
    store.tag("S-2017-130", ["para_6"], "poc", coder="bob")
    store.tag("S-2017-130", ["para_7"], "poc", coder="consensus")
    seen: list[ExportDialog] = []

    def answer(dialog: ExportDialog) -> int:
        seen.append(dialog)
        names = [dialog.coder.itemText(i) for i in range(dialog.coder.count())]
        assert names[0] == "Everyone" and "alice" in names and "consensus (the consensus)" in names
        dialog.coder.setCurrentIndex(dialog.coder.findData("consensus"))
        dialog.format.setCurrentIndex(dialog.format.findData("csv"))
        dialog.path.setText(str(tmp_path / "consensus.csv"))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", answer)
    window.export_notes()
    assert seen and seen[0].choice().coder == "consensus"
    qtbot.waitUntil(lambda: window.exchange_worker is None, timeout=30_000)  # its end: no signal to miss
    rows = (tmp_path / "consensus.csv").read_text(encoding="utf-8")
    assert "para. 7" in rows and "para. 5" not in rows and "para. 6" not in rows

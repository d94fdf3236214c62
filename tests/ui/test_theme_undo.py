"""The codebook's questions and undo: a new theme or sub-theme is one undo step and comes back with its id;
the rename question fits a long name."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QInputDialog
from pytestqt.qtbot import QtBot

from gui.ui.coding import theme_dialogs
from gui.ui.shell.window import MainWindow


def test_a_new_sub_theme_is_one_undo_step_and_comes_back_with_its_id(window: MainWindow, qtbot: QtBot) -> None:
    store = window.store
    poc = store.theme("poc").id
    assert window.add_theme("Mobile bases", "#aa3355", parent=poc)
    added = store.theme("Mobile bases")
    assert added.parent_id == poc and window.undo_stack.undoText() == \
        "New theme Mobile bases under Protection of civilians (POC)"
    window.reader.go_to("para_83")
    window.toggle_theme(added.id)  # tagged with it: that step is undone first
    assert [a.theme for a in store.annotations(doc="S-2017-130", eid="para_83")] == ["Mobile bases"]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert store.find_theme("Mobile bases") is None and added.id not in window.theme_by_id
    window.undo_stack.redo()
    back = store.theme("Mobile bases")
    assert (back.id, back.parent_id, back.color) == (added.id, poc, "#aa3355")
    window.undo_stack.redo()  # the tag made with it, replayed on the same theme id
    assert [a.theme for a in store.annotations(doc="S-2017-130", eid="para_83")] == ["Mobile bases"]
    assert not window.add_theme("mobile  BASES", "#000000")  # a name taken (any case, any spacing): refused
    assert window.undo_stack.count() == 2


def test_the_theme_manager_adds_themes_undoably(window: MainWindow, qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Elections", True)))
    manager = theme_dialogs.ThemeManager(window.store, window.edit_theme, window.codebook.changed, window,
                                   add=window.add_theme)
    manager.add()
    assert window.store.find_theme("Elections") is not None and window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert window.store.find_theme("Elections") is None


def test_the_rename_question_is_wide_enough_for_a_long_name_and_titles_keep_their_ampersand(
        window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QLineEdit

    seen: list[tuple[int, int, str]] = []

    def answer(dialog: QInputDialog) -> int:
        field = dialog.findChild(QLineEdit)
        assert field is not None
        seen.append((dialog.width(), dialog.fontMetrics().horizontalAdvance(dialog.textValue()), dialog.textValue()))
        return 0  # Cancel

    monkeypatch.setattr(QInputDialog, "exec", answer)
    window.codebook.rename(window.store.theme("poc-dialogue").id)
    [(width, needed, text)] = seen
    assert text == "Protection through dialogue and engagement" and width > needed
    titles: list[str] = []
    monkeypatch.setattr(QColorDialog, "getColor", lambda _c, _p, title: titles.append(title) or QColor())
    window.codebook.recolour(window.store.theme("tech").id)
    assert titles == ["Colour of Technology & innovation"]

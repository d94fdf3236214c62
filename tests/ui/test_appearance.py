"""View ▸ Appearance: System, Light or Dark in the app, remembered; theme colours legible on either."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.ui.shell.window import MainWindow
from gui.ui.widgets import appearance


def test_dark_is_chosen_in_the_app_and_remembered(make_window: object, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        first: MainWindow = make_window()  # type: ignore[operator]
        first.actions_by_id["appearance-dark"].trigger()
        assert app.palette().color(QPalette.ColorRole.Base).lightness() < 60
        assert first.actions_by_id["appearance-dark"].isChecked()
        assert not first.actions_by_id["appearance-system"].isChecked()
        first.close()
        appearance.choose(app, "light")
        second: MainWindow = make_window()  # type: ignore[operator]
        assert app.palette().color(QPalette.ColorRole.Base).lightness() < 60  # as chosen last time
        second.actions_by_id["appearance-light"].trigger()
        assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200
    finally:
        appearance.choose(app, "system")


def test_a_dark_theme_colour_stays_visible_on_a_dark_page() -> None:
    page = QColor("#17181a")
    bar = appearance.legible(QColor("#222222"), page)
    assert appearance.contrast(bar, page) >= 2.0
    assert appearance.legible(QColor("#e6194b"), page) == QColor("#e6194b")  # a colour that shows is kept
    paper = QColor("#fdfcf9")
    assert appearance.contrast(appearance.legible(QColor("#fffac8"), paper), paper) >= 2.0

"""gui/analysis sits beside store and export: no Qt, nothing from gui/ui, and core does not import it."""

from __future__ import annotations

from tests.test_architecture import imports_of


def test_no_qt_and_no_ui_in_analysis() -> None:
    assert [(f, m) for f, m in imports_of("analysis") if m.startswith(("PySide6", "shiboken6", "gui.ui"))] == []


def test_matplotlib_only_with_the_agg_backend() -> None:
    # pyplot would pick a GUI backend (possibly Qt) from the environment: the pictures use Figure + Agg only.
    assert [(f, m) for f, m in imports_of("analysis") if m.startswith("matplotlib.pyplot")] == []


def test_core_store_export_do_not_import_analysis() -> None:
    for package in ("core", "store", "export"):
        assert [(f, m) for f, m in imports_of(package) if m.startswith("gui.analysis")] == []

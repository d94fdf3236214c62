"""gui/analysis sits beside store and export: no Qt, nothing from gui/ui, and core does not import it."""

from __future__ import annotations

import subprocess
import sys

from tests.test_architecture import imports_of


def test_no_qt_and_no_ui_in_analysis() -> None:
    assert [(f, m) for f, m in imports_of("analysis") if m.startswith(("PySide6", "shiboken6", "gui.ui"))] == []


def test_matplotlib_only_with_the_agg_backend() -> None:
    # pyplot would pick a GUI backend (possibly Qt) from the environment: the pictures use Figure + Agg only.
    assert [(f, m) for f, m in imports_of("analysis") if m.startswith("matplotlib.pyplot")] == []


def test_core_store_export_do_not_import_analysis() -> None:
    for package in ("core", "store", "export"):
        assert [(f, m) for f, m in imports_of(package) if m.startswith("gui.analysis")] == []


def test_commands_and_window_start_without_numpy_or_matplotlib() -> None:
    # Every `python -m gui` builds the parser from all command modules, and the window builds its menus: the
    # analysis libraries (krippendorff's numpy, matplotlib) must load only when an analysis is asked for.
    script = ("import sys; from gui.__main__ import build_parser; build_parser(); import gui.ui.shell.window; "
              "import gui.ui.team.analysis_menu; "
              "print(sorted(m for m in ('matplotlib', 'krippendorff') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"

"""Every command builds the whole parser: it must load nothing heavy (the store, the exporters, the analysis,
Qt), so that `--version` answers at once and `outline` needs neither Qt nor a database."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

HEAVY = ("gui.store", "gui.export", "gui.analysis.agreement", "gui.analysis.overview", "sqlite_utils", "PySide6",
         "numpy", "matplotlib", "gui.core.extract", "gui.core.pdf")


def _loaded_after(code: str) -> list[str]:
    probe = (f"import sys, json\n{code}\n"
             f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_building_the_parser_loads_nothing_heavy() -> None:
    assert _loaded_after("from gui.__main__ import build_parser\nbuild_parser()") == []


def test_outline_needs_neither_qt_nor_the_database() -> None:
    loaded = _loaded_after("import contextlib, io\nfrom gui.__main__ import main\n"
                           "with contextlib.redirect_stdout(io.StringIO()):\n"
                           "    assert main(['outline', 'corpus/S-2017-130_WGPKO-report-2016.txt']) == 0")
    assert "gui.core.extract" in loaded  # it did extract
    assert not [m for m in loaded if m.startswith(("PySide6", "gui.store", "sqlite_utils"))]


def test_the_choices_named_without_loading_match_the_modules_they_name() -> None:
    from gui.cli.export_commands import EXPORT_FORMATS
    from gui.cli.store_commands import SORT_CHOICES
    from gui.export import FORMATS
    from gui.store.library import SORTS

    assert tuple(sorted(SORTS)) == SORT_CHOICES
    assert tuple(sorted(FORMATS)) == EXPORT_FORMATS


def test_at_without_open_is_a_usage_error() -> None:
    """`--at para_1` alone used to be ignored in silence (the window opened on the last document)."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "gui", "--at", "para_1", "--screenshot", "x.png"],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 2 and "--at needs --open DOC" in run.stderr

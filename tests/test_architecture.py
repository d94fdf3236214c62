"""The import direction the design promises: ui → store/export → core; Qt only in gui/ui."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

GUI = ROOT / "gui"
IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.MULTILINE)


def imports_of(package: str) -> list[tuple[str, str]]:
    out = []
    for path in (GUI / package).rglob("*.py"):
        out += [(path.name, name) for name in IMPORT.findall(path.read_text(encoding="utf-8"))]
    return out


@pytest.mark.parametrize("package", ["core", "store", "export", "cli"])
def test_no_qt_outside_ui(package: str) -> None:
    assert [(f, m) for f, m in imports_of(package) if m.startswith(("PySide6", "shiboken6"))] == []


def test_core_imports_nothing_above_it() -> None:
    assert [(f, m) for f, m in imports_of("core") if m.startswith(("gui.store", "gui.export", "gui.ui"))] == []


@pytest.mark.parametrize("package", ["store", "export"])
def test_store_and_export_do_not_import_ui(package: str) -> None:
    assert [(f, m) for f, m in imports_of(package) if m.startswith("gui.ui")] == []

"""The import direction the design promises: ui → store/export/analysis → core; Qt only in gui/ui; no import
cycle anywhere in gui/ (imports made for type hints only count: a type is a dependency); inside gui/ui, only the
shell knows the main window, and the parts (reader, coding, library, team, widgets) never import the shell."""

from __future__ import annotations

import ast
import functools
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import ROOT

GUI = ROOT / "gui"
IMPORT = re.compile(r"^\s*(?:from|import)\s+([\w.]+)", re.MULTILINE)
MAIN_WINDOW = "gui.ui.shell.window"
STARTS_THE_WINDOW = {"gui.ui.shell.app"}  # start-up builds the one main window; nothing else may name it
UI_PARTS = ("reader", "coding", "library", "team", "widgets")


def imports_of(package: str) -> list[tuple[str, str]]:
    out = []
    for path in (GUI / package).rglob("*.py"):
        out += [(path.name, name) for name in IMPORT.findall(path.read_text(encoding="utf-8"))]
    return out


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Module → the gui modules it imports anywhere in its text (at the top, in a function, under
    TYPE_CHECKING); `from a import b` counts as importing `a.b` when that is a module."""
    paths = {module_name(p): p for p in GUI.rglob("*.py")}
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                targets = [base, *(f"{base}.{a.name}" for a in node.names)]
            else:
                continue
            for target in targets:
                while target and target not in paths:
                    target = target.rpartition(".")[0]
                if target and target not in (name, "gui") and not name.startswith(target + "."):
                    graph[name].add(target)
    for name in paths:
        graph.setdefault(name, set())
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_gui() -> None:
    assert cycles(import_graph()) == []


def test_only_the_start_up_imports_the_main_window() -> None:
    graph = import_graph()
    assert {name for name, targets in graph.items() if MAIN_WINDOW in targets} == STARTS_THE_WINDOW


@pytest.mark.parametrize("part", UI_PARTS)
def test_the_window_parts_do_not_import_the_shell(part: str) -> None:
    """A part is given a session and a narrow host protocol (`gui.ui.session`), never the concrete window."""
    graph = import_graph()
    assert {(name, t) for name, targets in graph.items() if name.startswith(f"gui.ui.{part}")
            for t in targets if t.startswith("gui.ui.shell")} == set()


def test_no_qt_outside_ui() -> None:
    outside = [p for p in GUI.rglob("*.py") if not p.is_relative_to(GUI / "ui")]
    assert len(outside) > 50
    assert [(str(p.relative_to(GUI)), m) for p in outside for m in IMPORT.findall(p.read_text(encoding="utf-8"))
            if m.startswith(("PySide6", "shiboken6"))] == []


def test_core_imports_nothing_above_it() -> None:
    assert [(f, m) for f, m in imports_of("core") if m.startswith(("gui.store", "gui.export", "gui.ui"))] == []


@pytest.mark.parametrize("package", ["store", "export"])
def test_store_and_export_do_not_import_ui(package: str) -> None:
    assert [(f, m) for f, m in imports_of(package) if m.startswith("gui.ui")] == []

"""The README is the front door: its shortcut table and command list must stay true to the code."""

from __future__ import annotations

import argparse
import re

import pytest

from gui.__main__ import build_parser
from gui.ui.keymap import ACTIONS, READER_KEYS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
KEYBOARD = README[README.index("### Keyboard"):README.index("### Window benchmark")]


@pytest.mark.parametrize("shortcut", sorted({s for a in ACTIONS for s in a.shortcuts if "+" in s or len(s) > 1}))
def test_every_menu_shortcut_is_in_the_readme(shortcut: str) -> None:
    assert shortcut in KEYBOARD


@pytest.mark.parametrize("keys", [k for k, _ in READER_KEYS])
def test_every_reader_key_is_in_the_readme(keys: str) -> None:
    assert keys in KEYBOARD


def test_every_command_is_in_the_readme() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    listed = set(re.findall(r"^\| `([\w-]+)[ `]", README, re.MULTILINE))
    assert set(commands) <= listed, set(commands) - listed


def test_benchmark_blocks_are_filled() -> None:
    for name in ("extract", "store", "ui", "export"):
        block = README.split(f"<!-- bench:{name} -->")[1].split(f"<!-- /bench:{name} -->")[0]
        assert "|" in block, f"README has no {name} benchmark figures; run tests/benchmarks/bench_{name}.py"

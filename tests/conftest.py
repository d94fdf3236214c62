"""Shared fixtures. Qt runs offscreen; no test touches the user's real settings or data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"

S_2017_130 = CORPUS / "S-2017-130_WGPKO-report-2016.txt"
CONCEPT_NOTE = CORPUS / "S-2016-1017_concept-note-POC-political-strategies.txt"
FORUM_PAPER = CORPUS / "Challenges-Forum-2018_A4P-POC-background-paper.txt"
REPORT_2021 = CORPUS / "WGPKO-report-2021.txt"
S_2021_4 = DATA / "example_01_S_2021_4.txt"
S_2022_43 = DATA / "example_02_S_2022_43.txt"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point data/config/cache dirs at a temporary folder so tests never touch real user files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))

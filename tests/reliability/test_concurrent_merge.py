"""Item 2: two merges of a file that creates themes, at once: both succeed, and no false "damaged" alarm."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gui.export import import_annotations
from gui.export.qdpx import render_qdc
from gui.store import Store, StoreError
from gui.store.errors import translate
from tests.conftest import ROOT


def _codebook(folder: Path) -> Path:
    with Store(folder / "colleague.db", import_corpus=False) as theirs:
        theirs.add_theme("Early warning", color="#123456")
        theirs.add_theme("Host-state consent", color="#654321")
        themes = [t for t in theirs.themes() if t.name in ("Early warning", "Host-state consent")]
    path = folder / "codebook.qdc"
    path.write_bytes(render_qdc(themes))
    return path


def test_a_merge_after_another_window_created_the_themes(db: Path, tmp_path: Path) -> None:
    file = _codebook(tmp_path)
    with Store(db) as window, Store(db) as other:
        window.themes()  # the window has read the themes before the other merge ran
        assert import_annotations(other, file).themes_created == ["Early warning", "Host-state consent"]
        report = import_annotations(window, file)
        assert report.themes_created == []
        names = [t.name for t in window.themes()]
        assert names.count("Early warning") == 1 and names.count("Host-state consent") == 1


def test_a_constraint_failure_is_not_called_damage(tmp_path: Path) -> None:
    (tmp_path / "m.db.backups").mkdir()
    message = str(translate(tmp_path / "m.db", sqlite3.IntegrityError("UNIQUE constraint failed: themes.key")))
    assert "damaged" not in message and "backup" not in message.lower()
    assert "run it again" in message and str(tmp_path / "m.db") in message


MERGE = "from gui.__main__ import main; import sys; sys.exit(main(sys.argv[1:]))"


@pytest.mark.slow
def test_two_merges_at_once_both_succeed(db: Path, tmp_path: Path) -> None:
    file = _codebook(tmp_path)
    for round_ in range(4):
        target = tmp_path / f"round{round_}.db"
        target.write_bytes(db.read_bytes())
        procs = [subprocess.Popen([sys.executable, "-c", MERGE, "import-annotations", str(file), "--db", str(target)],
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        results = [p.communicate(timeout=60) for p in procs]
        for proc, (_out, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err
            assert "damaged" not in err
        with Store(target) as s:
            assert [t.name for t in s.themes()].count("Early warning") == 1


def test_store_error_is_raised_not_sqlite(db: Path) -> None:
    with Store(db) as s, pytest.raises(StoreError, match="already exists"):
        s.add_theme("Early warning")
        s.add_theme("Early warning")

"""Issue 23, fault 11: messages that say what is true — a full disk on a re-import, the -wal/-shm file that is
the problem, positions that are not whole numbers, a Description whose text sits in child elements."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.export import export, import_annotations
from gui.store import Store
from gui.store import errors as store_errors
from tests.conftest import S_2017_130

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system of its own (tmpfs), where mounting one is allowed (root on Linux); else skipped."""
    where = tmp_path / "small"
    where.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root on Linux")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_reimport_on_a_full_disk_says_the_disk_is_full(small_disk: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    text = S_2017_130.read_text(encoding="utf-8")
    doc = tmp_path / "report.txt"
    doc.write_text(text, encoding="utf-8")
    db = small_disk / "work.db"
    with Store(db, import_corpus=False) as store:
        store.import_file(doc)
        store.tag("S-2017-130", ["para_83"], "poc")
    (small_disk / "filler").write_bytes(b"\0" * (shutil.disk_usage(small_disk).free - 20_000))  # 20 KB left
    doc.write_text(text.replace("thematic discussion", "thematic debate"), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(doc), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and "disk I/O error" not in err  # was: "disk I/O error"
    (small_disk / "filler").unlink()
    with Store(db) as store:  # nothing was changed: the annotation is where it was
        [ann] = store.annotations()
        assert (ann.eid, ann.status) == ("para_83", "anchored")


def test_an_io_error_with_hardly_any_space_left_is_a_full_disk(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_errors.shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(10**9, 10**9, 20_480))
    message = str(store_errors.translate(tmp_path / "x.db", sqlite3.OperationalError("disk I/O error")))
    assert message == f"{tmp_path / 'x.db'}: the disk is full (20 KB free); nothing was changed — free some space"


def test_a_problem_with_the_wal_file_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "x.db"
    Store(db, import_corpus=False).close()
    (tmp_path / "x.db-wal").mkdir()  # not a file: SQLite cannot open its log
    assert main(["docs", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{db}-wal: the database's write-ahead log is not a regular file" in err


def qdpx_with(tmp_path: Path, change: tuple[str, str]) -> Path:
    """Our own .qdpx of one span on S/2017/130 para. 83 with its note, one piece of its XML changed."""
    with Store(tmp_path / "a.db") as store:
        text = store.document("S-2017-130").block("para_83").text
        at = text.index("thematic discussion")
        store.tag("S-2017-130", ["para_83"], "poc", span=(at, at + 19), note="first note")
        good = export(store, "qdpx", tmp_path / "good.qdpx")
    out = tmp_path / "changed.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "project.qde":
                project = data.decode("utf-8")
                assert change[0] in project
                data = project.replace(change[0], change[1], 1).encode("utf-8")
            dst.writestr(name, data)
    return out


@pytest.mark.parametrize("start", ["767.5", "1e3"])
def test_positions_that_are_not_whole_numbers_are_reported_as_written(tmp_path: Path, start: str) -> None:
    file = qdpx_with(tmp_path, ('startPosition="', f'startPosition="{start}" data-was="'))
    with Store(tmp_path / "b.db") as store:
        report = import_annotations(store, file)
    [(_, why)] = report.unplaced
    assert why == f"its positions are not whole numbers of characters (startPosition {start!r}, endPosition " \
                  f"{why.split('endPosition ')[1].split(')')[0]})"
    assert "-1" not in why  # was: "positions -1–-1"


def test_a_description_with_child_elements_keeps_their_text(tmp_path: Path) -> None:
    file = qdpx_with(tmp_path, ("<Description>first note</Description>",
                                "<Description>first <b>bold</b> note<br/>second line</Description>"))
    with Store(tmp_path / "b.db") as store:
        report = import_annotations(store, file)
        assert len(report.merged) == 1
        assert store.annotations()[0].note == "first bold notesecond line"  # was: "first " — the rest lost

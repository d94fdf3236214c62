"""Items 12–14: a refused file is left byte for byte as it was; another program's database is not ours;
every message about a database file says what is true."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.store import Store, StoreError, schema
from tests.conftest import ROOT

from .conftest import DOC


def _companions(path: Path) -> list[Path]:
    return [p for p in (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")) if p.exists()]


def test_a_newer_rollback_journal_database_is_refused_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path, import_corpus=False).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"newer version of Marginalia.*the file was not changed"):
        Store(path)
    assert path.read_bytes() == before
    assert _companions(path) == []


def _foreign(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
    conn.close()


def test_another_programs_database_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "recipes.sqlite"
    _foreign(path)
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(info.value) == (f"{path}: is another program's SQLite database (tables recipes), not a Marginalia "
                               "one; it was left unchanged — choose another --db")
    assert path.read_bytes() == before and _companions(path) == []


def test_another_program_with_our_table_names_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (id TEXT)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program's SQLite database"):
        Store(path)
    assert path.read_bytes() == before


def test_marginalia_databases_carry_the_application_id(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    Store(new, import_corpus=False).close()
    old = tmp_path / "old.db"  # made before the id was set: recognised by its tables, then marked
    shutil.copy(new, old)
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA application_id = 0")
    conn.close()
    for path in (new, old):
        with Store(path) as s:
            assert s.db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    empty = tmp_path / "empty.db"  # an SQLite file with nothing in it is free to use
    sqlite3.connect(empty).close()
    Store(empty, import_corpus=False).close()


def test_a_db_in_a_folder_that_does_not_exist_is_an_error(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "no-such-folder" / "m.db"
    assert main(["docs", "--db", str(path)]) == 2
    assert capsys.readouterr().err.strip().endswith(
        f"{path}: the folder {path.parent} does not exist; create it, or choose another --db")
    assert not path.parent.exists()


def _as_nobody(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m gui ARGS` as an unprivileged user (root ignores file permissions)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("needs setpriv to drop root's privileges")
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, sys.executable, "-m", "gui", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "HOME": "/tmp", **(env or {})})


@pytest.mark.slow
def test_a_database_in_a_read_only_folder_is_not_called_damaged(tmp_path: Path) -> None:
    top = Path(tempfile.mkdtemp(prefix="marginalia-ro-"))  # pytest's own folders are private to root
    os.chmod(top, 0o755)
    try:
        _read_only_folder(top, tmp_path)
    finally:
        os.chmod(top / "readonly", 0o755)
        shutil.rmtree(top)


def _read_only_folder(top: Path, tmp_path: Path) -> None:
    folder = top / "readonly"
    folder.mkdir()
    path = folder / "m.db"
    Store(path, import_corpus=False).close()
    before = path.read_bytes()
    os.chmod(path, 0o644)
    os.chmod(folder, 0o555)
    cli = _as_nobody(["docs", "--db", str(path)])
    window = _as_nobody(["--db", str(path), "--screenshot", str(top / "x.png")], {"QT_QPA_PLATFORM": "offscreen"})
    if ("Permission denied" in cli.stderr and "gui" not in cli.stderr) or "No module named gui" in cli.stderr:
        pytest.skip("the unprivileged user cannot run this Python or read this checkout (a private folder)")
    for result in (cli, window):
        assert result.returncode == 2, result.stderr
        assert f"its folder {folder} is read-only" in result.stderr, result.stderr
        assert "damaged" not in result.stderr and "already open" not in result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_the_window_says_when_the_data_folder_cannot_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from gui.ui.shell import app

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    args = argparse.Namespace(db=None, open_doc=None, at=None, screenshot=None)
    assert app.run(args) == 2
    err = capsys.readouterr().err
    assert "cannot create the data folder" in err and "Traceback" not in err


def test_text_that_is_not_utf8_is_reported_and_the_rest_stays_usable(db: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with Store(db) as s:
        s.tag(DOC, ["para_7"], "poc", note="fine")
        s.tag(DOC, ["para_8"], "poc", note="damaged")
        bad = next(a for a in s.annotations() if a.note == "damaged")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE annotations SET exact = CAST(x'4f6bff20' AS TEXT) WHERE id = ?", [bad.id])
    conn.close()
    with Store(db) as s:
        annotations = s.annotations()
        assert len(annotations) == 2
        assert next(a for a in annotations if a.id == bad.id).quote == "Ok\ufffd "
        assert s.unreadable() == [f"annotation {bad.id} (exact)"]
        s.tag(DOC, ["para_9"], "poc")  # still writable
    assert main(["annotations", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert f"annotation {bad.id} (exact)" in captured.err and "fine" in captured.out


def test_an_empty_document_given_as_database_is_refused_unchanged(tmp_path: Path) -> None:
    """`--db notes.pdf` on an empty file: refused, left empty (SQLite would take it for an empty database and
    the bundled corpus would be imported into it); an empty file named .db still becomes a database."""
    mistaken = tmp_path / "notes.pdf"
    mistaken.write_bytes(b"")
    with pytest.raises(StoreError, match=r"empty \.pdf file, not a Marginalia database"):
        Store(mistaken)
    assert mistaken.read_bytes() == b""
    chosen = tmp_path / "notes.db"
    chosen.write_bytes(b"")
    Store(chosen).close()
    assert chosen.stat().st_size > 0

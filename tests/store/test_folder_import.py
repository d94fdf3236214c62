"""Issue 23, fault 9: a folder import goes on past a bad file, on the command line as in the window, and
names each bad file with its reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.store import Store
from tests.conftest import DATA


def folder(tmp_path: Path) -> Path:
    """Four files, the second an encrypted PDF, the fourth binary bytes named .txt."""
    out = tmp_path / "inbox"
    out.mkdir()
    shutil.copyfile(DATA / "pdf" / "S_2025_68.en.pdf", out / "a.pdf")
    shutil.copyfile(DATA / "pdf" / "encrypted.pdf", out / "b.pdf")
    shutil.copyfile(DATA / "pdf" / "S_2025_153.en.pdf", out / "c.pdf")
    (out / "d.txt").write_bytes(b"\x00\x01\x02\x03 not text \xff\xfe" * 40)
    return out


def test_the_command_line_imports_the_good_files_and_names_the_bad(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "x.db"
    assert main(["import", str(folder(tmp_path)), "--db", str(db)]) == 2  # some were refused: said by the code
    out, err = capsys.readouterr()
    assert "S-2025-68: new" in out and "S-2025-153: new" in out  # was: only the first, then the error
    assert "not imported: " in err and "b.pdf: the PDF is encrypted" in err and "d.txt:" in err
    assert "2 of 4 file(s) not imported" in err
    with Store(db, import_corpus=False) as store:
        assert sorted(d.id for d in store.documents() if d.id.startswith("S-2025")) == ["S-2025-153", "S-2025-68"]


def test_the_window_imports_the_good_files_and_names_the_bad(tmp_path: Path, qtbot: object) -> None:
    from gui.ui.library.workers import ImportWorker

    db = tmp_path / "x.db"
    Store(db, import_corpus=False).close()
    files = sorted(folder(tmp_path).iterdir())
    worker = ImportWorker(db, files)
    results: list[tuple[list[str], list[str]]] = []
    worker.done.connect(lambda summaries, errors: results.append((summaries, errors)))
    worker.run()  # the thread's body, here: the signal is delivered directly
    [(summaries, errors)] = results
    assert [s.split(":")[0] for s in summaries] == ["S-2025-68", "S-2025-153"]
    assert len(errors) == 2 and "b.pdf" in errors[0] and "d.txt" in errors[1]

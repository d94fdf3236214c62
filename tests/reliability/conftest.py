"""Fixtures for the reliability suite: a database with the corpus, and an edited copy of S/2017/130."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.store import Store
from tests.conftest import S_2017_130

DOC = "S-2017-130"
PARA_5 = "- 5. The Working Group discussed the following themes:"
PARA_5_EDITED = "- 5. The Working Group considered, at length, the following themes:"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding S/2017/130, imported from a copy that the test may edit and re-import."""
    path = tmp_path / "work.db"
    copy = tmp_path / "S-2017-130.txt"
    copy.write_text(S_2017_130.read_text(encoding="utf-8"), encoding="utf-8")
    with Store(path, import_corpus=False) as store:
        assert store.import_file(copy).doc_id == DOC
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with Store(db) as s:
        yield s


def edit_and_reimport(db: Path) -> str:
    """Another window's work: para 5 reworded and para 110 deleted, re-imported into the same database."""
    copy = db.parent / "S-2017-130.txt"
    lines = copy.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines.count(PARA_5 + "\n") == 1
    lines = [PARA_5_EDITED + "\n" if line == PARA_5 + "\n" else line for line in lines
             if not line.startswith("110. ")]
    copy.write_text("".join(lines), encoding="utf-8")
    with Store(db) as other:
        report = other.import_file(copy)
        assert report.status == "updated"
        assert other.document(DOC).get("para_110") is None
        return report.summary()


from tests.ui.conftest import make_window, settings_path  # noqa: E402, F401  (the window fixtures, shared)

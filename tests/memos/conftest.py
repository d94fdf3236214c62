from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh database with the bundled corpus imported."""
    with Store(tmp_path / "test.db") as s:
        yield s

"""Fixtures for the export tests: a database with the bundled corpus, and one with a standard set of tags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.store import Store

from .helpers import tag_standard_set


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh database with the bundled corpus imported."""
    with Store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def tagged(store: Store) -> Store:
    tag_standard_set(store)
    return store

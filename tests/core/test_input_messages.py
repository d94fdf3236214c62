"""A file named .pdf that is neither a PDF nor text is called a damaged PDF, not text "in an unknown encoding"
to convert to UTF-8 (a new analyst's random-bytes file); a text file named .pdf still reads."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gui.core.errors import InputError
from gui.core.extract import load_document


def test_bytes_named_pdf_are_a_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(random.Random(7).randbytes(3000))
    with pytest.raises(InputError, match="not a readable PDF"):
        load_document(path)


def test_empty_pdf_says_empty(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_document(path)


def test_bytes_named_txt_stay_binary(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(random.Random(7).randbytes(3000))
    with pytest.raises(InputError, match="binary"):
        load_document(path)

"""The PDF reader's batched reading of characters (gui/core/pdf/chars.py) against PDFium asked character by
character, on real UN PDFs: the shortcuts that make it fast (a word printed by one text object looked up at its
two ends, boxes and fonts read in batches) must give what the slow way gives."""

from __future__ import annotations

import ctypes
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from gui.core.pdf import chars
from gui.core.pdf.read import _lines, open_pdf

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"
# Word-exported reports (real spaces), a Distiller report (spaces PDFium generates), a resolution, a 2000 report
FILES = ["S_2025_153.en.pdf", "S_2025_411.en.pdf", "S_RES_2769 (2025).en.pdf", "S_2000_538.en.pdf"]


def text_pages(name: str) -> Iterator[pdfium.PdfTextPage]:
    pdf = open_pdf(DATA / name)
    for page in pdf:
        textpage = page.get_textpage()
        yield textpage
        textpage.close()
        page.close()
    pdf.close()


def handle(textpage: pdfium.PdfTextPage) -> ctypes.c_void_p:
    return ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)


@pytest.mark.parametrize("name", FILES)
def test_text_objects_are_pdfiums_own_for_every_character_that_counts(name: str) -> None:
    looked_up = filled = 0
    for textpage in text_pages(name):
        count = textpage.count_chars()
        text, whole_words = chars._page_text(textpage, count)
        assert whole_words
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        kinds = chars._kinds(codes)
        objects = chars._text_objects(handle(textpage), kinds, whole_words).tolist()
        for index in range(count):
            if kinds[index] in (chars._DROPPED, chars.NEWLINE):
                continue
            truth = raw.FPDFText_GetTextObject(textpage.raw, index)
            assert objects[index] == (ctypes.cast(truth, ctypes.c_void_p).value or 0), (name, index, text[index])
            looked_up += 1
        filled += int((kinds == chars._LETTER).sum())
    assert looked_up > 10_000 and filled > 10_000


@pytest.mark.parametrize("name", FILES[:2])
def test_reading_every_character_gives_the_same_lines(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index-by-index reading (for pages whose characters outside the BMP take two indexes) looks every
    letter up; on the same page it must give the same lines, runs and coordinates as the word-by-word one."""
    fast = [[(line.text, line.rotated, line.runs) for line in _lines(tp)] for tp in text_pages(name)]
    slow_text = chars._page_text
    monkeypatch.setattr(chars, "_page_text", lambda textpage, count: (slow_text(textpage, count)[0], False))
    slow = [[(line.text, line.rotated, line.runs) for line in _lines(tp)] for tp in text_pages(name)]
    assert slow == fast
    assert sum(len(page) for page in fast) > 200


@pytest.mark.parametrize("name", FILES)
def test_stretches_keep_every_character_in_order_and_cut_where_the_text_object_changes(name: str) -> None:
    for textpage in text_pages(name):
        stretches = chars.stretches(textpage, handle(textpage))
        if stretches is None:
            continue
        text = textpage.get_text_range()
        assert "".join(stretches.text) == chars._DROP.sub("", text)
        kinds, keys = stretches.kind.tolist(), stretches.key.tolist()
        for kind, key, piece, first in zip(kinds, keys, stretches.text, stretches.first.tolist(), strict=True):
            assert piece and text[first] == piece[0]
            if kind == chars.NEWLINE:
                assert set(piece) <= set("\r\n")
            elif kind == chars.INK:
                assert key > 1 and "\r" not in piece and "\n" not in piece
        for i in range(len(kinds) - 1):
            kind, key, next_kind, next_key = kinds[i], keys[i], kinds[i + 1], keys[i + 1]
            assert key != next_key or chars.HYPHEN in (kind, next_kind)  # a stretch ends where its object does


def test_numpy_loads_with_the_first_pdf_page_not_with_the_extractor() -> None:
    """The extractor is imported by every command that reads a file; numpy (some 0.1 s) only by a PDF's pages."""
    probe = ("import sys; from gui.core.extract import load_document; "
             "load_document('corpus/S-2017-130_WGPKO-report-2016.txt'); print('numpy' in sys.modules); "
             f"load_document({str(DATA / FILES[2])!r}); print('numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["False", "True"]

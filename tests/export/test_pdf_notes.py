"""Notes exported from a PDF: quotations keep their footnote marks and list the notes, citations give the
printed page, a tagged figure is cited by its number and, in HTML, shown as the picture this export drew."""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import pytest

from gui.export import export
from gui.store import Store

from .helpers import parse_html

PDFS = Path(__file__).resolve().parents[1] / "data" / "pdf"


@pytest.fixture
def pdf_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "pdf.db", import_corpus=False)
    for stem in ("S_2025_72", "S_2025_153"):
        shutil.copy(PDFS / f"{stem}.en.pdf", tmp_path / f"{stem}.pdf")
        store.import_file(tmp_path / f"{stem}.pdf")
    store.tag("S-2025-72", ["para_1"], "poc")
    store.tag("S-2025-72", ["para_4"], "poc", span=(0, 40))
    store.tag("S-2025-153", ["fig_I"], "poc")
    return store


def test_markdown_quotes_keep_marks_and_list_their_notes(pdf_store: Store, tmp_path: Path) -> None:
    text = export(pdf_store, "md", tmp_path / "n.md").read_text(encoding="utf-8")
    assert "### S/2025/72, para. 1 (p. 1)" in text
    assert "the Levant¹ (ISIL, hereinafter referred to as “Da’esh”)² and associated" in text
    assert "¹ Listed as Al\\-Qaida in Iraq (QDe.115)." in text or "¹ Listed as Al-Qaida in Iraq (QDe.115)." in text
    assert "² In line with General Assembly resolution 75/291." in text
    assert "**Aided by less centralized organizational** structures,⁵ Da’esh" in text  # a span keeps the mark
    assert "⁵ See S/2023/568." in text
    assert "### S/2025/153, figure I (p. 2)" in text and "data:image" not in text


def test_html_notes_show_a_tagged_figure_as_its_picture(pdf_store: Store, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    page = export(pdf_store, "html", tmp_path / "n.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(sources) == 1
    image = QImage.fromData(base64.b64decode(sources[0]), "PNG")
    assert image.width() > 400 and image.height() > 300
    parsed = parse_html(page.split("<body>", 1)[1])
    assert [v for tag, name, v in parsed.attributes if tag == "img" and name == "src"] == [
        f"data:image/png;base64,{sources[0]}"]


def test_html_pictures_cannot_be_forged_by_document_text(tmp_path: Path) -> None:
    """Only the export's own pictures become images: a note holding a picture token or an <img> stays text."""
    store = Store(tmp_path / "t.db")
    store.tag("S-2017-130", ["para_83"], "poc", note='picture0n0 <img src="https://evil.example/x.png">')
    page = export(store, "html", tmp_path / "n.html").read_text(encoding="utf-8")
    assert "<img" not in page.split("<body>", 1)[1]
    assert "&lt;img src=" in page


def test_a_figure_whose_pdf_is_gone_is_exported_without_its_picture(pdf_store: Store, tmp_path: Path) -> None:
    (tmp_path / "S_2025_153.pdf").unlink()
    pdf_store.invalidate()
    page = export(pdf_store, "html", tmp_path / "n.html").read_text(encoding="utf-8")
    assert "<img" not in page and "S/2025/153, figure I (p. 2)" in page

"""Scanned PDFs made from born-digital UN pages: each page drawn to a picture and put in a new PDF with no text
layer (what a scanner makes), so the page's text layer is the truth its recognition is measured against."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

DATA = Path(__file__).resolve().parent / "data"
S_2025_72 = DATA / "pdf" / "S_2025_72.en.pdf"


def scanned_pdf(source: Path, pages: list[int], text_pages: tuple[int, ...] = (), scale: float = 2.0,
                crop_bottom: float = 0.0) -> bytes:
    """A PDF of `pages` (from 1) of `source` as pictures, then `text_pages` copied with their text layer.
    `crop_bottom`: the share of each pictured page left blank at the bottom (a smaller page to recognise)."""
    src = pdfium.PdfDocument(str(source))
    out = pdfium.PdfDocument.new()
    for number in pages:
        page = src[number - 1]
        width, height = page.get_size()
        bitmap = page.render(scale=scale, grayscale=True, crop=(0, height * crop_bottom, 0, 0))
        shown = height * (1 - crop_bottom)
        new = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, shown).translate(0, height - shown))
        new.insert_obj(image)
        new.gen_content()
    if text_pages:
        out.import_pages(src, [n - 1 for n in text_pages])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def text_of(source: Path, number: int) -> str:
    """The text layer of page `number` (from 1), lines as PDFium reads them."""
    pdf = pdfium.PdfDocument(str(source))
    textpage = pdf[number - 1].get_textpage()
    return str(textpage.get_text_range())


def blank_scan() -> bytes:
    """A PDF whose first page is a picture of nothing (recognition reads no text on it) and whose second is
    page 2 of S/2025/72 with its text layer."""
    src = pdfium.PdfDocument(str(S_2025_72))
    out = pdfium.PdfDocument.new()
    page = out.new_page(612, 792)
    image = pdfium.PdfImage.new(out)
    image.set_bitmap(pdfium.PdfBitmap.new_native(200, 260, 2))  # 2: BGR, zero-filled
    image.get_bitmap().buffer  # noqa: B018 (touch: the bitmap exists)
    image.set_matrix(pdfium.PdfMatrix().scale(612, 792))
    page.insert_obj(image)
    page.gen_content()
    out.import_pages(src, [1])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()

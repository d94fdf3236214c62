"""Pictures of printed pages (for the page view and the figures in the reader), drawn by PDFium.

PDFium is not thread-safe: every call into it, here and in `read`, holds `PDFIUM`. A `PageRenderer` keeps its
PDF open and is meant to be used from one worker thread; what it returns is plain bytes, which `gui/ui` turns
into a QImage.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from gui.core.errors import InputError
from gui.core.pdf.read import PDFIUM, open_pdf

MAX_PIXELS = 40_000_000  # a page drawn larger than this (zoomed in too far) is drawn at this size


@dataclass(frozen=True, slots=True)
class Picture:
    """RGBA pixels, rows `stride` bytes apart."""

    width: int
    height: int
    stride: int
    pixels: bytes


class PageRenderer:
    """Draws pages (or parts of them) of one PDF file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        with PDFIUM:
            self.pdf = open_pdf(self.path)
            self.sizes = []
            for i in range(len(self.pdf)):
                handle = self.pdf[i]
                handle.set_rotation(0)  # as the reader reads it: the blocks' boxes are in the unrotated page
                self.sizes.append(handle.get_size())
                handle.close()

    def close(self) -> None:
        with PDFIUM:
            self.pdf.close()

    def render(self, page: int, scale: float, box: tuple[float, float, float, float] | None = None) -> Picture:
        """Page `page` (from 1) at `scale` pixels per point; only the part inside `box` (x0, y0, x1, y1 in
        PDF points, origin bottom left) when one is given."""
        if not 1 <= page <= len(self.sizes):
            raise InputError(f"{self.path}: has no page {page}")
        width, height = self.sizes[page - 1]
        crop = (0.0, 0.0, 0.0, 0.0)
        if box is not None:
            x0, y0, x1, y1 = box
            crop = (max(0.0, x0), max(0.0, y0), max(0.0, width - x1), max(0.0, height - y1))
            width, height = width - crop[0] - crop[2], height - crop[1] - crop[3]
        scale = min(scale, (MAX_PIXELS / max(1.0, width * height)) ** 0.5)
        with PDFIUM:
            handle = self.pdf[page - 1]
            handle.set_rotation(0)
            try:
                bitmap = handle.render(scale=scale, crop=crop, rev_byteorder=True, may_draw_forms=False,
                                       force_bitmap_format=raw.FPDFBitmap_BGRA)  # → RGBA bytes
                try:
                    return Picture(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
                finally:
                    bitmap.close()
            except pdfium.PdfiumError as error:
                raise InputError(f"{self.path}: page {page} cannot be drawn ({error})") from None
            finally:
                handle.close()


def to_png(picture: Picture) -> bytes:
    """The picture as a PNG file (8-bit RGBA), for pictures embedded in exported notes."""
    rows = bytearray()
    row_bytes = picture.width * 4
    for y in range(picture.height):
        start = y * picture.stride
        rows += b"\x00" + picture.pixels[start:start + row_bytes]  # filter type 0 (none) for each row

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", picture.width, picture.height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
            + chunk(b"IEND", b""))


def figure_picture(path: str | Path, box: tuple[int, float, float, float, float], scale: float = 1.5) -> bytes | None:
    """A figure's area as PNG bytes, or None when its PDF cannot be drawn (moved, deleted, damaged)."""
    try:
        renderer = PageRenderer(path)
    except InputError:
        return None
    try:
        page, x0, y0, x1, y1 = box
        return to_png(renderer.render(page, scale, (x0, y0, x1, y1)))
    except InputError:
        return None
    finally:
        renderer.close()

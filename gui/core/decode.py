"""Reading a document file as text: encodings, and clear errors for what is not text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from gui.core.errors import InputError

MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused: a UN report is rarely over 1 MB of text; 64 MB is surely not one."""


def read_text(path: str | Path) -> tuple[str, str]:
    """Read and decode a file; return `(text, encoding)`. Raise InputError with a readable reason."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise InputError(f"{file}: is a folder, not a document file")
        if size > MAX_BYTES:
            raise InputError(
                f"{file}: too large ({size / 1e6:.0f} MB); documents up to {MAX_BYTES // 2**20} MB are supported"
            )
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except PermissionError:
        raise InputError(f"{file}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{file}: is a folder, not a document file") from None
    except OSError as error:
        raise InputError(f"{file}: cannot be read ({error.strerror or error})") from None
    return decode_bytes(data, str(file))


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes: UTF-8 (BOM or not), UTF-16 (BOM, or detected), else Windows-1252/Latin-1."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large ({len(data) / 1e6:.0f} MB)")
    text, encoding = _decode(data)
    if "\x00" in text or _control_ratio(text) > 0.02:
        raise InputError(f"{name}: looks like a binary file, not text (convert PDFs with pdftotext first)")
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[2:].decode(enc, errors="replace"), enc.replace("-le", "").replace("-be", "")
    sample = data[:4096]
    if len(sample) >= 4:
        # UTF-16 without a BOM: every other byte of ASCII text is NUL.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        if even > 0.4 * half and odd < 0.05 * half:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than tab and line breaks


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)

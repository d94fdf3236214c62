"""Reading a document file as text: encodings, and clear errors for what is not text."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path

from gui.core.errors import InputError

MAX_BYTES = 64 * 1024 * 1024
"""Larger files are refused: a UN report is rarely over 1 MB of text; 64 MB is surely not one."""


def read_text(path: str | Path) -> tuple[str, str]:
    """Read and decode a file; return `(text, encoding)`. Raise InputError with a readable reason."""
    return decode_bytes(read_bounded(path, MAX_BYTES), str(path))


def read_bounded(path: str | Path, limit: int, kind: str = "document") -> bytes:
    """The bytes of a regular file, never more than `limit`: a named pipe, a device (`/dev/zero`), a folder or
    a loop of links is refused with a reason instead of hanging or filling the memory."""
    file = Path(path)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused just below).
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except PermissionError:
        raise InputError(f"{file}: permission denied") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{file}: is a loop of symbolic links, not a {kind} file") from None
        if error.errno == errno.EISDIR:
            raise InputError(f"{file}: is a folder, not a {kind} file") from None
        raise InputError(f"{file}: cannot be read ({error.strerror or error})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{file}: is a folder, not a {kind} file")
        if not stat.S_ISREG(info.st_mode):
            what = "a named pipe" if stat.S_ISFIFO(info.st_mode) else "a device" if \
                stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file"
            raise InputError(f"{file}: is {what}, not a {kind} file; only regular files are read")
        if info.st_size > limit:
            raise InputError(f"{file}: too large ({info.st_size / 1e6:.0f} MB); {kind} files up to "
                             f"{limit // 2**20} MB are supported")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # bounded whatever the size said: the file may be growing
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        after = os.fstat(fd)
        if (after.st_size, after.st_mtime_ns) != (info.st_size, info.st_mtime_ns) or size != after.st_size:
            raise InputError(f"{file}: changed while it was read (is it still being written or copied?); "
                             "import it again once it is complete")
    except OSError as error:
        raise InputError(f"{file}: cannot be read ({error.strerror or error})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(f"{file}: too large (over {limit // 2**20} MB); {kind} files up to {limit // 2**20} MB "
                         "are supported")
    return b"".join(chunks)


def decode_bytes(data: bytes, name: str = "input") -> tuple[str, str]:
    """Decode bytes: UTF-8 (BOM or not), UTF-16 (BOM, or detected), else Windows-1252/Latin-1."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large ({len(data) / 1e6:.0f} MB)")
    text, encoding = _decode(data, name)
    if "\x00" in text or _control_ratio(text) > 0.02:
        raise InputError(f"{name}: looks like a binary file, neither a PDF nor text")
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    return text, encoding


def _decode(data: bytes, name: str) -> tuple[str, str]:
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
        return _decode_lines(data, name)


NOT_TEXT_RATIO = 0.3
"""In Windows-1252 text the bytes above 127 are a few accented letters and quotes (2–5 % in French); where
they are a third of the bytes that are not UTF-8, it is binary data or another encoding (Chinese in GBK)."""


def _decode_lines(data: bytes, name: str) -> tuple[str, str]:
    """Not UTF-8 as a whole: decode line by line, UTF-8 where a line is (a file pasted together from two
    sources), Windows-1252 (else Latin-1) where it is not; refuse bytes that cannot be text in either."""
    lines = data.split(b"\n")
    out: list[str] = []
    legacy: set[str] = set()
    utf8 = False
    foreign_bytes = foreign_high = 0
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
            continue
        except UnicodeDecodeError:
            pass
        foreign_bytes += len(line)
        foreign_high += len(line) - len(line.translate(None, _HIGH))
        try:
            out.append(line.decode("cp1252"))
            legacy.add("cp1252")
        except UnicodeDecodeError:
            out.append(line.decode("latin-1"))
            legacy.add("latin-1")
    if foreign_high > NOT_TEXT_RATIO * foreign_bytes:
        raise InputError(f"{name}: looks like a binary file or text in an unknown encoding, not UTF-8 or "
                         f"Windows-1252 ({100 * foreign_high / foreign_bytes:.0f} % of its bytes are not ASCII); "
                         "convert it to UTF-8 first")
    encoding = "latin-1" if "latin-1" in legacy else "cp1252"
    return "\n".join(out), f"utf-8+{encoding}" if utf8 else encoding


_HIGH = bytes(range(128, 256))


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than tab and line breaks


def _control_ratio(text: str) -> float:
    sample = text[:65536]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)

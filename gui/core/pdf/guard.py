"""Bounds on what a PDF may make the reader do, checked before PDFium parses it, and a check on what it read.

A PDF is a few megabytes of compressed streams that PDFium inflates in memory and parses, page by page. A
"flate bomb" (1.5 MB inflating to gigabytes) took 2.5 GB, or died by SIGABRT under a memory cap; 5,000 pages
drawing one 300 MB content stream took some 40 minutes. PDFium cannot be given a budget, so the streams are
measured first: each Flate stream that is not a picture is inflated a megabyte at a time and counted, never
kept (`check_streams`), and the content the pages would parse, counted once per page that draws it, is
bounded. What PDFium reads is then checked for glyph soup (`check_text`): a font without a Unicode map, or a
file torn between two versions, gives "8QLWHG1DWLRQV" for "United Nations" — letters, but not text.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from gui.core.decode import read_bounded
from gui.core.errors import InputError

MAX_PDF_BYTES = 256 * 1024 * 1024  # as the reader (gui.core.pdf.MAX_PDF_BYTES, which imports this module)

STREAM_LIMIT = 64 * 2**20
"""Inflated bytes of one stream that is not a picture (the largest in the 622 PDFs of 2025: 1.2 MB). Pictures
are not inflated to read text and are not measured."""
TOTAL_LIMIT = 512 * 2**20  # inflated bytes of all such streams together
WORK_LIMIT = 1024 * 2**20  # content bytes PDFium would parse, counting a stream once for every page drawing it
CHUNK = 1 << 20

_STREAM = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(?:(?!endobj).){0,4096}?stream\r?\n", re.DOTALL)
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d+)\s+\d+\s+R|\[((?:\s*\d+\s+\d+\s+R)*)\s*\])")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R")


def _inflate(data: bytes, start: int, limit: int, keep: bool = False) -> tuple[int, bytes]:
    """How many bytes the zlib stream at `start` inflates to, counted in 1 MB steps and stopped past `limit`;
    with `keep`, the bytes too (an object stream, which may hold page dictionaries)."""
    inflater = zlib.decompressobj()
    size, at = 0, start
    pending = b""
    kept: list[bytes] = []
    try:
        while size <= limit:
            if not pending:
                if at >= len(data) or inflater.eof:
                    break
                pending, at = data[at:at + CHUNK], at + CHUNK
            out = inflater.decompress(pending, CHUNK)
            size += len(out)
            if keep:
                kept.append(out)
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged: PDFium will say what it makes of it; what inflated so far is counted
    return size, b"".join(kept)


def check_streams(data: bytes, name: str) -> None:
    """Refuse, in one line and bounded memory, a PDF whose streams would make PDFium inflate or parse more
    than the limits allow. A stream that is not Flate-compressed, or not valid, is left to PDFium."""
    sizes: dict[int, int] = {}
    dictionaries = [data]  # where page dictionaries are: the file, and its object streams
    total = 0
    for match in _STREAM.finditer(data):
        head = match.group(0)
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        size, inner = _inflate(data, match.end(), STREAM_LIMIT, keep=b"/ObjStm" in head)
        if size > STREAM_LIMIT:
            raise InputError(f"{name}: one of its compressed streams inflates to more than "
                             f"{STREAM_LIMIT // 2**20} MB (a \u201cflate bomb\u201d?); not read")
        sizes[int(match.group(1))] = size
        total += size
        if total > TOTAL_LIMIT:
            raise InputError(f"{name}: its compressed streams inflate to more than {TOTAL_LIMIT // 2**20} MB in "
                             "all; not read")
        if inner:
            dictionaries.append(inner)
    drawn: Counter[int] = Counter()
    for text in dictionaries:
        for match in _CONTENTS.finditer(text):
            refs = [match.group(1)] if match.group(1) else _REFERENCE.findall(match.group(2) or b"")
            drawn.update(int(r) for r in refs)
    work = sum(sizes.get(number, 0) * times for number, times in drawn.items())
    if work > WORK_LIMIT:
        number, times = max(drawn.items(), key=lambda item: sizes.get(item[0], 0) * item[1])
        raise InputError(f"{name}: its pages would make the reader parse {work / 2**30:.0f} GB of content "
                         f"({times:,} pages draw the same {sizes.get(number, 0) / 2**20:.0f} MB stream); not read")


_TOKEN = re.compile(r"[^\W_]+")
_MIXED = re.compile(r"[^\W\d_]+\d+[^\W\d_]+|\d+[^\W\d_]+\d+")  # letters both sides of digits, or the reverse
_VOWEL = re.compile(r"[aeiouyAEIOUY]")
_COMMON = {  # the commonest words of the six official languages' Latin-script ones, and of UN documents
    "the", "of", "and", "to", "in", "a", "that", "is", "for", "with", "on", "by", "as", "at", "was", "were",
    "de", "la", "le", "les", "des", "et", "du", "en", "el", "los", "las", "del", "y", "que", "por", "para",
    "united", "nations", "council", "security", "general", "assembly", "report", "secretary", "mission",
}


def soup(text: str) -> str | None:
    """A word of glyph soup when `text` (a page) is mostly shifted glyphs with hardly a common word; None for
    text, or for too little Latin-script text to judge (Chinese, Arabic and Russian are not judged here).

    A font whose codes are read as shifted characters turns "United Nations continued to monitor" into
    "8QLWHG 1DWLRQV FRQWLQXHG WR PRQLWRU": the vowels become D, H, L, R, X, so most words have no vowel, and
    capitals become digits run into the letters. UN text has a vowel in all but a few acronyms (DDR, SSR)."""
    tokens = _TOKEN.findall(text)
    words = [t for t in tokens if len(t) >= 3 and not t.isdigit() and t.isascii()]
    if len(words) < MIN_WORDS:
        return None
    odd = [w for w in words if _MIXED.search(w) or not _VOWEL.search(w)]
    common = sum(1 for t in tokens if t.lower() in _COMMON)
    if len(odd) > SOUP_ODD * len(words) and common < SOUP_COMMON * len(tokens):
        return str(max(odd, key=len))
    return None


def check_text(pages: Iterable[tuple[int, str]], name: str) -> None:
    """Refuse a PDF one of whose pages is glyph soup (what a font without a Unicode map, or a file torn
    between two versions, gives), naming the page and a word of it: such text cannot be read, searched or
    quoted, and importing it would be a quiet wrong result."""
    for number, text in pages:
        word = soup(text)
        if word is not None:
            raise InputError(f"{name}: the text of page {number} is not text (letters and digits run together, "
                             f"such as \u201c{word[:24]}\u201d): a font without a Unicode map, or a damaged file; "
                             "it needs OCR")


MIN_WORDS = 40  # a page with fewer Latin-script words is not judged
SOUP_ODD = 0.4  # share of words without a vowel or with letters and digits run together (UN pages: at most 0.17)
SOUP_COMMON = 0.02  # share of common words (UN text: mostly 0.2 to 0.4; a list of names can have under 0.01)


def replaced(path: str | Path, content_hash: str | None) -> str | None:
    """Why the PDF at `path` cannot be drawn with the boxes stored for it — another file has replaced the one
    imported (its pages would be drawn with the old text's boxes) — or None when it is the same file."""
    if not content_hash:
        return None
    try:
        data = read_bounded(path, MAX_PDF_BYTES, "PDF")
    except InputError as error:
        return str(error)
    if hashlib.sha256(data).hexdigest() == content_hash:
        return None
    return (f"The PDF at {path} is not the one imported: it was replaced or changed since. Its pages are not "
            "drawn, as the places of the paragraphs are the old file's; import it again to see them (the text and "
            "annotations kept here are the imported ones).")

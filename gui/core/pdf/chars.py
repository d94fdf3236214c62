"""The characters of a PDFium text page, read in batches: their text and kinds, the text object of each one
that can start or end a run, their boxes and their fonts — what `read` makes lines of.

Each ctypes call costs about as much as a line of Python: the calls are made without argument conversion
(`_fast`), several at a time (`_each`, one `map` per batch), and only where they can change the result (a
word printed by one text object is looked up at its two ends). numpy does the per-character sorting; it is
imported where used, so that it loads with the first PDF page read, not with every command that imports the
extractor (`outline` of a text file, the command-line start-up).
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

_FONT_FLAG_ITALIC = 1 << 6


def _fast(function: Any, restype: Any = ctypes.c_int) -> Any:
    """The same PDFium function called without ctypes' argument conversion (handles passed as c_void_p, indexes
    as ints, out-parameters by address): about 0.25 µs a call instead of 0.5, and no pointer cast on return."""
    fast = type(function)(ctypes.cast(function, ctypes.c_void_p).value)  # same library, same convention
    fast.restype = restype
    return fast


_OBJECT_OF = _fast(raw.FPDFText_GetTextObject, ctypes.c_size_t)  # (text page, index) → text object, 0 if none
_FONT_OF = _fast(raw.FPDFTextObj_GetFont, ctypes.c_size_t)  # (text object) → its font
_MATRIX = _fast(raw.FPDFPageObj_GetMatrix)
_FONT_SIZE = _fast(raw.FPDFText_GetFontSize, ctypes.c_double)
_ORIGIN = _fast(raw.FPDFText_GetCharOrigin)
_LOOSE_BOX = _fast(raw.FPDFText_GetLooseCharBox)
char_angle = _fast(raw.FPDFText_GetCharAngle, ctypes.c_float)  # (text page, index) → its angle, radians
_FONT_INFO = _fast(raw.FPDFText_GetFontInfo, ctypes.c_ulong)
_FONT_WEIGHT = _fast(raw.FPDFText_GetFontWeight)


def _each(function: Any, *columns: list[Any]) -> list[Any]:
    """`function` called once per row of `columns` (one C call each, in one `map`: no Python frame per call)."""
    return list(map(function, *columns))


def _slots(array: Any) -> list[ctypes.c_void_p]:
    """The address of each element of a ctypes array, to pass as an out-parameter to `_each`."""
    base, step = ctypes.addressof(array), ctypes.sizeof(array._type_)
    return [ctypes.c_void_p(base + i * step) for i in range(len(array))]


def fonts(page: ctypes.c_void_p, objects: list[int], indexes: list[int]) -> dict[int, tuple[float, float, bool,
                                                                                                bool]]:
    """(size, baseline, bold, italic) of each text object, read at its first character `indexes[i]` in batches
    of C calls; what depends on the font alone (weight, name, flags) once per font."""
    import numpy as np
    count = len(objects)
    handles = [ctypes.c_void_p(o) for o in objects]
    pages = [page] * count
    sizes = _each(_FONT_SIZE, pages, indexes)
    matrices = (raw.FS_MATRIX * count)()
    scaled = _each(_MATRIX, handles, _slots(matrices))
    xs, ys = (ctypes.c_double * count)(), (ctypes.c_double * count)()
    _each(_ORIGIN, pages, indexes, _slots(xs), _slots(ys))
    fonts = _each(_FONT_OF, handles)
    abcd = np.frombuffer(matrices, dtype=np.float32).reshape(count, 6)[:, :4].tolist()
    styles: dict[int, tuple[bool, bool]] = {}
    out = {}
    for key, index, size, ok, (_, _, c, d), baseline, font in zip(objects, indexes, sizes, scaled, abcd, ys, fonts,
                                                                   strict=True):
        # Distiller and PDFMaker set text at size 1 and scale it by the text matrix (`/F1 1 Tf 9.96 0 0
        # 9.96 x y Tm`): the printed size is the font size times the matrix's vertical scale.
        if ok:
            scale = math.hypot(c, d)
            if scale > 0:
                size *= scale
        style = styles.get(font) if font else None
        if style is None:
            style = _style(page, index)
            if font:
                styles[font] = style
        out[key] = (round(size, 2), baseline, *style)
    return out


def _style(page: ctypes.c_void_p, index: int) -> tuple[bool, bool]:
    """Whether the font of character `index` is bold, and whether it is italic (by its weight, flags, name)."""
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    _FONT_INFO(page, index, name, ctypes.c_ulong(128), ctypes.byref(flags))
    lower = name.value.decode("latin-1").lower()
    bold = _FONT_WEIGHT(page, index) >= 600 or "bold" in lower or "black" in lower or "heavy" in lower
    italic = bool(flags.value & _FONT_FLAG_ITALIC) or "italic" in lower or "oblique" in lower
    return bold, italic


def _loose_boxes(page: ctypes.c_void_p, indexes: list[int]) -> list[list[float]]:
    """[left, bottom, right, top] of each character's loose box, read in one batch of C calls."""
    import numpy as np
    rects = (raw.FS_RECTF * len(indexes))()
    _each(_LOOSE_BOX, [page] * len(indexes), indexes, _slots(rects))
    values: list[list[float]] = np.frombuffer(rects, dtype=np.float32).reshape(-1, 4)[:, [0, 3, 2, 1]].tolist()
    return values


def stretches(textpage: pdfium.PdfTextPage, page: ctypes.c_void_p) -> Stretches | None:
    """The page's characters as stretches (None for a page without any): its text, each character's kind, and
    the text object of each one that can start or end a run (`page`: the text page's handle)."""
    import numpy as np
    count = textpage.count_chars()
    if count <= 0:
        return None
    text, whole_words = _page_text(textpage, count)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _kinds(codes)
    return Stretches(text, codes, kinds, _text_objects(page, kinds, whole_words))


def _page_text(textpage: pdfium.PdfTextPage, count: int) -> tuple[str, bool]:
    """The page's characters, one code point per character index, and whether a word may be taken whole (its
    letters between two of one text object are of that object). Where PDFium's text does not match its
    character list (a character outside the BMP takes two indexes), the page is read index by index and every
    letter is looked at."""
    text = textpage.get_text_range(0, count)
    if len(text) == count:
        return text, True
    return "".join(unit or "\x00" for unit in _units(textpage.raw, count)), False


def _units(handle: ctypes.c_void_p, count: int) -> list[str]:
    """One string per character index: a surrogate pair is its character at the first index and "" at the
    second; a lone surrogate is U+FFFD (never a string Python cannot encode)."""
    codes = [raw.FPDFText_GetUnicode(handle, i) for i in range(count)]
    out = [""] * count
    i = 0
    while i < count:
        code = codes[i]
        if 0xD800 <= code < 0xDC00 and i + 1 < count and 0xDC00 <= codes[i + 1] < 0xE000:
            out[i] = chr(0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00))
            i += 2
            continue
        out[i] = "\ufffd" if 0xD800 <= code < 0xE000 else chr(code)
        i += 1
    return out


_LETTER, _SPACE, NEWLINE, _DROPPED, HYPHEN = range(5)  # kinds of characters; stretches add:
GENERATED, INK = 5, 6
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\ue000\ue001\uffff"  # \ue000/\ue001 carry our marks
_DROP = re.compile(f"[\x00-\x09\x0b\x0c\x0e-\x1f{_INVISIBLE}]")
_KIND_OF: list[Any] = []  # code point → kind (BMP; anything beyond is a letter), made when first needed


def _kinds(codes: Any) -> Any:
    """The kind of each character: a letter (of a word), a space (any Unicode space but a line break), a line
    break, a dropped character (controls, zero-width and private marks, the placeholder at the second index of
    a character outside the BMP) or PDFium's end-of-line hyphen mark."""
    import numpy as np
    if not _KIND_OF:
        table = np.full(0x10001, _LETTER, dtype=np.uint8)
        table[[c for c in range(0x10000) if chr(c).isspace()]] = _SPACE
        table[:32] = _DROPPED
        table[[ord(c) for c in _INVISIBLE]] = _DROPPED
        table[[10, 13]] = NEWLINE
        table[0xFFFE] = HYPHEN
        _KIND_OF.append(table)
    return _KIND_OF[0][np.minimum(codes, 0x10000)]


def _text_objects(page: ctypes.c_void_p, kinds: Any, whole_words: bool) -> Any:
    """The text object (its address; 0 for a character PDFium generated) of every character that can start or
    end a run: each space and mark, the first and last letter of each word, and the letters between where those
    two differ (a raised mark, "Levant¹"); a word printed by one text object takes its object for all its
    letters. Line breaks and dropped characters are left at 0."""
    import numpy as np
    objects = np.zeros(len(kinds), dtype=np.uint64)
    letter = kinds == _LETTER
    if not whole_words:
        _look_up(page, objects, np.flatnonzero((kinds != _DROPPED) & (kinds != NEWLINE)))
        return objects
    edges = np.diff(letter.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    ends_of_words = np.zeros(len(kinds), dtype=bool)
    ends_of_words[starts] = ends_of_words[ends] = True
    _look_up(page, objects, np.flatnonzero(ends_of_words | (kinds == _SPACE) | (kinds == HYPHEN)))
    if not len(starts):
        return objects
    first = objects[starts]
    whole = (first != 0) & (first == objects[ends])
    word_of = np.cumsum(edges[:-1] == 1) - 1  # for a letter: its word's index in starts and ends
    in_whole_word = letter & whole[word_of]
    _look_up(page, objects, np.flatnonzero(letter & ~ends_of_words & ~in_whole_word))
    objects[in_whole_word] = first[word_of[in_whole_word]]
    return objects


def _look_up(page: ctypes.c_void_p, objects: Any, indexes: Any) -> None:
    """Fill `objects` at `indexes` with PDFium's text object of each character: one C call each (0.23 µs), the
    only work left that grows with the characters rather than the words or runs."""
    import numpy as np
    if len(indexes):
        found = list(map(_OBJECT_OF, itertools.repeat(page, len(indexes)), indexes.tolist()))
        objects[indexes] = np.array(found, dtype=np.uint64)


_NO_OBJECT = 1  # stands for a line break's text object when stretches are cut (no object is at address 1)


class Stretches:
    """The page's characters cut where anything may change, each stretch taken whole by the line maker: a line
    break, characters PDFium generated (a space between words, or none), PDFium's end-of-line hyphen mark, or
    ink (characters of one text object). Dropped characters are left out: they change nothing."""

    def __init__(self, text: str, codes: Any, kinds: Any, objects: Any) -> None:
        import numpy as np
        kept = np.flatnonzero(kinds != _DROPPED)
        if len(kept) < len(kinds):
            text = _DROP.sub("", text)
        kind, key = kinds[kept], objects[kept]
        hyphen = (kind == HYPHEN) & (key != 0)
        key = np.where(kind == NEWLINE, _NO_OBJECT, key)
        cut = np.ones(len(kept), dtype=bool)
        cut[1:] = (key[1:] != key[:-1]) | hyphen[1:] | hyphen[:-1]
        begin = np.flatnonzero(cut)
        end = np.append(begin[1:], len(kept)) if len(kept) else begin
        self.kind = np.where(kind[begin] == NEWLINE, NEWLINE,
                             np.where(key[begin] == 0, GENERATED, np.where(hyphen[begin], HYPHEN, INK)))
        self.first = kept[begin]  # the index of its first character
        self.key = key[begin]  # its text object
        self.text = [text[a:b] for a, b in zip(begin.tolist(), end.tolist(), strict=True)]
        # the index of its last character that is not U+0020 (ink only; -1 for none)
        ink_so_far = np.maximum.accumulate(np.where(codes[kept] != 32, kept, -1))[end - 1]
        self.last_ink = np.where((ink_so_far >= self.first) & (self.kind == INK), ink_so_far, -1)
        self.starts = (self.kind == INK) | (self.kind == HYPHEN)  # may start a run

    def objects(self) -> tuple[list[int], list[int]]:
        """Each text object that prints a stretch, and the index of its first character."""
        import numpy as np
        objects, first = np.unique(self.key[self.starts], return_index=True)
        return objects.tolist(), self.first[self.starts][first].tolist()

    def boxes(self, page: ctypes.c_void_p) -> tuple[list[list[float] | None], list[list[float] | None]]:
        """For each stretch, the box of its first character (where it may start a run) and of its last inked
        one (where it may end one), read in one batch."""
        import numpy as np
        inked = self.last_ink >= 0
        starts, ends = int(self.starts.sum()), int(inked.sum())
        found: list[list[float] | None] = [*_loose_boxes(page, [*self.first[self.starts].tolist(),
                                                                *self.last_ink[inked].tolist()]), None]
        first_rows = np.full(len(self.kind), -1)  # -1: the None at the end of `found`
        first_rows[self.starts] = np.arange(starts)
        ink_rows = np.full(len(self.kind), -1)
        ink_rows[inked] = np.arange(starts, starts + ends)
        return list(map(found.__getitem__, first_rows.tolist())), list(map(found.__getitem__, ink_rows.tolist()))

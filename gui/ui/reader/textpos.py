"""Qt counts UTF-16 code units; Python counts code points. Convert at the boundary."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_cp(text: str, units: int) -> int:
    """Code-point index in `text` of the UTF-16 offset `units` (clamped to the text)."""
    if text.isascii():
        return max(0, min(units, len(text)))
    return len(text.encode("utf-16-le")[: 2 * max(0, units)].decode("utf-16-le", errors="ignore"))


def whole_words(text: str, a: int, b: int) -> tuple[int, int]:
    """(a, b) widened to the words it cuts and narrowed off the spaces at its ends: a selection dragged from
    inside one word to inside another quotes both words whole."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    while 0 < a < len(text) and text[a - 1].isalnum() and text[a].isalnum():
        a -= 1
    while a < b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
        b += 1
    return a, b

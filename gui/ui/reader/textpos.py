"""Qt counts UTF-16 code units; Python counts code points. Convert at the boundary."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_cp(text: str, units: int) -> int:
    """Code-point index in `text` of the UTF-16 offset `units` (clamped to the text)."""
    if text.isascii():
        return max(0, min(units, len(text)))
    return len(text.encode("utf-16-le")[: 2 * max(0, units)].decode("utf-16-le", errors="ignore"))


def cp_to_utf16(text: str, index: int) -> int:
    return utf16_len(text[:index])

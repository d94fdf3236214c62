"""Control characters in document text and colleagues' files: shown, never obeyed.

A PDF, a note or a theme from someone else's file may hold terminal escape sequences (ESC [2J clears the
screen, ESC ] 0; sets the window title), NUL bytes, or Unicode bidirectional controls (U+202E turns the rest of
a line around: "Trojan source"). On a terminal they are made visible (`visible`: ESC → ␛, U+202E → <U+202E>);
in an export meant for people (Markdown, HTML, CSV) they are left out (`without_controls`). JSON-LD and
REFI-QDA keep the text exactly (a quote must still be found in the document), escaped by their own syntax.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""Arabic letter mark, left-to-right and right-to-left marks, embeddings, overrides and isolates."""
_REORDERING = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # the ones that can reorder a line

_SHOWN = {c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n"}  # ␀ … ␟: ESC is ␛
_SHOWN[0x7F] = "\u2421"  # ␡
_SHOWN.update({c: f"<U+{c:04X}>" for c in range(0x80, 0xA0)})
_SHOWN.update({ord(c): f"<U+{ord(c):04X}>" for c in BIDI_CONTROLS})

_LEFT_OUT = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_REORDERING}]")


_JSON_ESCAPED = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), *map(ord, BIDI_CONTROLS)]}


def json_safe(text: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) whose DEL, C1 and bidirectional controls are written as
    \\u escapes: the same data, nothing a terminal would obey (json already escapes the C0 controls)."""
    return text.translate(_JSON_ESCAPED)


def visible(text: str) -> str:
    """Text for a terminal: every control character but tab and line feed shown as a sign, never obeyed."""
    return text.translate(_SHOWN)


def without_controls(text: str) -> str:
    """Text for a document people open (Markdown, HTML, CSV): control characters other than tab and line
    breaks left out, and the bidirectional embeddings, overrides and isolates that can reorder what is shown
    (the marks LRM, RLM and ALM stay: Arabic and Hebrew text needs them and they reorder nothing)."""
    return _LEFT_OUT.sub("", text)


class VisibleWriter:
    """A text stream that writes through another with its control characters made visible."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, close, encoding, isatty, fileno… as the stream has them
        return getattr(self.stream, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """While a command runs, stdout and stderr show control characters (restored afterwards): whatever a
    command prints — `annotations`, `search`, `docs`, a merge report, an error naming a file — is safe."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter(out), VisibleWriter(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err

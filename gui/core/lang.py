"""Which language a block is in: by script, then by common words for Latin-script text."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[a-zà-ÿ]+")
_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "that", "is", "for", "with", "was", "were", "on"},
    "fr": {"le", "la", "les", "des", "et", "du", "en", "une", "est", "dans", "pour", "que"},
    "es": {"el", "los", "las", "del", "y", "en", "una", "por", "con", "para", "que", "se"},
}
_ANY_STOP_WORD = frozenset(w.encode() for words in _STOPWORDS.values() for w in words)
_STOP_BYTES = {code: frozenset(w.encode() for w in words) for code, words in _STOPWORDS.items()}
_WORD_BYTES = bytes(c if 97 <= c <= 122 or c >= 0xE0 else 32 for c in range(256))
"""Latin-1 bytes kept by `_WORD` ([a-zà-ÿ]) as they are, the others made spaces."""


def _words(text: str) -> list[bytes]:
    """`_WORD.findall(text.lower())`, as Latin-1 bytes, in C loops: `_WORD`'s letters are all Latin-1, and any
    other character (encoded "?") parts words as it does."""
    return text.lower().encode("latin-1", "replace").translate(_WORD_BYTES).split()
_OTHER_SCRIPT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u0400-\u04ff\u0600-\u06ff]")
"""A character of the scripts told apart before the words (CJK, Cyrillic, Arabic)."""


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's main language ('zh', 'en', 'fr', ...), judged on its first 400 characters."""
    text = text[:400]
    if not text.isascii():
        if _OTHER_SCRIPT.search(text):  # (run for each block: the letters are counted only when it can matter)
            letters = len(_LETTER.findall(text))
            if not letters:
                return default
            for pattern, code in ((_CJK, "zh"), (_CYRILLIC, "ru"), (_ARABIC, "ar")):
                if len(pattern.findall(text)) / letters > 0.3:
                    return code
        elif not _LETTER.search(text):
            return default
    words = _words(text)
    if default not in _STOPWORDS and words:
        default = "en"  # Latin-script text in a Chinese (Russian, Arabic) document: most often English
    if len(words) < 4:
        return default
    found = list(filter(_ANY_STOP_WORD.__contains__, words))  # a few words: each language's are counted in them
    scores = {code: sum(map(stop_words.__contains__, found)) for code, stop_words in _STOP_BYTES.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > scores.get(default, 0) else default

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
_LANGUAGES_OF = {w: tuple(code for code, words in _STOPWORDS.items() if w in words)
                 for words in _STOPWORDS.values() for w in words}


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's main language ('zh', 'en', 'fr', ...), judged on its first 400 characters."""
    text = text[:400]
    if not text.isascii():
        letters = len(_LETTER.findall(text))
        if not letters:
            return default
        for pattern, code in ((_CJK, "zh"), (_CYRILLIC, "ru"), (_ARABIC, "ar")):
            if len(pattern.findall(text)) / letters > 0.3:
                return code
    words = _WORD.findall(text.lower())
    if default not in _STOPWORDS and words:
        default = "en"  # Latin-script text in a Chinese (Russian, Arabic) document: most often English
    if len(words) < 4:
        return default
    scores = dict.fromkeys(_STOPWORDS, 0)
    for word in words:
        for code in _LANGUAGES_OF.get(word, ()):
            scores[code] += 1
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > scores.get(default, 0) else default

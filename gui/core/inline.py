"""Cleaning one line of converted text: markdown residue, broken LaTeX, link residue, stray spaces."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import accumulate, compress, repeat
from operator import add, sub

# `$\epsilon$ 710`, `$\[mathebox{\ensuremath{\mathfrak{C}}750}$`: the converter's guess at a euro sign.
_MATH = re.compile(r"(?<!\\)\$([^$]{1,120})(?<!\\)\$")
_EURO_HINT = re.compile(r"\\(?:epsilon|euro|texteuro|mathfrak\{[CE]\})")
_LATEX_CMD = re.compile(r"\\[a-zA-Z]+|[{}\[\]\\]")
_LINK = re.compile(r"\[([^\]\n]{1,300})\]\([^)\s]{0,300}\)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$])")
_BOLD_INSIDE_WORD = re.compile(r"(?<=\w)\*\*(?=\w)")
_EMPHASIS = re.compile(r"\*\*|__(?=\S)|(?<=\S)__|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])")
_EURO_SPACE = re.compile(r"€\s+(?=\d)")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) +(?=[{_CJK}])")
_DASH_GAP = re.compile(r"(?<=[a-z]) -(?=[a-z])")
_PAREN_GAP = re.compile(r"\( (?=\S)")
# "Under-Secretary- General", "counter- terrorism": a hyphen the converter spaced. Not a suspended hyphen
# ("troop- and police-", "short- versus long-term", "pre- o post-"): those are followed by a function word.
# Joined only where the compound is unmistakable: two capitalised words, or a common prefix before a word.
_HYPHEN_GAP = re.compile(r"\b([A-Za-z]+)- ([A-Za-z]+)\b")
_FUNCTION_WORDS = frozenset({"and", "or", "nor", "to", "but", "versus", "vs", "through", "as", "than", "via", "into",
                             "from", "until", "till", "et", "ou", "voire", "y", "o", "u", "ni", "e", "und", "oder",
                             "bis", "sowie"})
_PREFIXES = frozenset({"counter", "anti", "non", "co", "pre", "post", "self", "cross", "multi", "inter", "intra", "sub",
                       "trans", "semi", "peace"})


def _close_hyphen(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if right.lower() in _FUNCTION_WORDS:
        return match.group(0)
    titled = left[0].isupper() and left[1:].islower() and right[0].isupper() and right[1:].islower()
    prefixed = left.lower() in _PREFIXES and right.islower() and len(right) >= 3
    return f"{left}-{right}" if titled or prefixed else match.group(0)


# Only TeX is the converter's math: "$25 million … $3 million" holds two dollar signs, not a formula.
_TEX = re.compile(r"\\[a-zA-Z]+|\{[^}]*\}")


def _math(match: re.Match[str]) -> str:
    inner = match.group(1)
    if not _TEX.search(inner):
        return match.group(0)
    if _EURO_HINT.search(inner):
        digits = "".join(re.findall(r"[\d.,]+", _EURO_HINT.sub("", inner)))
        return "€" + digits
    return _LATEX_CMD.sub("", inner)


def collapse_spaces(text: str) -> str:
    """`" ".join(text.split())`, skipped when it would change nothing (most lines): every white space but " " is
    unprintable, so a printable text without "  " and without a space at either end has nothing to collapse."""
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


def clean_inline(text: str) -> str:
    """Turn one line of markdown-ish or pdftotext output into plain reading text."""
    if "$" in text:
        text = _MATH.sub(_math, text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "*" in text or "__" in text:
        text = _BOLD_INSIDE_WORD.sub(" ", text)  # "Fodé **Seck**Ambassador"
        text = _EMPHASIS.sub("", text)
    text = collapse_spaces(text)
    # Each repair below runs only where its telltale sign is present (this is the hot path of an import).
    if "€" in text:
        text = _EURO_SPACE.sub("€", text)
    if not text.isascii():
        text = _CJK_GAP.sub("", text)  # pdftotext breaks CJK lines with a space: "概念 说明"
    if " -" in text:
        text = _DASH_GAP.sub("-", text)  # pdftotext: "fenced -off", "high -level"
    if "- " in text:
        text = _HYPHEN_GAP.sub(_close_hyphen, text)
    return _PAREN_GAP.sub("(", text) if "( " in text else text  # "( S/2020/685)"


_CJK_CHAR = re.compile(f"[{_CJK}]")
_JOINING_WORD = re.compile(r"(and|or|to)\b")


def join_lines(lines: list[str]) -> str:
    """Join cleaned lines of one block; a line-final hyphen inside a word is kept and closed up."""
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha() \
                and not _JOINING_WORD.match(line):
            out += line  # "Under-Secretary-" + "General"
        elif out[-1:] and _CJK_CHAR.match(out[-1]) and _CJK_CHAR.match(line[0]):
            out += line
        else:
            out += " " + line
    return out


_PAIR = re.compile(r"\b([A-Za-z]{2,})\s(?=([A-Za-z]+)\b)")
"""Two words in a row; the second is a look-ahead so that overlapping pairs ("the gro und") are all tried."""
_LETTERS_ONLY = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
"""A byte table keeping the lower-case ASCII letters and turning every other byte into a space."""


def mend_split_words(texts: list[str]) -> list[str]:
    """Close up words that pdftotext split with a stray space ("stabi lity", "recommendati on").

    A pair "ab cd" is joined only when "abcd" occurs as a word elsewhere in the same document and
    at least one half does not, so real word pairs ("in to" vs "into") are never touched.
    """
    vocab, touched = _closable(texts)
    if not touched:
        return list(texts)

    def fix(match: re.Match[str]) -> str:
        a, b = match.group(1, 2)
        if (a + b).lower().encode() not in vocab:  # most pairs: one look-up
            return match.group(0)
        known_a = vocab.get(a.lower().encode(), 0) > 1  # > 1: the split itself counts once
        known_b = vocab.get(b.lower().encode(), 0) > 1
        return match.group(0) if known_a and known_b else a

    return [_PAIR.sub(fix, t) if n in touched else t for n, t in enumerate(texts)]


def _closable(texts: list[str]) -> tuple[Counter[bytes], set[int]]:
    """The document's words (runs of ASCII letters, lower-cased, as bytes) with their counts, and the texts that
    hold a pair `mend_split_words` may close up: two words one white space apart, joined a word of the document,
    one of them seen only there. Each pair the rule closes up is among them (its halves are whole letter runs),
    so the other texts are left as they are: most texts, and every text of most documents.

    All in C loops over bytes (the text made ASCII, one byte per character, so that offsets stay those of the
    text): the letter runs by a byte table and a split, their counts by a Counter. A pair needs a word seen once,
    so only the neighbours of those words are tried, and the few pairs that join a word of the document are
    found in the text (the word seen once stands at one place) to check their gap and which text holds them."""
    joined = "\n\x00\n".join(texts)  # no pair across two texts: their separator is no single white space
    letters = joined.encode("ascii", "replace").lower().translate(_LETTERS_ONLY)  # one byte per character
    words = letters.split()
    vocab = Counter(words)
    once = {w for w, n in vocab.items() if n == 1}
    seen_once = list(compress(range(len(words)), map(once.__contains__, words)))
    words.append(b" ")  # past the last word, and before the first (index -1): joins no word of the document
    before = list(map(sub, seen_once, repeat(1)))
    after = list(map(add, seen_once, repeat(1)))
    pairs = [*compress(before, map(vocab.__contains__, map(add, map(words.__getitem__, before),
                                                              map(words.__getitem__, seen_once)))),
             *compress(seen_once, map(vocab.__contains__, map(add, map(words.__getitem__, seen_once),
                                                                 map(words.__getitem__, after))))]
    if not pairs:
        return vocab, set()
    padded = b" " + letters + b" "
    starts = list(accumulate((len(t) + 3 for t in texts[:-1]), initial=0))  # where each text begins in `joined`
    touched = set()
    for i in set(pairs):
        a, b = words[i], words[i + 1]
        # the character after the word seen once (found at its one place) or before it
        gap = padded.find(b" " + b + b" ") - 1 if b in once else padded.find(b" " + a + b" ") + len(a)
        # a single character between the two words (letters on both sides of it), and a white space
        if b" " not in letters[gap - 1:gap + 2:2] and joined[gap].isspace():
            touched.add(bisect_right(starts, gap) - 1)
    return vocab, touched

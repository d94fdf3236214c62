"""The extraction's fast paths decide exactly as the rules they shortcut: every line of the bundled corpus and
the test texts, and random lines, get the same answer from the shortcut and from the full set of patterns."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gui.core import lines as L
from gui.core.inline import join_lines

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "tests" / "data").glob("*.txt"))]


def _starts_block_in_full(text: str) -> bool:
    """Every pattern tried in turn, as the rule was first written."""
    if L.MD_HEADING.match(text) or L.NUMBERED.match(text) or L.POINT.match(text) or L.BULLET.match(text):
        return True
    if L.FOOTNOTE.match(text) or L.SIGNED.search(text):
        return True
    bare = text.strip("*")
    return bool(L.ROMAN_HEADING.match(bare) or L.LETTER_HEADING.match(bare))


def test_every_line_of_the_real_texts_starts_a_block_or_not_as_before() -> None:
    seen = opened = 0
    for path in TEXTS:
        for line in L.split_lines(path.read_text(encoding="utf-8")):
            seen += 1
            expected = _starts_block_in_full(line.text)
            opened += expected
            assert L.starts_block(line.text) == expected, line.text
    assert seen > 5000 and opened > 300  # numbered paragraphs, points, headings, notes among them


LINE_START = st.sampled_from(["", "*", "**", "(", "1. ", "II. ", "B. ", "(a) ", "• ", "¹ ", "# ", "(Signed) ",
                              "Annex ", "x", "É", "（签名）", "- "])


@given(LINE_START, st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_random_lines_start_a_block_or_not_as_before(start: str, rest: str) -> None:
    text = start + rest
    assert L.starts_block(text) == _starts_block_in_full(text)


def test_lines_join_as_printed() -> None:
    assert join_lines(["Under-Secretary-", "General"]) == "Under-Secretary-General"
    assert join_lines(["troop-", "and police-contributing"]) == "troop- and police-contributing"
    assert join_lines(["概念", "说明"]) == "概念说明"
    assert join_lines(["peace", "", "keeping"]) == "peace keeping"


def _mend_word_by_word(texts: list[str]) -> list[str]:
    """Split words closed up as the rule was first written: a Python call for every pair of words."""
    import re

    vocab: dict[str, int] = {}
    for text in texts:
        for w in re.findall(r"[A-Za-z]+", text):
            vocab[w.lower()] = vocab.get(w.lower(), 0) + 1

    def fix(match: re.Match[str]) -> str:
        a, b = match.group(1, 2)
        if (a + b).lower() not in vocab:
            return match.group(0)
        return match.group(0) if vocab.get(a.lower(), 0) > 1 and vocab.get(b.lower(), 0) > 1 else a

    return [re.sub(r"\b([A-Za-z]{2,})\s(?=([A-Za-z]+)\b)", fix, t) for t in texts]


def test_split_words_are_mended_as_before_in_every_real_text() -> None:
    from gui.core.extract import extract
    from gui.core.inline import mend_split_words

    mended = 0
    for path in TEXTS:
        texts = [b.text for b in extract(path.read_text(encoding="utf-8"), path=str(path)).blocks]
        texts += ["the stabi lity of the mission and its stability", "recommendati on", "in to into", ""]
        expected = _mend_word_by_word(texts)
        assert mend_split_words(texts) == expected
        mended += sum(a != b for a, b in zip(texts, expected, strict=True))
    assert mended >= len(TEXTS)  # the lines added above, at least, were mended


WORDS = st.sampled_from(["stabi", "lity", "stability", "in", "to", "into", "gro", "und", "ground", "the", "É",
                         "5abc", "a_b", "x", "Co", "operation", "cooperation", "\x00"])
SPACES = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "-", ". ", "", "\x1c"])


@given(st.lists(st.lists(st.tuples(WORDS, SPACES), max_size=12), max_size=6))
def test_random_texts_are_mended_as_before(pieces: list[list[tuple[str, str]]]) -> None:
    from gui.core.inline import mend_split_words

    texts = ["".join(w + s for w, s in text) for text in pieces]
    assert mend_split_words(texts) == _mend_word_by_word(texts)


def test_a_text_holding_the_separator_itself_is_mended_as_before() -> None:
    from gui.core.inline import mend_split_words

    texts = ["a\x00b", "\x00", "the stabi lity of stability", "recommendati on and recommendation"]
    assert mend_split_words(texts) == _mend_word_by_word(texts)
    assert mend_split_words(texts)[2] == "the stability of stability"

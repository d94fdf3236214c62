"""The extraction's speed-ups of issue 25 answer exactly as the rules they replace: line endings read from the
end as the patterns anchored at the end, a block's words for its language read as bytes as the pattern reads
them, the body's words normalised in one pass as block by block."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gui.core import lang, structure
from gui.core import lines as L

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "tests" / "data").glob("*.txt"))]
ENDINGS = st.text(alphabet=st.sampled_from(list(".?!。？！:;\"”’')]*a \n\t")), max_size=8)
ANY = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(ANY, ENDINGS)
def test_line_endings_are_read_as_the_patterns_read_them(text: str, ending: str) -> None:
    text += ending
    assert L.ends_sentence(text) == bool(L.SENTENCE_END.search(text))
    assert L.ends_clause(text) == bool(L.TERMINAL.search(text))


def test_every_line_of_the_real_texts_ends_as_before() -> None:
    seen = ended = 0
    for path in TEXTS:
        for line in L.split_lines(path.read_text(encoding="utf-8")):
            seen += 1
            ended += L.ends_sentence(line.text)
            assert L.ends_sentence(line.text) == bool(L.SENTENCE_END.search(line.text)), line.text
            assert L.ends_clause(line.text) == bool(L.TERMINAL.search(line.text)), line.text
    assert seen > 5000 and ended > 500


LATIN = st.lists(st.sampled_from([*list("abzAZàÿ÷ßÀÞ×é İKÅŸ\xa0’\t\n-?Σ中"), "the ", "les ", " de "]),
                 max_size=30).map("".join)


@given(st.one_of(LATIN, ANY))
def test_a_blocks_words_are_read_as_the_pattern_reads_them(text: str) -> None:
    assert lang._words(text) == [w.encode("latin-1") for w in lang._WORD.findall(text.lower())]


def _language_as_first_written(text: str, default: str = "en") -> str:
    text = text[:400]
    if not text.isascii():
        letters = len(lang._LETTER.findall(text))
        if not letters:
            return default
        for pattern, code in ((lang._CJK, "zh"), (lang._CYRILLIC, "ru"), (lang._ARABIC, "ar")):
            if len(pattern.findall(text)) / letters > 0.3:
                return code
    words = lang._WORD.findall(text.lower())
    if default not in lang._STOPWORDS and words:
        default = "en"
    if len(words) < 4:
        return default
    scores = dict.fromkeys(lang._STOPWORDS, 0)
    for word in words:
        for code, stop_words in lang._STOPWORDS.items():
            scores[code] += word in stop_words
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > scores.get(default, 0) else default


@given(st.one_of(LATIN, ANY, st.sampled_from(["÷ ÷ ÷", "Привет мир и всё", "中文 text", "le la les des et",
                                               "el y la de que se en", "١٢٣ ٤٥"])),
       st.sampled_from(["en", "fr", "zh", "ru"]))
def test_a_blocks_language_is_judged_as_before(text: str, default: str) -> None:
    assert lang.detect_language(text, default) == _language_as_first_written(text, default)


def test_the_real_blocks_languages_are_judged_as_before() -> None:
    from gui.core.extract import extract

    for path in TEXTS:
        for block in extract(path.read_text(encoding="utf-8"), path=str(path)).blocks:
            assert lang.detect_language(block.text) == _language_as_first_written(block.text)


@given(st.lists(st.one_of(ANY, st.sampled_from(["", "“Quoted” words’ here", "ΣΑΣ", "a\x00b"])), max_size=6))
def test_the_body_is_normalised_as_block_by_block(texts: list[str]) -> None:
    assert structure._norm_all(texts) == " ".join(structure._norm(t) for t in texts)
    assert structure._norm_all(texts) == " ".join(" ".join(re.findall(r"\w+", t.lower())) for t in texts)


SPACED = st.lists(st.sampled_from([" ", "  ", "a", "\t", "\xa0", "\u2009", "\u2028", "\x1c", "\x85", "\u200b", "b c",
                                   "\u3000", "x  y"]), max_size=8).map("".join)


@given(st.one_of(ANY, SPACED))
def test_spaces_are_collapsed_as_by_split_and_join(text: str) -> None:
    from gui.core.inline import collapse_spaces

    assert collapse_spaces(text) == " ".join(text.split())

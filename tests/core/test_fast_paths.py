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

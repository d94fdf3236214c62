"""Properties that hold for any input: extraction never crashes and its output is well-formed."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.errors import InputError
from gui.core.extract import extract
from tests.conftest import CORPUS, DATA

PIECES = [
    "- 1. ", "1.", "2.", "12. ", "(a) ", "(ii) ", "• ", "I. ", "II. ", "A.", "# ", "### **", "**", "*", "\t",
    "17-02287 **3/17**", "2/5 16-21967 (C)", "*2229360*", "141216", "\f", "____", "---", "¹ ", "(Signed) ",
    "Annex", "Distr.: General 1 May 2020", "$\\epsilon$ 710", "[2436 \\(2018\\)](#)", "word", "Word", "the",
    ".", ",", ":", "?", "中文", "  ", "\n", "\n\n", "\r\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80))
def test_any_text_extracts_to_a_well_formed_document(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        d = extract(text)
    except InputError as error:  # only for text with nothing readable in it
        assert "no text" in str(error) or "no readable text" in str(error)
        return
    eids = [b.eid for b in d.blocks]
    assert len(eids) == len(set(eids))
    known: set[str] = set()
    for block in d.blocks:
        assert block.text
        assert block.parent is None or block.parent in known
        known.add(block.eid)
        assert all(0 <= a < b <= len(text) for a, b in block.spans)


def test_shuffled_corpus_lines_never_crash() -> None:
    rng = random.Random(7)
    lines = [ln for path in [*CORPUS.glob("*.txt"), *DATA.glob("*.txt")]
             for ln in path.read_text(encoding="utf-8").splitlines()]
    for _ in range(30):
        sample = rng.sample(lines, 200)
        d = extract("\n".join(sample))
        assert len({b.eid for b in d.blocks}) == len(d.blocks)


@pytest.mark.parametrize(("line", "expected"), [
    ("Ladsous, Under-Secretary- General for Peacekeeping", "Ladsous, Under-Secretary-General for Peacekeeping"),
    ("counter- terrorism entities", "counter-terrorism entities"),
    ("pre- deployment training", "pre-deployment training"),
    # Suspended hyphens stay, in English, French and Spanish, whatever the case.
    ("troop- and police-contributing countries", None),
    ("short- versus long-term", None),
    ("inter- as well as intra-mission", None),
    ("pre- but not post-deployment", None),
    ("PRE- AND POST-DEPLOYMENT", None),
    ("moyen- voire long terme", None),
    ("a corto- o largo plazo", None),
    ("macro- through micro-level", None),
])
def test_spaced_hyphens_are_closed_only_in_unmistakable_compounds(line: str, expected: str | None) -> None:
    from gui.core.inline import clean_inline

    assert clean_inline(line) == (expected or line)

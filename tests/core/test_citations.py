"""The citation finder on real UN text: hand-checked documents scored, and the forms the UN prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.core.citations import CitationFinder, document_keys, find_citations, first_paragraph, symbol_key
from tests.core.citations_truth import HELD_OUT, HELD_OUT_2, TRUTH, documents, measure


def cites(text: str, symbol: str | None = "S/2025/1") -> list[tuple[str, tuple[str, ...], str]]:
    """(printed text, targets, pinpoint) of each citation in one block."""
    return [(c.text, c.targets, c.pinpoint) for c in CitationFinder(symbol).find_in("para_1", text)]


@pytest.mark.skipif(not documents(), reason="the shared PDFs are not here")
def test_hand_checked_documents_score_above_the_goal() -> None:
    """Every block of the hand-checked documents (tests/data/citations_truth.json): recall and precision of
    (block, target) at least 0.97, pinpoints right at least 90 %."""
    score = measure()
    if len(documents()) == len(json.loads(TRUTH.read_text(encoding="utf-8"))["documents"]):
        assert score.expected >= 150, "the hand-checked set is smaller than it should be"  # (../shared here too)
    assert score.precision >= 0.97 and score.recall >= 0.97, "\n".join(score.errors)
    assert score.pinpoint_rate >= 0.90, "\n".join(score.errors)


@pytest.mark.skipif(not documents(HELD_OUT), reason="the 2025 corpus is not here")
@pytest.mark.parametrize("held_out", [HELD_OUT, HELD_OUT_2], ids=["first", "second"])
def test_held_out_documents_score_above_the_goal(held_out: Path) -> None:
    """Documents the finder was not developed on (tests/data/citations_heldout*.json), written by hand and first
    scored before any change (the second set: precision 0.959, recall 0.903, pinpoints 12/15 before the general
    fixes it showed were needed): the same goals."""
    score = measure(held_out)
    assert score.expected >= 100
    assert score.precision >= 0.97 and score.recall >= 0.97, "\n".join(score.errors)
    assert score.pinpoint_rate >= 0.90, "\n".join(score.errors)


def test_a_pinpoint_belongs_to_the_reference_it_precedes() -> None:
    found = cites("Reiterates paragraphs 9 (a), (b) and (c) of resolution 1970 (2011), paragraph 13 of "
                  "resolution 2009 (2011), and")
    assert [(t, p) for _, t, p in found] == [(("S/RES/1970 (2011)",), "paras. 9 (a), (b) and (c)"),
                                             (("S/RES/2009 (2011)",), "para. 13")]
    # "paragraphs" printed once before a series of pinpoints, each before its resolution
    found = cites("as modified by paragraphs 11 of resolution 2213 (2015), 11 of resolution 2362 (2017) and 11 of "
                  "resolution 2441 (2018) and calls")
    assert [(t, p) for _, t, p in found] == [(("S/RES/2213 (2015)",), "para. 11"), (("S/RES/2362 (2017)",), "para. 11"),
                                             (("S/RES/2441 (2018)",), "para. 11")]
    assert cites("in 2015, 11 of resolution 2362 (2017)")[0][2] == ""  # no "paragraphs" before: not a pinpoint
    # the pinpoint of an annex, and the organ named with "United Nations"
    assert cites("in accordance with paragraph (a) of annex I to resolution 2734 (2024).")[0][1:] == (
        ("S/RES/2734 (2024)",), "annex I")
    assert cites("In accordance with paragraph 12 of United Nations Security Council resolution 2118 (2013), the",
                 "S/2025/427")[0] == ("paragraph 12 of United Nations Security Council resolution 2118 (2013)",
                                      ("S/RES/2118 (2013)",), "para. 12")
    # another body's resolutions are not the Assembly's
    assert cites("a series of ESCWA resolutions, including resolution 327 (XXIX) on the Forum", "E/HLPF/2025/3") == []


def test_symbols_joint_symbols_and_statements() -> None:
    text = ("In identical letters (A/79/675-S/2024/876), see also S/PRST/2023/4, A/HRC/56/25 and "
            "S/RES/2467 (2019); the report (S/2017/130).")
    found = cites(text)
    assert [t for _, t, _ in found] == [("A/79/675", "S/2024/876"), ("S/PRST/2023/4",), ("A/HRC/56/25",),
                                        ("S/RES/2467 (2019)",), ("S/2017/130",)]
    assert found[0][0] == "A/79/675-S/2024/876"


def test_resolutions_take_the_organ_named_in_the_sentence() -> None:
    assert cites("as called for in resolution 2467 (2019)")[0][1] == ("S/RES/2467 (2019)",)
    assert cites("General Assembly resolution 77/276 of 29 March 2023")[0][1] == ("A/RES/77/276",)
    assert cites("Human Rights Council resolution 52/12")[0][1] == ("A/HRC/RES/52/12",)
    # the organ named earlier in the sentence wins over the citing document's own (an Assembly document here)
    assert cites("The Human Rights Council, in its resolution 52/12, asked", "A/79/1")[0][1] == ("A/HRC/RES/52/12",)
    assert cites("Recalling its resolution 52/12", "A/HRC/55/L.3")[0][1] == ("A/HRC/RES/52/12",)
    assert cites("Recalling its resolution 52/12", "A/79/L.3")[0][1] == ("A/RES/52/12",)
    assert cites("Economic and Social Council resolution 2024/5")[0][1] == ("E/RES/2024/5",)
    assert cites("See resolution 2200 A (XXI), annex.")[0][1:] == (("A/RES/2200 A (XXI)",), "annex")


def test_lists_of_resolutions_give_each_target() -> None:
    found = cites("pursuant to resolutions 1820 (2008), 1888 (2009) and 2106 (2013), the Council")
    assert found == [("resolutions 1820 (2008), 1888 (2009) and 2106 (2013)",
                      ("S/RES/1820 (2008)", "S/RES/1888 (2009)", "S/RES/2106 (2013)"), "")]
    # a year after a dated list is not a resolution
    assert cites("under resolution 2467 (2019), 2020 saw")[0][1] == ("S/RES/2467 (2019)",)


def test_pinpoints_before_and_after() -> None:
    assert cites("(see S/2025/153, para. 68)")[0][1:] == (("S/2025/153",), "para. 68")
    assert cites("(see S/2024/817, paras. 16-17)")[0][2] == "paras. 16–17"
    assert cites("paragraph 5 of resolution 1701 (2006)")[0] == (
        "paragraph 5 of resolution 1701 (2006)", ("S/RES/1701 (2006)",), "para. 5")
    assert cites("as outlined in paragraph 11 of the Secretary-General’s report (S/2024/12), regrets")[0][2] == \
        "para. 11"
    assert cites("S/2024/704, para. 5 (a).")[0][2] == "para. 5 (a)"
    assert first_paragraph("para. 5 (a)") == ("5", "a")
    assert first_paragraph("annex I, para. 3") == ("3", "")


def test_references_broken_across_lines() -> None:
    """Text files keep their line breaks inside a block; PDF lines joined at a slash leave a space."""
    assert cites("Security Council\nresolution 2467\n(2019)")[0][1] == ("S/RES/2467 (2019)",)
    assert cites("the report (S/2024/\n817) and")[0][1] == ("S/2024/817",)
    assert cites("letters (A/79/675-\nS/2024/876)")[0][1] == ("A/79/675", "S/2024/876")


def test_not_citations() -> None:
    """Slashes in names and units, the document's own symbol, a title block, internal cross-references."""
    assert cites("AFC/M23 and SPLM/A-IO, and/or VAT/GST, 24/7, A/B testing, S/he, UNDP/UNFPA") == []
    # the OPCW's Technical Secretariat notes ("S/2376/2025") are not the Council's documents (S/2025/376)
    assert cites("issued a Note (S/2376/2025) and Note S/2413/2025; see S/2025/376 and S/25704") == [
        ("S/2025/376", ("S/2025/376",), ""), ("S/25704", ("S/25704",), "")]
    # series of subsidiary bodies: the High-level Committee on South-South Cooperation
    assert [t for _, t, _ in cites("agenda (SSC/22/L.2) and report (SSC/22/1); HRI/GEN/1/Rev.9")] == [
        ("SSC/22/L.2",), ("SSC/22/1",), ("HRI/GEN/1/Rev.9",)]
    assert cites("S/2025/1") == []  # its own symbol
    assert cites("A/52/826 S/1998/222 17 March 1998", "A/52/826") == []  # the title block of a joint document
    assert cites("(see para. 28 below) and the resolution of conflicts") == []


def test_year_of_a_council_resolution_cited_without_it() -> None:
    found = find_citations("S/2025/153", [("para_1", "resolution 1701 (2006)"), ("para_2", "UNSCR 1701 and more")])
    assert found[1].targets == ("S/RES/1701 (2006)",)


def test_keys_match_symbols_however_printed() -> None:
    assert symbol_key("S/RES/2467 (2019)") == symbol_key("S/RES/2467(2019)") == symbol_key("S/RES/2467")
    assert document_keys("A/79/675-S/2024/876") == ["A/79/675", "S/2024/876"]
    assert symbol_key("s/2017/130") == "S/2017/130"


@pytest.mark.parametrize("piece", ["resolution 1234, ", "resolutions 53/199 of 15 December 1998 and ",
                                   "resolution 1701 (2006) and S/2020/1, para. 5; ", "S/" , "paragraphs 1, "])
def test_time_grows_with_the_text_not_its_square(piece: str) -> None:
    """A hostile block (a list of thousands of references, slashes without end) is read in time proportional to
    its length: four times the text takes well under sixteen times as long (it took 43 s for 30,000 characters of
    "resolution 1234, 1234, …" before)."""
    import time

    finder = CitationFinder("S/2025/1")

    def seconds(times: int) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            finder.find_in("para_1", piece * times)
            best = min(best, time.perf_counter() - start)
        return best

    small, large = seconds(500), seconds(2000)
    assert large < 8 * max(small, 1e-4), (small, large)

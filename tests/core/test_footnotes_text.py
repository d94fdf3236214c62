"""Footnotes, reference marks, figures and `$` in `pdftotext` text: the rules on small constructed inputs."""

from __future__ import annotations

import pytest

from gui.core.extract import extract
from gui.core.footnote_refs import find_reference_marks
from gui.core.inline import clean_inline
from gui.core.model import Kind

HEAD = "S/2099/9\n\nSecurity Council\n\nDistr.: General\n3 March 2099\n\nReport of the Secretary-General\n"


@pytest.mark.parametrize(("text", "numbers", "clean", "marks"), [
    ("countries. 5 The leader", ["5"], "countries. The leader", [(10, "5")]),
    ("other structures,5 and more", ["5"], "other structures, and more", [(17, "5")]),
    ("in 2,030 polling stations. 2", ["2", "30"], "in 2,030 polling stations.", [(26, "2")]),
    ("between May and September 2024, 3 violent clashes", ["3"], "between May and September 2024, violent clashes",
     [(31, "3")]),
    ("the Levant 1 (ISIL)", ["1"], "the Levant (ISIL)", [(10, "1")]),
    ("approximately $41 million1 is expected", ["1"], "approximately $41 million is expected", [(25, "1")]),
    # Numbers that count or name something stay.
    ("the leader of the 5 Segonn gang", ["5"], None, []),
    ("see paras. 30, 34, 49 and 51", ["34", "49"], None, []),
    ("Letter dated 4 February 2025", ["4"], None, []),
    ("see para. 43) and more", ["43"], None, []),
    ("countries. 6 The leader", ["5"], None, []),  # not a note of this page
])
def test_find_reference_marks(text: str, numbers: list[str], clean: str | None, marks: list[tuple[int, str]]) -> None:
    assert find_reference_marks(text, numbers) == (clean or text, marks)


def test_marks_are_found_in_the_order_of_the_notes() -> None:
    clean, marks = find_reference_marks("First. 2 Then. 1 End. 3", ["1", "2", "3"])
    assert marks == [(6, "2"), (19, "3")]  # "1" after "2" is out of order: a number, not a mark
    assert clean == "First. Then. 1 End."


def test_dollars_are_kept_and_tex_is_still_read() -> None:
    assert clean_inline("a budget of $25 million and $3 million") == "a budget of $25 million and $3 million"
    assert clean_inline("$\\epsilon$ 710 million") == "€710 million"
    assert clean_inline("$\\[mathebox{\\ensuremath{\\mathfrak{C}}750}$ and $5") == "€750 and $5"


def test_footnote_numbers_on_their_own_lines_before_and_after_the_notes() -> None:
    text = HEAD + (
        "I. Introduction\n1.\nThe mission was deployed in the east, in line with its mandate. 1 The\n"
        "commission was established under a law 2 and the vote was calm. 3 The report was\n"
        "__________________\n\nListed as a group.\nIn line with resolution 75/291.\n3\nSee S/2098/100.\n1\n2\n\n"
        "99-00001 (E)\n\n2/4\n\fS/2099/9\n\ncompleted in March.\n2.\nThe second paragraph.\n"
    )
    d = extract(text)
    notes = {b.num: b.text for b in d.blocks if b.kind is Kind.FOOTNOTE}
    assert notes == {"1": "Listed as a group.", "2": "In line with resolution 75/291.", "3": "See S/2098/100."}
    para = d.block("para_1")
    assert para.text == ("The mission was deployed in the east, in line with its mandate. The commission was "
                         "established under a law and the vote was calm. The report was completed in March.")
    assert len(para.spans) == 2
    assert not any(b.kind is Kind.HEADING and b.text.isdigit() for b in d.blocks)


def test_figure_with_chart_text_is_one_aside_and_paragraphs_stay_in_their_section() -> None:
    text = HEAD + (
        "I. Introduction\n1.\nThe mission carried out patrols, as shown in the figure below, in all the areas\n"
        "of its operations.\nFigure I\nNumber of patrols carried out per month\n1 400\n\n1 200\n\n1 149\n\n800\n\n"
        "Patrols\n\nSource: The mission.\n\n2.\nThe second paragraph follows the figure.\n\n2/4\n\f"
    )
    d = extract(text)
    [aside] = [b for b in d.blocks if b.kind is Kind.ASIDE]
    assert aside.text == "Figure I Number of patrols carried out per month Source: The mission."
    assert d.block("para_2").parent == "sec_I"
    assert not any("1 400" in b.text or b.text == "Patrols" for b in d.blocks)

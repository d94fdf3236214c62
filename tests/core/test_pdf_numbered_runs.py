"""Numbering as evidence both ways, on real pages of the Committee on NGOs' compilations of 2025 (E/C.2/2025/2/
Add.1 and Add.4; tests/data/pdf, pages cut from the published PDFs; expectations checked by hand against them):
a table of contents' numbered entries are entries, never paragraph 7; the next number of a run of numbered
headings set as headings ("5. Association du développement …", bold) is the next heading, even though a list
numbered 1–4 ran just before it (it was read as paragraph 5, then 16 and more). Of the 622 PDFs of 2025 the
two rules put Add.4, Add.5 and E/ICEF/2025/11 (and its Rev.1) in order (README, structure section)."""

from __future__ import annotations

from pathlib import Path

from gui.core.extract import load_document
from gui.core.model import Kind

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


def test_an_entry_of_the_table_of_contents_is_not_a_paragraph() -> None:
    d = load_document(DATA / "E_C.2_2025_2_Add.4_p1.en.pdf")
    assert not d.numbered_paragraphs  # was: para_7, "Organisation pour la communication en Afrique …"
    contents = next(b for b in d.blocks if b.kind is Kind.HEADING and b.text == "Contents")
    entry = next(b for b in d.blocks if b.text.startswith("Organisation pour la communication en Afrique"))
    assert entry.kind is Kind.LIST_ITEM and entry.parent == contents.eid


def test_the_next_number_of_a_run_of_headings_is_the_next_heading() -> None:
    d = load_document(DATA / "E_C.2_2025_2_Add.1_pp1-3-4-6-7.en.pdf")
    headings = [(b.num, b.text) for b in d.blocks if b.kind is Kind.HEADING and b.num]
    assert headings == [
        ("2", "Association des jeunes engagés pour l’action humanitaire (AJEAH)"),
        ("3", "Association des jeunes pour l’agriculture du Mali"),
        ("4", "Association des étudiants tamouls de France"),
        ("5", "Association du développement et de la promotion de droits de l’homme"),  # was: para_5
    ]
    # the list under "Aims and purposes" ("1. Promote human rights …") stays where it is printed
    assert [b.num for b in d.numbered_paragraphs] == ["1", "2", "3", "4"]
    assert d.numbered_paragraphs[0].text == "Promote human rights and strengthen local democracy;"

"""A verbatim record read as speakers' turns, on a real one: the first three pages of A/79/PV.64 (General
Assembly, 64th plenary meeting, 16 April 2025; tests/data/pdf, pages cut from the published PDF). Expectations
checked by hand against the printed pages: seven statements on pages 1–3 (the Acting President, the Congo, the
Secretariat's Ms. Sharma, the United States), and "A recorded vote was taken." printed in italics on page 3."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from gui.core.citation import citation, cited_place, place_from_eid
from gui.core.extract import load_document
from gui.core.model import Document, Kind
from gui.core.speakers import is_verbatim, speaker_of

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


@cache
def record() -> Document:
    return load_document(DATA / "A_79_PV.64_pp1-3.en.pdf")


def speeches(document: Document) -> list[str]:
    return [b.text for b in document.blocks if b.kind is Kind.HEADING and b.eid.startswith("speech_")]


def test_each_speakers_label_opens_a_turn_in_reading_order() -> None:
    assert speeches(record()) == [
        "The Acting President", "Mr. Makayat-Safouesse (Congo) (spoke in French)", "The Acting President",
        "Ms. Sharma (Department for General Assembly and Conference Management)", "The Acting President",
        "Mr. Heartney (United States of America)", "The Acting President",
    ]


def test_a_statements_paragraphs_nest_under_its_speaker_and_lose_the_label() -> None:
    d = record()
    congo = next(b for b in d.blocks if b.text.startswith("Mr. Makayat-Safouesse"))
    under = [b for b in d.blocks if b.parent == congo.eid and b.kind is Kind.PARAGRAPH]
    assert len(under) == 9  # his statement runs to page 2: nine paragraphs, the picture aside
    assert under[0].text.startswith("On behalf of the Republic of the Congo and the Republic of Uzbekistan")
    assert under[-1].text.startswith("In conclusion, we appeal to the Member States")
    # the label and the statement split the printed line between them, each its own part of the source
    assert [d.source[a:b] for a, b in congo.spans] == ["Mr. Makayat-Safouesse (Congo) (spoke in French)"]
    assert d.source[under[0].spans[0][0]:].startswith("On behalf of the Republic")
    assert congo.spans[0][1] < under[0].spans[0][0]
    assert congo.boxes and congo.boxes[0][0] == 1


def test_procedure_in_italics_belongs_to_the_meeting_not_the_last_speaker() -> None:
    d = record()
    vote = next(b for b in d.blocks if b.text == "A recorded vote was taken.")
    assert not d.block(vote.parent or "").eid.startswith("speech_")
    assert d.block(vote.parent or "").text == "Draft resolution (A/79/L.64)"
    last = next(b for b in d.blocks if b.text == "A recorded vote has been requested.")
    assert d.block(last.parent or "").text == "The Acting President"


def test_a_statement_is_cited_by_record_page_and_speaker() -> None:
    d = record()
    us = next(b for b in d.blocks if b.text.startswith("While we will not ignore threats"))
    assert citation(d, us, "x") == ("A/79/PV.64, p. 3, United States of America", "")
    secretariat = next(b for b in d.blocks if b.text.startswith("I should like to announce"))
    assert cited_place(d, secretariat) == "p. 2, Department for General Assembly and Conference Management"
    chair = next(b for b in d.blocks if b.text == "The Acting President")
    assert citation(d, chair, "x")[0] == "A/79/PV.64, p. 1, The Acting President"
    assert place_from_eid(us.eid) == "statement 6, paragraph 2"  # lists that do not open the record
    assert place_from_eid("speech_6") == "statement 6"
    heading = next(b for b in d.blocks if b.text == "Draft resolution (A/79/L.64)")
    assert citation(d, heading, "x")[0] == "A/79/PV.64, “Draft resolution (A/79/L.64)” (p. 1)"


def test_speaker_names_and_verbatim_symbols() -> None:
    assert speaker_of("Mr. Nebenzia (Russian Federation) (spoke in Russian)") == "Russian Federation"
    assert speaker_of("The President (spoke in French)") == "The President"
    assert speaker_of("The Secretary-General") == "The Secretary-General"
    assert speaker_of("Ms. DiCarlo") == "Ms. DiCarlo"
    assert is_verbatim("S/PV.9876") and is_verbatim("A/79/PV.64") and is_verbatim("A/ES-10/PV.35")
    assert not is_verbatim("S/2025/411") and not is_verbatim("A/79/L.64") and not is_verbatim(None)


def test_other_documents_have_no_turns() -> None:
    """A report quoting "The President:" is not a record: no statement is split off."""
    for name in ("S_2025_411.en.pdf", "A_80_188.en.pdf"):
        assert not speeches(load_document(DATA / name))


def test_the_record_is_dated_by_its_meeting() -> None:
    """A verbatim record has no "Distr." line: its date is the meeting's, printed with its weekday on page 1
    ("64th plenary meeting Wednesday, 16 April 2025, 10 a.m.") — the library sorts and filters by it."""
    assert record().date == "2025-04-16"


def test_a_resolutions_running_head_is_page_furniture() -> None:
    """"S/RES/2768 (2025)" at the head of page 2 is furniture like "S/2025/72", not an aside in the text (a
    two-page resolution has too few pages for the repetition rule to catch it)."""
    from gui.core.pdf.layout import _furniture_pattern

    assert _furniture_pattern("S/RES/2768 (2025)") and _furniture_pattern("S/RES/2768(2025)")
    assert _furniture_pattern("S/2025/72") and _furniture_pattern("A/HRC/59/60/Add.1")
    assert not _furniture_pattern("S/RES/2768 (2025) and") and not _furniture_pattern("resolution 2768 (2025)")

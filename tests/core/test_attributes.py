"""Document attributes read from real UN documents: mission, organ, type, country, reporting period, agenda item."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.core.attributes import clean_attribute, describe, document_type, find_period, missions
from gui.core.pdf import read_pdf

SHARED = Path("/work/shared")
UNMIK = ["UNMIK_S_1999_779.pdf", "UNMIK_S_2009_149.pdf", "UNMIK_S_2012_275.pdf", "UNMIK_S_2018_747.pdf"]


def read(path: Path) -> dict[str, str]:
    return describe(read_pdf(path.read_bytes(), str(path)))


@pytest.mark.skipif(not (SHARED / "coding" / "pdf").exists(), reason="the UNMIK reports are not here")
@pytest.mark.parametrize("name", UNMIK)
def test_unmik_reports_over_twenty_years(name: str) -> None:
    """Reports whose title is printed on two lines ("… on the United Nations / Interim Administration Mission
    in Kosovo") and which name the mission by acronym a few times only."""
    found = read(SHARED / "coding" / "pdf" / name)
    assert (found["mission"], found["organ"], found["type"], found["country"]) == (
        "UNMIK", "Security Council", "Secretary-General report", "Kosovo")


@pytest.mark.skipif(not (SHARED / "pdf").exists(), reason="the shared PDFs are not here")
def test_shared_documents_by_kind() -> None:
    pdf = SHARED / "pdf"
    assert read(pdf / "S_2025_153.en.pdf") == {
        "mission": "UNIFIL", "organ": "Security Council", "type": "Secretary-General report", "country": "Lebanon",
        "period": "2024-10-21..2025-02-20"}
    assert read(pdf / "S_2025_211.en.pdf")["mission"] == "UNMISS"
    assert read(pdf / "S_2025_68.en.pdf")["type"] == "draft resolution"
    assert read(pdf / "S_2025_85.en.pdf")["type"] == "letter"
    found = read(pdf / "A_79_19.en.pdf")
    assert (found["organ"], found["type"]) == ("General Assembly", "report") and "mission" not in found
    assert read(pdf / "S_2025_72.en.pdf").get("mission") is None  # a thematic report names missions in passing


def test_types_periods_and_names() -> None:
    assert document_type("S/RES/2467 (2019)", "Resolution 2467 (2019)", "") == "resolution"
    assert document_type("S/PRST/2023/4", "Statement by the President", "") == "presidential statement"
    assert document_type("S/PV.9999", "", "") == "verbatim record"
    assert document_type("A/HRC/59/L.17", "Human Rights Council", "") == "draft resolution"
    assert document_type("S/2016/1017", "Letter dated 30 November 2016", "concept note") == "concept note"
    assert find_period("covering the period from 1 January to 31 December 2016") == "2016-01-01..2016-12-31"
    assert find_period("the period from 21 October 2024 to 20 February 2025") == "2024-10-21..2025-02-20"
    assert find_period("covers the period from 1 December to 28 February 2025") == "2024-12-01..2025-02-28"
    assert len({m.acronym for m in missions()}) == len(missions()) >= 70
    assert clean_attribute("Phase ", "a\x1b[2Jb") == ("phase", "a [2Jb")
    with pytest.raises(ValueError):
        clean_attribute("1phase", "x")
    with pytest.raises(ValueError):
        clean_attribute("phase", "x" * 301)

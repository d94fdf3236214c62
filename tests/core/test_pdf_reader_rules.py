"""The structure reader's general rules, each on a real UN PDF of a kind the first rules did not grow on
(tests/data/pdf; expectations checked by hand against the printed pages):

- S/2025/411 (Distiller: text set at size 1 and scaled by its matrix; numbers set off by a tab) — once read line
  by line, with 0 of 28 numbered paragraphs;
- S/2000/538 (two columns, 2000) — 66 of 134 paragraphs, its columns interleaved;
- A/80/188 (recommendations in bold: numbered lead-ins ending in ":" with lettered points; bold sentences carried
  over a page break; the agenda item's name under the masthead) — its title was "Eightieth session";
- A/80/11, four of its pages (a bold lead-in "19. … the Committee:" with points; a landscape table in small type
  that became "[Picture on page 44]");
- E/ICEF/672 (Part II) (a 1980 scan with an invisible OCR text layer: 45 pages of pictures);
- S/RES/2769 (2025) and A/CONF.230/2025/1 (symbols of other series; an agenda with hanging indents).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from gui.core.consistency import pages_without_block, pdf_page_text
from gui.core.extract import load_document
from gui.core.model import Document, Kind
from gui.core.pdf import _unplaced
from gui.core.pdf.read import PdfLine, PdfPage, Run

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


@cache
def doc(name: str) -> Document:
    return load_document(DATA / name)


def body_numbers(document: Document) -> list[int]:
    return [int(b.num) for b in document.numbered_paragraphs if b.num and "__para_" not in b.eid]


def test_text_scaled_by_its_matrix_is_read_at_its_printed_size() -> None:
    d = doc("S_2025_411.en.pdf")
    assert body_numbers(d) == list(range(1, 29))
    assert d.block("para_1").text.startswith("The note by the President of the Security Council of 16 January 2016")
    assert d.block("para_1").text.endswith("specified in paragraphs 2 to 7 of annex B to that resolution.")
    # "9." ⇥ "At its 9877th meeting": the number set off by a tab is the paragraph's, never a block of its own
    assert d.block("para_9").text.startswith("At its 9877th meeting, held in private on Wednesday, 12 March 2025")
    assert not [b for b in d.blocks if re.fullmatch(r"\d{1,3}\.", b.text)]


def test_two_columns_are_read_column_by_column() -> None:
    d = doc("S_2000_538.en.pdf")
    assert d.symbol == "S/2000/538"
    assert body_numbers(d) == list(range(1, 135))
    para2 = d.block("para_2").text
    assert para2.startswith("Twelve months ago, UNMIK deployed to Kosovo to begin the long process of building")
    assert para2.endswith("There was also a real risk of a conflict among Kosovo Albanians.")
    assert d.block("para_5").text.startswith("The most notable political event in Kosovo during the reporting period")
    assert d.block("para_5").text.endswith("before it would join JIAS as a full member.")
    assert "Kosovo civil society has observer status" not in d.block("para_5").text  # the other column's text


def test_numbering_continuity_beats_bold_and_colons() -> None:
    d = doc("A_80_188.en.pdf")
    assert body_numbers(d) == list(range(1, 82))
    assert d.block("para_75").text == "States should cooperate to:"
    assert [b.num for b in d.children("para_75")] == ["a", "b", "c"]
    assert [b.num for b in d.children("para_62")] == ["a", "b", "c", "d", "e"]
    assert not [b.text for b in d.blocks if b.kind is Kind.HEADING and b.text[:1].islower()]


def test_the_title_is_never_the_masthead_or_the_agenda_item() -> None:
    d = doc("A_80_188.en.pdf")
    assert d.title == "Promotion and protection of human rights in the context of climate change"
    prefaces = [b.text for b in d.blocks if b.kind is Kind.PREFACE]
    assert "Eightieth session" in prefaces and "Item 72 (b) of the provisional agenda" in prefaces


def test_a_bold_lead_in_keeps_its_points_whole() -> None:
    d = doc("A_80_11_pp1-13-14-44.en.pdf")
    assert d.block("para_19").text == "On the basis of its review, the Committee:"
    points = list(d.children("para_19"))
    assert [p.num for p in points] == ["a", "b", "c", "d"]
    assert points[0].text.startswith("Recalled and reaffirmed its recommendation that the scale of assessments for")
    assert points[3].text.endswith("under the 2008 SNA on a timely basis.")


def test_a_table_in_small_type_is_a_table_not_a_picture() -> None:
    d = doc("A_80_11_pp1-13-14-44.en.pdf")
    tables = [b for b in d.blocks if b.kind is Kind.TABLE and any(box[0] == 4 for box in b.boxes)]
    assert tables and any("Benin" in cell for t in tables for row in t.rows for cell in row)
    assert not [b for b in d.blocks if b.kind is Kind.FIGURE and b.text.startswith("[Picture")]
    assert d.warnings == ()


def test_an_invisible_ocr_layer_is_read_as_text() -> None:
    d = doc("E_ICEF_672(PartII).en.pdf")
    assert pages_without_block(d, pdf_page_text(DATA / "E_ICEF_672(PartII).en.pdf")) == []
    assert any("En Somalie" in b.text and "1 250 000 réfugiés" in b.text for b in d.blocks)


def test_symbols_of_other_series_and_hanging_indents() -> None:
    assert doc("S_RES_2769 (2025).en.pdf").symbol == "S/RES/2769 (2025)"
    agenda = doc("A_CONF.230_2025_1.en.pdf")
    assert agenda.symbol == "A/CONF.230/2025/1"
    assert body_numbers(agenda) == list(range(1, 13))
    assert agenda.block("para_6").text == ("Organization of work, including the establishment of subsidiary organs, "
                                           "and other organizational matters.")


def test_a_page_whose_text_is_in_no_block_is_named() -> None:
    run = Run("A line of text that the reader could not place anywhere at all.", 72, 500, 700, 710, 702, 10, False,
              False)
    page = PdfPage(3, 612, 792, lines=[PdfLine(3, [run])])
    assert _unplaced([page], set(), []) == ["page 3: 63 characters of text in no block"]
    assert _unplaced([page], {id(page.lines[0])}, []) == []  # furniture is not text to place

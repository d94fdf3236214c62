"""Extraction of `pdftotext` output: real UN documents and constructed text with every known quirk."""

from __future__ import annotations

from gui.core.extract import extract, load_document
from gui.core.model import Kind
from tests.conftest import DATA, S_2021_4, S_2022_43

SYNTHETIC = DATA / "synthetic_pdftotext.txt"


def test_s2021_4_paragraphs_sections_and_titles() -> None:
    d = load_document(S_2021_4)
    assert d.symbol == "S/2021/4" and d.date == "2021-01-08" and d.original_language == "en"
    assert d.title == "United Nations operation in Cyprus: Report of the Secretary-General"
    assert [b.num for b in d.numbered_paragraphs] == [str(n) for n in range(1, 64)]
    assert [b.eid for b in d.blocks if b.kind is Kind.HEADING and b.eid.startswith("sec_")] == [
        "sec_I", "sec_II", "sec_III", *[f"sec_III__title_{x}" for x in "ABCDEFG"],
        "sec_IV", "sec_V", "sec_VI", "sec_VII",
    ]
    assert d.block("sec_III__title_B").text == (
        "Prevention of a recurrence of fighting and maintenance of the military status quo"
    )
    assert d.block("para_10").parent == "sec_III__title_A"


def test_s2021_4_unwrapped_and_joined_across_pages() -> None:
    d = load_document(S_2021_4)
    para_4 = d.block("para_4")
    assert "Subsequently, on 3 November, the Greek Cypriot leader, Nicos Anastasiades, met" in para_4.text
    assert len(para_4.spans) == 2
    assert "\n" not in para_4.text
    # A number at the start of a wrapped line inside a sentence is not a paragraph or a heading.
    assert "appropriated the amount of" in d.block("para_43").text
    assert d.block("para_43").text.endswith("for the period from 1 July 2020 to 30 June 2021.")
    assert "extend the mandate of the mission for six months, until 31 July 2021. Looking ahead, UNFICYP" in (
        d.block("para_61").text
    )
    assert "within the Turkish Cypriot community. On 9 October, the President" in d.block("para_5").text


def test_s2021_4_stray_spaces_mended_where_the_document_knows_the_word() -> None:
    d = load_document(S_2021_4)
    assert "UNFICYP continued to implement its UNFICYP Youth Champions" in d.block("para_25").text
    assert "on the ground" in d.block("para_11").text
    assert "the mandate of the mission" in d.block("para_14").text


def test_s2021_4_annex_table() -> None:
    d = load_document(S_2021_4)
    annex = d.block("annex_1")
    assert annex.text == "Annex"
    [table] = [b for b in d.blocks if b.kind is Kind.TABLE]
    assert table.rows[:4] == (("Country",), ("Number of military personnel",), ("Argentina",), ("255",))
    assert d.ancestors(table.eid)[-1].eid == "annex_1"


def test_s2022_43_letter_annex_enclosure_lists() -> None:
    d = load_document(S_2022_43)
    assert d.symbol == "S/2022/43" and d.date == "2022-01-24"
    heads = [b.text for b in d.blocks if b.kind is Kind.HEADING]
    assert heads[:2] == [
        "Letter dated 20 January 2022 from the Secretary-General addressed to the President of the Security Council",
        "Annex",
    ]
    for title in ("Enclosure", "References", "Operations", "Air-land", "Intelligence", "Engineering"):
        assert title in heads
    assert any(b.text == "[Original: French]" and b.kind is Kind.PREFACE for b in d.blocks)
    items = [b.text for b in d.blocks if b.kind is Kind.LIST_ITEM]
    assert "Twelve weekly status updates." in items
    assert any(t.startswith("Agreement of 12 July 2013 (as amended on 11 July 2018) between the Government") and
               t.endswith("Mission in Mali (MINUSMA).") for t in items)
    [signature] = [b for b in d.blocks if b.kind is Kind.SIGNATURE]
    assert signature.text == "(Signed) António Guterres"


def test_synthetic_wrapped_report() -> None:
    d = load_document(SYNTHETIC)
    assert d.symbol == "S/2099/7" and d.date == "2099-03-03"
    assert [(b.eid, b.kind.value) for b in d.blocks if b.kind is not Kind.PREFACE] == [
        ("heading_1", "heading"),
        ("sec_I", "heading"),
        ("para_1", "paragraph"),
        ("para_2", "paragraph"),
        ("sec_II", "heading"),
        ("sec_II__title_1", "heading"),
        ("para_3", "paragraph"),
        ("fn_1", "footnote"),
        ("para_4", "paragraph"),
        ("fn_2", "footnote"),
    ]
    assert d.block("sec_II__title_1").text == "Local elections"  # "1." then a short title: a heading
    assert d.block("para_2").text == (
        "The mission deployed to the eastern region, which covers 3.5 per cent of the area of the country, "
        "in line with its mandate."  # the reference mark "1" pdftotext left in the text is taken out
    )
    assert d.block("para_3").text.endswith("although some incidents were recorded in the north.")
    assert len(d.block("para_3").spans) == 2
    assert d.block("fn_1").text == "See S/2098/100, para. 4."
    assert d.block("fn_2").text == (
        "The commission was established in 2097 under a law that provides for its independence."
    )
    for block in d.blocks[1:]:
        assert "99-00001" not in block.text and "/4" not in block.text and block.text != "S/2099/7"


def test_paragraph_number_alone_and_continuation_lines() -> None:
    text = (
        "1.\nThe first paragraph is wrapped over\nseveral lines by the converter and\nends here.\n"
        "2.\nThe second paragraph follows at once.\n"
    )
    d = extract(text)
    assert [b.text for b in d.numbered_paragraphs] == [
        "The first paragraph is wrapped over several lines by the converter and ends here.",
        "The second paragraph follows at once.",
    ]


def test_out_of_sequence_number_is_text_not_a_paragraph() -> None:
    text = "- 1. First.\n- 2. Second.\n\n40. The figure is forty.\n\n- 3. Third.\n"
    d = extract(text)
    assert [b.num for b in d.numbered_paragraphs] == ["1", "2", "3"]
    assert any(b.text == "40. The figure is forty." for b in d.blocks)


def test_crlf_input_keeps_offsets() -> None:
    text = "I. Title\r\n\r\n1. One paragraph.\r\n\r\n2. Another one.\r\n"
    d = extract(text)
    para = d.block("para_2")
    assert para.text == "Another one."
    start, end = para.spans[0]
    assert text[start:end] == "2. Another one."


def test_malicious_markup_is_kept_as_literal_text() -> None:
    d = extract('1. See <img src="/dev/zero"> and <a href="file:///">here</a> <script>x()</script>.\n')
    assert d.block("para_1").text == 'See <img src="/dev/zero"> and <a href="file:///">here</a> <script>x()</script>.'


def test_nested_points_and_letter_i_after_h() -> None:
    text = (
        "I. Title\n\n1. The Council decided:\n\n(a) To do one thing, namely:\n\n(i) first;\n\n(ii) second;\n\n"
        "(b) To do another;\n\n(c) And more.\n\n2. Next paragraph:\n\n(h) Theta;\n\n(i) Iota.\n"
    )
    d = extract(text)
    assert [b.eid for b in d.blocks if b.kind is Kind.POINT] == [
        "para_1__list_1__point_a",
        "para_1__list_1__point_a__list_1__point_i",
        "para_1__list_1__point_a__list_1__point_ii",
        "para_1__list_1__point_b",
        "para_1__list_1__point_c",
        "para_2__list_1__point_h",
        "para_2__list_1__point_i",
    ]
    assert d.block("para_1__list_1__point_a__list_1__point_ii").level == 3

"""Structure extraction on the bundled corpus, against hand-verified expectations."""

from __future__ import annotations

import re
from functools import cache

import pytest

from gui.core.extract import load_document
from gui.core.model import Block, Document, Kind
from tests.conftest import CONCEPT_NOTE, CORPUS, FORUM_PAPER, REPORT_2021, S_2017_130, S_2021_4, S_2022_43

ALL_FILES = [S_2017_130, CONCEPT_NOTE, FORUM_PAPER, REPORT_2021, S_2021_4, S_2022_43]

# Page furniture as it appears in these files: job numbers, page counters, barcodes, print dates.
FURNITURE = re.compile(
    r"\b\d{2}-\d{5}\b|\b\d{1,2}/(?:17|5|15)\b|\*\*|\*\d{7}\*|\b141216\b|\b260122\b|\b120121\b|\f"
)


@cache
def doc(path: object) -> Document:
    return load_document(str(path))


def headings(d: Document) -> list[tuple[str, str]]:
    return [(b.eid, b.text) for b in d.blocks if b.kind is Kind.HEADING]


def numbers(d: Document) -> list[str]:
    return [b.num or "" for b in d.numbered_paragraphs]


# --- S/2017/130 -------------------------------------------------------------------------------------

def test_s2017_130_metadata() -> None:
    d = doc(S_2017_130)
    assert d.symbol == "S/2017/130"
    assert d.date == "2017-02-14"
    assert d.original_language == "en"
    assert d.languages == ("en",)
    assert d.title is not None and d.title.startswith("Letter dated 13 February 2017 from the Permanent Representative")


def test_s2017_130_every_numbered_paragraph_once_in_order() -> None:
    d = doc(S_2017_130)
    assert numbers(d) == [str(n) for n in range(1, 111)]
    assert [b.eid for b in d.numbered_paragraphs] == [f"para_{n}" for n in range(1, 111)]


def test_s2017_130_headings_exactly() -> None:
    assert headings(doc(S_2017_130)) == [
        ("heading_1", "Letter dated 13 February 2017 from the Permanent Representative of Senegal to the United "
                      "Nations addressed to the President of the Security Council"),
        ("heading_2", "Report on the activities of the Working Group on Peacekeeping Operations for the period "
                      "from 1 January to 31 December 2016"),
        ("sec_I", "Introduction"),
        ("sec_II", "Meetings of the Working Group"),
        ("sec_II__title_A", "Use of technology in peacekeeping operations"),
        ("sec_II__title_B", "Partnerships between the United Nations and regional organizations: strengthening "
                            "the role of regional actors in peacekeeping operations"),
        ("sec_II__title_C", "Potential for complementarity between United Nations counter-terrorism entities and "
                            "peacekeeping operations"),
        ("sec_II__title_D", "Policy framework for intelligence in peacekeeping operations"),
        ("sec_II__title_E", "Protection of civilians: strengthening ties with political strategies"),
        ("sec_III", "Conclusions and recommendations"),
        ("annex_1", "Annex"),
        ("heading_3", "Meetings of the Working Group in 2016"),
    ]


def test_s2017_130_sections_nest_titles_and_paragraphs() -> None:
    d = doc(S_2017_130)
    assert d.block("sec_II__title_A").parent == "sec_II"
    assert d.block("para_6").parent == "sec_II__title_A"
    assert d.block("para_83").parent == "sec_II__title_E"
    assert d.block("para_104").parent == "sec_III"
    assert d.block("para_1").parent == "sec_I"
    assert d.block("sec_II__title_A").level == 1
    assert d.block("para_6").level == 2


@pytest.mark.parametrize(
    ("eid", "seam"),
    [
        ("para_13", "in peacekeeping, advocating strengthened data protection and the introduction"),
        ("para_36", "new African Union peacekeeping operations such as the Multinational Joint Task Force"),
        ("para_46", "counter-terrorism entities and peacekeeping operations. In advance of the meeting"),
    ],
)
def test_s2017_130_page_split_paragraphs_joined(eid: str, seam: str) -> None:
    block = doc(S_2017_130).block(eid)
    assert seam in block.text
    assert len(block.spans) == 2  # built from both sides of the page break


def test_s2017_130_no_stray_blocks_from_split_paragraphs() -> None:
    d = doc(S_2017_130)
    body = [b for b in d.blocks if b.kind in (Kind.PARAGRAPH, Kind.LIST_ITEM) and b.num is None]
    assert [b.text[:30] for b in body] == [
        "In my capacity as Chair of the",
        "I should be grateful if you wo",
    ]


def test_s2017_130_euro_amounts_restored() -> None:
    text = doc(S_2017_130).block("para_36").text
    for amount in ("€750 million", "€900 million", "€710 million"):
        assert amount in text
    assert "$" not in text and "\\" not in text and "mathfrak" not in text


def test_s2017_130_points_under_paragraph_5() -> None:
    d = doc(S_2017_130)
    points = [b for b in d.blocks if b.parent == "para_5"]
    assert [b.eid for b in points] == [f"para_5__list_1__point_{x}" for x in "abcde"]
    assert all(b.kind is Kind.POINT for b in points)
    assert points[0].text == "Use of technology in peacekeeping operations;"
    assert points[4].text == "Protection of civilians: strengthening ties with political strategies."


def test_s2017_130_points_across_page_break_stay_in_one_list() -> None:
    d = doc(S_2017_130)
    assert [b.num for b in d.children("para_31")] == ["a", "b", "c", "d"]
    assert [b.num for b in d.children("para_53")] == ["a", "b", "c"]
    assert [b.num for b in d.children("para_61")] == ["a", "b", "c", "d", "e"]


def test_s2017_130_annex_table_has_five_meetings() -> None:
    table = doc(S_2017_130).block("heading_3__table_1")
    assert table.kind is Kind.TABLE
    assert table.rows[0] == ("Date", "Briefers", "Theme")
    assert [r[0] for r in table.rows[1:]] == ["28 April", "27 May", "24 June", "27 July", "3 November"]
    assert "Atul Khare, Under-Secretary-General for Field Support" in table.rows[1][1]
    # The converter spaced these hyphens ("Under-Secretary- General"); a suspended one ("troop- and") stays.
    assert table.rows[1][1].startswith("Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations")
    assert "Assistant Secretary-General" in table.rows[2][1] and "- General" not in str(table.rows)
    assert "troop- and police-contributing countries" in doc(S_2017_130).block("para_4").text
    assert table.rows[2][1].count(";") == 2  # three briefers on 27 May
    assert table.parent == "heading_3" and d_parent(table) == "annex_1"


def d_parent(block: Block) -> str | None:
    return doc(S_2017_130).block(block.parent).parent if block.parent else None


def test_s2017_130_title_block_and_signature() -> None:
    d = doc(S_2017_130)
    assert [b.text for b in d.blocks if b.kind is Kind.PREFACE] == [
        "United Nations S/2017/130", "Distr.: General 14 February 2017", "Original: English",
    ]
    [signature] = [b for b in d.blocks if b.kind is Kind.SIGNATURE]
    assert signature.text == "(Signed) Fodé Seck Ambassador Permanent Representative"


# --- the 2021 report -------------------------------------------------------------------------------

def test_report_2021_paragraphs_1_to_71() -> None:
    d = doc(REPORT_2021)
    assert numbers(d) == [str(n) for n in range(1, 72)]
    assert d.date == "2021-12-21" and d.original_language == "en"


@pytest.mark.parametrize(
    ("num", "seam"),
    [
        (8, "operating in hostile environments featuring armed groups, terrorists, organized criminals"),
        (12, "temporary operating bases and quick reaction forces"),
        (16, "troop- and police-contributing countries, including the facilitation of three visits"),
        (24, "The United Nations Military Signals Academy in Entebbe"),
        (28, "missions to be plugged and for concerted efforts to upgrade infrastructure"),
        (43, "In 2018, the Secretary-General had launched the Action for Peacekeeping initiative"),
        (50, "co-chaired by the Department of Peace Operations and the United Nations Office"),
        (55, "the representative of India said that the capabilities"),
        (61, "integrated into early transition planning"),
    ],
)
def test_report_2021_page_split_paragraphs_joined(num: int, seam: str) -> None:
    block = doc(REPORT_2021).block(f"para_{num}")
    assert seam in block.text
    assert len(block.spans) == 2


def test_report_2021_every_paragraph_ends_a_sentence() -> None:
    for block in doc(REPORT_2021).numbered_paragraphs:
        assert re.search(r"[.:;]$", block.text), block.eid


def test_report_2021_link_residue_cleaned() -> None:
    d = doc(REPORT_2021)
    for block in d.blocks:
        assert "](" not in block.text and "\\" not in block.text, block.eid
    assert "Security Council resolution 2594 (2021). Beyond" in d.block("para_49").text
    assert "General Assembly resolution 34/169 on the code of conduct" in d.block("para_52").text
    assert "In Security Council resolution 2594 (2021), the need" in d.block("para_53").text
    assert "$2.8-million" in d.block("para_29").text


def test_report_2021_headings_exactly() -> None:
    assert headings(doc(REPORT_2021)) == [
        ("heading_1", "Letter dated 20 December 2021 from the Chair of the Security Council Working Group on "
                      "Peacekeeping Operations addressed to the President of the Security Council"),
        ("annex_1", "Annex to the letter dated 20 December 2021 from the Chair of the Security Council Working "
                    "Group on Peacekeeping Operations addressed to the President of the Security Council"),
        ("heading_2", "Report on the activities of the Security Council Working Group on Peacekeeping Operations "
                      "for the period from 1 January to 31 December 2021"),
        ("sec_I", "Organizational matters"),
        ("sec_II", "Introduction"),
        ("sec_III", "Implementation of Security Council resolution 2518 (2020) on the safety and security of "
                    "peacekeepers"),
        ("sec_IV", "Maximizing the positive impact of the United Nations police on global policing"),
        ("sec_V", "Conclusion"),
    ]
    d = doc(REPORT_2021)
    assert d.block("sec_III").parent == "annex_1"
    assert d.block("para_71").parent == "sec_V"
    assert d.blocks[-1].eid == "para_71"  # the trailing `---` rule is not a block


# --- the concept note (Chinese cover letter, English annex) ----------------------------------------

def test_concept_note_languages_and_metadata() -> None:
    d = doc(CONCEPT_NOTE)
    assert d.symbol == "S/2016/1017"  # from the file name: the text lost its masthead
    assert d.date == "2016-12-12"
    assert d.original_language == "fr"
    assert set(d.languages) == {"en", "zh"}
    letter = [b for b in d.blocks if b.kind is Kind.PARAGRAPH and b.text.startswith("谨随函转递")]
    assert letter and letter[0].language == "zh"
    background = d.block("heading_3")
    assert background.text == "Background" and background.language == "en"


def test_concept_note_headings_exactly() -> None:
    assert [text for _, text in headings(doc(CONCEPT_NOTE))] == [
        "2016年11月30日塞内加尔常驻联合国代表给安全理事会主席的信",
        "2016 年 11 月 30 日塞内加尔常驻联合国代表给安全理事会主席的信的附件",
        "为维持和平行动工作组拟定的主题为\"保护平民和政治战略\"的概念说明",
        "Background",
        "How and why are the protection of civilians and political strategies linked?",
        "Challenges",
        "POC and political engagement",
        "POC and the host state",
        "POC and T/PCC ownership",
        "Dialogue among Security Council, T/PCCs and Secretariat",
        "Challenges and Discussion Questions",
    ]


def test_concept_note_numbered_headings_are_headings_not_paragraphs() -> None:
    d = doc(CONCEPT_NOTE)
    titles = [b for b in d.blocks if b.kind is Kind.HEADING and b.num is not None]
    assert [(b.num, b.parent) for b in titles] == [("1", "heading_5"), ("2", "heading_5"), ("3", "heading_5")]
    assert [b.eid for b in titles] == ["heading_5__title_1", "heading_5__title_2", "heading_5__title_3"]
    # The only numbered paragraphs are the five discussion questions.
    assert [b.text[:14] for b in d.numbered_paragraphs] == [
        "How can the Se", "What are the e", "How can the Co", "How can the Se", "How can the Se",
    ]


def test_concept_note_footnote_is_one_block_with_both_halves() -> None:
    d = doc(CONCEPT_NOTE)
    [note] = [b for b in d.blocks if b.kind is Kind.FOOTNOTE]
    assert note.eid == "fn_1" and note.num == "1"
    assert note.text.startswith("A range of tools support collective and coordinated action")
    assert "Concepts of Operations (ConOps), UN command and control arrangements (C2)" in note.text
    assert note.text.endswith("improve training on POC at all levels (pre-deployment and in-mission).")
    assert len(note.spans) == 2
    # and its second half is not left behind as a paragraph
    assert not any(b.text.startswith("command and control") for b in d.blocks)


def test_concept_note_paragraph_split_by_page_joined() -> None:
    d = doc(CONCEPT_NOTE)
    [block] = [b for b in d.blocks if b.text.startswith("Solutions to close the gap")]
    assert "views the mission's protection activities as contributing" in block.text


def test_concept_note_signature_and_title_block() -> None:
    d = doc(CONCEPT_NOTE)
    [signature] = [b for b in d.blocks if b.kind is Kind.SIGNATURE]
    assert signature.text == "常驻代表大使福代•塞克(签名)"
    preface = [b.text for b in d.blocks if b.kind is Kind.PREFACE]
    assert preface[:3] == ["Distr.: General 12 December 2016", "Chinese", "Original: French"]
    assert "[原件:英文]" in preface


# --- the Challenges Forum background paper ---------------------------------------------------------

PULL_QUOTES = [
    "Several POC approaches could be on the table if there are divergent views of the context...",
    '...the "impartiality" as well as the legitimacy and credibility of the missions could be compromised.',
    "POC should be aligned with the political strategy and objective of the mission, starting from the "
    "Security Council mandate.",
    "...assess which women, men, girls and boys who are at POC risk, sometimes in different ways, in each "
    "situation.",
    "The POC policy [...] stresses POC as a whole-of-mission activity, including unarmed strategies...",
    "Missions should involve ... (the local populations) ... to understand POC risks in order to take "
    "informed decisions and appropriate actions.",
]


def test_forum_paper_pull_quotes_are_asides() -> None:
    d = doc(FORUM_PAPER)
    asides = {b.text for b in d.blocks if b.kind is Kind.ASIDE}
    for quote in PULL_QUOTES:
        assert quote in asides
    paragraphs = {b.text for b in d.blocks if b.kind is Kind.PARAGRAPH}
    assert not paragraphs & set(PULL_QUOTES)


def test_forum_paper_sidebar_is_aside() -> None:
    d = doc(FORUM_PAPER)
    asides = [b.text for b in d.blocks if b.kind is Kind.ASIDE]
    assert "BACKGROUND PAPER" in asides
    assert "CHALLENGES ANNUAL FORUM 2018" in asides
    assert any(a.startswith("ANNA-LINN PERSSON works as a Specialist on Protection of Civilians") for a in asides)
    assert any(a.startswith("The views expressed in this paper are those of the author") for a in asides)


@pytest.mark.parametrize(
    "seam",
    [
        "Likewise, continuous engagement with host nations, as well as contributing countries, is central",
        "They refer to the principle of “impartiality”, as well as legitimacy and credibility of the missions.",
    ],
)
def test_forum_paper_paragraphs_cut_by_pull_quotes_are_whole(seam: str) -> None:
    assert any(seam in b.text for b in doc(FORUM_PAPER).blocks if b.kind is Kind.PARAGRAPH)


def test_forum_paper_headings_and_metadata() -> None:
    d = doc(FORUM_PAPER)
    assert d.symbol is None
    assert d.date == "2018-11-28"
    assert d.title == "Action for Peacekeeping and Protection of Civilians – Leadership and Cooperation"
    assert [text for _, text in headings(d)] == [
        "Action for Peacekeeping and Protection of Civilians",
        "Leadership and Cooperation",
        "Purpose of the Paper",
        "Executive Summary",
        "A4P POC Commitments",
        "(1) “Tailored, Context-Specific Approaches” vs. Standards, Principles and Overarching Objectives",
        "(2) “Women and Children” vs. Communities at Risk, Gender Perspective and Mainstreamed Child "
        "Protection Concerns",
        "(3) “All Necessary Means” vs. Unarmed Strategies, Whole-of-Mission and Integrated Approach",
        "(4) “Strategic Communications and Engagement with Local Populations” vs. Dialogue, Involvement and "
        "Ownership",
    ]


def test_forum_paper_lists_and_tier_lines() -> None:
    d = doc(FORUM_PAPER)
    items = [b for b in d.blocks if b.kind is Kind.LIST_ITEM]
    assert [b.text[:15] for b in items] == ["to support (1) ", "to implement pr", "to improving (4"]
    assert items[0].parent is not None and d.block(items[0].parent).text.endswith("Member States commit")
    tiers = [b for b in d.blocks if b.text.startswith("Tier ")]
    assert [b.kind for b in tiers] == [Kind.PARAGRAPH] * 3  # a list of three, not three headings


# --- properties of every document -------------------------------------------------------------------

@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_no_block_contains_page_furniture(path: object) -> None:
    d = doc(path)
    for block in d.blocks:
        if block.kind in (Kind.PREFACE,):
            continue
        assert not FURNITURE.search(block.text), (block.eid, FURNITURE.search(block.text))
        if d.symbol:
            assert block.text != d.symbol or block.kind is Kind.PREFACE


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_eids_unique_parents_exist_and_spans_point_at_the_source(path: object) -> None:
    d = doc(path)
    eids = [b.eid for b in d.blocks]
    assert len(eids) == len(set(eids))
    seen: set[str] = set()
    for block in d.blocks:
        if block.parent is not None:
            assert block.parent in seen, block.eid  # parents come first in reading order
            assert block.level == d.block(block.parent).level + 1
        seen.add(block.eid)
        assert block.spans and all(0 <= a < b <= len(d.source) for a, b in block.spans)
        assert list(block.spans) == sorted(block.spans)
        first_word = re.findall(r"\w", block.text)[0]  # first letter: CJK spacing may differ
        assert first_word in d.source[block.spans[0][0]:block.spans[-1][1]], block.eid


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_extraction_is_deterministic(path: object) -> None:
    first = load_document(str(path))
    second = load_document(str(path))
    assert first.to_json() == second.to_json()


def test_corpus_folder_holds_the_four_documents() -> None:
    assert sorted(p.name for p in CORPUS.glob("*.txt")) == sorted(
        p.name for p in (S_2017_130, CONCEPT_NOTE, FORUM_PAPER, REPORT_2021)
    )


def test_plain_text_offsets_match_blocks() -> None:
    d = doc(S_2017_130)
    plain = d.plain_text()
    for eid, (start, end) in d.block_offsets().items():
        assert plain[start:end] == d.block(eid).text

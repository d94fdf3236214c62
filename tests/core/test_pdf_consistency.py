"""The consistency check (`python -m gui check`): what it measures on real outlines, and that it finds faults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.core.consistency import (
    Totals,
    apply_coding,
    check_document,
    load_coding,
    pdf_page_text,
    printable,
    real_title,
    same_symbol,
    symbol_in_name,
)
from gui.core.extract import extract, load_document

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


def test_a_hand_verified_report_passes_every_check() -> None:
    path = DATA / "S_2025_72.en.pdf"
    check = check_document(load_document(path), str(path), pdf_page_text(path))
    truth = json.loads((DATA / "S_2025_72.json").read_text(encoding="utf-8"))
    assert check.sequence_ok is True and check.numbered == len(truth["paragraphs"])
    assert check.printed_numbers >= check.numbered and check.printed_found == check.printed_numbers
    assert check.pages_without_block == [] and not check.line_by_line
    assert check.symbol_ok is True and check.real_title and check.problems() == []


def test_faults_are_found() -> None:
    text = ("S/2024/9\n\nReport of the Secretary-General on the situation\n\nI. Introduction\n\n"
            "1. The first paragraph of the report says what it covers.\n\n"
            "2. The second paragraph of the report goes on at length.\n\n"
            "3. Findings\n\n"
            "4. The fourth paragraph comes after a lost third one (S/2024/7).\n\n"
            "Annex\n\n1. An annex may number its paragraphs again.\n")
    check = check_document(extract(text, "S_2024_7.txt"), "S_2024_7.txt")
    assert check.sequence_ok is False and check.sequence_faults == ["2→4"]  # the annex restarting is no fault
    # a number the document never prints at a line start is the document's own gap, counted apart
    own = check_document(extract(text.replace("3. Findings\n\n", ""), "S_2024_7.txt"), "S_2024_7.txt")
    assert own.sequence_ok is True and own.printed_gaps == ["2→4"] and not own.sequence_faults
    assert check.mid_sentence == 0  # numbered paragraphs are not counted: only unnumbered ones that stop on a word
    assert check.symbol_ok is False and check.expected_symbol == "S/2024/7"  # printed, yet not read as its symbol
    stray = check_document(extract(text.replace(" (S/2024/7)", ""), "S_2024_7.txt"), "S_2024_7.txt")
    assert stray.symbol == "S/2024/9"
    assert stray.symbol_ok is None and stray.symbol_unprinted  # a file that never prints its name's symbol


def test_a_corrigendum_numbers_no_sequence_of_its_own() -> None:
    """A corrigendum prints the numbers of the paragraphs it corrects ("2. … 4. …"): no fault of the reader."""
    text = ("Report of the Secretary-General\n\nCorrigendum\n\n"
            "1. In the first paragraph, the words of the first sentence should read as printed here.\n\n"
            "2. Paragraph 2 should read as follows: the figures are those of the year 2024.\n\n"
            "3. Findings\n\n"
            "4. In the third sentence, the word \u201cfive\u201d should read \u201cfour\u201d, as the table shows.\n")
    assert check_document(extract(text, "E_2025_68.txt"), "E_2025_68.txt").sequence_faults == ["2→4"]
    check = check_document(extract(text, "E_2025_68_Corr.2.txt"), "E_2025_68_Corr.2.txt")
    assert check.sequence_ok is None and not check.sequence_faults


@pytest.mark.parametrize(("name", "symbol"), [
    ("S_RES_2769 (2025).en.pdf", "S/RES/2769 (2025)"),
    ("A_79_716.en.pdf", "A/79/716-S/2025/18"),  # a joint letter, filed under its first half
    ("A_ES-10_1043, S_2025_529.en.pdf", "A/ES-10/1043-S/2025/529"),
    ("E_ICEF_672(PartII).en.pdf", "E/ICEF/672"),
    ("[E_ECE_]TRANS_SC.2_2001_20.en.pdf", "TRANS/SC.2/2001/20"),
    ("UNMIK_S_2016_99_1.pdf", "S/2016/99"),  # a mission's prefix and a download's copy number
    ("JIU_REP_2025_1 [Expanded report].en.pdf", "JIU/REP/2025/1"),
])
def test_symbols_against_file_names(name: str, symbol: str) -> None:
    expected = symbol_in_name(name)
    assert expected is not None and same_symbol(symbol, expected)


def test_symbols_that_do_not_match() -> None:
    assert not same_symbol("A/80/1", "A/80/11")
    assert not same_symbol("S/2025/503", "A/79/992")
    assert not same_symbol(None, "S/2025/1")
    assert symbol_in_name("UNDoc-4077798.en.pdf") is None


def test_masthead_titles() -> None:
    for title in ("General Assembly", "Eightieth session", "2025 session", "Security Council", None, "A/80/188"):
        assert not real_title(title), title
    assert real_title("Promotion and protection of human rights in the context of climate change")


def test_expert_coding_found_and_counted(tmp_path: Path) -> None:
    codes = tmp_path / "codes.csv"
    codes.write_text("document,symbol,paragraph,theme\nS_2000_538,S/2000/538,2,Police\nS_2000_538,S/2000/538,5,"
                     "Elections\nS_2000_538,S/2000/538,134,Police\nS_2000_538,S/2000/538,135,Police\n",
                     encoding="utf-8")
    (tmp_path / "paragraph_counts.json").write_text('{"S_2000_538": 134}', encoding="utf-8")
    path = DATA / "S_2000_538.en.pdf"
    document = load_document(path)
    check = check_document(document, str(path))
    apply_coding(check, document, load_coding(codes))
    assert (check.coded, check.coded_found, check.coded_missed) == (4, 3, ["135"])
    assert check.complete is True and check.symbol_ok is True
    totals = Totals()
    totals.add(check)
    assert "expert-coded paragraphs found: 3/4 (75.0 %)" in totals.lines()


def test_the_command_reports_each_file_and_the_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert main(["check", str(DATA / "S_2025_411.en.pdf"), str(tmp_path / "empty.pdf"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["status"] for f in data["files"]] == ["read", "error"]
    assert data["totals"]["files"] == 2 and data["totals"]["sequence_ok"] == 1
    assert main(["check", str(DATA / "S_2025_411.en.pdf")]) == 0
    out = capsys.readouterr().out
    assert "numbered 1..N per scope: 1/1 (100.0 %)" in out and "files read line by line: 0" in out


def test_report_lines_carry_no_control_characters() -> None:
    assert printable("title '\x1b[2J\x07x'") == "title ' [2J x'"

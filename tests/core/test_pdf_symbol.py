"""Which printed symbol is the document's (gui/core/pdf/__init__.py `_symbol`), on PDFs made here with pypdfium2:
the masthead's, else a line of its own on page 1, else the running heads' — never one the first paragraph cites
(a first page whose masthead was lost or not read: the 1992 scan A/47/435 was read as "A/46/456")."""

from __future__ import annotations

from pathlib import Path

from gui.core.extract import load_document

from .test_pdf_hostile import WORDS, make, paragraphs


def cites(symbol: str) -> list[tuple[str, float, float, float]]:
    return [(f"1. In the last progress report of the Secretary-General ({symbol}), dated 13 September", 72, 720, 10),
            *[(WORDS, 72, 708 - 12 * k, 10) for k in range(2)], *paragraphs([2, 3], top=670)]


def test_the_running_heads_symbol_wins_over_one_the_first_paragraph_cites(tmp_path: Path) -> None:
    later = [[("A/47/435", 72, 760, 10), *paragraphs([n, n + 1])] for n in (4, 6, 8)]
    path = make(tmp_path / "no_masthead.pdf", [cites("A/46/456"), *later])
    assert load_document(path).symbol == "A/47/435"


def test_a_symbol_on_a_line_of_its_own_on_page_one_is_the_documents(tmp_path: Path) -> None:
    foot = [*cites("FCCC/SBSTA/2010/13"), ("FCCC/SBSTA/2011/MISC.14", 72, 60, 10)]
    path = make(tmp_path / "foot.pdf", [foot, paragraphs([4, 5])])
    assert load_document(path).symbol == "FCCC/SBSTA/2011/MISC.14"


def test_a_symbols_own_line_may_carry_its_part_a_joint_half_or_a_star_but_not_a_sentences_end() -> None:
    """Lines of page 1 of E/2025/34 (Part I) and of other 2025 PDFs, as printed."""
    from gui.core.pdf import _alone

    assert _alone("E/2025/34 (Part I)-E/ICEF/2025/7 (Part I)", "E/2025/34")  # the masthead
    assert not _alone("E/ICEF/2025/7/Rev.1).", "E/ICEF/2025/7/Rev.1")  # a citation wrapped onto its own line
    assert _alone("S/2025/72*", "S/2025/72") and _alone("A/79/716-S/2025/18", "A/79/716-S/2025/18")
    assert not _alone("Review Highlights JIU/NOTE/2022/1/Rev.1", "JIU/NOTE/2022/1/Rev.1")

"""Text in a font with no Unicode map, in part of a document (gui/core/pdf/glyphs.py): imported, and named in
`Document.warnings` — page and a sample — never passed in silence. (A whole page of it is refused: guard.py,
tests in test_pdf_hostile_bounds.py.) The PDFs are made here with pypdfium2, as a font without a map prints."""

from __future__ import annotations

from pathlib import Path

from gui.core.extract import load_document
from gui.core.pdf.glyphs import unmapped_warnings
from gui.core.pdf.read import PdfLine, PdfPage, Run

from .test_pdf_hostile import make, paragraphs
from .test_pdf_hostile_bounds import shifted

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


def glyph_warnings(path: Path) -> list[str]:
    return [w for w in load_document(path).warnings if "no Unicode map" in w]


def test_a_paragraph_of_shifted_glyphs_is_named_with_its_page(tmp_path: Path) -> None:
    """Five good paragraphs and one in a font without a map on page 2: too little for the page to be glyph
    soup (it is imported), enough to be named."""
    page2 = paragraphs([4, 5, 6, 7, 8])
    page2 += [(shifted(text), x, y - 320, size) for text, x, y, size in paragraphs([None], lines=3)]
    path = make(tmp_path / "partly.pdf", [paragraphs([1, 2, 3]), page2])
    [warning] = glyph_warnings(path)
    assert warning.startswith("page 2: ") and "\u201cFRQWLQXHG\u201d" in warning  # "continued", shifted
    clean = make(tmp_path / "clean.pdf", [paragraphs([1, 2, 3]), paragraphs([4, 5, 6, 7, 8])])
    assert glyph_warnings(clean) == []


def line(text: str, page: int = 1, y: float = 700) -> PdfLine:
    return PdfLine(page, [Run(text, 72, 72 + 5 * len(text), y - 2, y + 8, y, 10, False, False)])


def page(number: int, texts: list[str]) -> PdfPage:
    return PdfPage(number, 612, 792, [line(t, number, 700 - 14 * k) for k, t in enumerate(texts)])


def test_the_wrong_code_page_and_private_use_codes_are_named_page_by_page() -> None:
    russian = "Резолюция Совета Безопасности о положении в Южном Судане".encode("cp1251").decode("latin-1")
    assert russian.startswith("Ðåçîëþöèÿ")
    private = "".join(chr(0xE000 + ord(c)) for c in "Situation in South Sudan")
    pages = [page(1, ["The Security Council decided to extend the mandate of the Mission."]),
             page(2, [russian, russian]), page(3, [private, private]), page(4, [russian, russian])]
    [warning] = unmapped_warnings(pages)
    assert warning.startswith("pages 2–4: ") and "\u201cÁåçîïàñíîñòè\u201d" in warning  # "Безопасности"


def test_no_false_alarm_on_french_prose_acronyms_ordinals_or_broken_web_addresses() -> None:
    pages = [page(1, ["Le Conseil de sécurité a décidé d’étendre à l’unanimité le mandat de la Mission élargie",
                      "CMW CRC DDR SSR UNMISS MINUSCA 2185th 22nd 3rd meeting",
                      "88d7fe1f172a?fbclid=IwY2xjawEq_1VleHRuA2FlbQIxMQABHWGsmCOhECN5cjarSi",
                      "JDmFttrIsI0we6DFRwMZoOPipnFbuM1WvurvsEHA_aem_A7JdmOejby_qrjl",
                      "Øresund Ålesund Ærø Þórshöfn"])]
    assert unmapped_warnings(pages) == []


def test_real_un_pdfs_carry_no_such_warning() -> None:
    """Of the 622 PDFs of 2025, none is named (the corpus check: README); here, three of other producers."""
    for name in ("S_2025_411.en.pdf", "A_80_188.en.pdf", "A_79_PV.64_pp1-3.en.pdf"):
        assert glyph_warnings(DATA / name) == [], name

"""Generality of the PDF reader: documents derived from the real UN PDFs with pypdfium2 (subsets of pages,
pages in another order, rotated, concatenated, scaled to A4, 2,000 pages), compared with the hand-verified
ground truth where the pages allow. Rules tuned to the ten files break on these; unseen documents of the
same families will look like them.

Tests marked xfail(strict) are failures found by review; the fix flips them."""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from gui.core.extract import load_document
from gui.core.model import Document, Kind
from gui.core.pdf import layout
from gui.core.pdf.layout import Figure
from gui.core.pdf.pages import split_page
from gui.core.pdf.read import open_pdf, read_pages

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"


# --- ground truth ------------------------------------------------------------------------------------------
def key(text: str, digits: bool = True) -> str:
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("‐", "-"), ("‑", "-")):
        text = text.replace(a, b)
    text = re.sub(r"\((?:[a-z]{1,2}|[ivxl]{1,5})\)", "", text)
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\d+", "", text) if not digits else text


def whole(text: str, first: str, last: str) -> bool:
    t, f, la = key(text), key(first), key(last)
    return t.startswith(f) and (t.endswith(la) or t.endswith(la.rstrip(".;,:")))


@cache
def truth(stem: str) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((DATA / f"{stem}.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def with_points(doc: Document, eid: str) -> str:
    return " ".join([doc.block(eid).text, *(b.text for b in doc.blocks if b.eid.startswith(eid + "__"))])


def derive(path: Path, parts: list[tuple[str, list[int]]], rotate: int = 0) -> Path:
    """A new PDF of the given (stem, 0-based page indexes) parts, in that order, optionally rotated."""
    new = pdfium.PdfDocument.new()
    for stem, pages in parts:
        src = pdfium.PdfDocument(str(DATA / f"{stem}.en.pdf"))
        new.import_pages(src, pages)
        src.close()
    if rotate:
        for i in range(len(new)):
            new[i].set_rotation(rotate)
    new.save(str(path))
    new.close()
    return path


def pages_of(stem: str) -> int:
    return int(truth(stem)["pages"])


def unbroken(doc: Document, stem: str, kept: range | list[int], offset: int = 0) -> list[str]:
    """Main-body paragraphs printed wholly on the kept (1-based) pages that are not para_N, whole."""
    bad = []
    eids = {b.eid for b in doc.blocks}
    for p in truth(stem)["paragraphs"]:
        if set(p["pages"]) <= set(kept):
            eid = f"para_{p['num']}"
            if eid not in eids or not whole(with_points(doc, eid), p["first"], p["last"]):
                bad.append(eid)
    return bad


# --- checks that hold for any document ------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-zÀ-ɏ]{3,}")


def lost_words(path: Path, doc: Document) -> dict[str, int]:
    """Words of printed lines (not furniture, not chart text inside a figure) missing from every block."""
    pdf = open_pdf(path)
    pages = list(read_pages(pdf, str(path)))
    pdf.close()
    typo = layout.measure(pages)
    furniture = layout.find_furniture(pages, typo)
    chart: set[int] = set()
    for page in pages:
        for item in split_page(page, typo, furniture).flow:
            if isinstance(item, Figure):
                chart |= {id(ln) for ln in item.content}
    have = collections.Counter(w for b in doc.blocks for w in words(f"{b.text} {b.num or ''}"))
    need = collections.Counter(w for page in pages for ln in page.lines
                               if id(ln) not in furniture and id(ln) not in chart for w in words(ln.text))
    return {w: n - have[w] for w, n in need.items() if n > have[w] and w != "chapter"}


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(unicodedata.normalize("NFKC", text))]


def far_marks(doc: Document) -> list[tuple[str, str, str]]:
    """Reference marks linked to a note printed neither on the mark's page nor on the next one."""
    blocks = {b.eid: b for b in doc.blocks}
    out = []
    for block in doc.blocks:
        pages = {box[0] for box in block.boxes}
        for _, mark, target in block.refs:
            note_pages = {box[0] for box in blocks[target].boxes}
            if not any(p in note_pages or p + 1 in note_pages for p in pages):
                out.append((block.eid, mark, target))
    return out


def furniture_text(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if re.search(r"\b\d{2}-\d{5}\b|\*\d{7}\*", b.text)
            or re.fullmatch(r"\s*\d{1,3}\s*/\s*\d{1,3}\s*", b.text)
            or (b.kind is Kind.FOOTNOTE and re.search(r"\d{1,3}/\d{1,3}$", b.text))]


# --- the three real PDFs --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stem", ["S_2025_72", "S_2025_68", "S_2025_153"])
def test_no_printed_line_is_lost_and_marks_link_nearby(stem: str) -> None:
    path = DATA / f"{stem}.en.pdf"
    doc = load_document(path)
    assert lost_words(path, doc) == {}
    assert far_marks(doc) == []
    assert furniture_text(doc) == []


# --- derived documents that read well today (regressions to keep) -----------------------------------------------
@pytest.mark.parametrize("rotate", [90, 270])
def test_quarter_turned_pages_read_the_same(tmp_path: Path, rotate: int) -> None:
    n = pages_of("S_2025_72")
    doc = load_document(derive(tmp_path / "turned.pdf", [("S_2025_72", list(range(n)))], rotate))
    assert unbroken(doc, "S_2025_72", range(1, n + 1)) == []
    assert (doc.symbol, doc.date) == ("S/2025/72", "2025-01-31")


@pytest.mark.parametrize("pages", [[0], [0, 1], [0, 1, 2]])
def test_first_pages_alone(tmp_path: Path, pages: list[int]) -> None:
    path = derive(tmp_path / "head.pdf", [("S_2025_72", pages)])
    doc = load_document(path)
    assert unbroken(doc, "S_2025_72", [p + 1 for p in pages]) == []
    assert (doc.symbol, doc.date) == ("S/2025/72", "2025-01-31")
    assert lost_words(path, doc) == {} and furniture_text(doc) == []


def test_two_documents_concatenated_keep_the_first_whole(tmp_path: Path) -> None:
    n72, n68 = pages_of("S_2025_72"), pages_of("S_2025_68")
    path = derive(tmp_path / "two.pdf", [("S_2025_72", list(range(n72))), ("S_2025_68", list(range(n68)))])
    doc = load_document(path)
    assert unbroken(doc, "S_2025_72", range(1, n72 + 1)) == []
    assert doc.symbol == "S/2025/72" and lost_words(path, doc) == {}


def test_pages_in_reverse_order_are_read_without_loss(tmp_path: Path) -> None:
    n = pages_of("S_2025_72")
    path = derive(tmp_path / "reversed.pdf", [("S_2025_72", list(reversed(range(n))))])
    doc = load_document(path)
    assert sorted(b.num or "" for b in doc.blocks if b.kind is Kind.FOOTNOTE) == sorted("123456789")
    assert lost_words(path, doc) == {} and furniture_text(doc) == []


def test_only_the_annex_pages(tmp_path: Path) -> None:
    n = pages_of("S_2025_153")
    doc = load_document(derive(tmp_path / "annexes.pdf", [("S_2025_153", list(range(18, n)))]))
    annex_no: dict[str, int] = {}
    for p in truth("S_2025_153")["annex_paragraphs"]:
        k = annex_no.setdefault(p["annex"], len(annex_no) + 1)
        eid = f"annex_{k}__para_{p['num']}"
        assert whole(with_points(doc, eid), p["first"], p["last"]), eid


@pytest.mark.slow  # about 30 s: still run by CI
def test_two_thousand_pages_in_bounded_time_and_memory(tmp_path: Path) -> None:
    n = pages_of("S_2025_153")
    src = pdfium.PdfDocument(str(DATA / "S_2025_153.en.pdf"))
    new = pdfium.PdfDocument.new()
    while len(new) < 2000:
        new.import_pages(src, list(range(min(n, 2000 - len(new)))))
    new.save(str(tmp_path / "big.pdf"))
    # CPU time of the 2,000 pages against the report itself read in the same process: the reader's work grows
    # with the pages, not faster (a ratio to a baseline measured in the same run, never a wall-clock limit)
    script = ("import resource, sys, time; from gui.core.extract import load_document; load_document(sys.argv[1]); "
              "t = time.process_time(); load_document(sys.argv[1]); one = time.process_time() - t; "
              "t = time.process_time(); d = load_document(sys.argv[2]); many = time.process_time() - t; "
              "print(one, many, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(d.blocks))")
    result = subprocess.run([sys.executable, "-c", script, str(DATA / "S_2025_153.en.pdf"), str(tmp_path / "big.pdf")],
                            capture_output=True, text=True, timeout=1800, check=True)
    one, many, rss_kb, blocks = result.stdout.split()
    linear = float(one) * 2000 / n
    assert float(many) < 3 * linear, (many, linear)
    assert int(rss_kb) < 1024 * 1024 and int(blocks) > 2000


# --- failures found -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("first", [1, 5])
def test_a_report_without_its_first_pages_keeps_its_paragraph_numbers(tmp_path: Path, first: int) -> None:
    n = pages_of("S_2025_72")
    doc = load_document(derive(tmp_path / "tail.pdf", [("S_2025_72", list(range(first, n)))]))
    assert unbroken(doc, "S_2025_72", range(first + 1, n + 1)) == []


def test_without_the_first_page_the_date_is_not_made_up(tmp_path: Path) -> None:
    n = pages_of("S_2025_72")
    doc = load_document(derive(tmp_path / "tail.pdf", [("S_2025_72", list(range(2, n)))]))
    assert doc.date in (None, "2025-01-31")


def test_upside_down_pages_read_the_same(tmp_path: Path) -> None:
    n = pages_of("S_2025_72")
    doc = load_document(derive(tmp_path / "upside.pdf", [("S_2025_72", list(range(n)))], 180))
    assert doc.symbol == "S/2025/72"
    assert unbroken(doc, "S_2025_72", range(1, n + 1)) == []


def test_marks_in_an_annex_link_to_the_annex_notes(tmp_path: Path) -> None:
    n = pages_of("S_2025_72")  # the report with its one-page annex, then the report again inside that annex
    doc = load_document(derive(tmp_path / "annexed.pdf", [("S_2025_72", list(range(n))),
                                                          ("S_2025_72", list(range(n - 1)))]))
    annexed = [b for b in doc.blocks if b.eid.startswith("annex_1__para_") and b.refs]
    assert annexed and far_marks(doc) == []


def test_a4_pages_drop_their_furniture(tmp_path: Path) -> None:
    src = pdfium.PdfDocument(str(DATA / "S_2025_72.en.pdf"))
    new = pdfium.PdfDocument.new()
    width, height = 595.0, 842.0
    for i in range(len(src)):
        w, h = src[i].get_size()
        scale = min(width / w, height / h)
        form = src.page_as_xobject(i, new).as_pageobject()
        form.transform(pdfium.PdfMatrix().scale(scale, scale).translate((width - w * scale) / 2,
                                                                        (height - h * scale) / 2))
        page = new.new_page(width, height)
        page.insert_obj(form)
        page.gen_content()
    new.save(str(tmp_path / "a4.pdf"))
    doc = load_document(tmp_path / "a4.pdf")
    assert furniture_text(doc) == []
    notes = [b for b in doc.blocks if b.kind is Kind.FOOTNOTE]
    for f in truth("S_2025_72")["footnotes"]:
        assert any(b.num == str(f["num"]) and whole(b.text, f["first"], f["last"]) for b in notes), f["num"]


def test_without_the_first_page_the_symbol_is_the_running_heads_one(tmp_path: Path) -> None:
    n = pages_of("S_2025_72")
    doc = load_document(derive(tmp_path / "tail.pdf", [("S_2025_72", list(range(2, n)))]))
    assert doc.symbol == "S/2025/72"  # not "S/2016/92", the first symbol its text cites

"""The PDF reader on real UN PDFs, checked against their hand-verified ground truth (tests/data/pdf/*.json,
conventions in ../shared/pdf/GROUND_TRUTH.md), and on small PDFs the tests make for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from gui.core.citation import citation
from gui.core.errors import InputError
from gui.core.extract import load_document
from gui.core.model import Document, Kind

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"
STEMS = ["S_2025_72", "S_2025_68", "S_2025_153"]


def key(text: str) -> str:
    """Text compared as GROUND_TRUTH.md says: spacing, quote and dash styles and point marks aside."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("‘", "'"), ("’", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("‐", "-"), ("‑", "-")):
        text = text.replace(a, b)
    text = re.sub(r"\((?:[a-z]{1,2}|[ivxl]{1,5})\)", "", text)
    return re.sub(r"\s+", "", text)


@cache
def document(stem: str) -> Document:
    return load_document(DATA / f"{stem}.en.pdf")


@cache
def truth(stem: str) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((DATA / f"{stem}.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def with_points(doc: Document, eid: str) -> str:
    """A paragraph's text followed by the points nested in it."""
    return " ".join([doc.block(eid).text, *(b.text for b in doc.blocks if b.eid.startswith(eid + "__"))])


def whole(text: str, first: str, last: str) -> bool:
    t = key(text)
    return t.startswith(key(first)) and (t.endswith(key(last)) or t.endswith(key(last).rstrip(".;,:")))


@pytest.mark.parametrize("stem", STEMS)
def test_symbol_and_date(stem: str) -> None:
    doc, gt = document(stem), truth(stem)
    assert (doc.symbol, doc.date) == (gt["symbol"], gt["date"])


@pytest.mark.parametrize("stem", STEMS)
def test_every_numbered_paragraph_once_and_whole(stem: str) -> None:
    doc, gt = document(stem), truth(stem)
    annexes = [b.eid for b in doc.blocks if b.kind is Kind.HEADING and b.eid.startswith("annex_")
               and b.parent is None]
    order: dict[str, int] = {}
    broken = []
    for p in gt["paragraphs"] + gt.get("annex_paragraphs", []):
        if "annex" in p:
            eid = f"{annexes[order.setdefault(p['annex'], len(order))]}__para_{p['num']}"
        else:
            eid = f"para_{p['num']}"
        assert sum(b.eid == eid for b in doc.blocks) == 1, eid
        if not whole(with_points(doc, eid), p["first"], p["last"]):
            broken.append(eid)
    assert broken == []


@pytest.mark.parametrize("stem", STEMS)
def test_every_footnote_whole_with_its_number(stem: str) -> None:
    doc, gt = document(stem), truth(stem)
    notes = {b.num: b for b in doc.blocks if b.kind is Kind.FOOTNOTE}
    assert sorted(notes, key=str) == sorted((str(f["num"]) for f in gt["footnotes"]), key=str)
    for f in gt["footnotes"]:
        assert whole(notes[str(f["num"])].text, f["first"], f["last"]), f["num"]


@pytest.mark.parametrize("stem", STEMS)
def test_every_heading_and_no_false_ones(stem: str) -> None:
    doc, gt = document(stem), truth(stem)
    headings = [key(b.text) for b in doc.blocks if b.kind is Kind.HEADING]
    for h in gt["headings"] + gt.get("annex_headings", []):
        assert key(h["text"]) in headings, h["text"]
    assert not [h for h in headings if re.fullmatch(r"[\d.,*]*", h)]
    # no paragraph nests under a figure caption, and no chart text is body text
    for b in doc.blocks:
        parent = doc.get(b.parent) if b.parent else None
        assert not (b.kind is Kind.PARAGRAPH and parent is not None and parent.kind is Kind.FIGURE)
        tokens = b.text.split()
        if b.kind in (Kind.PARAGRAPH, Kind.POINT, Kind.LIST_ITEM) and len(tokens) >= 3:
            assert sum(bool(re.fullmatch(r"[\d.,%$–-]+", t)) for t in tokens) / len(tokens) < 0.5, b.eid


def test_reference_marks_are_links_not_digits() -> None:
    doc = document("S_2025_72")
    para = doc.block("para_1")
    assert [r[2] for r in para.refs] == ["fn_1", "fn_2"]
    offset = para.refs[0][0]
    assert para.text[:offset].endswith("Iraq and the Levant")
    assert "Levant1" not in para.text and "Levant (ISIL" in para.text
    heading = doc.block("sec_II__title_A")  # a mark on a heading (footnote 4)
    assert heading.text == "Overview and evolution of the threat" and heading.refs[0][2] == "fn_4"
    assert doc.block("para_4").refs[0][2] == "fn_5"  # "structures,5 Da’esh": mid-sentence
    assert "structures, Da’esh" in doc.block("para_4").text
    assert citation(doc, doc.block("fn_4"), "x")[0] == "S/2025/72, footnote 4 (p. 2)"


def test_text_as_printed() -> None:
    doc = document("S_2025_72")
    text = " ".join(b.text for b in doc.blocks)
    assert "Da ’esh" not in text and "thirty -fifth" not in text  # kerning gaps are not spaces
    assert "Secretary-General provide" in doc.block("para_1").text  # hyphen kept
    assert "Levant-Khorasan" in doc.block("para_3").text  # a compound broken at the line end
    assert "whole-of-government" in doc.block("para_64").text
    assert re.search(r"www\.un\.org/\S*uncct_cft_va_report_2024_en\.pdf", doc.block("fn_8").text)  # one URL
    assert "$10 million" in doc.block("para_4").text


def test_page_furniture_is_gone_and_title_block_kept() -> None:
    doc = document("S_2025_72")
    texts = [b.text for b in doc.blocks]
    assert not [t for t in texts if re.fullmatch(r"\d+/15|25-00800.*|\*2500800\*", t)]
    assert [b.text for b in doc.blocks if b.kind is Kind.PREFACE][:3] == ["S/2025/72", "United Nations",
                                                                         "Security Council"]
    assert doc.title is not None and doc.title.startswith("Twentieth report of the Secretary-General")


def test_citations_give_the_printed_page() -> None:
    doc = document("S_2025_72")
    assert citation(doc, doc.block("para_3"), "x")[0] == "S/2025/72, para. 3 (pp. 1–2)"
    official = load_document(Path(__file__).resolve().parents[1] / "data" / "pdf" / "S_2025_153.en.pdf")
    assert official.page_labels[:3] == ("1", "2", "3")


def test_paragraph_across_a_page_and_footnote_block() -> None:
    doc = document("S_2025_72")
    para = doc.block("para_3")  # pp. 1-2, with the footnotes of page 1 between its parts
    assert [box[0] for box in para.boxes] == [1, 2]
    assert len(para.spans) == 2


def test_draft_resolution_preamble_and_operative_paragraphs() -> None:
    doc, gt = document("S_2025_68"), truth("S_2025_68")
    recitals = [b for b in doc.blocks if b.eid.startswith("rec_")]
    assert len(recitals) == len(gt["preamble"])
    for block, words in zip(recitals, gt["preamble"], strict=True):
        assert key(block.text).startswith(key(words))
    assert recitals[5].text.endswith("mandated authority therein,")  # the one that crosses a page
    assert citation(doc, recitals[3], "x")[0] == "S/2025/68, PP 4 (p. 1)"
    point = doc.block("para_19__list_1__point_f")
    assert citation(doc, point, "x")[0] == "S/2025/68, OP 19 (f) (p. 7)"


def test_annexes_number_afresh_and_figures_are_blocks() -> None:
    doc, gt = document("S_2025_153"), truth("S_2025_153")
    assert citation(doc, doc.block("annex_1__para_3"), "x")[0] == "S/2025/153, annex I, para. 3 (p. 19)"
    figures = [b for b in doc.blocks if b.kind is Kind.FIGURE]
    captions = [key(f["caption"]) for f in gt["figures"]]
    assert [key(b.text) for b in figures] == captions
    fig = doc.block("fig_I")
    assert fig.boxes[0][0] == 2 and fig.boxes[0][4] - fig.boxes[0][2] > 150  # the chart's area, in points
    assert "1 600" not in " ".join(b.text for b in doc.blocks if b.kind is not Kind.FIGURE)
    assert citation(doc, fig, "x")[0] == "S/2025/153, figure I (p. 2)"
    star = doc.block("fn_star")
    assert star.num == "*" and star.text == "Circulated in the language of submission only."


def test_every_block_knows_where_it_is_printed() -> None:
    for stem in STEMS:
        doc = document(stem)
        pages = truth(stem)["pages"]
        for block in doc.blocks:
            assert block.boxes, block.eid
            for page, x0, y0, x1, y1 in block.boxes:
                assert 1 <= page <= pages and 0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 792, block.eid
            for start, end in block.spans:
                assert doc.source[start:end].strip()


def test_outline_json_carries_boxes_and_refs() -> None:
    result = subprocess.run([sys.executable, "-m", "gui", "outline", "--json", str(DATA / "S_2025_72.en.pdf")],
                            capture_output=True, text=True, timeout=120, check=True)
    data = json.loads(result.stdout)
    para = next(b for b in data["blocks"] if b["eid"] == "para_1")
    assert para["boxes"][0][0] == 1 and len(para["boxes"][0]) == 5
    assert [r[2] for r in para["refs"]] == ["fn_1", "fn_2"]


# --- bad input ----------------------------------------------------------------------------------------
def _blank(path: Path, pages: int = 1) -> Path:
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(612, 792)
    pdf.save(str(path))
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: _blank(p), "no text layer"),
    (lambda p: p.write_bytes((DATA / "S_2025_72.en.pdf").read_bytes()[:90_000]), "damaged or truncated"),
    (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj <<>> endobj\n"), "not a readable PDF"),
    (lambda p: p.write_bytes(b"<!DOCTYPE html><html><body>Access denied</body></html>"), "web page"),
    (lambda p: p.write_bytes((DATA / "encrypted.pdf").read_bytes()), "encrypted"),
])
def test_bad_pdfs_get_a_clear_message(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    make(path)
    with pytest.raises(InputError, match=message) as info:
        load_document(path)
    assert str(path) in str(info.value)


def test_a_text_file_named_pdf_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("Background\n\nThe mission protects civilians.\n", encoding="utf-8")
    assert "The mission protects civilians." in [b.text for b in load_document(path).blocks]


def test_a_long_scan_is_refused_quickly(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text layer"):
        load_document(_blank(tmp_path / "scan.pdf", pages=400))


def test_progress_can_stop_a_long_pdf() -> None:
    class Stop(Exception):
        pass

    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 3:
            raise Stop

    with pytest.raises(Stop):
        load_document(DATA / "S_2025_72.en.pdf", progress)
    assert seen == [(1, 15), (2, 15), (3, 15)]


def test_a_pdf_in_the_store_is_the_pdf_as_extracted(tmp_path: Path) -> None:
    """Imported, tagged, reopened from the database alone (the PDF gone), exported: nothing differs."""
    from gui.export import export
    from gui.store import Store

    pdf = tmp_path / "S_2025_72.pdf"
    pdf.write_bytes((DATA / "S_2025_72.en.pdf").read_bytes())
    with Store(tmp_path / "m.db", import_corpus=False) as store:
        report = store.import_file(pdf)
        assert (report.doc_id, report.status) == ("S-2025-72", "new")
        store.tag("S-2025-72", ["para_4", "fn_5"], "poc")
        assert store.import_file(pdf).status == "unchanged"
    pdf.unlink()
    with Store(tmp_path / "m.db", import_corpus=False) as store:
        doc = store.document("S-2025-72")
        assert doc.blocks == document("S_2025_72").blocks
        assert {a.eid for a in store.annotations()} == {"para_4", "fn_5"}
        out = tmp_path / "notes.md"
        export(store, "md", out)
        assert "S/2025/72, para. 4" in out.read_text(encoding="utf-8")
        assert "S/2025/72, footnote 5" in out.read_text(encoding="utf-8")


def test_a_drawn_footnote_rule_opens_the_zone_and_a_table_rule_does_not() -> None:
    from gui.core.pdf.layout import Typography, footnote_rule
    from gui.core.pdf.read import PdfLine, PdfPage, Run

    def line(text: str, baseline: float, size: float) -> PdfLine:
        return PdfLine(1, [Run(text, 123.0, 480.0, baseline - 2, baseline + size, baseline, size, False, False)])

    typo = Typography(body_size=10.0, margin=123.0, right=488.0, pitch=12.0)
    body = [line("1. The mission continued to protect civilians in the east of the country, " * 2, 400, 10.0)]
    notes = PdfPage(1, 612, 792, lines=[*body, line("1 See S/2024/117.", 120, 8.5)], paths=[(99, 140, 171, 140.6)])
    assert footnote_rule(notes, typo, set()) == 140
    table = PdfPage(1, 612, 792, lines=[*body, line("Total 222 29 59", 120, 10.0)], paths=[(99, 140, 171, 140.6)])
    assert footnote_rule(table, typo, set()) is None


def test_an_asterisk_set_on_the_line_links_to_the_asterisk_note() -> None:
    para = document("S_2025_153").block("para_56")
    assert para.refs == ((para.text.index("(see annex I).") + len("(see annex I)."), "*", "fn_star"),)
    assert "(see annex I). Condemning" in para.text


def test_a_line_end_hyphen_is_kept_unless_the_document_prints_the_word_whole() -> None:
    from gui.core.pdf.blocks import LINE_HYPHEN, join_printed, mend_hyphens

    texts = [join_printed(["closer co-", "operation with the"]), join_printed(["against counter-", "terrorism"]),
             "Their cooperation grew.", join_printed(["the Under-Secretary-", "General"])]
    assert LINE_HYPHEN in texts[0]
    assert mend_hyphens(texts) == ["closer cooperation with the", "against counter-terrorism",
                                   "Their cooperation grew.", "the Under-Secretary-General"]
    assert not [t for t in (b.text for b in document("S_2025_72").blocks) if LINE_HYPHEN in t]

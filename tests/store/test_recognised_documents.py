"""A document read by recognition, in the library: its quotes are exported as recognised (a mark beside the
citation in the briefing, a field in CSV and JSON-LD), and its annotations survive a re-recognition with other
settings by the usual re-anchoring — each stays on its paragraph or becomes an orphan, never moves to another.

The scan is page 1 of S/2025/72 drawn as a picture (no text layer) followed by page 2 with its text layer;
it is recognised once for the module (in the recognition process, as an import does).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from gui.core.pdf import ocr, ocr_read
from gui.core.pdf.ocr import Engine, ScanPage, draw_page, measure_ink
from gui.export import export
from gui.store import Store
from tests.ocr_samples import S_2025_72, scanned_pdf

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def recognised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("recognised")
    scan = folder / "S_2025_72_scanned.pdf"
    scan.write_bytes(scanned_pdf(S_2025_72, [1], (2,)))
    with Store(folder / "lib.db", import_corpus=False) as store:
        doc_id = store.import_file(scan).doc_id
    return folder / "lib.db", scan, doc_id


def _copy(recognised: tuple[Path, Path, str], tmp_path: Path) -> Store:
    shutil.copy(recognised[0], tmp_path / "lib.db")
    return Store(tmp_path / "lib.db", import_corpus=False)


def test_exports_say_which_quotes_came_from_recognition(recognised: tuple[Path, Path, str],
                                                        tmp_path: Path) -> None:
    doc_id = recognised[2]
    with _copy(recognised, tmp_path) as store:
        document = store.document(doc_id)
        assert document.recognised is not None
        para = {b.num: b for b in document.numbered_paragraphs}
        confidence = document.recognised.block(para["1"].eid)
        assert confidence is not None and document.recognised.block(para["4"].eid) is None  # 4: text layer
        store.tag(doc_id, [para["1"].eid], "poc", coder="kim")
        store.tag(doc_id, [para["4"].eid], "poc", coder="kim")
        doubted = list(dict.fromkeys(w for w in confidence[1] if w in para["1"].text.split()))
        brief = export(store, "md", tmp_path / "brief.md").read_text(encoding="utf-8")
        html = export(store, "html", tmp_path / "brief.html").read_text(encoding="utf-8")
        table = export(store, "csv", tmp_path / "passages.csv").read_text(encoding="utf-8-sig")
        jsonld = json.loads(export(store, "jsonld", tmp_path / "w3c.jsonld").read_text(encoding="utf-8"))

    assert "### S/2025/72, para. 1 (p. 1) (OCR)\n" in brief  # the mark beside the citation
    assert "### S/2025/72, para. 4 (p. 2)\n" in brief  # a quote from the text layer carries none
    assert f"**Text:** recognised from a scanned page (OCR), mean confidence {confidence[0]:.0%}" in brief
    assert brief.count("recognised from a scanned page") == 1
    if doubted:  # the words of the quote the engine doubted are named, to be checked against the page
        assert "(words the engine doubted: " + ", ".join(f"“{w}”" for w in doubted) + ")" in brief
    assert "S/2025/72, para. 1 (p. 1) (OCR)</h3>" in html
    rows = {r["number"]: r for r in csv.DictReader(io.StringIO(table))}
    assert rows["1"]["ocr_confidence"] == f"{confidence[0]:.2f}" and rows["4"]["ocr_confidence"] == ""
    targets = {a["target"]["marginalia:eid"]: a["target"] for a in jsonld["first"]["items"]}
    assert targets[para["1"].eid]["marginalia:recognised"] == {
        "engine": ocr.ENGINE, "confidence": round(confidence[0], 4), "doubtfulWords": doubted}
    assert "marginalia:recognised" not in targets[para["4"].eid]


def _recognise_at(scale: float, engine: Engine) -> Any:
    def recognise(data: bytes, number: int, _width: float, _height: float) -> ScanPage:
        pdf = pdfium.PdfDocument(data)
        pixels, width, height = draw_page(pdf, number - 1, scale)
        scan = engine.recognise(pixels, number, width, height, scale)
        return measure_ink(engine.rescue_numbers(scan, pixels, scale), pixels, scale)
    return recognise


# The re-recognition's settings: pages drawn at another scale than `ocr.SCALE` (1.5 px/pt) — other pixels, so
# other words read, and another `ENGINE` key, so no page comes from the cache. At 1.0 a few words change; at
# 0.5 (a poor reading: "ln adopting its roseleties 2253 (2815)") whole passages are lost.
@pytest.mark.parametrize("scale", [1.0, 0.5])
def test_annotations_survive_a_re_recognition_on_their_paragraph_or_as_orphans(
        recognised: tuple[Path, Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scale: float) -> None:
    _, scan, doc_id = recognised
    with _copy(recognised, tmp_path) as store:
        document = store.document(doc_id)
        para = {b.num: b for b in document.numbered_paragraphs}
        for num in ("1", "2", "3", "4", "5"):  # 1–3 recognised, 4–5 from the text layer
            store.tag(doc_id, [para[num].eid], "poc", coder="kim")
        words = " ".join(para["2"].text.split()[3:9])  # some words of a recognised paragraph
        at = para["2"].text.index(words)
        store.tag(doc_id, [para["2"].eid], "politics", coder="kim", span=(at, at + len(words)))
        before = {a.id: (document.block(a.eid).num, a.quote) for a in store.annotations(doc=doc_id) if a.eid}

        other = f"rapidocr-3.10/PP-OCRv6-small/scale-{scale}"
        monkeypatch.setattr(ocr, "ENGINE", other)
        monkeypatch.setattr(ocr_read, "ENGINE", other)
        monkeypatch.setattr(ocr_read, "recognise_elsewhere", _recognise_at(scale, Engine(ocr.threads())))
        assert store.documents(doc_id)[0].reading.pending  # type: ignore[union-attr]
        report = store.import_file(scan)  # the same file: read afresh, since its engine changed
        assert report.status == "updated", report.summary()

        again = store.document(doc_id)
        assert again.recognised is not None and again.recognised.engine == other
        reading = store.documents(doc_id)[0].reading
        assert reading is not None and not reading.pending
        after = store.annotations(doc=doc_id)
        assert len(after) == len(before)  # nothing dropped
        placed = 0
        for annotation in after:
            number, quote = before[annotation.id]
            if annotation.status == "orphan":
                assert annotation.eid is None and annotation.quote == quote  # kept with its quote
                continue
            block = again.block(annotation.eid)  # type: ignore[arg-type]
            assert block.num == number, (annotation.quote, number, block.num)  # never on another paragraph
            assert annotation.anchor.exact in block.text
            placed += 1
        kept_text_layer = [a for a in after if before[a.id][0] in ("4", "5")]
        assert all(a.status == "anchored" for a in kept_text_layer)
        recognised_placed = [a for a in after if before[a.id][0] in ("1", "2", "3") and a.status == "anchored"]
        assert recognised_placed, report.summary()  # re-anchoring places recognised text, not only orphans it
        assert placed + len(report.orphaned) == len(before)
        if scale == 0.5:  # the poor reading lost passages: their annotations are orphans, kept with their quotes
            assert report.orphaned, report.summary()

"""Issue 23, faults 1–2: an annotation whose paragraph is gone becomes an orphan, never a passenger on another
paragraph; a span on a frequent phrase is found among all its occurrences, by its context."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from gui.core.anchor import GONE, TIE, make_anchor, reanchor
from gui.core.extract import extract
from gui.export import export, import_annotations
from gui.store import Store

CORPUS2025 = Path("/work/corpus2025")
SHARED_PDF = Path(__file__).resolve().parents[3] / "shared" / "pdf"
S_2025_176 = next((p for p in (SHARED_PDF / "S_2025_176.en.pdf", CORPUS2025 / "S_2025_176.en.pdf") if p.exists()),
                  SHARED_PDF / "S_2025_176.en.pdf")
S_2025_72 = next((p for p in (SHARED_PDF / "S_2025_72.en.pdf", CORPUS2025 / "S_2025_72.en.pdf") if p.exists()),
                 SHARED_PDF / "S_2025_72.en.pdf")
needs_pdfs = pytest.mark.skipif(not (S_2025_176.exists() and S_2025_72.exists()), reason="the shared UN PDFs")

SECTORS = [("Beni", 120, 14), ("Bunia", 95, 11), ("Goma", 88, 9), ("Uvira", 102, 12)]


def sectors(skip: int | None = None) -> str:
    """Four near-identical paragraphs, as a mission report gives them sector by sector."""
    lines = ["S/2099/17", "", "Report on the sectors", "", "I. Operations", ""]
    for number, (town, patrols, meetings) in enumerate(SECTORS, 1):
        if number != skip:
            lines += [f"{number}. In sector {number} ({town}), the mission conducted {patrols} patrols and "
                      f"{meetings} community meetings during the period under review.", ""]
    return "\n".join(lines)


def test_a_deleted_paragraph_among_near_identical_ones_becomes_an_orphan(tmp_path: Path) -> None:
    path = tmp_path / "sectors.txt"
    path.write_text(sectors(), encoding="utf-8")
    with Store(tmp_path / "r.db", import_corpus=False) as store:
        doc_id = store.import_file(path).doc_id
        assert store.document(doc_id).block("para_2").text.startswith("In sector 2 (Bunia)")
        whole = store.tag(doc_id, ["para_2"], "poc", note="Bunia: 95 patrols").annotation_ids[0]
        text = store.document(doc_id).block("para_2").text
        at = text.index("the mission conducted")
        span = store.tag(doc_id, ["para_2"], "poc", span=(at, at + 21)).annotation_ids[0]
        kept = store.tag(doc_id, ["para_3"], "poc", note="Goma").annotation_ids[0]
        path.write_text(sectors(skip=2), encoding="utf-8")
        report = store.import_file(path)
        assert report.moved == []  # was: "moved para_2 → para_3", the Bunia note on the Goma paragraph
        assert sorted(report.orphaned) == sorted([(whole, "para_2"), (span, "para_2")])
        assert (store.annotation(whole).status, store.annotation(whole).note) == ("orphan", "Bunia: 95 patrols")
        assert store.annotation(kept).eid == "para_3"


def test_a_phrase_of_a_deleted_paragraph_is_not_moved_to_the_same_words_elsewhere() -> None:
    """"MONUSCO continued to" of S/2025/176 para 14 (the phrase recurs eight times), its paragraph deleted."""
    before = extract(sectors())
    report = "\n\n".join([
        "1. During the period, MONUSCO continued to employ its good offices at the national level.",
        "2. Meanwhile, MONUSCO continued to support the Government in the east of the country.",
        "3. The security situation in Ituri remained volatile.",
    ])
    before = extract("S/2099/18\n\nT\n\n" + report + "\n")
    at = before.block("para_2").text.index("MONUSCO continued to")
    anchor = make_anchor(before, "para_2", (at, at + 20))
    after = extract("S/2099/18\n\nT\n\n" + report.replace(report.split("\n\n")[1], "") + "\n")
    placement = reanchor(after, anchor, "para_2", (at, at + 20))
    assert placement.outcome == "orphan", placement


def test_the_same_words_in_the_same_context_twice_are_refused_as_a_tie() -> None:
    intro, words, close = "An introductory sentence, long enough.", "Same words here.", "Closing words of the report."
    doc = extract("\n\n".join([intro, words, close]) + "\n")
    eid = next(b.eid for b in doc.blocks if b.text == words)
    anchor = make_anchor(doc, eid, (0, 10))
    twice = extract("\n\n".join([intro, words, close, intro, words, close]) + "\n")
    placement = reanchor(twice, anchor, "para_9", (0, 10))
    assert (placement.outcome, placement.reason) == ("orphan", TIE)


def test_a_whole_paragraph_between_neighbours_that_now_meet_is_gone() -> None:
    doc = extract(sectors())
    anchor = make_anchor(doc, "para_2")
    placement = reanchor(extract(sectors(skip=2)), anchor, "para_2", None)
    assert (placement.outcome, placement.reason) == ("orphan", GONE)


@needs_pdfs
def test_s_2025_176_with_page_3_removed_orphans_the_spans_of_that_page(tmp_path: Path) -> None:
    path = tmp_path / "S_2025_176.en.pdf"
    shutil.copyfile(S_2025_176, path)
    with Store(tmp_path / "r.db", import_corpus=False) as store:
        doc_id = store.import_file(path).doc_id
        document = store.document(doc_id)
        para_14 = document.block("para_14").text
        at = para_14.index("MONUSCO continued to")
        span = store.tag(doc_id, ["para_14"], "poc", span=(at, at + 20), note="good offices").annotation_ids[0]
        later = document.block("para_31").text
        stays = store.tag(doc_id, ["para_31"], "poc", span=(0, 20)).annotation_ids[0]
        assert later.startswith("MONUSCO continued to")
        pdf = pdfium.PdfDocument(S_2025_176.read_bytes())
        page_3 = pdf[2].get_textpage().get_text_range()
        assert "MONUSCO continued to employ its good offices" in " ".join(page_3.split())  # para 14 is on it
        pdf.del_page(2)
        pdf.save(str(path))
        pdf.close()
        report = store.import_file(path)
        assert report.status == "updated"
        moved = {m[0]: m[2] for m in report.moved}
        assert span not in moved  # was moved to para_4
        assert store.annotation(span).status == "orphan" and store.annotation(span).note == "good offices"
        assert store.annotation(stays).status == "anchored"
        assert store.document(doc_id).block(store.annotation(stays).eid or "").text.startswith(later[:60])


@needs_pdfs
@pytest.mark.parametrize("fmt", ["jsonld", "qdpx"])
def test_the_63rd_united_nations_of_s_2025_72_merges_onto_para_67(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "S_2025_72.en.pdf"
    shutil.copyfile(S_2025_72, path)
    with Store(tmp_path / "a.db", import_corpus=False) as alice:
        doc_id = alice.import_file(path).doc_id
        document = alice.document(doc_id)
        plain = document.plain_text()
        starts = [i for i in range(len(plain)) if plain.startswith("United Nations", i)]
        assert len(starts) == 63
        at = starts[62]
        block = document.block_at(at)
        assert block is not None and block.eid == "para_67"
        offset = at - document.block_offsets()["para_67"][0]
        alice.tag(doc_id, ["para_67"], "poc", span=(offset, offset + 14), coder="alice")
        out = export(alice, fmt, tmp_path / f"alice.{fmt}", doc=doc_id)
    with Store(tmp_path / "b.db", import_corpus=False) as bob:
        bob.import_file(path)
        report = import_annotations(bob, out)
        assert len(report.merged) == 1 and report.unplaced == []
        merged = bob.annotations()[0]
        assert (merged.eid, merged.span, merged.quote) == ("para_67", (offset, offset + 14), "United Nations")

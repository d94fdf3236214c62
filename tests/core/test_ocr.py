"""Scanned pages: recognised by the bundled engine and read by the same structure rules as a text page.

The scans are made here from a born-digital UN report (tests/ocr_samples.py): its first page as a picture with
no text layer, its second page with its text layer (a mixed PDF), so the text layer is the truth. One page is
recognised for the whole module (the store's cache serves the other tests); the rest is cheap.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from gui.core.errors import InputError
from gui.core.model import Kind
from gui.core.pdf import load_pdf, ocr_read, read_pdf
from gui.core.pdf.ocr import ScanLine, ScanPage
from gui.core.pdf.ocr_lines import mend_text, to_pages
from gui.store import Store
from tests.ocr_samples import S_2025_72, blank_scan, scanned_pdf

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Counting:
    """Recognition as the import does it (in the recognition process), counting the pages asked for."""

    def __init__(self) -> None:
        self.calls = 0
        self.recognise = ocr_read.recognise_elsewhere

    def __call__(self, data: bytes, number: int, width: float, height: float) -> ScanPage:
        self.calls += 1
        return self.recognise(data, number, width, height)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str, Counting]:
    folder = tmp_path_factory.mktemp("scans")
    scan = folder / "S_2025_72_scanned.pdf"
    scan.write_bytes(scanned_pdf(S_2025_72, [1], (2,)))
    counting = Counting()
    db = folder / "library.db"
    with Store(db, import_corpus=False) as store, pytest.MonkeyPatch.context() as patch:
        patch.setattr(ocr_read, "recognise_elsewhere", counting)
        report = store.import_file(scan)
    return db, scan, report.summary(), counting


def test_a_scanned_page_is_read_into_numbered_paragraphs_like_its_text_layer(
        imported: tuple[Path, Path, str, Counting]) -> None:
    db, _, _, counting = imported
    assert counting.calls == 1  # only the page without a text layer was recognised
    truth = load_pdf(S_2025_72)
    with Store(db, import_corpus=False) as store:
        doc = store.document(store.library_page(0, 10)[0].id)
    assert doc.symbol == "S/2025/72"  # read from the recognised masthead
    assert doc.date == "2025-01-31"
    numbers = [b.num for b in doc.numbered_paragraphs]
    assert numbers[:7] == ["1", "2", "3", "4", "5", "6", "7"]  # 1–3 recognised, 4–7 from the text page
    for num in ("1", "2", "3"):
        read = next(b for b in doc.numbered_paragraphs if b.num == num)
        true = next(b for b in truth.numbered_paragraphs if b.num == num)
        assert read.boxes[0][0] == 1
        assert fuzz.ratio(read.text, true.text[:len(read.text)]) > 95, (read.text, true.text)
    headings = [b.text for b in doc.blocks if b.kind is Kind.HEADING]
    assert "Introduction" in headings  # bold, measured on the picture


def test_recognised_blocks_carry_their_confidence_and_the_report_says_how_many_pages(
        imported: tuple[Path, Path, str, Counting]) -> None:
    db, _, summary, _ = imported
    assert "1 of 2 pages read by recognition (the other had a text layer)" in summary
    with Store(db, import_corpus=False) as store:
        doc = store.document(store.library_page(0, 10)[0].id)
    found = doc.recognised
    assert found is not None and found.pages == (1,) and not found.partial
    para_1 = next(b for b in doc.numbered_paragraphs if b.num == "1")
    para_4 = next(b for b in doc.numbered_paragraphs if b.num == "4")
    confidence = found.block(para_1.eid)
    assert confidence is not None and 0.9 < confidence[0] <= 1.0
    assert found.block(para_4.eid) is None  # printed on the page with a text layer


def test_an_unchanged_file_is_never_recognised_again(imported: tuple[Path, Path, str, Counting],
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, scan, _, _ = imported
    copy = tmp_path / "copy.pdf"  # the same bytes under another name: read again, its pages from the cache
    copy.write_bytes(scan.read_bytes())

    def refuse(*_: object) -> None:
        raise AssertionError("recognised again")

    monkeypatch.setattr(ocr_read, "recognise_elsewhere", refuse)
    with Store(db, import_corpus=False) as store:
        assert store.import_file(scan).status == "unchanged"
        report = store.import_file(copy)
    assert report.status == "new" and "1 of 2 pages read by recognition" in report.summary()


def test_a_page_that_cannot_be_read_is_named_not_dropped(tmp_path: Path) -> None:
    data = blank_scan()
    with ocr_read.recognition() as state:
        doc = read_pdf(data, "mixed.pdf")
    assert state.pages == [1] and 1 in state.unreadable
    assert doc.recognised is not None and doc.recognised.partial
    assert "could not read page 1 (no text was recognised on it)" in doc.recognised.summary()
    assert [b.num for b in doc.numbered_paragraphs][:2] == ["4", "5"]  # the text page is read as ever


def test_cancel_between_pages_stops_the_import_and_keeps_what_was_recognised(tmp_path: Path) -> None:
    file = tmp_path / "blank.pdf"
    file.write_bytes(blank_scan())

    class Stop(Exception):
        pass

    def cancel(done: int, _total: int) -> None:
        if done == 1:
            raise Stop

    with Store(tmp_path / "x.db", import_corpus=False) as store:
        with pytest.raises(Stop):
            store.import_file(file, recognising=cancel)
        assert store.library_page(0, 10) == []  # nothing of it written
        kept = store.db.execute("SELECT COUNT(*) FROM recognised_pages").fetchone()[0]
    assert kept == 1  # the page read before Cancel is not read again


def test_recognition_off_refuses_a_scan_with_one_clear_line() -> None:
    data = scanned_pdf(S_2025_72, [1], scale=0.2)
    with ocr_read.recognition(enabled=False), pytest.raises(InputError, match=r"no text layer .* recognition is off"):
        read_pdf(data, "scan.pdf")


@pytest.mark.parametrize(("read", "mended"), [
    ("l. The Security Council", "1. The Security Council"),
    ("I. The level and nature of violence in Kosovo, especially against", "1. The level and nature of violence "
                                                                          "in Kosovo, especially against"),
    ("I. INTRODUCTION", "I. INTRODUCTION"),
    ("1O. Housing surveys", "10. Housing surveys"),
    ("12, The Mission", "12. The Mission"),
    ("15, 16 and 17 of resolution", "15, 16 and 17 of resolution"),
    ("UNMIK，with the Office（UNHCR）", "UNMIK, with the Office (UNHCR)"),
    ("(IFRC).Strong links", "(IFRC). Strong links"),
    ("the ﬁrst ofﬁce", "the first office"),
])
def test_scan_faults_the_structure_rules_depend_on_are_mended(read: str, mended: str) -> None:
    assert mend_text(read) == mended


def test_a_skewed_page_keeps_its_margin_and_a_number_set_apart_joins_its_line() -> None:
    angle = math.radians(1.5)

    def quad(x0: float, top: float, x1: float, height: float = 14.0) -> tuple[tuple[float, float], ...]:
        rise = (x1 - x0) * math.tan(angle)
        return ((x0, top), (x1, top + rise), (x1, top + rise + height), (x0, top + height))

    lines = [ScanLine("2.", 0.99, quad(72, 100, 84)),  # type: ignore[arg-type]
             ScanLine("The Mission continued to support the Provisional Institutions in", 0.98,
                      quad(108, 100 + 36 * math.tan(angle), 540))]  # type: ignore[arg-type]
    for k in range(1, 8):
        top = 100 + 16 * k + 0 * math.tan(angle)
        lines.append(ScanLine("their work on the standards for Kosovo, and the transfer of powers", 0.97,
                              quad(72 - 16 * k * math.sin(angle), top, 540)))  # type: ignore[arg-type]
    pages, known = to_pages([ScanPage(1, 612, 792, lines)])
    page = pages[0]
    assert page.lines[0].text.startswith("2. The Mission")  # the number joined to its line
    margins = {round(line.x0) for line in page.lines}
    assert max(margins) - min(margins) <= 2  # straightened: one margin
    assert len({line.size for line in page.lines}) == 1
    assert all(id(line) in known for line in page.lines)


def test_each_page_of_a_longer_scan_is_read_whole(imported: tuple[Path, Path, str, Counting]) -> None:
    """The engine keeps its last call's switches: a page read after a paragraph number was re-read alone (with
    detection off) must still be detected line by line."""
    data = scanned_pdf(S_2025_72, [2, 3], crop_bottom=0.55)  # after the module's page: the engine has re-read
    with ocr_read.recognition() as state:
        doc = read_pdf(data, "two.pdf")
    assert state.pages == [1, 2] and not state.unreadable
    pages = {box[0] for b in doc.blocks for box in b.boxes}
    assert pages == {1, 2}
    assert sum(len(b.text) for b in doc.blocks) > 1500  # about 45 % of two full pages

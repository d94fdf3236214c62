"""The library marks a document read with warnings, recognised (wholly, partly, by an older engine) or with
pages left unread — after the import report is gone: kept at import (`reading_notes`, `recognised_documents`),
shown in the library's "Read" column with a tooltip naming what and how many, and in `docs --json`."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.pdf.ocr import ENGINE
from gui.store import Store, documents
from gui.store.schema import MIGRATIONS
from gui.ui.library.library_model import LibraryModel
from tests.ocr_samples import DATA, S_2025_72, blank_scan
from tests.store.test_cli import gui

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

WARNINGS = tuple(f"page {n}: {100 + n} characters of text in no block" for n in range(1, 11))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A library of a clean report, a mixed PDF whose scanned page recognition could not read, and a report
    whose reader left ten warnings (as `Document.warnings` carries them; the reader's own tests make them)."""
    folder = tmp_path_factory.mktemp("marks")
    mixed = folder / "mixed.pdf"
    mixed.write_bytes(blank_scan())
    warned = folder / "S_2025_68.en.pdf"
    shutil.copy(DATA / "pdf" / "S_2025_68.en.pdf", warned)
    read_pdf = documents.read_pdf

    def with_warnings(data: bytes, name: str, *args: Any) -> Any:
        return replace(read_pdf(data, name, *args), warnings=WARNINGS)

    ids: dict[str, str] = {}
    with Store(folder / "lib.db", import_corpus=False) as store:
        ids["clean"] = store.import_file(S_2025_72).doc_id
        report = store.import_file(mixed)
        assert "could not read page 1" in report.summary()  # the report says it once …
        ids["mixed"] = report.doc_id
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(documents, "read_pdf", with_warnings)
            ids["warned"] = store.import_file(warned).doc_id
    return folder / "lib.db", ids


def test_warnings_unread_pages_and_partial_recognition_are_kept_with_the_document(
        library: tuple[Path, dict[str, str]]) -> None:
    db, ids = library
    with Store(db, import_corpus=False) as store:  # … the library says it as long as the document is there
        rows = {d.id: d for d in store.library_page(0, 10)}
    assert rows[ids["clean"]].reading is None
    mixed = rows[ids["mixed"]].reading
    assert mixed is not None and mixed.engine == ENGINE and not mixed.pending
    assert mixed.recognised == (1,) and mixed.unreadable == ((1, "no text was recognised on it"),)
    assert mixed.unread == (1,) and mixed.left_unread == ()  # named once, with why
    assert mixed.mark() == "OCR ⚠ 1"
    warned = rows[ids["warned"]].reading
    assert warned is not None and warned.warnings == WARNINGS and warned.engine is None
    assert warned.mark() == "⚠ 10"


def test_the_library_column_names_what_and_how_many(library: tuple[Path, dict[str, str]], qtbot: QtBot) -> None:
    db, ids = library
    with Store(db, import_corpus=False) as store:
        model = LibraryModel(store)
        assert model.columnCount() == 3
        assert model.headerData(2, Qt.Orientation.Horizontal) == "Read"
        rows = {model.doc_id(r): r for r in range(model.rowCount())}

        def cell(doc: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
            return model.index(rows[ids[doc]], 2).data(role)

        assert cell("clean") is None and cell("clean", Qt.ItemDataRole.ToolTipRole) is None
        assert cell("mixed") == "OCR ⚠ 1"
        tip = str(cell("mixed", Qt.ItemDataRole.ToolTipRole))
        assert "Read by recognition (OCR): 0 of 2 pages (the other had a text layer)" in tip
        assert "Recognition partial: 1 page could not be read — page 1 (no text was recognised on it)" in tip
        assert cell("warned") == "⚠ 10"
        tip = str(cell("warned", Qt.ItemDataRole.ToolTipRole))
        assert "10 warnings from the reader:" in tip and "page 8: 108 characters of text in no block" in tip
        assert "page 9:" not in tip and "… and 2 more" in tip  # a page of warnings would hide the library
        assert "10 warnings from the reader:" in str(model.index(rows[ids["warned"]], 0).data(
            Qt.ItemDataRole.ToolTipRole))  # the document's own tooltip says it too
        with store._write() as write:  # recognised by an engine older than today's: to be read afresh
            write.execute("UPDATE recognised_documents SET engine = 'rapidocr-1.4/PP-OCRv4' WHERE doc_id = ?",
                          [ids["mixed"]])
        model.reload()
        assert cell("mixed") == "OCR ⚠ 2"
        assert "Recognition pending: read by an older engine (rapidocr-1.4/PP-OCRv4)" in str(
            cell("mixed", Qt.ItemDataRole.ToolTipRole))
        with store._write() as write:
            write.execute("UPDATE recognised_documents SET engine = ? WHERE doc_id = ?", [ENGINE, ids["mixed"]])


def test_docs_json_carries_the_marks(library: tuple[Path, dict[str, str]]) -> None:
    db, ids = library
    rows = {d["id"]: d for d in json.loads(gui("docs", "--json", "--db", str(db)).stdout)}
    assert rows[ids["clean"]]["reading"] is None
    assert rows[ids["warned"]]["reading"]["warnings"] == list(WARNINGS)
    found = rows[ids["mixed"]]["reading"]
    assert found["unread_pages"] == [1]
    assert found["recognised"] | {"confidence": None} == {
        "engine": ENGINE, "pages": [1], "text_pages": 1, "confidence": None, "partial": True, "pending": False,
        "unreadable": [{"page": 1, "why": "no text was recognised on it"}]}
    listing = gui("docs", "--db", str(db)).stdout
    assert "[OCR ⚠ 1]" in listing and "[⚠ 10]" in listing


def test_a_re_import_that_reads_cleanly_drops_the_marks(library: tuple[Path, dict[str, str]],
                                                        tmp_path: Path) -> None:
    db, ids = library
    copy = tmp_path / "lib.db"
    shutil.copy(db, copy)
    with Store(copy, import_corpus=False) as store:
        path = store.db.execute("SELECT path FROM documents WHERE id = ?", [ids["warned"]]).fetchone()[0]
        moved = tmp_path / "S_2025_68.en.pdf"
        moved.write_bytes(Path(path).read_bytes() + b"\n%")  # a changed file, read without warnings
        assert store.import_file(moved, doc_id=ids["warned"]).status == "updated"
        assert store.documents(ids["warned"])[0].reading is None


def test_the_migration_can_run_again() -> None:
    import sqlite_utils

    db = sqlite_utils.Database(memory=True)
    migration = next(m for m in MIGRATIONS if m.__name__.endswith("_reading_notes"))
    migration(db)
    migration(db)  # a file rolled back and migrated again
    assert "reading_notes" in db.table_names()

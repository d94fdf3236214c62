"""Issue 23, faults 3–5: a colleague's work from any QDA program is placed, or named with its reason; nothing
is dropped without a word. The QualCoder project in tests/data/qualcoder was written by QualCoder's own code
(its PDF import and its REFI-QDA export; see make_project.py there)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.export import export, import_annotations
from gui.store import Store
from tests.conftest import DATA, S_2017_130

from .helpers import POC_83

QUALCODER = DATA / "qualcoder" / "S_2025_72.qdpx"
S_2025_72 = DATA / "pdf" / "S_2025_72.en.pdf"


@pytest.fixture
def s_2025_72(tmp_path: Path) -> Store:
    path = tmp_path / "S_2025_72.en.pdf"
    shutil.copyfile(S_2025_72, path)
    store = Store(tmp_path / "team.db", import_corpus=False)
    assert store.import_file(path).doc_id == "S-2025-72"
    return store


def test_a_qualcoder_project_with_pdf_codings_places_each_or_names_it(s_2025_72: Store) -> None:
    """The PDF is a PDFSource named by its file (S_2025_72.en.pdf), its text in a Representation; three
    codings start on the printed paragraph number; one quotes a footnote number our text does not hold; one
    QualCoder annotation (a memo on a range) and one journal."""
    store = s_2025_72
    report = import_annotations(store, QUALCODER)
    summary = report.summary()
    assert summary.startswith("merged 8, duplicates 0, not placed 1 (1 quote not in the document), dropped 1 "
                              "(1 journal 'Reading notes')"), summary
    [(_, why)] = report.unplaced
    assert why.startswith("the quote is not in S-2025-72: “structures, 5 Da’esh")
    document = store.document("S-2025-72")
    placed = {(a.eid, a.theme, a.quote) for a in store.annotations()}
    assert ("para_4", "Resilience", "Aided by less centralized organizational structures,") in placed  # "4. " cut
    assert ("para_5", "Leadership", "A range of views remained as to the identity of the Da’esh leader") in placed
    assert {eid for eid, theme, _ in placed if theme == "Technology"} == {"para_12"}
    assert {eid for eid, theme, _ in placed if theme == "Repatriation"} == {"para_20"}
    assert {eid for eid, theme, _ in placed if theme == "Cooperation"} == {"para_30"}
    for a in store.annotations():
        text = document.block(a.eid or "").text
        assert (text if a.span is None else text[a.span[0]:a.span[1]]) == a.quote
        assert a.coder == "dana" and a.created.startswith("2026-11-30T09:15:00")
    [memo] = [a for a in store.annotations() if a.theme == "Annotation"]
    assert (memo.quote, memo.note) == ("Security Council", "Which resolution? Check the annex.")
    assert {a.note for a in store.annotations() if a.theme == "Technology"} == {"dana on technology"}


def test_annotations_of_a_renumbered_document_fall_back_to_its_symbol(tmp_path: Path) -> None:
    """Alice's S/2017/130 is 'S-2017-130-2' (she imported it twice); ours is 'S-2017-130'."""
    text = S_2017_130.read_text(encoding="utf-8")
    with Store(tmp_path / "alice.db") as alice:
        copy = tmp_path / "again.txt"
        copy.write_text(text + "\n", encoding="utf-8")
        doc_id = alice.import_file(copy).doc_id
        assert doc_id == "S-2017-130-2"
        alice.tag(doc_id, ["para_83"], "poc", note="from the second copy", coder="alice")
        files = [export(alice, fmt, tmp_path / f"alice.{fmt}", doc=doc_id) for fmt in ("jsonld", "qdpx")]
    for file in files:
        with Store(tmp_path / f"team-{file.suffix[1:]}.db") as team:
            report = import_annotations(team, file)
            assert len(report.merged) == 1 and report.unplaced == [], report.summary()
            [placed] = team.annotations()
            assert (placed.doc_id, placed.eid, placed.note) == (*POC_83, "from the second copy")


def test_taguette_highlights_are_merged_by_their_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ["id", "document", "tag", "content"],
        ["1", "S/2017/130", "POC", "thematic discussion on the protection of civilians"],
        ["2", "S-2017-130_WGPKO-report-2016.txt", "Politics",
         "<p>Brigadier General Thierry Lion, military adviser</p>"],
        ["3", "S/2017/130", "POC", "the Working Group"],  # many times, and no context to say which
        ["4", "S/2099/1", "POC", "words of a document we do not have"],
        ["5", "S/2017/130", "POC", ""],
    ]
    file = tmp_path / "highlights.csv"
    file.write_text("\r\n".join(",".join(json.dumps(c) if " " in c or "<" in c else c for c in r) for r in rows),
                    encoding="utf-8")
    db = tmp_path / "team.db"
    assert main(["import-annotations", str(file), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("merged 2, duplicates 0, not placed 3 (1 a row without highlighted words, 1 context does "
                          "not say which, 1 no such document), dropped 0"), out
    assert "not placed Taguette highlight 3: the quote occurs 26 times in S-2017-130" in out
    with Store(db) as team:
        placed = {(a.eid, a.theme, a.quote) for a in team.annotations()}
    assert placed == {  # their tags are our themes "poc" and "politics", found by key
        ("para_83", "Protection of civilians (POC)", "thematic discussion on the protection of civilians"),
        ("heading_3__table_1", "Political strategy", "Brigadier General Thierry Lion, military adviser")}


def test_what_a_project_holds_besides_text_is_named_as_dropped(tmp_path: Path) -> None:
    """A coded area of a PDF page and a picture: not text, said so, counted."""
    import zipfile

    with zipfile.ZipFile(QUALCODER) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    project = members["project.qde"].decode("utf-8")
    project = project.replace("</Representation>", '</Representation><PDFSelection guid="a" page="2" firstX="1" '
                              'firstY="1" secondX="9" secondY="9" name="the map"/>', 1)
    project = project.replace("</Sources>", '<PictureSource guid="p" name="photo.jpg" path="internal://p.jpg"/>'
                              "</Sources>")
    members["project.qde"] = project.encode("utf-8")
    file = tmp_path / "more.qdpx"
    with zipfile.ZipFile(file, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with Store(tmp_path / "team.db", import_corpus=False) as store:
        report = import_annotations(store, file)
    assert ("a coded area of a PDF page the map", "Marginalia codes text; this is not text") in report.dropped
    assert ("the picture photo.jpg", "Marginalia codes text; this is not text") in report.dropped
    assert "dropped 3 (" in report.summary()
    assert "not placed 9 (9 no such document)" in report.summary()  # S/2025/72 is not in this database

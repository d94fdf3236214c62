"""Memos in the exports — the briefing's codebook, .qdc/.qdpx (checked against the REFI-QDA schemas), the
codebook CSV, JSON-LD — and merged back from each of them into a database that lacks them."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import xmlschema

from gui.export import export, import_annotations
from gui.export.memo_exchange import read_description
from gui.store import Store

SCHEMAS = Path(__file__).resolve().parents[1] / "reliability" / "refi"
QDE = "{urn:QDA-XML:project:1.0}"


def write_memos(store: Store) -> None:
    """A codebook memo for POC, a document memo, a passage memo; passages tagged so that they are exported."""
    store.tag("S-2017-130", ["para_83", "para_84"], "poc", coder="kim")
    store.set_memo("Civilians under threat of physical violence.", theme="poc")
    store.set_memo("Mandated protection tasks;\nearly warning.", theme="poc", field="inclusion")
    store.set_memo("Safety of UN staff (see Safety & security).", theme="poc", field="exclusion")
    store.set_memo("The thematic discussion: a clear case", theme="poc", field="example", doc="S-2017-130",
                   eid="para_83")
    store.set_memo("A text example, linked to nothing", theme="poc", field="example")
    store.set_memo("The 2016 report of the Working Group", doc="S-2017-130")
    store.set_memo("Compare with the 2021 report, para. 35", doc="S-2017-130", eid="para_84")


def memo_set(store: Store) -> set[tuple[str, str | None, str | None, str | None, str]]:
    names = {t.id: t.name for t in store.themes()}
    return {(m.field, names.get(m.theme_id or -1), m.doc_id, m.eid, m.text) for m in store.memos()
            if m.field != "definition" or m.theme_id == store.theme("poc").id}


def fresh(tmp_path: Path, name: str) -> Store:
    store = Store(tmp_path / name)
    store.set_memo("", theme="poc")  # the default definition goes: it must come back from the file
    return store


def test_briefing_has_a_codebook_and_the_memos(store: Store, tmp_path: Path) -> None:
    write_memos(store)
    text = export(store, "md", tmp_path / "b.md").read_text(encoding="utf-8")
    codebook = text[text.index("## Codebook"):text.index("## Memos")]
    assert "### Protection of civilians (POC)" in codebook
    assert "**Definition.** Civilians under threat of physical violence." in codebook
    assert "**Use when.** Mandated protection tasks;  \nearly warning." in codebook
    assert "**Do not use when.** Safety of UN staff (see Safety & security)." in codebook
    assert "- S/2017/130, para. 83: “On 3 November, the Working Group organized" in codebook
    assert "— The thematic discussion: a clear case" in codebook
    memos = text[text.index("## Memos"):]
    assert "**S/2017/130.**" in memos and "The 2016 report of the Working Group" in memos
    assert "**S/2017/130, para. 84.** “" in memos and "Compare with the 2021 report, para. 35" in memos
    page = export(store, "html", tmp_path / "b.html").read_text(encoding="utf-8")
    assert "<strong>Use when.</strong> Mandated protection tasks;<br>" in page
    assert 'href="#codebook"' in page


def test_qdpx_carries_memos_validates_and_merges_back(store: Store, tmp_path: Path) -> None:
    write_memos(store)
    path = export(store, "qdpx", tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde")
        members = set(archive.namelist())
        schema = xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")
        assert [str(e.reason) for e in schema.iter_errors(io.BytesIO(qde))] == []
        import xml.etree.ElementTree as ET

        root = ET.fromstring(qde)
        poc = next(c for c in root.iter(f"{QDE}Code") if c.get("name") == "Protection of civilians (POC)")
        description = poc.findtext(f"{QDE}Description") or ""
        assert description.startswith("Civilians under threat of physical violence.\n\nUse when: Mandated")
        notes = {n.get("name"): n for n in root.iter(f"{QDE}Note")}
        assert set(notes) == {"Memo: S/2017/130", "Memo: S/2017/130, para. 84"}
        for note in notes.values():  # QualCoder reads a Note's text from its plainTextPath, with a date
            member = "sources/" + (note.get("plainTextPath") or "").removeprefix("internal://")
            assert member in members and note.get("creationDateTime")
        # no NoteRef: QualCoder would take a referenced Note for a passage annotation and drop it
        assert not {r.get("targetGUID") for r in root.iter(f"{QDE}NoteRef")} & {n.get("guid") for n in notes.values()}
    before = memo_set(store)
    with fresh(tmp_path, "back.db") as other:
        report = import_annotations(other, path)
        assert "memos: merged 7, already here 0, not placed 0" in report.summary()
        assert memo_set(other) == before
        again = import_annotations(other, path)  # a second merge adds nothing
        assert "memos: merged 0, already here 7" in again.summary()
        assert memo_set(other) == before


@pytest.mark.parametrize("fmt", ["qdc", "codebook-csv", "jsonld"])
def test_codebook_formats_and_jsonld_bring_the_memos_back(store: Store, tmp_path: Path, fmt: str) -> None:
    write_memos(store)
    suffix = {"qdc": ".qdc", "codebook-csv": ".csv", "jsonld": ".jsonld"}[fmt]
    path = export(store, fmt, tmp_path / f"out{suffix}")
    if fmt == "qdc":
        schema = xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd")
        assert [str(e.reason) for e in schema.iter_errors(str(path))] == []
    if fmt == "jsonld":
        data = json.loads(path.read_text(encoding="utf-8"))
        concept = data["marginalia:codebook"][0]
        assert concept["skos:prefLabel"] == "Protection of civilians (POC)"
        assert concept["skos:definition"] == "Civilians under threat of physical violence."
        assert {e["value"] for e in concept["skos:example"]} == {"The thematic discussion: a clear case",
                                                                 "A text example, linked to nothing"}
        assert len(data["marginalia:memos"]) == 2 and data["total"] == 2  # memos are not annotations
    with fresh(tmp_path, "back.db") as other:
        report = import_annotations(other, path)
        assert "not placed 0" in report.summary().split("memos:")[1]
        wanted = memo_set(store)
        if fmt != "jsonld":  # a codebook carries the themes' memos, not the documents'
            wanted = {m for m in wanted if m[1] is not None}
        assert memo_set(other) == wanted


def test_a_colleagues_different_memo_is_added_below_ours_and_their_definition_reported(store: Store,
                                                                                      tmp_path: Path) -> None:
    write_memos(store)
    path = export(store, "jsonld", tmp_path / "ours.jsonld")
    with Store(tmp_path / "theirs.db") as other:
        other.set_memo("Only tier II", theme="poc", field="inclusion")
        other.set_memo("Another definition", theme="poc")
        report = import_annotations(other, path).summary()
        assert other.memo_text(theme="poc", field="inclusion") == ("Only tier II\n\nMandated protection tasks;\n"
                                                                   "early warning.")
        assert other.theme("poc").description == "Another definition"
        assert "another definition; ours is kept" in report


def test_a_memo_whose_passage_or_document_we_lack_is_reported_not_placed(store: Store, tmp_path: Path) -> None:
    write_memos(store)
    path = export(store, "jsonld", tmp_path / "ours.jsonld")
    text = path.read_text(encoding="utf-8").replace('"marginalia:eid": "para_84"', '"marginalia:eid": "para_999"')
    path.write_text(text.replace("urn:marginalia:document:S-2017-130\"", "urn:marginalia:document:S-9999-1\"", 1),
                    encoding="utf-8")
    with fresh(tmp_path, "back.db") as other:
        summary = import_annotations(other, path).summary()
        assert "memo not placed" in summary
        assert "has no paragraph 'para_999'" in summary or "no document 'S-9999-1'" in summary


def test_read_description_of_another_program_is_all_definition() -> None:
    assert read_description("X", "Plain words.\n\nMore words.") == ("Plain words.\n\nMore words.", [])
    definition, memos = read_description("X", "Def.\n\nUse when: a\n\nExample [D E] (D, para. 5 (a)): b")
    assert definition == "Def." and [(m.field, m.text, m.doc_hint, m.eid) for m in memos] == [
        ("inclusion", "a", "", None), ("example", "b", "D", "E")]


def qualcoder_source(tmp_path: Path) -> Path | None:
    """QualCoder's source: $QUALCODER_SRC, or the checkout `fetch github:ccbogel/QualCoder` leaves (unpacked)."""
    import os
    import subprocess

    if os.environ.get("QUALCODER_SRC"):
        return Path(os.environ["QUALCODER_SRC"])
    mirror = Path("/work/.mirror/ccbogel+QualCoder/repo")
    if not mirror.exists():
        return None
    archive = subprocess.run(["git", "-C", str(mirror), "archive", "HEAD", "src/qualcoder"], capture_output=True,
                             check=False)
    if archive.returncode:
        return None
    subprocess.run(["tar", "-x", "-C", str(tmp_path)], input=archive.stdout, check=True)
    return tmp_path / "src" / "qualcoder"


def test_qualcoders_own_import_keeps_every_memo(store: Store, tmp_path: Path) -> None:
    """QualCoder's refi.py, run headless (tests/memos/qualcoder_import.py): the theme's memo is the code's memo,
    each memo on a document or passage a journal entry naming its place; the same file merges back whole, and
    so does QualCoder's own project export of what it imported (every memo, there and back)."""
    import subprocess
    import sys

    source = qualcoder_source(tmp_path)
    if source is None or not (source / "refi.py").exists():
        pytest.skip("QualCoder's source is not here (set QUALCODER_SRC, or fetch github:ccbogel/QualCoder)")
    write_memos(store)
    path = export(store, "qdpx", tmp_path / "p.qdpx")
    back = tmp_path / "back.qdpx"  # QualCoder's own project export of what it imported: the way back
    run = subprocess.run([sys.executable, "-m", "tests.memos.qualcoder_import", str(source), str(path), str(back)],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], timeout=300,
                         check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    kept = json.loads(run.stdout)
    poc = next(c for c in kept["codes"] if c["name"] == "Protection of civilians (POC)")
    assert poc["memo"] == ("Civilians under threat of physical violence.\n\nUse when: Mandated protection tasks;\n"
                           "early warning.\n\nDo not use when: Safety of UN staff (see Safety & security).\n\n"
                           "Example [S-2017-130 para_83] (S/2017/130, para. 83): The thematic discussion: a clear "
                           "case\n\nExample: A text example, linked to nothing")
    journals = {j["name"]: j["text"] for j in kept["journals"]}
    assert journals["Memo: S/2017/130"].startswith("The 2016 report of the Working Group")
    assert journals["Memo: S/2017/130, para. 84"].startswith("Compare with the 2021 report, para. 35")
    assert journals["Memo: S/2017/130, para. 84"].endswith("[Marginalia: S-2017-130 para_84]")
    assert len(kept["codings"]) == 2  # the two tagged passages, coded as before
    with fresh(tmp_path, "back.db") as other:
        import_annotations(other, path)
        assert memo_set(other) == memo_set(store)
    with fresh(tmp_path, "from-qualcoder.db") as other:  # every memo comes back through QualCoder's export
        report = import_annotations(other, back)
        assert "memos: merged 7, already here 0, not placed 0" in report.summary()
        assert memo_set(other) == memo_set(store)

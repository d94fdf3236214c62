"""Issue 14, "Exchange, checked against the real clients": what QualCoder's REFI-QDA import and Taguette's
codebook import read, and a JSON-LD that others can resolve and rebuild.

The client rules checked here were read in their code: QualCoder `src/qualcoder/refi.py` (commit c3204641,
`parse_notes`, `name_creating_user_create_date_source_path_helper`) and Taguette `taguette/import_codebook.py`
(commit 8415bbcb, `list_tags_csv`).
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import xmlschema

from gui.__main__ import main
from gui.export import export, import_annotations, read_exchange
from gui.export.timestamps import normalise_time
from gui.store import Store

from .helpers import POC_83, QDE, REPORT_2021, read_jsonld, read_qdpx, selector

SCHEMAS = Path(__file__).resolve().parents[1] / "reliability" / "refi"
REPORT = Path(__file__).resolve().parents[2] / "corpus" / "S-2017-130_WGPKO-report-2016.txt"


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")


def _schema_errors(schema: xmlschema.XMLSchema, path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        data = archive.read("project.qde")
    return [str(e.reason) for e in schema.iter_errors(io.BytesIO(data))]


def two_orphans(store: Store, folder: Path) -> str:
    """S/2017/130 from a copy; para. 90 tagged POC by two coders; then para. 90 dropped from the copy."""
    text = REPORT.read_text(encoding="utf-8")
    copy = folder / "report.txt"
    copy.write_text(text, encoding="utf-8")
    doc_id = store.import_file(copy).doc_id
    store.tag(doc_id, ["para_90"], "poc", coder="kim", note="orphan-to-be")
    store.tag(doc_id, ["para_90"], "poc", coder="lee")
    store.tag(doc_id, ["para_83"], "poc", coder="lee")  # one annotation stays in place
    line = next(ln for ln in text.splitlines() if ln.startswith("- 90. "))
    copy.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    assert len(store.import_file(copy).orphaned) == 2
    return doc_id


# --- 1. orphans: project Notes whose text is a file in sources/ -----------------------------------------------
def test_orphans_travel_as_notes_with_a_plain_text_file_qualcoder_imports(store: Store, tmp_path: Path,
                                                                         project_schema: xmlschema.XMLSchema
                                                                         ) -> None:
    doc_id = two_orphans(store, tmp_path)
    orphans = {a.id: a for a in store.orphans(doc_id)}
    path = export(store, "qdpx", tmp_path / "p.qdpx", doc=doc_id)
    assert _schema_errors(project_schema, path) == []
    root, _, members = read_qdpx(path)
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{QDE}User")}
    notes = list(root.iter(f"{QDE}Note"))
    assert {n.get("guid") for n in notes} == set(orphans)
    with zipfile.ZipFile(path) as archive:
        for note in notes:
            orphan = orphans[note.get("guid", "")]
            assert note.find(f"{QDE}PlainTextContent") is None  # the schema allows the content or a path, not both
            # QualCoder: only a Note with a plainTextPath and a name becomes a journal; the file is read from
            # the extracted folder + "/sources" + what follows "internal:/" in the path.
            path_ = note.get("plainTextPath", "")
            assert path_.startswith("internal://") and note.get("name")
            member = "sources" + path_.split("internal:/")[1]
            assert member in members
            text = archive.read(member).decode("utf-8")
            assert f"“{orphan.quote}”" in text and "Protection of civilians" in text
            assert ("Note: orphan-to-be" in text) == (orphan.note == "orphan-to-be")
            # …it takes the date from creationDateTime (with neither that nor modifiedDateTime it fails) and the
            # owner from creatingUser among the Users.
            assert normalise_time(note.get("creationDateTime", "")) == orphan.created
            assert users[note.get("creatingUser")] == orphan.coder
    # QualCoder's journal names must be unique (a second "Orphaned: S/2017/130 — POC" would not import).
    names = [n.get("name") for n in notes]
    assert len(set(names)) == len(names) == 2
    report = import_annotations(store, path)  # our own merge still says why they are not placed
    assert sum("orphaned annotation" in why for _, why in report.unplaced) == 2


# --- 2. TextSource: creatingUser and creationDateTime ---------------------------------------------------------
def test_text_sources_name_their_first_coder_and_their_import_time(tagged: Store, tmp_path: Path,
                                                                  project_schema: xmlschema.XMLSchema) -> None:
    path = export(tagged, "qdpx", tmp_path / "p.qdpx")
    assert _schema_errors(project_schema, path) == []  # creationDateTime is an xsd:dateTime
    root, _, _ = read_qdpx(path)
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{QDE}User")}
    imported = dict(tagged.db.execute("SELECT id, imported FROM documents").fetchall())
    sources = list(root.iter(f"{QDE}TextSource"))
    assert len(sources) == 4
    for source in sources:
        description = source.find(f"{QDE}Description")
        assert description is not None and description.text
        doc_id = description.text.rsplit("(Marginalia id ", 1)[1].rstrip(")")
        first = min(tagged.annotations(doc=doc_id), key=lambda a: a.created)
        assert users[source.get("creatingUser")] == first.coder  # QualCoder would record "default" without it
        assert source.get("creationDateTime") == imported[doc_id].removesuffix("+00:00") + "Z"
        datetime.fromisoformat(source.get("creationDateTime", ""))
    by_name = {s.get("name"): users[s.get("creatingUser")] for s in sources}
    assert by_name["S_2017_130"] == "kim" and by_name["Challenges-Forum-2018-A4P-POC-background"] == "lee"


# --- 3. codebook CSV for Taguette -----------------------------------------------------------------------------
def taguette_tags(raw: bytes) -> list[dict[str, str]]:
    """Taguette's reading of a codebook CSV (list_tags_csv), on our bytes: the header lower-cased; exactly one
    of `tag`, `name`, `path` names the tag; `description` optional; other columns ignored; empty rows skipped."""
    assert raw.startswith(b"\xef\xbb\xbf")  # what chardet reports as UTF-8-SIG: decoded as UTF-8, mark dropped
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header = [cell.lower() for cell in rows[0]]
    assert ("tag" in header) + ("name" in header) + ("path" in header) == 1
    tag, description = header.index("tag"), header.index("description")
    return [{"path": row[tag].strip(), "description": row[description].strip()} for row in rows[1:] if any(row)]


def test_codebook_csv_reads_in_taguette_with_colour_and_parent(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    assert main(["export", "--format", "codebook-csv", "--out", str(out), "--db", str(store.path)]) == 0
    raw = out.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    themes = store.themes()
    assert list(rows[0]) == ["tag", "description", "color", "parent", "inclusion", "exclusion", "examples"]
    names = {t.id: t.name for t in themes}
    assert [(r["tag"], r["description"], r["color"], r["parent"]) for r in rows] == [
        (t.name, t.description, t.color, names[t.parent_id] if t.parent_id else "") for t in themes]
    poc = store.theme("poc")
    warning = store.theme("poc-early-warning")
    assert {"tag": warning.name, "description": warning.description, "color": warning.color,
            "parent": poc.name, "inclusion": "", "exclusion": "", "examples": ""} in rows
    assert taguette_tags(raw) == [{"path": t.name, "description": t.description} for t in themes]
    # --theme keeps a sub-theme's broader theme, so that the parent column names a row of the file
    only = export(store, "codebook-csv", tmp_path / "one.csv", themes=["poc-early-warning"])
    assert [r["tag"] for r in csv.DictReader(io.StringIO(only.read_text(encoding="utf-8-sig")))] == [
        poc.name, warning.name]


# --- 4. JSON-LD: a resolvable link, positions others can rebuild ----------------------------------------------
def test_jsonld_gives_symbols_a_resolvable_link_and_positions_in_the_blocks_joined_by_blank_lines(
        tagged: Store, tmp_path: Path) -> None:
    data = read_jsonld(export(tagged, "jsonld", tmp_path / "a.jsonld"))
    items = data["first"]["items"]
    for item in items:
        source = item["target"]["source"]
        doc_id = source["id"].removeprefix("urn:marginalia:document:")
        document = tagged.document(doc_id)
        if document.symbol:  # oa:canonical, a term of the anno.jsonld context
            assert source["canonical"] == f"https://undocs.org/{document.symbol}"
        else:
            assert "canonical" not in source
        # The README's recipe, independent of Document.plain_text(): every block's text, joined by "\n\n".
        rebuilt = "\n\n".join(block.text for block in document.blocks)
        position, quote = selector(item, "TextPositionSelector"), selector(item, "TextQuoteSelector")
        assert rebuilt[position["start"]:position["end"]] == quote["exact"]
    by_doc = {i["target"]["source"]["id"]: i["target"]["source"].get("canonical") for i in items}
    assert by_doc[f"urn:marginalia:document:{POC_83[0]}"] == "https://undocs.org/S/2017/130"
    assert by_doc[f"urn:marginalia:document:{REPORT_2021[0]}"] is None  # no symbol, no link
    # and our own reader still finds the documents
    assert {a.doc_hint for a in read_exchange(tmp_path / "a.jsonld").annotations} >= {POC_83[0], REPORT_2021[0]}


def test_a_string_source_from_an_older_export_still_merges(tagged: Store, tmp_path: Path) -> None:
    path = export(tagged, "jsonld", tmp_path / "a.jsonld")
    data = read_jsonld(path)
    for item in data["first"]["items"]:  # as exports before this change wrote it
        item["target"]["source"] = item["target"]["source"]["id"]
    older = tmp_path / "older.jsonld"
    older.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.db"
    with Store(other) as s:
        report = import_annotations(s, older)
        assert len(report.merged) == 6 and not report.unplaced


def test_orphans_made_by_sql_also_travel_with_their_file(store: Store, tmp_path: Path) -> None:
    """An orphan whose time was never set (an old database) still gets a creationDateTime: the export's."""
    store.tag("S-2017-130", ["para_110"], "poc", coder="kim")
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE annotations SET status = 'orphan', eid = NULL, created = 'not a time'")
    conn.close()
    store.invalidate()
    root, _, members = read_qdpx(export(store, "qdpx", tmp_path / "p.qdpx"))
    [note] = root.iter(f"{QDE}Note")
    assert normalise_time(note.get("creationDateTime", "")) and note.get("modifiedDateTime")
    assert "sources" + note.get("plainTextPath", "").split("internal:/")[1] in members


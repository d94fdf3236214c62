"""Issue 11, sub-themes in exchange: the codebook's tree travels in `.qdpx` and `.qdc` (nested `Code`), in
JSON-LD (`skos:broader` on the tag body) and in the codebook CSV (`parent`), and merges back."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
import xmlschema
from defusedxml.ElementTree import fromstring

from gui.core.themes import MAX_DEPTH
from gui.export import FORMATS, ExportError, export, import_annotations
from gui.store import Store

from .helpers import QDE, TECH_5A, read_jsonld

SCHEMAS = Path(__file__).resolve().parents[1] / "reliability" / "refi"
DOC = "S-2017-130"
QDC = "{urn:QDA-XML:codebook:1.0}"


def tree(store: Store) -> list[tuple[str, str]]:
    """The codebook in tree order as (theme, broader theme) names."""
    names = {t.id: t.name for t in store.themes()}
    return [(t.name, names[t.parent_id] if t.parent_id else "") for t in store.themes()]


def codings(store: Store) -> set[tuple[str, str | None, str, str, tuple[int, int] | None, str]]:
    return {(a.doc_id, a.eid, a.theme, a.coder, a.span, a.note) for a in store.annotations()}


@pytest.fixture
def nested(store: Store) -> Store:
    """The default codebook (POC and its six sub-themes) plus a three-level tree of our own, tagged at every
    level by two coders, a span included."""
    mandate = store.add_theme("Mandate", color="#123456", description="Mandates and their renewal")
    renewal = store.add_theme("Mandate renewal", color="#234567", parent=mandate.id)
    talks = store.add_theme("Renewal negotiations", color="#345678", description="Penholders", parent=renewal.id)
    store.tag(DOC, ["para_83"], "poc-early-warning", coder="kim", note="early warning")
    store.tag(DOC, ["para_84"], talks.key, coder="lee", span=(0, 20))
    store.tag(TECH_5A[0], [TECH_5A[1]], renewal.key, coder="kim")
    store.tag(DOC, ["para_110"], "poc", coder="lee")
    store.tag(DOC, ["para_110"], mandate.key, coder="lee")
    return store


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


@pytest.mark.parametrize("fmt", ["qdpx", "jsonld"])
def test_round_trip_into_a_fresh_database_gives_the_same_tree_and_codings(nested: Store, tmp_path: Path,
                                                                         fmt: str) -> None:
    path = export(nested, fmt, tmp_path / f"all{FORMATS[fmt]}")
    with Store(tmp_path / "fresh.db") as fresh:
        assert tree(fresh) != tree(nested)  # the default codebook, without our tree
        report = import_annotations(fresh, path)
        assert not report.unplaced
        assert report.themes_created == ["Mandate", "Mandate renewal", "Renewal negotiations"]
        assert tree(fresh) == tree(nested)
        assert codings(fresh) == codings(nested)
        # a sub-theme's codings count for its broader theme in the new database too
        assert {a.eid for a in fresh.annotations(theme="Mandate", with_subthemes=True)} == {
            "para_84", TECH_5A[1], "para_110"}
        again = import_annotations(fresh, path)  # a second merge changes nothing
        assert not again.merged and not again.themes_created and not again.themes_nested
        assert tree(fresh) == tree(nested)


def test_codebook_alone_round_trips_through_qdc(nested: Store, tmp_path: Path) -> None:
    path = export(nested, "qdc", tmp_path / "book.qdc")
    with Store(tmp_path / "fresh.db", import_corpus=False) as fresh:
        import_annotations(fresh, path)
        assert tree(fresh) == tree(nested)
        colours = {t.name: (t.color, t.description) for t in fresh.themes()}
        assert colours["Renewal negotiations"] == ("#345678", "Penholders")


def test_nested_codes_are_schema_valid_and_nest_in_the_xml(nested: Store, tmp_path: Path) -> None:
    project = export(nested, "qdpx", tmp_path / "p.qdpx")
    codebook = export(nested, "qdc", tmp_path / "p.qdc")
    assert [str(e.reason) for e in xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd").iter_errors(
        io.BytesIO(_qde(project)))] == []
    assert [str(e.reason) for e in xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd").iter_errors(
        io.BytesIO(codebook.read_bytes()))] == []
    for root, ns in ((fromstring(_qde(project)), QDE), (fromstring(codebook.read_bytes()), QDC)):
        codes = root.find(f".//{ns}Codes")
        assert codes is not None
        top = [c.get("name") for c in codes.findall(f"{ns}Code")]
        assert "Mandate" in top and "Mandate renewal" not in top and "Early warning and rapid response" not in top
        path = codes.find(f"{ns}Code[@name='Mandate']/{ns}Code[@name='Mandate renewal']/"
                          f"{ns}Code[@name='Renewal negotiations']")
        assert path is not None
        poc = codes.find(f"{ns}Code[@name='Protection of civilians (POC)']")
        assert poc is not None and len(poc.findall(f"{ns}Code")) == 6
        # the schema wants a Code's Description before its sub-codes
        mandate = codes.find(f"{ns}Code[@name='Mandate']")
        assert mandate is not None and mandate[0].tag == f"{ns}Description"


def test_an_export_of_one_sub_theme_keeps_its_broader_themes(nested: Store, tmp_path: Path) -> None:
    path = export(nested, "qdpx", tmp_path / "one.qdpx", themes=["Renewal negotiations"])
    with Store(tmp_path / "fresh.db") as fresh:
        report = import_annotations(fresh, path)
        assert len(report.merged) == 1
        names = dict(tree(fresh))
        assert names["Renewal negotiations"] == "Mandate renewal" and names["Mandate renewal"] == "Mandate"


def test_jsonld_tag_bodies_name_their_broader_themes(nested: Store, tmp_path: Path) -> None:
    data = read_jsonld(export(nested, "jsonld", tmp_path / "a.jsonld"))
    assert {"skos": "http://www.w3.org/2004/02/skos/core#"}.items() <= data["@context"][1].items()
    tags = {b["value"]: b for i in data["first"]["items"] for b in i["body"] if b["purpose"] == "tagging"}
    assert tags["Renewal negotiations"]["skos:broader"] == {
        "type": "skos:Concept", "skos:prefLabel": "Mandate renewal",
        "skos:broader": {"type": "skos:Concept", "skos:prefLabel": "Mandate"}}
    assert tags["Early warning and rapid response"]["skos:broader"]["skos:prefLabel"] == \
        "Protection of civilians (POC)"
    assert "skos:broader" not in tags["Mandate"] and "skos:broader" not in tags["Protection of civilians (POC)"]


def test_codebook_csv_names_each_parent(nested: Store, tmp_path: Path) -> None:
    raw = export(nested, "codebook-csv", tmp_path / "book.csv").read_text(encoding="utf-8-sig")
    rows = [(r["tag"], r["parent"]) for r in csv.DictReader(io.StringIO(raw, newline=""))]
    assert rows == tree(nested)
    assert ("Renewal negotiations", "Mandate renewal") in rows


def test_merging_nests_new_and_parentless_themes_and_leaves_our_own_nesting_alone(nested: Store,
                                                                                  tmp_path: Path) -> None:
    path = export(nested, "qdc", tmp_path / "book.qdc")
    with Store(tmp_path / "ours.db", import_corpus=False) as ours:
        ours.add_theme("Mandate renewal")  # ours, at the top level: goes under Mandate as in the file
        ours.add_theme("Renewal negotiations", parent="politics")  # ours, under Politics: stays there
        report = import_annotations(ours, path)
        names = dict(tree(ours))
        assert names["Mandate"] == ""
        assert names["Mandate renewal"] == "Mandate"
        assert names["Renewal negotiations"] == ours.theme("politics").name
        assert report.themes_nested == [("Mandate renewal", "Mandate")]
        assert "Mandate renewal (under Mandate)" in report.summary()
        assert "Mandate" in report.themes_created and "Renewal negotiations" not in report.themes_created


def test_a_file_nesting_our_theme_under_its_own_sub_theme_changes_nothing(store: Store, tmp_path: Path) -> None:
    """Their tree upside down (POC under Early warning, which is under POC here): no cycle, no error."""
    before = tree(store)
    book = tmp_path / "upside-down.qdc"
    book.write_text('<?xml version="1.0" encoding="utf-8"?>\n'
                    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    '<Code guid="00000000-0000-0000-0000-000000000001" name="Early warning and rapid response" '
                    'isCodable="true"><Code guid="00000000-0000-0000-0000-000000000002" '
                    'name="Protection of civilians (POC)" isCodable="true"/></Code></Codes></CodeBook>',
                    encoding="utf-8")
    report = import_annotations(store, book)
    assert tree(store) == before and not report.themes_nested and not report.themes_created


def test_codebook_csv_merges_back_with_its_tree(nested: Store, tmp_path: Path) -> None:
    path = export(nested, "codebook-csv", tmp_path / "book.csv")
    with Store(tmp_path / "fresh.db", import_corpus=False) as fresh:
        report = import_annotations(fresh, path)
        assert report.themes_created == ["Mandate", "Mandate renewal", "Renewal negotiations"]
        assert tree(fresh) == tree(nested)
        assert fresh.theme("Renewal negotiations").color == "#345678"


def test_a_sub_theme_listed_before_its_parent_and_taguettes_own_codebook_csv(store: Store, tmp_path: Path) -> None:
    ours = tmp_path / "ours.csv"  # hand-made: the sub-theme first
    ours.write_text("Tag,Parent,Description\nVoter registration,Elections,lists\nElections,,polls\n",
                    encoding="utf-8")
    import_annotations(store, ours)
    assert dict(tree(store))["Voter registration"] == "Elections"
    taguette = tmp_path / "taguette.csv"  # what Taguette's codebook export writes (export.py, codebook_csv)
    taguette.write_text("tag,description,number of highlights,number of documents\r\n"
                        "interesting,Something of interest,3,2\r\n", encoding="utf-8")
    report = import_annotations(store, taguette)
    assert report.themes_created == ["interesting"]
    assert store.theme("interesting").description == "Something of interest"


def test_an_annotations_csv_is_not_taken_for_a_codebook(nested: Store, tmp_path: Path) -> None:
    path = export(nested, "csv", tmp_path / "annotations.csv")
    with pytest.raises(ExportError, match="not a codebook CSV"):
        import_annotations(nested, path)


def test_odd_broader_chains_in_a_colleagues_jsonld_are_bounded(nested: Store, tmp_path: Path) -> None:
    """A chain 200 deep, a label that is not text, a theme its own broader theme: read, bounded, no error."""
    data = read_jsonld(export(nested, "jsonld", tmp_path / "a.jsonld", doc=DOC))
    items = data["first"]["items"]
    deep: dict[str, object] = {"skos:prefLabel": "Level 200"}
    for level in range(199, 0, -1):
        deep = {"skos:prefLabel": f"Level {level}", "skos:broader": deep}
    tags = [b for item in items for b in item["body"] if b["purpose"] == "tagging"]
    tags[0]["skos:broader"] = deep
    tags[1]["skos:broader"] = {"skos:prefLabel": 7}
    tags[2]["skos:broader"] = {"skos:prefLabel": tags[2]["value"]}
    odd = tmp_path / "odd.jsonld"
    odd.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "fresh.db") as fresh:
        report = import_annotations(fresh, odd)
        assert not report.unplaced and len(report.merged) == len(items)
        levels = [t for t in fresh.themes() if t.name.startswith("Level ")]
        assert 0 < len(levels) <= MAX_DEPTH  # followed up to MAX_DEPTH broader themes (as deep as themes nest)
        assert dict(tree(fresh))[tags[0]["value"]] == "Level 1"


@pytest.mark.parametrize("fmt", ["qdc", "codebook-csv"])
def test_a_codebook_of_one_theme_brings_its_sub_themes_and_broader_themes(nested: Store, tmp_path: Path,
                                                                          fmt: str) -> None:
    path = export(nested, fmt, tmp_path / f"one{FORMATS[fmt]}", themes=["Mandate renewal"])
    with Store(tmp_path / "fresh.db", import_corpus=False) as fresh:
        assert import_annotations(fresh, path).themes_created == ["Mandate", "Mandate renewal",
                                                                  "Renewal negotiations"]
        assert [pair for pair in tree(fresh) if pair[0].startswith(("Mandate", "Renewal"))] == [
            ("Mandate", ""), ("Mandate renewal", "Mandate"), ("Renewal negotiations", "Mandate renewal")]

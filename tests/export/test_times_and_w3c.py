"""Issue 23, faults 6–7: REFI-QDA times that stay valid after a QualCoder round trip; the W3C collection's page
has an id, creators an id, bodies a language, and an annotation taken alone keeps its @context."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import xmlschema

from gui.export import export, import_annotations
from gui.export.jsonld import parse_jsonld
from gui.store import Store

from .helpers import read_jsonld

SCHEMAS = Path(__file__).resolve().parents[1] / "reliability" / "refi"


def qualcoder_round_trip(time: str) -> str:
    """What QualCoder writes back for a time it read: refi.py (commit c3204641) stores
    `creationDateTime.replace('T', ' ').replace('Z', '')` and exports `f"{t[0:10]}T{t[11:]}Z"`
    (RefiExport.convert_timestamp)."""
    stored = time.replace("T", " ").replace("Z", "")
    return f"{stored[0:10]}T{stored[11:]}Z"


def test_refi_times_stay_valid_after_a_qualcoder_round_trip(tagged: Store, tmp_path: Path) -> None:
    path = export(tagged, "qdpx", tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as archive:
        project = archive.read("project.qde").decode("utf-8")
    times = re.findall(r'DateTime="([^"]*)"', project)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z", t) for t in times), times
    again = re.sub(r'DateTime="([^"]*)"', lambda m: f'DateTime="{qualcoder_round_trip(m.group(1))}"', project)
    assert again == project  # QualCoder writes them back as they were (was "…+00:00Z": 22 XSD errors)
    schema = xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")
    assert [str(e.reason) for e in schema.iter_errors(io.BytesIO(again.encode("utf-8")))] == []
    with Store(tmp_path / "other.db") as other:  # and our own merge reads them back to the millisecond
        import_annotations(other, path)
        assert {(a.id, a.created) for a in other.annotations()} == {(a.id, a.created) for a in tagged.annotations()}


def test_the_jsonld_page_creators_and_bodies_carry_what_w3c_asks(tagged: Store, tmp_path: Path) -> None:
    data = read_jsonld(export(tagged, "jsonld", tmp_path / "a.jsonld"))
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["id"] and page["partOf"] == data["id"]  # the MUST
    for item in page["items"]:
        assert item["creator"]["id"].startswith("urn:marginalia:coder:")
        assert all(re.fullmatch(r"[a-z]{2}", body["language"]) for body in item["body"])
        assert item["@context"] == data["@context"]
    chinese = next(i for i in page["items"] if any(b.get("value") == "中文说明" for b in i["body"]))
    assert next(b for b in chinese["body"] if b["value"] == "中文说明")["language"] == "zh"
    # One annotation taken out of the collection is still a W3C annotation, and ours reads it.
    alone = json.dumps(page["items"][0], ensure_ascii=False)
    [read] = parse_jsonld(alone)
    assert read.id == page["items"][0]["id"].removeprefix("urn:uuid:")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", page["items"][0]["created"])

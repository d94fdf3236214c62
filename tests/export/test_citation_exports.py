"""The citation network (CSV edges, GraphML) and document attributes in exports (CSV columns, REFI-QDA
Variables valid against the REFI-QDA Project schema)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import xmlschema

from gui.export import export
from gui.store import Store

from .helpers import QDE, read_qdpx

SCHEMAS = Path(__file__).resolve().parents[1] / "reliability" / "refi"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def test_citation_network_as_csv_edges_and_graphml(store: Store, tmp_path: Path) -> None:
    """The bundled corpus: S/2017/130 (the Working Group's report) cites the concept note S/2016/1017, which is
    in the library, and many documents that are not."""
    path = export(store, "citations-csv", tmp_path / "edges.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert {"source", "source_symbol", "target", "target_doc", "pinpoint", "count"} == set(rows[0])
    to_concept_note = [r for r in rows if r["source"] == "S-2017-130" and r["target"] == "S/2016/1017"]
    assert to_concept_note and to_concept_note[0]["target_doc"] == "S-2016-1017"
    assert any(r["target"] == "S/PRST/2001/3" and r["target_doc"] == "" for r in rows)
    assert sum(int(r["count"]) for r in rows if r["source"] == "S-2017-130") == \
        sum(len(c.targets) for c in store.citations("S-2017-130"))

    graph = ET.parse(export(store, "graphml", tmp_path / "net.graphml")).getroot()
    keys = {k.get("attr.name"): k.get("id") for k in graph.iter(f"{GRAPHML}key")}
    nodes = {n.get("id"): {d.get("key"): d.text for d in n} for n in graph.iter(f"{GRAPHML}node")}
    edges = {(e.get("source"), e.get("target")) for e in graph.iter(f"{GRAPHML}edge")}
    assert ("S-2017-130", "S-2016-1017") in edges  # a document of the library: its node is the document
    assert ("S-2017-130", "S/PRST/2001/3") in edges  # not in the library: a node of its own
    assert nodes["S/PRST/2001/3"][keys["in_library"]] == "false"
    assert nodes["S-2017-130"][keys["organ"]] == "Security Council"


def test_attributes_as_csv_columns_and_qdpx_variables(store: Store, tmp_path: Path) -> None:
    store.set_attributes(["S-2017-130"], {"mission": "MINUSMA", "coder_phase": "pilot"})
    store.tag("S-2017-130", ["para_83"], "poc")
    store.tag("S-2016-1017", ["heading_3__p_2"], "poc")
    rows = list(csv.DictReader(io.StringIO(export(store, "csv", tmp_path / "a.csv").read_text(encoding="utf-8-sig"))))
    by_doc = {r["document"]: r for r in rows}
    assert by_doc["S-2017-130"]["doc:mission"] == "MINUSMA"
    assert by_doc["S-2017-130"]["doc:coder_phase"] == "pilot" and by_doc["S-2016-1017"]["doc:coder_phase"] == ""
    assert by_doc["S-2016-1017"]["doc:organ"] == "Security Council"

    path = export(store, "qdpx", tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as archive:
        data = archive.read("project.qde")
    schema = xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")
    assert [str(e.reason) for e in schema.iter_errors(io.BytesIO(data))] == []
    root, _, _ = read_qdpx(path)
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{QDE}Variable")}
    assert {"mission", "organ", "coder_phase"} <= set(variables.values())
    source = next(s for s in root.iter(f"{QDE}TextSource") if s.get("name") == "S_2017_130")
    values = {variables[v.find(f"{QDE}VariableRef").get("targetGUID")]: v.find(f"{QDE}TextValue").text
              for v in source.iter(f"{QDE}VariableValue")}
    assert values["mission"] == "MINUSMA" and values["coder_phase"] == "pilot"


def test_export_doc_narrows_the_network_to_that_documents_edges(store: Store, tmp_path: Path) -> None:
    """`export --doc S/2016/1017`: the concept note's own citations and the citations of it elsewhere (the
    Working Group's report cites it), nothing else of the library's network — in CSV and in GraphML."""
    everything = list(csv.DictReader(io.StringIO(
        export(store, "citations-csv", tmp_path / "all.csv").read_text(encoding="utf-8-sig"))))
    path = export(store, "citations-csv", tmp_path / "one.csv", doc="S/2016/1017")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    mine = [r for r in everything if r["source"] == "S-2016-1017" or r["target_doc"] == "S-2016-1017"]
    assert rows == mine and len(rows) < len(everything)
    assert {r["source"] for r in rows} >= {"S-2016-1017", "S-2017-130"}  # its citations out, and one in
    assert all(r["target_doc"] == "S-2016-1017" for r in rows if r["source"] != "S-2016-1017")

    graph = ET.parse(export(store, "graphml", tmp_path / "one.graphml", doc="S-2016-1017")).getroot()
    edges = {(e.get("source"), e.get("target")) for e in graph.iter(f"{GRAPHML}edge")}
    nodes = {n.get("id") for n in graph.iter(f"{GRAPHML}node")}
    assert ("S-2017-130", "S-2016-1017") in edges
    assert all("S-2016-1017" in edge for edge in edges)
    assert nodes == {node for edge in edges for node in edge}  # only the nodes its edges join
    # a document nobody cites and that cites nothing: an empty network, not the library's
    store.db.execute("DELETE FROM citations WHERE doc_id = 'S-2016-1017'")
    store.db.execute("DELETE FROM citations WHERE target_key = 'S/2016/1017'")
    alone = export(store, "citations-csv", tmp_path / "alone.csv", doc="S-2016-1017")
    assert alone.read_text(encoding="utf-8-sig").splitlines() == [",".join(["source", "source_symbol", "target",
                                                                            "target_doc", "pinpoint", "count"])]

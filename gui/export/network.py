"""The citation network of the library: which document cites which, as CSV edges (for a spreadsheet or
Gephi's edge import) and as GraphML (Gephi, Cytoscape, networkx, igraph read it), with each document's
attributes (mission, organ, type, …) as node data, so that the network can be coloured by mission."""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape, quoteattr

from gui.export.csv_export import _cell
from gui.store import Store

EDGE_COLUMNS = ["source", "source_symbol", "target", "target_doc", "pinpoint", "count"]


def render_citations_csv(store: Store, doc_id: str | None = None) -> bytes:
    """One row per (citing document, cited symbol, pinpoint): how many times it is cited there; given
    `doc_id`, only the rows of that document's citations and of those citing it."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EDGE_COLUMNS)
    for row in store.citation_edges(doc_id):
        writer.writerow([_cell(str(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it forbids become U+FFFD."""
    return "".join(c if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
                   or c >= "\U00010000" else "\ufffd" for c in text)


def render_graphml(store: Store, doc_id: str | None = None) -> bytes:
    """A directed graph: a node per library document and per cited symbol not in the library; an edge per
    citing document and target, weighted by how many times it is cited. Given `doc_id`, that document's
    neighbourhood: its edges in and out, and the nodes they join."""
    edges = store.citation_edges(doc_id)
    docs = {d.id: d for d in store.documents(coverage=False)}
    if doc_id is not None:
        joined = {doc_id, *(e[0] for e in edges), *(e[3] for e in edges if e[3])}
        docs = {i: d for i, d in docs.items() if i in joined}
    attributes = store.attributes_of(docs)
    names = sorted({n for values in attributes.values() for n in values})
    nodes: dict[str, dict[str, str]] = {}
    for doc_id, info in docs.items():
        nodes[doc_id] = {"label": info.symbol or doc_id, "in_library": "true", "title": info.title or "",
                         "date": info.date or "", **attributes.get(doc_id, {})}
    weights: dict[tuple[str, str], int] = {}
    for source, _symbol, target, target_doc, _pinpoint, count in edges:
        node = target_doc or target
        nodes.setdefault(node, {"label": target, "in_library": "false", "title": "", "date": ""})
        weights[(source, node)] = weights.get((source, node), 0) + count
    keys = ["label", "in_library", "title", "date", *names]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    out += [f'  <key id="n{i}" for="node" attr.name={quoteattr(_xml_text(k))} attr.type="string"/>'
            for i, k in enumerate(keys)]
    out.append('  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>')
    out.append('  <graph id="citations" edgedefault="directed">')
    for node, data in nodes.items():
        out.append(f"    <node id={quoteattr(_xml_text(node))}>")
        out += [f'      <data key="n{i}">{escape(_xml_text(data[k]))}</data>'
                for i, k in enumerate(keys) if data.get(k)]
        out.append("    </node>")
    for i, ((source, node), weight) in enumerate(sorted(weights.items())):
        out.append(f'    <edge id="e{i}" source={quoteattr(_xml_text(source))} target={quoteattr(_xml_text(node))}>'
                   f'<data key="weight">{weight}</data></edge>')
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out).encode("utf-8")

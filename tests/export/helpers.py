"""Readers for the exported files, independent of the code that wrote them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from gui.store import Store

QDE = "{urn:QDA-XML:project:1.0}"

POC_83 = ("S-2017-130", "para_83")
TECH_5A = ("S-2017-130", "para_5__list_1__point_a")
FORUM = ("Challenges-Forum-2018-A4P-POC-background", "heading_4__p_1")  # unnumbered, under "Executive Summary"
REPORT_2021 = ("WGPKO-report-2021", "para_5")  # a document without a symbol
CHINESE = ("S-2016-1017", "heading_1__p_1")  # the Chinese cover letter
SPAN_TEXT = "thematic discussion on the protection of civilians"  # once in S/2017/130 para. 83


def tag_standard_set(store: Store) -> None:
    """Whole-block tags on four documents (one Chinese), notes, two coders and one span tag."""
    store.tag(POC_83[0], [POC_83[1]], "poc", note="Core POC meeting", coder="kim")
    store.tag(TECH_5A[0], [TECH_5A[1]], "tech", coder="kim")
    store.tag(FORUM[0], [FORUM[1]], "poc", note="A4P", coder="lee")
    store.tag(REPORT_2021[0], [REPORT_2021[1]], "safety", coder="kim")
    store.tag(CHINESE[0], [CHINESE[1]], "poc", note="中文说明", coder="lee")
    text = store.document(POC_83[0]).block(POC_83[1]).text
    at = text.index(SPAN_TEXT)
    store.tag(POC_83[0], [POC_83[1]], "politics", note="span", coder="kim", span=(at, at + len(SPAN_TEXT)))


def import_text(store: Store, folder: Path, name: str, text: str) -> str:
    """Import a small document written to `folder/name`; return its id."""
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return store.import_file(file).doc_id


class _Blockquotes(HTMLParser):
    """Collects the text of every <blockquote>, the tags used and every attribute seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.quotes: list[str] = []
        self.tagged: list[str] = []  # per quote: the words in bold (a tag on part of the passage), or ""
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self._depth = 0
        self._strong = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag == "blockquote":
            self._depth += 1
            self.quotes.append("")
            self.tagged.append("")
        if tag == "strong" and self._depth:
            self._strong = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self._depth -= 1
        if tag == "strong":
            self._strong = False

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.quotes[-1] += data
            if self._strong:
                self.tagged[-1] += data


def parse_html(text: str) -> _Blockquotes:
    parser = _Blockquotes()
    parser.feed(text)
    parser.close()
    return parser


def html_quotes(text: str) -> list[str]:
    """What each blockquote quotes: the words in bold where only they are tagged (the passage around them is
    context), else the whole quotation — stripped of the newlines that Markdown adds."""
    parsed = parse_html(text)
    return [tagged or quote.strip("\n") for quote, tagged in zip(parsed.quotes, parsed.tagged, strict=True)]


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def read_jsonld(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def selector(item: dict[str, Any], kind: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in item["target"]["selector"] if s["type"] == kind]
    assert len(found) == 1, (kind, item["target"]["selector"])
    return found[0]


def read_qdpx(path: Path) -> tuple[ET.Element, dict[str, str], list[str]]:
    """project.qde's root, the shipped sources by TextSource guid, and the archive's member names."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        texts = {}
        for source in root.iter(f"{QDE}TextSource"):
            member = "sources/" + source.get("plainTextPath", "").removeprefix("internal://")
            texts[source.get("guid", "")] = archive.read(member).decode("utf-8")
    return root, texts, names


def qdpx_selections(path: Path) -> list[dict[str, Any]]:
    """Every PlainTextSelection with its source, text slice, note, coder name and code names."""
    root, texts, _ = read_qdpx(path)
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{QDE}User")}
    codes = {c.get("guid"): c.get("name") for c in root.iter(f"{QDE}Code")}
    out = []
    for source in root.iter(f"{QDE}TextSource"):
        text = texts[source.get("guid", "")]
        for sel in source.findall(f"{QDE}PlainTextSelection"):
            start, end = int(sel.get("startPosition", "-1")), int(sel.get("endPosition", "-1"))
            description = sel.find(f"{QDE}Description")
            out.append({
                "guid": sel.get("guid"), "source": source.get("name"), "name": sel.get("name"),
                "start": start, "end": end, "text": text[start:end],
                "note": description.text if description is not None else "",
                "coder": users.get(sel.get("creatingUser")),
                "codes": [codes.get(ref.get("targetGUID")) for ref in sel.iter(f"{QDE}CodeRef")],
                "created": sel.get("creationDateTime"),
            })
    return out

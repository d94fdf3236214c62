"""The exports on the real corpus: Markdown/HTML notes, CSV, W3C JSON-LD, REFI-QDA; the CLI; atomic writing."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
import zipfile
from pathlib import Path

import markdown
import pytest

from gui.__main__ import main
from gui.core.citation import citation as citation_of
from gui.export import FORMATS, ExportError, export
from gui.export.qdpx import shipped_text
from gui.store import Store, StoreError

from .helpers import (
    CHINESE,
    FORUM,
    POC_83,
    QDE,
    REPORT_2021,
    SPAN_TEXT,
    TECH_5A,
    html_quotes,
    import_text,
    parse_html,
    qdpx_selections,
    read_csv,
    read_jsonld,
    read_qdpx,
    selector,
    tag_standard_set,
)

CSV_COLUMNS = ["document", "symbol", "eid", "number", "section", "theme", "quote", "note", "coder", "created",
               "modified", "status", "citation", "ocr_confidence"]


def block_text(store: Store, where: tuple[str, str]) -> str:
    return store.document(where[0]).block(where[1]).text


def expected_quotes(store: Store) -> list[str]:
    """What the standard set quotes: five whole blocks and the span."""
    return sorted([block_text(store, w) for w in (POC_83, TECH_5A, FORUM, REPORT_2021, CHINESE)] + [SPAN_TEXT])


def render_md(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


# --- citations and Markdown notes ----------------------------------------------------------------------------
def test_citations_of_real_blocks(store: Store) -> None:
    def cite(doc_id: str, eid: str | None) -> tuple[str, str]:
        document = store.document(doc_id)
        return citation_of(document, document.block(eid) if eid else None, doc_id)

    assert cite(*POC_83) == ("S/2017/130, para. 83", "83")
    assert cite(*TECH_5A) == ("S/2017/130, para. 5 (a)", "5 (a)")
    # No symbol: the document id stands in, and the printed paragraph number is kept.
    assert cite(*REPORT_2021) == ("WGPKO-report-2021, para. 5", "5")
    # No paragraph number: the section heading and the place under it stand in.
    assert cite(*FORUM) == ("Challenges-Forum-2018-A4P-POC-background, “Executive Summary”, paragraph 1", "")
    assert cite(FORUM[0], "heading_4__p_3") == (
        "Challenges-Forum-2018-A4P-POC-background, “Executive Summary”, paragraph 3", "")
    assert cite(FORUM[0], "heading_3__aside_2") == (
        "Challenges-Forum-2018-A4P-POC-background, “Purpose of the Paper”, box 2", "")
    assert cite(FORUM[0], "heading_4") == ("Challenges-Forum-2018-A4P-POC-background, “Executive Summary”", "")
    assert cite("S-2017-130", "sec_II__title_E") == (
        "S/2017/130, “E. Protection of civilians: strengthening ties with political strategies”", "")
    assert cite("S-2016-1017", "fn_1") == ("S/2016/1017, footnote 1", "1")
    assert cite("S-2016-1017", None) == ("S/2016/1017 (orphaned annotation)", "")


GOLDEN_BY_THEME = """\
# Annotated notes

**Documents:** all 4 documents{BR}
**Themes:** 4 of 20 used — Protection of civilians (POC): 3 · Technology & innovation: 1 · Safety & security of \
peacekeepers: 1 · Political strategy: 1{BR}
**Coders:** kim, lee{BR}
**Passages:** 6 (6 annotations){BR}
**Exported:** TIMESTAMP

## Documents

| Document | Date | Title | Passages |
|---|---|---|---:|
| Challenges-Forum-2018-A4P-POC-background | 28{NB}November{NB}2018 | Action for Peacekeeping and Protection of \
Civilians – Leadership and Cooperation | 1 |
| [S/2016/1017](https://undocs.org/S/2016/1017) | 12{NB}December{NB}2016 | \
2016年11月30日塞内加尔常驻联合国代表给安全理事会主席的信 | 1 |
| [S/2017/130](https://undocs.org/S/2017/130) | 14{NB}February{NB}2017 | Letter dated 13 February 2017 from the \
Permanent Representative of Senegal to the United Nations addressed to the President of the Security Council | 3 |
| WGPKO-report-2021 | 21{NB}December{NB}2021 | Letter dated 20 December 2021 from the Chair of the Security Council \
Working Group on Peacekeeping Operations addressed to the President of the Security Council | 1 |

## Protection of civilians (POC)

*Protection of civilians mandates, tiers, threats to civilians, protection strategies.*

### Challenges-Forum-2018-A4P-POC-background, “Executive Summary”, paragraph 1

> This paper discusses key aspects of the POC commitments as stated in the A4P Declaration. Leadership and \
cooperation are reoccurring themes.

**Coder:** lee

**Note:** A4P

### S/2016/1017, “2016年11月30日塞内加尔常驻联合国代表给安全理事会主席的信”, paragraph 1

> 谨随函转递为由我在 2016 年 11 月 3 日主持的维持和平工作组会议拟定的概念说明"维和行动:保护平民和政治战略"(见附件)。

**Coder:** lee

**Note:** 中文说明

### S/2017/130, para. 83

> On 3 November, the Working Group organized a thematic discussion on the protection of civilians, addressing the \
strengthening of ties with political strategies. In advance of the meeting, the Chair circulated a concept note \
(S/2016/1017).

**Section:** E. Protection of civilians: strengthening ties with political strategies · **Coder:** kim

**Note:** Core POC meeting

## Technology & innovation

*Use of technology and innovation: drones, data, communications, environmental technology.*

### S/2017/130, para. 5 (a)

> Use of technology in peacekeeping operations;

**Section:** II. Meetings of the Working Group · **Coder:** kim

## Safety & security of peacekeepers

*Fatalities, injuries, medical support, force protection, accountability for attacks.*

### WGPKO-report-2021, para. 5

> On 13 April 2021, the Working Group held a meeting by videoconference on the implementation of Security Council \
resolution 2518 (2020) on the safety and security of peacekeepers.

**Section:** III. Implementation of Security Council resolution 2518 (2020) on the safety and security of \
peacekeepers · **Coder:** kim

## Political strategy

*Primacy of politics, political processes and settlements, mediation.*

### S/2017/130, para. 83

> On 3 November, the Working Group organized a **thematic discussion on the protection of civilians**, addressing \
the strengthening of ties with political strategies. In advance of the meeting, the Chair circulated a concept note \
(S/2016/1017).

**Section:** E. Protection of civilians: strengthening ties with political strategies · **Coder:** kim

**Note:** span
"""


def test_markdown_notes_by_theme_golden(tagged: Store, tmp_path: Path) -> None:
    text = export(tagged, "md", tmp_path / "notes.md").read_text(encoding="utf-8")
    stamp = re.search(r"^\*\*Exported:\*\* (.+)$", text, re.MULTILINE)
    assert stamp and re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC", stamp.group(1))
    assert text.replace(stamp.group(1), "TIMESTAMP") == GOLDEN_BY_THEME.replace("{BR}", "  ").replace("{NB}", "\u00a0")


def test_markdown_notes_by_document(tagged: Store, tmp_path: Path) -> None:
    lines = export(tagged, "md", tmp_path / "notes.md", by="document").read_text(encoding="utf-8").splitlines()
    headings = [ln for ln in lines if ln.startswith("## ")]
    assert headings == [
        "## Documents",
        "## Challenges-Forum-2018-A4P-POC-background — Action for Peacekeeping and Protection of Civilians – "
        "Leadership and Cooperation",
        "## [S/2016/1017](https://undocs.org/S/2016/1017) — 2016年11月30日塞内加尔常驻联合国代表给安全理事会主席的信",
        "## [S/2017/130](https://undocs.org/S/2017/130) — Letter dated 13 February 2017 from the Permanent "
        "Representative of Senegal to the United Nations addressed to the President of the Security Council",
        "## WGPKO-report-2021 — Letter dated 20 December 2021 from the Chair of the Security Council Working Group on "
        "Peacekeeping Operations addressed to the President of the Security Council",
    ]
    # Within S/2017/130, reading order: para. 5 (a) before para. 83 (whole block, then the span inside it).
    start = lines.index(headings[3])
    end = lines.index(headings[4])
    assert [ln for ln in lines[start:end] if ln.startswith("### ")] == [
        "### S/2017/130, para. 5 (a)", "### S/2017/130, para. 83", "### S/2017/130, para. 83"]
    # Grouped by document, each item names its themes, each with who coded it.
    assert ("**Section:** E. Protection of civilians: strengthening ties with political strategies · "
            "**Theme:** Political strategy (kim)") in lines
    assert ("**Section:** III. Implementation of Security Council resolution 2518 (2020) on the safety and "
            "security of peacekeepers · **Theme:** Safety & security of peacekeepers (kim)") in lines
    # The documents are described once, with their dates, not under every passage.
    assert "| [S/2017/130](https://undocs.org/S/2017/130) | 14\u00a0February\u00a02017 | Letter dated 13 February " \
           "2017 from the Permanent Representative of Senegal to the United Nations addressed to the President of " \
           "the Security Council | 3 |" in lines
    assert not any(ln.startswith("**Document:**") for ln in lines)
    assert lines.count("**Note:** Core POC meeting") == 1


def test_markdown_one_entry_per_passage_with_its_themes_coders_and_notes(tagged: Store, tmp_path: Path) -> None:
    tagged.tag(POC_83[0], [POC_83[1]], "tech", note="lee's view", coder="lee")
    tagged.tag(POC_83[0], [POC_83[1]], "poc", coder="lee")
    text = export(tagged, "md", tmp_path / "doc.md", doc="S-2017-130", by="document", matrix=True
                  ).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert "**Passages:** 3 (5 annotations)  " in lines
    # The summary counts passages: kim's and lee's POC on para. 83 are one passage.
    assert "| Protection of civilians (POC) | 1 | 1 |" in lines and "| Technology & innovation | 2 | 2 |" in lines
    assert [ln for ln in lines if ln.startswith("### ")] == [
        "### S/2017/130, para. 5 (a)", "### S/2017/130, para. 83", "### S/2017/130, para. 83"]
    assert ("**Section:** E. Protection of civilians: strengthening ties with political strategies · **Themes:** "
            "Protection of civilians (POC) (kim, lee); Technology & innovation (lee)") in lines
    assert "**Note** (kim, Protection of civilians (POC)): Core POC meeting" in lines
    assert "**Note** (lee, Technology & innovation): lee's view" in lines
    assert html_quotes(render_md(text)) == [block_text(tagged, TECH_5A), block_text(tagged, POC_83), SPAN_TEXT]
    # By theme, the passage appears under each of its themes, with that theme's coders and notes.
    lines = export(tagged, "md", tmp_path / "theme.md", doc="S-2017-130").read_text(encoding="utf-8").splitlines()
    poc = lines[lines.index("## Protection of civilians (POC)"):lines.index("## Technology & innovation")]
    assert [ln for ln in poc if ln.startswith(("###", "**"))] == [
        "### S/2017/130, para. 83",
        "**Section:** E. Protection of civilians: strengthening ties with political strategies · **Coders:** kim, lee",
        "**Note** (kim): Core POC meeting"]


def test_markdown_scope_of_one_document_and_theme(tagged: Store, tmp_path: Path) -> None:
    text = export(tagged, "md", tmp_path / "n.md", doc="S-2017-130", themes=["poc"]).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Annotated notes: Protection of civilians (POC) in S/2017/130"
    assert "**Themes:** Protection of civilians (POC): 1  " in lines
    assert "**Passages:** 1 (1 annotations)  " in lines
    assert "## Summary" not in lines  # the matrix only when asked for
    lines = export(tagged, "md", tmp_path / "n.md", doc="S-2017-130", themes=["poc"], matrix=True
                   ).read_text(encoding="utf-8").splitlines()
    assert "| Theme | S/2017/130 | Total |" in lines
    assert "| Protection of civilians (POC) | 1 | 1 |" in lines
    assert [ln for ln in lines if ln.startswith("### ")] == ["### S/2017/130, para. 83"]
    assert "Technology" not in text and "WGPKO" not in text


def test_markdown_of_an_empty_scope(store: Store, tmp_path: Path) -> None:
    text = export(store, "md", tmp_path / "n.md").read_text(encoding="utf-8")
    assert "**Passages:** 0 (0 annotations)" in text and "No annotations in this scope." in text
    assert "## Summary" not in export(store, "md", tmp_path / "m.md", matrix=True).read_text(encoding="utf-8")


# --- quotes are the document's text, in every format -----------------------------------------------------------
def quotes_in(fmt: str, path: Path) -> list[str]:
    if fmt == "md":
        return html_quotes(render_md(path.read_text(encoding="utf-8")))
    if fmt == "html":
        return html_quotes(path.read_text(encoding="utf-8"))
    if fmt == "csv":
        return [row["quote"] for row in read_csv(path)]
    if fmt == "jsonld":
        return [selector(item, "TextQuoteSelector")["exact"] for item in read_jsonld(path)["first"]["items"]]
    return [sel["text"] for sel in qdpx_selections(path)]


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "jsonld", "qdpx"])
def test_every_format_quotes_the_block_text_and_exactly_the_span(tagged: Store, tmp_path: Path, fmt: str) -> None:
    # A multi-line table block (cells separated by " | ") is the hardest quote for Markdown.
    tagged.tag("S-2017-130", ["heading_3__table_1"], "partners", coder="kim")
    table = block_text(tagged, ("S-2017-130", "heading_3__table_1"))
    assert "\n" in table and " | " in table
    path = export(tagged, fmt, tmp_path / f"out{FORMATS[fmt]}")
    assert sorted(quotes_in(fmt, path)) == sorted([*expected_quotes(tagged), table])


def test_span_tag_is_stored_and_exported_as_exactly_the_span(tagged: Store, tmp_path: Path) -> None:
    span = next(a for a in tagged.annotations() if a.span is not None)
    text = block_text(tagged, POC_83)
    assert span.quote == SPAN_TEXT == text[span.span[0]:span.span[1]]
    items = read_jsonld(export(tagged, "jsonld", tmp_path / "a.jsonld"))["first"]["items"]
    item = next(i for i in items if i["id"] == f"urn:uuid:{span.id}")
    assert item["target"]["marginalia:wholeBlock"] is False
    assert selector(item, "TextQuoteSelector")["exact"] == SPAN_TEXT
    position = selector(item, "TextPositionSelector")
    assert position["end"] - position["start"] == len(SPAN_TEXT)


# --- REFI-QDA -------------------------------------------------------------------------------------------------
def test_qdpx_project_structure(tagged: Store, tmp_path: Path) -> None:
    path = export(tagged, "qdpx", tmp_path / "project.qdpx")
    root, texts, names = read_qdpx(path)
    assert root.tag == f"{QDE}Project"
    assert set(names) == {"project.qde"} | {f"sources/{g}.txt" for g in texts}
    assert all(n == "project.qde" or n.startswith("sources/") for n in names)  # lowercase folder
    codes = list(root.iter(f"{QDE}Code"))
    themes = tagged.themes()
    assert [c.get("name") for c in codes] == [t.name for t in themes]
    assert [c.get("color") for c in codes] == [t.color.upper() for t in themes]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c.get("color", "")) for c in codes)
    code_guids = {c.get("guid") for c in codes}
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{QDE}User")}
    assert set(users) == {"kim", "lee"} and all(users.values())
    guid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    assert all(guid.fullmatch(g or "") for g in [*code_guids, *users.values()])
    sources = list(root.iter(f"{QDE}TextSource"))
    assert sorted(s.get("name") for s in sources) == sorted(
        ["S_2017_130", "S_2016_1017", "WGPKO-report-2021", "Challenges-Forum-2018-A4P-POC-background"])
    # named as the UN names its files (QualCoder writes each source's text to a file of that name), the symbol
    # as printed kept in the Description
    described = {s.get("name"): s.find(f"{QDE}Description").text or "" for s in sources}  # type: ignore[union-attr]
    assert described["S_2017_130"].startswith("S/2017/130 — ")
    for source in sources:
        assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
        description = source.find(f"{QDE}Description")
        assert description is not None and description.text
        doc_id = description.text.rsplit("(Marginalia id ", 1)[1].rstrip(")")
        shipped = texts[source.get("guid", "")]
        # The clean text with its printed marks, so that an NVivo user can still cite "para. 83".
        assert shipped == shipped_text(tagged.document(doc_id))[0]
        if doc_id == "S-2017-130":
            assert "\n\n83. On 3 November" in shipped and "\n\n(a) Use of technology" in shipped
    selections = list(root.iter(f"{QDE}PlainTextSelection"))
    assert sorted(s.get("guid") for s in selections) == sorted(a.id for a in tagged.annotations())
    for selection in selections:
        assert selection.get("creatingUser") in users.values()
        codings = selection.findall(f"{QDE}Coding")
        assert len(codings) == 1 and guid.fullmatch(codings[0].get("guid", ""))
        refs = codings[0].findall(f"{QDE}CodeRef")
        assert len(refs) == 1 and refs[0].get("targetGUID") in code_guids
    by_guid = {s["guid"]: s for s in qdpx_selections(path)}
    for annotation in tagged.annotations():
        selection = by_guid[annotation.id]
        assert selection["codes"] == [annotation.theme]
        assert selection["coder"] == annotation.coder and selection["note"] == (annotation.note or "")


def test_qdpx_positions_are_exact_for_chinese_and_astral_characters(tagged: Store, tmp_path: Path) -> None:
    chinese = block_text(tagged, CHINESE)
    assert any(unicodedata.name(ch, "").startswith("CJK UNIFIED") for ch in chinese)
    phrase = "维和行动:保护平民和政治战略"
    at = chinese.index(phrase)
    tagged.tag(CHINESE[0], [CHINESE[1]], "politics", coder="lee", span=(at, at + len(phrase)))
    # A document with characters outside the Basic Multilingual Plane before the tagged text.
    doc_id = import_text(tagged, tmp_path, "astral.txt", "Field notes on symbols\n\n"
                         "The variable 𝒳 denotes the set of civilians at risk 😀 in sector B.\n\n"
                         "A second 𝒳 paragraph 😀 follows here.\n")
    document = tagged.document(doc_id)
    astral = [b for b in document.blocks if any(ord(ch) > 0xFFFF for ch in b.text)]
    assert len(astral) == 2
    tagged.tag(doc_id, [b.eid for b in astral], "intel", coder="kim")
    at = astral[0].text.index("in sector B")
    tagged.tag(doc_id, [astral[0].eid], "poc", coder="kim", span=(at, at + len("in sector B")))
    path = export(tagged, "qdpx", tmp_path / "project.qdpx")
    selections = {s["guid"]: s for s in qdpx_selections(path)}
    annotations = tagged.annotations()
    assert len(selections) == len(annotations) == 10
    for annotation in annotations:
        assert selections[annotation.id]["text"] == annotation.quote
        assert selections[annotation.id]["end"] - selections[annotation.id]["start"] == len(annotation.quote)
    quotes = {s["text"] for s in selections.values()}
    assert {phrase, chinese, "in sector B", *(b.text for b in astral)} <= quotes


def test_qdc_codebook(tagged: Store, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    tagged.add_theme("Elections", color="#12ab9f", description="Electoral support")
    root = ET.fromstring(export(tagged, "qdc", tmp_path / "codebook.qdc").read_bytes())
    ns = "{urn:QDA-XML:codebook:1.0}"
    assert root.tag == f"{ns}CodeBook"
    codes = list(root.iter(f"{ns}Code"))
    assert [c.get("name") for c in codes] == [t.name for t in tagged.themes()]
    assert len({c.get("guid") for c in codes}) == len(codes)
    elections = codes[-1]
    assert elections.get("color") == "#12AB9F"
    assert elections.findtext(f"{ns}Description") == "Electoral support"


# --- W3C JSON-LD ----------------------------------------------------------------------------------------------
def test_jsonld_annotation_collection(tagged: Store, tmp_path: Path) -> None:
    data = read_jsonld(export(tagged, "jsonld", tmp_path / "a.jsonld"))
    context = data["@context"]
    assert "http://www.w3.org/ns/anno.jsonld" in (context if isinstance(context, list) else [context])
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 6
    annotations = {a.id: a for a in tagged.annotations()}
    for item in items:
        assert item["type"] == "Annotation"
        annotation = annotations[item["id"].removeprefix("urn:uuid:")]
        target = item["target"]
        assert target["source"]["id"] == f"urn:marginalia:document:{annotation.doc_id}"
        quote, position = selector(item, "TextQuoteSelector"), selector(item, "TextPositionSelector")
        assert {"exact", "prefix", "suffix"} <= set(quote)
        plain = tagged.document(annotation.doc_id).plain_text()
        assert plain[position["start"]:position["end"]] == quote["exact"] == annotation.quote
        assert plain[:position["start"]].endswith(quote["prefix"])
        assert plain[position["end"]:].startswith(quote["suffix"])
        assert quote["prefix"] and quote["suffix"]
        tags = [b for b in item["body"] if b.get("purpose") == "tagging"]
        assert [b["value"] for b in tags] == [annotation.theme]
        comments = [b["value"] for b in item["body"] if b.get("purpose") == "commenting"]
        assert comments == ([annotation.note] if annotation.note else [])
        assert item["creator"]["name"] == annotation.coder
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["created"])
    whole = next(i for i in items if i["id"] == f"urn:uuid:{annotations_at(tagged, CHINESE)}")
    assert selector(whole, "TextQuoteSelector")["exact"] == block_text(tagged, CHINESE)


def annotations_at(store: Store, where: tuple[str, str]) -> str:
    found = store.annotations(doc=where[0], eid=where[1])
    assert len(found) == 1
    return found[0].id


# --- malicious text stays text ---------------------------------------------------------------------------------
EVIL = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))',
        '<a href="file:///">file</a>', '<a href="javascript:alert(1)">js</a>']


def evil_store(store: Store, folder: Path) -> str:
    paragraphs = [f"Paragraph {n} says {payload} and ends." for n, payload in enumerate(EVIL, 1)]
    doc_id = import_text(store, folder, "evil.txt", "Hostile <script>alert(1)</script> notes\n\n"
                         + "\n\n".join(paragraphs) + "\n")
    blocks = [b for b in store.document(doc_id).blocks if b.text.startswith("Paragraph")]
    assert len(blocks) == len(EVIL)
    assert "<script>alert(1)</script>" in blocks[0].text and "onerror=alert(1)" in blocks[1].text
    theme = store.add_theme('Evil <img src=x onerror=alert(1)> [t](javascript:alert(1))')
    for block, payload in zip(blocks, EVIL, strict=True):
        store.tag(doc_id, [block.eid], theme.id, note=f"note {payload}\n\n{payload}", coder=f"coder {payload}")
    return doc_id


def test_malicious_text_is_inert_in_html(store: Store, tmp_path: Path) -> None:
    doc_id = evil_store(store, tmp_path)
    for by in ("theme", "document"):
        page = export(store, "html", tmp_path / f"notes-{by}.html", doc=doc_id, by=by).read_text(encoding="utf-8")
        body = page.split("<body>", 1)[1]
        parsed = parse_html(page)
        assert "script" not in parsed.tags and "img" not in parsed.tags
        assert "<script" not in body.lower() and "<img" not in body.lower()
        assert all(not name.startswith("on") for _, name, _ in parsed.attributes)
        hrefs = [value or "" for tag, name, value in parsed.attributes if name in ("href", "src")]
        assert not any(h.strip().lower().startswith(("javascript:", "file:")) for h in hrefs), hrefs
        assert not re.search(r"<[^>]*\sonerror\s*=", page, re.IGNORECASE)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # shown as text
        # The payloads are still readable as text in the quotes.
        quotes = html_quotes(page)
        for payload in EVIL:
            assert any(payload in q for q in quotes) or payload.startswith("[x]")


def test_malicious_text_is_inert_in_markdown(store: Store, tmp_path: Path) -> None:
    doc_id = evil_store(store, tmp_path)
    for by in ("theme", "document"):
        text = export(store, "md", tmp_path / f"notes-{by}.md", doc=doc_id, by=by).read_text(encoding="utf-8")
        assert "<script" not in text.lower() and "<img" not in text.lower() and "<a " not in text.lower()
        assert not re.search(r"(?<!\\)\]\(\s*javascript:", text, re.IGNORECASE)
        rendered = render_md(text)
        parsed = parse_html(rendered)
        assert "script" not in parsed.tags and "img" not in parsed.tags
        assert not re.search(r"<a\s[^>]*href\s*=\s*[\"']?\s*(javascript|file):", rendered, re.IGNORECASE)
        assert not any(name.startswith("on") for _, name, _ in parsed.attributes)
        assert not any(tag == "a" for tag in parsed.tags)
        # Rendered by an ordinary Markdown renderer, the notes show the hostile text literally.
        assert "note [x](javascript:alert(1))" in rendered
        assert "note &lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_html_sanitiser_removes_markup_that_escaping_might_miss(tagged: Store, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: even raw HTML and links in the Markdown are cut down to the allow-list."""
    hostile = ("# Notes\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
               "[js](javascript:alert(1)) [file](file:///etc/passwd) [ok](https://un.org/)\n\n"
               '<p onclick="alert(1)" style="x">para</p>\n\n<iframe src="https://evil.example"></iframe>\n')
    monkeypatch.setattr("gui.export.html_notes.render_markdown", lambda notes, by, **_: hostile)
    page = export(tagged, "html", tmp_path / "notes.html").read_text(encoding="utf-8")
    parsed = parse_html(page.split("<body>", 1)[1])
    assert not {"script", "img", "iframe"} & set(parsed.tags)
    assert not any(name.startswith("on") for _, name, _ in parsed.attributes)
    hrefs = [v or "" for tag, name, v in parsed.attributes if tag == "a" and name == "href"]
    assert [h for h in hrefs if not h.startswith("#")] == ["https://un.org/"]  # besides the table of contents


def test_html_shows_notes_verbatim(store: Store, tmp_path: Path) -> None:
    note = "~50 per cent of the budget\n=A1 is the cell"
    store.tag(POC_83[0], [POC_83[1]], "poc", note=note, coder="kim")
    page = export(store, "html", tmp_path / "notes.html").read_text(encoding="utf-8")
    assert "\\~" not in page and "\\=" not in page
    assert "~50 per cent of the budget" in page and "=A1 is the cell" in page


# --- CSV ------------------------------------------------------------------------------------------------------
def test_csv_rows(tagged: Store, tmp_path: Path) -> None:
    path = export(tagged, "csv", tmp_path / "a.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.splitlines()[0].startswith(b"\xef\xbb\xbf" + ",".join(CSV_COLUMNS).encode() + b",doc:")
    rows = read_csv(path)
    annotations = tagged.annotations()
    assert len(rows) == len(annotations) == 6
    assert list(rows[0])[:len(CSV_COLUMNS)] == CSV_COLUMNS  # then the documents' attributes ("doc:organ", …)
    for row, annotation in zip(rows, annotations, strict=True):
        assert (row["document"], row["eid"], row["theme"], row["quote"], row["note"], row["coder"], row["created"],
                row["status"]) == (annotation.doc_id, annotation.eid, annotation.theme, annotation.quote,
                                   annotation.note, annotation.coder, annotation.created, "anchored")
    by_eid = {(r["document"], r["eid"], r["theme"]): r for r in rows}
    row = by_eid[(*POC_83, "Protection of civilians (POC)")]
    assert (row["symbol"], row["number"], row["citation"]) == ("S/2017/130", "83", "S/2017/130, para. 83")
    assert row["section"] == "E. Protection of civilians: strengthening ties with political strategies"
    assert row["quote"] == block_text(tagged, POC_83)
    assert by_eid[(*TECH_5A, "Technology & innovation")]["number"] == "5 (a)"
    assert by_eid[(*CHINESE, "Protection of civilians (POC)")]["quote"] == block_text(tagged, CHINESE)
    assert by_eid[(*POC_83, "Political strategy")]["quote"] == SPAN_TEXT


def test_csv_neutralises_formulas_in_quotes_and_notes(store: Store, tmp_path: Path) -> None:
    doc_id = import_text(store, tmp_path, "formulas.txt", "Formulas\n\nThe paragraph one.\n\n"
                         "=HYPERLINK(\"http://x\",\"y\") is a formula\n\n@SUM(A1:A2) is another\n\n"
                         "+1 more\n\n-1 less, a minus.\n")
    blocks = {b.text[:1]: b for b in store.document(doc_id).blocks if b.kind.value == "paragraph"}
    assert set(blocks) == {"T", "=", "@", "+", "-"}
    notes = {"T": "=1+1", "=": "+cmd|' /C calc'!A0", "@": "-2+3", "+": "@A1", "-": "plain note"}
    for first, note in notes.items():
        store.tag(doc_id, [blocks[first].eid], "poc", note=note, coder="kim")
    rows = {r["eid"]: r for r in read_csv(export(store, "csv", tmp_path / "a.csv"))}
    assert len(rows) == 5
    for first, block in blocks.items():
        row = rows[block.eid]
        assert row["quote"] == (block.text if first == "T" else "'" + block.text)
        assert row["note"] == (notes[first] if first == "-" else "'" + notes[first])


def test_csv_neutralises_formulas_in_every_text_cell(store: Store, tmp_path: Path) -> None:
    store.add_theme('=HYPERLINK("http://evil.example","click")')
    store.tag(POC_83[0], [POC_83[1]], '=HYPERLINK("http://evil.example","click")', coder="@evil")
    rows = read_csv(export(store, "csv", tmp_path / "a.csv"))
    assert len(rows) == 1
    bad = {k: v for k, v in rows[0].items() if v[:1] in ("=", "+", "-", "@")}
    assert bad == {}


# --- orphans --------------------------------------------------------------------------------------------------
def orphaned_store(store: Store, folder: Path) -> str:
    """S/2017/130 imported from a copy, para. 90 tagged, then the copy edited to drop para. 90."""
    text = (Path(__file__).resolve().parents[2] / "corpus" / "S-2017-130_WGPKO-report-2016.txt").read_text(
        encoding="utf-8")
    copy = folder / "report.txt"
    copy.write_text(text, encoding="utf-8")
    doc_id = store.import_file(copy).doc_id
    store.tag(doc_id, ["para_90"], "poc", coder="kim", note="orphan-to-be")
    line = next(ln for ln in text.splitlines() if ln.startswith("- 90. "))
    copy.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    assert len(store.import_file(copy).orphaned) == 1
    return doc_id


def test_orphans_are_exported_with_their_quote_and_flagged(store: Store, tmp_path: Path) -> None:
    doc_id = orphaned_store(store, tmp_path)
    orphan = store.orphans(doc_id)[0]
    text = export(store, "md", tmp_path / "n.md", doc=doc_id).read_text(encoding="utf-8")
    assert "### S/2017/130 (orphaned annotation)" in text
    assert "**Status:** orphaned — its paragraph changed or was removed" in text
    assert html_quotes(render_md(text)) == [orphan.quote]
    rows = read_csv(export(store, "csv", tmp_path / "a.csv", doc=doc_id))
    assert [(r["status"], r["eid"], r["quote"]) for r in rows] == [("orphan", "", orphan.quote)]


@pytest.mark.parametrize("fmt", ["qdpx", "jsonld"])
def test_orphan_positions_do_not_point_at_another_paragraph(store: Store, tmp_path: Path, fmt: str) -> None:
    doc_id = orphaned_store(store, tmp_path)
    orphan = store.orphans(doc_id)[0]
    path = export(store, fmt, tmp_path / f"a{FORMATS[fmt]}", doc=doc_id)
    if fmt == "qdpx":
        slices = [s["text"] for s in qdpx_selections(path) if s["guid"] == orphan.id]
    else:
        plain = store.document(doc_id).plain_text()
        items = [i for i in read_jsonld(path)["first"]["items"] if i["id"] == f"urn:uuid:{orphan.id}"]
        assert [selector(i, "TextQuoteSelector")["exact"] for i in items] == [orphan.quote]  # still exported
        slices = [plain[s["start"]:s["end"]] for i in items for s in i["target"]["selector"]
                  if s["type"] == "TextPositionSelector"]
    # Either the orphan is left out of the positional export, or its positions still select its quote.
    assert slices == [orphan.quote] * len(slices)


# --- command line ---------------------------------------------------------------------------------------------
@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    with Store(path) as s:
        tag_standard_set(s)
    return str(path)


def test_cli_export_writes_the_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / "notes.md"
    assert main(["export", "--format", "md", "--out", str(out), "--db", db]) == 2  # no such folder: not created
    assert "the folder" in capsys.readouterr().err and not out.parent.exists()
    out.parent.mkdir()
    assert main(["export", "--format", "md", "--out", str(out), "--db", db]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Annotated notes\n") and "**Passages:** 6 (6 annotations)" in text
    out = tmp_path / "by-doc.md"
    assert main(["export", "--format", "md", "--by", "document", "--out", str(out), "--db", db]) == 0
    heading = ("## [S/2016/1017](https://undocs.org/S/2016/1017) — "
               "2016年11月30日塞内加尔常驻联合国代表给安全理事会主席的信")
    assert heading in out.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("fmt", ["html", "csv", "jsonld", "qdpx", "qdc"])
def test_cli_export_every_format(db: str, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"a{FORMATS[fmt]}"
    assert main(["export", "--format", fmt, "--out", str(out), "--db", db]) == 0
    assert out.stat().st_size > 0
    if fmt == "qdpx":
        assert zipfile.is_zipfile(out)


def test_cli_export_theme_filter(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    assert main(["export", "--format", "csv", "--theme", "tech", "--theme", "Safety & security of peacekeepers",
                 "--out", str(out), "--db", db]) == 0
    rows = read_csv(out)
    assert [(r["document"], r["eid"], r["theme"]) for r in rows] == [
        ("S-2017-130", TECH_5A[1], "Technology & innovation"),
        ("WGPKO-report-2021", REPORT_2021[1], "Safety & security of peacekeepers")]
    out = tmp_path / "a.md"
    assert main(["export", "--format", "md", "--doc", "S-2017-130", "--theme", "poc", "--out", str(out),
                 "--db", db]) == 0
    assert [ln for ln in out.read_text(encoding="utf-8").splitlines() if ln.startswith("###")] == [
        "### S/2017/130, para. 83"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--doc", "NO-SUCH-DOC"], "NO-SUCH-DOC"),
    (["--theme", "nonsense-theme"], "nonsense-theme"),
])
def test_cli_export_bad_scope_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      args: list[str], expected: str) -> None:
    out = tmp_path / "notes.md"
    out.write_text("previous notes", encoding="utf-8")
    assert main(["export", "--format", "md", *args, "--out", str(out), "--db", db]) == 2
    err = capsys.readouterr().err
    assert expected in err and "error:" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "previous notes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("garbage.jsonld", b"\x00\x01\xff\xfe garbage \x80\x81", "UTF-8"),
    ("notes.jsonld", b"this is not JSON at all", "not valid JSON"),
    ("notes.json", b'{"hello": "world"}', "AnnotationCollection"),
    ("notes.txt", b'"just a string"', "AnnotationCollection"),
    ("project.qdpx", b"PK\x03\x04 but not really a zip", "REFI-QDA project"),
    ("codebook.qdc", b"<CodeBook><Codes>", "REFI-QDA codebook"),
])
def test_cli_import_of_garbage_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                       content: bytes, expected: str) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    with Store(db) as s:
        before = s.annotations()
    assert main(["import-annotations", str(file), "--db", db]) == 2
    err = capsys.readouterr().err
    assert str(file) in err and expected in err and "error:" in err and "Traceback" not in err
    with Store(db) as s:
        assert s.annotations() == before


def test_cli_import_of_missing_file_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-annotations", str(tmp_path / "missing.jsonld"), "--db", db]) == 2
    assert "missing.jsonld" in capsys.readouterr().err


@pytest.mark.parametrize("content", [
    '{"type": "AnnotationCollection", "first": "x"}',
    '{"type": "AnnotationCollection", "first": {"items": 5}}',
], ids=["first-is-a-string", "items-is-a-number"])
def test_cli_import_of_malformed_jsonld_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                content: str) -> None:
    file = tmp_path / "malformed.jsonld"
    file.write_text(content, encoding="utf-8")
    assert main(["import-annotations", str(file), "--db", db]) == 2
    assert "malformed.jsonld" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "merged", "why"), [
    ('{"type": "Annotation", "target": {"source": "urn:marginalia:document:S-2017-130", "selector": ['
     '{"type": "TextQuoteSelector", "exact": "Use of technology in peacekeeping operations;"}, '
     '{"type": "TextPositionSelector", "start": "abc"}]}}', 1, None),
    ('{"type": "Annotation", "target": {"source": "urn:marginalia:document:S-2017-130", '
     '"selector": {"type": "TextQuoteSelector", "exact": 5}}}', 0, "no TextQuoteSelector"),
    ('{"type": "Annotation", "body": {"purpose": "tagging", "value": 1}, "target": {"source": '
     '"urn:marginalia:document:S-2017-130", "selector": {"type": "TextQuoteSelector", '
     '"exact": "Use of technology in peacekeeping operations;"}}}', 0, "not text"),
    ('[{"type": "Annotation"}, 7]', 0, "not a W3C Annotation"),
], ids=["start-is-not-a-number", "exact-is-a-number", "theme-is-a-number", "items-without-targets"])
def test_cli_import_of_odd_annotations_reports_each(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    content: str, merged: int, why: str | None) -> None:
    """One odd annotation does not block the others: it is listed as not placed, with the reason."""
    file = tmp_path / "odd.jsonld"
    file.write_text(content, encoding="utf-8")
    assert main(["import-annotations", str(file), "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"merged {merged}, ")
    if why:
        assert why in out and "not placed 0" not in out


def test_cli_import_of_qdpx_with_non_utf8_source_exits_2(db: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.qdpx"
    assert main(["export", "--format", "qdpx", "--out", str(good), "--db", db]) == 0
    bad = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name) if name.endswith(".qde") else b"\xff\xfe\x00 not UTF-8 \x80")
    assert main(["import-annotations", str(bad), "--db", db]) == 2
    assert "bad.qdpx" in capsys.readouterr().err


# --- atomic writing -------------------------------------------------------------------------------------------
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_folder_raises_export_error(tagged: Store, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="cannot be written"):
            export(tagged, "md", folder / "notes.md")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_target_below_a_file_raises_export_error(tagged: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="does not exist"):
        export(tagged, "md", blocker / "notes.md")
    folder = tmp_path / "existing-dir"
    folder.mkdir()
    with pytest.raises(ExportError, match="not a regular file"):
        export(tagged, "csv", folder)
    assert list(folder.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if "notes" in p.name or p.suffix in (".tmp", ".csv")] == []


@pytest.mark.parametrize("fmt", ["md", "qdpx"])
def test_failed_rename_keeps_the_old_file_and_no_temp_file(tagged: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"notes{FORMATS[fmt]}"
    target.write_bytes(b"the previous export")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        export(tagged, fmt, target)
    monkeypatch.undo()
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in folder.iterdir()] == [target.name]
    # And a successful export replaces it whole.
    export(tagged, fmt, target)
    assert target.read_bytes() != b"the previous export" and [p.name for p in folder.iterdir()] == [target.name]


def test_bad_arguments_raise_export_error_before_writing(tagged: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown format"):
        export(tagged, "docx", tmp_path / "a.docx")
    with pytest.raises(ExportError, match="--by"):
        export(tagged, "md", tmp_path / "a.md", by="coder")
    with pytest.raises(StoreError, match="NOPE"):
        export(tagged, "md", tmp_path / "b.md", doc="NOPE")
    assert not any(p.suffix in (".md", ".docx") for p in tmp_path.iterdir())


def test_an_export_never_replaces_the_database(tagged: Store, tmp_path: Path) -> None:
    before = len(tagged.annotations())
    for victim in (tagged.path, Path(f"{tagged.path}-wal")):
        with pytest.raises(ExportError, match="the database itself"):
            export(tagged, "csv", victim)
    link = tmp_path / "link.csv"
    link.symlink_to(tagged.path)
    with pytest.raises(ExportError, match="the database itself"):
        export(tagged, "csv", link)
    with Store(tagged.path) as again:
        assert len(again.annotations()) == before


def test_export_files_get_ordinary_permissions_and_links_are_followed(tagged: Store, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = export(tagged, "md", tmp_path / "notes.md")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by colleagues, like any new file
    path.chmod(0o600)
    export(tagged, "md", path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # a replaced file keeps its own
    real = tmp_path / "shared" / "notes.csv"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "notes-link.csv"
    link.symlink_to(real)
    export(tagged, "csv", link)
    assert link.is_symlink() and real.read_bytes().startswith(b"\xef\xbb\xbfdocument,")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("entity.qdc", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "EXPANDED">]><CodeBook><Codes>'
     b'<Code guid="1" name="&e;" isCodable="true"/></Codes></CodeBook>', "DOCTYPE or entity"),
    ("deep.jsonld", b"[" * 100_000, "not usable JSON"),
    ("bignum.jsonld", b"1" + b"0" * 5000, "not usable JSON"),
    ("empty.jsonld", b"", "not valid JSON"),
], ids=["xml-entities", "deep-nesting", "huge-number", "empty"])
def test_hostile_files_are_refused_with_a_message(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  name: str, content: bytes, message: str) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    assert main(["import-annotations", str(file), "--db", db]) == 2
    err = capsys.readouterr().err
    assert message in err and name in err and "Traceback" not in err


def test_a_qdpx_member_larger_than_the_limit_is_refused(db: str, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from gui.export import refi_read as qdpx  # the reader of REFI-QDA files

    good = tmp_path / "good.qdpx"
    assert main(["export", "--format", "qdpx", "--out", str(good), "--db", db]) == 0
    monkeypatch.setattr(qdpx, "MEMBER_LIMIT", 1000)  # the project file itself is larger than that
    assert main(["import-annotations", str(good), "--db", db]) == 2
    assert "larger than" in capsys.readouterr().err


def test_qdpx_entries_that_cannot_be_read_are_reported(db: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.qdpx"
    assert main(["export", "--format", "qdpx", "--out", str(good), "--db", db]) == 0
    bad = tmp_path / "odd.qdpx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        project = src.read("project.qde").decode("utf-8")
        first = re.search(r'startPosition="(\d+)" endPosition="(\d+)"', project)
        assert first
        project = project.replace(first.group(0), 'startPosition="9" endPosition="3"', 1)
        dst.writestr("project.qde", project)
        for name in src.namelist():
            if name != "project.qde":
                dst.writestr(name, src.read(name))
    capsys.readouterr()
    assert main(["import-annotations", str(bad), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "not placed 1 (1 positions outside the text)" in out and "positions 9–3 are not in the text" in out


def test_a_read_only_target_and_a_link_loop_are_refused(tagged: Store, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        locked = tmp_path / "locked.md"
        locked.write_text("keep me", encoding="utf-8")
        locked.chmod(0o444)
        with pytest.raises(ExportError, match="read-only"):
            export(tagged, "md", locked)
        assert locked.read_text(encoding="utf-8") == "keep me"
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    with pytest.raises(ExportError, match="cannot follow the link"):
        export(tagged, "md", tmp_path / "loop-a")


def test_tagged_words_are_bold_within_their_paragraph_even_with_spaces_around(store: Store, tmp_path: Path) -> None:
    text = store.document("S-2017-130").block("para_36").text
    at = text.index("€750 million")
    store.tag("S-2017-130", ["para_36"], "funding", span=(at - 1, at + len("€750 million") + 1))  # " €750 million "
    rendered = render_md(export(store, "md", tmp_path / "n.md").read_text(encoding="utf-8"))
    assert "<strong>€750 million</strong>" in rendered and "**" not in rendered
    assert html_quotes(rendered) == ["€750 million"]

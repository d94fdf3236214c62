"""Notes a director reads: title, scope and a readable date first, then the contents; colour chips; symbols linked
to the UN's document system; coders named; an optional summary matrix; every new field escaped.

The rendered page was looked at in headless Chromium (screen and print to PDF); these tests check the HTML
structure that look depends on, so that they run where no browser is installed.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.export import export
from gui.export.html_notes import STYLE, render_html
from gui.export.markdown_notes import render_markdown, symbol_link
from gui.export.notes import collect
from gui.export.timestamps import readable_date, readable_moment
from gui.store import Store

from .helpers import POC_83, import_text, parse_html

NB = "\u00a0"
ISO_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


class _Elements(HTMLParser):
    """Every element's tag, attributes and own text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self._open: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, []))
        if tag not in ("br", "meta", "img", "hr"):
            self._open.append(len(self.elements) - 1)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for at in self._open:
            self.elements[at][2].append(data)


def elements(page: str) -> list[tuple[str, dict[str, str], str]]:
    parser = _Elements()
    parser.feed(page)
    return [(tag, attrs, "".join(text)) for tag, attrs, text in parser.elements]


@pytest.fixture
def db(tagged: Store) -> str:
    """The tagged database, for the command line."""
    return str(tagged.path)


def html_of(store: Store, tmp_path: Path, **options: object) -> str:
    return export(store, "html", tmp_path / "notes.html", **options).read_text(encoding="utf-8")  # type: ignore[arg-type]


def md_of(store: Store, tmp_path: Path, **options: object) -> str:
    return export(store, "md", tmp_path / "notes.md", **options).read_text(encoding="utf-8")  # type: ignore[arg-type]


# --- dates as a reader writes them -----------------------------------------------------------------------------
def test_dates_and_times_read_as_a_reader_writes_them() -> None:
    assert readable_date("2017-02-14") == f"14{NB}February{NB}2017"
    assert readable_date("2016-12-02", " ") == "2 December 2016"
    assert readable_date("2017-02") == f"February{NB}2017" and readable_date("2017") == "2017"
    for odd in ("2017-13-01", "2017-02-30", "14/02/2017", "", "soon"):
        assert readable_date(odd) == odd  # not an ISO date: given back as it is
    assert readable_moment("2026-12-02T05:28:08+00:00") == "2 December 2026, 05:28 UTC"
    assert readable_moment("2026-12-02T01:30:00-05:00") == "2 December 2026, 06:30 UTC"
    assert readable_moment("not a time") == "not a time"


# --- the head: title, scope, date, then the contents -------------------------------------------------------------
def test_markdown_opens_with_title_scope_and_a_readable_date(tagged: Store, tmp_path: Path) -> None:
    lines = md_of(tagged, tmp_path).splitlines()
    first_section = next(i for i, ln in enumerate(lines) if ln.startswith("## "))
    head = lines[:first_section]
    assert head[0] == "# Annotated notes"
    labels = [ln.split("**")[1] for ln in head if ln.startswith("**")]
    assert labels == ["Documents:", "Themes:", "Coders:", "Passages:", "Exported:"]
    assert "**Documents:** all 4 documents  " in head and "**Coders:** kim, lee  " in head
    assert "**Passages:** 6 (6 annotations)  " in head
    exported = next(ln for ln in head if ln.startswith("**Exported:**"))
    assert re.fullmatch(r"\*\*Exported:\*\* \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d UTC", exported)
    assert not ISO_STAMP.search("\n".join(lines))  # no raw ISO timestamp anywhere
    assert not re.search(r"\| \d{4}-\d\d-\d\d \|", "\n".join(lines))  # nor an ISO date in the documents table
    # Narrowed to one document and theme, the title says so.
    one = md_of(tagged, tmp_path, doc="S-2017-130", themes=["poc"]).splitlines()
    assert one[0] == "# Annotated notes: Protection of civilians (POC) in S/2017/130"
    assert one[2].startswith("**Documents:** [S/2017/130](https://undocs.org/S/2017/130) — Letter dated 13 February")


def test_html_puts_title_scope_and_date_before_the_contents(tagged: Store, tmp_path: Path) -> None:
    page = html_of(tagged, tmp_path)
    found = elements(page)
    order = [tag if tag != "div" else attrs.get("class", "div") for tag, attrs, _ in found
             if tag in ("h1", "div", "h2") or (tag == "p" and attrs.get("class") == "scope")]
    assert order[:4] == ["h1", "p", "toc", "h2"]  # the contents come after the title and scope, not above them
    h1 = next(text for tag, _, text in found if tag == "h1")
    title = next(text for tag, _, text in found if tag == "title")
    assert h1 == title == "Annotated notes"
    scope = next(text for tag, attrs, text in found if attrs.get("class") == "scope")
    assert "Coders: kim, lee" in scope and "Passages: 6 (6 annotations)" in scope
    assert re.search(r"Exported: \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d UTC", scope)
    assert not ISO_STAMP.search(page)
    toc = [text for tag, attrs, text in found if tag == "a" and attrs.get("href", "").startswith("#")]
    assert toc == ["Documents", "Protection of civilians (POC)", "Technology & innovation",
                   "Safety & security of peacekeepers", "Political strategy"]  # the sections only, not the title
    # Document dates cannot break over two lines: their words are joined by non-breaking spaces.
    cells = [text for tag, _, text in found if tag == "td"]
    assert f"14{NB}February{NB}2017" in cells and f"21{NB}December{NB}2021" in cells
    assert "14&nbsp;February&nbsp;2017" in page


# --- colour chips, links, coders, citations ------------------------------------------------------------------------
def test_each_theme_has_a_chip_in_its_own_colour(tagged: Store, tmp_path: Path) -> None:
    colours = {t.name: t.color for t in tagged.themes()}
    found = elements(html_of(tagged, tmp_path))
    chips = [(i, attrs["style"]) for i, (tag, attrs, _) in enumerate(found)
             if tag == "span" and attrs.get("class") == "chip"]
    assert all(re.fullmatch(r"border-color: #[0-9a-fA-F]{6}", style) for _, style in chips)
    headings = [(i, text) for i, (tag, _, text) in enumerate(found) if tag == "h2" and text in colours]
    assert [text for _, text in headings] == ["Protection of civilians (POC)", "Technology & innovation",
                                              "Safety & security of peacekeepers", "Political strategy"]
    for at, name in headings:  # the chip opens the heading, in the theme's colour, bound to the first word
        assert found[at + 1][0] == "span" and found[at + 1][1] == {"class": "chipped"}
        assert found[at + 2][0] == "span" and found[at + 2][1]["style"] == f"border-color: {colours[name]}"
    assert ".chipped { white-space: nowrap; }" in STYLE  # a line never ends between a chip and its label
    # In the scope line and the contents as well: 4 themes × (scope, contents, heading).
    assert len(chips) == 12
    # Grouped by document, each passage's themes carry their chips.
    by_doc = elements(html_of(tagged, tmp_path, by="document"))
    assert sum(1 for tag, attrs, _ in by_doc if attrs.get("class") == "chip") == 4 + 6  # scope + one per theme named
    # The Markdown stays plain text: no markup, no placeholder left behind.
    text = md_of(tagged, tmp_path) + md_of(tagged, tmp_path, by="document", matrix=True)
    assert "<span" not in text and "chip" not in text and "heat" not in text and "[TOC]" not in text


def test_symbols_link_to_the_document_and_other_names_do_not(tagged: Store, tmp_path: Path) -> None:
    assert symbol_link("S/2017/130") == "https://undocs.org/S/2017/130"
    assert symbol_link("A/75/19/Add.1") == "https://undocs.org/A/75/19/Add.1"
    assert symbol_link("S/PRST/2020/11") == "https://undocs.org/S/PRST/2020/11"
    for not_a_symbol in (None, "", "WGPKO-report-2021", "S/2017/130 extra", 'S/2017/130"><script>', "javascript:1"):
        assert symbol_link(not_a_symbol) is None
    for by in ("theme", "document"):
        found = elements(html_of(tagged, tmp_path, by=by))
        links = {(attrs["href"], text) for tag, attrs, text in found
                 if tag == "a" and not attrs["href"].startswith("#")}
        assert links == {("https://undocs.org/S/2017/130", "S/2017/130"),
                         ("https://undocs.org/S/2016/1017", "S/2016/1017")}
        assert all(attrs.get("rel") == "noopener noreferrer" for tag, attrs, _ in found if tag == "a")


def test_coders_are_named_on_every_passage_and_citations_are_unchanged(tagged: Store, tmp_path: Path) -> None:
    lines = md_of(tagged, tmp_path).splitlines()
    entries = [i for i, ln in enumerate(lines) if ln.startswith("### ")]
    assert len(entries) == 6
    for at in entries:
        facts = next(ln for ln in lines[at + 1:] if ln.startswith("**") and "Note" not in ln)
        assert re.search(r"\*\*Coders?:\*\* (kim|lee)", facts), facts
    found = elements(html_of(tagged, tmp_path))
    assert sorted(text for tag, _, text in found if tag == "h3") == [
        "Challenges-Forum-2018-A4P-POC-background, “Executive Summary”, paragraph 1",
        "S/2016/1017, “2016年11月30日塞内加尔常驻联合国代表给安全理事会主席的信”, paragraph 1",
        "S/2017/130, para. 5 (a)", "S/2017/130, para. 83", "S/2017/130, para. 83", "WGPKO-report-2021, para. 5"]


# --- the summary matrix ----------------------------------------------------------------------------------------
def test_the_summary_matrix_is_optional_and_counts_passages(tagged: Store, tmp_path: Path, db: str) -> None:
    assert "## Summary" not in md_of(tagged, tmp_path)
    assert 'id="summary"' not in html_of(tagged, tmp_path)
    lines = md_of(tagged, tmp_path, matrix=True).splitlines()
    assert lines.index("## Summary") < lines.index("## Documents")  # at the top, after the head
    assert "| Theme | Challenges-Forum-2018-A4P-POC-background | S/2016/1017 | S/2017/130 | WGPKO-report-2021 | " \
           "Total |" in lines
    assert "| Protection of civilians (POC) | 1 | 1 | 1 | · | 3 |" in lines
    assert "| Political strategy | · | · | 1 | · | 1 |" in lines
    page = html_of(tagged, tmp_path, matrix=True)
    assert not re.search(r"(chip|heat|entry|picture)[0-9a-f]{16}", page)  # every placeholder became markup
    found = elements(page)
    shaded = [attrs["style"] for tag, attrs, _ in found if tag == "td" and "background-color" in attrs.get("style", "")]
    assert len(shaded) == 6  # every cell with passages, none without
    red, green, blue = (int(tagged.theme("poc").color[i:i + 2], 16) for i in (1, 3, 5))
    assert all(re.fullmatch(r"text-align: right; background-color: rgba\(\d+, \d+, \d+, 0\.\d+\)", s) for s in shaded)
    assert sum(f"rgba({red}, {green}, {blue}," in s for s in shaded) == 3
    # On the command line: `export --matrix`.
    out = tmp_path / "cli.html"
    assert main(["export", "--format", "html", "--matrix", "--out", str(out), "--db", db]) == 0
    assert 'id="summary"' in out.read_text(encoding="utf-8")


def test_a_subtheme_counts_for_its_parent(store: Store, tmp_path: Path) -> None:
    store.tag(POC_83[0], [POC_83[1]], "poc", coder="kim")
    store.tag(POC_83[0], [POC_83[1]], "poc-early-warning", coder="lee")  # the same paragraph: one passage for POC
    store.tag("S-2017-130", ["para_84"], "poc-early-warning", coder="lee")
    lines = md_of(store, tmp_path, matrix=True).splitlines()
    assert "| Protection of civilians (POC) | 2 | 2 |" in lines
    assert "| › Early warning and rapid response | 2 | 2 |" in lines
    assert "## Protection of civilians (POC) › Early warning and rapid response" in lines
    # In the scope, a sub-theme's passages are said within its parent's.
    scope = "**Themes:** 2 of 20 used — Protection of civilians (POC): 2 (Early warning and rapid response: 2)  "
    assert scope in lines
    # Asking for POC brings its sub-themes' passages along.
    named = md_of(store, tmp_path, themes=["poc"]).splitlines()
    assert [ln for ln in named if ln.startswith("### ")] == ["### S/2017/130, para. 83"] * 2 + [
        "### S/2017/130, para. 84"]
    assert named[0] == "# Annotated notes: Protection of civilians (POC)"


# --- hostile text in the new fields --------------------------------------------------------------------------------
EVIL_TITLE = 'Report <img src=x onerror=alert(1)> [t](javascript:alert(1)) </h1><p>'
EVIL_SYMBOL = 'S/2017/130"><script>alert(1)</script>'
EVIL_CODER = 'kim <script>alert(2)</script>'
EVIL_THEME = 'Theme <img src=x onerror=alert(3)> </title><script>alert(3)</script>'
EVIL_COLOUR = '#fff" onmouseover="alert(4)'


@pytest.mark.parametrize("by", ["theme", "document"])
def test_hostile_titles_symbols_coders_theme_names_and_colours_stay_text(store: Store, tmp_path: Path,
                                                                         by: str) -> None:
    doc_id = import_text(store, tmp_path, "evil.txt", "Hostile notes\n\n1. A paragraph.\n\n2. Another one.\n")
    theme = store.add_theme(EVIL_THEME)
    eids = [b.eid for b in store.document(doc_id).blocks if b.text.startswith(("A paragraph", "Another"))]
    store.tag(doc_id, eids[:1], theme.id, coder=EVIL_CODER)
    store.tag(doc_id, eids[1:], "poc", coder=EVIL_CODER)
    notes = collect(store, doc=doc_id, themes=[theme.id, "poc"])
    bad = dataclasses.replace(theme, color=EVIL_COLOUR)  # the store refuses such a colour; the page must too
    notes.themes = [bad if t.id == theme.id else t for t in notes.themes]
    notes.items = [dataclasses.replace(i, doc_title=EVIL_TITLE, symbol=EVIL_SYMBOL,
                                       theme=bad if i.theme.id == theme.id else i.theme) for i in notes.items]
    notes.documents = [dataclasses.replace(d, title=EVIL_TITLE, symbol=EVIL_SYMBOL) for d in notes.documents]
    page = render_html(notes, by, matrix=True)
    parsed = parse_html(page)
    assert not {"script", "img", "iframe"} & set(parsed.tags)
    assert not any(name.startswith("on") for _, name, _ in parsed.attributes)
    styles = [value or "" for _, name, value in parsed.attributes if name == "style"]
    assert "border-color: #888888" in styles  # the hostile colour became grey
    assert all(re.fullmatch(r"border-color: #[0-9a-fA-F]{6}|text-align: right;"
                            r"|text-align: right; background-color: rgba\(\d+, \d+, \d+, 0\.\d+\)", s) for s in styles)
    hrefs = [value or "" for tag, name, value in parsed.attributes if name == "href"]
    assert all(h.startswith("#") for h in hrefs), hrefs  # not a real symbol: no link
    assert page.count("<h1") == 1 and page.count("<title>") == 1
    found = elements(page)
    texts = "\n".join(text for _, _, text in found)
    for payload in (EVIL_TITLE.strip(), EVIL_SYMBOL, EVIL_CODER, EVIL_THEME):
        assert payload in texts, payload  # shown as text, whole
    title = next(text for tag, _, text in found if tag == "title")
    assert EVIL_THEME in title
    text = render_markdown(notes, by, matrix=True)
    assert "<script" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(\s*javascript:", text)  # "\[t\](javascript:…)" is text, not a link
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in text


# --- print -------------------------------------------------------------------------------------------------------
def test_the_page_prints_like_a_briefing(tagged: Store, tmp_path: Path) -> None:
    # Each passage (citation, quotation, section and coders, notes) is one block that print keeps on one page.
    page = html_of(tagged, tmp_path)
    entries = re.findall(r'<div class="entry">\n(<h3[^>]*>.*?)</div>', page, re.DOTALL)
    assert len(entries) == page.count("<h3") == 6
    assert all(e.count("<h3") == 1 and "<blockquote>" in e and "Coder" in e for e in entries)
    assert "entry" not in md_of(tagged, tmp_path)
    chip_rule = re.search(r"\.chip \{([^}]*)\}", STYLE)
    assert chip_rule and "width: 0" in chip_rule[1] and "border:" in chip_rule[1]  # drawn by borders: prints
    assert "print-color-adjust: exact" in STYLE  # the summary's shading prints too
    print_rules = STYLE[STYLE.index("@media print"):]
    assert "h2, h3, h4, h2 + p { break-after: avoid" in print_rules  # a heading never ends a page
    assert ".entry, blockquote, tr, img, .scope, .chip { break-inside: avoid" in print_rules
    assert "@page { size: A4" in STYLE

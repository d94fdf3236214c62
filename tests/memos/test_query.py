"""Coding queries on the bundled corpus: AND, OR, NOT, parentheses, within paragraph/section/document, by coder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.analysis.query import QueryError, coding_query, parse
from gui.store import Store
from tests.store.test_cli import gui


@pytest.fixture
def coded(store: Store) -> Store:
    """S/2017/130 coded by two coders: POC's sub-theme on paras 5–7, 83; Policing on 6 (kim) and 20;
    Technology on 19."""
    store.tag("S-2017-130", ["para_5", "para_6", "para_7", "para_83"], "poc-dialogue", coder="ann")
    store.tag("S-2017-130", ["para_6"], "police", coder="kim")
    store.tag("S-2017-130", ["para_20"], "police", coder="ann")
    store.tag("S-2017-130", ["para_19"], "tech", coder="ann")
    return store


def eids(store: Store, expression: str, **kw: str) -> list[str]:
    return [h.eid for h in coding_query(store, expression, **kw).hits]


def test_and_or_not_in_one_paragraph_with_subthemes_counting_for_their_theme(coded: Store) -> None:
    assert eids(coded, "POC AND police") == ["para_6"]
    assert eids(coded, "POC AND NOT police") == ["para_5", "para_7", "para_83"]
    assert eids(coded, "police OR tech") == ["para_6", "para_19", "para_20"]
    assert eids(coded, "NOT POC") == ["para_19", "para_20"]  # coded paragraphs without POC
    assert eids(coded, '"Protection of civilians (POC)" AND NOT (police OR tech)') == ["para_5", "para_7", "para_83"]
    assert eids(coded, "(poc-dialogue OR tech) AND NOT Policing") == ["para_5", "para_7", "para_19", "para_83"]


def test_within_section_and_document(coded: Store) -> None:
    # POC and Policing meet in section II.A (paras 6–25): every coded paragraph of it is listed
    result = coding_query(coded, "POC AND police", within="section", count=True)
    assert result.units == 1 and [h.eid for h in result.hits] == ["para_6", "para_7", "para_19", "para_20"]
    assert eids(coded, "POC AND tech", within="section") == ["para_6", "para_7", "para_19", "para_20"]
    assert eids(coded, "police AND NOT tech", within="section") == []
    assert eids(coded, "POC AND tech", within="document") == ["para_5", "para_6", "para_7", "para_19", "para_20",
                                                              "para_83"]
    assert eids(coded, "NOT tech", within="document") == []


def test_pages_read_the_documents_a_few_at_a_time_in_reading_order(coded: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import gui.analysis.query as query

    coded.tag("WGPKO-report-2021", ["para_18", "para_35"], "police", coder="ann")
    whole = [(h.doc_id, h.eid) for h in coding_query(coded, "police").hits]
    monkeypatch.setattr(query, "FIRST_CHUNK", 1)  # one document per statement at first
    assert [(h.doc_id, h.eid) for h in coding_query(coded, "police").hits] == whole
    assert [(h.doc_id, h.eid) for h in coding_query(coded, "police", limit=2, offset=1).hits] == whole[1:3]
    assert coding_query(coded, "police", count=True).units == len(whole) == 4


def test_by_coder(coded: Store) -> None:
    assert eids(coded, "POC AND police", coder="ann") == []
    assert eids(coded, "police", coder="kim") == ["para_6"]
    with pytest.raises(QueryError, match="no coder 'bob'"):
        coding_query(coded, "police", coder="bob")


def test_citations_come_from_stored_blocks(coded: Store) -> None:
    rows = coding_query(coded, "police").rows()
    assert rows[0] == {"doc": "S-2017-130", "eid": "para_6", "citation": "S/2017/130, para. 6",
                       "text": rows[0]["text"]}
    assert rows[0]["text"].startswith("On 28 April, the Working Group met")


@pytest.mark.parametrize(("expression", "message"), [
    ("", "empty expression"),
    ("poc AND", "expected a theme after 'AND' at the end"),
    ("(poc OR tech", "the '(' at character 1 is never closed"),
    ("poc) AND tech", "a ')' without its '(' at character 4"),
    ("poc tech", "no theme 'poc tech'"),
    ("poc and tech", "written in capitals"),
    ('"poc AND tech', "the quote at character 1 is never closed"),
    ("nothing-like-it", "no theme 'nothing-like-it' at character 1"),
    ("(" * 60 + "poc" + ")" * 60, "nest at most 50"),
    ("poc OR " * 400 + "poc", "at most 2,000 characters"),
])
def test_errors_say_what_and_where(coded: Store, expression: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        coding_query(coded, expression)


def test_parse_reads_precedence_as_usual() -> None:
    ids = {"a": frozenset({1}), "b": frozenset({2}), "c": frozenset({3})}
    from gui.analysis.query import describe

    assert describe(parse("a OR b AND NOT c", ids.get)) == "a OR (b AND NOT c)"
    assert describe(parse("(a OR b) AND c", ids.get)) == "(a OR b) AND c"


def test_query_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    for eid, theme in (("para_83", "poc"), ("para_83", "politics"), ("para_19", "tech")):
        assert gui("tag", "S-2017-130", eid, theme, "--db", db).returncode == 0
    rows = json.loads(gui("query", "POC AND politics", "--json", "--db", db).stdout)
    assert [(r["doc"], r["eid"], r["citation"]) for r in rows] == [("S-2017-130", "para_83", "S/2017/130, para. 83")]
    rows = json.loads(gui("query", "tech OR POC", "--within", "document", "--json", "--db", db).stdout)
    assert [r["eid"] for r in rows] == ["para_19", "para_83"]
    bad = gui("query", "POC AND (", "--db", db)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "expected a theme" in bad.stderr


def test_documents_kept_by_the_librarys_filter_words(coded: Store) -> None:
    """Attributes read at import (type, organ), the analyst's own, years and a theme, through the library's parser."""
    coded.tag("S-2016-1017", ["para_3"], "police", coder="ann")
    coded.tag("WGPKO-report-2021", ["para_18"], "police", coder="ann")
    every = [(h.doc_id, h.eid) for h in coding_query(coded, "police").hits]
    assert every == [("S-2016-1017", "para_3"), ("S-2017-130", "para_6"), ("S-2017-130", "para_20"),
                     ("WGPKO-report-2021", "para_18")]

    def docs(words: str, expression: str = "police", **kw: str) -> list[tuple[str, str]]:
        return [(h.doc_id, h.eid) for h in coding_query(coded, expression, documents=words, **kw).hits]

    assert docs("type:letter") == every[1:]  # S/2016/1017 has no type read at import
    assert docs("organ:security") == every[:3]
    assert docs("2017..2020") == every[1:3]
    assert docs("type:letter 2021..2025") == every[3:]  # every word must match
    coded.set_attributes(["S-2016-1017", "WGPKO-report-2021"], {"mission": "UNMISS"})
    assert docs("mission:unmiss") == [every[0], every[3]]
    assert docs('mission:"UNMISS" theme:tech') == []  # theme:KEY keeps documents with that theme coded
    assert docs("theme:tech") == every[1:3]
    assert docs("mission:MONUSCO") == []
    result = coding_query(coded, "POC AND police", within="document", documents="organ:security", count=True)
    assert result.units == 1 and result.kept == 2 and result.asked() == \
        "POC AND police in the 2 document(s) kept by organ:security"
    assert coding_query(coded, "police", documents="S/2017/130", count=True).units == 2  # a symbol, as in the library
    assert docs("type:letter", doc="S-2016-1017") == []  # --doc and the filter both hold


def test_query_command_line_keeps_documents_by_attributes(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    for doc, eid in (("S-2017-130", "para_83"), ("S-2016-1017", "para_3"), ("WGPKO-report-2021", "para_18")):
        assert gui("tag", doc, eid, "poc", "--db", db).returncode == 0
    rows = json.loads(gui("query", "POC", "--where", "type:letter 2017..2017", "--json", "--db", db).stdout)
    assert [(r["doc"], r["eid"]) for r in rows] == [("S-2017-130", "para_83")]
    said = gui("query", "POC", "--where", "organ:security", "--where", "2016..2016", "--db", db)
    assert said.returncode == 0 and said.stdout.startswith("S/2016/1017, para. 3")
    assert "POC in the 1 document(s) kept by organ:security 2016..2016: 1 paragraph(s)" in said.stderr


def test_within_document_each_theme_is_asked_of_the_index_with_the_same_rows_as_reading_all_coding(
        coded: Store) -> None:
    """Within documents, each document asks the covering index whether it holds each theme named (EXISTS, which
    stops at the first answer) instead of grouping all its coding: the rows are those of the documents whose
    whole coding, read here annotation by annotation, satisfies the expression — by coder, for expressions
    that hold with no theme present (only coded documents count), and never counting an orphan."""
    from gui.analysis.query import Node, _statements, holds

    forum = "Challenges-Forum-2018-A4P-POC-background"
    coded.tag("S-2016-1017", ["para_3", "para_4"], "police", coder="ann")
    coded.tag("S-2016-1017", ["para_4"], "tech", coder="kim")
    coded.tag("WGPKO-report-2021", ["para_18"], "poc-physical", coder="kim")
    coded.tag("WGPKO-report-2021", ["para_35"], "politics", coder="ann")
    coded.tag(forum, ["heading_3__p_1"], "police", coder="ann")
    coded.tag(forum, ["heading_3__p_2"], "politics", coder="kim")
    with coded.transaction():  # the policing's passage is gone: an orphan, which no query counts
        coded.db.execute("UPDATE annotations SET status = 'orphan', eid = NULL WHERE doc_id = ? AND eid = ?",
                         [forum, "heading_3__p_1"])
    assert len(coded.annotations(doc=forum, status="orphan")) == 1
    def satisfied(tree: Node, themes: set[int]) -> bool:
        return holds(tree, lambda leaf: bool(leaf.ids & themes))

    order = [str(r[0]) for r in coded.db.execute("SELECT id FROM documents ORDER BY position, id")]
    place = {(str(d), str(e)): int(p) for d, e, p in coded.db.execute("SELECT doc_id, eid, position FROM blocks")}
    for expression in ("POC AND NOT police", "NOT tech", "NOT (POC OR police)", "police AND tech",
                       "(police OR tech) AND POC", "politics OR NOT POC", "POC AND NOT police AND NOT politics"):
        tree = parse(expression, lambda name: coded.theme_family(coded.find_theme(name).id))  # type: ignore[union-attr]
        assert "GROUP BY" not in _statements(tree, "document", None)[0]  # the index is asked, the coding not grouped
        for coder in (None, "ann", "kim"):
            coding: dict[str, list[tuple[int, str]]] = {}
            for ann in coded.annotations(status="anchored"):
                if coder in (None, ann.coder):
                    coding.setdefault(ann.doc_id, []).append((ann.theme_id, str(ann.eid)))
            kept = [d for d in order if d in coding and satisfied(tree, {t for t, _ in coding[d]})]
            expected = sorted({(d, e) for d in kept for _, e in coding[d]}, key=lambda r: (order.index(r[0]), place[r]))
            result = coding_query(coded, expression, within="document", coder=coder, count=True)
            assert [(h.doc_id, h.eid) for h in result.hits] == expected, (expression, coder)
            assert result.units == len(kept), (expression, coder)
    # the forum's document is coded (politics) and its orphaned policing is not read: it has no POC nor police
    assert [(h.doc_id, h.eid) for h in coding_query(coded, "NOT (POC OR police)", within="document").hits] == \
        [(forum, "heading_3__p_2")]

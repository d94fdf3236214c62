"""Keyword in context and word frequencies on the bundled corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.analysis import AnalysisError
from gui.analysis.words import frequencies, frequency_png, kwic, split_marked
from gui.store import Store
from tests.store.test_cli import gui


def test_kwic_rows_are_the_blocks_own_text_with_word_forms(store: Store) -> None:
    rows = kwic(store.db, "advisers")
    texts = {(r[0], r[1]): r[2] for r in store.db.execute("SELECT doc_id, eid, text FROM blocks").fetchall()}
    assert {r.match.lower() for r in rows} == {"adviser", "advisers"}
    assert ("WGPKO-report-2021", "para_35") in {(r.doc_id, r.eid) for r in rows}
    for r in rows:
        assert r.left + r.match + r.right in texts[(r.doc_id, r.eid)]
        assert len(r.left) <= 60 and len(r.right) <= 60
    # reading order: the library's order of documents, then of blocks
    assert [r.doc_id for r in rows] == sorted((r.doc_id for r in rows), key=[r.doc_id for r in rows].index)
    exact = kwic(store.db, '"advisers"')
    assert {r.match.lower() for r in exact} == {"advisers"}
    assert {(r.doc_id, r.eid) for r in kwic(store.db, "advisers", doc="S-2017-130")} == {
        ("S-2017-130", "para_84"), ("S-2017-130", "para_99"), ("S-2017-130", "heading_3__table_1")}


def test_kwic_lists_every_occurrence_in_a_block() -> None:
    text = "the \ue000drones\ue001 and more \ue000drone\ue001 flights"
    assert list(split_marked(text)) == [("the ", "drones", " and more drone flights"),
                                        ("the drones and more ", "drone", " flights")]


def test_kwic_refuses_an_empty_word(store: Store) -> None:
    with pytest.raises(AnalysisError, match="give a word"):
        kwic(store.db, "  ** ")


def test_word_frequencies_per_theme_and_document_with_an_editable_stop_list(store: Store) -> None:
    counts = dict(frequencies(store, doc="S-2017-130", top=200))
    assert counts["peacekeeping"] > counts["drones"] > 0
    assert "the" not in counts and "of" not in counts
    store.tag("S-2017-130", ["para_19", "para_20"], "tech")
    store.tag("S-2017-130", ["para_83"], "poc-dialogue")
    tech = dict(frequencies(store, theme="tech"))
    assert tech["drones"] == 1 and tech["data"] == 3  # "data" twice in para 19, once in para 20
    assert "civilians" in dict(frequencies(store, theme="poc"))  # a sub-theme's passage counts for its theme
    store.set_stop_words(["Data", "the", "of"])
    assert store.stop_words() == ["data", "of", "the"]
    assert "data" not in dict(frequencies(store, theme="tech"))
    assert dict(frequencies(store, theme="tech"))["and"] >= 1  # no longer a stop word
    png = frequency_png(frequencies(store, theme="tech", top=10), "tech")
    assert png.startswith(b"\x89PNG")


def test_kwic_and_words_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    rows = json.loads(gui("kwic", "advisers", "--doc", "WGPKO-report-2021", "--json", "--db", db).stdout)
    assert set(rows[0]) == {"doc", "eid", "left", "match", "right"}
    assert {(r["eid"], r["match"]) for r in rows} == {("para_18", "advisers"), ("para_35", "Adviser")}
    listed = gui("kwic", "adviser", "--db", db)
    assert "[Adviser]" in listed.stdout and "occurrence(s)" in listed.stderr
    words = json.loads(gui("words", "--doc", "S-2017-130", "--top", "3", "--json", "--db", db).stdout)
    assert words[0] == {"word": "peacekeeping", "count": words[0]["count"]} and len(words) == 3
    assert gui("words", "--db", db).returncode == 2

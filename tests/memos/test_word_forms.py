"""Search with word forms, exact phrases and prefixes, and memos found by the search, on the bundled corpus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gui.store import Store, schema
from tests.store.test_cli import gui


def test_advisers_finds_adviser_with_the_exact_form_first(store: Store) -> None:
    hits = [h for h in store.search("advisers") if h.source == "text"]
    places = [(h.doc_id, h.eid) for h in hits]
    assert ("WGPKO-report-2021", "para_35") in places  # "the United Nations Police Adviser"
    exact = [h for h in hits if not h.forms]
    assert exact and all("«advisers»" in h.marked().lower() for h in exact)
    assert [h.forms for h in hits] == sorted(h.forms for h in hits)  # every exact form before any other
    para_35 = next(h for h in hits if h.eid == "para_35" and h.doc_id == "WGPKO-report-2021")
    assert para_35.forms and "«Adviser»" in para_35.marked()


def test_a_phrase_in_quotes_matches_exactly_and_a_prefix_searches_prefixes(store: Store) -> None:
    phrase = [h for h in store.search('"protection advisers"') if h.source == "text"]
    assert phrase
    texts = {(r[0], r[1]): r[2] for r in store.db.execute("SELECT doc_id, eid, text FROM blocks").fetchall()}
    assert all("protection advisers" in texts[(h.doc_id, h.eid)].lower() for h in phrase)
    assert not any(h.forms for h in phrase)
    loose = {(h.doc_id, h.eid) for h in store.search("protection advisers") if h.source == "text"}
    assert {(h.doc_id, h.eid) for h in phrase} < loose  # without quotes, other forms and orders come too
    prefixed = [h for h in store.search("protect*") if h.source == "text"]
    words = {w.lower() for h in prefixed for w in h.marked().split("«")[1:] for w in [w.split("»")[0]]}
    assert {"protection", "protecting"} <= words


def test_memos_are_found_with_the_rest_and_say_so(store: Store) -> None:
    store.set_memo("Early warning networks worked here", doc="S-2017-130", eid="para_83")
    store.set_memo("Include community alert networks", theme="poc-early-warning", field="inclusion")
    hits = [h for h in store.search("network") if h.source == "memo"]
    assert {(h.doc_id, h.eid) for h in hits} == {("S-2017-130", "para_83"), ("", "")}
    theme_hit = next(h for h in hits if not h.doc_id)
    assert theme_hit.citation() == "Theme: Early warning and rapid response, “inclusion”"
    assert "«networks»" in theme_hit.marked()
    definition = [h for h in store.search("drones") if h.source == "memo"]
    assert [h.citation() for h in definition] == ["Theme: Technology & innovation, “definition”"]
    assert "«drones»" in definition[0].marked()


def test_the_word_form_index_is_built_for_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE blocks_forms")
    for name in ("ai", "ad", "au"):
        conn.execute(f"DROP TRIGGER blocks_forms_{name}")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._m9_word_forms)}")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert ("WGPKO-report-2021", "para_35") in {(h.doc_id, h.eid) for h in store.search("advisers")}
        # kept by triggers: a block's new text is searchable by its forms
        with store.transaction():
            store.db.execute("UPDATE blocks SET text = 'Ceasefires monitored' WHERE doc_id = 'S-2017-130' "
                             "AND eid = 'para_1'")
        assert ("S-2017-130", "para_1") in {(h.doc_id, h.eid) for h in store.search("ceasefire")}


def test_search_command_says_when_another_form_matched(tmp_path: Path) -> None:
    done = gui("search", "advisers", "--db", str(tmp_path / "s.db"))
    assert "[word form]" in done.stdout and "another form of the words" in done.stderr
    exact = gui("search", '"advisers"', "--db", str(tmp_path / "s.db"))
    assert "[word form]" not in exact.stdout and "another form" not in exact.stderr

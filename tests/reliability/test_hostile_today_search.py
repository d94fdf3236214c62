"""Hostile input against today's highlighted snippets: text that holds the snippets' own mark characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.store import Store
from gui.store.search import MARK_END, MARK_START

# A lone opening mark, a pair around a word that is not searched for, and Chinese (searched by substring).
HOSTILE = (f"Marks\n\n1. The mission used {MARK_START}secret{MARK_END} drones near {MARK_START} the river"
           " for surveillance of the area.\n\n2. 维持和平 行动 使用 无人机 {MARK_END} 监视。\n")


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Store, str]:
    file = tmp_path / "marks.txt"
    file.write_text(HOSTILE, encoding="utf-8")
    store = Store(tmp_path / "marks.db", import_corpus=False)
    doc_id = store.import_file(file).doc_id
    return store, doc_id


def matches(store: Store, query: str, **filters: object) -> list[list[str]]:
    """The highlighted words of each hit in the text (a theme's definition, a memo, may mention drones too)."""
    return [[part for part, hit in h.pieces() if hit] for h in store.search(query, **filters)  # type: ignore[arg-type]
            if h.source == "text"]


def test_only_the_searched_words_are_highlighted_in_text_that_holds_the_marks(hostile: tuple[Store, str]) -> None:
    store, _doc = hostile
    with store:
        assert matches(store, "drones") == [["drones"]]  # not "secret", and the lone mark flips nothing
        assert matches(store, "surveillance") == [["surveillance"]]
        assert matches(store, "无人机") == [["无人机"]]
        hit = store.search("surveillance")[0]
        assert "«" not in hit.marked().replace("«surveillance»", "")
        assert "secret" in hit.marked()  # the text is all there, its own marks shown as U+FFFD


def test_a_note_or_a_passage_holding_the_marks_highlights_nothing_of_its_own(hostile: tuple[Store, str]) -> None:
    store, doc = hostile
    with store:
        eid = store.document(doc).blocks[1].eid
        store.tag(doc, [eid], "poc", note=f"see {MARK_START}this{MARK_END} and the drones {MARK_END} again")
        notes = [h for h in store.search("again") if h.source == "note"]
        assert [[p for p, hit in h.pieces() if hit] for h in notes] == [["again"]]
        listed = store.search("", theme="poc")
        assert listed and all(not hit for h in listed for _p, hit in h.pieces())  # a listing marks no match


def test_a_word_of_two_million_letters_makes_a_short_snippet(tmp_path: Path) -> None:
    file = tmp_path / "run.txt"  # the snippet was the whole 2 MB "word", laid out by the results list
    file.write_text(f"Run\n\n1. The mission drones {'x' * 2_000_000} used.\n\n2. {'y' * 1_000_000} 无人机\n",
                    encoding="utf-8")
    with Store(tmp_path / "run.db", import_corpus=False) as store:
        store.import_file(file)
        for query in ("drones", "y*", "无人机"):
            hits = store.search(query)
            assert hits and all(len(h.snippet) < 400 for h in hits), query
            assert next(p for p, hit in hits[0].pieces() if hit)[:1] in ("d", "y", "无")


def test_a_text_holding_every_private_use_character_is_found_without_error(tmp_path: Path) -> None:
    every = "".join(map(chr, range(0xE000, 0xF900))) + "".join(map(chr, range(0xF0000, 0x10FFFE)))
    file = tmp_path / "pua.txt"  # no two spare characters left to mark its matches with: StopIteration
    file.write_text(f"PUA\n\n1. The drones {every} here.\n", encoding="utf-8")
    with Store(tmp_path / "pua.db", import_corpus=False) as store:
        store.import_file(file)
        hits = [h for h in store.search("drones") if h.source == "text"]  # not the Technology theme's definition
        assert len(hits) == 1 and len(hits[0].snippet) < 400
        assert MARK_START not in hits[0].snippet.replace(MARK_START + "drones" + MARK_END, "")

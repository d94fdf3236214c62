"""The store on the bundled corpus: documents, themes, tagging, undo support, notes, search."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.store import Store, StoreError


def test_fresh_database_imports_the_corpus_and_seeds_themes(store: Store) -> None:
    docs = {d.id: d for d in store.documents()}
    assert set(docs) == {"S-2017-130", "S-2016-1017", "WGPKO-report-2021", "Challenges-Forum-2018-A4P-POC-background"}
    assert docs["S-2017-130"].symbol == "S/2017/130" and docs["S-2017-130"].numbered_paragraphs == 110
    assert not any(d.missing for d in docs.values())
    themes = store.themes()
    assert len(themes) >= 14
    top = [t for t in themes if t.parent_id is None]
    assert [t.digit for t in top[:9]] == list(range(1, 10))
    assert themes[0].name == "Protection of civilians (POC)" and themes[0].key == "poc"
    names = {t.name for t in themes}
    for expected in ("Intelligence & information", "Policing", "Triangular cooperation", "Funding & resources"):
        assert expected in names


def test_empty_database_on_request(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db", import_corpus=False) as s:
        assert s.documents() == []
        themes = s.themes()
        assert len([t for t in themes if t.parent_id is None]) == 14 and len(themes) == 20


def test_tag_several_blocks_in_one_step_and_coverage(store: Store) -> None:
    changes = store.tag("S-2017-130", ["para_83", "para_84", "para_85"], "poc", note="POC meeting", coder="ana")
    assert len(changes.annotation_ids) == 3
    assert changes.blocks == {("S-2017-130", e) for e in ("para_83", "para_84", "para_85")}
    annotations = store.annotations(doc="S-2017-130")
    assert [a.eid for a in annotations] == ["para_83", "para_84", "para_85"]
    first = annotations[0]
    assert first.theme == "Protection of civilians (POC)" and first.coder == "ana" and first.note == "POC meeting"
    assert first.quote == store.document("S-2017-130").block("para_83").text
    assert first.anchor.prefix.endswith("ties with political strategies\n\n")
    assert len(first.anchor.prefix) == 32 and len(first.anchor.suffix) == 32
    info = next(d for d in store.documents() if d.id == "S-2017-130")
    assert (info.tagged_blocks, info.body_blocks) == (3, 141)
    assert info.coverage() == (3, 110, "paragraphs")
    store.tag("S-2017-130", ["para_5__list_1__point_a", "para_5__list_1__point_b"], "tech", coder="ana")
    assert store.documents("S-2017-130")[0].coverage() == (4, 110, "paragraphs")  # para 5, through its points
    store.untag("S-2017-130", ["para_5__list_1__point_a", "para_5__list_1__point_b"], "tech", coder="ana")
    # Tagging again is a no-op; untag removes one coder's annotations; delete/restore round-trips exactly.
    assert store.tag("S-2017-130", ["para_83"], "poc", coder="ana").annotation_ids == ()
    assert store.untag("S-2017-130", ["para_84"], "poc", coder="someone else") == []
    removed = store.untag("S-2017-130", ["para_84"], "poc", coder="ana")
    assert [a.eid for a in removed] == ["para_84"]
    store.restore_annotations(removed)
    assert store.annotation(removed[0].id) == removed[0]


def test_tag_is_atomic(store: Store) -> None:
    with pytest.raises(StoreError, match="no block 'para_999'"):
        store.tag("S-2017-130", ["para_1", "para_999"], "poc")
    assert store.annotations() == []


def test_span_tag_and_note(store: Store) -> None:
    block = store.document("S-2017-130").block("para_36")
    start = block.text.index("€750 million")
    store.tag("S-2017-130", ["para_36"], "funding", span=(start, start + len("€750 million")))
    [ann] = store.annotations(theme="funding")
    assert ann.quote == "€750 million" and ann.span == (start, start + 12)
    store.set_note(ann.id, "EU contribution to the Peace Fund")
    assert store.annotation(ann.id).note == "EU contribution to the Peace Fund"
    assert store.annotation(ann.id).modified >= ann.modified


def test_themes_add_rename_recolour_digit_merge_delete(store: Store) -> None:
    custom = store.add_theme("Elections", key="elect", color="#123456", digit=1)
    assert store.theme("elect").digit == 1 and store.theme("poc").digit is None  # the digit moved
    store.update_theme("elect", name="Elections & transitions", color="#654321")
    assert store.theme(custom.id).name == "Elections & transitions"
    with pytest.raises(StoreError, match="already taken"):
        store.update_theme("elect", name="Policing")
    store.tag("S-2017-130", ["para_1", "para_2"], "elect", coder="ana")
    store.tag("S-2017-130", ["para_2"], "politics", coder="ana")
    with pytest.raises(StoreError, match="has 2 annotations"):
        store.delete_theme("elect")
    store.merge_themes("elect", "politics")
    assert sorted(a.eid or "" for a in store.annotations(theme="politics")) == ["para_1", "para_2"]
    with pytest.raises(StoreError, match="no theme"):
        store.theme("elect")
    store.delete_theme("politics", delete_annotations=True)
    assert store.annotations() == []


def test_search_text_notes_filters_and_unsafe_queries(store: Store) -> None:
    hits = store.search("drones")
    assert {(h.doc_id, h.eid) for h in hits} >= {("S-2017-130", "para_19"), ("WGPKO-report-2021", "para_25")}
    assert all("«drones»" in h.marked().lower() or "«drone" in h.marked().lower() for h in hits)
    store.tag("S-2017-130", ["para_19"], "tech", note="skepticism about UAVs")
    assert [(h.eid, h.source) for h in store.search("drones", theme="tech")] == [("para_19", "text")]
    assert [(h.eid, h.source) for h in store.search("skepticism")] == [("para_19", "note")]
    assert {h.doc_id for h in store.search("police", doc="WGPKO-report-2021")} == {"WGPKO-report-2021"}
    for nasty in ('"', "AND", "NOT OR", "a*)(", "col:umn", "NEAR(a b)"):
        store.search(nasty)  # quoted: never an FTS syntax error
    assert store.search("保护平民")[0].doc_id == "S-2016-1017"
    assert store.search("   ") == []


def test_missing_document_file_keeps_text_and_annotations(tmp_path: Path) -> None:
    source = Path("corpus/S-2017-130_WGPKO-report-2016.txt").read_text(encoding="utf-8")
    copy = tmp_path / "S-2017-130.txt"
    copy.write_text(source, encoding="utf-8")
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        report = s.import_file(copy)
        s.tag(report.doc_id, ["para_83"], "poc")
    copy.unlink()
    with Store(tmp_path / "m.db") as s:
        [info] = s.documents()
        assert info.missing
        assert s.document(info.id).block("para_83").text.startswith("On 3 November")
        assert [a.eid for a in s.annotations()] == ["para_83"]


def test_reimport_of_unchanged_file_is_a_no_op(store: Store) -> None:
    path = next(d.path for d in store.documents() if d.id == "S-2017-130")
    assert path is not None
    assert store.import_file(path).status == "unchanged"
    assert len(store.documents()) == 4


def test_coder_default_and_list(store: Store) -> None:
    store.set_default_coder("Rahel")
    store.tag("S-2017-130", ["para_1"], "poc")
    assert store.annotations()[0].coder == "Rahel"
    assert "Rahel" in store.coders()


def test_untag_touches_one_coders_work_unless_asked(store: Store) -> None:
    store.tag("S-2017-130", ["para_83"], "poc", coder="alice", note="alice's reading")
    store.tag("S-2017-130", ["para_83"], "poc", coder="bob")
    store.set_default_coder("bob")
    assert [a.coder for a in store.untag("S-2017-130", ["para_83"], "poc")] == ["bob"]
    assert [(a.coder, a.note) for a in store.annotations()] == [("alice", "alice's reading")]
    store.tag("S-2017-130", ["para_83"], "poc")
    assert sorted(a.coder for a in store.untag("S-2017-130", ["para_83"], "poc", all_coders=True)) == ["alice", "bob"]


def test_theme_names_are_one_line_and_found_by_digit(store: Store) -> None:
    theme = store.add_theme("  Elections \n and  mediation ")
    assert theme.name == "Elections and mediation"
    assert store.theme("elections AND mediation").id == theme.id
    assert store.theme("9").name == "Political strategy"  # the keyboard digit, as the CLI accepts it
    with pytest.raises(StoreError, match="already exists"):
        store.add_theme("elections and   MEDIATION")
    with pytest.raises(StoreError, match="#RRGGBB"):
        store.add_theme("Colourful", color="not-a-colour<b>")
    long_a = store.add_theme("Protection of civilians in Mali")
    long_b = store.add_theme("Protection of civilians in South Sudan")
    assert long_a.key != long_b.key


def test_tag_span_outside_the_block_is_a_clear_error(store: Store) -> None:
    for span in ((50, 10), (0, 100_000), (-5, 3)):
        with pytest.raises(StoreError, match="not inside para_83"):
            store.tag("S-2017-130", ["para_83"], "poc", span=span)
    assert store.annotations() == []


def test_chinese_search_finds_notes_too(store: Store) -> None:
    store.tag("S-2017-130", ["para_83"], "poc", note="与中文说明有关")
    hits = store.search("中文")
    assert ("S-2017-130", "para_83", "note") in {(h.doc_id, h.eid, h.source) for h in hits}
    assert any(h.source == "text" and h.doc_id == "S-2016-1017" for h in store.search("安全理事会"))


def test_a_moved_file_is_followed_and_a_copy_is_named(store: Store, tmp_path: Path) -> None:
    text = store.document("S-2017-130").source
    first = tmp_path / "a" / "report.txt"
    first.parent.mkdir()
    first.write_text(text, encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_text(text, encoding="utf-8")
    report = store.import_file(copy)
    assert report.status == "new" and "the same text as S-2017-130" in report.summary()
    copy.unlink()
    moved = tmp_path / "moved.txt"
    moved.write_text(text, encoding="utf-8")
    again = store.import_file(moved)  # the copy's file is gone: it moved here
    assert (again.status, again.doc_id) == ("unchanged", report.doc_id)
    assert store.documents(report.doc_id)[0].path == str(moved.resolve())


def test_merging_themes_keeps_a_colleagues_annotation(store: Store) -> None:
    store.add_theme("Mediation")
    store.tag("S-2017-130", ["para_84"], "Mediation", coder="bob")
    store.tag("S-2017-130", ["para_84"], "politics", coder="root")
    store.tag("S-2017-130", ["para_85"], "Mediation", coder="root")
    store.tag("S-2017-130", ["para_85"], "politics", coder="root")  # the same coder's duplicate collapses
    store.merge_themes("Mediation", "politics")
    assert sorted((a.eid, a.coder) for a in store.annotations(theme="politics")) == [
        ("para_84", "bob"), ("para_84", "root"), ("para_85", "root")]


def test_search_hits_carry_what_is_needed_to_cite_them(store: Store) -> None:
    hits = {(h.doc_id, h.eid): h for h in store.search("civilians", limit=500)}
    point = hits[("S-2017-130", "para_5__list_1__point_e")]
    assert (point.kind, point.num) == ("point", "e")
    under = next(h for (doc, _), h in hits.items() if doc == "S-2016-1017" and h.kind == "paragraph")
    assert under.section  # the heading it sits under, for documents without paragraph numbers

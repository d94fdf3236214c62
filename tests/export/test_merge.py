"""Merging colleagues' work (W3C JSON-LD, REFI-QDA) into a database, and lossless round trips."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gui.__main__ import main
from gui.core.annotations import Annotation
from gui.export import export, import_annotations
from gui.store import Store

from .helpers import CHINESE, POC_83, SPAN_TEXT, import_text, qdpx_selections, read_jsonld, selector

Key = tuple[Any, ...]


def key(a: Annotation) -> Key:
    """Everything an annotation is, apart from its row in one particular database."""
    return (a.id, a.doc_id, a.eid, a.theme, a.quote, a.note, a.coder, a.created, a.modified, a.span, a.status)


def keys(store: Store) -> set[Key]:
    return {key(a) for a in store.annotations()}


@dataclass(frozen=True)
class Colleague:
    name: str
    jsonld: Path
    qdpx: Path
    annotations: set[Key]  # what is placeable on the bundled corpus
    private: str  # id of the annotation on a document only this colleague has


@pytest.fixture(scope="module")
def colleagues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Colleague]:
    """Alice and Bob each code the corpus in their own database and export their work."""
    out = {}
    for name in ("alice", "bob"):
        folder = tmp_path_factory.mktemp(name)
        with Store(folder / f"{name}.db") as s:
            s.set_default_coder(name)
            if name == "alice":
                s.tag(POC_83[0], [POC_83[1], "para_84"], "poc", note="alice: the POC meeting\nsecond line")
                s.tag(CHINESE[0], [CHINESE[1]], "politics")
                text = s.document(POC_83[0]).block(POC_83[1]).text
                at = text.index(SPAN_TEXT)
                s.tag(POC_83[0], [POC_83[1]], "politics", span=(at, at + len(SPAN_TEXT)), note="span")
                s.tag("WGPKO-report-2021", ["para_5"], "safety")
                s.add_theme("Elections", color="#12ab9f", description="Electoral support")
                s.tag("WGPKO-report-2021", ["para_6"], "Elections", note="new theme")
            else:
                s.tag(POC_83[0], [POC_83[1]], "poc", note="bob agrees")  # same place as alice, other coder
                s.tag("Challenges-Forum-2018-A4P-POC-background", ["heading_4__p_1"], "poc", note="bob")
                s.tag("S-2017-130", ["para_5__list_1__point_a"], "tech")
            shared = keys(s)
            doc_id = import_text(s, folder, f"{name}-private-notes.txt",
                                 f"Private notes of {name}\n\nThis paragraph exists only in the database of {name}.\n")
            eid = next(b.eid for b in s.document(doc_id).blocks if b.text.startswith("This paragraph"))
            private = s.tag(doc_id, [eid], "poc").annotation_ids[0]
            out[name] = Colleague(name, export(s, "jsonld", folder / f"{name}.jsonld"),
                                  export(s, "qdpx", folder / f"{name}.qdpx"), shared, private)
    assert len(out["alice"].annotations) == 6 and len(out["bob"].annotations) == 3
    return out


@pytest.mark.parametrize("fmt", ["jsonld", "qdpx"])
def test_two_coders_merge_into_a_third_database(colleagues: dict[str, Colleague], tmp_path: Path,
                                                fmt: str) -> None:
    alice, bob = colleagues["alice"], colleagues["bob"]
    with Store(tmp_path / "team.db") as team:
        assert team.annotations() == []
        first = import_annotations(team, getattr(alice, fmt))
        second = import_annotations(team, getattr(bob, fmt))
        assert sorted(first.merged) == sorted(k[0] for k in alice.annotations)
        assert sorted(second.merged) == sorted(k[0] for k in bob.annotations)
        assert first.duplicates == second.duplicates == []
        # Each colleague's private document is not ours: reported, not attached anywhere.
        assert [i for i, _ in first.unplaced] == [alice.private] and [i for i, _ in second.unplaced] == [bob.private]
        assert "no document matching" in first.unplaced[0][1]
        assert first.themes_created == ["Elections"] and second.themes_created == []
        assert keys(team) == alice.annotations | bob.annotations
        assert {"alice", "bob"} <= set(team.coders())
        assert sum(a.coder == "alice" for a in team.annotations()) == 6
        assert sum(a.coder == "bob" for a in team.annotations()) == 3
        on_83 = team.annotations(doc=POC_83[0], eid=POC_83[1], theme="poc")
        assert sorted((a.coder, a.note) for a in on_83) == [("alice", "alice: the POC meeting\nsecond line"),
                                                            ("bob", "bob agrees")]
        elections = team.theme("Elections")
        if fmt == "qdpx":  # the codebook travels with the project
            assert (elections.color, elections.description) == ("#12AB9F", "Electoral support")
        # Importing the same files again adds nothing.
        again = [import_annotations(team, getattr(c, fmt)) for c in (alice, bob)]
        assert [r.merged for r in again] == [[], []]
        assert [sorted(r.duplicates) for r in again] == [sorted(k[0] for k in c.annotations) for c in (alice, bob)]
        assert again[0].themes_created == []
        assert keys(team) == alice.annotations | bob.annotations


def test_the_same_work_in_two_formats_is_merged_once(colleagues: dict[str, Colleague], tmp_path: Path) -> None:
    alice = colleagues["alice"]
    with Store(tmp_path / "team.db") as team:
        assert len(import_annotations(team, alice.jsonld).merged) == 6
        report = import_annotations(team, alice.qdpx)
        assert report.merged == [] and len(report.duplicates) == 6
        assert keys(team) == alice.annotations


def test_unknown_theme_is_created_and_can_be_mapped(colleagues: dict[str, Colleague], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    with Store(db) as team:
        assert "Elections" not in {t.name for t in team.themes()}
    assert main(["import-annotations", str(colleagues["alice"].jsonld), "--map", "Elections=poc",
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "merged 6, duplicates 0, not placed 1 (1 no such document), dropped 0" in out and "new themes" not in out
    with Store(db) as team:
        assert "Elections" not in {t.name for t in team.themes()}
        [mapped] = team.annotations(doc="WGPKO-report-2021", eid="para_6")
        assert (mapped.theme, mapped.note, mapped.coder) == ("Protection of civilians (POC)", "new theme", "alice")


def test_quote_missing_from_our_corpus_is_unplaced_not_attached(colleagues: dict[str, Colleague],
                                                               tmp_path: Path) -> None:
    data = read_jsonld(colleagues["alice"].jsonld)
    items = data["first"]["items"]
    changed = next(i for i in items if i["target"]["marginalia:eid"] == "para_84")
    selector(changed, "TextQuoteSelector")["exact"] = (
        "The Working Group welcomed the deployment of a lunar peacekeeping mission to the Sea of Tranquility.")
    file = tmp_path / "edited.jsonld"
    file.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "team.db") as team:
        report = import_annotations(team, file)
        lost = changed["id"].removeprefix("urn:uuid:")
        assert sorted(i for i, _ in report.unplaced) == sorted([lost, colleagues["alice"].private])
        assert any(why.startswith(("the quote is not in S-2017-130", "only an approximate match in S-2017-130"))
                   for _, why in report.unplaced), report.unplaced
        assert len(report.merged) == 5 and lost not in report.merged
        assert team.annotations(eid="para_84") == []
        assert lost not in {a.id for a in team.annotations()}
        assert "not placed 2 (1 quote not in the document, 1 no such document)" in report.summary()


def test_a_plain_w3c_annotation_from_another_tool_is_placed_by_its_quote(store: Store, tmp_path: Path) -> None:
    text = store.document("S-2017-130").block("para_84").text
    file = tmp_path / "other-tool.json"
    file.write_text(json.dumps([{
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://example.org/anno/1", "type": "Annotation",
        "creator": {"type": "Person", "name": "carol"}, "created": "2024-05-01T10:00:00Z",
        "body": [{"type": "TextualBody", "value": "Policing", "purpose": "tagging"},
                 {"type": "TextualBody", "value": "from Hypothesis", "purpose": "commenting"}],
        "target": {"source": "S/2017/130", "selector": {"type": "TextQuoteSelector", "exact": text}},
    }]), encoding="utf-8")
    report = import_annotations(store, file)
    assert len(report.merged) == 1 and report.unplaced == [] and report.themes_created == []
    [placed] = store.annotations()
    assert (placed.doc_id, placed.eid, placed.theme, placed.quote, placed.note, placed.coder, placed.created,
            placed.span) == ("S-2017-130", "para_84", "Policing", text, "from Hypothesis", "carol",
                             "2024-05-01T10:00:00.000+00:00", None)  # times are normalised on import


# --- round trips ----------------------------------------------------------------------------------------------
def jsonld_items(path: Path) -> set[Key]:
    out = set()
    for item in read_jsonld(path)["first"]["items"]:
        target = item["target"]
        out.add((item["id"], target["source"]["id"], target["marginalia:eid"], target["marginalia:wholeBlock"],
                 target["marginalia:citation"], tuple(b["value"] for b in item["body"] if b["purpose"] == "tagging"),
                 tuple(b["value"] for b in item["body"] if b["purpose"] == "commenting"),
                 tuple(sorted(selector(item, "TextQuoteSelector").items())),
                 tuple(sorted(selector(item, "TextPositionSelector").items())),
                 item["creator"]["name"], item["created"], item["modified"]))
    return out


def qdpx_items(path: Path) -> set[Key]:
    return {tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(s.items()))
            for s in qdpx_selections(path)}


@pytest.mark.parametrize("fmt", ["jsonld", "qdpx"])
def test_round_trip_is_lossless(tagged: Store, tmp_path: Path, fmt: str) -> None:
    tagged.tag("S-2017-130", ["heading_3__table_1"], "partners", note="a table\nwith a two-line note", coder="lee")
    chinese = tagged.document(CHINESE[0]).block(CHINESE[1]).text
    at = chinese.index("保护平民")
    tagged.tag(CHINESE[0], [CHINESE[1]], "politics", coder="lee", span=(at, at + 4), note="span in Chinese")
    reader = jsonld_items if fmt == "jsonld" else qdpx_items
    first = export(tagged, fmt, tmp_path / f"first.{fmt}")
    with Store(tmp_path / "fresh.db") as fresh:
        assert fresh.annotations() == []
        report = import_annotations(fresh, first)
        assert len(report.merged) == 8 and report.unplaced == [] and report.duplicates == []
        assert keys(fresh) == keys(tagged)
        second = export(fresh, fmt, tmp_path / f"second.{fmt}")
        assert reader(second) == reader(first)
        assert len(reader(first)) == 8


@pytest.mark.parametrize("fmt", ["jsonld", "qdpx"])
def test_round_trip_of_a_span_that_equals_a_heading(store: Store, tmp_path: Path, fmt: str) -> None:
    # S/2016/1017 has a heading "Challenges"; the heading "Challenges and Discussion Questions" starts with it.
    document = store.document("S-2016-1017")
    assert document.block("heading_5").text == "Challenges"
    assert document.block("heading_7").text.startswith("Challenges ")
    store.tag("S-2016-1017", ["heading_7"], "poc", coder="kim", span=(0, len("Challenges")))
    with Store(tmp_path / "fresh.db") as fresh:
        import_annotations(fresh, export(store, fmt, tmp_path / f"a.{fmt}"))
        assert keys(fresh) == keys(store)  # actually: eid heading_5, span None


def test_import_of_themes_with_a_long_common_prefix(colleagues: dict[str, Colleague], tmp_path: Path) -> None:
    data = read_jsonld(colleagues["bob"].jsonld)
    names = ["Protection of civilians in Mali", "Protection of civilians in South Sudan"]
    for item, name in zip(data["first"]["items"], names, strict=False):
        next(b for b in item["body"] if b["purpose"] == "tagging")["value"] = name
    file = tmp_path / "long-names.jsonld"
    file.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "team.db") as team:
        report = import_annotations(team, file)
        assert report.themes_created == names
        assert len(report.merged) == 3


def test_a_failed_merge_leaves_no_trace(colleagues: dict[str, Colleague], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The codebook and the annotations land together or not at all (a failure after the new themes were
    created takes them back out)."""
    with Store(tmp_path / "team.db") as team:
        themes_before, annotations_before = team.themes(), team.annotations()

        def disk_full(*_args: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(team, "restore_annotations", disk_full)
        with pytest.raises(OSError):
            import_annotations(team, colleagues["alice"].qdpx)
        monkeypatch.undo()
        team.invalidate()
        assert team.themes() == themes_before
        assert team.annotations() == annotations_before
        assert not any(t.name == "Elections" for t in team.themes())


def w3c(quote: str, theme: str = "Policing", source: str = "S/2017/130", **extra: Any) -> dict[str, Any]:
    """A bare W3C annotation as another tool writes it: no id, no position."""
    return {"type": "Annotation", "body": [{"type": "TextualBody", "value": theme, "purpose": "tagging"}],
            "target": {"source": source, "selector": {"type": "TextQuoteSelector", "exact": quote}}, **extra}


def test_a_near_miss_is_not_placed(store: Store, tmp_path: Path) -> None:
    """A merge adds a colleague's judgement: only their exact words may carry it, never a fuzzy neighbour."""
    file = tmp_path / "near.json"
    file.write_text(json.dumps([w3c("Protection of civilians and political strategies")]), encoding="utf-8")
    report = import_annotations(store, file)
    assert report.merged == [] and store.annotations() == []
    [(_, why)] = report.unplaced
    assert why.startswith(("the quote is not in S-2017-130", "only an approximate match in S-2017-130"))


def test_a_quote_that_repeats_without_telling_context_is_not_placed(store: Store, tmp_path: Path) -> None:
    plain = store.document("S-2017-130").plain_text()
    assert plain.count("the Working Group") > 1
    file = tmp_path / "repeat.json"
    file.write_text(json.dumps([w3c("the Working Group")]), encoding="utf-8")
    report = import_annotations(store, file)
    assert report.merged == [] and "times in S-2017-130 and its context does not say which" in report.unplaced[0][1]


def test_annotations_without_ids_from_two_files_are_both_merged(store: Store, tmp_path: Path) -> None:
    document = store.document("S-2017-130")
    for name, eid in (("a.json", "para_12"), ("b.json", "para_14")):
        (tmp_path / name).write_text(json.dumps([w3c(document.block(eid).text)]), encoding="utf-8")
    first = import_annotations(store, tmp_path / "a.json")
    second = import_annotations(store, tmp_path / "b.json")
    assert (len(first.merged), len(second.merged), second.duplicates) == (1, 1, [])
    assert sorted(a.eid or "" for a in store.annotations()) == ["para_12", "para_14"]
    assert import_annotations(store, tmp_path / "b.json").duplicates == second.merged  # the same file again


def test_tagging_while_a_merge_places_its_quotes_does_not_fail_it(colleagues: dict[str, Colleague],
                                                                 tmp_path: Path) -> None:
    """The window keeps working during a merge: a tag committed by another connection while the quotes are
    being placed is kept, and the merge still lands."""
    db = tmp_path / "team.db"
    with Store(db) as team, Store(db) as window:
        def tag_meanwhile(done: int, _total: int) -> None:
            if done == 0:
                window.tag("S-2017-130", ["para_1"], "poc", coder="me")

        report = import_annotations(team, colleagues["bob"].jsonld, progress=tag_meanwhile)
        assert len(report.merged) == 3
        assert {a.coder for a in team.annotations()} == {"me", "bob"}


def test_a_stale_eid_in_the_file_does_not_override_the_context(store: Store, tmp_path: Path) -> None:
    """Their para_6 is our para_10: the words occur in both, the context says which."""
    document = store.document("S-2017-130")
    word = "technology"
    hits = [b.eid for b in document.blocks if word in b.text]
    assert len(hits) > 2
    target = document.block(hits[2])
    at = target.text.index(word)
    store.tag("S-2017-130", [target.eid], "tech", span=(at, at + len(word)), coder="kim")
    file = export(store, "jsonld", tmp_path / "kim.jsonld")
    data = read_jsonld(file)
    data["first"]["items"][0]["target"]["marginalia:eid"] = hits[0]  # out of date
    file.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "fresh.db") as fresh:
        report = import_annotations(fresh, file)
        placed = fresh.annotations()
        assert len(report.merged) == 1 and [(a.eid, a.span) for a in placed] == [(target.eid, (at, at + len(word)))]


def test_a_document_changed_during_the_merge_is_not_written_into(colleagues: dict[str, Colleague],
                                                                 tmp_path: Path) -> None:
    db = tmp_path / "team.db"
    corpus_copy = tmp_path / "report.txt"
    with Store(db) as team, Store(db) as other:
        original = team.document("S-2017-130").source
        team.document("S-2017-130")  # the merging connection has read the document before the change

        def reimport_meanwhile(done: int, _total: int) -> None:
            if done == 0:
                corpus_copy.write_text(original.replace("On 3 November, the Working Group organized",
                                                        "On 3 November, the Group convened"), encoding="utf-8")
                other.import_file(corpus_copy, doc_id="S-2017-130")

        report = import_annotations(team, colleagues["bob"].jsonld, progress=reimport_meanwhile)
        whys = [why for _, why in report.unplaced]
        assert any("S-2017-130 changed while the merge ran" in why for why in whys)
        team.invalidate()
        for a in team.annotations(doc="S-2017-130"):
            block = team.document("S-2017-130").block(a.eid or "")
            assert a.quote in block.text  # nothing was written onto text that is no longer there


def test_theme_names_from_a_file_are_not_keyboard_digits(store: Store, tmp_path: Path) -> None:
    text = store.document("S-2017-130").block("para_84").text
    file = tmp_path / "digits.json"
    file.write_text(json.dumps([w3c(text, theme="2")]), encoding="utf-8")
    report = import_annotations(store, file)
    assert report.themes_created == ["2"]
    [placed] = store.annotations()
    assert placed.theme == "2"  # not "Intelligence & information", the theme on digit 2


def test_a_lone_surrogate_in_a_note_is_stored_not_a_crash(store: Store, tmp_path: Path) -> None:
    text = store.document("S-2017-130").block("para_84").text
    item = w3c(text)
    item["body"].append({"type": "TextualBody", "value": "bad \ud800 note", "purpose": "commenting"})
    file = tmp_path / "surrogate.json"
    file.write_text(json.dumps([item]), encoding="utf-8")  # json.dumps writes it as \\ud800
    report = import_annotations(store, file)
    assert len(report.merged) == 1 and store.annotations()[0].note.startswith("bad ")


def test_a_renamed_theme_is_recognised_and_unused_codes_stay_out(store: Store, tmp_path: Path) -> None:
    """Bob exported before we renamed "Technology & innovation"; his .qdpx codebook also lists themes we have
    since deleted. His tags land on our renamed theme, and the unused codes do not come back."""
    from gui.export import read_exchange, unknown_themes

    with Store(tmp_path / "bob.db") as bob:
        bob.tag("S-2017-130", ["para_19"], "tech", coder="bob")
        file = export(bob, "qdpx", tmp_path / "bob.qdpx")
    store.update_theme("tech", name="Technology")
    store.delete_theme("triangular")
    exchange = read_exchange(file)
    assert unknown_themes(store, exchange) == []
    report = import_annotations(store, exchange)
    assert report.themes_created == [] and len(report.merged) == 1
    assert [(a.eid, a.theme) for a in store.annotations()] == [("para_19", "Technology")]
    assert store.find_theme("Triangular cooperation") is None

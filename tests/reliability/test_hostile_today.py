"""Hostile input against today's code: sub-themes nested deep, and codebooks that try to nest deeper."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gui.core.themes import MAX_DEPTH
from gui.export import ExportError, export, import_annotations, read_exchange, unknown_themes
from gui.store import Store, StoreError
from tests.conftest import ROOT


def chain(store: Store, length: int) -> list[int]:
    """Themes T0 ⊃ T1 ⊃ … written straight into the table, as another tool (or an older bug) could."""
    with store.transaction():
        ids = []
        for level in range(length):
            store.db.execute("INSERT INTO themes (name, key, color, description, keywords, position, parent_id) "
                             "VALUES (?, ?, '#336699', '', '[]', 0, ?)", [f"T{level}", f"t{level}",
                                                                          ids[-1] if ids else None])
            ids.append(int(store.db.execute("SELECT last_insert_rowid()").fetchone()[0]))
    store.invalidate()
    return ids


def test_a_database_with_themes_nested_1500_deep_still_opens(store: Store, db: Path) -> None:
    ids = chain(store, 1500)  # the codebook was read by recursion: RecursionError at about 1,000 levels
    themes = store.themes()
    assert [t.id for t in themes if t.id in set(ids)] == ids  # each under its parent, none lost
    assert store.theme_path(ids[-1])[0].id == ids[0]
    done = subprocess.run([sys.executable, "-m", "gui", "themes", "--db", str(db)], cwd=ROOT, timeout=120,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    assert "Traceback" not in done.stderr


def test_themes_nest_no_deeper_than_the_writers_can_write(store: Store, tmp_path: Path) -> None:
    ids = chain(store, MAX_DEPTH + 1)  # depths 0 … MAX_DEPTH: the deepest allowed
    with pytest.raises(StoreError, match=f"at most {MAX_DEPTH} levels"):
        store.add_theme("Too deep", parent=ids[-1])
    top = store.add_theme("Another top")
    with pytest.raises(StoreError, match=f"at most {MAX_DEPTH} levels"):
        store.update_theme(ids[0], parent=top.id)  # the whole chain one level down
    store.update_theme(ids[1], parent=top.id)  # one level down, minus T0: still within the limit
    assert store.theme_path(ids[-1])[0].id == top.id
    for fmt in ("qdc", "codebook-csv", "md"):  # the XML writers nest one element per level
        export(store, fmt, tmp_path / f"book.{fmt}")


def test_a_codebook_csv_nested_100000_deep_is_refused_in_one_line(store: Store, tmp_path: Path) -> None:
    before = len(store.themes())
    deep = tmp_path / "deep.csv"
    deep.write_text("tag,parent\n" + "".join(f"L{n},{f'L{n - 1}' if n else ''}\n" for n in range(3 * MAX_DEPTH)),
                    encoding="utf-8")
    with pytest.raises((StoreError, ExportError), match=f"at most {MAX_DEPTH} levels"):
        import_annotations(store, deep)
    assert len(store.themes()) == before  # nothing of it written


def test_a_codebook_of_thousands_of_themes_merges_in_seconds(store: Store, tmp_path: Path) -> None:
    book = tmp_path / "big.csv"  # each theme was checked against every other: 2,000 took 16 s, 10,000 minutes
    def codebook(path: Path, name: str, n: int) -> Path:
        path.write_text("tag,parent,color\n" + "".join(f"{name} {i},{f'{name} {i // 10}' if i >= 10 else ''},#123456\n"
                                                      for i in range(n)), encoding="utf-8")
        return path

    small = codebook(tmp_path / "small.csv", "Small", 400)
    codebook(book, "Code", 4000)
    started = time.perf_counter()  # the floor, in this test: a tenth of the themes
    import_annotations(store, small)
    floor = time.perf_counter() - started
    started = time.perf_counter()
    report = import_annotations(store, book)
    took = time.perf_counter() - started
    # Ten times the themes, about ten times the time; checking each against every other took a hundred.
    assert took < 40 * floor, f"4,000 themes took {took:.2f} s, 400 took {floor:.2f} s"
    assert len(report.themes_created) == 4000
    assert [t.name for t in store.theme_path("Code 1234")] == ["Code 1", "Code 12", "Code 123", "Code 1234"]


def test_more_than_a_hundred_themes_alike_in_their_first_21_characters_all_merge(store: Store,
                                                                                  tmp_path: Path) -> None:
    book = tmp_path / "alike.csv"  # the 100th derived key, "…-100", was cut to "…-10" and refused the file
    names = [f"Protection of civilians in sector {n}" for n in range(150)]
    book.write_text("tag\n" + "".join(f"{name}\n" for name in names), encoding="utf-8")
    import_annotations(store, book)
    themes = [t for t in store.themes() if t.name in names]
    assert len(themes) == 150 and len({t.key for t in themes}) == 150
    assert all(len(t.key) <= 24 for t in themes)
    one = store.add_theme("Protection of civilians in sector 999")  # one at a time, the same
    assert len(one.key) <= 24 and one.key not in {t.key for t in themes}


def test_a_codebook_name_that_is_another_new_themes_key_makes_both(store: Store, tmp_path: Path) -> None:
    book = tmp_path / "keys.csv"  # "POC!" would be keyed "poc-2" (POC has "poc"): "poc-2" is a name to come
    book.write_text("tag\nPOC!\npoc-2\n", encoding="utf-8")
    import_annotations(store, book)
    assert {store.theme("POC!").id, store.theme("poc-2").id} != {store.theme("poc").id}
    assert store.theme("poc-2").name == "poc-2"


def nested_codes(depth: int) -> str:
    return ("".join(f'<Code guid="00000000-0000-0000-0000-{n:012d}" name="Level {n}" isCodable="true">'
                    for n in range(depth)) + "</Code>" * depth)


def test_a_qdc_nested_deeper_than_themes_nest_is_refused_not_cut(store: Store, tmp_path: Path) -> None:
    book = tmp_path / "deep.qdc"  # codes below the 64th level were left out unread, without a word
    book.write_text('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    f"{nested_codes(MAX_DEPTH + 6)}</Codes></CodeBook>", encoding="utf-8")
    before = len(store.themes())
    with pytest.raises((StoreError, ExportError), match=f"at most {MAX_DEPTH} levels"):
        import_annotations(store, book)
    assert len(store.themes()) == before
    book.write_text('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                    f"{nested_codes(MAX_DEPTH + 1)}</Codes></CodeBook>", encoding="utf-8")
    import_annotations(store, book)  # as deep as themes nest: every level read and nested
    assert len(store.theme_path(f"Level {MAX_DEPTH}")) == MAX_DEPTH + 1


def test_the_themes_a_large_codebook_lacks_are_found_in_bounded_time(store: Store, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"  # asked on the GUI thread before a merge
    ours.write_text("tag\n" + "".join(f"Ours {n}\n" for n in range(6000)), encoding="utf-8")
    theirs.write_text("tag\nPoc\nOURS 7\n" + "".join(f"Theirs {n}\n" for n in range(6000)), encoding="utf-8")
    import_annotations(store, ours)
    few = tmp_path / "few.csv"  # the floor, in this test: a tenth of the names asked about
    few.write_text("tag\n" + "".join(f"Theirs {n}\n" for n in range(600)), encoding="utf-8")
    started = time.perf_counter()
    unknown_themes(store, read_exchange(few))
    floor = time.perf_counter() - started
    started = time.perf_counter()
    unknown = unknown_themes(store, read_exchange(theirs))  # each name was sought through every theme: 12 s
    took = time.perf_counter() - started
    assert took < 40 * floor, f"6,000 names took {took:.2f} s, 600 took {floor:.2f} s"  # linear, not quadratic
    assert unknown == [f"Theirs {n}" for n in range(6000)]  # POC by its key, Ours 7 by its name: known


def test_a_jsonld_naming_a_new_theme_on_each_of_20000_annotations_is_refused(store: Store, tmp_path: Path) -> None:
    items = [{"type": "Annotation", "body": [{"type": "TextualBody", "value": f"Theme {n}", "purpose": "tagging"}],
              "target": {"source": "urn:marginalia:document:S-2017-130",
                         "selector": [{"type": "TextQuoteSelector", "exact": "not in the text"}]}}
             for n in range(20_000)]
    file = tmp_path / "many.jsonld"  # every one of them became a theme of ours
    file.write_text(json.dumps(items), encoding="utf-8")
    before = len(store.themes())
    started = time.perf_counter()  # the floor, in this test: reading the file that is refused
    read_exchange(file)
    floor = time.perf_counter() - started
    started = time.perf_counter()
    with pytest.raises(ExportError, match="up to 10,000 new themes"):
        import_annotations(store, file)
    took = time.perf_counter() - started
    assert len(store.themes()) == before
    assert took < 10 * floor, f"refused in {took:.2f} s; reading the file takes {floor:.2f} s"  # nothing made first


def test_a_sub_theme_as_deep_as_themes_nest_comes_back_whole_through_jsonld(store: Store, tmp_path: Path) -> None:
    ids = chain(store, MAX_DEPTH + 1)
    store.tag("S-2017-130", ["para_5"], ids[-1])
    out = tmp_path / "deep.jsonld"
    export(store, "jsonld", out)
    copy = tmp_path / "S-2017-130.txt"
    with Store(tmp_path / "fresh.db", import_corpus=False) as fresh:
        fresh.import_file(copy)
        report = import_annotations(fresh, out)
        assert len(report.merged) == 1
        assert [t.name for t in fresh.theme_path(f"T{MAX_DEPTH}")] == [f"T{n}" for n in range(MAX_DEPTH + 1)]

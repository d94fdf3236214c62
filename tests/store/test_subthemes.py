"""Sub-themes: the codebook nests (POC → early warning, …) and a sub-theme's passage counts for its parent."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from gui.core.themes import display_name, load_default_themes
from gui.store import Store, StoreError, schema


def test_the_default_codebook_nests_the_poc_sub_themes_after_the_dpo_policy(store: Store) -> None:
    poc = store.theme("poc")
    children = [t.name for t in store.subthemes("poc")]
    assert children == ["Protection through dialogue and engagement", "Physical protection", "Protective environment",
                        "Early warning and rapid response", "Conflict-related sexual violence",
                        "Children and armed conflict"]
    themes = store.themes()
    # tree order: POC, then its six sub-themes, then the next top-level theme
    assert [t.key for t in themes[:8]] == ["poc", "poc-dialogue", "poc-physical", "poc-environment",
                                           "poc-early-warning", "poc-crsv", "poc-children", "intel"]
    assert all(t.parent_id == poc.id and t.digit is None for t in themes[1:7])
    assert display_name(themes, store.theme("poc-early-warning").id) == \
        "Protection of civilians (POC) › Early warning and rapid response"
    # every sub-theme in the shipped file names a parent that the file defines
    keys = {t["key"] for t in load_default_themes()}
    assert all(t["parent"] in keys for t in load_default_themes() if t["parent"])


def test_a_sub_theme_counts_for_its_parent_when_asked(store: Store) -> None:
    store.tag("S-2017-130", ["para_83"], "poc-early-warning")
    store.tag("S-2017-130", ["para_84"], "poc")
    store.tag("S-2017-130", ["para_85"], "intel")
    assert [a.eid for a in store.annotations(theme="poc")] == ["para_84"]
    assert [a.eid for a in store.annotations(theme="poc", with_subthemes=True)] == ["para_83", "para_84"]
    assert [a.eid for a in store.annotations(theme="poc-early-warning", with_subthemes=True)] == ["para_83"]
    assert store.theme_family("poc") == {t.id for t in store.themes()[:7]}


def test_themes_nest_at_any_depth_and_never_in_a_cycle(store: Store) -> None:
    tiers = store.add_theme("Tiers", parent="poc-physical")
    deep = store.add_theme("Mobile bases", parent=tiers.id)
    assert [t.name for t in store.theme_path(deep.id)] == ["Protection of civilians (POC)", "Physical protection",
                                                           "Tiers", "Mobile bases"]
    assert deep.id in store.theme_family("poc")
    for parent in ("Mobile bases", "Tiers"):  # under itself, or under its own sub-theme
        with pytest.raises(StoreError, match="under itself"):
            store.update_theme("Tiers", parent=parent)
    store.update_theme("Tiers", parent=None)  # moved to the top level, with its sub-theme
    assert store.theme("Tiers").parent_id is None and store.theme("Mobile bases").parent_id == tiers.id
    assert store.themes()[-2:] == [store.theme("Tiers"), store.theme("Mobile bases")]


def test_deleting_or_merging_a_theme_keeps_its_sub_themes(store: Store) -> None:
    physical = store.theme("poc-physical")
    store.add_theme("Patrols", parent=physical.id)
    store.delete_theme("poc-physical")
    assert store.theme("Patrols").parent_id == store.theme("poc").id  # moved up, not lost
    store.add_theme("Mediation", parent="poc-dialogue")
    store.tag("S-2017-130", ["para_83"], "poc-dialogue")
    store.merge_themes("poc-dialogue", "politics")
    assert store.theme("Mediation").parent_id == store.theme("politics").id
    assert [a.theme for a in store.annotations(doc="S-2017-130")] == ["Political strategy"]


def test_moving_a_theme_puts_it_last_among_its_new_siblings(store: Store) -> None:
    store.update_theme("funding", parent="partners")
    store.update_theme("comms", parent="partners")
    assert [t.key for t in store.subthemes("partners")] == ["funding", "comms"]
    store.reorder_themes([store.theme("comms").id, store.theme("funding").id])
    assert [t.key for t in store.subthemes("partners")] == ["comms", "funding"]


def test_an_older_database_gains_the_default_sub_themes_on_request(tmp_path: Path) -> None:
    db, now = tmp_path / "v5.db", tmp_path / "now.db"
    with Store(now, import_corpus=False) as s:
        for key in ("poc-dialogue", "poc-physical", "poc-environment", "poc-early-warning", "poc-crsv",
                    "poc-children", "intel"):
            s.delete_theme(key)
        s.update_theme("poc", name="POC (ours)")  # the analyst's own name is kept
        s.update_theme("police", digit=2)  # and so is the digit they gave: intel (default 2) comes back without
    old = sqlite_utils.Database(db)  # a database as schema 5 made it (no parent column), whatever came later
    for migration in schema.MIGRATIONS[:5]:
        migration(old)
    old.execute("PRAGMA user_version = 5")
    columns = [c.name for c in old["themes"].columns]
    with sqlite3.connect(now) as conn:
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM themes").fetchall()
    old["themes"].insert_all([dict(zip(columns, row, strict=True)) for row in rows])
    old.conn.close()
    with Store(db, import_corpus=False) as s:
        assert schema.version(s.db) == schema.SCHEMA_VERSION
        assert all(t.parent_id is None for t in s.themes()) and len(s.themes()) == 13
        assert s.add_default_themes() == 7
        assert s.add_default_themes() == 0  # idempotent
        assert s.theme("poc").name == "POC (ours)" and len(s.subthemes("poc")) == 6
        assert s.theme("police").digit == 2 and s.theme("intel").digit is None


def test_the_command_line_lists_adds_and_moves_sub_themes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gui.__main__ import main

    db = ["--db", str(tmp_path / "m.db")]
    assert main(["add-theme", "Mobile bases", "--parent", "poc-physical", *db]) == 0
    assert capsys.readouterr().out == "mobile-bases: Mobile bases under Physical protection\n"
    assert main(["themes", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["1", "#be0032", "poc", "Protection", "of", "civilians", "(POC)"]
    # a sub-theme made on the command line takes a shade of its theme's colour (#9e0029), not grey
    assert lines[3].startswith("   #b13354      mobile-bases") and lines[2].split()[1] == "poc-physical"
    assert main(["move-theme", "poc-physical", "--parent", "Mobile bases", *db]) == 2  # a cycle: refused
    assert "under itself" in capsys.readouterr().err
    assert main(["tag", "S-2017-130", "para_83", "mobile-bases", *db]) == 0
    assert main(["annotations", "--theme", "poc", "--json", *db]) == 0  # a sub-theme's passage counts for POC
    out = capsys.readouterr().out
    assert '"para_83"' in out and "Mobile bases" in out
    assert main(["move-theme", "Mobile bases", "--top", *db]) == 0
    capsys.readouterr()
    assert main(["themes", "--json", *db]) == 0
    listed = {t["key"]: t["parent"] for t in json.loads(capsys.readouterr().out)}
    assert listed["mobile-bases"] is None and listed["poc-crsv"] == "poc"


def test_a_removed_theme_is_put_back_with_its_id_parent_and_free_digit(store: Store) -> None:
    theme = store.add_theme("Mediation", digit=4, parent="politics")
    store.delete_theme(theme.id)
    store.update_theme("funding", digit=4)  # someone else took the digit meanwhile
    store.restore_theme(theme)
    back = store.theme(theme.id)
    assert (back.name, back.parent_id, back.digit) == ("Mediation", store.theme("politics").id, None)
    with pytest.raises(StoreError, match="already there"):
        store.restore_theme(theme)
    store.delete_theme(theme.id)
    filler = store.add_theme("Elections")  # SQLite gives the freed id to the next theme
    assert filler.id == theme.id
    with pytest.raises(StoreError, match="its place is taken by 'Elections'"):
        store.restore_theme(theme)
    store.add_theme("mediation ", key="other")  # another id, the same name (in another case)
    store.delete_theme("Elections")
    before = len(store.themes())
    with pytest.raises(StoreError, match="name or key is taken"):
        store.restore_theme(theme)  # refused, nothing written
    assert len(store.themes()) == before

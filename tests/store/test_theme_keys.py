"""Keys of themes made in bulk (a coding table's codes, a colleague's codebook): the key is the name's own
form, with a number only when another theme — existing or coming — already answers to it."""

from __future__ import annotations

from pathlib import Path

from gui.store import Store


def test_a_one_word_code_keeps_its_name_as_its_key(tmp_path: Path) -> None:
    with Store(tmp_path / "k.db", import_corpus=False) as store:
        made = store.add_themes([{"name": "PoliceReform"}, {"name": "TransitionalJustice"}, {"name": "Human rights"}])
        assert [t.key for t in made] == ["policereform", "transitionaljustice", "human-rights"]
        assert store.theme("policereform").name == "PoliceReform"


def test_a_key_never_takes_the_name_of_another_theme(tmp_path: Path) -> None:
    with Store(tmp_path / "k.db", import_corpus=False) as store:
        made = store.add_themes([{"name": "A b"}, {"name": "a-b"}, {"name": "Police!"}])
        assert [t.key for t in made] == ["a-b-2", "a-b", "police-2"]  # "a-b": a name to come; "police": taken
        assert store.theme("a-b").name == "a-b"

"""Issue 23, faults 10–11: control characters in a document's text or a colleague's note are shown on the
terminal, never obeyed, and left out of the exports people open (Markdown, HTML, CSV)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.export import export
from gui.store import Store

HOSTILE = ["\x1b]0;pwned\x07", "\x1b[2J", "\x00", "\u202e", "\x9b"]  # title, clear screen, NUL, RLO, C1 CSI


def hostile_db(tmp_path: Path) -> Path:
    """A report whose paragraph holds an escape sequence and a right-to-left override; a colleague's note with
    NUL bytes and a screen-clearing sequence."""
    doc = tmp_path / "report.txt"
    doc.write_text("S/2099/9\n\nReport\n\n1. The mission \x1b[2Jcleared the \u202eroad\u202c at Bunia.\n\n"
                   "2. Another paragraph.\n", encoding="utf-8")
    db = tmp_path / "h.db"
    with Store(db, import_corpus=False) as store:
        doc_id = store.import_file(doc).doc_id
        store.tag(doc_id, ["para_1"], "poc", note="merged: \x00\x00 bad \x1b]0;pwned\x07 \x1b[2J done\u202e")
    return db


@pytest.mark.parametrize("command", [["annotations"], ["search", "mission"], ["docs"], ["annotations", "--json"],
                                     ["search", "mission", "--json"]])
def test_commands_show_control_characters_instead_of_obeying_them(tmp_path: Path, command: list[str],
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    db = hostile_db(tmp_path)
    capfd.readouterr()
    assert main([*command, "--db", str(db)]) == 0
    out = capfd.readouterr().out
    assert not any(c in out for c in "\x1b\x00\x07\u202e\u202c\x9b"), repr(out)
    if "--json" in command:
        data = json.loads(out)  # the same data, escaped the JSON way
        assert any("\u202e" in json.dumps(item, ensure_ascii=False) for item in data)
    elif command[0] != "docs":
        assert "␛[2J" in out and "<U+202E>" in out


def test_exports_people_open_leave_control_characters_out(tmp_path: Path) -> None:
    db = hostile_db(tmp_path)
    with Store(db) as store:
        for fmt in ("md", "html", "csv"):
            text = export(store, fmt, tmp_path / f"notes.{fmt}").read_bytes().decode("utf-8-sig")
            assert not any(c in text for c in "\x1b\x00\x07\u202e\u202c\x9b"), (fmt, repr(text[:300]))
            assert "cleared the road at Bunia" in text.replace("[2J", "")  # the words themselves stay
            assert "merged:  bad " in text and "2J done" in text  # the note, without its NULs and ESCs
        # JSON-LD keeps the exact text (a quote must be found again), escaped as JSON escapes it.
        data = json.loads(export(store, "jsonld", tmp_path / "notes.jsonld").read_text(encoding="utf-8"))
        assert "\u202e" in data["first"]["items"][0]["target"]["selector"][0]["exact"]

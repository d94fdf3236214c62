"""The store's command line, as a script would use it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, S_2017_130


def gui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)


def test_tag_list_search_untag_as_json(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    docs = json.loads(gui("docs", "--json", "--db", db).stdout)
    assert {"id", "path", "symbol", "title"} <= set(docs[0])
    assert "S-2017-130" in {d["id"] for d in docs}
    assert gui("tag", "S-2017-130", "para_83", "POC", "--note", "core", "--coder", "kim", "--db", db).returncode == 0
    assert gui("tag", "S-2017-130", "para_19", "Technology & innovation", "--db", db).returncode == 0
    annotations = json.loads(gui("annotations", "--json", "--db", db).stdout)
    assert [(a["document"], a["eid"], a["theme"], a["note"], a["coder"], a["status"]) for a in annotations] == [
        ("S-2017-130", "para_19", "Technology & innovation", "", annotations[0]["coder"], "anchored"),
        ("S-2017-130", "para_83", "Protection of civilians (POC)", "core", "kim", "anchored"),
    ]
    assert annotations[1]["quote"].startswith("On 3 November")
    hits = json.loads(gui("search", "drones", "--theme", "tech", "--json", "--db", db).stdout)
    assert [(h["document"], h["eid"]) for h in hits] == [("S-2017-130", "para_19")]
    assert "«drones»" in hits[0]["snippet"]
    assert gui("untag", "S-2017-130", "para_19", "tech", "--db", db).returncode == 0
    assert len(json.loads(gui("annotations", "--json", "--theme", "poc", "--db", db).stdout)) == 1
    themes = json.loads(gui("themes", "--json", "--db", db).stdout)
    assert themes[0]["key"] == "poc" and themes[0]["digit"] == 1


def test_import_changed_file_prints_the_report(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    copy = tmp_path / "report.txt"
    copy.write_text(S_2017_130.read_text(encoding="utf-8"), encoding="utf-8")
    first = gui("import", str(copy), "--db", db)
    assert "report: new" in first.stdout or ": new" in first.stdout
    doc_id = first.stdout.split(":")[0]
    gui("tag", doc_id, "para_90", "poc", "--db", db)
    copy.write_text(copy.read_text(encoding="utf-8").replace(
        next(ln for ln in copy.read_text(encoding="utf-8").splitlines() if ln.startswith("- 90. ")) + "\n", ""),
        encoding="utf-8")
    second = gui("import", str(copy), "--db", db)
    assert "updated" in second.stdout and "1 orphaned" in second.stdout
    listing = gui("annotations", "--db", db).stdout.splitlines()
    assert listing[0].split()[:4] == ["ID", "DOC", "EID", "STATUS"]
    assert [line.split()[2:4] for line in listing[1:] if doc_id in line] == [["—", "orphan"]]


def test_errors_name_the_argument_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    for args, expected in (
        (("tag", "S-2017-130", "para_999", "poc"), "para_999"),
        (("tag", "S-2017-130", "para_1", "nonsense"), "nonsense"),
        (("tag", "NOPE", "para_1", "poc"), "NOPE"),
        (("import", str(tmp_path / "missing.txt")), "missing.txt"),
    ):
        result = gui(*args, "--db", db)
        assert result.returncode == 2, args
        assert expected in result.stderr and "Traceback" not in result.stderr
    bogus = tmp_path / "bogus.db"
    bogus.write_text("not sqlite" * 100)
    result = gui("docs", "--db", str(bogus))
    assert result.returncode == 2 and str(bogus) in result.stderr and "Traceback" not in result.stderr


def test_docs_takes_a_limit_and_a_filter(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    everything = json.loads(gui("docs", "--json", "--db", db).stdout)
    assert len(everything) == 4
    first_two = json.loads(gui("docs", "--json", "--limit", "2", "--db", db).stdout)
    assert [d["id"] for d in first_two] == [d["id"] for d in everything[:2]]
    found = json.loads(gui("docs", "--json", "--filter", "S/2017/130", "--db", db).stdout)
    assert [d["id"] for d in found] == ["S-2017-130"]
    table = gui("docs", "--filter", "2017", "--sort", "symbol", "--db", db).stdout
    assert "S-2017-130" in table and "S-2016-1017" not in table
    assert json.loads(gui("docs", "--json", "--filter", "no-such-words", "--db", db).stdout) == []


def test_tag_and_untag_take_a_symbol_as_the_other_commands_do(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    tagged = gui("tag", "S/2017/130", "para_83", "poc", "--db", db)
    assert tagged.returncode == 0, tagged.stderr
    assert tagged.stdout.strip() == "tagged S-2017-130 para_83 with Protection of civilians (POC)"
    assert [a["document"] for a in json.loads(gui("annotations", "--json", "--db", db).stdout)] == ["S-2017-130"]
    untagged = gui("untag", "s/2017/130", "para_83", "poc", "--db", db)
    assert untagged.returncode == 0, untagged.stderr
    assert json.loads(gui("annotations", "--json", "--db", db).stdout) == []
    missing = gui("tag", "S/9999/1", "para_1", "poc", "--db", db)
    assert missing.returncode != 0 and "no document 'S/9999/1'" in missing.stderr and "Traceback" not in missing.stderr

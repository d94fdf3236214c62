"""`python -m gui agreement`: the table, --json, the report files, and one line with exit 2 for bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.store import Store
from tests.export.helpers import import_text

HOSTILE = ("Hostile note\n\n1. A paragraph with <img src=x onerror=alert(1)> and [a link](javascript:alert(1)) "
           "and a | pipe.\n\n2. Another with <script>alert(1)</script> in it.\n")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """kim and lee on S/2017/130: POC on para 83 (both) and 5 (kim); technology on para 6 (lee)."""
    path = tmp_path / "team.db"
    with Store(path) as store:
        store.tag("S-2017-130", ["para_83", "para_5"], "poc", coder="kim")
        store.tag("S-2017-130", ["para_83"], "poc", coder="lee")
        store.tag("S-2017-130", ["para_6"], "tech", coder="lee")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_figures_per_theme(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "agreement", "--json", "--db", str(db))
    assert code == 0
    data = json.loads(out)
    assert data["coders"] == ["kim", "lee"]
    assert data["documents"] == ["S-2017-130"]
    poc = next(line for line in data["corpus"] if line["theme"].startswith("Protection of civilians"))
    assert {"units", "agreement", "kappa", "alpha", "both", "only", "neither"} <= set(poc)
    # 141 units; both 1, kim only 1, neither 139. pₒ = 140/141; pₑ = (2·1 + 139·140)/141²; κ = 0.6635 (by hand).
    assert (poc["units"], poc["both"], poc["only"], poc["neither"]) == (141, 1, {"kim": 1, "lee": 0}, 139)
    p_o, p_e = 140 / 141, (2 * 1 + 139 * 140) / 141**2
    assert poc["kappa"] == pytest.approx((p_o - p_e) / (1 - p_e))
    tech = next(line for line in data["corpus"] if line["theme"].startswith("Technology"))
    assert (tech["kappa"], tech["alpha"]) == (0.0, 0.0)  # kim never tagged it: agreement no better than chance
    assert data["corpus"][-1]["theme"] == "All themes"
    assert list(data["by_document"]) == ["S-2017-130"]


def test_table_and_theme_filter(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "agreement", "--theme", "poc", "--coders", "lee,kim", "--db", str(db))
    assert code == 0
    assert "coders: lee, kim; documents: S/2017/130" in out
    assert "Technology" not in out
    assert "1 disagreement(s)" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--coders", "kim,bob"], "no annotations by bob"),
    (["--coders", "kim"], "--coders: name two coders or more"),
    (["--coders", " , "], "--coders: name two coders or more"),
    (["--doc", "nope"], "--doc nope"),
    (["--theme", "nope"], "no theme 'nope'"),
    (["--out", "report.txt"], "name a .md, .html or .csv file"),
])
def test_bad_input_is_one_line_and_exit_2(db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          argv: list[str], message: str) -> None:
    argv = [str(tmp_path / a) if a == "report.txt" else a for a in argv]
    code, out, err = run(capsys, "agreement", *argv, "--db", str(db))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err


def test_csv_report(db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "agreement.csv"
    code, out, _ = run(capsys, "agreement", "--out", str(target), "--db", str(db))
    assert (code, out.strip()) == (0, str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["scope"] for r in rows] == ["corpus"] * 3 + ["S-2017-130"] * 3
    poc = rows[0]
    assert (poc["units"], poc["both"], poc["only kim"], poc["only lee"]) == ("141", "1", "1", "0")
    assert poc["neither"] == "139"


def test_reports_escape_document_text_theme_and_coder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hostile.db"
    with Store(path) as store:
        doc = import_text(store, tmp_path, "hostile.txt", HOSTILE)
        store.add_theme("=<b>Evil</b> | theme", key="evil")
        store.tag(doc, ["para_1"], "evil", coder="kim")
        store.tag(doc, ["para_2"], "evil", coder="<i>lee</i>")
    md, html, sheet = tmp_path / "r.md", tmp_path / "r.html", tmp_path / "r.csv"
    for target in (md, html, sheet):
        assert run(capsys, "agreement", "--out", str(target), "--db", str(path))[0] == 0
    markdown_text = md.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown_text
    assert "\\| pipe" in markdown_text
    page = html.read_text(encoding="utf-8")
    body = page.split("<body>", 1)[1]
    for unsafe in ("<img", "<script", "<b>", "<i>", 'href="javascript'):
        assert unsafe not in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "&lt;b&gt;Evil&lt;/b&gt;" in body
    assert "S/2017/130" not in body  # only the document both coders coded is in scope
    cells = sheet.read_text(encoding="utf-8-sig")
    assert "'=<b>Evil</b> | theme" in cells  # a formula-looking cell is neutralised

"""Small faults an analyst met on a first day (issue 24): κ printed as "-0.00", coder names cut in the
agreement table, `annotations --doc S/2017/130` empty, the briefing's Latin text set in a CJK font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.analysis.report import figure
from gui.export.html_notes import STYLE
from gui.store import Store


def test_a_figure_that_rounds_to_zero_is_never_negative() -> None:
    assert figure(-0.001) == "0.00" and figure(-0.004999) == "0.00"
    assert figure(-0.0004, percent=True) == "0.0 %"
    assert figure(-0.5) == "-0.50" and figure(-0.005) in ("-0.01", "0.00") and figure(0.4928) == "0.49"
    assert figure(None) == "—"


def test_the_agreement_table_prints_whole_coder_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "team.db"
    with Store(db) as store:
        store.tag("S-2017-130", ["para_83", "para_5"], "poc", coder="Maria Lopez-Fernandez")
        store.tag("S-2017-130", ["para_83"], "poc", coder="Ana Ruiz")
    assert main(["agreement", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "ONLY MARIA LOPEZ-FERNANDEZ" in out and "ONLY ANA RUIZ" in out
    header = next(line for line in out.splitlines() if "ONLY MARIA" in line)
    poc = next(line for line in out.splitlines() if line.strip().startswith("Protection of civilians"))
    # the counts stand under their columns: the row is as long as the header
    assert len(poc.rstrip()) == len(header.rstrip())


def test_annotations_takes_a_symbol_like_the_other_commands(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "a.db"
    with Store(db) as store:
        store.tag("S-2017-130", ["para_83"], "poc")
    assert main(["annotations", "--doc", "S/2017/130", "--db", str(db)]) == 0
    by_symbol = capsys.readouterr().out
    assert main(["annotations", "--doc", "S-2017-130", "--db", str(db)]) == 0
    assert capsys.readouterr().out == by_symbol and "para_83" in by_symbol


def families(rule: str) -> list[str]:
    declaration = re.search(r"font(?:-family)?:\s*([^;]+);", rule, re.S)
    assert declaration is not None
    return [f.strip().strip("'") for f in declaration[1].split(",")]


def test_the_briefing_sets_latin_text_in_a_latin_font_before_any_cjk_one() -> None:
    """On Linux 'Noto Serif CJK SC' is often the only font named in the stack that is installed: put before the
    generic family, it set English in CJK glyphs (full-width quotes: "State' s")."""
    body = families(STYLE[STYLE.index("body {"):])
    headings = families(STYLE[STYLE.index("h1, h2, h3, h4, .scope"):])
    assert body.index("serif") < body.index("Noto Serif CJK SC")
    assert headings.index("sans-serif") < headings.index("Noto Sans CJK SC")
    for rule in re.findall(r"[^}]*CJK[^}]*}", STYLE):  # every rule that names a CJK font
        names = families(rule)
        generic = "serif" if "serif" in names else "sans-serif"
        assert names.index(generic) < next(i for i, n in enumerate(names) if "CJK" in n), rule

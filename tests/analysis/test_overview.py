"""The overview's numbers by hand on the bundled corpus, its pictures and tables, and its bad input."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gui.__main__ import main
from gui.analysis import AnalysisError
from gui.analysis.overview import draw, gather, table
from gui.store import Store
from tests.export.helpers import import_text

WG_2016, WG_2021, NOTE = "S-2017-130", "WGPKO-report-2021", "S-2016-1017"


def coded(store: Store) -> None:
    """kim and lee both on para 83 (one passage); kim's span on para 5; POC and technology together on para 6."""
    store.tag(WG_2016, ["para_83", "para_6"], "poc", coder="kim")
    store.tag(WG_2016, ["para_83"], "poc", coder="lee")
    store.tag(WG_2016, ["para_5"], "poc", coder="kim", span=(0, 10))
    store.tag(WG_2016, ["para_5"], "poc", coder="lee")  # the same block again: still one passage
    store.tag(WG_2016, ["para_6"], "tech", coder="lee")
    store.tag(WG_2021, ["para_5", "para_6"], "safety", coder="kim")
    store.tag(WG_2021, ["para_6"], "poc", coder="kim")
    store.tag(NOTE, ["heading_1__p_1"], "poc", coder="lee")


def test_matrix_and_cooccurrence_by_hand(store: Store) -> None:
    coded(store)
    overview = gather(store)
    assert [t.key for t in overview.themes] == ["poc", "tech", "safety"]
    column = {d.id: j for j, d in enumerate(overview.documents)}
    matrix = overview.matrix()
    assert [matrix[0][column[d]] for d in (WG_2016, WG_2021, NOTE)] == [3, 1, 1]  # poc: 83, 5, 6 | 6 | p_1
    assert [matrix[1][column[WG_2016]], matrix[2][column[WG_2021]]] == [1, 2]
    assert sum(matrix[0]) + sum(matrix[1]) + sum(matrix[2]) == 8
    # co-occurrence: POC with technology on S/2017/130 para 6, with safety on the 2021 report para 6
    assert overview.cooccurrence() == [[5, 1, 1], [1, 1, 0], [1, 0, 2]]
    only = gather(store, docs=[WG_2021], themes=["safety"])
    assert (only.matrix(), [d.id for d in only.documents]) == ([[2]], [WG_2021])


def test_timeline_table_in_date_order_without_undated(store: Store, tmp_path: Path) -> None:
    coded(store)
    undated = import_text(store, tmp_path, "undated.txt", "A note\n\n1. First paragraph.\n\n2. Second one.\n")
    assert store.documents(undated)[0].date is None
    store.tag(undated, ["para_1"], "poc", coder="kim")
    rows = list(csv.reader(io.StringIO(table(gather(store), "timeline").decode("utf-8-sig"))))
    assert rows[0][:3] == ["date", "document", "Protection of civilians (POC)"]
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("2016-12-12", "S/2016/1017", "1"), ("2017-02-14", "S/2017/130", "3"),
        ("2018-11-28", "Challenges-Forum-2018-A4P-POC-background", "0"), ("2021-12-21", WG_2021, "1")]
    picture = draw(gather(store), "timeline", "svg").decode("utf-8")
    assert "Not dated, left out: undated" in picture


@pytest.mark.parametrize("kind", ["matrix", "timeline", "cooccurrence"])
def test_pictures_are_real_png_and_svg(store: Store, tmp_path: Path, kind: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    coded(store)
    store.add_theme("<Evil> & theme", key="evil")
    store.tag(WG_2016, ["para_7"], "evil", coder="kim")
    store.close()
    png, svg = tmp_path / f"{kind}.png", tmp_path / f"{kind}.svg"
    for target in (png, svg):
        assert main(["overview", "--kind", kind, "--out", str(target), "--db", str(store.path)]) == 0
    assert capsys.readouterr().out.split() == [str(png), str(svg)]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 600 and height >= 350
    root = ET.fromstring(svg.read_bytes())  # well-formed: the theme name's < & are escaped
    words = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "<Evil> & theme" in words
    assert "Protection of civilians (POC)" in words


@pytest.mark.parametrize(("argv", "message"), [
    (["--kind", "pie", "--out", "x.png"], "--kind pie: choose one of matrix, timeline, cooccurrence"),
    (["--kind", "matrix", "--out", "x.jpg"], "name a .png, .svg or .csv file"),
    (["--kind", "matrix", "--out", "x.png", "--theme", "nope"], "no theme 'nope'"),
    (["--kind", "matrix", "--out", "x.png", "--doc", "nope"], "--doc nope: no such document"),
    (["--kind", "matrix", "--out", "x.png", "--theme", "wps"], "nothing to show"),
])
def test_bad_input_is_one_line_and_exit_2(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          argv: list[str], message: str) -> None:
    coded(store)
    store.close()
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    assert main(["overview", *argv, "--db", str(store.path)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert not list(tmp_path.glob("x.*"))


def test_nothing_to_show_without_annotations(store: Store) -> None:
    with pytest.raises(AnalysisError, match="nothing to show"):
        gather(store)


def test_share_matches_the_librarys_coverage(store: Store, tmp_path: Path) -> None:
    # With one theme coded, its share in each document is the library's own coverage (counted in SQL by the
    # store): S/2017/130 by numbered paragraphs, a point counting for its paragraph; S/2016/1017 by body blocks.
    store.tag(WG_2016, ["para_83", "para_5__list_1__point_a", "para_5__list_1__point_b"], "poc", coder="kim")
    store.tag(WG_2016, ["para_83"], "poc", coder="lee")
    store.tag(NOTE, ["heading_1__p_1"], "poc", coder="lee")
    overview = gather(store)
    shares = overview.shares()[0]
    for j, info in enumerate(store.documents()):
        tagged, total, _ = info.coverage()
        assert overview.documents[j].id == info.id
        assert shares[j] == pytest.approx(tagged / total)
    column = {d.id: j for j, d in enumerate(overview.documents)}
    assert shares[column[WG_2016]] == pytest.approx(2 / 110)
    assert shares[column[NOTE]] == pytest.approx(1 / 25)
    rows = list(csv.reader(io.StringIO(table(overview, "matrix", share=True).decode("utf-8-sig"))))
    assert rows[1][1 + column[WG_2016]] == f"{2 / 110:.4f}"
    svg = draw(overview, "matrix", "svg", share=True).decode("utf-8")
    assert "Share of each document" in svg and "2%" in svg


def test_share_is_for_the_matrix_only(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coded(store)
    store.close()
    out = tmp_path / "t.png"
    assert main(["overview", "--kind", "timeline", "--share", "--out", str(out), "--db", str(store.path)]) == 2
    assert "--share: only the matrix" in capsys.readouterr().err
    assert not out.exists()


def test_a_sub_theme_passage_counts_for_its_parent_row(tmp_path: Path) -> None:
    with Store(tmp_path / "nested.db") as store:
        store.tag("S-2017-130", ["para_83"], "poc-early-warning")
        store.tag("S-2017-130", ["para_84"], "poc")
        store.tag("S-2017-130", ["para_84"], "poc-physical")  # one passage for POC, not two
        overview = gather(store, docs=["S/2017/130"])
        rows = {t.key: row[0] for t, row in zip(overview.themes, overview.matrix(), strict=True)}
        assert rows == {"poc": 2, "poc-physical": 1, "poc-early-warning": 1}
        only_poc = gather(store, docs=["S/2017/130"], themes=["poc"])
        assert [t.key for t in only_poc.themes] == ["poc"] and only_poc.matrix() == [[2]]

"""The documents the coded passages cite, theme by theme (`overview --kind citations`), by hand on the bundled
corpus: S/2017/130's paragraph 83 cites the concept note S/2016/1017, its paragraph 6 the Council's
S/2016/1019, and the 2021 report's paragraph 5 resolution 2518 (2020)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gui.analysis import AnalysisError
from gui.analysis.cited import cited_by_theme, write_cited
from gui.analysis.overview import gather
from gui.store import Store
from tests.analysis.test_overview import WG_2016, WG_2021, coded
from tests.store.test_cli import gui


def test_documents_cited_by_theme_by_hand(store: Store, tmp_path: Path) -> None:
    coded(store)
    cited = cited_by_theme(store, gather(store))
    assert set(cited.targets) == {"S/2016/1017", "S/2016/1019", "S/RES/2518 (2020)"}
    rows = dict(zip(cited.targets, cited.counts(), strict=True))
    keys = [t.key for t in cited.themes]
    assert rows["S/2016/1017"][keys.index("poc")] == 1  # para 83: kim and lee, one passage
    assert rows["S/2016/1019"][keys.index("poc")] == 1 and rows["S/2016/1019"][keys.index("tech")] == 1
    assert rows["S/RES/2518 (2020)"][keys.index("safety")] == 1 and rows["S/RES/2518 (2020)"][keys.index("poc")] == 0
    assert cited.passages("S/2016/1019", store.theme("tech").id) == [(WG_2016, "para_6")]
    assert cited.passages("S/RES/2518 (2020)") == [(WG_2021, "para_5")]
    table = list(csv.reader(io.StringIO(write_cited(store, tmp_path / "c.csv").read_text(encoding="utf-8-sig"))))
    assert table[0][:2] == ["cited", "passages"] and len(table) == 4
    assert write_cited(store, tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    # only the passages of the themes asked for
    assert cited_by_theme(store, gather(store, themes=["safety"])).targets == ("S/RES/2518 (2020)",)


def test_no_coded_passage_cites_anything(store: Store, tmp_path: Path) -> None:
    store.tag(WG_2016, ["para_5"], "poc", coder="kim")  # para 5 cites nothing
    with pytest.raises(AnalysisError, match="none of the coded passages cites a UN document"):
        write_cited(store, tmp_path / "c.csv")
    db = str(store.path)
    store.close()
    out = gui("overview", "--kind", "citations", "--by", "mission", "--out", str(tmp_path / "x.png"), "--db", db)
    assert out.returncode == 2 and "without --share or --by" in out.stderr and "Traceback" not in out.stderr

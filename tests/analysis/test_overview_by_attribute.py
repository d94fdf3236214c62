"""The overview's matrix grouped by a document attribute (themes × mission), by hand on the bundled corpus."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gui.analysis import AnalysisError
from gui.analysis.overview import gather, group_by, picture, split_by, table, write_overview
from gui.store import Store
from tests.analysis.test_overview import NOTE, WG_2016, WG_2021, coded


def test_themes_by_mission(store: Store, tmp_path: Path) -> None:
    coded(store)
    store.set_attributes([WG_2016, WG_2021], {"mission": "MINUSMA"})
    store.set_attributes([NOTE], {"mission": ""})
    overview = gather(store)
    grouped = group_by(overview, store.attributes_of(d.id for d in overview.documents), "mission")
    assert [d.symbol for d in grouped.documents] == ["MINUSMA (2)", "(none) (2)"]  # NOTE and the forum paper
    matrix = grouped.matrix()
    # poc: 3 passages in WG_2016, 1 in WG_2021 → 4 for MINUSMA; 1 in the note
    assert grouped.themes[0].key == "poc" and matrix[0] == [4, 1]
    shares = grouped.shares()
    units = len(grouped.units["MINUSMA"])
    assert units == len(overview.units[WG_2016]) + len(overview.units[WG_2021])
    assert shares[0][0] == pytest.approx(4 / units)
    rows = list(csv.reader(io.StringIO(write_overview(store, "matrix", tmp_path / "m.csv", by="mission")
                                        .read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["theme", "MINUSMA (2)", "(none) (2)"] and rows[1][1:] == ["4", "1"]
    assert table(grouped, "matrix").startswith("\ufefftheme".encode())
    with pytest.raises(AnalysisError, match="not the co-occurrence map"):
        write_overview(store, "cooccurrence", tmp_path / "c.csv", by="mission")
    with pytest.raises(AnalysisError, match="no document in view has the attribute"):
        write_overview(store, "matrix", tmp_path / "n.csv", by="phase")


def test_themes_over_time_per_mission(store: Store, tmp_path: Path) -> None:
    """The timeline by mission: a band per mission, each with its own documents at their dates, the same
    themes (and colours) in every band; the CSV says which mission each row is."""
    coded(store)
    store.set_attributes([WG_2016, WG_2021], {"mission": "MINUSMA"})
    overview = gather(store)
    groups = split_by(overview, store.attributes_of(d.id for d in overview.documents), "mission")
    assert [value for value, _ in groups] == ["MINUSMA", "(none)"]
    minusma = groups[0][1]
    assert {d.id for d in minusma.documents} == {WG_2016, WG_2021}
    assert {doc for doc, _ in minusma.coded} <= {WG_2016, WG_2021} and minusma.themes == overview.themes
    poc = [t.key for t in overview.themes].index("poc")
    assert sum(minusma.matrix()[poc]) == 4  # 3 in WG_2016 and 1 in WG_2021, as in the matrix by mission
    rows = list(csv.reader(io.StringIO(write_overview(store, "timeline", tmp_path / "t.csv", by="mission")
                                        .read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == ["mission", "date", "document"]
    by_document = {r[2]: r for r in rows[1:]}
    assert by_document[overview.label(next(d for d in overview.documents if d.id == WG_2016))][0] == "MINUSMA"
    assert sorted(r[1] for r in rows[1:] if r[0] == "MINUSMA") == [r[1] for r in rows[1:] if r[0] == "MINUSMA"]
    figure = picture(overview, "timeline", groups=groups, by="mission")
    assert len(figure.axes) == 2 and figure.axes[0].get_title(loc="left").startswith("mission: MINUSMA — 2 dated")
    assert [len(line.get_xdata()) for line in figure.axes[0].get_lines()] == [2] * len(overview.themes)
    assert write_overview(store, "timeline", tmp_path / "t.png", by="mission").read_bytes().startswith(b"\x89PNG")

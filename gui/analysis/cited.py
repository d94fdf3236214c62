"""The documents the coded passages cite, theme by theme: the citation network feeding the overview.

A row per UN document cited (the most cited first: the mandate resolutions, the previous reports), a column
per theme; a cell counts the passages coded with the theme that cite the document (a passage is a block coded
by anyone, as in the other overviews; a block citing a document twice counts once). It answers "which
resolutions do the passages on protection of civilians invoke?" — and a click on a cell lists them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from gui.analysis import AnalysisError
from gui.analysis.overview import PICTURES, Overview, gather
from gui.analysis.overview import _heat_map as heat_map
from gui.core.annotations import Theme
from gui.export.atomic import write_atomic
from gui.export.csv_export import _cell as spreadsheet_safe
from gui.store import Store

TOP = 30  # documents cited shown (a picture of 500 rows is not read); the CSV has them all


@dataclass(frozen=True, slots=True)
class CitedByTheme:
    """Documents cited by the coded passages (rows, most cited first) × themes (columns)."""

    targets: tuple[str, ...]
    themes: tuple[Theme, ...]
    citing: dict[str, tuple[tuple[str, str], ...]]  # target → (document, eid) of the coded blocks citing it
    coded: dict[tuple[str, str], frozenset[int]]

    def counts(self) -> list[list[int]]:
        """Passages per document cited (rows) and theme (columns)."""
        return [[sum(1 for key in self.citing[target] if theme.id in self.coded[key]) for theme in self.themes]
                for target in self.targets]

    def passages(self, target: str, theme_id: int | None = None) -> list[tuple[str, str]]:
        """(document, eid) of the passages citing `target` (coded with `theme_id`, if given)."""
        return [key for key in self.citing.get(target, ()) if theme_id is None or theme_id in self.coded[key]]

    def shown(self, top: int = TOP) -> CitedByTheme:
        """The `top` most cited only, for a picture."""
        return CitedByTheme(self.targets[:top], self.themes, self.citing, self.coded)


def cited_by_theme(store: Store, overview: Overview) -> CitedByTheme:
    """Which documents the passages of `overview` (its documents and themes) cite, theme by theme."""
    citing: dict[str, set[tuple[str, str]]] = {}
    for doc_id, eid, target in store.citing_blocks():
        if (doc_id, eid) in overview.coded:
            citing.setdefault(target, set()).add((doc_id, eid))
    if not citing:
        raise AnalysisError("nothing to show: none of the coded passages cites a UN document")
    order = {d.id: i for i, d in enumerate(overview.documents)}
    ranked = sorted(citing, key=lambda t: (-len(citing[t]), t))
    in_order = {t: tuple(sorted(keys, key=lambda k: (order[k[0]], k[1]))) for t, keys in citing.items()}
    return CitedByTheme(targets=tuple(ranked), themes=overview.themes, citing=in_order, coded=overview.coded)


def size_of_cited(cited: CitedByTheme) -> tuple[float, float]:
    """Inches wide and high: room for every theme's column and every document's row."""
    return max(6.0, 3.5 + 1.1 * len(cited.themes)), max(3.5, 1.5 + 0.32 * len(cited.targets))


def draw_cited(figure: Figure, cited: CitedByTheme) -> None:
    """The heat map of passages per document cited and theme."""
    heat_map(figure, cited.counts(), list(cited.targets), [t.name for t in cited.themes],
             "Documents cited by the coded passages, by theme", "passages")


def cited_table(cited: CitedByTheme) -> bytes:
    """Every document cited (not only the top ones) × themes, as CSV (UTF-8 with BOM, formulas neutralised)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["cited", "passages", *(spreadsheet_safe(t.name) for t in cited.themes)])
    for target, row in zip(cited.targets, cited.counts(), strict=True):
        writer.writerow([spreadsheet_safe(target), len(cited.citing[target]), *row])
    return buffer.getvalue().encode("utf-8-sig")


def write_cited(store: Store, out: str | Path, docs: Sequence[str] | None = None,
                themes: Sequence[str | int] | None = None) -> Path:
    """`overview --kind citations`: the picture (.png, .svg: the most cited) or the table (.csv: all)."""
    suffix = Path(out).suffix.lower()
    if suffix not in (*PICTURES, ".csv"):
        raise AnalysisError(f"--out {out}: name a .png, .svg or .csv file")
    cited = cited_by_theme(store, gather(store, docs=docs, themes=themes))
    if suffix == ".csv":
        return write_atomic(out, cited_table(cited), protect=(store.path,))
    shown = cited.shown()
    figure = Figure(figsize=size_of_cited(shown), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    draw_cited(figure, shown)
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format=suffix[1:], metadata={"Software": None} if suffix == ".png" else {"Date": None})
    return write_atomic(out, buffer.getvalue(), protect=(store.path,))

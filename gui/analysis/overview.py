"""The corpus at a glance: where each theme sits across documents, over time, and which themes go together.

A passage is a block coded with a theme, by anyone: two coders (or two tagged phrases) on one paragraph are one
passage, as in the notes' summary table; a block coded with a sub-theme is a passage of its parent as well.
Three views, each as a picture (PNG or SVG, drawn by matplotlib's Agg backend, so no Qt and no display are
needed) or as a CSV table of the same numbers:

- `matrix`: theme × document, passages per cell, as a heat map — or, with `share`, the share of each document's
  numbered paragraphs coded with the theme (directly or through one of their points; body blocks in a document
  that is mostly unnumbered, as the library counts coverage), so that a long report and a short letter compare;
- `timeline`: passages per theme in each document, the documents in order of their date (undated ones left out);
- `cooccurrence`: theme × theme, blocks coded with both (the diagonal: blocks coded with that theme).

The matrix may group documents by a document attribute (`group_by`): themes × mission, × organ, × type — as
NVivo's and MAXQDA's matrix queries cross codes with a document variable; the timeline draws a band per value
(`split_by`: themes over time per mission).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from gui.analysis import OVERVIEW_KINDS, AnalysisError, named_documents
from gui.core.annotations import Theme
from gui.core.themes import lineage
from gui.export.atomic import write_atomic
from gui.export.csv_export import _cell as spreadsheet_safe
from gui.store import DocumentInfo, Store

KINDS = OVERVIEW_KINDS
PICTURES = (".png", ".svg")


@dataclass(frozen=True, slots=True)
class Overview:
    """Which themes are on which blocks, for the documents and themes in view."""

    themes: tuple[Theme, ...]
    documents: tuple[DocumentInfo, ...]
    coded: dict[tuple[str, str], frozenset[int]]  # (document, eid) → ids of the themes coded on that block
    units: dict[str, tuple[str, ...]]  # document → eids of its numbered paragraphs, or of its body blocks

    def label(self, info: DocumentInfo) -> str:
        """How a document is named on an axis and in the tables: its symbol, else its id."""
        return info.symbol or info.id

    def matrix(self) -> list[list[int]]:
        """Passages per theme (rows) and document (columns)."""
        column = {d.id: j for j, d in enumerate(self.documents)}
        counts = [[0] * len(self.documents) for _ in self.themes]
        for (doc_id, _), theme_ids in self.coded.items():
            for i, theme in enumerate(self.themes):
                if theme.id in theme_ids:
                    counts[i][column[doc_id]] += 1
        return counts

    def shares(self) -> list[list[float]]:
        """Per theme and document: the share of the document's numbered paragraphs coded with the theme, counting
        a paragraph whose point is coded; body blocks where few are numbered (the library's coverage rule)."""
        out = [[0.0] * len(self.documents) for _ in self.themes]
        for j, info in enumerate(self.documents):
            units = self.units[info.id]
            if not units:
                continue
            for i, theme in enumerate(self.themes):
                eids = {eid for (doc_id, eid), ids in self.coded.items() if doc_id == info.id and theme.id in ids}
                covered = sum(1 for unit in units if unit in eids or any(e.startswith(unit + "__") for e in eids))
                out[i][j] = covered / len(units)
        return out

    def passages(self, theme_ids: Sequence[int], doc_id: str | None = None) -> list[tuple[str, str]]:
        """(document, eid) of the blocks coded with every one of `theme_ids`, in one document or all, in the
        order of the library; within a document, by eid (the caller puts them in reading order)."""
        order = {d.id: i for i, d in enumerate(self.documents)}
        found = [key for key, ids in self.coded.items()
                 if (doc_id is None or key[0] == doc_id) and all(t in ids for t in theme_ids)]
        return sorted(found, key=lambda key: (order[key[0]], key[1]))

    def cooccurrence(self) -> list[list[int]]:
        """Blocks coded with both themes of each pair (symmetric; the diagonal counts each theme's blocks)."""
        counts = [[0] * len(self.themes) for _ in self.themes]
        for theme_ids in self.coded.values():
            on = [i for i, t in enumerate(self.themes) if t.id in theme_ids]
            for i in on:
                for j in on:
                    counts[i][j] += 1
        return counts

    def dated(self) -> list[tuple[date, int]]:
        """(date, column) of the dated documents, earliest first; documents without a readable date are left out."""
        out = []
        for j, info in enumerate(self.documents):
            try:
                out.append((date.fromisoformat((info.date or "")[:10]), j))
            except ValueError:
                continue
        return sorted(out)


def gather(store: Store, docs: Sequence[str] | None = None, themes: Sequence[str | int] | None = None) -> Overview:
    """Read the anchored annotations of the chosen documents (default: all) and themes (default: those used)."""
    library = store.documents(coverage=False)
    if docs:
        library = named_documents(library, docs)
    chosen = list(dict.fromkeys(store.theme(t) for t in themes)) if themes else None
    wanted = {t.id for t in chosen} if chosen is not None else None
    in_view = {d.id for d in library}
    codebook = store.themes()
    # A passage coded with a sub-theme counts for every broader theme above it as well.
    counts_for = {t.id: {above.id for above in lineage(codebook, t.id)} for t in codebook}
    coded: dict[tuple[str, str], set[int]] = {}
    for a in store.annotations(status="anchored"):
        if a.eid is not None and a.doc_id in in_view:
            ids = counts_for.get(a.theme_id, {a.theme_id})
            ids = ids if wanted is None else ids & wanted
            if ids:
                coded.setdefault((a.doc_id, a.eid), set()).update(ids)
    if not coded:
        raise AnalysisError("nothing to show: no annotations in the documents and themes chosen")
    if chosen is None:
        used = set().union(*coded.values())
        chosen = [t for t in codebook if t.id in used]
    units = {}
    for info in library:
        document = store.document(info.id)
        numbered, body = document.numbered_paragraphs, [b for b in document.blocks if b.is_body]
        # The library's coverage rule: a document is counted by its numbered paragraphs when they are at least
        # half its body blocks (a report), else by its body blocks (a letter with a short numbered annex).
        units[info.id] = tuple(b.eid for b in (numbered if len(numbered) * 2 >= len(body) else body))
    return Overview(themes=tuple(chosen), documents=tuple(library),
                    coded={key: frozenset(ids) for key, ids in coded.items()}, units=units)


NONE = "(none)"
_JOIN = "\x1f"  # between a document and a block in a grouped passage's key (never in an id or an eid)


def members(overview: Overview, attributes: dict[str, dict[str, str]], name: str) -> dict[str, list[DocumentInfo]]:
    """The documents in view by their value of attribute `name` ("UNMISS"; "(none)" for documents without one),
    the values in alphabetical order, "(none)" last."""
    found: dict[str, list[DocumentInfo]] = {}
    for info in overview.documents:
        found.setdefault(attributes.get(info.id, {}).get(name) or NONE, []).append(info)
    if set(found) == {NONE}:
        raise AnalysisError(f"no document in view has the attribute {name!r} (see `attributes DOC`)")
    return dict(sorted(found.items(), key=lambda kv: (kv[0] == NONE, kv[0].casefold())))


def group_by(overview: Overview, attributes: dict[str, dict[str, str]], name: str) -> Overview:
    """The same passages, each document's column merged into the column of its value of attribute `name`
    ("UNMISS"; "(none)" for documents without one). Passages add up; shares are over the group's paragraphs."""
    grouped = members(overview, attributes, name)
    value_of = {info.id: value for value, infos in grouped.items() for info in infos}
    columns = tuple(DocumentInfo(id=value, path=None, symbol=f"{value} ({len(infos)})", title=None, date=None,
                                 languages=(), body_blocks=0, tagged_blocks=0, numbered_paragraphs=0,
                                 tagged_paragraphs=0, missing=False)
                    for value, infos in grouped.items())
    coded = {(value_of[doc], f"{doc}{_JOIN}{eid}"): ids for (doc, eid), ids in overview.coded.items()}
    units = {value: tuple(f"{info.id}{_JOIN}{eid}" for info in infos for eid in overview.units[info.id])
             for value, infos in grouped.items()}
    return Overview(themes=overview.themes, documents=columns, coded=coded, units=units)


Groups = list[tuple[str, Overview]]
"""(value of an attribute, the overview of the documents with that value): themes over time per mission."""


def split_by(overview: Overview, attributes: dict[str, dict[str, str]], name: str) -> Groups:
    """One overview per value of attribute `name`, each with its own documents and their passages (the same
    themes in all, so that a theme keeps its colour from one mission to the next)."""
    out: Groups = []
    for value, infos in members(overview, attributes, name).items():
        ids = {info.id for info in infos}
        out.append((value, Overview(themes=overview.themes, documents=tuple(infos),
                                    coded={key: t for key, t in overview.coded.items() if key[0] in ids},
                                    units={i: overview.units[i] for i in ids})))
    return out


def table(overview: Overview, kind: str, share: bool = False, groups: Groups | None = None, by: str = "") -> bytes:
    """The numbers behind a picture as CSV (UTF-8 with BOM, formulas neutralised); the timeline `groups`
    (themes over time per mission) with a first column for the attribute `by`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    names = [t.name for t in overview.themes]
    rows: list[list[object]]
    if kind == "timeline" and groups is not None:
        writer.writerow([spreadsheet_safe(by), "date", "document", *map(spreadsheet_safe, names)])
        rows = []
        for value, part in groups:
            counts = part.matrix()
            rows += [[value, day.isoformat(), part.label(part.documents[j]), *(c[j] for c in counts)]
                     for day, j in part.dated()]
    elif kind == "matrix":
        writer.writerow(["theme", *(spreadsheet_safe(overview.label(d)) for d in overview.documents)])
        values: list[list[str]] = ([[f"{v:.4f}" for v in row] for row in overview.shares()] if share
                                   else [[str(v) for v in row] for row in overview.matrix()])
        rows = [[name, *cells] for name, cells in zip(names, values, strict=True)]
    elif kind == "cooccurrence":
        writer.writerow(["theme", *map(spreadsheet_safe, names)])
        rows = [[name, *counts] for name, counts in zip(names, overview.cooccurrence(), strict=True)]
    else:
        writer.writerow(["date", "document", *map(spreadsheet_safe, names)])
        counts = overview.matrix()
        rows = [[day.isoformat(), overview.label(overview.documents[j]), *(c[j] for c in counts)]
                for day, j in overview.dated()]
    for row in rows:
        writer.writerow([spreadsheet_safe(str(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def short(label: str, width: int = 26) -> str:
    """An axis label cut to `width` characters ("Challenges-Forum-2018-A4P…"); the CSV keeps the whole name."""
    return label if len(label) <= width else label[:width - 1].rstrip("-_ ") + "…"


def _heat_map(figure: Figure, counts: Sequence[Sequence[float]], rows: list[str], columns: list[str], title: str,
              unit: str, percent: bool = False) -> None:
    axes = figure.subplots()
    image = axes.imshow(counts, cmap="Blues", aspect="auto", vmin=0)
    top = max((max(r) for r in counts if r), default=0)
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            axes.text(j, i, f"{value:.0%}" if percent else str(value), ha="center", va="center", fontsize=9,
                      color="white" if top and value > top / 2 else "#1f1f1f")
    axes.set_xticks(range(len(columns)), [short(c) for c in columns], rotation=30, ha="right")
    axes.set_yticks(range(len(rows)), [short(r, 40) for r in rows])
    axes.set_title(title)
    figure.colorbar(image, ax=axes, label=unit, format=PercentFormatter(1.0, decimals=0) if percent else None)


def size_of(overview: Overview, kind: str, groups: Groups | None = None) -> tuple[float, float]:
    """Inches wide and high: room for every column and every theme's label (a band per group on a grouped
    timeline)."""
    if kind == "timeline" and groups is not None:
        return 9.0, max(3.5, 1.0 + 1.8 * len(groups))
    columns = len(overview.themes) if kind == "cooccurrence" else len(overview.documents)
    return max(6.0, 2.5 + 1.1 * columns), max(3.5, 1.5 + 0.45 * len(overview.themes))


def picture(overview: Overview, kind: str, share: bool = False, figure: Figure | None = None,
            groups: Groups | None = None, by: str = "") -> Figure:
    """Draw one overview into `figure` (the window's canvas) or into a new figure for a file; a timeline with
    `groups` draws a band per value of the attribute `by` (themes over time per mission)."""
    names = [t.name for t in overview.themes]
    documents = [overview.label(d) for d in overview.documents]
    if figure is None:
        figure = Figure(figsize=size_of(overview, kind, groups), dpi=110, layout="constrained")
        FigureCanvasAgg(figure)
    if kind == "timeline" and groups is not None:
        timelines(figure, groups, by)
    elif kind == "matrix" and share:
        _heat_map(figure, overview.shares(), names, documents,
                  f"Share of each {by or 'document'}'s paragraphs, by theme", "share of paragraphs", percent=True)
    elif kind == "matrix":
        _heat_map(figure, overview.matrix(), names, documents, f"Passages coded with each theme, by {by or 'document'}",
                  "passages")
    elif kind == "cooccurrence":
        _heat_map(figure, overview.cooccurrence(), names, names, "Blocks coded with both themes", "blocks")
    else:
        dated = overview.dated()
        if not dated:
            raise AnalysisError("nothing to show over time: none of the documents chosen has a date")
        counts = overview.matrix()
        # Spaced by date (days): 2016 to 2025 is nine years wide, three days three days wide. A document whose
        # date is close to the last one labelled keeps its point but not a label of its own (they would print
        # over each other).
        days = [day.toordinal() for day, _ in dated]
        axes = figure.subplots()
        for theme, row in zip(overview.themes, counts, strict=True):
            axes.plot(days, [row[j] for _, j in dated], marker="o", color=theme.color, label=short(theme.name, 40))
        gap = max(1.0, (days[-1] - days[0]) / 12)
        labelled: list[int] = []
        for k, day in enumerate(days):
            if not labelled or day - days[labelled[-1]] >= gap:
                labelled.append(k)
        axes.set_xticks([days[k] for k in labelled],
                        [f"{short(documents[dated[k][1]])}\n{dated[k][0].isoformat()}" for k in labelled],
                        fontsize=8, rotation=20, ha="right")
        if len(days) == 1:
            axes.set_xlim(days[0] - 30, days[0] + 30)
        axes.set_xlabel("documents by date")
        axes.set_ylabel("passages")
        axes.set_ylim(bottom=0)
        axes.set_title("Themes over time, by document date")
        axes.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        left_out = [documents[j] for j in range(len(documents)) if j not in {k for _, k in dated}]
        if left_out:
            figure.supxlabel("Not dated, left out: " + ", ".join(left_out), fontsize=8)
    return figure


def timelines(figure: Figure, groups: Groups, by: str) -> None:
    """Themes over time per value of an attribute: a band per mission, one above the other, on the same
    scale of dates and passages (the years marked), so that missions compare at a glance. The bands are the
    figure's axes in the order of `groups`."""
    if not any(part.dated() for _, part in groups):
        raise AnalysisError("nothing to show over time: none of the documents chosen has a date")
    bands = figure.subplots(len(groups), 1, sharex=True, sharey=True, squeeze=False)[:, 0]
    every = [day.toordinal() for _, part in groups for day, _ in part.dated()]
    first, last = date.fromordinal(min(every)), date.fromordinal(max(every))
    for axes, (value, part) in zip(bands, groups, strict=True):
        dated = part.dated()
        days = [day.toordinal() for day, _ in dated]
        for theme, row in zip(part.themes, part.matrix(), strict=True):
            axes.plot(days, [row[j] for _, j in dated], marker="o", color=theme.color, label=short(theme.name, 40))
        undated = len(part.documents) - len(dated)
        axes.set_title(f"{by}: {value} — {len(dated)} dated document{'s' if len(dated) != 1 else ''}"
                       + (f", {undated} without a date left out" if undated else ""), fontsize=9, loc="left")
        axes.set_ylabel("passages", fontsize=8)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
    years = list(range(first.year, last.year + 2))
    if len(years) > 2:  # years marked when the documents span more than one
        step = max(1, len(years) // 12)
        bands[-1].set_xticks([date(y, 1, 1).toordinal() for y in years[::step]], [str(y) for y in years[::step]])
    else:
        ticks = sorted(set(every))[:: max(1, len(set(every)) // 8)]
        bands[-1].set_xticks(ticks, [date.fromordinal(t).isoformat() for t in ticks], rotation=20, ha="right",
                             fontsize=8)
    bands[0].set_xlim(min(every) - 30, max(every) + 30)
    bands[0].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    figure.suptitle(f"Themes over time, by {by}", fontsize=11)


def draw(overview: Overview, kind: str, fmt: str, share: bool = False, groups: Groups | None = None,
         by: str = "") -> bytes:
    """The picture as PNG or SVG bytes."""
    figure = picture(overview, kind, share, groups=groups, by=by)
    buffer = io.BytesIO()
    # SVG keeps its words as text (searchable, editable in Inkscape or Illustrator) rather than outlines.
    with rc_context({"svg.fonttype": "none"}):
        figure.savefig(buffer, format=fmt, metadata={"Software": None} if fmt == "png" else {"Date": None})
    return buffer.getvalue()


def write_overview(store: Store, kind: str, out: str | Path, docs: Sequence[str] | None = None,
                   themes: Sequence[str | int] | None = None, share: bool = False, by: str | None = None) -> Path:
    """Write one overview as a picture (.png, .svg) or its table (.csv), atomically. `by` groups the matrix's
    documents by a document attribute (themes × mission)."""
    if kind not in KINDS:
        raise AnalysisError(f"--kind {kind}: choose one of {', '.join(KINDS)}")
    if share and kind != "matrix":
        raise AnalysisError("--share: only the matrix shows shares of paragraphs")
    suffix = Path(out).suffix.lower()
    if suffix not in (*PICTURES, ".csv"):
        raise AnalysisError(f"--out {out}: name a .png, .svg or .csv file")
    if by and kind == "cooccurrence":
        raise AnalysisError("--by: the matrix (themes × mission) and the timeline (themes over time per mission) "
                            "group documents by an attribute, not the co-occurrence map")
    overview = gather(store, docs=docs, themes=themes)
    groups = None
    name = (by or "").strip().lower()
    if by and kind == "matrix":
        overview = group_by(overview, store.attributes_of(d.id for d in overview.documents), name)
    elif by:
        groups = split_by(overview, store.attributes_of(d.id for d in overview.documents), name)
    data = table(overview, kind, share, groups, name) if suffix == ".csv" else \
        draw(overview, kind, suffix[1:], share, groups, name)
    return write_atomic(out, data, protect=(store.path,))

"""Exports (Markdown, HTML, CSV, W3C JSON-LD, REFI-QDA) and imports of colleagues' work. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gui.core.decode import read_bounded
from gui.core.errors import InputError
from gui.export.atomic import Cancelled, ExportError, Progress, write_atomic
from gui.export.csv_export import render_csv
from gui.export.html_notes import render_html
from gui.export.jsonld import ForeignAnnotation, parse_jsonld, render_jsonld
from gui.export.markdown_notes import render_markdown
from gui.export.merge import MergeReport, merge
from gui.export.notes import Notes, collect
from gui.export.qdpx import guid, parse_qdc, parse_qdpx, render_qdc, render_qdpx
from gui.store import Store, clean_name

FILE_LIMIT = 256 * 1024 * 1024  # an export of 10,000 annotations is about 16 MB of JSON-LD
FORMATS = {"md": ".md", "html": ".html", "csv": ".csv", "jsonld": ".jsonld", "qdpx": ".qdpx", "qdc": ".qdc"}


def export(store: Store, fmt: str, out: str | Path, doc: str | None = None,
           themes: list[str | int] | None = None, by: str = "theme", progress: Progress | None = None,
           warnings: list[str] | None = None, matrix: bool = False) -> Path:
    """Write one export atomically; returns the path written. What had to be changed to write it (characters
    that XML cannot hold) is said in `warnings`. `matrix`: Markdown and HTML notes open with the summary of
    passages per theme and document."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if by not in ("theme", "document"):
        raise ExportError(f"--by must be 'theme' or 'document', not {by!r}")
    if fmt == "qdc":  # the codebook alone: no annotation needs reading
        chosen = [store.theme(t) for t in themes] if themes else store.themes()
        return write_atomic(out, render_qdc(chosen, warnings), protect=(store.path,))
    notes: Notes = collect(store, doc=doc, themes=themes, progress=progress, pictures=fmt == "html")
    data: bytes | str
    if fmt == "md":
        data = render_markdown(notes, by, matrix)
    elif fmt == "html":
        data = render_html(notes, by, matrix)
    elif fmt == "csv":
        data = render_csv(notes)
    elif fmt == "jsonld":
        data = render_jsonld(notes)
    else:
        data = render_qdpx(notes, store, warnings)
    if progress:
        progress(len(notes.items), len(notes.items))  # the last chance to cancel: nothing is written yet
    return write_atomic(out, data, protect=(store.path,))


@dataclass(frozen=True, slots=True)
class Exchange:
    """What a colleague's file holds: a codebook (names, colours, descriptions) and annotations."""

    codes: list[dict[str, str]]
    annotations: list[ForeignAnnotation]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (id, why) of entries that cannot be read

    def theme_names(self) -> list[str]:
        """The themes that matter, in first-seen order: those the annotations use — or, for a codebook
        alone, every code. (A colleague's unused codes must not bring back themes we deleted.)"""
        if self.annotations:
            names = [clean_name(t) for a in self.annotations for t in a.themes or ("Imported",)]
        else:
            names = [clean_name(c.get("name", "")) for c in self.codes]
        return list(dict.fromkeys(n for n in names if n))

    def used_codes(self) -> list[dict[str, str]]:
        wanted = set(self.theme_names())
        return [c for c in self.codes if clean_name(c.get("name", "")) in wanted]


def renamed_themes(store: Store, exchange: Exchange) -> dict[str, str]:
    """Their name → ours, for codes that are our own themes under another name. Our REFI-QDA exports give each
    theme a GUID made from its key, so a theme renamed since (by us or by them) is still recognised."""
    ours = {guid("theme", t.key): t.name for t in store.themes()}
    return {clean_name(c["name"]): ours[c["guid"]] for c in exchange.codes
            if c.get("guid") in ours and clean_name(c.get("name", "")) not in ("", ours[c["guid"]])}


def read_exchange(path: str | Path, progress: Progress | None = None) -> Exchange:
    """Read a JSON-LD export, a .qdpx project or a .qdc codebook, without touching any database."""
    file = Path(path)
    try:
        data = read_bounded(file, FILE_LIMIT, "annotation")  # a regular file only, read no further than the limit
    except InputError as error:
        raise ExportError(str(error)) from None
    suffix = file.suffix.lower()
    if suffix == ".qdc":
        return Exchange(parse_qdc(data, str(file)), [])
    if suffix == ".qdpx":
        problems: list[tuple[str, str]] = []
        codes, annotations = parse_qdpx(data, str(file), problems, progress)
        return Exchange(codes, annotations, problems)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{file}: neither a .qdpx/.qdc file nor UTF-8 JSON-LD") from None
    problems = []
    return Exchange([], parse_jsonld(text, str(file), problems), problems)


def unknown_themes(store: Store, exchange: Exchange) -> list[str]:
    """Theme names in the file that this database does not have (to create or to map onto ours)."""
    renamed = renamed_themes(store, exchange)
    return [name for name in exchange.theme_names() if name not in renamed and store.find_theme(name) is None]


def import_annotations(store: Store, path: str | Path | Exchange, theme_map: dict[str, str] | None = None,
                       progress: Progress | None = None) -> MergeReport:
    """Merge a JSON-LD export, a .qdpx project or a .qdc codebook into this database.

    `theme_map` maps a theme name of the file onto one of ours; unmapped unknown themes are created.
    """
    exchange = path if isinstance(path, Exchange) else read_exchange(path)
    theme_map = renamed_themes(store, exchange) | (theme_map or {})
    report = merge(store, exchange.annotations, theme_map, progress=progress, codes=exchange.used_codes())
    report.unplaced = exchange.problems + report.unplaced
    return report


__all__ = ["FORMATS", "Cancelled", "Exchange", "ExportError", "MergeReport", "Progress", "export", "import_annotations",
           "read_exchange", "unknown_themes"]

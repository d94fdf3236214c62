"""Exports (Markdown, HTML, CSV, W3C JSON-LD, REFI-QDA) and imports of colleagues' work. No Qt here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gui.export.atomic import ExportError, write_atomic
from gui.export.csv_export import render_csv
from gui.export.html_notes import render_html
from gui.export.jsonld import parse_jsonld, render_jsonld
from gui.export.markdown_notes import render_markdown
from gui.export.merge import MergeReport, add_codebook, merge
from gui.export.notes import Notes, collect
from gui.export.qdpx import parse_qdc, parse_qdpx, render_qdc, render_qdpx
from gui.store import Store

FORMATS = {"md": ".md", "html": ".html", "csv": ".csv", "jsonld": ".jsonld", "qdpx": ".qdpx", "qdc": ".qdc"}

Progress = Callable[[str], None]


def export(store: Store, fmt: str, out: str | Path, doc: str | None = None,
           themes: list[str | int] | None = None, by: str = "theme", progress: Progress | None = None) -> Path:
    """Write one export atomically; returns the path written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if by not in ("theme", "document"):
        raise ExportError(f"--by must be 'theme' or 'document', not {by!r}")
    if progress:
        progress("collecting annotations")
    notes: Notes = collect(store, doc=doc, themes=themes)
    if progress:
        progress(f"writing {len(notes.items)} annotations")
    data: bytes | str
    if fmt == "md":
        data = render_markdown(notes, by)
    elif fmt == "html":
        data = render_html(notes, by)
    elif fmt == "csv":
        data = render_csv(notes)
    elif fmt == "jsonld":
        data = render_jsonld(notes)
    elif fmt == "qdpx":
        data = render_qdpx(notes, store)
    else:
        data = render_qdc(notes.themes)
    return write_atomic(out, data)


def import_annotations(store: Store, path: str | Path, theme_map: dict[str, str] | None = None) -> MergeReport:
    """Merge a JSON-LD export, a .qdpx project or a .qdc codebook into this database."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise ExportError(f"{file}: cannot be read ({error.strerror or error})") from None
    report = MergeReport()
    suffix = file.suffix.lower()
    if suffix == ".qdc":
        add_codebook(store, parse_qdc(data, str(file)), report)
    elif suffix == ".qdpx":
        codes, foreign = parse_qdpx(data, str(file))
        add_codebook(store, codes, report)
        found = merge(store, foreign, theme_map)
        report.merged, report.duplicates, report.unplaced = found.merged, found.duplicates, found.unplaced
        report.themes_created += found.themes_created
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError(f"{file}: not UTF-8 JSON") from None
        return merge(store, parse_jsonld(text, str(file)), theme_map)
    return report


__all__ = ["FORMATS", "ExportError", "MergeReport", "export", "import_annotations"]

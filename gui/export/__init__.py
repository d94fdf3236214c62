"""Exports (Markdown, HTML, CSV, W3C JSON-LD, REFI-QDA) and imports of colleagues' work. No Qt here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from gui.core.controls import without_controls
from gui.core.decode import read_bounded
from gui.core.errors import InputError
from gui.export.atomic import Cancelled, ExportError, Progress, write_atomic
from gui.export.csv_export import parse_codebook_csv, render_codebook_csv, render_csv
from gui.export.html_notes import render_html
from gui.export.jsonld import ForeignAnnotation, parse_jsonld, render_jsonld
from gui.export.markdown_notes import render_markdown
from gui.export.memo_exchange import (
    ForeignMemo,
    codebook_cells,
    codes_with_memos,
    merge_memos,
    parse_memos_jsonld,
    read_memo_note,
    theme_descriptions,
)
from gui.export.merge import MergeReport, find_document, merge
from gui.export.notes import Notes, collect, memo_lines
from gui.export.qdpx import codebook_of, guid, parse_qdc, parse_qdpx, render_qdc, render_qdpx
from gui.export.taguette import is_highlights, parse_highlights_csv
from gui.store import Store, clean_name

FILE_LIMIT = 256 * 1024 * 1024  # an export of 10,000 annotations is about 16 MB of JSON-LD
FORMATS = {"md": ".md", "html": ".html", "csv": ".csv", "jsonld": ".jsonld", "qdpx": ".qdpx", "qdc": ".qdc",
           "codebook-csv": ".csv", "citations-csv": ".csv", "graphml": ".graphml"}
CODEBOOK_FORMATS = ("qdc", "codebook-csv")  # the codebook alone: no annotation is read
NETWORK_FORMATS = ("citations-csv", "graphml")  # the citation network of the library: no annotation is read


def export(store: Store, fmt: str, out: str | Path, doc: str | None = None,
           themes: list[str | int] | None = None, by: str = "theme", progress: Progress | None = None,
           warnings: list[str] | None = None, matrix: bool = False, coder: str | None = None) -> Path:
    """Write one export atomically; returns the path written. What had to be changed to write it (characters
    that XML cannot hold) is said in `warnings`. `matrix`: Markdown and HTML notes open with the summary of
    passages per theme and document. `coder`: one coder's annotations only (or the consensus's)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if by not in ("theme", "document"):
        raise ExportError(f"--by must be 'theme' or 'document', not {by!r}")
    if fmt in CODEBOOK_FORMATS:  # the chosen themes with their sub-themes, and their broader ones (the tree holds)
        codebook = store.themes()
        family = {i for t in themes or () for i in store.theme_family(t)}
        chosen = codebook_of(codebook, [t for t in codebook if t.id in family]) if themes else codebook
        lines = memo_lines(store, {t.id for t in chosen}, None)
        book = render_qdc(chosen, warnings, theme_descriptions(chosen, lines)) if fmt == "qdc" else \
            render_codebook_csv(chosen, codebook_cells(chosen, lines))
        return write_atomic(out, book, protect=(store.path,))
    if fmt in NETWORK_FORMATS:
        from gui.export.network import render_citations_csv, render_graphml

        doc_id = store.document_id(doc) if doc else None  # --doc: that document's citations and who cites it
        network = render_citations_csv(store, doc_id) if fmt == "citations-csv" else render_graphml(store, doc_id)
        return write_atomic(out, network, protect=(store.path,))
    notes: Notes = collect(store, doc=doc, themes=themes, progress=progress, pictures=fmt == "html", coder=coder)
    data: bytes | str
    if fmt == "md":  # documents people open: no NUL, escape sequence or bidi override from anyone's text
        data = without_controls(render_markdown(notes, by, matrix))
    elif fmt == "html":
        data = without_controls(render_html(notes, by, matrix))
    elif fmt == "csv":
        data = render_csv(notes, store.attributes_of(item.doc_id for item in notes.items))
    elif fmt == "jsonld":
        data = render_jsonld(notes, store.themes())
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
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (what, why) of content not brought in at all
    memos: list[ForeignMemo] = field(default_factory=list)  # themes', documents' and passages' memos

    def theme_names(self) -> list[str]:
        """The themes that matter, in first-seen order: those the annotations use and their broader themes
        (a sub-theme comes with its tree) — or, for a codebook alone, every code. (A colleague's unused codes
        must not bring back themes we deleted.)"""
        if self.annotations:
            names = [clean_name(t) for a in self.annotations for t in a.themes or ("Imported",)]
            parents = {clean_name(c.get("name", "")): clean_name(c.get("parent", "")) for c in self.codes}
            for name in list(dict.fromkeys(names)):
                while (name := parents.get(name, "")) and name not in names:
                    names.append(name)
        else:
            names = [clean_name(c.get("name", "")) for c in self.codes]
        return list(dict.fromkeys(n for n in names if n))

    def used_codes(self) -> list[dict[str, str]]:
        """The codes of `theme_names`, in the file's order (a broader theme before its sub-themes)."""
        wanted = set(self.theme_names())
        return [c for c in self.codes if clean_name(c.get("name", "")) in wanted]


def renamed_themes(store: Store, exchange: Exchange) -> dict[str, str]:
    """Their name → ours, for codes that are our own themes under another name. Our REFI-QDA exports give each
    theme a GUID made from its key, so a theme renamed since (by us or by them) is still recognised."""
    ours = {guid("theme", t.key): t.name for t in store.themes()}
    return {clean_name(c["name"]): ours[c["guid"]] for c in exchange.codes
            if c.get("guid") in ours and clean_name(c.get("name", "")) not in ("", ours[c["guid"]])}


def read_exchange(path: str | Path, progress: Progress | None = None) -> Exchange:
    """Read a JSON-LD export, a .qdpx project, a .qdc codebook or a codebook CSV, without touching any
    database."""
    file = Path(path)
    try:
        data = read_bounded(file, FILE_LIMIT, "annotation")  # a regular file only, read no further than the limit
    except InputError as error:
        raise ExportError(str(error)) from None
    suffix = file.suffix.lower()
    if suffix == ".csv" and is_highlights([c.strip().lower() for c in data[:4096].decode("utf-8-sig", "replace")
                                           .split("\n")[0].split(",")]):  # Taguette's highlights
        unread: list[tuple[str, str]] = []
        return Exchange([], parse_highlights_csv(data, str(file), unread), unread)
    if suffix in (".qdc", ".csv"):  # a codebook (a CSV: ours, or Taguette's)
        codes, memos = codes_with_memos(parse_qdc(data, str(file)) if suffix == ".qdc" else
                                        parse_codebook_csv(data, str(file)))
        return Exchange(codes, [], memos=memos)
    if suffix == ".qdpx":
        problems: list[tuple[str, str]] = []
        dropped: list[tuple[str, str]] = []
        notes: list[tuple[str, str]] = []
        codes, annotations = parse_qdpx(data, str(file), problems, progress, dropped, notes)
        codes, memos = codes_with_memos(codes)
        memos += [m for name, text in notes if (m := read_memo_note(name, text)) is not None]
        return Exchange(codes, annotations, problems, dropped, memos)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(f"{file}: neither a .qdpx/.qdc file nor UTF-8 JSON-LD") from None
    problems = []
    broader: list[dict[str, str]] = []  # the tags' broader themes (skos:broader)
    annotations = parse_jsonld(text, str(file), problems, broader)
    memos = parse_memos_jsonld(json.loads(text)) if '"marginalia:codebook"' in text or '"marginalia:memos"' in text \
        else []
    return Exchange(broader, annotations, problems, memos=memos)


def unknown_themes(store: Store, exchange: Exchange) -> list[str]:
    """Theme names in the file that this database does not have (to create or to map onto ours)."""
    renamed = renamed_themes(store, exchange)
    ours = {t.name.casefold() for t in store.themes()} | {t.key.casefold() for t in store.themes()}  # as
    # find_theme matches, once: 10,000 names looked up one by one against 10,000 themes took 12 s
    return [name for name in exchange.theme_names() if name not in renamed and name.casefold() not in ours]


def import_annotations(store: Store, path: str | Path | Exchange, theme_map: dict[str, str] | None = None,
                       progress: Progress | None = None) -> MergeReport:
    """Merge a JSON-LD export, a .qdpx project or a .qdc codebook into this database.

    `theme_map` maps a theme name of the file onto one of ours; unmapped unknown themes are created.
    """
    exchange = path if isinstance(path, Exchange) else read_exchange(path)
    theme_map = renamed_themes(store, exchange) | (theme_map or {})
    report = merge(store, exchange.annotations, theme_map, progress=progress, codes=exchange.used_codes())
    report.unplaced = exchange.problems + report.unplaced
    report.dropped = exchange.dropped + report.dropped
    if exchange.memos:
        report.memos = merge_memos(store, exchange.memos, theme_map, find_document).summary().splitlines()
    return report


__all__ = ["FORMATS", "Cancelled", "Exchange", "ExportError", "MergeReport", "Progress", "export", "import_annotations",
           "read_exchange", "unknown_themes"]

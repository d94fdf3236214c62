"""`export` and `import-annotations`: the deliverable, and a colleague's work merged in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gui.cli import add_db_option
from gui.cli.store_commands import warn_unreadable

EXPORT_FORMATS = ("citations-csv", "codebook-csv", "csv", "graphml", "html", "jsonld", "md", "qdc", "qdpx")
"""`gui.export.FORMATS` (checked equal by a test), named here without loading every exporter at each command."""


def cmd_export(args: argparse.Namespace) -> int:
    from gui.export import export
    from gui.store import Store

    with Store(getattr(args, "db", None)) as store:
        themes: list[str | int] | None = list(args.theme) if args.theme else None
        warnings: list[str] = []
        path = export(store, args.format, Path(args.out), doc=args.doc, themes=themes, by=args.by, warnings=warnings,
                      matrix=args.matrix)
        warn_unreadable(store)
    for warning in warnings:
        print(f"note: {path}: {warning}", file=sys.stderr)
    print(path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from gui.export import ExportError, import_annotations
    from gui.store import Store

    theme_map: dict[str, str] = {}
    for pair in args.map or []:
        foreign, sep, ours = pair.partition("=")
        if not sep or not foreign.strip() or not ours.strip():
            raise ExportError(f"--map {pair!r}: write it as THEIR_THEME=OUR_THEME")
        theme_map[foreign.strip()] = ours.strip()
    with Store(getattr(args, "db", None)) as store:
        for ours in theme_map.values():
            store.theme(ours)  # a clear error now for a mapping onto a theme we do not have
        print(import_annotations(store, args.file, theme_map).summary())
        warn_unreadable(store)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("export", help="export annotated notes (md, html, csv, jsonld, qdpx, qdc) or the "
                              "codebook (codebook-csv)",
                              description="Export annotations. The file is written atomically.")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    p.add_argument("--out", required=True, metavar="PATH")
    p.add_argument("--doc", metavar="DOC", help="only this document (citations-csv, graphml: its citations and "
                   "those citing it)")
    p.add_argument("--theme", metavar="THEME", action="append", help="only this theme (repeatable)")
    p.add_argument("--by", choices=["theme", "document"], default="theme", help="grouping of md/html notes")
    p.add_argument("--matrix", action="store_true", help="md/html notes open with a summary: passages per theme "
                   "(with its sub-themes) and document")
    add_db_option(p)
    p.set_defaults(handler=cmd_export)
    p = subparsers.add_parser("import-annotations",
                              help="merge a JSON-LD export, .qdpx project, .qdc codebook or codebook CSV",
                              description="Merge a colleague's annotations, placed on our documents by quote.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--map", metavar="THEIRS=OURS", action="append",
                   help="put a theme of the file onto one of ours (repeatable); other unknown themes are created")
    add_db_option(p)
    p.set_defaults(handler=cmd_import)

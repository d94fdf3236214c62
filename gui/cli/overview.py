"""`overview`: the corpus at a glance — theme × document heat map, themes over time, theme co-occurrence."""

from __future__ import annotations

import argparse
from pathlib import Path

from gui.analysis import OVERVIEW_KINDS
from gui.cli import add_db_option

CITED = "citations"  # the documents the coded passages cite, by theme (gui.analysis.cited)


def cmd_overview(args: argparse.Namespace) -> int:
    from gui.analysis.overview import write_overview  # matplotlib loads only for this command
    from gui.cli.store_commands import warn_unreadable
    from gui.store import Store

    with Store(getattr(args, "db", None)) as store:
        if args.kind == CITED:
            from gui.analysis import AnalysisError
            from gui.analysis.cited import write_cited

            if args.share or args.by:
                raise AnalysisError("--kind citations: counted over every document, without --share or --by")
            path = write_cited(store, Path(args.out), docs=args.doc, themes=args.theme)
        else:
            path = write_overview(store, args.kind, Path(args.out), docs=args.doc, themes=args.theme,
                                  share=args.share, by=args.by)
        warn_unreadable(store)
    print(path)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "write a picture (.png, .svg) or table (.csv) of where the themes sit in the corpus"
    p = subparsers.add_parser("overview", help=text, description=text + ". A passage is a block coded with a "
                              "theme by anyone.")
    p.add_argument("--kind", required=True, metavar="|".join((*OVERVIEW_KINDS, CITED)),
                   help="matrix: theme × document heat map; timeline: themes by document date; citations: the "
                   "documents the coded passages cite (most cited first) × themes; cooccurrence: "
                   "themes coded on the same block")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.png, FILE.svg or FILE.csv")
    p.add_argument("--share", action="store_true", help="matrix: the share of each document's numbered paragraphs "
                   "(body blocks in a mostly unnumbered one, as the library counts coverage) instead of passages")
    p.add_argument("--by", metavar="ATTRIBUTE", help="matrix: a column per value of a document attribute (mission, "
                   "organ, type, country, or your own) instead of per document; timeline: a band per value (themes "
                   "over time per mission)")
    p.add_argument("--doc", metavar="DOC", action="append", help="only this document (repeatable)")
    p.add_argument("--theme", metavar="THEME", action="append", help="only this theme (repeatable)")
    add_db_option(p)
    p.set_defaults(handler=cmd_overview)

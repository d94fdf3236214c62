"""`code-hits`: every paragraph (or sentence) a search finds, coded with one theme — after a preview."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from gui.cli import add_db_option

if TYPE_CHECKING:
    from gui.store import Store

PREVIEW = 20


def cmd_code_hits(args: argparse.Namespace, store: Store) -> int:
    from gui.analysis.code_hits import code, plan
    from gui.core.citation import citation
    from gui.store import clean_name

    theme = store.theme(args.theme)
    doc_id = store.document_id(args.doc) if args.doc else None
    found = plan(store, args.query, doc=doc_id, unit=args.unit)
    left = f"; {found.notes} hit(s) in notes left out" if found.notes else ""
    print(f"“{clean_name(args.query)}”: {found.hits} hit(s), {len(found.targets)} {args.unit} place(s) to code "
          f"with {theme.name}{left}", file=sys.stderr)
    if found.unmatched:
        print(f"  {found.unmatched} paragraph(s) where the words were not found again as typed: the whole "
              "paragraph is coded", file=sys.stderr)
    for target in found.targets[:PREVIEW if not args.yes else 0]:
        document = store.document(target.doc_id)
        where = citation(document, document.block(target.eid), target.doc_id)[0]
        quote = clean_name(target.quote)
        print(f"  {where:32} “{quote[:90]}{'…' if len(quote) > 90 else ''}”")
    if not args.yes:
        if len(found.targets) > PREVIEW:
            print(f"  … and {len(found.targets) - PREVIEW} more", file=sys.stderr)
        print("nothing was coded: run again with --yes to code them", file=sys.stderr)
        return 0
    report = code(store, found.targets, theme.id, coder=args.coder)
    print(report.summary(theme.name))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from gui.cli.store_commands import _with_store

    text = "code every paragraph (or sentence) a search finds with a theme, after a preview"
    p = subparsers.add_parser("code-hits", help=text, description=(
        f"{text}. Without --yes the places are listed and nothing is written; with --yes they are coded in "
        "one transaction (a place that already carries the theme from you is left alone)."))
    add_db_option(p)
    p.add_argument("query", metavar="QUERY", help="the words to search for (as `search`)")
    p.add_argument("theme", metavar="THEME", help="theme name or key")
    p.add_argument("--doc", metavar="DOC", help="only in this document (id or symbol)")
    p.add_argument("--unit", choices=("paragraph", "sentence"), default="paragraph",
                   help="code the whole paragraph (default) or only the sentences holding the words")
    p.add_argument("--coder", metavar="NAME", help="credit the coding to NAME (default: the database's coder)")
    p.add_argument("--yes", action="store_true", help="code them (without it: only the preview)")
    p.set_defaults(handler=_with_store(cmd_code_hits))

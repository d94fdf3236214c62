"""`query`: the passages whose coding satisfies an expression over themes (AND, OR, NOT, parentheses), within
the same paragraph, section or document, by one coder or all."""

from __future__ import annotations

import argparse
import json
import sys

from gui.cli import add_db_option


def cmd_query(args: argparse.Namespace) -> int:
    from gui.analysis.query import coding_query
    from gui.cli.store_commands import warn_unreadable
    from gui.store import Store

    with Store(getattr(args, "db", None)) as store:
        doc = store.document_id(args.doc) if args.doc else None
        result = coding_query(store, args.expression, args.within, args.coder, doc, args.limit, count=not args.json,
                              documents=" ".join(args.where or []))
        if args.json:
            json.dump(result.rows(), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            unit = {"paragraph": "paragraph", "section": "section", "document": "document"}[result.within]
            print(f"{result.asked()}: {result.units or 0:,} {unit}(s)"
                  + (f", {len(result.hits)} passage(s) shown" if result.within != "paragraph" else ""),
                  file=sys.stderr)
            for hit in result.hits:
                text = "".join(c if c.isprintable() else " " for c in hit.snippet)
                print(f"{hit.citation():32} {text}")
        warn_unreadable(store)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = ("passages whose coding satisfies EXPRESSION: themes (name or key; quote names with spaces or "
            "parentheses) joined by AND, OR, NOT and parentheses, e.g. \"POC AND NOT police\"")
    p = subparsers.add_parser("query", help="coding query: passages with themes A AND B, A NOT B, …",
                              description=text)
    add_db_option(p)
    p.add_argument("expression", metavar="EXPRESSION")
    p.add_argument("--within", choices=("paragraph", "section", "document"), default="paragraph",
                   help="what must hold the themes together (default: one paragraph); section or document lists "
                        "every coded paragraph of each section or document that satisfies it")
    p.add_argument("--coder", metavar="NAME", help="only this coder's annotations")
    p.add_argument("--doc", metavar="DOC", help="only in this document")
    p.add_argument("--where", metavar="WORDS", action="append",
                   help="only in the documents the library's filter words keep, e.g. "
                        "\"mission:UNMISS type:report 2018..2020\" (attributes, years, theme:KEY, symbol or "
                        "title words; every word must match; repeatable)")
    p.add_argument("--limit", type=int, default=1000, help="at most this many rows (default 1000)")
    p.add_argument("--json", action="store_true", help='as JSON rows {"doc", "eid", "citation", "text"}')
    p.set_defaults(handler=cmd_query)

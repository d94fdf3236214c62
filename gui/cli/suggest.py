"""`suggest`: the themes a document's paragraphs probably carry, learned from the database's own coding.

Nothing is written: the suggestions are listed (with `--json`, as the window shows them: each with its score
and whether it is above its theme's threshold). Accepting one is the analyst's act, in the window.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from gui.cli import add_db_option

if TYPE_CHECKING:
    from gui.store import Store


def cmd_suggest(args: argparse.Namespace, store: Store) -> int:
    from gui.analysis.suggest import document_suggestions, learn, summary, theme_note

    doc_id = store.document_id(args.doc)
    coders = args.coder or None
    model = learn(store.db, coders)
    rejected = {(eid, theme) for _, eid, theme in store.rejected_suggestions(doc_id)}
    found = document_suggestions(store.db, model, doc_id, coders, rejected)
    if args.json:
        json.dump([{"eid": s.eid, "theme": s.theme, "score": round(s.score, 4), "suggested": s.suggested}
                   for s in found if s.suggested or not args.shown], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    print(summary(model, coders or ()), file=sys.stderr)
    for theme in model.themes:
        print(f"  {theme_note(theme)}", file=sys.stderr)
    document = store.document(doc_id)
    shown = [s for s in found if s.suggested or not args.shown]
    for s in shown:
        block = document.get(s.eid)
        label = block.label if block is not None else s.eid
        mark = "*" if s.suggested else " "
        print(f"{mark} {label:10} {s.score:5.2f}  {s.theme}")
    if not shown:
        print("no suggestions for this document", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from gui.cli.store_commands import _with_store

    text = "the themes a document's paragraphs probably carry, learned from this database's coding"
    p = subparsers.add_parser("suggest", help=text, description=(
        f"{text}. The threshold comes from cross-validation by document on the coding; a theme with too few "
        "coded paragraphs is not suggested. Nothing is written. * marks a suggestion the window shows: above "
        "the threshold, and among the paragraph's two best."))
    add_db_option(p)
    p.add_argument("doc", metavar="DOC", help="document id or symbol (see `docs`)")
    p.add_argument("--coder", action="append", metavar="NAME",
                   help="learn from this coder's annotations only (repeat for several; default: every coder)")
    p.add_argument("--shown", action="store_true", help="only the suggestions above their threshold")
    p.add_argument("--json", action="store_true",
                   help='a JSON list of {"eid", "theme", "score", "suggested"}')
    p.set_defaults(handler=_with_store(cmd_suggest))

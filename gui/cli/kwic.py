"""`kwic`: a word in its contexts (any of its forms); `words`: the most frequent words of a theme or document."""

from __future__ import annotations

import argparse
import json
import sys

from gui.cli import add_db_option


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else " " for c in text)


def cmd_kwic(args: argparse.Namespace) -> int:
    from gui.analysis.words import kwic
    from gui.cli.store_commands import warn_unreadable
    from gui.store import Store

    with Store(getattr(args, "db", None)) as store:
        doc = store.document_id(args.doc) if args.doc else None
        rows = kwic(store.db, args.word, doc, args.limit)
        if args.json:
            json.dump([r.to_json() for r in rows], sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            width = max((len(r.left) for r in rows), default=0)
            for r in rows:
                where = f"{r.symbol or r.doc_id} {r.eid}"
                print(f"{_printable(where)[:30]:30} {_printable(r.left):>{width}} [{_printable(r.match)}] "
                      f"{_printable(r.right)}")
            print(f"{len(rows):,} occurrence(s)" + (" (the first ones: --limit)" if len(rows) >= args.limit else ""),
                  file=sys.stderr)
        warn_unreadable(store)
    return 0


def cmd_words(args: argparse.Namespace) -> int:
    from gui.analysis import AnalysisError
    from gui.analysis.words import frequencies, frequency_png, frequency_rows
    from gui.export.atomic import write_atomic
    from gui.store import Store

    if not args.theme and not args.doc:
        raise AnalysisError("words: choose --theme THEME or --doc DOC")
    with Store(getattr(args, "db", None)) as store:
        doc = store.document_id(args.doc) if args.doc else None
        if args.stop_words is not None:
            store.set_stop_words(args.stop_words.split(","))
        counts = frequencies(store, args.theme, doc, args.top)
        if args.out:
            if not args.out.lower().endswith(".png"):
                raise AnalysisError(f"--out {args.out}: name a .png file")
            what = store.theme(args.theme).name if args.theme else (doc or "")
            write_atomic(args.out, frequency_png(counts, f"Most frequent words: {what}"), protect=(store.path,))
        if args.json:
            json.dump(frequency_rows(counts), sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        elif not args.out:
            for word, count in counts:
                print(f"{count:8,}  {_printable(word)}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "keyword in context: each occurrence of WORD (any of its forms; a phrase in quotes as written)"
    p = subparsers.add_parser("kwic", help=text, description=text)
    add_db_option(p)
    p.add_argument("word", metavar="WORD")
    p.add_argument("--doc", metavar="DOC", help="only in this document")
    p.add_argument("--limit", type=int, default=5000, help="at most this many occurrences (default 5000)")
    p.add_argument("--json", action="store_true", help='as JSON rows {"doc", "eid", "left", "match", "right"}')
    p.set_defaults(handler=cmd_kwic)
    text = "the most frequent words of a theme's passages or of a document, without the stop list"
    p = subparsers.add_parser("words", help=text, description=text)
    add_db_option(p)
    p.add_argument("--theme", metavar="THEME", help="a theme's passages (with its sub-themes')")
    p.add_argument("--doc", metavar="DOC", help="a document (with --theme: the theme's passages in it)")
    p.add_argument("--top", type=int, default=50, help="how many words (default 50)")
    p.add_argument("--stop-words", metavar="W1,W2,…", help="first keep this stop list (comma-separated)")
    p.add_argument("--out", metavar="FILE.png", help="draw the words as a bar chart")
    p.add_argument("--json", action="store_true", help='as JSON rows {"word", "count"}')
    p.set_defaults(handler=cmd_words)

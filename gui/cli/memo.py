"""`memo`: write a memo on a theme (its definition, inclusion, exclusion, an anchor example), on a document or
on a passage; `memo --list` lists them."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from gui.cli import add_db_option

if TYPE_CHECKING:
    from gui.store import Memo, Store

FIELD_CHOICES = ("definition", "inclusion", "exclusion", "example")


def _terminal(text: str) -> str:
    """A memo's words for a terminal: no control sequence of a colleague's file reaches it."""
    return "".join(c if c.isprintable() or c == "\n" else " " for c in text)


def memo_json(memo: Memo, themes: dict[int, str]) -> dict[str, Any]:
    """A memo as a JSON row: what it is on, its field, its text and the passage it is linked to."""
    return {"id": memo.id, "field": memo.field, "theme": themes.get(memo.theme_id or -1),
            "document": memo.doc_id, "eid": memo.eid, "text": memo.text, "quote": memo.quote or None,
            "passage_gone": memo.passage_gone, "coder": memo.coder or None, "modified": memo.modified or None}


def cmd_memo(args: argparse.Namespace) -> int:
    from gui.cli.store_commands import warn_unreadable
    from gui.store import Store, StoreError

    with Store(getattr(args, "db", None)) as store:
        if args.list:
            code = _list(store, args)
        else:
            if args.text is None:
                raise StoreError("memo: give --text TEXT (an empty text removes the memo), or --list")
            doc, eid = (args.at[0], args.at[1]) if args.at else (args.doc, None)
            if doc is not None:
                doc = store.document_id(doc)
            field = args.field or ("definition" if args.theme else "memo")
            memo = store.set_memo(args.text, theme=args.theme, doc=doc, eid=eid, field=field)
            what = f"{field} of {store.theme(args.theme).name}" if args.theme else \
                f"memo on {doc}" + (f" {eid}" if eid else "")
            print(f"{what}: {'removed' if memo is None else 'written'}")
            code = 0
        warn_unreadable(store)
        return code


def _list(store: Store, args: argparse.Namespace) -> int:
    import json

    doc = store.document_id(args.doc) if args.doc else None
    memos = store.memos(theme=args.theme, doc=doc)
    themes = {t.id: t.name for t in store.themes()}
    if args.json:
        json.dump([memo_json(m, themes) for m in memos], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for m in memos:
        place = themes.get(m.theme_id or -1, "") if m.theme_id is not None else ""
        if m.doc_id:
            place += (" · " if place else "") + f"{m.doc_id}{' ' + m.eid if m.eid else ''}"
            place += " (passage gone)" if m.passage_gone else ""
        print(f"{m.field:10} {_terminal(place)}\n    {_terminal(m.text).replace(chr(10), chr(10) + '    ')}")
    if not memos:
        print("no memos", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = ("write a memo on a theme (its definition; --field inclusion|exclusion|example), on a document or on a "
            "passage; --list lists them")
    p = subparsers.add_parser("memo", help=text, description=text)
    add_db_option(p)
    p.add_argument("--theme", metavar="THEME", help="a theme (name or key): its memo")
    p.add_argument("--doc", metavar="DOC", help="a document: its memo (with --list: its memos and its passages')")
    p.add_argument("--at", nargs=2, metavar=("DOC", "EID"),
                   help="a passage: its memo (with --theme --field example: the example's passage)")
    p.add_argument("--text", metavar="TEXT", help="the memo's text (empty: remove it)")
    p.add_argument("--field", choices=FIELD_CHOICES, help="a theme's part (default: definition)")
    p.add_argument("--list", action="store_true", help="list memos (of --theme or --doc, else all)")
    p.add_argument("--json", action="store_true", help="with --list: as JSON")
    p.set_defaults(handler=_checked)


def _checked(args: argparse.Namespace) -> int:
    """The target combinations a memo allows, said in one line before the database is opened."""
    from gui.store import StoreError

    if not args.list:
        chosen = [name for name, value in (("--theme", args.theme), ("--doc", args.doc), ("--at", args.at)) if value]
        if not chosen:
            raise StoreError("memo: give --theme THEME, --doc DOC or --at DOC EID (or --list)")
        if args.doc and len(chosen) > 1:
            raise StoreError("memo: --doc is a document's memo; give it alone (or --at DOC EID for a passage)")
        if args.at and args.theme and args.field != "example":
            raise StoreError("memo: --theme with --at links an anchor example: add --field example")
        if args.field and not args.theme:
            raise StoreError("memo: --field is a part of a theme's memo: give --theme")
    return cmd_memo(args)

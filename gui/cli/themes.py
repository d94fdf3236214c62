"""The codebook on the command line: list the themes (nested), add one, move one under another, add defaults."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from gui.cli import add_db_option
from gui.cli.store_commands import _with_store
from gui.core.themes import depth, shade

if TYPE_CHECKING:
    from gui.store import Store


def cmd_themes(args: argparse.Namespace, store: Store) -> int:
    if args.add_defaults:
        added = store.add_default_themes()
        print(f"{added} default theme(s) added" if added else "every default theme is already there",
              file=sys.stderr)
    themes = store.themes()
    keys = {t.id: t.key for t in themes}
    if args.json:
        json.dump([{"id": t.id, "name": t.name, "key": t.key, "color": t.color, "digit": t.digit,
                    "description": t.description, "keywords": list(t.keywords),
                    "parent": keys.get(t.parent_id) if t.parent_id is not None else None} for t in themes],
                  sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for t in themes:
        indent = "  " * depth(themes, t.id)
        print(f"{t.digit or ' '}  {t.color}  {indent}{t.key:{max(20 - len(indent), 1)}} {t.name}")
    return 0


def cmd_add_theme(args: argparse.Namespace, store: Store) -> int:
    colour = args.color
    if colour is None:  # a sub-theme in a shade of its theme's colour, a theme in grey
        colour = shade(store.theme(args.parent).color, len(store.subthemes(args.parent))) if args.parent else "#888888"
    theme = store.add_theme(args.name, key=args.key, color=colour, description=args.description,
                            digit=args.digit, parent=args.parent)
    where = f" under {store.theme(theme.parent_id).name}" if theme.parent_id is not None else ""
    print(f"{theme.key}: {theme.name}{where}")
    return 0


def cmd_move_theme(args: argparse.Namespace, store: Store) -> int:
    store.update_theme(args.theme, parent=None if args.top else args.parent)
    print(" › ".join(t.name for t in store.theme_path(args.theme)))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("themes", help="list the themes (sub-themes indented under their parent)",
                              description="list the themes (sub-themes indented under their parent)")
    add_db_option(p)
    p.add_argument("--json", action="store_true", help="as JSON, each theme with its parent's key")
    p.add_argument("--add-defaults", action="store_true",
                   help="first add the default codebook's themes this database lacks (the POC sub-themes, say)")
    p.set_defaults(handler=_with_store(cmd_themes))
    p = subparsers.add_parser("add-theme", help="add a theme, or a sub-theme with --parent",
                              description="add a theme, or a sub-theme with --parent")
    add_db_option(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("--key", help="short key (default: from the name)")
    p.add_argument("--color", help="#RRGGBB (default: a shade of the parent's colour, or grey)")
    p.add_argument("--description", default="")
    p.add_argument("--digit", type=int, choices=range(1, 10), metavar="1-9", help="keyboard digit in the reader")
    p.add_argument("--parent", metavar="THEME", help="the broader theme (name or key)")
    p.set_defaults(handler=_with_store(cmd_add_theme))
    p = subparsers.add_parser("move-theme", help="put a theme (with its sub-themes) under another, or at the top",
                              description="put a theme (with its sub-themes) under another, or at the top level")
    add_db_option(p)
    p.add_argument("theme", metavar="THEME")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--parent", metavar="THEME", help="the new broader theme")
    where.add_argument("--top", action="store_true", help="to the top level")
    p.set_defaults(handler=_with_store(cmd_move_theme))

"""`import-coding`: a coding table (document, paragraph, theme[, note, coder]) brought in as annotations.

`code-hits` (codes every search hit with a theme) is in `gui/cli/code_hits.py`; the table's reading and
placing is `gui.store.coding_table`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from gui.cli import add_db_option

if TYPE_CHECKING:
    from gui.store import Store


def cmd_import_coding(args: argparse.Namespace, store: Store) -> int:
    from gui.store.coding_table import import_coding, read_coding_table

    rows = read_coding_table(args.file)
    report = import_coding(store, rows, coder=args.coder)
    if args.json:
        json.dump(report.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(report.summary())
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from gui.cli.store_commands import _with_store

    text = "bring in a coding table (CSV: document, paragraph, theme[, note, coder]) as annotations"
    p = subparsers.add_parser("import-coding", help=text, description=(
        f"{text}. document: an id, a UN symbol or the imported file's name without extension; paragraph: the "
        "printed number or a block id; theme: a name or key (made when missing). Other columns are ignored. "
        "Importing the same table again adds nothing; every row not placed is reported with its reason."))
    add_db_option(p)
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--coder", metavar="NAME",
                   help="credit rows without a coder column to NAME (default: the database's coder)")
    p.add_argument("--json", action="store_true", help="the report as JSON, every row not placed with its line")
    p.set_defaults(handler=_with_store(cmd_import_coding))

"""Entry point: `python -m gui` opens the window; `python -m gui COMMAND ...` runs a sub-command."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from gui import APP_NAME, __version__, cli
from gui.core.controls import visible, visible_output
from gui.core.errors import MarginaliaError

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The full parser: window options at the top level, one sub-parser per command module."""
    parser = argparse.ArgumentParser(
        prog="python -m gui",
        description=f"{APP_NAME}: read and code UN peacekeeping documents. Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH", help="database file (default: in the user's data directory)")
    parser.add_argument("--open", metavar="DOC", dest="open_doc", help="document id to open in the window")
    parser.add_argument("--at", metavar="EID", help="block to show, with --open (e.g. para_83)")
    parser.add_argument("--screenshot", metavar="PNG", help="render the window to PNG and exit")
    parser.add_argument("--size", metavar="WxH", help="window size in pixels, e.g. 1400x880 (with --screenshot)")
    parser.add_argument("--palette", choices=("system", "light", "dark"),
                        help="colours for this run only (View ▸ Appearance chooses them for good)")
    parser.add_argument("--show-source", action="store_true",
                        help="open with the source beside the text (the printed page for a PDF)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(cli.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{cli.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None and args.at and not args.open_doc:
        parser.error("--at needs --open DOC: the block is shown in the document opened")
    try:
        if args.command is None:
            from gui.ui.shell.app import run  # Qt is loaded only for the window

            window_result: int = run(args)
            return window_result
        with visible_output():  # document text and colleagues' notes: never terminal control sequences
            result: int = args.handler(args)
        return result
    except MarginaliaError as error:
        print(visible(f"{parser.prog}: error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl+C: what was written before stays; the file being read is not imported
        print(f"{parser.prog}: cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error worth a traceback
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())

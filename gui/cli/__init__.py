"""Command-line sub-commands. Each module here defines `register(subparsers)`; `gui.__main__` finds them.

Every command reports bad input as one line on stderr and exit code 2, never a traceback.
"""

import argparse


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """`--db PATH` on a sub-command, without overriding one given before the command name."""
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")

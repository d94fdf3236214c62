"""`agreement`: how far coders agree, per theme, for the corpus and each document; `--out` writes the report.

The report is written by this command (`agreement --out FILE.md|.html|.csv`) rather than by `export`: its scope
is the coders compared and the documents they all coded, which `export`'s options do not describe, and one
command with one set of options means the figures printed and the figures written are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.cli import add_db_option

if TYPE_CHECKING:  # the analysis and the store load in the handler: every command builds this parser
    from gui.analysis.agreement import AgreementReport
    from gui.analysis.measures import Agreement


def report_json(report: AgreementReport) -> dict[str, Any]:
    """What `--json` prints: the coders, the documents in scope, and per theme (then "All themes") the figures."""
    return {"coders": list(report.coders), "documents": [d.id for d in report.documents],
            "corpus": [line.to_json() for line in report.corpus],
            "by_document": {doc: [line.to_json() for line in lines] for doc, lines in report.by_document.items()}}


def _print_table(report: AgreementReport, lines: tuple[Agreement, ...]) -> None:
    from gui.analysis.report import figure

    only = [f"ONLY {c.upper()}" for c in report.coders]  # whole names: "ONLY MARIA LOPEZ", never cut
    widths = [max(12, len(o)) for o in only]
    print(f"  {'THEME':36} {'UNITS':>6} {'AGREE':>8} {'KAPPA':>6} {'ALPHA':>6} {'BOTH':>5} "
          + " ".join(f"{o:>{w}}" for o, w in zip(only, widths, strict=True))
          + (f" {'SOME':>5}" if len(report.coders) > 2 else "") + f" {'NEITHER':>8}")
    for line in lines:
        counts = " ".join(f"{line.only[c]:>{w}}" for c, w in zip(report.coders, widths, strict=True))
        mixed = f" {line.mixed:>5}" if len(report.coders) > 2 else ""
        print(f"  {line.theme[:36]:36} {line.units:>6} {figure(line.agreement, percent=True):>8} "
              f"{figure(line.kappa):>6} {figure(line.alpha):>6} {line.both:>5} {counts}{mixed} {line.neither:>8}")


def cmd_agreement(args: argparse.Namespace) -> int:
    from gui.analysis.agreement import compare
    from gui.analysis.report import write_report
    from gui.cli.store_commands import warn_unreadable
    from gui.store import Store

    coders = args.coders.split(",") if args.coders is not None else None
    with Store(getattr(args, "db", None)) as store:
        report = compare(store, coders=coders, docs=args.doc, themes=args.theme, suggestions=args.suggestions)
        written = write_report(report, Path(args.out), protect=(store.path,)) if args.out else None
        warn_unreadable(store)
    if written is not None:
        print(written)
        return 0
    if args.json:
        json.dump(report_json(report), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not report.documents:
        print(f"no document is coded by every one of {', '.join(report.coders)} (name one with --doc)")
        return 0
    names = {d.id: d.symbol or d.id for d in report.documents}
    print(f"coders: {', '.join(report.coders)}; documents: {', '.join(names.values())}")
    print("corpus:")
    _print_table(report, report.corpus)
    for info in report.documents:
        print(f"{names[info.id]}:")
        _print_table(report, report.by_document[info.id])
    print(f"{len(report.disagreements)} disagreement(s); `--out report.md` lists them with their citations")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    text = "inter-coder agreement per theme: percent agreement, Cohen's kappa, Krippendorff's alpha"
    p = subparsers.add_parser("agreement", help=text, description=text + ". Units: every body block of each "
                              "document every compared coder has annotated (or named with --doc).")
    p.add_argument("--doc", metavar="DOC", action="append", help="this document (repeatable); default: every "
                   "document each compared coder has annotated")
    p.add_argument("--theme", metavar="THEME", action="append", help="this theme (repeatable); default: the themes "
                   "the coders used")
    p.add_argument("--coders", metavar="A,B,...", help="the coders to compare (default: everyone with annotations)")
    p.add_argument("--suggestions", action="store_true",
                   help="add the theme suggestions learned from these coders as one more coder, \"(suggestions)\" "
                        "(each document suggested on by a model that did not learn from it)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--out", metavar="FILE", help="write the report to FILE.md, FILE.html or FILE.csv")
    add_db_option(p)
    p.set_defaults(handler=cmd_agreement)

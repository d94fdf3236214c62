"""`check PATH... [--json] [--coding CODES.csv]`: the structure reader's consistency check on a folder of files."""

from __future__ import annotations

import argparse
import json
import sys


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check", help="check the extracted structure of many documents for consistency",
        description="Read each PDF or text file (folders: the files in them) and report, per file and in total, "
                    "what can be checked without a ground truth: paragraphs numbered 1..N per scope, printed "
                    "line-start numbers found, pages with text but no block, files read line by line, the "
                    "symbol against the file name, masthead titles, paragraphs ending mid-sentence, headings in "
                    "lower case; with --coding, the expert-coded paragraphs found.",
    )
    parser.add_argument("paths", metavar="PATH", nargs="+", help="files or folders")
    parser.add_argument("--json", action="store_true", help="print every file's figures and the totals as JSON")
    parser.add_argument("--coding", metavar="CODES.csv",
                        help="an expert coding table (document,symbol,paragraph,theme; paragraph_counts.json beside "
                             "it is read too): how many coded paragraphs are found as numbered paragraphs")
    parser.add_argument("--all", action="store_true", help="list every file, not only those with a problem")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gui.core import consistency as C
    from gui.core.errors import InputError
    from gui.core.extract import load_document

    coding = C.load_coding(args.coding) if args.coding else None
    files = C.document_files(args.paths)
    if not files:
        print("check: no PDF or text file found", file=sys.stderr)
        return 2
    totals = C.Totals()
    results = []
    for path in files:
        document = None
        try:
            document = load_document(path)
            pdf = document.encoding == "pdf"
            check = C.check_document(document, str(path), C.pdf_page_text(path) if pdf else None)
        except InputError as error:
            text = str(error)
            status = "no text layer" if "no text layer" in text else "error"
            check = C.FileCheck(str(path), status=status, message="" if status != "error" else text)
        except Exception as error:
            check = C.FileCheck(str(path), status="error", message=f"{type(error).__name__}: {error}")
        if coding is not None:
            C.apply_coding(check, document, coding)
        totals.add(check)
        results.append(check)
        if not args.json:
            problems = check.problems()
            if problems or args.all:
                print(C.printable(f"{path.name}: {'; '.join(problems) or 'ok'}"), flush=True)
    if args.json:
        data = {"files": [c.to_json() for c in results], "totals": totals.to_json()}
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print()
        for line in totals.lines():
            print(line)
    return 0

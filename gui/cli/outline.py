"""`outline FILE [--json]`: print a document's extracted structure."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from gui.core.model import Document, Kind

_SHOWN = 90
_MARKERS = {Kind.HEADING: "§", Kind.TABLE: "▦", Kind.FOOTNOTE: "†", Kind.ASIDE: "❝", Kind.FIGURE: "▣"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "outline", help="print the extracted structure of a document file",
        description="Extract a document's structure and print it as an indented tree (or JSON).",
    )
    parser.add_argument("file", metavar="FILE", help="a PDF, or a text file (markdown-ish or pdftotext output)")
    parser.add_argument("--json", action="store_true", help="print the whole Document as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gui.core.extract import load_document  # the PDF reader loads when a file is read, not for every command
    from gui.core.pdf.ocr_read import recognition

    with recognition(progress=recognition_progress(Path(args.file).name)):  # scanned pages: progress on stderr
        document = load_document(args.file)
    if document.recognised is not None:
        print(f"{args.file}: {document.recognised.summary()}", file=sys.stderr)
    if args.json:
        json.dump(document.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_outline(document))
    return 0


def recognition_progress(name: str) -> Callable[[int, int], None]:
    """Progress of a file's recognition on stderr: one line rewritten in a terminal, a line a page elsewhere
    (Ctrl+C stops it; the pages already recognised are kept by an import)."""
    live = sys.stderr.isatty()

    def report(done: int, total: int) -> None:
        line = f"{name}: recognising scanned pages, {done} of {total} done"
        if live:
            print(f"\r{line}", end="\n" if done == total else "", file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    return report


def render_outline(document: Document) -> str:
    """A readable tree: metadata first, then one line per block, indented by level."""
    out = [
        f"symbol: {document.symbol or '—'}   date: {document.date or '—'}   "
        f"languages: {', '.join(document.languages) or '—'}   original: {document.original_language or '—'}",
        f"title: {document.title or '—'}",
        *(f"warning: {w}" for w in document.warnings),
        "",
    ]
    for block in document.blocks:
        text = block.text.replace("\n", " / ")
        if len(text) > _SHOWN:
            text = text[: _SHOWN - 1] + "…"
        marker = _MARKERS.get(block.kind, " ")
        lang = "" if block.language == "en" else f" [{block.language}]"
        out.append(f"{'  ' * block.level}{marker} {block.eid}{lang}  {text}")
    return "\n".join(out) + "\n"

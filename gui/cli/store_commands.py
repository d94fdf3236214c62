"""Scriptable access to the store: import, docs, tag, untag, annotations, search, coder (themes: `themes.py`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.cli import add_db_option
from gui.core.controls import json_safe
from gui.core.errors import MarginaliaError

if TYPE_CHECKING:  # the store loads when a command runs: every command, `--version` too, builds this parser
    from gui.store import DocumentInfo, Store

Handler = Callable[[argparse.Namespace, "Store"], int]
SORT_CHOICES = ("coverage", "date", "position", "symbol", "title")
"""The library's orders (`gui.store.library.SORTS`, checked equal by a test), named here without loading it."""


def _with_store(handler: Handler) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from gui.store import Store

        with Store(getattr(args, "db", None)) as store:
            code = handler(args, store)
            warn_unreadable(store)
            return code

    return run


def warn_unreadable(store: Store) -> None:
    """After a command that met text that is not UTF-8: say which rows hold it (the rest was read as usual)."""
    if not store.text.seen:
        return
    rows = store.unreadable()
    shown = "; ".join(rows[:10]) + (f"; and {len(rows) - 10} more" if len(rows) > 10 else "")
    print(f"warning: {store.path}: some text in the database is not readable (shown as �): {shown or 'see above'}",
          file=sys.stderr)


def _print_json(items: list[dict[str, Any]]) -> None:
    sys.stdout.write(json_safe(json.dumps(items, ensure_ascii=False, indent=1)) + "\n")


def cmd_import(args: argparse.Namespace, store: Store) -> int:
    """Import every file named or found in the folders: a bad file (encrypted, torn, empty) is named with its
    reason on stderr and the import goes on with the others; the exit code is 2 when any file was refused."""
    from gui.cli.outline import recognition_progress
    from gui.store import StoreError, document_files
    from gui.store.bulk import named_error

    files = document_files([Path(p) for p in args.paths])
    if not files:
        raise StoreError(f"{', '.join(args.paths)}: no documents there (PDF, .txt or .md)")
    bulk = store.bulk_import()  # new documents written a batch at a time (one commit each)
    refused = []
    try:
        for path in files:
            try:
                reports = bulk.add(path, recognising=recognition_progress(path.name))  # scans: progress
            except MarginaliaError as error:  # this file only: what was read before and after it lands
                if len(files) == 1:
                    raise  # one file, one line: "error: FILE: why"
                refused.append(named_error(path, error))
                print(f"not imported: {refused[-1]}", file=sys.stderr)
                continue
            for report in reports:
                print(report.summary())
    finally:  # a Ctrl+C or a failed batch: what was read before lands, or the error names what did not
        for report in bulk.finish():
            print(report.summary())
    if refused:
        print(f"{len(refused)} of {len(files)} file(s) not imported (named above); the other "
              f"{len(files) - len(refused)} were read",
              file=sys.stderr)
        return 2
    return 0


def _library(store: Store, args: argparse.Namespace) -> Iterator[DocumentInfo]:
    """The documents the filter keeps, read a page at a time (10,000 are never held at once), up to --limit."""
    left = args.limit if args.limit is not None else -1
    offset = 0
    while left:
        page = store.library_page(offset, 500 if left < 0 else min(500, left), filter=args.filter or "",
                                  sort=args.sort)
        if not page:
            return
        yield from page
        offset += len(page)
        left = -1 if left < 0 else left - len(page)


def cmd_docs(args: argparse.Namespace, store: Store) -> int:
    if args.json:  # streamed: one document a line inside the array
        sys.stdout.write("[")
        for i, d in enumerate(_library(store, args)):
            row = d.to_json() | {"attributes": store.attributes(d.id)}  # mission, organ, type, … and the analyst's
            sys.stdout.write(("," if i else "") + "\n " + json_safe(json.dumps(row, ensure_ascii=False)))
        sys.stdout.write("\n]\n")
        return 0
    print(f"{'DOC':40} {'SYMBOL':13} {'DATE':10} {'TAGGED':>16}  TITLE")
    for d in _library(store, args):
        missing = "  [file missing: text kept in the database]" if d.missing else ""
        missing += f"  [{d.reading.mark()}]" if d.reading is not None else ""  # read by OCR, ⚠ warnings (--json)
        tagged, total, unit = d.coverage()
        title = d.title or ""
        title = title if len(title) <= 60 else title[:59].rsplit(" ", 1)[0] + "…"
        print(f"{d.id:40} {d.symbol or '—':13} {d.date or '—':10} {f'{tagged}/{total} {unit[:4]}.':>16}  "
              f"{title}{missing}")
    return 0


def cmd_tag(args: argparse.Namespace, store: Store) -> int:
    args.doc = store.document_id(args.doc)  # its symbol ("S/2017/130") too, as remove, rename and suggest take it
    span = (args.span[0], args.span[1]) if args.span else None
    changes = store.tag(args.doc, [args.eid], args.theme, note=args.note or "", coder=args.coder,
                        span=span)
    theme = store.theme(args.theme)
    if changes.annotation_ids:
        print(f"tagged {args.doc} {args.eid} with {theme.name}")
        return 0
    coder = args.coder if args.coder is not None else store.default_coder()
    existing = [a for a in store.annotations(doc=args.doc, eid=args.eid, theme=theme.id, coder=coder)
                if a.span == span]
    if args.note is not None and existing and existing[0].note != args.note:
        store.set_note(existing[0].id, args.note)
        print(f"{args.doc} {args.eid} was already tagged with {theme.name}; its note is updated")
    else:
        print(f"{args.doc} {args.eid} was already tagged with {theme.name}")
    return 0


def cmd_untag(args: argparse.Namespace, store: Store) -> int:
    args.doc = store.document_id(args.doc)
    removed = store.untag(args.doc, [args.eid], args.theme, coder=args.coder, all_coders=args.all_coders)
    whose = "every coder's" if args.all_coders else f"{args.coder or store.default_coder()}'s"
    print(f"removed {len(removed)} of {whose} annotation(s) of {store.theme(args.theme).name} from "
          f"{args.doc} {args.eid}")
    return 0


def _document_named(store: Store, name: str | None) -> str | None:
    """A document given by its id or its symbol ("S/2017/130"), as the other commands take it; an id the
    library does not list (a removed document whose annotations were kept) is taken as it is."""
    from gui.store import StoreError

    if not name:
        return None
    try:
        return store.document_id(name)
    except StoreError:
        return name


def cmd_annotations(args: argparse.Namespace, store: Store) -> int:
    doc = _document_named(store, args.doc)
    items = store.annotations(doc=doc, theme=args.theme, coder=args.coder, with_subthemes=True)
    if args.json:
        _print_json([{"id": a.id, "document": a.doc_id, "eid": a.eid, "theme": a.theme, "note": a.note,
                      "coder": a.coder, "quote": a.quote, "status": a.status, "span": list(a.span) if a.span else None,
                      "created": a.created, "modified": a.modified,
                      "suggestion": a.extra.get("suggestion")} for a in items])  # model, version, score
        return 0
    print(f"{'ID':8} {'DOC':28} {'EID':24} {'STATUS':8} {'THEME':32} {'CODER':12} QUOTE — NOTE")
    for a in items:
        note = f"  — {a.note}" if a.note else ""
        print(f"{a.id[:8]} {a.doc_id[:28]:28} {(a.eid or '—')[:24]:24} {a.status:8} {a.theme[:32]:32} "
              f"{a.coder[:12]:12} “{a.quote[:60]}{'…' if len(a.quote) > 60 else ''}”{note}")
    return 0


def cmd_search(args: argparse.Namespace, store: Store) -> int:
    # Each hit cited as the exports cite it ("S/2017/130, para. 5 (e)", "OP 3" in a resolution, a PDF's printed
    # pages) from the place stored with its block: no document is rebuilt (only, once, one imported before).
    hits = store.complete_citations(store.search(args.query, theme=args.theme, doc=args.doc, limit=args.limit))
    if args.json:
        _print_json([h.to_json() for h in hits])
        return 0
    for h in hits:
        print(f"{h.citation():32} {_SOURCE_MARKS.get(h.source, '')}{'[word form] ' if h.forms else ''}{h.marked()}")
    if any(h.forms for h in hits):
        print("[word form]: matched another form of the words (adviser, advisers); put them in double quotes for "
              "these forms only", file=sys.stderr)
    return 0


_SOURCE_MARKS = {"note": "[note] ", "memo": "[memo] "}


def cmd_remove(args: argparse.Namespace, store: Store) -> int:
    doc_id = store.document_id(args.doc)
    removed = store.remove_document(doc_id, keep_annotations=args.keep_annotations)
    n = removed.annotations
    fate = (f"{n} annotation{'s' if n != 1 else ''} kept as orphans" if args.keep_annotations
            else f"{n} annotation{'s' if n != 1 else ''} removed with it")
    print(f"removed {doc_id} ({removed.symbol}) from the library; {fate}")
    return 0


def cmd_rename(args: argparse.Namespace, store: Store) -> int:
    doc_id = store.document_id(args.doc)
    store.rename_document(doc_id, args.title)
    print(f"{doc_id} is now titled “{store.documents(doc_id)[0].title}”")
    return 0


def cmd_coder(args: argparse.Namespace, store: Store) -> int:
    if args.name:
        store.set_default_coder(args.name)
    print(store.default_coder())
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        add_db_option(parser)
        parser.set_defaults(handler=_with_store(handler))
        return parser

    p = add("import", cmd_import, "import document files or folders (a changed file is re-imported and re-anchored)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p = add("docs", cmd_docs, "list the documents in the database with their coverage")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, metavar="N", help="at most N documents")
    p.add_argument("--filter", metavar="TEXT",
                   help="only documents whose symbol, title, date or id hold every word (theme:KEY: has that theme)")
    p.add_argument("--sort", choices=SORT_CHOICES, default="position", help="order (default: import order)")
    for name, handler, text in (("tag", cmd_tag, "apply a theme to a block"),
                                ("untag", cmd_untag, "remove a theme from a block")):
        p = add(name, handler, text)
        p.add_argument("doc", metavar="DOC", help="document id or symbol (see `docs`)")
        p.add_argument("eid", metavar="EID", help="block id, e.g. para_83")
        p.add_argument("theme", metavar="THEME", help="theme name or key (see `themes`)")
        p.add_argument("--coder", help="who coded it (default: the database's coder, or your user name)")
        if name == "tag":
            p.add_argument("--note", help="a note on the annotation (updates the note if already tagged)")
            p.add_argument("--span", nargs=2, type=int, metavar=("START", "END"),
                           help="tag only characters START..END of the block's text")
        else:
            p.add_argument("--all-coders", action="store_true", help="remove every coder's annotations of it")
    p = add("annotations", cmd_annotations, "list annotations")
    p.add_argument("--doc")
    p.add_argument("--theme")
    p.add_argument("--coder")
    p.add_argument("--json", action="store_true")
    p = add("search", cmd_search, "full-text search over document text and notes")
    p.add_argument("query")
    p.add_argument("--theme")
    p.add_argument("--doc")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p = add("remove", cmd_remove, "remove a document from the library (its annotations with it, unless kept)")
    p.add_argument("doc", metavar="DOC", help="document id or symbol (see `docs`)")
    p.add_argument("--keep-annotations", action="store_true",
                   help="keep its annotations as orphans (quote and note), re-anchored if it is imported again")
    p = add("rename", cmd_rename, "give a document another display title")
    p.add_argument("doc", metavar="DOC", help="document id or symbol (see `docs`)")
    p.add_argument("title", metavar="TITLE")
    p = add("coder", cmd_coder, "show, or set, who you are as a coder in this database")
    p.add_argument("name", nargs="?", metavar="NAME")


__all__ = ["SORT_CHOICES", "register", "warn_unreadable"]

"""`citations` and `attributes`: the UN references a document makes (and who cites it), and how it is filed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.cli import add_db_option

if TYPE_CHECKING:
    from gui.core.citations import Citation
    from gui.store import Store
    from gui.store.citations import CitingBlock


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _safe(text: str) -> str:
    """Document text for a terminal: control characters (ESC …) shown as spaces, never obeyed."""
    return "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)


def _file_citations(path: Path) -> list[Citation]:
    """The citations of a file not in the library, read as import would read it."""
    from gui.core.citations import find_citations
    from gui.core.decode import decode_bytes, read_bounded
    from gui.core.extract import extract
    from gui.core.pdf import MAX_PDF_BYTES, looks_like_pdf, read_pdf

    data = read_bounded(path, MAX_PDF_BYTES)
    if looks_like_pdf(data):
        document = read_pdf(data, str(path))
    else:
        text, encoding = decode_bytes(data, str(path))
        document = extract(text, path=str(path), encoding=encoding)
    return find_citations(document.symbol, [(b.eid, b.text) for b in document.blocks])


def cmd_citations(args: argparse.Namespace) -> int:
    from gui.store import Store

    with Store(getattr(args, "db", None)) as store:
        file = Path(args.doc)
        in_library = not (file.suffix.lower() in (".pdf", ".txt", ".md") and file.is_file())
        if args.cited_by:
            return _cited_by(store, args)
        doc_id = store.document_id(args.doc) if in_library else None
        citations = store.citations(doc_id) if doc_id is not None else _file_citations(file)
        store_links = {c: store.links(c) for c in citations}
        rows = [c.to_json() | {"links": [link.to_json() for link in store_links[c]]} for c in citations]
    if args.json:
        _print_json(rows)
        return 0
    for citation in citations:
        where = ", ".join(link.doc + (f" {link.eid}" if link.eid else "") for link in store_links[citation])
        pin = f"  [{citation.pinpoint}]" if citation.pinpoint else ""
        print(f"{citation.eid:28} {_safe(citation.text)[:60]:60} → {', '.join(citation.targets)}{pin}"
              + (f"  (in the library: {where})" if where else ""))
    print(f"{len(rows)} citations", file=sys.stderr)
    return 0


def _cited_by(store: Store, args: argparse.Namespace) -> int:
    """Who cites DOC: a library document (by id or symbol), or any UN symbol — the library's citing paragraphs
    are listed whether or not the cited document is in the library (then its undocs.org address is said)."""
    from gui.core.citations import canonical, is_symbol, undocs_url
    from gui.store import StoreError

    rows: list[CitingBlock]
    doc_id: str | None
    try:
        doc_id = store.document_id(args.doc)
    except StoreError:
        link = store.resolve(args.doc) if is_symbol(args.doc) else None
        if link is None and not is_symbol(args.doc):
            raise  # neither a document of the library nor a UN symbol: "no document …"
        doc_id = link.doc if link is not None else None
    if doc_id is not None:
        rows = store.cited_by(doc_id, args.eid)
    else:
        symbol = canonical(args.doc)
        para = args.eid or ""
        if para and not (para := para.removeprefix("para_")).isdigit():
            raise StoreError(f"--eid {args.eid}: {symbol} is not in the library; name its paragraph as para_N")
        rows = store.cited_by_symbol(symbol, para)
        print(f"{symbol} is not in the library ({undocs_url(symbol)}); the library's paragraphs that "
              "cite it:", file=sys.stderr)
    if args.json:
        _print_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        pin = f", {r.pinpoint}" if r.pinpoint else ""
        print(f"{r.symbol} {r.eid:24} cites {r.target}{pin}: {_safe(r.text)[:80]}")
    print(f"{len(rows)} citing block{'' if len(rows) == 1 else 's'}", file=sys.stderr)
    return 0


def cmd_attributes(args: argparse.Namespace) -> int:
    from gui.store import Store, StoreError

    with Store(getattr(args, "db", None)) as store:
        ids = [store.document_id(name) for name in args.doc]
        if args.set:
            values: dict[str, str] = {}
            for pair in args.set:
                name, sep, value = pair.partition("=")
                if not sep or not name.strip():
                    raise StoreError(f"--set {pair!r}: write it as NAME=VALUE (an empty VALUE removes it)")
                values[name] = value
            try:
                store.set_attributes(ids, values)
            except ValueError as error:
                raise StoreError(str(error)) from None
        found = store.attributes_of(ids)
    if args.json:
        data = [{"doc": doc_id, "attributes": found.get(doc_id, {})} for doc_id in ids]
        _print_json(data[0] if len(data) == 1 else data)
        return 0
    for doc_id in ids:
        print(doc_id)
        for name, value in found.get(doc_id, {}).items():
            print(f"  {name:14} {_safe(value)}")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("citations", help="the UN documents a document cites, or (--cited-by) who cites it",
                              description="References to UN documents (symbols, resolutions, pinpoints) found "
                              "in a library document or a file, with the library documents they resolve to.")
    p.add_argument("doc", metavar="DOC_OR_FILE", help="a document id or symbol, or a PDF/text file")
    p.add_argument("--cited-by", action="store_true", help="the blocks elsewhere in the library that cite DOC (a "
                   "library document, or any UN symbol such as 'S/RES/1701 (2006)', in the library or not)")
    p.add_argument("--eid", help="with --cited-by: only those citing this paragraph of DOC (para_N for a symbol "
                   "not in the library)")
    p.add_argument("--json", action="store_true")
    add_db_option(p)
    p.set_defaults(handler=cmd_citations)
    p = subparsers.add_parser("attributes", help="a document's attributes (mission, organ, type, …); --set to edit",
                              description="Show or set document attributes. Several DOCs are set together.")
    p.add_argument("doc", metavar="DOC", nargs="+")
    p.add_argument("--set", metavar="NAME=VALUE", action="append",
                   help="set an attribute (repeatable; an empty VALUE removes it; any NAME of your own)")
    p.add_argument("--json", action="store_true")
    add_db_option(p)
    p.set_defaults(handler=cmd_attributes)

"""W3C Web Annotation Data Model: an AnnotationCollection with TextQuote and TextPosition selectors.

Positions count Unicode code points in the document's plain text: the text of its blocks in reading order,
joined by a blank line ("\n\n"), without printed paragraph marks (`Document.plain_text()`). The target's source
is the document (`urn:marginalia:document:<id>`); one with a UN symbol also gives its public address as the
source's `canonical` IRI (https://undocs.org/<symbol>). A sub-theme's tag body names its broader theme as
`skos:broader` (a chain of `skos:prefLabel`s up to the top-level theme).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from gui import APP_NAME, __version__
from gui.core.annotations import Theme
from gui.core.lang import detect_language
from gui.core.themes import MAX_DEPTH as THEME_DEPTH
from gui.export.atomic import ExportError
from gui.export.memo_exchange import memos_jsonld
from gui.export.notes import Notes
from gui.export.timestamps import xsd_time

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOC_URN = "urn:marginalia:document:"
CODER_URN = "urn:marginalia:coder:"  # a creator's id: the coder's name, percent-encoded
EXPORT_URN = "urn:marginalia:export"
SKOS = "http://www.w3.org/2004/02/skos/core#"
UNDOCS = "https://undocs.org/"
CONTEXTS: list[Any] = [CONTEXT, {"marginalia": "urn:marginalia:vocab:", "skos": SKOS}]
MAX_DEPTH = THEME_DEPTH  # broader themes followed up from one tag: as deep as themes nest, so that a tree
# exported comes back whole (at 32, a sub-theme 40 levels down came back cut from its top eight)


def undocs_url(symbol: str) -> str:
    """The UN's permanent address of a document by its symbol: https://undocs.org/S/2017/130."""
    return UNDOCS + quote(symbol.strip(), safe="/")


def _broader(theme: Theme, by_id: dict[int, Theme]) -> dict[str, Any] | None:
    """The theme's broader themes as nested SKOS concepts ({prefLabel, broader: {...}}), or None at the top."""
    chain: list[Theme] = []
    current = by_id.get(theme.parent_id) if theme.parent_id is not None else None
    while current is not None and current not in chain and len(chain) < MAX_DEPTH:
        chain.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    node: dict[str, Any] | None = None
    for broader in reversed(chain):  # built from the top down
        node = {"type": "skos:Concept", "skos:prefLabel": broader.name, **({"skos:broader": node} if node else {})}
    return node


@dataclass(frozen=True, slots=True)
class ForeignAnnotation:
    """An annotation read from another database's export, before it is placed in ours."""

    id: str
    doc_hint: str  # our document id, a symbol, or a source name
    eid: str | None
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    themes: tuple[str, ...]
    note: str
    coder: str
    created: str
    modified: str
    whole_block: bool
    doc_hints: tuple[str, ...] = ()  # more names to try when `doc_hint` matches nothing: the symbol, the file name


def to_jsonld(notes: Notes, codebook: list[Theme] | None = None) -> dict[str, Any]:
    """The collection; `codebook` (all themes) gives each sub-theme's broader themes."""
    by_id = {t.id: t for t in codebook or notes.themes}
    items = []
    for item in notes.items:
        a = item.annotation
        tag: dict[str, Any] = {"type": "TextualBody", "value": item.theme.name, "purpose": "tagging"}
        broader = _broader(item.theme, by_id)
        if broader:
            tag["skos:broader"] = broader
        source: dict[str, Any] = {"id": f"{DOC_URN}{item.doc_id}", "type": "Text"}
        if item.symbol:
            source["canonical"] = undocs_url(item.symbol)
        tag["language"] = detect_language(item.theme.name)
        body: list[dict[str, Any]] = [tag]
        if a.note:
            body.append({"type": "TextualBody", "value": a.note, "purpose": "commenting", "format": "text/plain",
                         "language": detect_language(a.note)})
        coder = a.coder or "unknown"
        items.append({
            "@context": CONTEXTS,  # so that an annotation taken out of the collection is still one
            "id": f"urn:uuid:{a.id}",
            "type": "Annotation",
            "motivation": "commenting" if a.note else "tagging",
            "creator": {"id": CODER_URN + quote(coder, safe=""), "type": "Person", "name": coder},
            **{k: v for k, v in (("created", xsd_time(a.created, "")), ("modified", xsd_time(a.modified, ""))) if v},
            "body": body,
            "target": {
                "source": source,
                "marginalia:symbol": item.symbol,
                "marginalia:eid": a.eid,
                "marginalia:wholeBlock": a.span is None,
                "marginalia:status": a.status,
                "marginalia:citation": item.citation,
                # the quote was read by recognition (OCR) of a scanned page: it may differ from the printed page
                **({"marginalia:recognised": {
                    "engine": item.recognised.engine, "confidence": round(item.recognised.confidence, 4),
                    "doubtfulWords": list(item.recognised.doubtful)}} if item.recognised is not None else {}),
                # An orphan's old position points at other text now: it travels by its quote alone.
                "selector": [
                    {"type": "TextQuoteSelector", "exact": a.anchor.exact, "prefix": a.anchor.prefix,
                     "suffix": a.anchor.suffix},
                    *([] if a.status == "orphan" else
                      [{"type": "TextPositionSelector", "start": a.anchor.start, "end": a.anchor.end}]),
                ],
            },
        })
    return {
        "@context": CONTEXTS,
        "id": EXPORT_URN,
        "type": "AnnotationCollection",
        "label": f"{APP_NAME} {__version__} export — {notes.scope}",
        "generator": {"type": "Software", "name": f"{APP_NAME} {__version__}"},
        "generated": xsd_time(notes.generated, notes.generated),
        "total": len(items),
        "first": {"id": f"{EXPORT_URN}:page:1", "type": "AnnotationPage", "partOf": EXPORT_URN, "startIndex": 0,
                  "items": items},
        **memos_jsonld(notes),  # the memos, apart from the annotations (gui.export.memo_exchange)
    }


def render_jsonld(notes: Notes, codebook: list[Theme] | None = None) -> str:
    return json.dumps(to_jsonld(notes, codebook), ensure_ascii=False, indent=1) + "\n"


def _selector(target: dict[str, Any], kind: str) -> dict[str, Any]:
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        return {}
    return next((s for s in selectors if isinstance(s, dict) and s.get("type") == kind), {})


def _text(value: object) -> str:
    """A JSON string as storable text ("" for anything else); a lone surrogate ("\\ud800") becomes U+FFFD."""
    if not isinstance(value, str):
        return ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


MAX_POSITION = 2**31  # no text is longer; a larger number (400 digits) is ignored, the quote places it


def _position(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_POSITION else 0


def _items(data: object, name: str) -> list[object]:
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        first = data.get("first")
        items = first.get("items") if isinstance(first, dict) else data.get("items")
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ExportError(f"{name}: not a W3C AnnotationCollection, annotation or list of annotations")
    if not isinstance(items, list):
        raise ExportError(f"{name}: the collection's annotations are not a list")
    return items


def _hierarchy(body: dict[str, Any], codes: dict[str, str]) -> None:
    """Record a tag's broader themes (name → broader name) from its `skos:broader` chain; the first seen wins."""
    name = _text(body.get("value")).strip()
    node = body.get("skos:broader")
    for _ in range(MAX_DEPTH):
        if not isinstance(node, dict):
            break
        broader = _text(node.get("skos:prefLabel")).strip()
        if not broader or broader == name:
            break
        codes.setdefault(name, broader)
        name, node = broader, node.get("skos:broader")
    codes.setdefault(name, "")


def _source_id(source: object) -> str:
    """The target's source IRI, written as a string or as a resource with an `id`."""
    return _text(source.get("id")) if isinstance(source, dict) else _text(source)


def parse_jsonld(text: str, name: str = "input", problems: list[tuple[str, str]] | None = None,
                 codes: list[dict[str, str]] | None = None) -> list[ForeignAnnotation]:
    """Read an AnnotationCollection (or a list of annotations, or one annotation).

    Whatever the file holds, the result is well-typed. An annotation that cannot be placed (no text quote,
    a theme that is not text) is left out and listed in `problems` as (id, why); a position that is not a
    number is ignored (the quote places the annotation). The tags' broader themes go to `codes` as
    {"name", "parent"}.
    """
    problems = problems if problems is not None else []
    hierarchy: dict[str, str] = {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{name}: not valid JSON ({error.msg}, line {error.lineno})") from None
    except (ValueError, RecursionError) as error:  # a 5,000-digit number, brackets nested 100,000 deep
        raise ExportError(f"{name}: not usable JSON ({str(error)[:80]})") from None
    out = []
    for number, raw in enumerate(_items(data, name), 1):
        if not isinstance(raw, dict) or raw.get("type") != "Annotation":
            problems.append((f"item {number}", "not a W3C Annotation"))
            continue
        ann_id = _text(raw.get("id")).removeprefix("urn:uuid:") or f"item {number}"
        target = raw.get("target")
        quote = _selector(target, "TextQuoteSelector") if isinstance(target, dict) else {}
        exact = _text(quote.get("exact"))
        if not isinstance(target, dict) or not exact:
            problems.append((ann_id, "no TextQuoteSelector with the quoted text"))
            continue
        position = _selector(target, "TextPositionSelector")
        bodies = raw.get("body") or []
        bodies = bodies if isinstance(bodies, list) else [bodies]
        if any(not isinstance(b, dict) or not isinstance(b.get("value", ""), str) for b in bodies):
            problems.append((ann_id, "a body (theme or note) that is not text"))
            continue
        bodies = [b for b in bodies if _text(b.get("value")).strip()]
        themes = tuple(_text(b["value"]).strip() for b in bodies if b.get("purpose") == "tagging")
        for body in (b for b in bodies if b.get("purpose") == "tagging"):
            _hierarchy(body, hierarchy)
        note = "\n".join(_text(b["value"]) for b in bodies if b.get("purpose") == "commenting")
        creator = raw.get("creator")
        coder = _text(creator.get("name")) if isinstance(creator, dict) else _text(creator)
        source = _source_id(target.get("source"))
        eid = _text(target.get("marginalia:eid")) or None
        created = _text(raw.get("created"))
        out.append(ForeignAnnotation(
            id=ann_id,
            doc_hint=source.removeprefix(DOC_URN) if source.startswith(DOC_URN) else
            (_text(target.get("marginalia:symbol")) or source),
            eid=eid, exact=exact, prefix=_text(quote.get("prefix")), suffix=_text(quote.get("suffix")),
            start=_position(position.get("start")), end=_position(position.get("end")),
            themes=themes, note=note, coder=coder, created=created,
            modified=_text(raw.get("modified")) or created,
            whole_block=target.get("marginalia:wholeBlock") is True,
            doc_hints=tuple(h for h in (_text(target.get("marginalia:symbol")), source) if h),
        ))
    if codes is not None:
        codes += [{"guid": "", "name": theme, "color": "", "description": "", "parent": parent}
                  for theme, parent in hierarchy.items()]
    return out


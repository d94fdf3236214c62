"""W3C Web Annotation Data Model: an AnnotationCollection with TextQuote and TextPosition selectors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gui import APP_NAME, __version__
from gui.export.atomic import ExportError
from gui.export.notes import Notes
from gui.export.timestamps import xsd_time

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
DOC_URN = "urn:marginalia:document:"


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


def to_jsonld(notes: Notes) -> dict[str, Any]:
    items = []
    for item in notes.items:
        a = item.annotation
        body: list[dict[str, Any]] = [{"type": "TextualBody", "value": item.theme.name, "purpose": "tagging"}]
        if a.note:
            body.append({"type": "TextualBody", "value": a.note, "purpose": "commenting", "format": "text/plain"})
        items.append({
            "id": f"urn:uuid:{a.id}",
            "type": "Annotation",
            "motivation": "commenting" if a.note else "tagging",
            "creator": {"type": "Person", "name": a.coder or "unknown"},
            **{k: v for k, v in (("created", xsd_time(a.created, "")), ("modified", xsd_time(a.modified, ""))) if v},
            "body": body,
            "target": {
                "source": f"{DOC_URN}{item.doc_id}",
                "marginalia:symbol": item.symbol,
                "marginalia:eid": a.eid,
                "marginalia:wholeBlock": a.span is None,
                "marginalia:status": a.status,
                "marginalia:citation": item.citation,
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
        "@context": [CONTEXT, {"marginalia": "urn:marginalia:vocab:"}],
        "id": "urn:marginalia:export",
        "type": "AnnotationCollection",
        "label": f"{APP_NAME} {__version__} export — {notes.scope}",
        "generator": {"type": "Software", "name": f"{APP_NAME} {__version__}"},
        "generated": notes.generated,
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def render_jsonld(notes: Notes) -> str:
    return json.dumps(to_jsonld(notes), ensure_ascii=False, indent=1) + "\n"


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


def parse_jsonld(text: str, name: str = "input",
                 problems: list[tuple[str, str]] | None = None) -> list[ForeignAnnotation]:
    """Read an AnnotationCollection (or a list of annotations, or one annotation).

    Whatever the file holds, the result is well-typed. An annotation that cannot be placed (no text quote,
    a theme that is not text) is left out and listed in `problems` as (id, why); a position that is not a
    number is ignored (the quote places the annotation).
    """
    problems = problems if problems is not None else []
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
        note = "\n".join(_text(b["value"]) for b in bodies if b.get("purpose") == "commenting")
        creator = raw.get("creator")
        coder = _text(creator.get("name")) if isinstance(creator, dict) else _text(creator)
        source = _text(target.get("source"))
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
        ))
    return out

"""W3C Web Annotation Data Model: an AnnotationCollection with TextQuote and TextPosition selectors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gui import APP_NAME, __version__
from gui.export.atomic import ExportError
from gui.export.notes import Notes

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
            "created": a.created,
            "modified": a.modified,
            "body": body,
            "target": {
                "source": f"{DOC_URN}{item.doc_id}",
                "marginalia:symbol": item.symbol,
                "marginalia:eid": a.eid,
                "marginalia:wholeBlock": a.span is None,
                "marginalia:citation": item.citation,
                "selector": [
                    {"type": "TextQuoteSelector", "exact": a.anchor.exact, "prefix": a.anchor.prefix,
                     "suffix": a.anchor.suffix},
                    {"type": "TextPositionSelector", "start": a.anchor.start, "end": a.anchor.end},
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
    return next((s for s in selectors if isinstance(s, dict) and s.get("type") == kind), {})


def parse_jsonld(text: str, name: str = "input") -> list[ForeignAnnotation]:
    """Read an AnnotationCollection (or a list of annotations, or one annotation)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{name}: not valid JSON ({error.msg}, line {error.lineno})") from None
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        items = (data.get("first") or {}).get("items", [])
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise ExportError(f"{name}: not a W3C AnnotationCollection")
    out = []
    for raw in items:
        if not isinstance(raw, dict) or raw.get("type") != "Annotation":
            continue
        target = raw.get("target") or {}
        if isinstance(target, str) or not isinstance(target, dict):
            continue
        quote, position = _selector(target, "TextQuoteSelector"), _selector(target, "TextPositionSelector")
        if not quote.get("exact"):
            continue
        bodies = raw.get("body") or []
        bodies = bodies if isinstance(bodies, list) else [bodies]
        themes = tuple(b["value"] for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging"
                       and b.get("value"))
        note = "\n".join(b["value"] for b in bodies if isinstance(b, dict) and b.get("purpose") == "commenting"
                         and b.get("value"))
        creator = raw.get("creator") or {}
        source = str(target.get("source", ""))
        out.append(ForeignAnnotation(
            id=str(raw.get("id", "")).removeprefix("urn:uuid:"),
            doc_hint=source.removeprefix(DOC_URN) if source.startswith(DOC_URN) else
            (target.get("marginalia:symbol") or source),
            eid=target.get("marginalia:eid"), exact=quote["exact"], prefix=quote.get("prefix", ""),
            suffix=quote.get("suffix", ""), start=int(position.get("start", 0)), end=int(position.get("end", 0)),
            themes=themes, note=note,
            coder=creator.get("name", "") if isinstance(creator, dict) else str(creator),
            created=str(raw.get("created", "")), modified=str(raw.get("modified", raw.get("created", ""))),
            whole_block=bool(target.get("marginalia:wholeBlock", False)),
        ))
    return out

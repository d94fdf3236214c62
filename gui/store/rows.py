"""Converting between database rows and the core's frozen values."""

from __future__ import annotations

import json
import re
from typing import Any

from gui.core.annotations import Anchor, Annotation, Theme


def theme_from_row(row: dict[str, Any]) -> Theme:
    return Theme(
        id=int(row["id"]), name=row["name"], key=row["key"], color=row["color"], description=row["description"],
        digit=row["digit"], keywords=tuple(json.loads(row["keywords"] or "[]")), position=int(row["position"]),
        parent_id=row.get("parent_id"),
    )


def annotation_from_row(row: dict[str, Any], theme_name: str) -> Annotation:
    span = None if row["span_start"] is None else (int(row["span_start"]), int(row["span_end"]))
    return Annotation(
        id=row["id"], doc_id=row["doc_id"], eid=row["eid"], theme_id=int(row["theme_id"]), theme=theme_name,
        anchor=Anchor(row["exact"], row["prefix"], row["suffix"], int(row["start"]), int(row["end"])),
        note=row["note"], coder=row["coder"], created=row["created"], modified=row["modified"], span=span,
        status=row["status"], extra=_provenance(row.get("suggestion")),
    )


def _provenance(stored: str | None) -> dict[str, Any]:
    """`extra` of an annotation an accepted suggestion made: {"suggestion": {"model", "version", "score"}}."""
    if not stored:
        return {}
    try:
        value = json.loads(stored)
    except ValueError:
        return {}
    return {"suggestion": value} if isinstance(value, dict) else {}


def annotation_to_row(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id, "doc_id": a.doc_id, "eid": a.eid, "theme_id": a.theme_id, "note": a.note, "coder": a.coder,
        "created": a.created, "modified": a.modified, "exact": a.anchor.exact, "prefix": a.anchor.prefix,
        "suffix": a.anchor.suffix, "start": a.anchor.start, "end": a.anchor.end,
        "span_start": a.span[0] if a.span else None, "span_end": a.span[1] if a.span else None,
        "status": a.status,
        "suggestion": json.dumps(a.extra["suggestion"]) if a.extra.get("suggestion") else None,
    }


def slug(text: str) -> str:
    """A short document id: `S/2017/130` → `S-2017-130`; a file stem → its first 40 safe characters."""
    out = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.")
    return out[:40].rstrip("-.") or "document"

"""What a write changed, so each view can decide whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """What a write changed, so each view can decide whether to refresh."""

    docs: frozenset[str] = frozenset()
    blocks: frozenset[tuple[str, str]] = frozenset()  # (doc_id, eid)
    themes: bool = False
    annotation_ids: tuple[str, ...] = ()

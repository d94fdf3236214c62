"""Themes and annotations: the analyst's work, as plain frozen values shared by store, export and UI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["anchored", "orphan"]


@dataclass(frozen=True, slots=True)
class Theme:
    """A code in the codebook: what an analyst tags paragraphs with."""

    id: int
    name: str
    key: str
    color: str = "#888888"
    description: str = ""
    digit: int | None = None  # 1–9: the keyboard digit that toggles it in the reader
    keywords: tuple[str, ...] = ()
    position: int = 0  # order among its siblings
    parent_id: int | None = None  # a sub-theme's broader theme (tagging a sub-theme counts for its parent)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits, robustly: W3C TextQuote (exact, prefix, suffix) + TextPosition (start, end).

    Positions count Unicode code points in the document's normalised text (`Document.plain_text()`).
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """One theme applied by one coder to a block (or to a span inside it), with an optional note."""

    id: str  # uuid4, stable across exports and merges
    doc_id: str
    eid: str | None  # None while orphaned
    theme_id: int
    theme: str  # theme name, for display
    anchor: Anchor
    note: str = ""
    coder: str = ""
    created: str = ""  # ISO 8601 UTC
    modified: str = ""
    span: tuple[int, int] | None = None  # [start, end) inside the block's text; None = the whole block
    status: Status = "anchored"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def quote(self) -> str:
        return self.anchor.exact

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["quote"] = self.anchor.exact
        data["document"] = data.pop("doc_id")
        data["span"] = list(self.span) if self.span else None
        return data

"""Team analysis: how far coders agree, and the corpus as a picture. No Qt here.

`agreement` computes percent agreement, Cohen's κ and Krippendorff's α per theme on every body block;
`overview` draws the theme × document matrix, themes over time and theme co-occurrence (matplotlib, Agg).
"""

from collections.abc import Sequence
from typing import Protocol, TypeVar

from gui.core.errors import MarginaliaError

OVERVIEW_KINDS = ("matrix", "timeline", "cooccurrence")


class AnalysisError(MarginaliaError):
    """An analysis that cannot be made as asked (unknown coder, fewer than two coders, bad output name)."""


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Doc = TypeVar("_Doc", bound=_HasId)


def named_documents(library: list[_Doc], docs: Sequence[str]) -> list[_Doc]:
    """The library's documents named by `--doc` (an id, or a UN symbol such as S/2017/130), in library order;
    an unknown name is an AnalysisError."""
    by_name: dict[str, str] = {}
    for d in library:
        symbol = getattr(d, "symbol", None)
        if symbol:
            by_name.setdefault(str(symbol).casefold(), d.id)
    for d in library:
        by_name[d.id.casefold()] = d.id  # an id wins over another document's symbol
    wanted = set()
    for doc in docs:
        if doc.casefold() not in by_name:
            raise AnalysisError(f"--doc {doc}: no such document (see `docs` for the ids)")
        wanted.add(by_name[doc.casefold()])
    return [d for d in library if d.id in wanted]


__all__ = ["OVERVIEW_KINDS", "AnalysisError", "named_documents"]

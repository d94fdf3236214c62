"""Team analysis: how far coders agree, and the corpus as a picture. No Qt here.

`agreement` computes percent agreement, Cohen's κ and Krippendorff's α per theme on every body block;
`overview` draws the theme × document matrix, themes over time and theme co-occurrence (matplotlib, Agg).
"""

from gui.core.errors import MarginaliaError

OVERVIEW_KINDS = ("matrix", "timeline", "cooccurrence")


class AnalysisError(MarginaliaError):
    """An analysis that cannot be made as asked (unknown coder, fewer than two coders, bad output name)."""


__all__ = ["OVERVIEW_KINDS", "AnalysisError"]

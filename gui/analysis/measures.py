"""Agreement measures on yes/no decisions: percent agreement, Cohen's κ, Krippendorff's α (nominal).

A decision is one coder's answer to "is this unit coded with this theme?". Each row holds one unit's answers,
one per coder, in the order of `coders`. The measures are plain functions of these rows so that they can be
checked against published worked examples without a database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Decisions = Sequence[Sequence[bool]]
"""One row per unit, one True/False per coder (True: the coder tagged the unit with the theme)."""


@dataclass(frozen=True, slots=True)
class Agreement:
    """How far the coders agree on one theme (or on all themes pooled), with the counts behind the figures.

    `both` counts units every coder tagged, `only[coder]` units that coder alone tagged, `neither` units no
    coder tagged, `mixed` (three coders or more) units some but not all of several coders tagged. A measure
    that is not defined — κ for more than two coders, κ or α when nobody (or everybody) tagged every unit,
    so that chance agreement is already perfect — is None rather than a number that would mislead.
    """

    theme: str
    coders: tuple[str, ...]
    units: int
    both: int
    only: dict[str, int]
    neither: int
    mixed: int = 0
    agreement: float | None = None
    kappa: float | None = None
    alpha: float | None = None
    theme_id: int | None = None  # None for the pooled "all themes" line
    doc_id: str | None = field(default=None, compare=False)  # None for the corpus

    def to_json(self) -> dict[str, Any]:
        """The figures as the `agreement --json` command prints them."""
        return {"theme": self.theme, "units": self.units, "agreement": self.agreement, "kappa": self.kappa,
                "alpha": self.alpha, "both": self.both, "only": dict(self.only), "neither": self.neither,
                "mixed": self.mixed}


def percent_agreement(rows: Decisions) -> float | None:
    """Share of units on which every coder made the same decision (None without units)."""
    if not rows:
        return None
    return sum(1 for row in rows if len(set(row)) == 1) / len(rows)


def cohen_kappa(both: int, only_a: int, only_b: int, neither: int) -> float | None:
    """Cohen's κ (1960) for two coders' yes/no decisions, from the four cells of their 2 × 2 table.

    κ = (pₒ − pₑ) / (1 − pₑ), where pₑ is the agreement expected from each coder's own rate of saying yes.
    None when pₑ = 1 (both coders said the same thing of every unit): κ is then undefined.
    """
    n = both + only_a + only_b + neither
    if n == 0:
        return None
    observed = (both + neither) / n
    yes_a, yes_b = (both + only_a) / n, (both + only_b) / n
    expected = yes_a * yes_b + (1 - yes_a) * (1 - yes_b)
    if expected >= 1:
        return None
    return (observed - expected) / (1 - expected)


def nominal_alpha(reliability_data: Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's α for nominal data: one row per coder, one column per unit, NaN where a coder gave no
    value. Computed by the `krippendorff` package. None when fewer than two values occur at all (the
    expected disagreement is then zero and α is undefined)."""
    values = {float(v) for row in reliability_data for v in row if not math.isnan(v)}
    if len(values) < 2:
        return None
    import krippendorff  # here: it brings numpy, which would add ~0.2 s to the start of every command

    rows = [[float(v) for v in row] for row in reliability_data]
    return float(krippendorff.alpha(reliability_data=rows, level_of_measurement="nominal"))


def measure(theme: str, coders: Sequence[str], rows: Decisions, theme_id: int | None = None,
            doc_id: str | None = None) -> Agreement:
    """Every figure for one theme (or the pooled themes) over the units in `rows`."""
    names = tuple(coders)
    both = neither = mixed = 0
    only = dict.fromkeys(names, 0)
    for row in rows:
        yes = [name for name, said in zip(names, row, strict=True) if said]
        if len(yes) == len(names):
            both += 1
        elif not yes:
            neither += 1
        elif len(yes) == 1:
            only[yes[0]] += 1
        else:
            mixed += 1
    kappa = cohen_kappa(both, only[names[0]], only[names[1]], neither) if len(names) == 2 else None
    alpha = nominal_alpha([[float(row[i]) for row in rows] for i in range(len(names))]) if rows else None
    return Agreement(theme=theme, coders=names, units=len(rows), both=both, only=only, neither=neither, mixed=mixed,
                     agreement=percent_agreement(rows), kappa=kappa, alpha=alpha, theme_id=theme_id, doc_id=doc_id)

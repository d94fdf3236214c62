"""The agreement measures against published worked examples, and at their edges."""

from __future__ import annotations

import math

import pytest

from gui.analysis.measures import cohen_kappa, measure, nominal_alpha, percent_agreement

NaN = math.nan


def rows_from_table(both: int, only_a: int, only_b: int, neither: int) -> list[tuple[bool, bool]]:
    return [(True, True)] * both + [(True, False)] * only_a + [(False, True)] * only_b + [(False, False)] * neither


def test_kappa_of_the_grant_proposals_example() -> None:
    # Cohen's kappa, worked example (Wikipedia "Cohen's kappa", Examples; also tutorialspoint's statistics
    # tutorial): 50 grant proposals read by A and B — 20 yes/yes, 5 A yes B no, 10 A no B yes, 15 no/no.
    # pₒ = 0.70, A says yes 50 %, B 60 %, pₑ = 0.5·0.6 + 0.5·0.4 = 0.50, κ = (0.70 − 0.50)/(1 − 0.50) = 0.40.
    assert cohen_kappa(20, 5, 10, 15) == pytest.approx(0.40)
    line = measure("Grants", ["A", "B"], rows_from_table(20, 5, 10, 15))
    assert (line.units, line.both, line.only, line.neither) == (50, 20, {"A": 5, "B": 10}, 15)
    assert line.agreement == pytest.approx(0.70)
    assert line.kappa == pytest.approx(0.40)


def test_alpha_of_krippendorffs_binary_example() -> None:
    # Krippendorff, "Computing Krippendorff's Alpha-Reliability" (Annenberg School, 2011), example A: binary data,
    # two observers, ten units, no missing data — published α = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert nominal_alpha([a, b]) == pytest.approx(0.095, abs=0.0005)
    line = measure("Example A", ["A", "B"], [(bool(x), bool(y)) for x, y in zip(a, b, strict=True)])
    assert line.alpha == pytest.approx(0.095, abs=0.0005)
    # By hand: 6 of 10 units agree; A says yes 2/10, B 4/10, pₑ = 0.2·0.4 + 0.8·0.6 = 0.56, κ = 0.04/0.44.
    assert line.agreement == pytest.approx(0.6)
    assert line.kappa == pytest.approx(0.04 / 0.44)
    assert (line.both, line.only, line.neither) == (1, {"A": 1, "B": 3}, 5)


def test_alpha_of_krippendorffs_nominal_example_with_missing_values() -> None:
    # The same paper, example C: nominal data, four observers, twelve units, values 1–5, some missing —
    # published α = 0.743.
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, NaN, NaN, NaN],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NaN, 3],
            [NaN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NaN],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NaN]]
    assert nominal_alpha(data) == pytest.approx(0.743, abs=0.0005)


def test_alpha_by_the_binary_formula_for_two_coders() -> None:
    # For two coders and yes/no values, α = 1 − (n − 1)·d / (n₀·n₁) with n = 2·units pairable values, n₁ the
    # yeses, n₀ the noes and d the units they disagree on. 141 units, one both, one each alone, 138 neither:
    # n = 282, n₁ = 4, n₀ = 278, d = 2 → α = 1 − 281·2/(278·4) = 0.49460…; κ = 274/556 (see test_agreement).
    line = measure("T", ["kim", "lee"], rows_from_table(1, 1, 1, 138))
    assert line.alpha == pytest.approx(1 - 281 * 2 / (278 * 4))
    assert line.kappa == pytest.approx(274 / 556)


def test_perfect_agreement_is_one() -> None:
    line = measure("T", ["A", "B"], rows_from_table(3, 0, 0, 7))
    assert (line.agreement, line.kappa, line.alpha) == (1.0, 1.0, 1.0)


def test_undefined_when_nobody_tagged_anything() -> None:
    # Chance agreement is already perfect: κ and α are undefined, not 0 or 1.
    line = measure("Unused", ["A", "B"], rows_from_table(0, 0, 0, 12))
    assert line.agreement == 1.0
    assert line.kappa is None
    assert line.alpha is None
    assert cohen_kappa(0, 0, 0, 0) is None
    assert percent_agreement([]) is None


def test_three_coders_alpha_without_kappa() -> None:
    rows = [(True, True, True), (True, False, False), (True, True, False), (False, False, False), (False, True, False)]
    line = measure("T", ["A", "B", "C"], rows)
    assert line.kappa is None  # Cohen's κ is for two coders
    assert (line.both, line.only, line.mixed, line.neither) == (1, {"A": 1, "B": 1, "C": 0}, 1, 1)
    assert line.agreement == pytest.approx(2 / 5)
    # By hand (Krippendorff's coincidence matrix): a unit with m = 3 values, n₁ of them yes, adds n₁·n₀/(m − 1)
    # to o₀₁. Units 2, 3 and 5 split 1 : 2, each adding 1·2/2 = 1, so o₀₁ = 3; n = 15 values, n₁ = 7, n₀ = 8.
    # α = 1 − (n − 1)·o₀₁/(n₀·n₁) = 1 − 14·3/56 = 0.25.
    assert line.alpha == pytest.approx(0.25)

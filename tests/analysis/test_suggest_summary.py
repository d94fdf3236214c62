"""The Suggestions tab's first line says why nothing is suggested in the analyst's words, and never asks for
what the analyst has already done ("at least 3 per theme, in 2 documents" when two themes have 11 and 6)."""

from __future__ import annotations

from gui.analysis.suggest import MIN_DOCUMENTS, MIN_EXAMPLES, Suggester, ThemeModel, summary


def model_of(*themes: ThemeModel) -> Suggester:
    model = Suggester.__new__(Suggester)
    model.themes = list(themes)
    model.coded, model.units_trained = sum(t.examples for t in themes), 400
    return model


def test_enough_coding_never_right_says_so() -> None:
    never = "tried on documents it had not learned from, it was never right: code more paragraphs with it"
    text = summary(model_of(ThemeModel(1, "POC", 11, 2, never), ThemeModel(2, "Intelligence", 6, 2, never)))
    assert "none of its suggestions were right yet" in text
    assert f"at least {MIN_EXAMPLES} per theme" not in text


def test_too_little_coding_says_how_much_is_needed() -> None:
    text = summary(model_of(ThemeModel(1, "POC", MIN_EXAMPLES - 1, MIN_DOCUMENTS, "too few")))
    assert f"at least {MIN_EXAMPLES} per theme, in {MIN_DOCUMENTS} documents" in text

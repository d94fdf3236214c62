"""View ▸ Appearance: the system's light or dark palette, or one chosen in the app; theme colours kept legible
on either."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

CHOICES = ("system", "light", "dark")
_chosen = "system"


def choose(app: QApplication, choice: str) -> None:
    """Use `choice` from now on ("system" follows the desktop, also when it changes)."""
    global _chosen
    _chosen = choice if choice in CHOICES else "system"
    apply_palette(app)


def chosen() -> str:
    return _chosen


def apply_palette(app: QApplication, dark: bool | None = None) -> None:
    """Light or dark: as asked, else as chosen in the app, else as the system is."""
    if dark is None:
        dark = _chosen == "dark" or (_chosen == "system" and app.styleHints().colorScheme() == Qt.ColorScheme.Dark)
    if dark:
        palette = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.AlternateBase, "#232427"),
            (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#2a2b2e"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8"),
            (QPalette.ColorRole.HighlightedText, "#202124"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
            (QPalette.ColorRole.ToolTipBase, "#2a2b2e"), (QPalette.ColorRole.ToolTipText, "#e8eaed"),
            (QPalette.ColorRole.Link, "#8ab4f8"),
        ):
            palette.setColor(role, QColor(colour))
        app.setPalette(palette)
    else:
        palette = app.style().standardPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#fdfcf9"))  # calm paper white for reading
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#7a7a7a"))
        app.setPalette(palette)


def _luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def legible(colour: QColor, background: QColor, minimum: float = 2.0) -> QColor:
    """A theme's colour as drawn on `background`: itself, or lighter (on dark) or darker (on light) until it
    stands out ("#222222" on a dark page becomes a grey that shows)."""
    out = QColor(colour)
    dark_background = _luminance(background) < 0.2
    for _ in range(12):
        if contrast(out, background) >= minimum:
            return out
        out = out.lighter(135) if dark_background else out.darker(135)
        if dark_background and out.value() < 60:
            out = QColor.fromHsv(out.hue(), out.saturation(), 90)
    return out

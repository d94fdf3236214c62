"""View ▸ Larger Text / Smaller Text / Actual Size and Reset Layout: what they change and how it is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFontMetricsF

if TYPE_CHECKING:
    from gui.ui.shell.window_base import WindowBase

ZOOM_STEP = 1.1
ZOOM_RANGE = (0.6, 2.5)


def zoom(window: WindowBase, steps: int) -> None:
    """Text size of the reader (remembered), or the printed page's zoom when the page has the focus;
    `steps` 0 is the actual size (the page: fit the width)."""
    pages = window.source.pages
    if window.source.isVisible() and (pages.hasFocus() or pages.canvas.hasFocus()):
        pages.zoom = 1.0 if steps == 0 else max(0.5, min(4.0, pages.zoom * 1.15 ** steps))
        pages._relayout.start()
        return
    reader = window.reader
    low, high = ZOOM_RANGE
    reader.zoom = 1.0 if steps == 0 else max(low, min(high, reader.zoom * ZOOM_STEP ** steps))
    window.settings.setValue("reader/zoom", reader.zoom)
    relayout_reader(window)


def saved_zoom(value: object) -> float:
    """The remembered text size, within range (1.0 when none was kept, or the settings file was edited)."""
    try:
        return max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], float(value))) if value is not None else 1.0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1.0


def relayout_reader(window: WindowBase) -> None:
    """Lay the open document out again (a new text size), keeping the place, the theme bars and the figures."""
    if window.document is None:
        return
    eid = window.reader.current_eid()
    window.reader.show_document(window.document)
    window.refresh_annotations()
    window.source.ask_pictures(1.5 * window.devicePixelRatioF())
    if eid:
        window.reader.go_to(eid)


def appearance(window: WindowBase, choice: str) -> None:
    """View ▸ Appearance: System, Light or Dark, remembered; the reader is laid out again in the new colours."""
    from PySide6.QtWidgets import QApplication

    from gui.ui.widgets import appearance as looks

    app = QApplication.instance()
    if isinstance(app, QApplication):
        looks.choose(app, choice)
    window.settings.setValue("view/appearance", looks.chosen())
    for name in looks.CHOICES:
        window.actions_by_id[f"appearance-{name}"].setChecked(name == looks.chosen())
    relayout_reader(window)


NARROW = 720  # px: below this the reader has the window to itself
ROOMY = 1100  # px: from here the library, the reader and the structure all fit


def fit_panels(window: WindowBase) -> None:
    """The reader keeps whole lines of text in any window: in a narrow one the side panels fold away first
    (they come back with a drag of the splitter, Ctrl+F, or a wider window); in a middling one the library
    folds and the structure keeps a third; in a wide one the reader keeps at least 45 %."""
    sizes = window.splitter.sizes()
    total = window.width()  # the splitter follows the window after this event: measure the window
    if sum(sizes) and sizes[1] * total / sum(sizes) >= max(420, 0.45 * total):
        return  # the reader has room: the layout the analyst set (or restored) stays
    if window.squeezed_from is None and total < ROOMY:
        window.squeezed_from = sizes  # the side panels' widths, given back in a wide window again (`unsqueeze`)
    if total < NARROW:
        window.splitter.setSizes([0, total, 0])
    elif total < ROOMY:
        reader = max(440, int(total * 0.64))
        window.splitter.setSizes([0, reader, total - reader])
    elif sizes[1] < 0.45 * total:
        left, right = max(160, int(total * 0.22)), max(180, int(total * 0.25))
        window.splitter.setSizes([left, max(200, total - left - right), right])


READING_CHARACTERS = 66  # average characters: about 60 of real text a line beside the source
SOURCE_LEAST = 280  # px: the narrowest printed page (or source text) worth showing


def fit_source(window: WindowBase) -> None:
    """View ▸ Show Source: the reader keeps a readable measure (60 characters a line with its margin) and the
    printed page takes what is left; when the centre is too narrow for both, the library folds away, then the
    structure (they come back as `fit_panels` gives them back). At 1,400 px the reader was squeezed to 30
    characters a line and the page to 290 px."""
    reader = window.reader
    character = QFontMetricsF(reader.document().defaultFont()).averageCharWidth()  # at the reader's zoom
    least = int(character * READING_CHARACTERS) + reader.gutter + 64  # the text, its margin, the page's margins
    sizes = window.splitter.sizes()
    total = sum(sizes) or window.width()
    for side in (0, 2):  # fold what must go for both to fit, the library first
        if sizes[1] >= least + SOURCE_LEAST:
            break
        if sizes[side]:
            if window.squeezed_from is None:
                window.squeezed_from = list(sizes)
            sizes[1] += sizes[side]
            sizes[side] = 0
    window.splitter.setSizes(sizes if sum(sizes) else [0, total, 0])
    centre = sizes[1] or window.centre.width()
    text = max(min(least, centre - SOURCE_LEAST), int(centre * 0.56))
    window.centre.setSizes([text, centre - text])


def unsqueeze(window: WindowBase) -> None:
    """A window made wide again gets back the side panels that narrowing it folded, as wide as they were (the
    reader keeping at least 45 %)."""
    before = window.squeezed_from
    if before is None or window.width() < ROOMY:
        return
    window.squeezed_from = None
    total = sum(window.splitter.sizes()) or window.width()
    sides = before[0] + before[2]
    scale = min(1.0, 0.55 * total / sides) if sides else 1.0
    left, right = int(before[0] * scale), int(before[2] * scale)
    window.splitter.setSizes([left, total - left - right, right])


def show_side(window: WindowBase, index: int) -> None:
    """Unfold a side panel (0: library and search, 2: structure) that a narrow window folded away."""
    sizes = window.splitter.sizes()
    if sizes[index] == 0:
        give = min(280, max(160, sizes[1] // 3))
        sizes[index], sizes[1] = give, max(200, sizes[1] - give)
        window.splitter.setSizes(sizes)


def reset_layout(window: WindowBase) -> None:
    """The panels as on a first start: library, reader and structure in the default proportions."""
    total = sum(window.splitter.sizes()) or window.width()
    window.splitter.setSizes([int(total * 0.24), int(total * 0.51), total - int(total * 0.24) - int(total * 0.51)])
    centre = sum(window.centre.sizes()) or window.centre.width()
    window.centre.setSizes([int(centre * 0.56), centre - int(centre * 0.56)])
    window.settings.remove("window/splitter")

"""Recognition of scanned pages: a page picture → recognised lines with their boxes and confidences.

The engine is RapidOCR (PaddlePaddle's PP-OCRv6 detection and recognition models, run by onnxruntime on the
CPU). Its models ship inside the `rapidocr` wheel; they are named here by path, so the engine never looks for
them elsewhere and never downloads anything. The engine and its models load lazily, on the first page that
needs them (they cost ~1 s and ~300 MB), so a born-digital import never pays for them.

What this module returns is plain data (`ScanPage`), which the store caches as JSON keyed by the file's hash,
the page and `ENGINE` — so a page is recognised once, and a better engine or setting (a new `ENGINE`) reads it
again. `ocr_lines` turns a `ScanPage` into the reader's own `PdfPage`, so the structure rules see a scan as
they see a born-digital page.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from gui.core.pdf.read import PDFIUM

SCALE = 1.5
"""Pixels per PDF point the page is drawn at for recognition (108 dpi). Measured on born-digital UN pages drawn
and recognised (README, "Scanned documents"): the detector finds 8-pt footnote lines at this scale, and the
recogniser reads every line crop at a fixed 48-pixel height, so a larger picture costs detection time and gains
nothing."""

ENGINE = f"rapidocr-3.10/PP-OCRv6-small/scale-{SCALE}"
"""What a cached recognition was made with: a cache entry made otherwise is read again."""

Quad = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]
"""The four corners of a recognised box (top left, top right, bottom right, bottom left), in PDF points from
the page's top-left corner (y grows downwards, as in the picture)."""


@dataclass(frozen=True, slots=True)
class ScanWord:
    text: str
    confidence: float
    quad: Quad


@dataclass(frozen=True, slots=True)
class ScanLine:
    """One line as the engine recognised it: its text, the engine's confidence in it (0–1), its box, its words."""

    text: str
    confidence: float
    quad: Quad
    words: tuple[ScanWord, ...] = ()
    stroke: float = 0.0  # mean width of its strokes in pixels (a bold line's are thicker); 0 when unmeasured
    core: float = 0.0  # height of its inked core in points: the x-height (the cap height of a line in capitals)


@dataclass(slots=True)
class ScanPage:
    """A recognised page: its size in points, its lines (in the engine's order), or why it could not be read."""

    number: int  # 1-based
    width: float
    height: float
    lines: list[ScanLine] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # drawn rules: x0, top, x1, bottom
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"number": self.number, "width": self.width, "height": self.height, "error": self.error,
                "rules": [[round(v, 2) for v in rule] for rule in self.rules],
                "lines": [[ln.text, round(ln.confidence, 4), _flat(ln.quad),
                           [[w.text, round(w.confidence, 4), _flat(w.quad)] for w in ln.words], round(ln.stroke, 3),
                           round(ln.core, 2)]
                          for ln in self.lines]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScanPage:
        lines = [ScanLine(str(row[0]), float(row[1]), _quad(row[2]),
                          tuple(ScanWord(str(w[0]), float(w[1]), _quad(w[2])) for w in row[3]),
                          float(row[4]) if len(row) > 4 else 0.0, float(row[5]) if len(row) > 5 else 0.0)
                 for row in data.get("lines", [])]
        rules = [(float(a), float(b), float(c), float(d)) for a, b, c, d in data.get("rules", [])]
        return cls(int(data["number"]), float(data["width"]), float(data["height"]), lines, rules, data.get("error"))


def _flat(quad: Quad) -> list[float]:
    return [round(v, 2) for point in quad for v in point]


def _quad(values: list[float]) -> Quad:
    v = [float(x) for x in values]
    return ((v[0], v[1]), (v[2], v[3]), (v[4], v[5]), (v[6], v[7]))


def threads() -> int:
    """Threads for the engine: every core but one (the window's), at most four (beyond, onnxruntime gains
    little on these small models)."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


class Engine:
    """The recogniser, loaded on first use. One engine serves one thread at a time (it holds a lock)."""

    def __init__(self, threads_per_engine: int | None = None) -> None:
        self._threads = threads_per_engine or threads()
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._engine is None:
            import logging

            import rapidocr
            from rapidocr import RapidOCR

            models = Path(rapidocr.__file__).parent / "models"
            params: dict[str, Any] = {
                "Global.log_level": "error", "Global.text_score": 0.0, "Global.use_cls": False,
                "Global.return_word_box": True,
                "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
                "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
                "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
                "EngineConfig.onnxruntime.intra_op_num_threads": self._threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
            for name in ("Det", "Rec"):
                path = Path(params[f"{name}.model_path"])
                if not path.is_file():  # never let the engine fetch a missing model from the network
                    raise RuntimeError(f"the recognition model {path.name} is missing from the rapidocr package")
            self._engine = RapidOCR(params=params)
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
        return self._engine

    def recognise(self, pixels: Any, number: int, width: float, height: float, scale: float) -> ScanPage:
        """Recognise a page drawn at `scale` (pixels: an H x W x 3 uint8 array) into a ScanPage in points."""
        with self._lock:
            engine = self._load()
            # every switch named on every call: the engine keeps the last call's switches as its own
            result = engine(pixels, use_det=True, use_cls=False, use_rec=True, return_word_box=True)
        page = ScanPage(number, width, height)
        txts, boxes = getattr(result, "txts", None), getattr(result, "boxes", None)  # an empty page: neither
        if txts is None or boxes is None:
            return page
        word_results = getattr(result, "word_results", ())
        words_of = list(word_results) if len(word_results) == len(txts) else []
        for i, (box, text, score) in enumerate(zip(result.boxes, result.txts, result.scores, strict=True)):
            quad = _points(box, scale)
            words = tuple(ScanWord(str(w[0]), float(w[1]), _points(w[2], scale))
                          for w in (words_of[i] if words_of else ()) if w[2] is not None and str(w[0]).strip())
            page.lines.append(ScanLine(str(text), float(score), quad, words))
        return page


    def rescue_numbers(self, page: ScanPage, pixels: Any, scale: float) -> ScanPage:
        """Paragraph numbers the detector passed over: a short mark ("9.") set apart at the margin, left of a
        line that starts indented, is found as ink there and read alone (what the structure rules need most)."""
        import numpy as np

        body = [ln for ln in page.lines if len(ln.text) > 30]
        if len(body) < 3:
            return page
        lefts = sorted(min(p[0] for p in ln.quad) for ln in body)
        margins: list[float] = []  # left edges three or more long lines share: a column's margin each
        for x in lefts:
            if sum(abs(y - x) <= 3 for y in lefts) >= 3 and not any(abs(m - x) <= 6 for m in margins):
                margins.append(x)
        dark = (pixels[:, :, 0] if pixels.ndim == 3 else pixels) < _DARK
        found: list[ScanLine] = []
        for line in page.lines:
            x0 = min(p[0] for p in line.quad)
            top, bottom = min(p[1] for p in line.quad), max(p[1] for p in line.quad)
            margin = max((m for m in margins if m < x0 - 8), default=None)  # the margin of this line's column
            if margin is None or any(o is not line and max(p[0] for p in o.quad) < x0 and
                                      abs(min(p[1] for p in o.quad) - top) < 0.5 * (bottom - top)
                                      for o in page.lines):
                continue
            y_0, y_1 = int(top * scale), int(bottom * scale) + 1
            x_0, x_1 = max(0, int((margin - 6) * scale)), int((x0 - 2) * scale)
            region = dark[y_0:y_1, x_0:x_1]
            if region.size == 0 or np.count_nonzero(region) < 6:
                continue
            rows = _nearest_run(np.flatnonzero(region.any(axis=1)), region.shape[0] / 2)  # not the lines above
            cols = _nearest_run(np.flatnonzero(region[rows[0]:rows[-1] + 1].any(axis=0)), 0, gap=int(4 * scale))
            a, b = x_0 + int(cols[0]) - 3, x_0 + int(cols[-1]) + 4
            c, d = y_0 + int(rows[0]) - 3, y_0 + int(rows[-1]) + 4
            crop = np.ascontiguousarray(pixels[max(0, c):d, max(0, a):b])
            with self._lock:
                result = self._load()(crop, use_det=False, use_cls=False, use_rec=True, return_word_box=False)
            if not getattr(result, "txts", None):
                continue
            text, score = str(result.txts[0]).strip(), float(result.scores[0])
            if re.fullmatch(r"[0-9lIO|]{1,3}[.,]|\([a-z0-9]{1,3}\)", text):
                left, right, high, low = a / scale, b / scale, c / scale, d / scale
                corners = ((left, high), (right, high), (right, low), (left, low))
                found.append(ScanLine(text, score, corners))
        page.lines = page.lines + found
        return page


def _nearest_run(indexes: Any, target: float, gap: int = 2) -> Any:
    """Of the runs of consecutive indexes (gaps up to `gap`), the one nearest `target`."""
    import numpy as np

    runs = np.split(indexes, np.flatnonzero(np.diff(indexes) > gap) + 1)
    return min(runs, key=lambda r: 0 if r[0] <= target <= r[-1] else min(abs(r[0] - target), abs(r[-1] - target)))


def _points(box: Any, scale: float) -> Quad:
    corners = [(float(x) / scale, float(y) / scale) for x, y in list(box)[:4]]
    return (corners[0], corners[1], corners[2], corners[3])


def draw_page(pdf: pdfium.PdfDocument, index: int, scale: float = SCALE) -> tuple[Any, float, float]:
    """Page `index` (from 0) drawn in grey for recognition: (an H x W x 3 array, width, height in points)."""
    import numpy as np

    with PDFIUM:
        page = pdf[index]
        try:
            page.set_rotation(0)  # the reader's frame: boxes are in the unrotated page
            width, height = page.get_size()
            bitmap = page.render(scale=scale, grayscale=True, may_draw_forms=False)
            try:
                grey = bitmap.to_numpy().copy()
            finally:
                bitmap.close()
        finally:
            page.close()
    if grey.ndim == 3:
        grey = grey[:, :, 0]
    return np.ascontiguousarray(np.stack([grey, grey, grey], axis=2)), float(width), float(height)


_DARK = 128  # a grey level below this is ink


def measure_ink(page: ScanPage, pixels: Any, scale: float) -> ScanPage:
    """The page's drawn rules (a footnote rule, the masthead's rules) and each line's stroke width, measured on
    the picture the page was recognised from: what the engine does not say and the structure rules use."""
    import numpy as np

    grey = pixels[:, :, 0] if pixels.ndim == 3 else pixels
    dark = grey < _DARK
    lines = []
    for line in page.lines:
        xs = [p[0] * scale for p in line.quad]
        ys = [p[1] * scale for p in line.quad]
        crop = dark[max(0, int(min(ys))):int(max(ys)) + 1, max(0, int(min(xs))):int(max(xs)) + 1]
        stroke = core = 0.0
        if crop.size:
            starts = int(np.count_nonzero(crop[:, 1:] & ~crop[:, :-1]) + np.count_nonzero(crop[:, 0]))
            stroke = float(np.count_nonzero(crop)) / starts if starts else 0.0
            core = _core(crop, int(40 * scale)) / scale
        lines.append(replace(line, stroke=stroke, core=core))
    page.lines = lines
    page.rules = _rules(dark, scale)
    return page


def _core(crop: Any, strip: int) -> float:
    """The height of the letters' bodies in pixels: the rows that carry most of the ink, measured in narrow
    strips (a line scanned askew climbs across its box) and the median taken."""
    import numpy as np

    heights = []
    for x in range(0, crop.shape[1], strip):
        rows = crop[:, x:x + strip].sum(axis=1)
        if rows.max() >= 3:
            heights.append(int(np.count_nonzero(rows >= 0.4 * rows.max())))
    return float(np.median(heights)) if heights else 0.0


def _rules(dark: Any, scale: float) -> list[tuple[float, float, float, float]]:
    """Horizontal rules: runs of ink at least 30 pt long and at most 3 pt thick, in points from the top left."""
    import numpy as np

    least = int(30 * scale)
    found: list[list[float]] = []
    for y in np.flatnonzero(dark.sum(axis=1) >= least):
        row = np.concatenate(([0], dark[y].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(row))
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end - start < least:
                continue
            x0, x1, top = start / scale, end / scale, y / scale
            last = next((r for r in found if abs(r[0] - x0) < 3 and abs(r[2] - x1) < 3
                         and 0 <= top - r[3] <= 1.5 / scale), None)
            if last is not None:
                last[3] = top + 1 / scale
            else:
                found.append([x0, top, x1, top + 1 / scale])
    return [(a, b, c, d) for a, b, c, d in found if d - b <= 3.0]

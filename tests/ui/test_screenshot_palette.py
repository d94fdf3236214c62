"""`python -m gui --palette light|dark --screenshot`: a window in the colours asked for, the saved choice untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def _shot(tmp_path: Path, palette: str) -> QImage:
    out = tmp_path / f"{palette}.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-m", "gui", "--db", str(tmp_path / "m.db"), "--open", "S-2017-130",
                           "--at", "para_83", "--size", "900x600", "--palette", palette, "--screenshot", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    return image


def _mean_lightness(image: QImage) -> float:
    values = [image.pixelColor(x, y).lightnessF() for x in range(0, image.width(), 9)
              for y in range(0, image.height(), 9)]
    return sum(values) / len(values)


def test_the_palette_option_colours_the_window_for_that_run_only(tmp_path: Path) -> None:
    dark, light = _shot(tmp_path, "dark"), _shot(tmp_path, "light")
    assert _mean_lightness(dark) < 0.35 < 0.65 < _mean_lightness(light)
    saved = "\n".join(p.read_text(errors="replace") for p in (tmp_path / "config").rglob("*.conf"))
    assert "dark" not in saved  # a screenshot leaves the analyst's own choice as it was

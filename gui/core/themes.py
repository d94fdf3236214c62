"""The default codebook shipped in resources/themes.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEFAULT_THEMES = RESOURCES / "themes.toml"


def load_default_themes(path: Path = DEFAULT_THEMES) -> list[dict[str, Any]]:
    """Theme records (name, key, color, description, digit, keywords) in file order."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    out = []
    for position, theme in enumerate(data.get("theme", [])):
        out.append({
            "name": str(theme["name"]),
            "key": str(theme["key"]),
            "color": str(theme.get("color", "#888888")),
            "description": str(theme.get("description", "")),
            "digit": theme.get("digit"),
            "keywords": [str(k) for k in theme.get("keywords", [])],
            "position": position,
        })
    return out

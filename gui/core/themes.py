"""The default codebook shipped in resources/themes.toml, and the shape of a codebook: themes nest."""

from __future__ import annotations

import colorsys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from gui.core.annotations import Theme

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DEFAULT_THEMES = RESOURCES / "themes.toml"
MAX_DEPTH = 64
"""Levels of sub-themes below a top-level theme that the store writes (a codebook is a few deep; the REFI-QDA
reader takes as many, and the XML writers nest one element per level)."""


def load_default_themes(path: Path = DEFAULT_THEMES) -> list[dict[str, Any]]:
    """Theme records (name, key, color, description, digit, keywords, parent key or None) in file order."""
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
            "parent": str(theme["parent"]) if theme.get("parent") else None,
        })
    return out


def tree_order(themes: Iterable[Theme]) -> list[Theme]:
    """The codebook as it is read: each theme followed by its sub-themes, siblings by position.

    A theme whose parent is missing (or that sits in a cycle, which the store never writes) is shown at the
    top level rather than lost."""
    themes = list(themes)
    ids = {t.id for t in themes}
    children: dict[int | None, list[Theme]] = {}
    for theme in themes:
        parent = theme.parent_id if theme.parent_id in ids and theme.parent_id != theme.id else None
        children.setdefault(parent, []).append(theme)
    for siblings in children.values():
        siblings.sort(key=lambda t: (t.position, t.id))
    out: list[Theme] = []
    seen: set[int] = set()
    todo = list(reversed(children.get(None, [])))  # depth first without recursion: a chain can be long
    while todo:
        theme = todo.pop()
        if theme.id not in seen:
            seen.add(theme.id)
            out.append(theme)
            todo += reversed(children.get(theme.id, []))
    out += [t for t in sorted(themes, key=lambda t: (t.position, t.id)) if t.id not in seen]  # cycles
    return out


def family(themes: Sequence[Theme], theme_id: int) -> frozenset[int]:
    """A theme's id and the ids of all its sub-themes, at any depth."""
    below: dict[int | None, list[int]] = {}
    for theme in themes:
        below.setdefault(theme.parent_id, []).append(theme.id)
    out, todo = {theme_id}, [theme_id]
    while todo:
        for child in below.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return frozenset(out)


def lineage(themes: Sequence[Theme], theme_id: int) -> list[Theme]:
    """The theme and its broader themes, from the top-level one down to it."""
    by_id = {t.id: t for t in themes}
    out: list[Theme] = []
    seen: set[int] = set()
    current = by_id.get(theme_id)
    while current is not None and current.id not in seen:  # a set: a long chain is not walked once per step
        seen.add(current.id)
        out.append(current)
        current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return out[::-1]


def depth(themes: Sequence[Theme], theme_id: int) -> int:
    """0 for a top-level theme, 1 for its sub-themes, …"""
    return max(len(lineage(themes, theme_id)) - 1, 0)


def display_name(themes: Sequence[Theme], theme_id: int, separator: str = " › ") -> str:
    """"Protection of civilians (POC) › Early warning" for a sub-theme; the name alone at the top level."""
    return separator.join(t.name for t in lineage(themes, theme_id))


def shade(colour: str, step: int) -> str:
    """A sub-theme's colour: its theme's `#RRGGBB` mixed with white, a little more for each sibling (step 0, 1,
    … wraps after four), so that sub-themes look like their theme and unlike each other."""
    fraction = 0.2 + 0.15 * (step % 4)
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * fraction):02x}" for c in channels)


def new_colour(index: int) -> str:
    """The colour of the `index`-th theme made without one (the theme manager's New, a coding table's themes):
    hues 47° apart round the wheel, at one saturation and brightness, so that themes made together are told
    apart and the margin's bars stay legible on either palette."""
    red, green, blue = colorsys.hsv_to_rgb(((index * 47) % 360) / 360, 150 / 255, 190 / 255)
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue))

"""Compare an extracted Document with the hand-verified ground truth of a real UN PDF (tests/data/*.truth.json).

The comparison follows ../shared/tools/score_structure.py: text is compared without spacing, quote and dash
styles or point marks, and a paragraph is whole when it starts with its printed first words and ends with its
printed last words. Conventions of the truth files: ../shared/pdf/GROUND_TRUTH.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from gui.core.model import Block, Document, Kind

_POINT_MARK = re.compile(r"\((?:[a-z]{1,2}|[ivxl]{1,5})\)")
_STYLES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u2010": "-", "\u2011": "-", "`": "'", "\u00ad": None})


def load_truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


def key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_STYLES)
    return re.sub(r"\s+", "", _POINT_MARK.sub("", text))


def whole(text: str, first: str, last: str) -> bool:
    t, f, lst = key(text), key(first), key(last)
    return t.startswith(f) and (t.endswith(lst) or t.endswith(lst.rstrip(".;,:")))


def paragraph_text(doc: Document, block: Block) -> str:
    """A paragraph with the points and items nested in it, in reading order."""
    parts = [block.text]
    for b in doc.blocks[doc.position(block.eid) + 1:]:
        if b.eid.startswith(block.eid + "__"):
            parts.append(b.text)
        elif b.kind not in (Kind.FOOTNOTE, Kind.PREFACE, Kind.ASIDE):
            break
    return " ".join(parts)


def in_annex(doc: Document, block: Block) -> bool:
    return any(a.eid.startswith("annex") for a in doc.ancestors(block.eid))


def numbered_paragraphs(doc: Document, annex: bool) -> dict[str, list[Block]]:
    """Numbered paragraphs of the main body (or of the annexes), by number; whatever their eids."""
    out: dict[str, list[Block]] = {}
    for b in doc.numbered_paragraphs:
        if in_annex(doc, b) == annex:
            out.setdefault(str(b.num), []).append(b)
    return out


def broken_paragraphs(doc: Document, truth: dict[str, Any]) -> list[str]:
    """Printed paragraphs not found exactly once and whole ("12", or "annex 3")."""
    broken: list[str] = []
    for annex, field in ((False, "paragraphs"), (True, "annex_paragraphs")):
        found = numbered_paragraphs(doc, annex)
        for p in truth.get(field, []):
            name = f"{'annex ' if annex else ''}{p['num']}"
            blocks = found.get(str(p["num"]), [])
            if len(blocks) != 1 or not whole(paragraph_text(doc, blocks[0]), p["first"], p["last"]):
                broken.append(name)
    return broken


def missing_footnotes(doc: Document, truth: dict[str, Any]) -> list[str]:
    """Printed footnotes with no footnote block of that number holding the whole note."""
    notes = [b for b in doc.blocks if b.kind is Kind.FOOTNOTE]
    return [str(f["num"]) for f in truth["footnotes"]
            if not any(b.num == str(f["num"]) and whole(b.text, f["first"], f["last"]) for b in notes)]

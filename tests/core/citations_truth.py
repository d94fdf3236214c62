"""Scoring the citation finder against hand-checked blocks (`tests/data/citations_truth.json`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gui.core.citations import find_citations
from gui.core.model import Block
from gui.core.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[2]
TRUTH = ROOT / "tests" / "data" / "citations_truth.json"
HELD_OUT = ROOT / "tests" / "data" / "citations_heldout.json"
HELD_OUT_2 = ROOT / "tests" / "data" / "citations_heldout2.json"  # a second set, written on 7 December 2026


@dataclass
class Score:
    """Citations (block, target) found and expected; pinpoints right among those found."""

    found: int = 0
    expected: int = 0
    right: int = 0
    pinpoints: int = 0
    pinpoints_right: int = 0
    blocks: int = 0
    blocks_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def pinpoint_rate(self) -> float:
        return self.pinpoints_right / self.pinpoints if self.pinpoints else 1.0


Expected = tuple[dict[str, list[list[str]]], set[str] | None, dict[str, str]]
"""The blocks' citations, the only blocks scored (None: all), and each listed block's first words."""


def documents(truth: Path = TRUTH) -> list[tuple[Path, Expected]]:
    """(PDF, expected) of every hand-checked document whose file is here."""
    data = json.loads(truth.read_text(encoding="utf-8"))
    out = []
    for entry in data["documents"]:
        path = (ROOT / entry["file"]).resolve() if entry["file"].startswith("..") else Path(entry["file"])
        if path.exists():
            out.append((path, (entry["blocks"], set(entry["only"]) if "only" in entry else None,
                               entry.get("anchors", {}))))
    return out


def _first_words(text: str) -> str:
    return " ".join(text.split())[:48]


def _renamed(blocks: Sequence[Block], truth: Expected) -> tuple[dict[str, list[list[str]]], set[str] | None]:
    """The expected citations under the blocks' present eids: a block whose eid a later structure rule changed
    (an unnumbered paragraph now found numbered: "sec_I__p_2" → "para_1") is found by its first words. Only an
    unambiguous match moves; anything else stays and is reported missing."""
    expected, only, anchors = truth
    present = {b.eid: _first_words(b.text) for b in blocks}
    by_words: dict[str, list[str]] = {}
    for eid, words in present.items():
        by_words.setdefault(words, []).append(eid)
    moved: dict[str, str] = {}
    for eid, words in anchors.items():
        if present.get(eid) != words and len(by_words.get(words, [])) == 1:
            moved[eid] = by_words[words][0]
    return ({moved.get(eid, eid): cited for eid, cited in expected.items()},
            {moved.get(eid, eid) for eid in only} if only is not None else None)


def score(path: Path, truth: Expected, total: Score) -> None:
    """Compare the finder with the hand-checked citations of one document, block by block."""
    document = read_pdf(path.read_bytes(), str(path))
    expected, only = _renamed(document.blocks, truth)
    found: dict[str, dict[str, set[str]]] = {}
    for citation in find_citations(document.symbol, [(b.eid, b.text) for b in document.blocks]):
        for target in citation.targets:
            found.setdefault(citation.eid, {}).setdefault(target, set()).add(citation.pinpoint)
    for block in document.blocks:
        if only is not None and block.eid not in only:
            continue
        want: dict[str, set[str]] = {}
        for target, pinpoint in expected.get(block.eid, []):
            want.setdefault(target, set()).add(pinpoint)
        got = found.get(block.eid, {})
        total.found += len(got)
        total.expected += len(want)
        both = set(got) & set(want)
        total.right += len(both)
        total.blocks += 1
        total.blocks_right += set(got) == set(want)
        for target in both:
            if want[target] != {""}:
                total.pinpoints += 1
                total.pinpoints_right += got[target] == want[target]
                if got[target] != want[target]:
                    total.errors.append(f"{path.name} {block.eid} {target}: pinpoint {got[target]} ≠ {want[target]}")
        for target in set(got) - set(want):
            total.errors.append(f"{path.name} {block.eid}: found {target} (not cited)")
        for target in set(want) - set(got):
            total.errors.append(f"{path.name} {block.eid}: missed {target}")
    missing = set(expected) - {b.eid for b in document.blocks}
    total.errors += [f"{path.name}: no block {eid}" for eid in sorted(missing)]


def measure(truth: Path = TRUTH) -> Score:
    total = Score()
    for path, expected in documents(truth):
        score(path, expected, total)
    return total


if __name__ == "__main__":
    import sys

    result = measure(HELD_OUT_2 if "--held-out-2" in sys.argv else HELD_OUT if "--held-out" in sys.argv else TRUTH)
    print("\n".join(result.errors))
    print(f"citations expected {result.expected}, found {result.found}, right {result.right}: "
          f"precision {result.precision:.3f}, recall {result.recall:.3f}; pinpoints {result.pinpoints_right}/"
          f"{result.pinpoints} = {result.pinpoint_rate:.3f}; "
          f"blocks exactly right {result.blocks_right}/{result.blocks}")

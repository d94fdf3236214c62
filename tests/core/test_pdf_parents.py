"""Every block of a PDF's outline hangs from a block that exists: a parent renamed (preambular paragraphs become
recitals "rec_N") takes its points and lists with it, so that import, citation places and sections never meet a
parent that is not there (E/2025/72, an ECOSOC resolution whose recital carries lettered points)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.core.pdf import load_pdf

DATA = Path(__file__).resolve().parents[1] / "data" / "pdf"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "pdf"
PDFS = sorted(p for p in DATA.glob("*.pdf") if p.name != "encrypted.pdf") + sorted(SHARED.glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_every_parent_exists(path: Path) -> None:
    document = load_pdf(path)
    eids = {block.eid for block in document.blocks}
    assert len(eids) == len(document.blocks), "an eid given twice"
    dangling = [(b.eid, b.parent) for b in document.blocks if b.parent is not None and b.parent not in eids]
    assert dangling == []


def test_a_recitals_points_are_renamed_with_it() -> None:
    document = load_pdf(DATA / "E_2025_72.en.pdf")
    recitals = [b for b in document.blocks if b.eid.startswith("rec_") and "__" not in b.eid]
    assert recitals, "the resolution's preamble is read as recitals"
    children = [b for b in document.blocks if b.parent in {r.eid for r in recitals}]
    assert children and all(b.eid.startswith(f"{b.parent}__") for b in children)
    for block in document.blocks:  # sections and citation places work for every block
        document.section_of(block.eid)

"""Items 3 and 5: approximate search is bounded (quote length, a time budget) and says what it skipped;
a position of any size is harmless."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from gui.core.anchor import MAX_FUZZY_QUOTE, Budget, make_anchor, reanchor
from gui.core.annotations import Anchor
from gui.store import Store
from tests.conftest import ROOT

from .conftest import DOC, edit_and_reimport


def _jsonld(path: Path, exact: str, start: int = 0, prefix: str = "") -> Path:
    item = {"type": "Annotation", "id": "urn:uuid:3f1b6d4e-8a65-4c1f-9d7e-5a2b3c4d5e6f",
            "body": [{"type": "TextualBody", "value": "Protection of civilians", "purpose": "tagging"}],
            "target": {"source": f"urn:marginalia:document:{DOC}",
                       "selector": [{"type": "TextQuoteSelector", "exact": exact, "prefix": "x" * 100_000 + prefix},
                                    {"type": "TextPositionSelector", "start": start, "end": start + 5}]}}
    path.write_text(json.dumps({"type": "AnnotationCollection", "first": {"items": [item]}}), encoding="utf-8")
    return path


def _merge(db: Path, file: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", "import-annotations", str(file), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def test_a_quote_longer_than_the_document_is_not_searched_for_minutes(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        text = s.document(DOC).plain_text()
    long_quote = (text.replace("e", "a") * 25)[:1_000_000]  # 1 MB, nowhere exactly
    started = time.monotonic()  # the floor, in this test: the same merge of a quote that is found at once
    assert _merge(db, _jsonld(tmp_path / "short.jsonld", text[200:260])).returncode == 0
    floor = time.monotonic() - started
    started = time.monotonic()
    result = _merge(db, _jsonld(tmp_path / "long.jsonld", long_quote))
    took = time.monotonic() - started
    assert took < 10 * floor, f"{took:.1f} s for the long quote, {floor:.1f} s for a short one"  # was minutes
    assert result.returncode == 0, result.stderr
    assert "not placed 1" in result.stdout


def test_a_position_of_400_digits_is_harmless(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        document = s.document(DOC)
        quote = document.block("para_7").text[:40]
        at = document.block_offsets()["para_7"][0]
        before = document.plain_text()[at - 32:at]  # the context, after 100,000 characters more of it
    result = _merge(db, _jsonld(tmp_path / "huge.jsonld", quote, start=10**400, prefix=before))
    assert result.returncode == 0, result.stderr
    assert "merged 1" in result.stdout
    with Store(db) as s:
        document = s.document(DOC)
        twice = Anchor("the Working Group", "", "", 10**400, 10**400 + 17)  # scored on closeness too
        reanchor(document, twice, None, (0, 17))


def test_reanchoring_skips_what_it_cannot_afford_and_says_why(store: Store) -> None:
    document = store.document(DOC)
    long_quote = document.plain_text()[:MAX_FUZZY_QUOTE + 500].replace("e", "a")
    budget = Budget()
    typo = document.block("para_7").text[:120].replace("e", "a")  # the floor: one short approximate search
    started = time.monotonic()
    reanchor(document, Anchor(typo, "", "", 0, len(typo)), "para_1", (0, 10), Budget())
    floor = time.monotonic() - started
    started = time.monotonic()
    placement = reanchor(document, Anchor(long_quote, "", "", 0, len(long_quote)), "para_1", (0, 10), budget)
    took = time.monotonic() - started
    assert took < 5 * floor, f"skipping took {took:.3f} s, a short approximate search {floor:.3f} s"
    assert placement.outcome == "orphan" and "too long for an approximate search" in placement.reason
    spent = Budget(seconds=0)
    edited = Anchor("The Working Group discussd the folowing themes:", "", "", 0, 10)
    placement = reanchor(document, edited, None, (0, 10), spent)
    assert placement.outcome == "orphan" and "were used up" in placement.reason and spent.skipped == 1
    assert reanchor(document, edited, None, (0, 10)).outcome != "orphan"  # with time left, it is found


def test_a_reimport_reports_the_skipped_search(db: Path) -> None:
    with Store(db) as s:
        para = s.document(DOC).block("para_5")
        s.tag(DOC, ["para_5"], "poc", span=(0, len(para.text)))
        anchor = make_anchor(s.document(DOC), "para_5", (0, len(para.text)))
        long_text = "w" * (MAX_FUZZY_QUOTE + 10)
        s.db.execute("UPDATE annotations SET exact = ?, \"end\" = ?", [long_text, anchor.start + len(long_text)])
    summary = edit_and_reimport(db)
    assert "not searched approximately: its quote of 2,010 characters is too long" in summary
    with Store(db) as s:
        [ann] = s.annotations()
        assert ann.status == "orphan"

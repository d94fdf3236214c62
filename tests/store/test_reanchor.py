"""Re-anchoring after a document changes: annotations end where a person would put them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gui.core.anchor import make_anchor, reanchor
from gui.core.extract import extract, load_document
from gui.store import Store
from tests.conftest import REPORT_2021, S_2017_130

ORIGINAL = S_2017_130.read_text(encoding="utf-8")


def edited(text: str) -> str:
    """S/2017/130 as a later version: para 83 reworded, two paragraphs inserted before it (so 83→85,
    84→86, …), para 90 deleted, para 12 unchanged."""
    out = []
    for line in text.splitlines():
        match = re.match(r"^(- )?(\d+)\. (.*)$", line)
        if match and int(match.group(2)) >= 83:
            number = int(match.group(2))
            if number == 90:
                continue  # deleted
            if number == 83:
                out += ["- 83. A new paragraph inserted by the editors.", "- 84. Another new one."]
            line = f"{match.group(1) or ''}{number + 2}. {match.group(3)}"
        out.append(line)
    return "\n".join(out).replace("organized a thematic discussion on the protection of civilians",
                                  "held a thematic debate on the protection of civilians")


@pytest.fixture
def tagged(tmp_path: Path) -> tuple[Store, Path, dict[str, str]]:
    path = tmp_path / "S-2017-130.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    store = Store(tmp_path / "r.db", import_corpus=False)
    doc_id = store.import_file(path).doc_id
    document = store.document(doc_id)
    span_start = document.block("para_84").text.index("Brigadier General Thierry Lion")
    ids = {
        "para_83": store.tag(doc_id, ["para_83"], "poc", note="POC meeting").annotation_ids[0],
        "span_84": store.tag(doc_id, ["para_84"], "politics", note="France's adviser",
                             span=(span_start, span_start + 30)).annotation_ids[0],
        "para_90": store.tag(doc_id, ["para_90"], "poc", note="host State responsibility").annotation_ids[0],
        "para_12": store.tag(doc_id, ["para_12"], "tech").annotation_ids[0],
    }
    return store, path, ids


def test_edit_insert_delete_then_reimport(tagged: tuple[Store, Path, dict[str, str]]) -> None:
    store, path, ids = tagged
    path.write_text(edited(ORIGINAL), encoding="utf-8")
    report = store.import_file(path)
    assert report.status == "updated"
    new = store.document(report.doc_id)
    assert new.block("para_85").text.startswith("On 3 November, the Working Group held a thematic debate")

    reworded = store.annotation(ids["para_83"])
    assert (reworded.eid, reworded.status, reworded.note) == ("para_85", "anchored", "POC meeting")
    assert reworded.quote == new.block("para_85").text  # the anchor now holds the new wording

    span = store.annotation(ids["span_84"])
    assert span.eid == "para_86" and span.quote == "Brigadier General Thierry Lion"[:30]
    assert span.span is not None and new.block("para_86").text[span.span[0]:span.span[1]] == span.quote

    orphan = store.annotation(ids["para_90"])
    assert (orphan.status, orphan.eid, orphan.note) == ("orphan", None, "host State responsibility")
    assert orphan.quote.startswith("Pointing out that political strategies")
    assert [a.id for a in store.orphans(report.doc_id)] == [ids["para_90"]]

    assert store.annotation(ids["para_12"]).eid == "para_12"
    assert sorted(report.kept) == [ids["para_12"]]
    assert {m[0]: (m[1], m[2]) for m in report.moved} == {
        ids["para_83"]: ("para_83", "para_85"), ids["span_84"]: ("para_84", "para_86"),
    }
    assert report.orphaned == [(ids["para_90"], "para_90")]
    assert "1 orphaned" in report.summary()

    # The analyst re-attaches the orphan by hand.
    store.reattach(ids["para_90"], "para_93")
    back = store.annotation(ids["para_90"])
    assert back.status == "anchored" and back.eid == "para_93" and back.note == "host State responsibility"
    store.close()


def test_identical_text_twice_is_not_guessed() -> None:
    doc = extract("I. A\n\n1. Same words here.\n\n2. Other.\n\n")
    anchor = make_anchor(doc, "para_1")
    twice = extract("I. A\n\n1. Other.\n\n2. Same words here.\n\n3. Same words here.\n\n")
    placement = reanchor(twice, anchor, "para_9", None)
    # Same quote and nearly the same context twice: the prefix decides only if it differs enough.
    assert placement.outcome in ("moved", "orphan")
    if placement.outcome == "moved":
        assert placement.eid in ("para_2", "para_3")


def test_unrelated_paragraph_is_never_chosen() -> None:
    doc = load_document(REPORT_2021)
    anchor = make_anchor(doc, "para_30")
    text = REPORT_2021.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("30. "))
    without = extract(text.replace(line, "30. An entirely different statement about budgets."))
    assert reanchor(without, anchor, "para_30", None).outcome == "orphan"


def test_quote_positions_use_code_points_outside_the_bmp() -> None:
    doc = extract("1. Emoji 🕊 peace and 中文 text.\n\n2. Next.\n")
    text = doc.block("para_1").text
    start = text.index("peace")
    anchor = make_anchor(doc, "para_1", (start, start + 5))
    assert anchor.exact == "peace" and doc.plain_text()[anchor.start:anchor.end] == "peace"


def test_a_reworded_span_stays_in_its_paragraph_and_takes_the_new_words(tmp_path: Path) -> None:
    """Two traps at once: the old words still exist verbatim in another paragraph (para 58 also says "the
    Working Group organized a thematic discussion"), and the new words are longer ("Chairperson")."""
    path = tmp_path / "report.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    with Store(tmp_path / "r.db", import_corpus=False) as store:
        doc_id = store.import_file(path).doc_id
        spans = {"para_83": "the Working Group organized a thematic discussion",
                 "para_85": "the Chair said that the issue"}
        for eid, words in spans.items():
            at = store.document(doc_id).block(eid).text.index(words)
            store.tag(doc_id, [eid], "poc", span=(at, at + len(words)))
        assert ORIGINAL.count("the Working Group organized a thematic discussion") >= 2
        lines = ORIGINAL.split("\n")
        at83 = next(i for i, ln in enumerate(lines) if ln.startswith("- 83. "))
        at85 = next(i for i, ln in enumerate(lines) if ln.startswith("- 85. "))
        lines[at83] = lines[at83].replace("organized a thematic discussion", "organised a long thematic debate")
        lines[at85] = lines[at85].replace("the Chair said", "the Chairperson said")
        path.write_text("\n".join(lines), encoding="utf-8")
        report = store.import_file(path)
        assert report.moved == [] and report.orphaned == [] and len(report.reworded) == 2
        quotes = {a.eid: a.quote for a in store.annotations()}
        assert quotes["para_85"] == "the Chairperson said that the issue"
        assert quotes["para_83"].startswith("the Working Group organised a long thematic")
        assert "reworded in place" in report.summary()


@pytest.mark.parametrize(("old_text", "new_text", "quote", "expected"), [
    ("The Council approved funding of €750 million for the mission in 2017.",
     "The Council approved funding of €780 million for the mission in 2017.", "€750 million", "€780 million"),
    ("The Chair said “protect civilians” at once.", "The Chairperson said “protect all civilians” at once.",
     "“protect civilians”", "“protect all civilians”"),
])
def test_a_reworded_span_keeps_its_symbols_and_quotation_marks(old_text: str, new_text: str, quote: str,
                                                              expected: str) -> None:
    before = extract(f"S/2099/5\n\nT\n\n1. {old_text}\n", path="a.txt")
    after = extract(f"S/2099/5\n\nT\n\n1. {new_text}\n", path="a.txt")
    at = before.block("para_1").text.index(quote)
    anchor = make_anchor(before, "para_1", (at, at + len(quote)))
    placement = reanchor(after, anchor, "para_1", (at, at + len(quote)))
    assert placement.anchor is not None and placement.anchor.exact == expected

"""One document compared block by block (the reader's Compare coders mode), with the Agreement's decisions."""

from __future__ import annotations

from gui.analysis.agreement import coders_in, compare, compare_document
from gui.store import Store

WG_2016 = "S-2017-130"


def test_disagreements_in_reading_order_with_who_tagged(store: Store) -> None:
    store.tag(WG_2016, ["para_83", "para_5"], "poc", coder="kim")
    store.tag(WG_2016, ["para_83", "para_6"], "poc", coder="lee")
    store.tag(WG_2016, ["para_6"], "tech", coder="kim", span=(0, 12))  # a few words count for the block
    store.tag(WG_2016, ["sec_II"], "tech", coder="kim")  # a heading is no unit
    found = compare_document(store, WG_2016, ["kim", "lee"])
    poc, tech = store.theme("poc"), store.theme("tech")
    assert [(d.eid, d.theme.key, d.tagged_by, d.not_by) for d in found.disagreements] == [
        ("para_5", "poc", ("kim",), ("lee",)),
        ("para_6", "poc", ("lee",), ("kim",)),
        ("para_6", "tech", ("kim",), ("lee",)),
    ]
    assert found.disagreements[0].citation == "S/2017/130, para. 5"
    assert found.decision("kim", "para_6") == {tech.id}
    assert found.decision("lee", "para_83") == {poc.id}
    # The same disagreements as the Agreement's for this document, theme by theme.
    report = compare(store, coders=["kim", "lee"])
    assert sorted((d.eid, d.theme.id) for d in report.disagreements) == sorted(
        (d.eid, d.theme.id) for d in found.disagreements)


def test_a_subtheme_counts_for_its_parent(store: Store) -> None:
    store.tag(WG_2016, ["para_7"], "poc-early-warning", coder="kim")
    store.tag(WG_2016, ["para_7"], "poc", coder="lee")
    found = compare_document(store, WG_2016, ["kim", "lee"])
    # On POC both tagged para. 7 (kim through a sub-theme); only the sub-theme itself is disagreed on.
    assert [(d.eid, d.theme.key, d.tagged_by) for d in found.disagreements] == [
        ("para_7", "poc-early-warning", ("kim",))]
    poc = compare(store).theme_figures(store.theme("poc").id)
    assert (poc.both, poc.only) == (1, {"kim": 0, "lee": 0})  # the Agreement counts it the same way


def test_one_coder_has_nobody_to_disagree_with(store: Store) -> None:
    store.tag(WG_2016, ["para_1"], "poc", coder="kim")
    store.tag("WGPKO-report-2021", ["para_1"], "poc", coder="lee")
    assert coders_in(store, WG_2016) == ["kim"]
    found = compare_document(store, WG_2016, ["kim"])
    assert found.disagreements == () and found.decision("kim", "para_1") == {store.theme("poc").id}

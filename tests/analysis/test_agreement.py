"""Agreement computed from the database, checked by hand on the bundled corpus."""

from __future__ import annotations

import pytest

from gui.analysis import AnalysisError
from gui.analysis.agreement import ALL_THEMES, compare
from gui.store import Store, StoreError

WG_2016 = "S-2017-130"
WG_2021 = "WGPKO-report-2021"


def body_blocks(store: Store, doc: str) -> int:
    """Units counted independently of the code under test: the library's own count of body blocks."""
    return store.documents(doc)[0].body_blocks


def test_two_coders_on_one_report(store: Store) -> None:
    # kim: POC on paras 83 and 5; lee: POC on 83 and 6. Units = the report's body blocks (N);
    # both 1, kim only 1, lee only 1, neither N − 3. By hand: pₒ = (N − 2)/N, each says yes 2/N,
    # κ = (pₒ − pₑ)/(1 − pₑ) with pₑ = (2/N)² + ((N − 2)/N)².
    store.tag(WG_2016, ["para_83", "para_5"], "poc", coder="kim")
    store.tag(WG_2016, ["para_83", "para_6"], "poc", coder="lee")
    report = compare(store)
    n = body_blocks(store, WG_2016)
    assert n == 141
    assert report.coders == ("kim", "lee")
    assert [d.id for d in report.documents] == [WG_2016]  # nobody coded the other documents
    poc = report.theme_figures(store.theme("poc").id)
    assert (poc.units, poc.both, poc.only, poc.neither) == (n, 1, {"kim": 1, "lee": 1}, n - 3)
    p_o, p_e = (n - 2) / n, (2 / n) ** 2 + ((n - 2) / n) ** 2
    assert poc.agreement == pytest.approx(p_o)
    assert poc.kappa == pytest.approx((p_o - p_e) / (1 - p_e))
    assert poc.kappa == pytest.approx(274 / 556)
    assert poc.alpha == pytest.approx(1 - (2 * n - 1) * 2 / ((2 * n - 4) * 4))
    assert report.theme_figures(None).theme == ALL_THEMES
    assert [(d.eid, d.tagged_by, d.not_by) for d in report.disagreements] == [
        ("para_5", ("kim",), ("lee",)), ("para_6", ("lee",), ("kim",))]
    assert report.disagreements[0].citation == "S/2017/130, para. 5"


def test_span_tag_counts_for_its_block_and_themes_pool(store: Store) -> None:
    text = store.document(WG_2016).block("para_83").text
    store.tag(WG_2016, ["para_83"], "poc", coder="kim", span=(0, 20))  # a few words count for the block
    store.tag(WG_2016, ["para_83"], "poc", coder="lee")
    store.tag(WG_2016, ["para_10"], "tech", coder="kim")
    store.tag(WG_2016, ["para_10"], "tech", coder="lee")
    store.tag(WG_2016, ["para_11"], "tech", coder="lee")
    assert len(text) > 20
    report = compare(store)
    n = body_blocks(store, WG_2016)
    poc = report.theme_figures(store.theme("poc").id)
    assert (poc.both, poc.only, poc.agreement, poc.kappa, poc.alpha) == (1, {"kim": 0, "lee": 0}, 1.0, 1.0, 1.0)
    tech = report.theme_figures(store.theme("tech").id)
    assert (tech.both, tech.only, tech.neither) == (1, {"kim": 0, "lee": 1}, n - 2)
    pooled = report.theme_figures(None)  # every unit × theme decision: 2N, both 2, lee only 1
    assert (pooled.units, pooled.both, pooled.only, pooled.neither) == (2 * n, 2, {"kim": 0, "lee": 1}, 2 * n - 3)
    p_o = (2 * n - 1) / (2 * n)
    yes_kim, yes_lee = 2 / (2 * n), 3 / (2 * n)
    p_e = yes_kim * yes_lee + (1 - yes_kim) * (1 - yes_lee)
    assert pooled.kappa == pytest.approx((p_o - p_e) / (1 - p_e))
    assert [t.key for t in report.themes] == ["poc", "tech"]  # only the themes the coders used


def test_a_sub_theme_counts_for_its_parent(store: Store) -> None:
    # kim codes para 83 "early warning", lee codes it "POC": they agree on POC, not on early warning.
    store.tag(WG_2016, ["para_83"], "poc-early-warning", coder="kim")
    store.tag(WG_2016, ["para_83"], "poc", coder="lee")
    store.tag(WG_2016, ["para_84"], "poc-physical", coder="kim")
    store.tag(WG_2016, ["para_84"], "poc-physical", coder="lee")
    report = compare(store)
    n = body_blocks(store, WG_2016)
    assert [t.key for t in report.themes] == ["poc", "poc-physical", "poc-early-warning"]
    poc = report.theme_figures(store.theme("poc").id)
    assert (poc.both, poc.only, poc.neither) == (2, {"kim": 0, "lee": 0}, n - 2)
    early = report.theme_figures(store.theme("poc-early-warning").id)
    assert (early.both, early.only) == (0, {"kim": 1, "lee": 0})
    physical = report.theme_figures(store.theme("poc-physical").id)
    assert (physical.both, physical.only) == (1, {"kim": 0, "lee": 0})
    assert [(d.theme.key, d.eid, d.tagged_by) for d in report.disagreements] == [
        ("poc-early-warning", "para_83", ("kim",))]


def test_scope_per_document_and_named_documents(store: Store) -> None:
    store.tag(WG_2016, ["para_1"], "poc", coder="kim")
    store.tag(WG_2016, ["para_1"], "poc", coder="lee")
    store.tag(WG_2021, ["para_2"], "poc", coder="kim")  # lee never coded the 2021 report: out of scope
    report = compare(store)
    assert [d.id for d in report.documents] == [WG_2016]
    assert report.theme_figures(store.theme("poc").id).kappa == 1.0
    named = compare(store, docs=[WG_2016, WG_2021])
    n16, n21 = body_blocks(store, WG_2016), body_blocks(store, WG_2021)
    poc_id = store.theme("poc").id
    assert named.theme_figures(poc_id, WG_2021).only == {"kim": 1, "lee": 0}
    assert named.theme_figures(poc_id, WG_2021).units == n21
    assert named.theme_figures(poc_id, WG_2016).kappa == 1.0
    corpus = named.theme_figures(poc_id)
    assert (corpus.units, corpus.both, corpus.only) == (n16 + n21, 1, {"kim": 1, "lee": 0})


def test_headings_are_not_units_and_named_unused_themes_stay(store: Store) -> None:
    store.tag(WG_2016, ["sec_I"], "poc", coder="kim")  # a heading: not a unit of coding
    store.tag(WG_2016, ["para_1"], "poc", coder="lee")
    report = compare(store, themes=["poc", "wps"])
    poc = report.theme_figures(store.theme("poc").id)
    assert (poc.both, poc.only) == (0, {"kim": 0, "lee": 1})
    wps = report.theme_figures(store.theme("wps").id)
    assert (wps.neither, wps.kappa, wps.alpha) == (body_blocks(store, WG_2016), None, None)


def test_three_coders(store: Store) -> None:
    for coder, eids in (("kim", ["para_1", "para_2"]), ("lee", ["para_1"]), ("ali", ["para_1", "para_3"])):
        store.tag(WG_2016, eids, "poc", coder=coder)
    report = compare(store)
    poc = report.theme_figures(store.theme("poc").id)
    assert report.coders == ("ali", "kim", "lee")
    assert (poc.both, poc.only, poc.mixed, poc.kappa) == (1, {"ali": 1, "kim": 1, "lee": 0}, 0, None)
    assert poc.alpha is not None
    two = compare(store, coders=["kim", "lee"])
    assert two.theme_figures(store.theme("poc").id).only == {"kim": 1, "lee": 0}


def test_bad_input_is_a_clear_error(store: Store) -> None:
    with pytest.raises(AnalysisError, match="two coders"):
        compare(store)
    store.tag(WG_2016, ["para_1"], "poc", coder="kim")
    with pytest.raises(AnalysisError, match="only kim"):
        compare(store)
    store.tag(WG_2016, ["para_1"], "poc", coder="lee")
    with pytest.raises(AnalysisError, match="no annotations by bob"):
        compare(store, coders=["kim", "bob"])
    with pytest.raises(AnalysisError, match="--doc nope"):
        compare(store, docs=["nope"])
    with pytest.raises(StoreError, match="no theme"):
        compare(store, themes=["nope"])

"""Coding tables, theme suggestions and coding search hits, on real UN mission reports with an expert team's
coding (four UNMIK reports of `../shared/coding` and their rows of its codes.csv, in tests/data/coding)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gui.analysis import code_hits
from gui.analysis.suggest import MIN_EXAMPLES, TOP, Suggestion, document_suggestions, learn
from gui.store import Store
from gui.store.coding_table import import_coding, parse_coding_table, read_coding_table
from gui.store.suggestions import Choice

ROOT = Path(__file__).resolve().parents[2]
CODING = ROOT / "tests" / "data" / "coding"
REPORTS = sorted(CODING.glob("*.pdf"))


@pytest.fixture(scope="module")
def coded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The four reports imported and the team's coding brought in (made once; each test copies it)."""
    path = tmp_path_factory.mktemp("coded") / "coded.db"
    with Store(path, import_corpus=False) as store:
        bulk = store.bulk_import()
        for pdf in REPORTS:
            bulk.add(pdf)
        bulk.finish()
        import_coding(store, read_coding_table(CODING / "codes.csv"), coder="team")
    return path


@pytest.fixture
def db(coded_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copy(coded_db, copy)
    return copy


def test_import_coding_places_rows_by_printed_number_and_file_name(db: Path) -> None:
    with Store(db, import_corpus=False) as store:
        doc_id = store.document_id("S/1999/779")
        document = store.document(doc_id)
        eleven = next(b for b in document.blocks if b.num == "11" and b.kind.value == "paragraph")
        themes = {a.theme for a in store.annotations(doc=doc_id, eid=eleven.eid)}
        assert "StateAdministration" in themes  # codes.csv: UNMIK_S_1999_779,S/1999/779,11,StateAdministration
        assert {a.coder for a in store.annotations(doc=doc_id)} == {"team"}


def test_themes_made_by_a_coding_table_are_told_apart_by_colour(db: Path) -> None:
    """The team's codes become themes of as many colours (the theme manager's hues), never all one grey."""
    with Store(db, import_corpus=False) as store:
        made = [t for t in store.themes() if t.name in {r.theme for r in read_coding_table(CODING / "codes.csv")}]
        assert len(made) >= 5
        assert len({t.color for t in made}) == len(made)
        assert all(t.color != "#888888" for t in made)


def test_import_coding_twice_adds_nothing_and_reports_each_row(db: Path) -> None:
    rows = read_coding_table(CODING / "codes.csv")
    with Store(db, import_corpus=False) as store:
        before = len(store.annotations())
        report = import_coding(store, rows, coder="team")
        assert report.placed == [] and len(store.annotations()) == before
        assert report.rows == len(rows) == len(report.already) + len(report.unplaced)
        assert "placed 0, already there" in report.summary()


def test_import_coding_says_why_a_row_is_not_placed(db: Path) -> None:
    table = (b"document,paragraph,theme,note,extra\n"
             b"S/1999/779,999,PoliceReform,,x\n"           # no such paragraph
             b"UNMIK_S_2040_1,3,PoliceReform,,x\n"         # no such document
             b"S-1999-779,para. 12,Brand new theme,seen,x\n"  # placed, theme made, the note kept
             b",4,PoliceReform,,x\n")             # incomplete
    with Store(db, import_corpus=False) as store:
        last = max(int(b.num) for b in store.document(store.document_id("S/1999/779")).blocks
                   if b.kind.value == "paragraph" and b.num and b.num.isdigit())
        report = import_coding(store, parse_coding_table(table), coder="me")
        why = dict(report.unplaced)
        assert why[2].startswith(f"no paragraph 999 in S/1999/779, which has {last}")
        assert "no document 'UNMIK_S_2040_1'" in why[3]
        assert "no document" in why[5]
        assert report.placed == [4] and report.themes_created == ["Brand new theme"]
        made = store.annotations(theme="Brand new theme")
        assert [a.note for a in made] == ["seen"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"), (b"\x00\x01\x02" * 100, "binary"), (b"doc,para,code\nx,1,y\n", "not a coding table")])
def test_bad_tables_are_refused_in_one_line(data: bytes, message: str) -> None:
    from gui.core.errors import MarginaliaError

    with pytest.raises(MarginaliaError, match=message):
        parse_coding_table(data, "t.csv")


def test_cli_import_coding_json_report(db: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "gui", "--db", str(db), "import-coding", str(CODING / "codes.csv"),
                          "--coder", "team", "--json"], capture_output=True, text=True, cwd=ROOT, check=True)
    report = json.loads(out.stdout)
    assert report["placed"] == 0 and report["already_there"] + len(report["not_placed"]) == report["rows"]


def test_suggestions_learn_from_the_coding_and_say_which_themes_are_too_rare(db: Path) -> None:
    with Store(db, import_corpus=False) as store:
        model = learn(store.db)
        learned = {t.name for t in model.learned()}
        assert "StateAdministration" in learned
        rare = [t for t in model.themes if not t.learned]
        assert rare and all(t.examples < MIN_EXAMPLES or t.documents < 2 or "never" in t.status for t in rare)
        assert all(0 < t.threshold <= 1 for t in model.learned())
        again = learn(store.db)  # deterministic: the same coding gives the same thresholds
        assert [(t.name, t.threshold) for t in again.themes] == [(t.name, t.threshold) for t in model.themes]
        doc_id = store.document_id("S/2013/72")
        found = document_suggestions(store.db, model, doc_id)
        tagged = {(a.eid, a.theme_id) for a in store.annotations(doc=doc_id)}
        assert found and all((s.eid, s.theme_id) not in tagged for s in found)  # never what is already there
        assert all(0 <= s.score <= 1 for s in found)
        threshold = {t.theme_id: t.threshold for t in model.learned()}
        assert all(not s.suggested or s.score >= threshold[s.theme_id] for s in found)
        per_paragraph: dict[str, list[Suggestion]] = {}
        for s in found:
            per_paragraph.setdefault(s.eid, []).append(s)
        for row in per_paragraph.values():  # the best TOP above the threshold are shown, no more, no other
            best = sorted(row, key=lambda s: -s.score)
            assert [s.suggested for s in best] == [i < TOP and s.score >= threshold[s.theme_id]
                                                   for i, s in enumerate(best)]


def test_an_untaught_theme_is_never_suggested(db: Path) -> None:
    with Store(db, import_corpus=False) as store:
        store.add_theme("Never coded")
        model = learn(store.db)
        assert "Never coded" not in {t.name for t in model.themes}


def test_accept_records_provenance_and_reject_is_remembered(db: Path) -> None:
    with Store(db, import_corpus=False) as store:
        doc_id = store.document_id("S/2013/72")
        eid = next(b.eid for b in store.document(doc_id).blocks if b.num == "5")
        theme = store.theme("PoliceReform")
        changes = store.accept_suggestions([Choice(doc_id, eid, theme.id, 0.81, "marginalia-linear", "1+abc")],
                                           coder="me")
        made = store.annotation(changes.annotation_ids[0])
        assert made.extra["suggestion"] == {"model": "marginalia-linear", "version": "1+abc", "score": 0.81}
        store.delete_annotations([made.id])
        store.restore_annotations([made])  # undo then redo: the provenance comes back with it
        assert store.annotation(made.id).extra["suggestion"]["score"] == 0.81
        other = store.theme("StateAdministration")
        store.reject_suggestions([Choice(doc_id, eid, other.id, 0.4)], coder="me")
        assert (doc_id, eid, other.id) in store.rejected_suggestions(doc_id, coder="me")
        model = learn(store.db)
        rejected = {(e, t) for _, e, t in store.rejected_suggestions(doc_id, coder="me")}
        found = document_suggestions(store.db, model, doc_id, rejected=rejected)
        assert not any(s.eid == eid and s.theme_id == other.id for s in found)


def test_cli_suggest_json(db: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "gui", "--db", str(db), "suggest", "S/2013/72", "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    items = json.loads(out.stdout)
    assert items and set(items[0]) == {"eid", "theme", "score", "suggested"}
    assert all(isinstance(i["suggested"], bool) and 0 <= i["score"] <= 1 for i in items)


def test_code_hits_preview_then_code_paragraphs_and_sentences(db: Path) -> None:
    with Store(db, import_corpus=False) as store:
        doc_id = store.document_id("S/2003/675")
        plan = code_hits.plan(store, "police", doc=doc_id)
        assert plan.targets and all(t.doc_id == doc_id and t.span is None for t in plan.targets)
        before = len(store.annotations(theme="PoliceReform", coder="me"))
        report = code_hits.code(store, plan.targets, "PoliceReform", coder="me")
        assert len(store.annotations(theme="PoliceReform", coder="me")) == before + len(report.coded)
        again = code_hits.code(store, plan.targets, "PoliceReform", coder="me")
        assert again.coded == [] and again.already == len(plan.targets)
        sentences = code_hits.plan(store, "police", doc=doc_id, unit="sentence")
        spans = [t for t in sentences.targets if t.span is not None]
        assert spans and all("police" in t.quote.lower() for t in spans)
        text = store.document(doc_id).block(spans[0].eid).text
        assert text[spans[0].span[0]:spans[0].span[1]] == spans[0].quote


def test_suggestions_join_the_agreement_as_a_coder_learned_from_other_documents(db: Path) -> None:
    """One analyst compared with the suggestions: κ and α per theme beside them, the suggestions on each
    document coming from a model that did not learn from it."""
    from gui.analysis.agreement import compare
    from gui.analysis.suggest_coder import SUGGESTIONS_CODER, held_out_annotations

    with Store(db, import_corpus=False) as store:
        report = compare(store, coders=["team"], suggestions=True)
        assert report.coders == ("team", SUGGESTIONS_CODER)
        assert len(report.documents) == len(REPORTS)
        pooled = report.theme_figures(None)
        assert pooled.units > 0 and pooled.kappa is not None
        assert not [a for a in store.annotations() if a.coder == SUGGESTIONS_CODER]  # nothing written

    # held out: a document's suggestions do not move when its own coding changes (it was not learned from)
    def suggested_on(doc_id: str) -> set[tuple[str | None, int, float]]:
        with Store(db, import_corpus=False) as store:
            return {(a.eid, a.theme_id, a.extra["suggestion"]["score"])
                    for a in held_out_annotations(store.db, ["team"], [doc_id])}

    with Store(db, import_corpus=False) as store:
        everywhere = held_out_annotations(store.db, ["team"], [d.id for d in store.documents(coverage=False)])
        assert everywhere, "the other reports' coding suggests something on some report"
        doc_id = everywhere[0].doc_id
        theme = store.annotations(doc=doc_id)[0].theme_id
        paragraphs = [b.eid for b in store.document(doc_id).blocks if b.kind.value == "paragraph" and b.num][:12]
    before = suggested_on(doc_id)
    assert before == {(a.eid, a.theme_id, a.extra["suggestion"]["score"]) for a in everywhere if a.doc_id == doc_id}
    with Store(db, import_corpus=False) as store:
        store.tag(doc_id, paragraphs, theme, coder="team")
    assert suggested_on(doc_id) == before

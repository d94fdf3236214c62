"""Citations and attributes in the store, on real UN documents: found at import, followed to the library,
"cited by", kept in step with re-import, removal and undo, found by the migration for older databases."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gui.store import Store, StoreError, schema
from tests.conftest import ROOT

SHARED = ROOT.parent.parent / "shared" / "pdf" if (ROOT.parent.parent / "shared").exists() else Path("/work/shared/pdf")
CORPUS_2025 = Path("/work/corpus2025")
LEBANON = SHARED / "S_2025_153.en.pdf"  # UNIFIL report: cites the letters S/2025/29 three times
ISRAEL_LETTER = CORPUS_2025 / "S_2025_29.en.pdf"

needs_pdfs = pytest.mark.skipif(not (LEBANON.exists() and ISRAEL_LETTER.exists()), reason="real PDFs not here")


def gui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=180, check=False)


@pytest.fixture
def library(tmp_path: Path) -> Store:
    store = Store(tmp_path / "c.db", import_corpus=False)
    for path in (LEBANON, ISRAEL_LETTER):
        store.import_file(path)
    return store


@needs_pdfs
def test_found_at_import_and_cited_by(library: Store) -> None:
    citations = library.citations("S-2025-153")
    assert len(citations) == 73
    para_11 = [c for c in citations if c.eid == "para_11"]
    assert [(c.text, c.targets) for c in para_11] == [("S/2025/29", ("S/2025/29",))]
    block = library.document("S-2025-153").block("para_11")
    assert block.text[para_11[0].start:para_11[0].end] == "S/2025/29"
    assert library.links(para_11[0])[0].to_json() == {"target": "S/2025/29", "doc": "S-2025-29", "eid": ""}
    rows = library.cited_by("S-2025-29")
    assert [(r.doc, r.eid) for r in rows] == [("S-2025-153", "para_11"), ("S-2025-153", "para_38"),
                                              ("S-2025-153", "annex_2__para_2")]
    assert rows[0].text.startswith("Civilian infrastructure in Israel")
    assert library.resolve("S/2024/817") is None  # not in the library
    # ... yet who cites it is known: by symbol, however printed, with or without a paragraph
    cite_817 = library.cited_by_symbol("S/2024/ 817")
    assert cite_817 and {r.target for r in cite_817} == {"S/2024/817"} and {r.doc for r in cite_817} == {"S-2025-153"}
    assert library.cited_by_symbol_count("S/2024/817") >= len(cite_817)
    resolution = library.cited_by_symbol("S/RES/1701 (2006)")
    assert resolution == library.cited_by_symbol("S/RES/1701") == library.cited_by_symbol("s/res/1701(2006)")
    assert len({(r.doc, r.eid) for r in resolution}) > 5
    assert library.cited_by_symbol("S/2099/1") == []


@needs_pdfs
def test_a_pinpoint_resolves_to_the_paragraph_and_cited_by_a_paragraph(library: Store, tmp_path: Path) -> None:
    note = tmp_path / "briefing-note.txt"
    preamble = "Briefing note on the Blue Line\n\n" + "The situation in southern Lebanon remained tense. " * 9
    # (the citation comes after the first 400 characters, where a text file's own symbol is looked for)
    note.write_text(preamble + "\n\n1. UNIFIL was attacked near the airport (see S/2025/153, para. 56; and "
                    "paragraph 15 of resolution 1701 (2006)).\n", encoding="utf-8")
    doc_id = library.import_file(note).doc_id
    found = library.citations(doc_id)
    assert [(c.targets, c.pinpoint) for c in found] == [(("S/2025/153",), "para. 56"),
                                                        (("S/RES/1701 (2006)",), "para. 15")]
    link = library.links(found[0])[0]
    assert (link.doc, link.eid) == ("S-2025-153", "para_56")
    assert library.cited_text(link.doc, link.eid).startswith("Protests against the Government")
    assert [r.doc for r in library.cited_by("S-2025-153", "para_56")] == [doc_id]
    assert library.cited_by("S-2025-153", "para_55") == []
    # re-import: found again on the new text
    note.write_text(preamble + "\n\n1. Nothing cited now.\n", encoding="utf-8")
    assert library.import_file(note).status == "updated"
    assert library.citations(doc_id) == [] and library.cited_by("S-2025-153", "para_56") == []


@needs_pdfs
def test_removal_takes_citations_and_attributes_and_undo_puts_them_back(library: Store) -> None:
    before = library.citations("S-2025-153")
    attributes = library.attributes("S-2025-153")
    removed = library.remove_document("S-2025-153")
    assert library.cited_by("S-2025-29") == [] and library.resolve("S/2025/153") is None
    library.restore_document(removed)
    assert library.citations("S-2025-153") == before and library.attributes("S-2025-153") == attributes
    assert len(library.cited_by("S-2025-29")) == 3


@needs_pdfs
def test_attributes_found_at_import_edited_and_kept_on_reimport(library: Store) -> None:
    assert library.attributes("S-2025-153") == {
        "mission": "UNIFIL", "organ": "Security Council", "type": "Secretary-General report", "country": "Lebanon",
        "period": "2024-10-21..2025-02-20"}
    assert library.attributes("S-2025-29")["type"] == "letter"
    library.set_attributes(["S-2025-153", "S-2025-29"], {"phase": "ceasefire", "country": "Lebanon/Israel"})
    assert library.attributes("S-2025-29")["phase"] == "ceasefire"
    library.set_attributes(["S-2025-29"], {"phase": ""})  # an empty value removes it
    assert "phase" not in library.attributes("S-2025-29")
    with pytest.raises(ValueError):
        library.set_attributes(["S-2025-29"], {"no good!": "x"})
    with pytest.raises(StoreError):
        library.set_attributes(["nope"], {"phase": "x"})
    # the library filters by them, with the filter box's other words
    assert [d.id for d in library.library_page(filter="mission:UNIFIL type:report 2025..2025")] == ["S-2025-153"]
    assert library.library_count('country:"Lebanon/Israel" phase:ceasefire') == 1
    assert library.library_count("mission:UNMISS") == 0 and library.library_count("2018..2020") == 0
    # an analyst's value survives re-import; what import found is found again
    library.db.execute("UPDATE documents SET content_hash = 'changed' WHERE id = 'S-2025-153'")
    library.invalidate()
    assert library.import_file(LEBANON).status == "updated"
    assert library.attributes("S-2025-153")["country"] == "Lebanon/Israel"
    assert library.attributes("S-2025-153")["mission"] == "UNIFIL"


@needs_pdfs
def test_migration_finds_citations_and_attributes_of_documents_already_there(library: Store, tmp_path: Path) -> None:
    path = library.path
    library.close()
    conn = sqlite3.connect(path)  # as a database of the version before these migrations holds it
    for table in ("citations", "document_keys", "document_attributes"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._m11_citations)}")
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert len(store.citations("S-2025-153")) == 73
        assert len(store.cited_by("S-2025-29")) == 3
        assert store.attributes("S-2025-153")["mission"] == "UNIFIL"


@needs_pdfs
def test_command_line(library: Store) -> None:
    db = str(library.path)
    library.close()
    rows = json.loads(gui("citations", "S/2025/153", "--json", "--db", db).stdout)
    assert {"eid", "start", "end", "text", "targets", "pinpoint", "links"} == set(rows[0])
    para_11 = next(r for r in rows if r["eid"] == "para_11")
    assert para_11["links"] == [{"target": "S/2025/29", "doc": "S-2025-29", "eid": ""}]
    joint = next(r for r in rows if r["text"] == "A/79/620-S/2024/841")
    assert joint["targets"] == ["A/79/620", "S/2024/841"] and joint["links"] == []
    cited = json.loads(gui("citations", "S-2025-29", "--cited-by", "--json", "--db", db).stdout)
    assert (cited[0]["doc"], cited[0]["eid"], cited[0]["target"]) == ("S-2025-153", "para_11", "S/2025/29")
    assert set(cited[0]) == {"doc", "eid", "text", "target", "pinpoint"}
    from_file = json.loads(gui("citations", str(SHARED / "S_2025_68.en.pdf"), "--json", "--db", db).stdout)
    assert ("paragraph 4 of its resolution 716 (1991)", "para. 4") in {(r["text"], r["pinpoint"]) for r in from_file}
    out = gui("attributes", "S-2025-29", "--set", "phase=ceasefire", "--json", "--db", db)
    assert json.loads(out.stdout)["attributes"]["phase"] == "ceasefire"
    bad = gui("attributes", "S-2025-29", "--set", "phase", "--db", db)
    assert bad.returncode == 2 and "NAME=VALUE" in bad.stderr and "Traceback" not in bad.stderr
    docs = json.loads(gui("docs", "--json", "--db", db).stdout)
    assert next(d for d in docs if d["id"] == "S-2025-153")["attributes"]["mission"] == "UNIFIL"
    # who cites a symbol that is not in the library: still the library's citing paragraphs, and its address
    out = gui("citations", "S/RES/1701(2006)", "--cited-by", "--json", "--db", db)
    assert out.returncode == 0 and "https://undocs.org/S/RES/1701(2006)" in out.stderr
    citing = json.loads(out.stdout)
    assert {r["target"] for r in citing} == {"S/RES/1701 (2006)"} and {r["doc"] for r in citing} == {"S-2025-153",
                                                                                                  "S-2025-29"}
    pinned = json.loads(gui("citations", "S/RES/1701 (2006)", "--cited-by", "--eid", "para_15", "--json",
                            "--db", db).stdout)
    assert pinned == [] or all(r["pinpoint"].startswith("para. 15") for r in pinned)
    # neither a library document nor a symbol: the one-line error it always was
    nothing = gui("citations", "UNIFIL", "--cited-by", "--db", db)
    assert nothing.returncode == 2 and "no document 'UNIFIL'" in nothing.stderr and "Traceback" not in nothing.stderr


@needs_pdfs
def test_cited_by_lists_are_picked_from_the_covering_index_in_import_order(library: Store, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"  # a third document, imported last, citing the resolution twice in one block
    note.write_text("Briefing note\n\n" + "Filler text of the note. " * 20 + "\n\n1. As resolution 1701 (2006) "
                    "asked, and S/RES/1701 (2006) again.\n\n2. See S/2025/29 and resolution 1701 (2006).\n",
                    encoding="utf-8")
    library.import_file(note)

    def joined(symbol: str, limit: int) -> list[tuple[str, ...]]:  # the list as one plain join says it
        rows = library.db.execute(
            "SELECT c.doc_id, COALESCE(d.symbol, d.id), c.eid, b.text, c.target, c.pinpoint FROM citations c "
            "JOIN blocks b ON b.doc_id = c.doc_id AND b.eid = c.eid JOIN documents d ON d.id = c.doc_id "
            "WHERE c.target_key = ? ORDER BY c.rowid LIMIT ?", [symbol, limit]).fetchall()
        return list(dict.fromkeys(tuple(r) for r in rows))

    whole = joined("S/RES/1701", 10_000)
    assert [r[2] for r in whole if r[0] == "note"] == ["para_1", "para_2"]  # two alike in a block: listed once
    assert library.db.execute("SELECT COUNT(*) FROM citations WHERE doc_id = 'note' AND eid = 'para_1'"
                              ).fetchone()[0] == 2
    for limit in (1, 2, 5, len(whole) - 1, 10_000):
        got = [(r.doc, r.symbol, r.eid, r.text, r.target, r.pinpoint)
               for r in library.cited_by_symbol("S/RES/1701 (2006)", limit=limit)]
        assert got == joined("S/RES/1701", limit)
    assert [(r.doc, r.eid) for r in library.cited_by("S-2025-29")][-1] == ("note", "para_2")
    plan = " ".join(str(r[3]) for r in library.db.execute(
        "EXPLAIN QUERY PLAN SELECT c.rowid, c.doc_id, c.eid, c.target, c.pinpoint FROM citations c "
        "WHERE c.target_key IN (?) AND c.doc_id NOT IN (SELECT doc_id FROM removed_documents) ORDER BY c.rowid",
        ["S/RES/1701"]))
    assert "COVERING INDEX citations_cited_by" in plan
    indexes = {r[0] for r in library.db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'citations' AND "
                                                "type = 'index'")}
    assert indexes == {"citations_cited_by", "citations_by_block"}

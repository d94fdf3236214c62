"""Search hits are cited from the place stored with each block, as the exports cite them, without rebuilding
their documents (a command-line search rebuilt every hit's document: seconds at 10,000 documents)."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui.core.citation import citation
from gui.store import Store

DATA = Path(__file__).resolve().parents[1] / "data"
QUERIES = ["civilians", "Council", "peacekeeping", "women", "drones", "report", "Mission"]


def _library(tmp_path: Path) -> Store:
    store = Store(tmp_path / "cite.db")  # the bundled corpus, with a real UN PDF and a resolution-like text
    for name in ("pdf/S_2025_72.en.pdf", "example_01_S_2021_4.txt", "example_02_S_2022_43.txt"):
        shutil.copy(DATA / name, tmp_path / Path(name).name)
        store.import_file(tmp_path / Path(name).name)
    return store


def _expected(store: Store, doc_id: str, eid: str) -> str:
    document = store.document(doc_id)
    return citation(document, document.block(eid), doc_id)[0]


def test_hits_are_cited_as_the_exports_cite_without_reading_a_document(tmp_path: Path) -> None:
    with _library(tmp_path) as store:
        store.tag("S-2017-130", ["para_83"], "poc", note="civilians at risk")  # a note hit too
        store.invalidate()  # no document in memory
        hits = [h for q in QUERIES for h in store.complete_citations(store.search(q, limit=300))
                if h.source != "memo"]  # a theme's definition (a memo) is found too; it has no document
        assert {h.doc_id for h in hits} >= {"S-2017-130", "S-2016-1017", "S-2025-72"} and len(hits) > 300
        assert any(h.source == "note" for h in hits)
        assert all(store.cached(h.doc_id) is None for h in hits)  # nothing rebuilt
        cited = {(h.doc_id, h.eid): h.citation() for h in hits}
        assert any("(p. " in c or "(pp. " in c for c in cited.values())  # a PDF's printed pages
        assert any("“" in c for c in cited.values())  # unnumbered text: by its heading
        for (doc_id, eid), text in cited.items():
            assert text == _expected(store, doc_id, eid)


def test_a_theme_passages_are_cited_from_the_stored_places(tmp_path: Path) -> None:
    with _library(tmp_path) as store:
        store.tag("S-2017-130", ["para_5__list_1__point_e"], "poc")
        store.invalidate()
        [hit] = store.search("", theme="poc")
        assert hit.citation() == "S/2017/130, para. 5 (e)" and store.cached("S-2017-130") is None


def test_blocks_imported_before_places_were_stored_get_them_once(tmp_path: Path) -> None:
    with _library(tmp_path) as store:
        store.db.execute("UPDATE blocks SET cited = NULL")  # as a database from before the migration has them
        store.invalidate()
        hits = store.complete_citations(store.search("civilians", limit=50))
        for h in hits:
            assert h.citation() == _expected(store, h.doc_id, h.eid)
        read = {h.doc_id for h in hits}
        left = store.db.execute("SELECT COUNT(*) FROM blocks WHERE cited IS NULL AND doc_id IN "
                                f"({','.join('?' * len(read))})", list(read)).fetchone()[0]
        assert left == 0  # written back: whole documents, not only the hits
        store.invalidate()
        again = store.complete_citations(store.search("civilians", limit=50))
        assert [h.citation() for h in again] == [h.citation() for h in hits]
        assert all(store.cached(h.doc_id) is None for h in again)


def test_passages_of_many_documents_are_listed_in_reading_order_and_cited(tmp_path: Path) -> None:
    with _library(tmp_path) as store:
        places = [("S-2025-72", "para_7"), ("S-2017-130", "para_83"), ("S-2017-130", "para_5__list_1__point_e"),
                  ("S-2017-130", "para_83"), ("S-2016-1017", "no_such_block")]
        store.invalidate()
        hits = store.passages(places)
        assert [(h.doc_id, h.eid) for h in hits] == [  # library order, then reading order; once each
            ("S-2017-130", "para_5__list_1__point_e"), ("S-2017-130", "para_83"), ("S-2025-72", "para_7")]
        assert all(store.cached(h.doc_id) is None for h in hits)
        assert [h.citation() for h in hits] == [_expected(store, h.doc_id, h.eid) for h in hits]
        assert hits[1].snippet == store.document("S-2017-130").block("para_83").text

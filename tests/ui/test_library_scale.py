"""The library at scale: a 2,000-row model keeps its place and its selection after an open, is never reset by
an open or a tag, and is checked with qtmodeltester."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QTimer

from gui.store import Store
from gui.ui.library.library_model import LibraryModel
from gui.ui.shell.window import MainWindow

ROWS = 2000


def clone_library(db: Path, copies: int) -> None:
    """Make `copies` documents by copying the rows of the bundled S/2016/1017 (a fast stand-in for imports)."""
    with Store(db) as s, s.transaction():
        doc = "S-2016-1017"
        s.db.execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO documents (id, path, content_hash, symbol, title, date, languages, original_language,
                                   encoding, source, plain_text, imported, position, page_labels)
            SELECT d.id || '-c' || printf('%05d', n.i), NULL, d.content_hash || n.i, d.symbol || '/c' || n.i,
                   'Copy ' || n.i || ' of ' || d.title, d.date, d.languages, d.original_language, d.encoding,
                   d.source, '', d.imported, d.position + 100 + n.i, d.page_labels
            FROM documents d, n WHERE d.id = ?""", [copies, doc])
        s.db.execute("""INSERT INTO blocks (doc_id, eid, position, kind, num, level, parent, text, start, "end",
                            spans, language)
            SELECT c.id, b.eid, b.position, b.kind, b.num, b.level, b.parent, b.text, b.start, b."end", b.spans,
                   b.language FROM documents c JOIN blocks b ON b.doc_id = ? WHERE c.id LIKE ? || '-c%'""",
                     [doc, doc])
        s.db.execute("""INSERT INTO coverage (doc_id, body, numbered, tagged, tagged_paragraphs, stale)
            SELECT c.id, v.body, v.numbered, 0, 0, 0 FROM documents c JOIN coverage v ON v.doc_id = ?
            WHERE c.id LIKE ? || '-c%'""", [doc, doc])


def test_the_model_passes_qtmodeltester(qtmodeltester: object, tmp_path: Path) -> None:
    clone_library(tmp_path / "m.db", 450)
    with Store(tmp_path / "m.db") as s:
        model = LibraryModel(s)
        assert model.rowCount() == model.total() == 454
        assert len(model._pages) <= 1  # a page read, not the whole library
        qtmodeltester.check(model)  # type: ignore[attr-defined]
        model.set_order("title", descending=True)
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_library_keeps_its_place_and_selection_after_an_open(make_window: object, tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    clone_library(db, ROWS - 4)
    window: MainWindow = make_window(db)  # type: ignore[operator]
    library = window.library
    view, model = library.view, library.model
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    assert model.total() == ROWS
    last = model.row_of("S-2016-1017-c01996")  # fetches down to the last row
    assert last == ROWS - 1
    index = model.index(last, 0)
    view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.scrollTo(index)
    scrolled = view.verticalScrollBar().value()
    assert scrolled > 0
    started = time.perf_counter()  # the floor, measured here: opening a document without the library's help
    window.open_document("S-2016-1017-c01995")
    floor = time.perf_counter() - started
    started = time.perf_counter()
    view.clicked.emit(index)  # the analyst clicks the last row
    took = time.perf_counter() - started
    assert window.doc_id == "S-2016-1017-c01996"
    assert view.currentIndex().row() == last
    assert view.verticalScrollBar().value() == scrolled
    assert not resets
    # The click costs about what opening the document costs: the widget's rebuild took 9 s at 1,000 rows
    # (REFERENCES.md), some hundred times an open. A ratio to a floor measured in this test, not a clock limit.
    assert took < 10 * floor, f"a click took {took:.3f} s, opening a document {floor:.3f} s"

    # Another document, opened from elsewhere (a search hit): the library moves its selection only.
    window.open_document("S-2016-1017-c01990")
    assert view.currentIndex().row() == model.row_of("S-2016-1017-c01990")
    assert abs(view.verticalScrollBar().value() - scrolled) < 40
    # A tag refreshes the one row it changed.
    first_para = next(b.eid for b in window.document.blocks if b.is_body)  # type: ignore[union-attr]
    window.store.tag("S-2016-1017-c01990", [first_para], "poc")
    window.refresh_coverage()
    assert model.data(model.index(model.row_of("S-2016-1017-c01990") or 0, 1)).startswith("1 / ")
    assert not resets


def test_search_on_a_large_database_answers_without_blocking_the_event_loop(make_window: object, qtbot: object,
                                                                             tmp_path: Path) -> None:
    db = tmp_path / "large.db"
    with Store(db) as s, s.transaction():  # 120,000 blocks, each saying "peacekeeping"
        s.db.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000)
            INSERT INTO blocks (doc_id, eid, position, kind, num, level, parent, text, start, "end", spans)
            SELECT 'S-2017-130', 'synthetic_' || i, 100000 + i, 'paragraph', NULL, 0, NULL,
                   'The peacekeeping mission number ' || i || ' patrols the ' || (i % 97) || ' sector.', 0, 0,
                   '[]' FROM n""")
    window: MainWindow = make_window(db)  # type: ignore[operator]
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    window.focus_search()
    # The event loop idle for 30 ticks (a count, not a time: a loaded machine gave no tick at all in 300 ms):
    # its own longest gap is the floor.
    qtbot.waitUntil(lambda: len(ticks) >= 30, timeout=120_000)  # type: ignore[attr-defined]
    idle = [b - a for a, b in itertools.pairwise(ticks)]
    window.search.box.blockSignals(True)  # no typing pause timer: the one search is the one asked for below
    window.search.box.setText("peacekeeping")
    window.search.box.blockSignals(False)
    floor = max(0.1, 5 * max(idle, default=0.0))
    tries: list[tuple[float, float, float]] = []  # (asking, answer, longest stop of the event loop) per try
    for _ in range(3):  # a search on the GUI thread stops the loop every time; a loaded machine's hiccup, once
        window.search.show_hits([], "")
        started = time.perf_counter()
        window.run_search()
        asked = time.perf_counter() - started
        qtbot.waitUntil(lambda: window.search.results.count() > 0, timeout=120_000)  # type: ignore[attr-defined]
        answered = time.perf_counter() - started
        returned = started + asked  # from when asking returned: the asking itself is held to its own ratio below
        during = [t for t in ticks if t >= returned]
        gaps = [b - a for a, b in zip([returned, *during], during, strict=False)]
        tries.append((asked, answered, max(gaps, default=answered)))
        if asked * 3 < answered and tries[-1][2] < floor:
            break
    timer.stop()
    # Asking returns long before the answer comes (a search on the GUI thread would return with it), and the
    # event loop keeps ticking meanwhile about as it does idle: ratios to this run's own figures, so that a
    # loaded machine slows both sides alike. (The search's speed is measured in tests/benchmarks.)
    assert any(asked * 3 < answered for asked, answered, _ in tries), f"asking took most of the answer: {tries}"
    assert any(stopped < floor for _, _, stopped in tries), f"the event loop stopped in every try: {tries}"
    assert window.search.results.count() == 100 and window.search.more
    bar = window.search.results.verticalScrollBar()  # scrolling to the end asks for the next page
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # type: ignore[attr-defined]
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: window.search.results.count() == 200, timeout=120_000)  # type: ignore[attr-defined]
    shown = [window.search.results.item(i).text() for i in range(200)]
    assert len(set(shown)) == 200  # no hit twice

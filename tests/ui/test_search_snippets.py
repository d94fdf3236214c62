"""Search results: matches highlighted in escaped snippets cut at words; a theme's passages listed by the search
thread a page at a time (its sub-themes' too); the command line cites its hits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.store import SearchHit
from gui.store.search import MARK_END, MARK_START, _like_snippet, cut_at_words
from gui.ui.library.hit_delegate import HTML_ROLE
from gui.ui.shell.window import MainWindow
from gui.ui.shell.window_base import SEARCH_PAGE
from gui.ui.widgets.panels import EID_ROLE
from tests.conftest import ROOT

HOSTILE = """S/2099/1

Report on hostile text

1. The «drones» of the <b>mission</b> <img src=x onerror=alert(1)> & their drones were used.
"""


def search(window: MainWindow, qtbot: QtBot, words: str) -> None:
    window.focus_search()
    window.search.box.setText(words)
    window.run_search()
    qtbot.waitUntil(lambda: window.search.results.count() > 0 and not window.search.waiting)


def test_matches_are_highlighted_in_escaped_text(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    doc = window.store.import_file(source).doc_id
    window.refresh_library()
    window.search.doc.setCurrentIndex(window.search.doc.findData(doc))
    search(window, qtbot, "drones")
    item = window.search.results.item(0)
    markup = item.data(HTML_ROLE)
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup and "<img" not in markup
    assert "&lt;b&gt;mission&lt;/b&gt;" in markup and "&amp; their" in markup
    marked = markup.count('<span style="background-color:')
    assert marked == 2  # both matches, and only ours: the document's « » are text, not marks
    assert "«" in markup and markup.count("drones</span>") == 2
    assert item.text().startswith("S/2099/1, para. 1\n")  # the plain text, for screen readers and copying
    window.search.results.resize(400, 300)
    assert window.search.results.visualItemRect(item).height() > window.fontMetrics().height()  # wrapped, drawn
    window.search.results.grab()  # paints through the delegate without a Qt warning


def test_snippets_are_cut_at_words() -> None:
    text = ("The Working Group recalled the importance of protecting civilians in the areas of operation and "
            "encouraged the Secretariat to consider unmanned aerial systems where appropriate and affordable.")
    cut = cut_at_words(text, 60)
    assert cut.endswith("…") and len(cut) <= 61
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] in " ,"  # a whole word before the "…"
    snippet = _like_snippet(text, "Secretariat", 30)
    plain = snippet.replace(MARK_START, "").replace(MARK_END, "")
    assert plain.startswith("…") and plain.endswith("…")
    inner = plain.strip("…")
    assert f" {inner} " in f" {text} "  # begins and ends at a space of the text
    assert SearchHit("d", "para_1", snippet, "text").marked().count("«Secretariat»") == 1


def test_a_themes_passages_come_from_the_search_thread_a_page_at_a_time(window: MainWindow, qtbot: QtBot) -> None:
    store = window.store
    eids = [b.eid for b in store.document("S-2017-130").blocks
            if b.kind.value == "paragraph" and b.num][:SEARCH_PAGE + 5]
    store.tag("S-2017-130", eids[:-1], "poc")
    store.tag("S-2017-130", eids[-1:], "poc-early-warning")  # a sub-theme's passage counts for POC
    window.refresh_all()
    window.focus_search()
    combo = window.search.theme
    shown = combo.itemText(combo.findData(store.theme("poc-early-warning").id))
    assert shown != shown.strip() == store.theme("poc-early-warning").name  # indented under POC
    window.search.theme.setCurrentIndex(window.search.theme.findData(store.theme("poc").id))
    window.search.box.clear()
    window.run_search()
    assert window.search.waiting  # asked of the thread, not read on the GUI thread
    qtbot.waitUntil(lambda: window.search.results.count() == SEARCH_PAGE)
    assert "more as you scroll" in window.search.status.text()
    first = window.search.results.item(0)
    assert first.text().startswith("S/2017/130, para. 1 — ")
    bar = window.search.results.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: window.search.results.count() == len(eids))
    last = window.search.results.item(len(eids) - 1)
    assert last.data(EID_ROLE) == eids[-1]
    assert all(len(window.search.results.item(i).text()) < 260 for i in range(len(eids)))  # quotes cut short





def test_command_line_search_cites_its_hits(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "gui", "search", "protection", "--limit", "60",
                          "--db", str(tmp_path / "c.db")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120, check=True).stdout
    lines = out.splitlines()
    assert any(line.startswith("S/2017/130, para. 5 (e) ") for line in lines)  # a point, cited as such
    assert any(line.startswith("S/2016/1017, “Background”, paragraph 2 ") for line in lines)  # unnumbered
    assert not any("para_" in line[:32] for line in lines)  # no raw eids in the citation column
    assert "«protection»" in out.casefold()

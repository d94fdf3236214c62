"""Words in context and word frequencies (MAXQDA's and NVivo's KWIC and word frequency). No Qt here.

- `kwic`: each occurrence of a word (any of its forms, as the search finds them) as left context, the match
  and right context, cut from the block's own text: left + match + right is a stretch of that text.
- `frequencies`: how often each word occurs in a theme's passages (the theme and its sub-themes) or in a
  document, without the stop list (English function words by default; the analyst's list is kept in the
  database), as a table and as a picture (matplotlib, Agg).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from gui.analysis import AnalysisError
from gui.store.search import MARK_END, MARK_START
from gui.store.word_forms import FORMS_TABLE

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gui.store import Store

CONTEXT = 60
"""Characters of context kept either side of a match (cut at a word)."""
MAX_ROWS = 5000
"""Occurrences listed at most (a word in every paragraph of 10,000 documents is not read line by line)."""
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of the word: where, and the block's text before, at and after it."""

    doc_id: str
    eid: str
    left: str
    match: str
    right: str
    symbol: str | None = None

    def to_json(self) -> dict[str, str]:
        return {"doc": self.doc_id, "eid": self.eid, "left": self.left, "match": self.match, "right": self.right}


def _left(text: str, width: int = CONTEXT) -> str:
    """The end of `text`, at most `width` characters, starting at a word."""
    if len(text) <= width:
        return text
    cut = text[-width:]
    space = cut.find(" ")
    return cut[space + 1:] if 0 <= space < width // 2 else cut


def _right(text: str, width: int = CONTEXT) -> str:
    """The start of `text`, at most `width` characters, ending at a word."""
    if len(text) <= width:
        return text
    cut = text[:width]
    space = cut.rfind(" ")
    return cut[:space] if space > width // 2 else cut


def split_marked(text: str) -> Iterator[tuple[str, str, str]]:
    """(left, match, right) for each marked stretch of a highlighted text (marks removed from the context)."""
    parts = re.split(f"{MARK_START}(.*?){MARK_END}", text, flags=re.DOTALL)
    plain = [p.replace(MARK_START, "").replace(MARK_END, "") for p in parts]
    for i in range(1, len(parts), 2):
        yield _left("".join(plain[:i])), plain[i], _right("".join(plain[i + 1:]))


def kwic(db: sqlite_utils.Database, word: str, doc: str | None = None, limit: int = MAX_ROWS) -> list[Occurrence]:
    """Every occurrence of `word` (its forms included; a phrase in quotes matches as written), in the order the
    blocks were imported (each document's reading order), at most `limit`: the first page costs the same
    however large the corpus."""
    from gui.store.search import quote_query
    from gui.store.word_forms import word_forms

    fts = quote_query(word)
    if not fts:
        raise AnalysisError("kwic: give a word (letters or digits)")
    table = FORMS_TABLE if word_forms(word) else "blocks_fts"
    where, params = "", [fts]
    if doc is not None:
        where, params = " AND b.doc_id = ?", [fts, doc]
    out: list[Occurrence] = []
    rows = db.execute(f"""SELECT b.doc_id, b.eid, d.symbol, highlight({table}, 0, ?, ?), b.text
        FROM {table} f JOIN blocks b ON b.rowid = f.rowid JOIN documents d ON d.id = b.doc_id
        WHERE {table} MATCH ?{where} AND b.doc_id NOT IN (SELECT doc_id FROM removed_documents)
        ORDER BY f.rowid""", [MARK_START, MARK_END, *params])  # the index's order (documents and blocks as
    # imported: reading order), read as far as `limit` and no further, however many blocks hold the word
    for doc_id, eid, symbol, marked, text in rows:
        if MARK_START in str(text) or MARK_END in str(text):  # the text holds our marks: find the word as typed
            marked = re.sub(rf"(?<!\w)({re.escape(word.strip(chr(34)))})(?!\w)", rf"{MARK_START}\1{MARK_END}",
                            str(text).replace(MARK_START, "\ufffd").replace(MARK_END, "\ufffd"), flags=re.I)
        for left, match, right in split_marked(str(marked)):
            out.append(Occurrence(doc_id, eid, left, match, right, symbol))
            if len(out) >= limit:
                return out
    return out


# --- word frequencies ----------------------------------------------------------------------------------------


def words_of(texts: Iterable[str], stop: frozenset[str]) -> Counter[str]:
    """How often each word (lower case, apostrophes and hyphens inside kept) occurs, stop words left out."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w for w in (m.group().casefold().replace("’", "'") for m in _WORD.finditer(text))
                      if w not in stop and len(w) > 1)
    return counts


def _texts(db: sqlite_utils.Database, theme_ids: Iterable[int] | None, doc: str | None) -> Iterator[str]:
    """The text of each passage of the themes (a block once, however many coders tagged it; a tagged phrase
    by its own words), or of each block of the document, one row at a time."""
    if theme_ids is not None:
        ids = ",".join(str(int(i)) for i in theme_ids) or "NULL"
        where, params = "", []
        if doc is not None:
            where, params = " AND a.doc_id = ?", [doc]
        for (text,) in db.execute(f"""SELECT CASE WHEN MAX(a.span_start IS NULL) THEN b.text ELSE
                    group_concat(a.exact, ' ') END FROM annotations a JOIN blocks b ON b.doc_id = a.doc_id
                AND b.eid = a.eid WHERE a.theme_id IN ({ids}) AND a.status = 'anchored'{where}
                GROUP BY a.doc_id, a.eid""", params):
            yield str(text or "")
    elif doc is not None:
        for (text,) in db.execute("SELECT text FROM blocks WHERE doc_id = ? ORDER BY position", [doc]):
            yield str(text)
    else:
        raise AnalysisError("word frequencies: choose a theme or a document")


def frequencies(store: Store, theme: str | int | None = None, doc: str | None = None, top: int = 50,
                stop: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """The `top` most frequent words in a theme's passages (in `doc`, if given) or in a document."""
    stop_list = frozenset(w.casefold() for w in (stop if stop is not None else store.stop_words()))
    ids = store.theme_family(theme) if theme is not None else None
    return count_words(store.db, ids, doc, stop_list, top)


def count_words(db: sqlite_utils.Database, theme_ids: Iterable[int] | None, doc: str | None,
                stop: frozenset[str], top: int = 50) -> list[tuple[str, int]]:
    """`frequencies` on a connection of its own (a worker thread's): the themes' ids and the stop list given."""
    counts = words_of(_texts(db, theme_ids, doc), stop)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def frequency_picture(counts: list[tuple[str, int]], title: str, figure: Figure | None = None,
                      color: str = "#0067a5") -> Figure:
    """A horizontal bar chart of the words, the most frequent on top."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if figure is None:
        figure = Figure(figsize=(6.5, max(3.0, 0.8 + 0.26 * len(counts))), dpi=110, layout="constrained")
        FigureCanvasAgg(figure)
    axes = figure.subplots()
    shown = list(reversed(counts))
    axes.barh(range(len(shown)), [c for _, c in shown], color=color)
    axes.set_yticks(range(len(shown)), [w for w, _ in shown], fontsize=8)
    axes.set_xlabel("occurrences")
    axes.set_title(title, fontsize=10)
    return figure


def frequency_png(counts: list[tuple[str, int]], title: str) -> bytes:
    buffer = io.BytesIO()
    frequency_picture(counts, title).savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def frequency_rows(counts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"word": w, "count": c} for w, c in counts]

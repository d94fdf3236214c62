"""Word forms in search: "advisers" finds "Women's Protection Adviser", the exact form still ranked first.

A second FTS5 index over the blocks' text (`blocks_forms`) keeps each word's Porter stem (English: UN
documents' other languages keep their words whole where the stemmer does not apply). A query made only of
plain words searches it; among the matches ranked together, those that hold every word in the exact form
typed come first, and the others say that they matched another form (`SearchHit.forms`). A phrase in double
quotes, or a prefix (`protect*`), searches the exact index (`blocks_fts`): quotes mean "these words, as
written". Memos are searched with the rest (their own index, with word forms).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from gui.store.base import StoreBase

FORMS_TABLE = "blocks_forms"
FORMS_TOKENIZER = "porter unicode61 remove_diacritics 2"
MAX_STOP_WORDS = 10_000
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either few for from further had has have having he her
here hers herself him himself his how however i if in into is it its itself just may me might more most must my
myself neither no nor not now of off on once only or other our ours ourselves out over own per same shall she
should so some such than that the their theirs them themselves then there these they this those through thus to
too under until up upon very via was we were what when where whether which while who whom whose why will with
within without would yet you your yours yourself yourselves also said well including inter alia etc
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
"""English function words left out of word frequencies unless the analyst edits the list."""


def create_forms_index(db: sqlite_utils.Database) -> None:
    """The word-form index over `blocks.text`, kept by triggers as `blocks_fts` is, and filled in one pass
    (FTS5's rebuild reads each block once: about a minute for 10,000 documents, see the README)."""
    db.execute(f"""CREATE VIRTUAL TABLE {FORMS_TABLE} USING fts5(text, content='blocks', content_rowid='rowid',
        tokenize='{FORMS_TOKENIZER}')""")
    db.execute(f"""CREATE TRIGGER {FORMS_TABLE}_ai AFTER INSERT ON blocks BEGIN
        INSERT INTO {FORMS_TABLE} (rowid, text) VALUES (new.rowid, new.text); END""")
    db.execute(f"""CREATE TRIGGER {FORMS_TABLE}_ad AFTER DELETE ON blocks BEGIN
        INSERT INTO {FORMS_TABLE} ({FORMS_TABLE}, rowid, text) VALUES ('delete', old.rowid, old.text); END""")
    db.execute(f"""CREATE TRIGGER {FORMS_TABLE}_au AFTER UPDATE ON blocks BEGIN
        INSERT INTO {FORMS_TABLE} ({FORMS_TABLE}, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO {FORMS_TABLE} (rowid, text) VALUES (new.rowid, new.text); END""")
    db.execute(f"INSERT INTO {FORMS_TABLE} ({FORMS_TABLE}) VALUES ('rebuild')")


def word_forms(query: str) -> list[str]:
    """The query's words when any form of them may match (plain words only), else [] (a phrase in quotes or a
    prefix: exact)."""
    if '"' in query or "“" in query or "*" in query:
        return []
    return re.findall(r"\w+", query)


def _folded(text: str) -> str:
    """Lower case without diacritics, as the index compares words (remove_diacritics 2)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def exact_pattern(words: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(rf"(?<!\w){re.escape(_folded(w))}(?!\w)") for w in words]


def other_forms(db: sqlite_utils.Database, words: list[str], rowids: list[int]) -> set[int]:
    """The rows among `rowids` that lack one of `words` in its exact form (they matched another form): the
    exact index is asked for its matches between the lowest and the highest of these rows (candidates are
    taken in index order, so that range holds about as many rows as there are candidates)."""
    if not rowids:
        return set()
    exact = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    found = {int(r[0]) for r in db.execute("SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH ? AND rowid BETWEEN "
                                           "? AND ?", [exact, min(rowids), max(rowids)]).fetchall()}
    return set(rowids) - found


def _marked(text: str, words: list[str], marks: tuple[str, str]) -> str | None:
    """The text with each of the words marked (as FTS5's snippet marks them); None if the text holds a mark."""
    if marks[0] in text or marks[1] in text or len(text) > 2000:
        return None
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)
    return pattern.sub(lambda m: f"{marks[0]}{m.group()}{marks[1]}", text)


def memo_rows(db: sqlite_utils.Database, fts: str, words: list[str], doc: str | None, limit: int,
              marks: tuple[str, str], snippet_words: int) -> list[tuple[Any, ...]]:
    """Memos that match, best first: (doc_id, eid, field, theme name, symbol, snippet, text). A theme's
    definition (its description) matches when it holds every word (themes are few)."""
    where = " AND m.doc_id = ?" if doc is not None else ""
    # an orphan's old eid may name another paragraph now: it is found at its document, said to be an orphan
    rows: list[tuple[Any, ...]] = [tuple(r) for r in db.execute(f"""SELECT m.doc_id,
            CASE WHEN m.status = 'orphan' THEN NULL ELSE m.eid END,
            CASE WHEN m.status = 'orphan' THEN m.field || ', its passage gone' ELSE m.field END, t.name,
            d.symbol, snippet(memos_fts, 0, ?, ?, '…', {int(snippet_words)}), m.text
        FROM memos_fts JOIN memos m ON m.rowid = memos_fts.rowid LEFT JOIN themes t ON t.id = m.theme_id
        LEFT JOIN documents d ON d.id = m.doc_id
        WHERE memos_fts MATCH ?{where} ORDER BY bm25(memos_fts) LIMIT ?""",
        [*marks, fts, *([doc] if doc is not None else []), limit]).fetchall()]
    if doc is None and words:
        patterns = exact_pattern(words)
        for name, description in db.execute("SELECT name, description FROM themes WHERE description != '' "
                                            "ORDER BY position, id").fetchall():
            if all(p.search(_folded(str(description))) for p in patterns):
                rows.append((None, None, "definition", name, None, _marked(str(description), words, marks),
                             str(description)))
    return rows[:limit]


class StopList(StoreBase):
    """The analyst's stop list for word frequencies, kept in the database's settings."""

    def stop_words(self) -> list[str]:
        """The stop list: the analyst's, else the English function words of `gui.analysis.words`."""
        row = self.db.execute("SELECT value FROM settings WHERE key = 'stop_words'").fetchone()
        if row is not None:
            try:
                words = json.loads(row[0])
            except ValueError:
                words = None
            if isinstance(words, list):
                return [str(w) for w in words]
        return sorted(STOP_WORDS)

    def set_stop_words(self, words: Iterable[str]) -> list[str]:
        """Keep this stop list (one word per entry, lower case, duplicates dropped); returns it as kept."""
        kept = sorted({w.strip().casefold() for w in words if w.strip()})[:MAX_STOP_WORDS]
        with self._write() as db:
            db.table("settings").upsert({"key": "stop_words", "value": json.dumps(kept, ensure_ascii=False)}, pk="key")
        return kept

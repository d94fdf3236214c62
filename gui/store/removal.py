"""Removing a document from the library (its annotations with it, or kept as orphans), putting it back exactly
(undo), and renaming its display title — each one transaction, as part of the Store."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from gui.store.base import StoreBase
from gui.store.changes import Changes
from gui.store.errors import StoreError
from gui.store.memo_anchors import orphan_memos, passage_memos
from gui.store.themebook import now

MAX_TITLE = 1000  # characters of a title given by rename (a UN report's longest is a few hundred)

_REMOVED_ROWS = (("documents", "id"), ("blocks", "doc_id"), ("coverage", "doc_id"), ("annotations", "doc_id"),
                 ("citations", "doc_id"), ("document_keys", "doc_id"), ("document_attributes", "doc_id"),
                 ("memos", "doc_id"))
"""What removing a document takes (and undo puts back), in the order it is put back."""

Rows = tuple[tuple[str, ...], list[tuple[Any, ...]]]  # column names (rowid first), rows


@dataclass(frozen=True, slots=True)
class RemovedDocument:
    """A document as `remove_document` took it out, row for row (with rowids), for `restore_document`."""

    doc_id: str
    symbol: str
    title: str
    kept_annotations: bool
    rows: dict[str, Rows]
    themes: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # its annotations' (name, key, colour)

    @property
    def annotations(self) -> int:
        return len(self.rows["annotations"][1])


def _q(column: str) -> str:
    return f'"{column}"'


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> Rows:
    cursor = db.execute(sql, params)
    return tuple(c[0] for c in cursor.description), cursor.fetchall()


def _insert(db: sqlite_utils.Database, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows as they were, under their old rowids (so that the search index's rows are the same ones),
    unless a later import has taken one of them: then under new rowids."""
    rowids = [r[0] for r in rows]
    taken = any(db.execute(f"SELECT 1 FROM {table} WHERE rowid IN ({','.join('?' * len(part))}) LIMIT 1",
                           part).fetchone() for part in (rowids[i:i + 500] for i in range(0, len(rowids), 500)))
    names = columns[1:] if taken else columns
    db.conn.executemany(f"INSERT INTO {table} ({', '.join(_q(c) for c in names)}) "
                        f"VALUES ({', '.join('?' * len(names))})", [r[1:] if taken else r for r in rows])


def _themes_again(db: sqlite_utils.Database, removed: RemovedDocument) -> dict[int, int]:
    """For a removed document's annotations whose theme has gone since (merged or deleted by another window):
    the theme of that name or key now, or the theme made again (name, key, colour) at the top level."""
    out: dict[int, int] = {}
    for old, (name, key, color) in removed.themes.items():
        if db.execute("SELECT 1 FROM themes WHERE id = ?", [old]).fetchone():
            continue
        found = db.execute("SELECT id FROM themes WHERE name = ? COLLATE NOCASE OR key = ? COLLATE NOCASE "
                           "ORDER BY name != ? COLLATE NOCASE LIMIT 1", [name, key, name]).fetchone()
        if found is None:
            db.execute("INSERT INTO themes (name, key, color, description, keywords, position) VALUES (?, ?, ?, '', "
                       "'[]', (SELECT COALESCE(MAX(position), -1) + 1 FROM themes WHERE parent_id IS NULL))",
                       [name, key, color])
            found = db.execute("SELECT last_insert_rowid()").fetchone()
        out[old] = int(found[0])
    return out


class DocumentRemoval(StoreBase):
    """Removing, restoring and renaming documents."""

    # --- removing and renaming ---------------------------------------------------------------------------
    def annotation_count(self, doc_id: str) -> int:
        """How many annotations (anchored or orphaned, every coder's) a document has."""
        with self._errors():
            return int(self.db.execute("SELECT COUNT(*) FROM annotations WHERE doc_id = ?", [doc_id]).fetchone()[0])

    def remove_document(self, doc_id: str, *, keep_annotations: bool = False) -> RemovedDocument:
        """Take a document out of the library in one transaction: its blocks, search rows and coverage, and
        its annotations too — or, with `keep_annotations`, those stay as orphans (quote and note kept; the
        document's row stays, set aside, so that they are still cited, exported and re-anchored if it is
        imported again). Memos on its passages are never removed: they become orphans (`memo_anchors`).
        Returns everything taken, for `restore_document` (undo)."""
        with self._write() as db:
            if self._stored_hash(db, doc_id) is None:
                raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
            taken = {table: _rows(db, f"SELECT rowid, * FROM {table} WHERE {column} = ?", [doc_id])
                     for table, column in _REMOVED_ROWS}
            info = db.execute("SELECT symbol, title FROM documents WHERE id = ?", [doc_id]).fetchone()
            themes = {int(r[0]): (str(r[1]), str(r[2]), str(r[3])) for r in db.execute(
                "SELECT id, name, key, color FROM themes WHERE id IN "
                "(SELECT theme_id FROM annotations WHERE doc_id = ?)", [doc_id]).fetchall()}
            orphan_memos(db, passage_memos(db, doc_id))  # memos are never removed with it: their passages go
            db.execute("DELETE FROM blocks WHERE doc_id = ?", [doc_id])  # their search rows go by trigger
            db.execute("DELETE FROM coverage WHERE doc_id = ?", [doc_id])
            for table in ("citations", "document_keys", "document_attributes"):  # undo puts them back
                db.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
            if keep_annotations:
                db.execute("UPDATE annotations SET status = 'orphan', eid = NULL WHERE doc_id = ?", [doc_id])
                db.execute("INSERT INTO removed_documents (doc_id, removed) VALUES (?, ?)", [doc_id, now()])
            else:
                db.execute("DELETE FROM annotations WHERE doc_id = ?", [doc_id])
                db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        self._forget(doc_id)
        return RemovedDocument(doc_id, info[0] or doc_id, info[1] or "", keep_annotations, taken, themes)

    def restore_document(self, removed: RemovedDocument) -> Changes:
        """Put a removed document back exactly as it was (the same row, blocks, search rows, coverage and
        annotations, under the same ids), in one transaction. Refused when the document was imported again
        since (its annotations may have been re-anchored on it)."""
        doc_id = removed.doc_id
        with self._write() as db:
            set_aside = db.execute("SELECT 1 FROM removed_documents WHERE doc_id = ?", [doc_id]).fetchone()
            present = db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone()
            if present and not (removed.kept_annotations and set_aside):
                raise StoreError(f"{doc_id} was imported again since it was removed; it was not put back")
            db.execute("DELETE FROM removed_documents WHERE doc_id = ?", [doc_id])
            themes = _themes_again(db, removed)
            for table, _column in _REMOVED_ROWS:
                columns, rows = removed.rows[table]
                if table == "annotations" and themes:  # a theme merged or deleted since: its annotations come back
                    at = columns.index("theme_id")
                    rows = [(*r[:at], themes.get(r[at], r[at]), *r[at + 1:]) for r in rows]
                if table == "documents" and present:
                    continue
                if table == "memos" or (table == "annotations" and removed.kept_annotations):
                    # still there, orphaned (memos always are): as they were
                    names = [c for c in columns if c not in ("rowid", "id")]
                    db.conn.executemany(
                        f"UPDATE {table} SET {', '.join(f'{_q(c)} = ?' for c in names)} WHERE id = ?",
                        [[r[columns.index(c)] for c in names] + [r[columns.index("id")]] for r in rows])
                    continue
                _insert(db, table, columns, rows)
        self._forget(doc_id)
        return Changes(docs=frozenset({doc_id}))

    def rename_document(self, doc_id: str, title: str) -> Changes:
        """Give a document another display title (the library, the exports' headings); its text is unchanged."""
        title = " ".join(title.split())
        if not title:
            raise StoreError("a document's title cannot be empty")
        if len(title) > MAX_TITLE and title != " ".join((self.document(doc_id).title or "").split()):  # its own
            # title, as extracted, may be longer: a rename is undone to it
            raise StoreError(f"a document's title can have up to {MAX_TITLE} characters, not {len(title):,}")
        if any(unicodedata.category(c) == "Cc" for c in title):  # ESC [2J in a title would clear a terminal
            raise StoreError("a document's title cannot hold control characters")
        with self._write() as db:
            if self._stored_hash(db, doc_id) is None:
                raise StoreError(f"no document {doc_id!r} in {self.path} (see `docs` for the ids)")
            db.execute("UPDATE documents SET title = ? WHERE id = ?", [title, doc_id])
        return Changes(docs=frozenset({doc_id}))

    def document_id(self, name: str) -> str:
        """The id of the document named by its id or its UN symbol ("S/2017/130"); a one-line error if none."""
        with self._errors():
            row = self.db.execute(
                "SELECT id FROM documents WHERE (id = ? OR symbol = ? COLLATE NOCASE) "
                "AND id NOT IN (SELECT doc_id FROM removed_documents) ORDER BY id != ?, position LIMIT 1",
                [name, name, name]).fetchone()
        if row is None:
            raise StoreError(f"no document {name!r} in {self.path} (see `docs` for the ids)")
        return str(row[0])

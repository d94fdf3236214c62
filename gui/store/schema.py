"""Opening the database safely, and its numbered migrations.

Each migration runs in one transaction and bumps `PRAGMA user_version`; a database whose version is newer
than the last migration known here was written by a newer Marginalia and is refused, not half-read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from gui.store.errors import StoreError

BUSY_TIMEOUT_MS = 5000


def _m1_initial(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE documents (
            id TEXT PRIMARY KEY, path TEXT, content_hash TEXT NOT NULL, symbol TEXT, title TEXT, date TEXT,
            languages TEXT, original_language TEXT, encoding TEXT, source TEXT NOT NULL,
            plain_text TEXT NOT NULL, imported TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE blocks (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, eid TEXT NOT NULL,
            position INTEGER NOT NULL, kind TEXT NOT NULL, num TEXT, level INTEGER NOT NULL, parent TEXT,
            text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, spans TEXT NOT NULL,
            language TEXT, PRIMARY KEY (doc_id, eid)
        )""")
    db.execute("""
        CREATE TABLE themes (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            key TEXT NOT NULL UNIQUE COLLATE NOCASE,
            color TEXT NOT NULL, description TEXT NOT NULL DEFAULT '', digit INTEGER,
            keywords TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("CREATE TABLE coders (name TEXT PRIMARY KEY, created TEXT NOT NULL)")
    db.execute("""
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), eid TEXT,
            theme_id INTEGER NOT NULL REFERENCES themes(id), note TEXT NOT NULL DEFAULT '',
            coder TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, modified TEXT NOT NULL,
            exact TEXT NOT NULL, prefix TEXT NOT NULL, suffix TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, span_start INTEGER, span_end INTEGER,
            status TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphan'))
        )""")
    db.execute("CREATE INDEX documents_path ON documents(path)")
    db.execute("CREATE INDEX annotations_doc ON annotations(doc_id, eid)")
    db.execute("CREATE INDEX annotations_theme ON annotations(theme_id)")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    db.table("blocks").enable_fts(["text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.table("annotations").enable_fts(["note"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


def _m2_document_order(db: sqlite_utils.Database) -> None:
    """Index the library order: `position` sits after the documents' text in each row, so without an index
    every MAX(position) or ORDER BY position reads the whole text of every document (import slowed down
    linearly with the size of the corpus)."""
    db.execute("CREATE INDEX documents_position ON documents(position)")


def _m3_printed_layout(db: sqlite_utils.Database) -> None:
    """PDF documents: where each block is printed (boxes), its footnote reference marks (refs) and table rows.
    A PDF's blocks are rebuilt from these rows (text files are re-extracted from their stored text)."""
    db.execute("ALTER TABLE blocks ADD COLUMN boxes TEXT")
    db.execute("ALTER TABLE blocks ADD COLUMN refs TEXT")
    db.execute('ALTER TABLE blocks ADD COLUMN "rows" TEXT')
    db.execute("ALTER TABLE documents ADD COLUMN page_labels TEXT")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m1_initial, _m2_document_order, _m3_printed_layout]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path) -> sqlite_utils.Database:
    """Open (or create) the database with durable settings: WAL, synchronous=FULL, a busy timeout."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                               isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{path}: cannot use write-ahead logging (journal mode is {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise damaged(path, error) from None
    if check != "ok":
        raise damaged(path, check)
    return sqlite_utils.Database(conn)


def damaged(path: Path, error: object) -> StoreError:
    backups = path.parent / f"{path.name}.backups"
    hint = (f" Restore the newest automatic backup from {backups} (copy it over {path.name})."
            if backups.exists() else " Restore it from your own backup, or start afresh with another --db path.")
    return StoreError(f"{path}: is not a Marginalia database or is damaged ({error}).{hint}")


def version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: sqlite_utils.Database, path: Path) -> list[int]:
    """Numbers of the migrations still to apply; refuse a database from the future."""
    current = version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: was written by a newer version of Marginalia (schema {current}, this version knows "
            f"{SCHEMA_VERSION}). Update Marginalia to open it; the file was not changed."
        )
    return list(range(current + 1, SCHEMA_VERSION + 1))


def migrate(db: sqlite_utils.Database, path: Path) -> None:
    """Apply pending migrations, each in its own transaction."""
    for number in pending(db, path):
        with db.atomic():
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")

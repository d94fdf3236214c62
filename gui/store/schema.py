"""Opening the database safely, and its numbered migrations.

Each migration runs in one transaction and bumps `PRAGMA user_version`; a database whose version is newer
than the last migration known here was written by a newer Marginalia and is refused, not half-read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from gui.store.errors import StoreError, damaged, translate
from gui.store.maintenance import bounded_check

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


def _m4_library_at_scale(db: sqlite_utils.Database) -> None:
    """A library of thousands of documents.

    - An index for the duplicate check at import (`content_hash = ?` read every row before), and one for
      each order of the library.
    - `coverage`: each document's counts of body blocks, numbered paragraphs and tagged ones, counted when it
      is imported and again by the transaction that changes its annotations (triggers mark it stale; the
      Store recounts stale rows before it commits), instead of subqueries per document on every read of the
      library (3.7 s at 10,000 documents).
    - `documents.plain_text` is emptied: nothing reads it (a document's text is rebuilt from its source, or
      from its blocks for a PDF, and annotation positions count in that rebuilt text), and it stored every
      text a third time. The column stays, empty, so that nothing else about the file changes.
    """
    from gui.store.library import recount  # the same counting the Store does after each write

    db.execute("CREATE INDEX documents_content_hash ON documents(content_hash)")
    # The library's orders, each an index ending in (position, id), so that a page of the library (and a
    # document's row in it) is read from the index, not from rows that hold each document's whole text.
    db.execute("CREATE INDEX documents_order ON documents(position, id)")
    db.execute("CREATE INDEX documents_by_symbol ON documents(COALESCE(symbol, id) COLLATE NOCASE, position, id)")
    db.execute("CREATE INDEX documents_by_date ON documents(date, position, id)")
    db.execute("CREATE INDEX documents_by_title ON documents(title COLLATE NOCASE, position, id)")
    db.execute("""
        CREATE TABLE coverage (
            doc_id TEXT PRIMARY KEY, body INTEGER NOT NULL DEFAULT 0, numbered INTEGER NOT NULL DEFAULT 0,
            tagged INTEGER NOT NULL DEFAULT 0, tagged_paragraphs INTEGER NOT NULL DEFAULT 0,
            stale INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("CREATE INDEX coverage_stale ON coverage(doc_id) WHERE stale")
    db.execute("""CREATE TRIGGER coverage_annotation_added AFTER INSERT ON annotations BEGIN
        UPDATE coverage SET stale = 1 WHERE doc_id = NEW.doc_id; END""")
    db.execute("""CREATE TRIGGER coverage_annotation_removed AFTER DELETE ON annotations BEGIN
        UPDATE coverage SET stale = 1 WHERE doc_id = OLD.doc_id; END""")
    db.execute("""CREATE TRIGGER coverage_annotation_moved AFTER UPDATE OF doc_id, eid, status ON annotations BEGIN
        UPDATE coverage SET stale = 1 WHERE doc_id IN (OLD.doc_id, NEW.doc_id); END""")
    db.execute("""CREATE TRIGGER coverage_document_removed AFTER DELETE ON documents BEGIN
        DELETE FROM coverage WHERE doc_id = OLD.id; END""")
    db.execute("INSERT INTO coverage (doc_id) SELECT id FROM documents")
    recount(db)
    db.execute("UPDATE documents SET plain_text = '' WHERE plain_text != ''")


def _m5_compressed_sources(db: sqlite_utils.Database) -> None:
    """Each document's source is kept zlib-compressed (its blocks and the search index hold the text that is
    read, searched and cited): the database was three times its text, the source a full copy of it. The text
    is unchanged, so every annotation keeps its place (re-extraction reads the same source)."""
    from gui.store.documents import pack_source

    ids = [r[0] for r in db.execute("SELECT id FROM documents WHERE typeof(source) = 'text'").fetchall()]
    for doc_id in ids:  # one row at a time: never every document's text in memory at once
        text = db.execute("SELECT source FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
        db.execute("UPDATE documents SET source = ? WHERE id = ?", [pack_source(text), doc_id])


def _m6_subthemes(db: sqlite_utils.Database) -> None:
    """Themes nest (POC → early warning, …), as REFI-QDA codes do: `parent_id` names a sub-theme's broader
    theme (NULL for a top-level theme); `position` orders a theme among its siblings. Every existing theme
    stays top-level, so nothing an analyst coded changes meaning."""
    db.execute("ALTER TABLE themes ADD COLUMN parent_id INTEGER REFERENCES themes(id)")
    db.execute("CREATE INDEX themes_parent ON themes(parent_id)")


def _m7_removed_documents(db: sqlite_utils.Database) -> None:
    """A document removed from the library whose annotations the analyst chose to keep (as orphans): its row
    stays (symbol, title, compressed source), so that those annotations are still cited and exported, and are
    re-anchored if the document is imported again; its blocks, search rows and coverage go. Listed here, it is
    left out of the library, the document lists and every new write."""
    db.execute("CREATE TABLE removed_documents (doc_id TEXT PRIMARY KEY REFERENCES documents(id), "
               "removed TEXT NOT NULL)")


def _m8_memos(db: sqlite_utils.Database) -> None:
    """Memos on themes (inclusion, exclusion, anchor examples; a theme's definition is its description), on
    documents and on passages, searchable (see `gui.store.memos`)."""
    from gui.store.memos import create_memos_table

    if "memos" not in db.table_names():  # a database rewound to an older version keeps what it has
        create_memos_table(db)


def _m9_word_forms(db: sqlite_utils.Database) -> None:
    """Search finds other forms of a word ("advisers" → "Adviser"): a second FTS5 index of the blocks' text
    with the Porter stemmer, filled in one pass (see `gui.store.word_forms`)."""
    from gui.store.word_forms import FORMS_TABLE, create_forms_index

    if FORMS_TABLE not in db.table_names():  # a database rewound to an older version keeps what it has
        create_forms_index(db)


def _m10_suggestion_provenance(db: sqlite_utils.Database) -> None:
    """Theme suggestions: an annotation that an accepted suggestion made records it (`suggestion`: JSON with
    the model, its version and the score it gave; NULL for the analyst's own tagging), as journals ask which
    model made a coding; a suggestion the analyst rejected is remembered, per coder, so that it is never
    suggested there again."""
    if "suggestion" not in {r[1] for r in db.execute("PRAGMA table_info(annotations)").fetchall()}:
        db.execute("ALTER TABLE annotations ADD COLUMN suggestion TEXT")  # (run again on a file that has it: no-op)
    db.execute("""
        CREATE TABLE IF NOT EXISTS rejected_suggestions (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, eid TEXT NOT NULL,
            theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE, coder TEXT NOT NULL,
            score REAL, rejected TEXT NOT NULL, PRIMARY KEY (doc_id, eid, theme_id, coder)
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS rejected_suggestions_theme ON rejected_suggestions(theme_id)")


def _m11_citations(db: sqlite_utils.Database) -> None:
    """The citation network: each reference to a UN document in every block ("S/2017/130, para. 83",
    "resolution 2467 (2019)"), indexed by its target for "cited by", and each document filed under its symbol's
    keys; found now for the documents already in the library (from their stored blocks)."""
    from gui.store.citations import fill_citations

    fill_citations(db)


def _m12_document_attributes(db: sqlite_utils.Database) -> None:
    """Document attributes (mission, organ, type, country, reporting period, agenda item, and the analyst's
    own), filled now for the documents already in the library from their stored title block."""
    from gui.store.citations import fill_attributes

    fill_attributes(db)


def _m13_block_citations(db: sqlite_utils.Database) -> None:
    """Each block's place as cited after its document's symbol ("para. 83 (p. 6)", `core.citation.cited_place`),
    so that search hits and a theme's passages are cited without rebuilding their documents (a command-line
    search rebuilt every hit's document: 2–3 s at 10,000 documents). Blocks imported before stay NULL until a
    listing needs them: their document is then read once and its places written (`Store.complete_citations`)."""
    if "cited" not in {row[1] for row in db.execute("PRAGMA table_info(blocks)")}:  # a file rolled back keeps it
        db.execute("ALTER TABLE blocks ADD COLUMN cited TEXT")


def _m14_recognised_pages(db: sqlite_utils.Database) -> None:
    """Scanned pages read by recognition: each page's result kept by the file's hash, the page and the engine
    (so an unchanged file, re-opened or re-imported, is never recognised again, and a better engine reads it
    afresh), and per document what recognition read (pages, unreadable pages, each block's confidence)."""
    db.execute("CREATE TABLE IF NOT EXISTS recognised_pages (file_hash TEXT NOT NULL, page INTEGER NOT NULL, "
               "engine TEXT NOT NULL, result TEXT NOT NULL, made TEXT NOT NULL, "
               "PRIMARY KEY (file_hash, page, engine)) WITHOUT ROWID")
    db.execute("CREATE TABLE IF NOT EXISTS recognised_documents (doc_id TEXT PRIMARY KEY, engine TEXT NOT NULL, "
               "pages TEXT NOT NULL, text_pages INTEGER NOT NULL, unreadable TEXT NOT NULL, blocks TEXT NOT NULL)")


def _m15_memo_anchors(db: sqlite_utils.Database) -> None:
    """Memos on passages follow their text through a re-import, as annotations do: a memo's status
    (anchored or orphan) and the anchor an orphan is found again by; memos whose block is already gone become
    orphans (see `gui.store.memo_anchors`)."""
    from gui.store.memo_anchors import add_memo_anchors

    if "memos" in db.table_names():
        add_memo_anchors(db)


def _m16_annotations_coding_index(db: sqlite_utils.Database) -> None:
    """A covering index of the annotations by document (status, block, theme, coder): a coding query reads a
    few documents' coding from the index alone (`gui.analysis.query`; its first page at 10,000 documents:
    about 3× faster for an expression few documents satisfy)."""
    db.execute("CREATE INDEX IF NOT EXISTS annotations_coding ON annotations(doc_id, status, eid, theme_id, coder)")


def _m17_reading_notes(db: sqlite_utils.Database) -> None:
    """What reading a document left to say, kept so that the library can show it after the import report is
    gone: the reader's warnings (text it could not place, characters with no Unicode map, …) and the pages
    with no text layer that were not read. Documents imported before have no row (nothing is known of them)."""
    db.execute("CREATE TABLE IF NOT EXISTS reading_notes (doc_id TEXT PRIMARY KEY, warnings TEXT NOT NULL, "
               "unread TEXT NOT NULL)")


def _m18_index_imports_in_one_pass(db: sqlite_utils.Database) -> None:
    """An import fills the search indexes of its new blocks in one pass after writing them, not a row at a time
    (a third of the cost): the insert triggers of `blocks_fts` and `blocks_forms` pause while the import's
    transaction holds a row in `indexing_deferred` (see `gui.store.indexing`)."""
    from gui.store.indexing import defer_insert_indexing

    defer_insert_indexing(db)


def _m19_citations_cited_by_index(db: sqlite_utils.Database) -> None:
    """A covering index of the citations by target and paragraph (`citations.cover_cited_by`): the whole
    cited-by list of a symbol cited 3,000 times at 10,000 documents reads no citation row and sorts no text
    (51 → 25 ms; its first 500: 20 → 5 ms; its count: 8 → 0.3 ms)."""
    from gui.store.citations import cover_cited_by

    if "citations" in db.table_names():
        cover_cited_by(db)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_m1_initial, _m2_document_order, _m3_printed_layout,
                                                              _m4_library_at_scale, _m5_compressed_sources,
                                                              _m6_subthemes, _m7_removed_documents, _m8_memos,
                                                              _m9_word_forms, _m10_suggestion_provenance,
                                                              _m11_citations, _m12_document_attributes,
                                                              _m13_block_citations, _m14_recognised_pages,
                                                              _m15_memo_anchors, _m16_annotations_coding_index,
                                                              _m17_reading_notes, _m18_index_imports_in_one_pass,
                                                              _m19_citations_cited_by_index]
SCHEMA_VERSION = len(MIGRATIONS)


APPLICATION_ID = 0x4D52474E
"""`PRAGMA application_id` of a Marginalia database ("MRGN"): another program's SQLite file is told apart by it."""

OUR_TABLES = frozenset({"documents", "blocks", "themes", "coders", "annotations", "settings"})


def connect_reader(path: Path) -> sqlite_utils.Database:
    """A read-only connection for a worker thread (search, theme counts): it never writes, waits for the
    writers as the Store does, and reads damaged text as U+FFFD rather than failing."""
    from gui.store.unreadable import TolerantText

    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                           isolation_level=None)
    conn.execute("PRAGMA query_only = ON")
    conn.text_factory = TolerantText()
    return sqlite_utils.Database(conn)


def connect(path: Path) -> tuple[sqlite_utils.Database, bool]:
    """Open (or create) the database with durable settings: WAL, synchronous=FULL, a busy timeout; and say
    whether the integrity check covered the whole file (else the Store finishes it on a thread).

    Everything that may refuse the file — another application's database, one from a newer Marginalia,
    damage — is checked by reading only, before WAL is switched on: a refused file is left byte for byte
    as it was. The check is bounded in time (`maintenance.bounded_check`).
    """
    _refuse_document(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                               isolation_level=None)
    except sqlite3.Error as error:
        raise translate(path, error) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _refuse_foreign(conn, path)
        _refuse_future(int(conn.execute("PRAGMA user_version").fetchone()[0]), path)
        check, whole = bounded_check(conn)
        if check != "ok":
            raise damaged(path, check)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{path}: cannot use write-ahead logging (journal mode is {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        conn.close()
        raise translate(path, error) from None
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn), whole


def is_ours(conn: sqlite3.Connection) -> bool:
    """A Marginalia database: our application id, or (made before it was set) our tables and a schema version."""
    if int(conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID:
        return True
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return tables >= OUR_TABLES and int(conn.execute("PRAGMA user_version").fetchone()[0]) >= 1


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    """Another program's non-empty SQLite file is refused, unchanged (an empty one becomes ours)."""
    if is_ours(conn):
        return
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                                        "ORDER BY name LIMIT 4")]
    user_version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if not names and not app_id and not user_version:
        return
    what = f"tables {', '.join(names[:3])}{', …' if len(names) > 3 else ''}" if names else \
        f"application id {app_id:#x}, version {user_version}"
    raise StoreError(f"{path}: is another program's SQLite database ({what}), not a Marginalia one; it was left "
                     "unchanged — choose another --db")


_DOCUMENT_SUFFIXES = frozenset({".pdf", ".txt", ".md", ".csv", ".json", ".jsonld", ".qdpx", ".qdc", ".html",
                                ".htm", ".docx", ".xlsx", ".png", ".svg", ".graphml"})


def _refuse_document(path: Path) -> None:
    """An empty file named like a document ("notes.pdf" given to --db by mistake) is refused, not silently
    turned into a database (SQLite takes an empty file for an empty database)."""
    try:
        empty = path.is_file() and path.stat().st_size == 0
    except OSError:
        return  # the connection says what is wrong with the path
    if empty and path.suffix.lower() in _DOCUMENT_SUFFIXES:
        raise StoreError(f"{path}: is an empty {path.suffix} file, not a Marginalia database; it was left "
                         "unchanged — give --db a .db file")


def _refuse_future(current: int, path: Path) -> None:
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: was written by a newer version of Marginalia (schema {current}, this version knows "
            f"{SCHEMA_VERSION}). Update Marginalia to open it; the file was not changed."
        )


def version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(db: sqlite_utils.Database, path: Path) -> list[int]:
    """Numbers of the migrations still to apply; refuse a database from the future."""
    current = version(db)
    _refuse_future(current, path)
    return list(range(current + 1, SCHEMA_VERSION + 1))


def migrate(db: sqlite_utils.Database, path: Path) -> None:
    """Apply pending migrations, each in its own transaction."""
    for number in pending(db, path):
        with db.atomic():
            MIGRATIONS[number - 1](db)
            db.execute(f"PRAGMA user_version = {number}")
    if int(db.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")  # a header field: marks the file as ours

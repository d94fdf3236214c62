"""The search indexes of newly imported blocks filled in one pass per write, instead of a row at a time.

The blocks' two FTS5 indexes (`blocks_fts`, exact words; `blocks_forms`, word forms) are kept by triggers. Fed
one row at a time by the insert triggers while the blocks are written, they cost three times what one
`INSERT … SELECT` over the same new rows costs once the rows are written (measured on real UN text: 1.1 s
against 0.4 s for 2.4 MB of blocks, the whole write of a batch): indexing was most of an import's write.

An import therefore writes, in its one transaction: a row in `indexing_deferred` (the insert triggers do
nothing while it is there), the blocks, then each index's rows for exactly those documents' blocks, and takes
the row away again. Nothing of this is seen outside the transaction: another connection never sees the row
(it lands and leaves in the same transaction, and a write from elsewhere waits for the write lock), and a
failure rolls all of it back. Deleting and updating blocks keep their triggers as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

from gui.store.word_forms import FORMS_TABLE

DEFERRED_TABLE = "indexing_deferred"
INDEXES = ("blocks_fts", FORMS_TABLE)


def defer_insert_indexing(db: sqlite_utils.Database) -> None:
    """The migration: the table whose row pauses the insert triggers, and those triggers remade with that
    condition (same names, same statements)."""
    db.execute(f"CREATE TABLE IF NOT EXISTS {DEFERRED_TABLE} (one INTEGER PRIMARY KEY CHECK (one = 1))")
    for index in INDEXES:
        trigger = "blocks_ai" if index == "blocks_fts" else f"{FORMS_TABLE}_ai"
        db.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
        db.execute(f'CREATE TRIGGER "{trigger}" AFTER INSERT ON blocks WHEN NOT EXISTS (SELECT 1 FROM '
                   f'{DEFERRED_TABLE}) BEGIN INSERT INTO "{index}" (rowid, text) VALUES (new.rowid, new.text); END')


@contextmanager
def indexed_in_one_pass(db: sqlite_utils.Database) -> Iterator[list[str]]:
    """Inside a write transaction: the blocks of the documents whose ids are added to the list yielded are
    indexed once they are all written. Left with an error, nothing is indexed (the transaction rolls back)."""
    assert db.conn.in_transaction, "only inside the write transaction of the import"
    db.execute(f"INSERT INTO {DEFERRED_TABLE} (one) VALUES (1)")
    written: list[str] = []
    yield written
    for index in INDEXES:
        db.conn.executemany(f'INSERT INTO "{index}" (rowid, text) SELECT rowid, text FROM blocks WHERE doc_id = ? '
                            "ORDER BY rowid", [(doc_id,) for doc_id in written])
    db.execute(f"DELETE FROM {DEFERRED_TABLE}")

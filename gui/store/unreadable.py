"""Text in the database that is not valid UTF-8 (a disk fault, another program writing to the file).

SQLite hands such text over as bytes; Python's default refuses it ("Could not decode to UTF-8 column
'exact'") and the whole read fails. Here it is read with U+FFFD in place of the bad bytes, so the rest of the
database stays usable, and `unreadable_rows` says which rows hold it.
"""

from __future__ import annotations

import sqlite3

# (table, the key that names a row to the analyst, text columns worth checking)
CHECKED = (
    ("annotations", "id", ("exact", "prefix", "suffix", "note", "coder", "eid", "doc_id")),
    ("themes", "key", ("name", "key", "description", "color")),
    ("documents", "id", ("id", "symbol", "title", "path")),  # the source is compressed bytes: checked below
    ("blocks", "doc_id || ' ' || eid", ("text", "eid")),
)


class TolerantText:
    """A `text_factory`: UTF-8, with U+FFFD for bytes that are not; counts how often that happened."""

    def __init__(self) -> None:
        self.seen = 0

    def __call__(self, data: bytes) -> str:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.seen += 1
            return data.decode("utf-8", errors="replace")


def _valid(value: object) -> bool:
    if not isinstance(value, bytes):
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def unreadable_rows(conn: sqlite3.Connection, limit: int = 50) -> list[str]:
    """Rows with text that is not UTF-8, as "annotation 1a2b3c4d (exact)" — at most `limit` of them."""
    found: list[str] = []
    for table, key, columns in CHECKED:
        casts = ", ".join(f'CAST("{c}" AS BLOB)' for c in columns)
        for row in conn.execute(f"SELECT CAST({key} AS BLOB), {casts} FROM {table}"):
            bad = [c for c, value in zip(columns, row[1:], strict=True) if not _valid(value)]
            if bad:
                name = bytes(row[0] or b"").decode("utf-8", errors="replace")
                found.append(f"{table[:-1]} {name[:40]} ({', '.join(bad)})")
                if len(found) >= limit:
                    return found
    return found

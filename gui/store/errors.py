"""Store errors: each message names the database file, says what is true, and what the analyst can do.

Only real damage ("file is not a database", "malformed") ever advises restoring a backup: a constraint that
failed because two windows wrote at once, or a folder that cannot be written, is no reason to throw work away.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gui.core.errors import MarginaliaError


class StoreError(MarginaliaError):
    """The database cannot be used as asked (damaged, from a newer version, locked, full disk, …)."""


class DocumentChanged(StoreError):
    """A write was refused because the document changed (was re-imported or removed) since it was read."""

    def __init__(self, doc_id: str, message: str) -> None:
        super().__init__(message)
        self.doc_id = doc_id


DAMAGE = ("not a database", "malformed", "disk image", "file is encrypted")


def damaged(path: Path, error: object) -> StoreError:
    """The file is damaged or not a database at all: say so, and where the automatic backups are."""
    backups = path.parent / f"{path.name}.backups"
    hint = (f" Restore the newest automatic backup from {backups} (copy it over {path.name})."
            if backups.exists() else " Restore it from your own backup, or start afresh with another --db path.")
    return StoreError(f"{path}: is not a Marginalia database or is damaged ({error}).{hint}")


def cannot_write(path: Path, error: object) -> StoreError:
    """SQLite could not open or write the file: find out whether the folder, the file or its -wal/-shm file is
    the one that cannot be written."""
    companion = _companion(path)
    if companion is not None:
        return companion
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return StoreError(f"{path}: its folder {folder} is read-only, and Marginalia writes its journal beside the "
                          "database; nothing was changed — copy the database to a folder you can write to, or "
                          "choose another --db")
    if path.exists() and not os.access(path, os.W_OK):
        return StoreError(f"{path}: the database file is read-only; nothing was changed — make it writable, "
                          "or choose another --db")
    return StoreError(f"{path}: cannot be opened for writing ({error}); nothing was changed")


SQLITE_IOERR, SQLITE_FULL = 10, 13  # primary result codes (the low byte of an extended code)
NEARLY_FULL = 16 * 2**20  # free bytes under which an I/O error while writing is a full disk


def _free(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path.parent if path.parent.exists() else Path.cwd()).free
    except OSError:
        return None


def _companion(path: Path) -> StoreError | None:
    """A problem with the database's -wal or -shm file (SQLite's write-ahead log and its index, beside it),
    named: a message about the database alone sent the analyst to the wrong file."""
    for suffix, what in (("-wal", "write-ahead log"), ("-shm", "shared-memory index")):
        other = path.with_name(path.name + suffix)
        if not (other.exists() or other.is_symlink()):
            continue
        if not other.is_file():
            return StoreError(f"{other}: the database's {what} is not a regular file; nothing was changed — "
                              "move it away (with no Marginalia window open), then try again")
        if not os.access(other, os.R_OK | os.W_OK):
            return StoreError(f"{other}: the database's {what} cannot be written (read-only, or another user's); "
                              "nothing was changed — make it writable like the database, then try again")
    return None


def translate(path: Path, error: sqlite3.Error) -> StoreError:
    """The message for an SQLite failure on `path` that an analyst can act on."""
    text = str(error)
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"{path}: another Marginalia window or command changed the same data at the same moment "
                          f"({text}); nothing was changed — run it again")
    if isinstance(error, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return StoreError(f"{path}: the database is busy in another Marginalia window or process; "
                              "nothing was changed — try again in a moment")
        free = _free(path)
        if code == SQLITE_FULL or "full" in text or ((code == SQLITE_IOERR or "disk I/O error" in text)
                                                    and free is not None and free < NEARLY_FULL):
            # A write-ahead log that cannot grow fails as "disk I/O error", not as SQLITE_FULL.
            left = f" ({free // 1024:,} KB free)" if free is not None and free < NEARLY_FULL else ""
            return StoreError(f"{path}: the disk is full{left}; nothing was changed — free some space")
        companion = _companion(path)
        if companion is not None:
            return companion
        if "readonly" in text or "unable to open" in text or "read-only" in text:
            return cannot_write(path, text)
        if "decode" in text:
            return StoreError(f"{path}: some text in the database is not readable UTF-8 ({text})")
    if any(word in text for word in DAMAGE):
        return damaged(path, text)
    return StoreError(f"{path}: {text}")


@contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Turn SQLite failures into StoreErrors naming `path`."""
    try:
        yield
    except sqlite3.Error as error:
        raise translate(path, error) from None

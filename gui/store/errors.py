"""Store errors: each message names the database file, says what is true, and what the analyst can do.

Only real damage ("file is not a database", "malformed") ever advises restoring a backup: a constraint that
failed because two windows wrote at once, or a folder that cannot be written, is no reason to throw work away.
"""

from __future__ import annotations

import os
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
    """SQLite could not open or write the file: find out whether the folder or the file is read-only."""
    folder = path.parent
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return StoreError(f"{path}: its folder {folder} is read-only, and Marginalia writes its journal beside the "
                          "database; nothing was changed — copy the database to a folder you can write to, or "
                          "choose another --db")
    if path.exists() and not os.access(path, os.W_OK):
        return StoreError(f"{path}: the database file is read-only; nothing was changed — make it writable, "
                          "or choose another --db")
    return StoreError(f"{path}: cannot be opened for writing ({error}); nothing was changed")


def translate(path: Path, error: sqlite3.Error) -> StoreError:
    """The message for an SQLite failure on `path` that an analyst can act on."""
    text = str(error)
    if isinstance(error, sqlite3.IntegrityError):
        return StoreError(f"{path}: another Marginalia window or command changed the same data at the same moment "
                          f"({text}); nothing was changed — run it again")
    if isinstance(error, sqlite3.OperationalError):
        if "locked" in text or "busy" in text:
            return StoreError(f"{path}: the database is busy in another Marginalia window or process; "
                              "nothing was changed — try again in a moment")
        if "full" in text:
            return StoreError(f"{path}: the disk is full; nothing was changed — free some space")
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

"""Where analysts' work lives: one SQLite database through sqlite-utils. No Qt here."""

import sys

# sqlite-utils imports numpy when it is installed (matplotlib brings it) only to store numpy values, which
# Marginalia never writes: keep that ~110 ms out of every start. numpy stays importable for who needs it.
if "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]

from gui.store.errors import StoreError
from gui.store.paths import document_files
from gui.store.store import (
    COLOUR,
    Changes,
    DocumentInfo,
    ImportReport,
    Memo,
    RemovedDocument,
    SearchHit,
    Store,
    clean_name,
    now,
)

__all__ = ["COLOUR", "Changes", "DocumentInfo", "ImportReport", "Memo", "RemovedDocument", "SearchHit", "Store",
           "StoreError", "clean_name", "document_files", "now"]

"""Where analysts' work lives: one SQLite database through sqlite-utils. No Qt here."""

from gui.store.errors import StoreError
from gui.store.paths import document_files
from gui.store.store import Changes, DocumentInfo, ImportReport, SearchHit, Store

__all__ = ["Changes", "DocumentInfo", "ImportReport", "SearchHit", "Store", "StoreError", "document_files"]

"""Where analysts' work lives: one SQLite database through sqlite-utils. No Qt here."""

from gui.store.errors import StoreError
from gui.store.paths import document_files
from gui.store.store import COLOUR, Changes, DocumentInfo, ImportReport, SearchHit, Store, clean_name, now

__all__ = ["COLOUR", "Changes", "DocumentInfo", "ImportReport", "SearchHit", "Store", "StoreError", "clean_name",
           "document_files", "now"]

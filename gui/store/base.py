"""What the parts of the Store share: the database, the document cache and the write transaction.

The Store is put together from parts named as analysts name things — documents (`documents.py`), the library
(`library.py`), annotations (`annotations.py`) and themes (`themebook.py`). Each part reaches the others only
through the methods declared here, which `Store` (or a sibling part) provides.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path

import sqlite_utils

from gui.core.annotations import Annotation, Theme
from gui.core.model import Document

CACHED_DOCUMENTS = 8
"""How many extracted Documents a Store keeps in memory (least recently used go first): an import of
10,000 files no longer holds every one of them (3.7 GB at 10k)."""


class DocumentCache(OrderedDict[str, Document]):
    """The few documents read last, the least recently used dropped first."""

    def __init__(self, size: int = CACHED_DOCUMENTS) -> None:
        super().__init__()
        self.size = size

    def keep(self, doc_id: str, document: Document) -> None:
        self[doc_id] = document
        self.move_to_end(doc_id)
        while len(self) > self.size:
            self.popitem(last=False)

    def find(self, doc_id: str) -> Document | None:
        document = self.get(doc_id)
        if document is not None:
            self.move_to_end(doc_id)
        return document


class StoreBase:
    """Attributes and cross-part methods of the Store, declared once for the type checker."""

    db: sqlite_utils.Database
    path: Path
    _themes: list[Theme] | None
    _documents: DocumentCache
    _versions: dict[str, str]  # doc_id → content_hash of the Document this Store read (kept after eviction)

    def _write(self) -> AbstractContextManager[sqlite_utils.Database]:
        raise NotImplementedError

    def _errors(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def document(self, doc_id: str) -> Document:
        raise NotImplementedError

    def theme(self, name_or_key: str | int) -> Theme:
        raise NotImplementedError

    def find_theme(self, name_or_key: str | int, *, digit: bool = False) -> Theme | None:
        raise NotImplementedError

    def annotations(self, doc: str | None = None, theme: str | int | None = None, eid: str | None = None,
                    status: str | None = None, coder: str | None = None, *,
                    with_subthemes: bool = False) -> list[Annotation]:
        raise NotImplementedError

    def theme_family(self, theme: str | int) -> frozenset[int]:
        raise NotImplementedError

    def default_coder(self) -> str:
        raise NotImplementedError

    def _ensure_coder(self, db: sqlite_utils.Database, coder: str) -> None:
        raise NotImplementedError

    def _check_current(self, db: sqlite_utils.Database, doc_ids: Iterable[str]) -> None:
        raise NotImplementedError

    def _forget(self, doc_id: str) -> None:
        raise NotImplementedError

    def _stored_hash(self, db: sqlite_utils.Database, doc_id: str) -> str | None:
        raise NotImplementedError


"""Importing many files: each read and extracted outside any transaction, new documents written in batches.

A folder of thousands of reports imported one transaction per document pays a durable commit (an fsync of
the log) and a fresh search-index segment for each; batches of a few dozen documents pay them once a batch.
The write lock is held only while a batch is written, never while a file is read or extracted, so tagging in
the window goes on during an import. Each batch lands whole or not at all; a re-import of a changed document
(which re-anchors its annotations) is written on its own, as `Store.import_file` writes it.

    bulk = BulkImport(store)
    for path in paths:
        reports += bulk.add(path)   # the reports of whatever landed meanwhile (often none)
    reports += bulk.finish()        # the last batch
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gui.store.documents import DocumentShelf, ImportReport, PreparedImport
from gui.store.errors import StoreError
from gui.store.indexing import indexed_in_one_pass

BATCH_DOCUMENTS = 48
BATCH_BYTES = 8_000_000  # of files read: a batch of long PDFs is written sooner


class BulkImport:
    """New documents held until a batch is full, then written in one transaction. It needs only the store's
    document shelf (typed so, not as the whole `Store`, which imports this module)."""

    def __init__(self, store: DocumentShelf, batch_documents: int = BATCH_DOCUMENTS,
                 batch_bytes: int = BATCH_BYTES) -> None:
        self.store = store
        self.batch_documents, self.batch_bytes = batch_documents, batch_bytes
        self.pending: list[PreparedImport] = []  # read and extracted, to be written with the batch

    def add(self, path: str | Path, progress: Callable[[int, int], None] | None = None,
            recognising: Callable[[int, int], None] | None = None) -> list[ImportReport]:
        """Read and extract one file; return the reports of documents written by this call (a full batch, a
        re-import, an unchanged file). An error about this file is raised; the batch is kept."""
        landed: list[ImportReport] = []
        try:
            again = Path(path).resolve() in {p.file for p in self.pending}
        except (OSError, RuntimeError):
            again = False  # a loop of links, say: reading it below says what is wrong
        if again:
            landed += self.flush()  # the same file twice: the second sees the first in the library
        prepared = self.store._prepare_import(path, None, progress, recognising)
        if isinstance(prepared, ImportReport):
            return [*landed, prepared]
        if any(p.content_hash == prepared.content_hash for p in self.pending):
            landed += self.flush()  # a second copy of a text in the batch: say so as a single import would
            prepared = self.store._prepare_import(path, None, progress, recognising)
            if isinstance(prepared, ImportReport):
                return [*landed, prepared]
        if prepared.existing is not None:  # a changed document: re-anchored on its own
            report = self.store._replace_document(prepared.existing, prepared.file, prepared.content_hash,
                                                  prepared.document)
            return [*landed, report]
        self.pending.append(prepared)  # its id is chosen when the batch is written, under the write lock
        if len(self.pending) >= self.batch_documents or sum(p.size for p in self.pending) >= self.batch_bytes:
            landed += self.flush()
        return landed

    def flush(self) -> list[ImportReport]:
        """Write the documents held, in one transaction. On failure none of them is written, and the error
        names them."""
        held, self.pending = self.pending, []
        if not held:
            return []
        batch: list[tuple[str, PreparedImport]] = []
        try:
            with self.store._write() as db, indexed_in_one_pass(db) as written:  # search index: one pass
                for prepared in held:  # ids chosen under the lock (another window may import meanwhile); the
                    # batch's own rows, written in this transaction, are seen by the next id's lookups
                    doc_id = self.store._new_id(prepared.base_id)
                    self.store._write_document(db, doc_id, prepared.file, prepared.content_hash, prepared.document)
                    written.append(doc_id)
                    batch.append((doc_id, prepared))
        except StoreError as error:
            names = ", ".join(p.file.name for p in held[:5]) + (f" and {len(held) - 5} more"
                                                               if len(held) > 5 else "")
            raise StoreError(f"{error} — {len(held)} document(s) not imported: {names}") from None
        return [prepared.report(doc_id) for doc_id, prepared in batch]

    def finish(self) -> list[ImportReport]:
        """Write what is still held (call it after the last file, and on Cancel: what was read lands)."""
        return self.flush()


def named_error(path: str | Path, error: Exception) -> str:
    """The reason a file was not imported, naming the file (most reasons do already: "x.pdf: the PDF is
    encrypted"), for the list of bad files a folder import ends with."""
    text = str(error)
    return text if Path(path).name in text else f"{path}: {text}"

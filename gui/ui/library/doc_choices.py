"""The search panel's document filter: a model over the library's labels, read in one query and shown lazily.

A combo box filled item by item made 10,000 items (and measured every label for its width) at each start of
the window and after every import: 65–120 ms at 10,000 documents. This model holds the (id, label) rows as
they come from the store; the list view asks only for the rows it shows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


class DocumentChoices(QAbstractListModel):
    """"All documents" (no id), then each document's label (its symbol, or its id), in library order."""

    def __init__(self, everything: str) -> None:
        super().__init__()
        self.everything = everything
        self.rows: list[tuple[str, str]] = []  # (id, label)
        self.row_of: dict[str, int] = {}

    def set_documents(self, docs: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self.rows = docs
        self.row_of = {}
        self.endResetModel()

    def find(self, doc_id: object) -> int:
        """The row of a document (0, "All documents", for None or one no longer there)."""
        if not isinstance(doc_id, str):
            return 0
        if not self.row_of:  # made on the first look-up only
            self.row_of = {d: i + 1 for i, (d, _label) in enumerate(self.rows)}
        return self.row_of.get(doc_id, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row <= len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.everything if row == 0 else self.rows[row - 1][1]
        if role == Qt.ItemDataRole.UserRole:
            return None if row == 0 else self.rows[row - 1][0]
        return None

"""Opening the analysis views from the menu: View ▸ Inter-coder Agreement, Overview, Coding Query and Words in
Context.

The views are imported when first opened: they bring numpy and matplotlib, which would otherwise add about half a
second to every start of the window. Each opens beside the window, not modal, so that the analyst can read the
passages it lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from gui.store import Store

Jump = Callable[[str, str], None]
"""Open a document at a block: (document id, eid)."""
CompareAt = Callable[[str, Sequence[str], str | None], None]
"""Compare coders in the reader: (document id, coders, the block to show or None for the first disagreement)."""


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_agreement(parent: QWidget, store: Store, jump: Jump, compare: CompareAt | None = None) -> QDialog:
    """How far the coders agree, theme by theme, and the passages they disagree on (and, with `compare`, a
    document's disagreements in the reader, coder beside coder)."""
    from gui.ui.agreement_view import AgreementDialog

    return _show(AgreementDialog(store, jump, parent, compare=compare))


def open_overview(parent: QWidget, store: Store, jump: Jump) -> QDialog:
    """The themes across documents, over time and together, with the passages behind each cell."""
    from gui.ui.overview_view import OverviewDialog

    return _show(OverviewDialog(store, jump, parent))


def open_query(parent: QWidget, store: Store, jump: Jump) -> QDialog:
    """Coding queries: passages whose themes satisfy an expression, within a paragraph, section or document."""
    from gui.ui.query_view import QueryDialog

    return _show(QueryDialog(store, jump, parent))


def open_words(parent: QWidget, store: Store, jump: Jump, word: str = "") -> QDialog:
    """Keyword in context (of `word`, the search's words) and word frequencies."""
    from gui.ui.words_view import WordsDialog

    return _show(WordsDialog(store, jump, word, parent))

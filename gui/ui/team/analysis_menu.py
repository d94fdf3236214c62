"""Opening the analysis views from the menu: View ▸ Inter-coder Agreement, Overview, Coding Query and Words in
Context.

The views are imported when first opened: they bring numpy and matplotlib, which would otherwise add about half a
second to every start of the window. Each opens beside the window, not modal, so that the analyst can read the
passages it lists.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from gui.store import Store
from gui.ui.session import CompareAt
from gui.ui.session import OpenBlock as Jump


def _show(dialog: QDialog, owner: QWidget) -> QDialog:
    """A window of its own beside the main window — not a dialog held on top of it: "Compare in Reader" brings
    the reader to the front, and the analyst moves between the two. It closes with the main window."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)  # the main window's close ends the app
    owner.destroyed.connect(dialog.close)
    dialog.show()
    return dialog


def open_agreement(parent: QWidget, store: Store, jump: Jump, compare: CompareAt | None = None) -> QDialog:
    """How far the coders agree, theme by theme, and the passages they disagree on (and, with `compare`, a
    document's disagreements in the reader, coder beside coder)."""
    from gui.ui.team.agreement_view import AgreementDialog

    return _show(AgreementDialog(store, jump, None, compare=compare), parent)


def open_overview(parent: QWidget, store: Store, jump: Jump) -> QDialog:
    """The themes across documents, over time and together, with the passages behind each cell."""
    from gui.ui.team.overview_view import OverviewDialog

    return _show(OverviewDialog(store, jump, None), parent)


def open_query(parent: QWidget, store: Store, jump: Jump) -> QDialog:
    """Coding queries: passages whose themes satisfy an expression, within a paragraph, section or document."""
    from gui.ui.team.query_view import QueryDialog

    return _show(QueryDialog(store, jump, None), parent)


def open_words(parent: QWidget, store: Store, jump: Jump, word: str = "") -> QDialog:
    """Keyword in context (of `word`, the search's words) and word frequencies."""
    from gui.ui.team.words_view import WordsDialog

    return _show(WordsDialog(store, jump, word, None), parent)

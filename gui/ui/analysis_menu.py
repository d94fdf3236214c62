"""Opening the analysis views from the menu: View ▸ Inter-coder Agreement and View ▸ Overview.

The views are imported when first opened: they bring numpy and matplotlib, which would otherwise add about half a
second to every start of the window. Each opens beside the window, not modal, so that the analyst can read the
passages it lists.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from gui.store import Store

Jump = Callable[[str, str], None]
"""Open a document at a block: (document id, eid)."""


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def open_agreement(parent: QWidget, store: Store, jump: Jump) -> QDialog:
    """How far the coders agree, theme by theme, and the passages they disagree on."""
    from gui.ui.agreement_view import AgreementDialog

    return _show(AgreementDialog(store, jump, parent))


def open_overview(parent: QWidget, store: Store, jump: Jump) -> QDialog:
    """The themes across documents, over time and together, with the passages behind each cell."""
    from gui.ui.overview_view import OverviewDialog

    return _show(OverviewDialog(store, jump, parent))

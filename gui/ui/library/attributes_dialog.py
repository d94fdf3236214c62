"""File ▸ Document Attributes…: the open document's attributes (mission, organ, type, country, reporting period,
agenda item, and the analyst's own) edited one by one — or set at once on every document the library's filter
shows ("mission:UNMISS", then Type = report for all 24). One undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.core.attributes import clean_attribute
from gui.store import Store
from gui.ui.coding.commands import Refresh, StoreCommand

LABELS = {"mission": "Mission", "organ": "Organ", "type": "Document type", "country": "Country or region",
          "period": "Reporting period", "agenda_item": "Agenda item"}


class SetAttributesCommand(StoreCommand):
    """Set attributes on one or many documents; undo gives each document its values before."""

    opens_its_document = False  # the library shows the change; no need to open one of many

    def __init__(self, store: Store, doc_ids: list[str], values: dict[str, str], refresh: Refresh) -> None:
        before = store.attributes_of(doc_ids)
        store.set_attributes(doc_ids, values)
        names = ", ".join(LABELS.get(n, n) for n in values)
        super().__init__(f"Set {names} of {doc_ids[0] if len(doc_ids) == 1 else f'{len(doc_ids)} documents'}",
                         docs=doc_ids)
        self.store, self.doc_ids, self.values, self.refresh = store, doc_ids, values, refresh
        self.before = before

    def _redo(self) -> None:
        self.store.set_attributes(self.doc_ids, self.values)

    def _undo(self) -> None:
        for doc_id in self.doc_ids:
            old = self.before.get(doc_id, {})
            self.store.set_attributes([doc_id], {name: old.get(name, "") for name in self.values})


class AttributesDialog(QDialog):
    """The attributes of the open document, or of the documents the library filter shows."""

    def __init__(self, parent: QWidget | None, store: Store, doc_id: str, name: str, filtered: list[str],
                 filter_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document Attributes")
        self.store, self.doc_id, self.filtered = store, doc_id, filtered
        self.values = store.attributes(doc_id)
        self.one = QRadioButton(f"This document: {name}")
        self.many = QRadioButton(f"All {len(filtered)} documents the library filter shows ({filter_text})"
                                 if filter_text else f"All {len(filtered)} documents of the library")
        self.one.setChecked(True)
        self.many.setEnabled(len(filtered) > 1)
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for attribute in store.attribute_names():
            field = QLineEdit(self.values.get(attribute, ""))
            field.setAccessibleName(LABELS.get(attribute, attribute))
            self.fields[attribute] = field
            self.form.addRow(LABELS.get(attribute, attribute), field)
        self.new_name, self.new_value = QLineEdit(), QLineEdit()
        self.new_name.setPlaceholderText("your own attribute (e.g. phase)")
        self.new_value.setPlaceholderText("its value")
        row = QHBoxLayout()
        row.addWidget(self.new_name)
        row.addWidget(self.new_value)
        self.form.addRow("New", row)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        hint = QLabel("For many documents, only the fields you change are set; an emptied field is removed.")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.one)
        layout.addWidget(self.many)
        layout.addLayout(self.form)
        for widget in (hint, self.message, buttons):
            layout.addWidget(widget)

    def changes(self) -> dict[str, str]:
        """The attributes to set: the fields changed from the open document's values, and a new one."""
        out = {name: field.text() for name, field in self.fields.items()
               if field.text().strip() != self.values.get(name, "")}
        if self.new_name.text().strip():
            out[self.new_name.text()] = self.new_value.text()
        return out

    def targets(self) -> list[str]:
        return self.filtered if self.many.isChecked() else [self.doc_id]

    def _check(self) -> None:
        try:
            for name, value in self.changes().items():
                clean_attribute(name, value)
        except ValueError as error:
            self.message.setText(str(error))
            return
        self.accept()

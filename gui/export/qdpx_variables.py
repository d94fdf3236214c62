"""Document attributes as REFI-QDA Variables: each attribute name a text `Variable` of the project, each
document's values `VariableValue`s of its `TextSource` — so that mission, organ and type reach MAXQDA, NVivo,
ATLAS.ti and QualCoder as their document variables (the schema puts them last in a source)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable

from gui.store import Store


def add_variables(root: ET.Element, store: Store, doc_ids: Iterable[str],
                  guid_of: Callable[[str, str], str]) -> dict[str, dict[str, str]]:
    """Append `<Variables>` for the attributes of these documents; returns their values by document."""
    values = store.attributes_of(doc_ids)
    names = list(dict.fromkeys(n for v in values.values() for n in v))
    if names:
        variables = ET.SubElement(root, "Variables")
        for name in names:
            ET.SubElement(variables, "Variable", guid=guid_of("variable", name),
                          name=name, typeOfVariable="Text")
    return values


def add_values(source: ET.Element, values: dict[str, str], guid_of: Callable[[str, str], str]) -> None:
    """A source's attribute values, after its selections (where the schema wants them)."""
    for name, value in values.items():
        element = ET.SubElement(source, "VariableValue")
        ET.SubElement(element, "VariableRef", targetGUID=guid_of("variable", name))
        ET.SubElement(element, "TextValue").text = value

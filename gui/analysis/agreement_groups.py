"""Agreement by group of documents: the figures of each theme over the documents of one mission (organ, type,
or an attribute of the analyst's own) — themes × mission, as NVivo's and MAXQDA's matrix queries cross codes with
a document variable. A group's figures are computed from its units as the corpus's are (κ and α are not
averages of the documents'), over the same coders and themes as the report they refine."""

from __future__ import annotations

from dataclasses import dataclass

from gui.analysis import AnalysisError
from gui.analysis.agreement import AgreementReport, compare
from gui.analysis.measures import Agreement
from gui.store import Store

NONE = "(none)"  # the group of the documents without the attribute


@dataclass(frozen=True, slots=True)
class Group:
    """The documents in scope with one value of the attribute, and their figures (per theme, pooled last)."""

    name: str  # the attribute: "mission"
    value: str  # "UNMIK", or "(none)"
    documents: tuple[str, ...]
    lines: tuple[Agreement, ...]


@dataclass(frozen=True, slots=True)
class GroupedReport:
    """A report and its documents grouped by an attribute (what the Agreement view computes off the GUI thread)."""

    report: AgreementReport
    groups: tuple[Group, ...]
    problem: str = ""  # why the documents could not be grouped (no document has the attribute)


def grouped(store: Store, report: AgreementReport, name: str) -> GroupedReport:
    """The report with its documents grouped by attribute `name`; the reason in `problem` when they cannot be."""
    try:
        return GroupedReport(report, by_attribute(store, report, name))
    except AnalysisError as error:
        return GroupedReport(report, (), str(error))


def by_attribute(store: Store, report: AgreementReport, name: str) -> tuple[Group, ...]:
    """The report's documents grouped by their value of attribute `name`, in alphabetical order ("(none)"
    last), each with its own figures."""
    name = name.strip().lower()
    attributes = store.attributes_of(d.id for d in report.documents)
    members: dict[str, list[str]] = {}
    for info in report.documents:
        members.setdefault(attributes.get(info.id, {}).get(name) or NONE, []).append(info.id)
    if report.documents and set(members) == {NONE}:
        raise AnalysisError(f"no document in scope has the attribute {name!r} (see `attributes DOC`)")
    themes: list[str | int] = [t.id for t in report.themes]
    out = []
    for value, ids in sorted(members.items(), key=lambda kv: (kv[0] == NONE, kv[0].casefold())):
        part = compare(store, coders=report.coders, docs=ids, themes=themes or None)
        out.append(Group(name=name, value=value, documents=tuple(ids), lines=part.corpus))
    return tuple(out)

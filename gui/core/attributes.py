"""Document attributes: what an analyst files a UN document under — its mission, organ, document type, country
or region, reporting period and agenda item — read from its symbol, title block and opening text at import.

The analyst may correct any of them and add attributes of their own (`NAME=VALUE`); the store keeps who set
each value, so that a re-import refills only what import found. No Qt, no store.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gui.core.metadata import MONTHS
from gui.core.model import Document, Kind

RESOURCES = Path(__file__).resolve().parents[2] / "resources"

BUILT_IN = ("mission", "organ", "type", "country", "period", "agenda_item")
"""The attributes import fills, in the order they are shown."""

MAX_NAME, MAX_VALUE = 40, 300
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_ -]{0,39}")


@dataclass(frozen=True, slots=True)
class Mission:
    """A UN peace operation: "UNMISS", "United Nations Mission in South Sudan", "South Sudan", "2011–"."""

    acronym: str
    name: str
    country: str
    years: str


@cache
def missions() -> tuple[Mission, ...]:
    """The table of missions past and present (`resources/missions.tsv`)."""
    out: dict[str, Mission] = {}
    for line in (RESOURCES / "missions.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        acronym, name, country, years = [*line.split("\t"), "", "", ""][:4]
        out.setdefault(acronym, Mission(acronym, name, country, years))
    return tuple(out.values())


@cache
def _mission_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern of every mission's acronym and full name (longest first), and name → acronym: a
    document's text is read once, not once per mission."""
    by_name = {m.acronym: m.acronym for m in missions()} | {m.name: m.acronym for m in missions()}
    names = sorted(by_name, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"), by_name


def clean_attribute(name: str, value: str) -> tuple[str, str]:
    """An attribute as stored: its name a short word ("mission", "phase", "coder_note"), its value one line
    without control characters. Raises ValueError with a sentence an analyst can act on."""
    name = name.strip().lower().replace(" ", "_")
    if not _NAME.fullmatch(name):
        raise ValueError(f"an attribute's name is a word of up to {MAX_NAME} letters, digits, '_' or '-', "
                         f"starting with a letter, not {name[:60]!r}")
    value = " ".join("".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in value).split())
    if len(value) > MAX_VALUE:
        raise ValueError(f"an attribute's value has at most {MAX_VALUE} characters, not {len(value):,}")
    return name, value


def organ(symbol: str | None) -> str:
    """The organ that issued a document, by its symbol's series."""
    if not symbol:
        return ""
    for prefix, name in _ORGANS:
        if symbol.startswith(prefix):
            return name
    return ""


_ORGANS = (("A/HRC/", "Human Rights Council"), ("A/", "General Assembly"), ("S/", "Security Council"),
           ("E/ICEF/", "UNICEF Executive Board"), ("E/", "Economic and Social Council"),
           ("DP/", "UNDP/UNFPA/UNOPS Executive Board"), ("ST/", "Secretariat"), ("UNW/", "UN-Women Executive Board"),
           ("CEDAW/", "Committee on the Elimination of Discrimination against Women"),
           ("CRC/", "Committee on the Rights of the Child"), ("CCPR/", "Human Rights Committee"))


def head_text(document: Document, blocks: int = 14) -> str:
    """The title block and the first headings: where a document says what it is."""
    return "\n".join(b.text for b in document.blocks[:blocks] if b.kind in (Kind.PREFACE, Kind.HEADING, Kind.PARAGRAPH))


def document_type(symbol: str | None, title: str, head: str) -> str:
    """What kind of document it is, in the UN's words: "resolution", "draft resolution", "presidential
    statement", "Secretary-General report", "report", "letter", "note", "verbatim record", "concept note", …"""
    symbol = symbol or ""
    if "/RES/" in symbol or re.match(r"resolution \d", title.lower()) or "resolution adopted by" in head.lower():
        return "resolution"
    if "/PRST/" in symbol:
        return "presidential statement"
    if "/PV." in symbol:
        return "verbatim record"
    if "/SR." in symbol:
        return "summary record"
    lowered = f"{title}\n{head}".lower()
    if re.search(r"/L\.\d", symbol) or re.search(r":\s*(?:revised\s+)?draft resolution\b", title.lower()):
        return "draft resolution" if "resolution" in lowered or "/HRC/" in symbol else "draft"
    if "concept note" in lowered:
        return "concept note"
    if re.match(r"(?:identical\s+)?letters?\s+dated", title.lower()):
        return "letter"
    if re.search(r"\breport of the secretary-general\b", lowered) or \
            re.match(r"\w+ report of the secretary-general", title.lower()):
        return "Secretary-General report"
    if re.search(r"\bnote by the (?:secretary-general|secretariat)\b", lowered):
        return "note"
    if "provisional agenda" in title.lower():
        return "agenda"
    if re.search(r"\b(?:draft\s+)?report\b", lowered):
        return "report"
    return ""


def find_mission(title: str, text: str) -> str:
    """The mission a document is about: named in its title (or title block), else the one its opening text
    names most — at least three times and more than twice as often as any other (a thematic report that names
    many missions in passing is about none of them)."""
    pattern, acronym_of = _mission_names()
    in_title = pattern.search(title)
    if in_title:
        return acronym_of[in_title.group(0)]
    counts: Counter[str] = Counter(acronym_of[m] for m in pattern.findall(text))
    best = counts.most_common(2)
    if not best or best[0][1] < 3 or (len(best) > 1 and best[0][1] <= 2 * best[1][1]):
        return ""
    return best[0][0]


_SITUATION = re.compile(r"(?:situation|developments|elections?|report) (?:in|on|concerning) (?:the )?"
                        r"([A-Z][\w’'\-]+(?: (?:[A-Z][\w’'\-]+|of|and|the))*)")
_PERIOD = re.compile(r"(?:period|covers?|covering)\s+(?:the\s+period\s+)?from\s+(\d{1,2})\s+([A-Z][a-z]+)"
                     r"(?:\s+(\d{4}))?\s+(?:to|until|through)\s+(\d{1,2})\s+([A-Z][a-z]+)\s+(\d{4})")
_AGENDA = re.compile(r"\b(?:Agenda items?|Item)\s+(\d+[a-z]?(?:\s*\([a-z]\))?(?:\s+and\s+\d+)?)"
                     r"(?=\s+of the provisional agenda|\b)")


def find_country(title: str, mission: str) -> str:
    """The country or region: the mission's, or the one the title names ("Situation in South Sudan")."""
    for m in missions():
        if m.acronym == mission:
            return m.country
    match = _SITUATION.search(title)
    if match:
        return re.sub(r"(?: (?:and|of|the))+$", "", match.group(1))
    words = title.split()
    if 0 < len(words) <= 6 and all(w[:1].isupper() or w in ("of", "the", "and") for w in words) and not re.search(
            r"\b(?:Session|Council|Assembly|Committee|Summary|Report|Resolution|Information|Forum|Board)\b", title):
        return title  # a Council report titled by its country: "Central African Republic"
    return ""


def find_period(text: str) -> str:
    """The reporting period, "2024-10-21..2025-02-20", as the report states it ("from 21 October 2024 to 20
    February 2025"; "from 1 January to 31 December 2016")."""
    match = _PERIOD.search(text)
    if not match:
        return ""
    day1, month1, year1, day2, month2, year2 = match.groups()
    m1, m2 = MONTHS.get(month1.lower()), MONTHS.get(month2.lower())
    if not m1 or not m2:
        return ""
    first_year = int(year1) if year1 else int(year2) - (1 if m1 > m2 else 0)
    return f"{first_year:04d}-{m1:02d}-{int(day1):02d}..{int(year2):04d}-{m2:02d}-{int(day2):02d}"


def find_agenda_item(head: str) -> str:
    """The agenda item printed in the title block ("Agenda item 68", "Item 3 of the provisional agenda")."""
    match = _AGENDA.search(head)
    return " ".join(match.group(1).split()) if match else ""


def describe(document: Document) -> dict[str, str]:
    """The attributes import fills for a document (those it cannot tell are left out)."""
    title = document.title or ""
    head = head_text(document)
    opening = "\n".join(b.text for b in document.blocks[:60])
    mission = find_mission(f"{title} {' '.join(head.split())}", opening)  # a title printed on two lines too
    found = {
        "mission": mission,
        "organ": organ(document.symbol),
        "type": document_type(document.symbol, title, head),
        "country": find_country(title, mission),
        "period": find_period(f"{title}\n{opening}"),
        "agenda_item": find_agenda_item(head),
    }
    return {name: clean_attribute(name, value)[1] for name, value in found.items() if value}

"""Times from colleagues' files, made into one form: ISO 8601 in UTC with milliseconds, as Marginalia stores
them ("2017-02-03T10:00:00.000+00:00"); exports write them with "Z" ("2017-02-03T10:00:00.000Z", `xsd_time`).

QualCoder appends "Z" to a time that already has an offset ("…698+00:00Z"); others write "Z", an offset,
a space for "T", or no zone at all (taken as UTC). Anything else is not a time.

For people rather than programs, `readable_date` and `readable_moment` write dates as a reader does
("14 February 2017", "2 December 2026, 05:28 UTC").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_DOUBLE_ZONE = re.compile(r"([+-]\d\d:?\d\d)Z$")


def normalise_time(value: str) -> str | None:
    """The time in our form; "" for no time; None for text that is not a date and time."""
    text = value.strip()
    if not text:
        return ""
    text = _DOUBLE_ZONE.sub(r"\1", text)
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    if len(text) > 40 or not text[:4].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="milliseconds")
    except (OverflowError, ValueError):  # year 1 with an offset that takes it before year 1
        return None


def xsd_time(value: str, fallback: str) -> str:
    """A stored time as written to an export: in UTC with "Z", "2017-02-03T10:00:00.000Z", or `fallback` (as
    it is) where the value is not a time. QualCoder keeps the text of a time without its "T" and "Z" and
    writes it back with them, so that "…+00:00" came back as "…+00:00Z", which no XSD accepts; "…00.000Z"
    comes back as written. The milliseconds stay, so that a round trip gives the same time."""
    normal = normalise_time(value)
    return normal.removesuffix("+00:00") + "Z" if normal else fallback


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
NBSP = "\u00a0"  # joins a date's words so that a narrow table column never breaks it ("2017-/02-14")
_ISO_DAY = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def readable_date(value: str, joiner: str = NBSP) -> str:
    """A stored date as a reader writes it: "2017-02-14" → "14 February 2017", "2017-02" → "February 2017";
    the words joined by a non-breaking space. Text that is not an ISO date is given back as it is."""
    match = _ISO_DAY.fullmatch(value.strip())
    if match is None:
        return value
    year, month, day = match.groups()
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return value
    words = [MONTH_NAMES[int(month) - 1], year]
    if day is not None:
        try:
            datetime(int(year), int(month), int(day))
        except ValueError:
            return value
        words.insert(0, str(int(day)))
    return joiner.join(words)


def readable_moment(value: str) -> str:
    """An export's ISO time as a reader writes it: "2026-12-02T05:28:08+00:00" → "2 December 2026, 05:28 UTC"."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    zone = " UTC" if moment.tzinfo is not None else ""
    return f"{moment.day} {MONTH_NAMES[moment.month - 1]} {moment.year}, {moment:%H:%M}{zone}"

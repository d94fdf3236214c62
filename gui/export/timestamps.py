"""Times from colleagues' files, made into one form: ISO 8601 in UTC with milliseconds, as Marginalia writes
them ("2017-02-03T10:00:00.000+00:00"), valid as xsd:dateTime in REFI-QDA and JSON-LD.

QualCoder appends "Z" to a time that already has an offset ("…698+00:00Z"); others write "Z", an offset,
a space for "T", or no zone at all (taken as UTC). Anything else is not a time.
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
    """A stored time as written to an export: normalised, or `fallback` where it is not a time."""
    return normalise_time(value) or fallback

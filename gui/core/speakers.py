"""Speakers in verbatim records: how a statement's label is printed, and how a citation names its speaker.

Light on purpose (no PDF code): the PDF reader (`pdf/speeches.py`) finds the labels, the citation code
(`citation.py`) names the speaker of a block from the label's heading (`speech_N`).
"""

from __future__ import annotations

import re

VERBATIM = re.compile(r"(?:^|/)PV\.\d+")
"""The symbol of a verbatim record: `S/PV.9876`, `A/79/PV.64`, `A/ES-10/PV.35` (with `/Resumption 1` etc.)."""

_HONORIFIC = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Baroness|Archbishop|Cardinal|Monsignor|Sheikh|Sheikha"
              r"|Prince|Princess|King|Queen|Emir|Rabbi|Bishop|Father|Sister|Judge|General|Ambassador)")
_OFFICE = (r"(?:Acting |Temporary |Interim )?(?:President|Vice-President|Chair|Chairman|Chairwoman|Chairperson"
           r"|Secretary-General|Deputy Secretary-General|Co-Chair|Rapporteur)")
SPEAKER = re.compile(
    rf"^(?P<label>(?:The {_OFFICE}|{_HONORIFIC}\.? (?P<name>[^\W\d][^:()\n]{{0,60}}?))"
    r"(?:\s*\((?!(?:spoke|interpretation) )(?P<role>[^()]{2,160}?)\))?"
    r"(?:\s*\((?:spoke|interpretation) (?:in|from) [^()]{2,40}\))?)\s*:\s+(?=\S)")
"""A speaker's label opening a statement: "The President:", "The Acting President (spoke in French):",
"Mr. Nebenzia (Russian Federation) (spoke in Russian):", "Ms. Sharma (Department for General Assembly …):"."""


def is_verbatim(symbol: str | None) -> bool:
    """True for the symbol of a verbatim record of the Security Council or the General Assembly."""
    return bool(symbol and VERBATIM.search(symbol))


def speaker_of(label: str) -> str:
    """How a citation names the speaker of a turn: the delegation or body in brackets ("Russian Federation"),
    else the office ("The President") or the name; "(spoke in Russian)" is never part of it."""
    m = SPEAKER.match(label.rstrip() + ": x")
    if m is None:
        return label
    if m.group("role"):
        return m.group("role").strip()
    return re.sub(r"\s*\((?:spoke|interpretation)[^()]*\)$", "", m.group("label")).strip()


def speaker_heading(eid: str) -> bool:
    """True for the eid of a speaker's label in a verbatim record (`speech_3`, not `speech_3__p_1`)."""
    return bool(_SPEECH.fullmatch(eid))


_SPEECH = re.compile(r"speech_\d+")

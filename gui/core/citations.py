"""References to UN documents in a document's text: "S/2017/130", "A/79/675-S/2024/876" (both),
"resolution 2467 (2019)" (S/RES/2467 (2019)), "General Assembly resolution 77/276" (A/RES/77/276),
"resolutions 1820 (2008), 1888 (2009) and 2106 (2013)" (three), with their pinpoints ("S/2025/153, para. 68",
"paragraph 5 of resolution 1701 (2006)").

Each `Citation` is kept with its block (eid), its character span in the block's text, its targets in canonical
form and its pinpoint. The rules are general ones of the UN's own citation style (the Editorial Manual): a
symbol is a series (A, S, E, A/HRC, …) and slash-separated parts with at least one number; a resolution named by
number takes its organ from the form of the number (Council "2467 (2019)", Assembly "77/276", ECOSOC
"2024/5", old Assembly "1514 (XV)") and, where the form is shared (Assembly or Human Rights Council "52/12"),
from the organ named in the sentence, else from the citing document's own organ. No Qt, no store.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

SERIES = ("A", "S", "E", "ST", "TD", "DP", "UNW", "UNEP", "JIU", "CRC", "CEDAW", "CCPR", "CERD", "CAT", "CMW",
          "CRPD", "FCCC", "ICCD", "TPNW", "SPLOS", "ISBA", "UNEP", "HS", "ITLOS", "NPT", "CTBT", "APLC", "CCW",
          "BWC", "ATT", "UNICEF", "PBC", "CCPCJ", "UNODC", "IDB", "ECE", "ECA", "ECLAC", "ESCAP", "ESCWA",
          "SSC", "HRI", "CEB", "GEGN.2", "UNCTAD")
"""The first part of a UN document symbol: the organ or series that issued it (SSC: the High-level Committee on
South-South Cooperation; HRI: the human rights treaty bodies' joint documents; CEB: the Chief Executives Board;
GEGN.2: the Group of Experts on Geographical Names)."""

_SERIES = "|".join(re.escape(s) for s in sorted(set(SERIES), key=len, reverse=True))
_PART = r"(?:ES-\d+|[A-Z0-9][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*(?:\(\d+\))?)"
_SLASH = r"/[\s\u00ad]?"  # a symbol broken at the end of a line after its slash comes back with a space
_ONE = rf"(?:{_SERIES}){_SLASH}{_PART}(?:{_SLASH}{_PART})*(?:\s?\((?:19|20)\d\d\)|\s\(Part [IVX]+\))?"
SYMBOL = re.compile(rf"(?<![\w/.\-])(?:{_ONE})(?:\s?[-–]\s?(?:{_ONE}))*(?![\w/])")
"""One symbol or a joint one ("A/79/675-S/2024/876"); each part checked by `_valid`."""
_ONE_RE = re.compile(_ONE)

_NUMBERS = (r"\d+(?:\s?\([a-z]{1,5}\))*"  # 5, 5 (a), 16–17, 3 to 9, 30, 34 and 51, 9 (a), (b) and (c)
            r"(?:\s?(?:[-–]|to|and|,|, and)\s?(?:\d+(?:\s?\([a-z]{1,5}\))*|\([a-z]{1,5}\)))*")
_PIN_AFTER = re.compile(
    rf",?\s+(?:(?P<para>paras?\.|paragraphs?)\s+(?P<nums>{_NUMBERS})"
    r"|(?P<annex>annex(?:es)?(?:\s+(?:[IVXL]+|\d+)\b)?)(?:,\s+(?:paras?\.|paragraphs?)\s+(?P<anums>\d+(?:\s?[-–]\s?\d+)?))?"
    r"|(?P<sect>(?:sect|chap)\.\s+[IVXL]+(?:\.[A-Z])?)"
    r"|(?P<fn>footnote\s+\d+))")
"""A pinpoint printed after a symbol: ", para. 68", " paras. 16–17", ", annex I", ", annex, para. 3", ", sect. II"."""

_ORGANS = {
    "security council": "S", "general assembly": "A", "assembly": "A", "human rights council": "HRC",
    "economic and social council": "E", "council": "", "unscr": "S",
}
_ORGAN_RE = re.compile(r"\b(Security Council|General Assembly|Human Rights Council|Economic and Social Council"
                       r"|Assembly|Council|ESCWA|ESCAP|ECLAC|ECA|ECE|Executive Board|Executive Committee)\b")
_OTHER_BODIES = ("escwa", "escap", "eclac", "eca", "ece", "executive board", "executive committee")
"""Bodies whose resolutions are not symbols of the main organs ("ESCWA resolution 327 (XXIX)"): not cited."""
_RESOLUTION_NUMBER = (r"(?:\d{1,4}\s?\((?:19|20)\d\d\)"  # Council: 2467 (2019)
                      r"|\d{1,4}(?:\s?(?-i:[A-H]))?\s?\([IVXL]+\)"  # old Assembly: 1514 (XV), 2200 A (XXI)
                      r"|(?:ES-\d+|S-\d+|\d{1,4})/\d{1,4}(?:\s?(?-i:[A-H])\b)?"  # Assembly, HRC, ECOSOC: 77/276, 2024/5
                      r"|\d{3,4}(?![\d/(]|\s\(|\.\d|,\d))")  # a Council resolution without its year: 1701
_DATED = r"(?:\s+of\s+\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})"  # "53/199 of 15 December 1998"
_LIST_SEP = rf"{_DATED}?(?:,\s?(?:and\s|or\s)?|\s(?:and|or)\s|\s?;\s?)\s?"
RESOLUTION = re.compile(
    r"(?=[pPoOsSgGhHeEcCaArRuU])"  # a first-letter filter: the pattern is tried only where it can start
    rf"(?:(?:(?P<pin>(?:operative\s+)?(?:paragraphs?|paras?\.)\s+(?P<pnums>{_NUMBERS})\s+of\s+)"
    r"|(?P<apin>annex\s+(?P<anum>[IVXL]+|\d+)\s+to\s+))"
    r"(?:(?:its|the|that|this|Council|Assembly)\s+)?)?(?:United\s+Nations\s+)?"
    r"(?P<organ>(?:Security Council|General Assembly|Human Rights Council|Economic and Social Council|Council"
    r"|Assembly)\s+)?"
    rf"(?P<word>resolutions?|UNSCR)\s+(?P<list>{_RESOLUTION_NUMBER}(?:{_LIST_SEP}{_RESOLUTION_NUMBER})*)",
    re.IGNORECASE)
_HAS_RESOLUTION = re.compile(r"(?i:resolution)|UNSCR")
_ITEM = re.compile(rf"(?P<date>{_DATED})|{_RESOLUTION_NUMBER}")
_NAMED_SESSION = re.compile(r"(Human Rights Council|General Assembly|Security Council|Economic and Social Council)"
                            r"\s+resolutions?\s+((?:ES-|S-)?\d{1,4}/\d{1,4})")
_CHAINED_PIN = re.compile(r"(?:,|\band)\s+(?P<num>\d{1,3}(?:\s?\([a-z]{1,5}\))?)\s+of\s+$")
"""The second of "paragraphs 11 of resolution 2213 (2015), 11 of resolution 2362 (2017)": the word "paragraphs"
printed once for a series of pinpoints, each before its resolution."""
_YEAR_OF = re.compile(r"\b(\d{1,4})\s?\(((?:19|20)\d\d)\)")
_MASTHEAD = re.compile(rf"(?:\s|{_ONE}|\d{{1,2}}\s+[A-Z][a-z]+\s+\d{{4}}|[-–*,])*")
SENTENCE_REACH = 600  # characters looked back for the organ named in the sentence (a long block stays linear)
_SENTENCE_END = re.compile(r"[.;:!?]\s+(?=[A-Z(“\"])")


@dataclass(frozen=True, slots=True)
class Citation:
    """A reference in one block: `text[start:end]` of block `eid` cites `targets` (canonical symbols), at
    `pinpoint` ("para. 68", "paras. 16–17", "annex I", "" for the whole document)."""

    eid: str
    start: int
    end: int
    text: str
    targets: tuple[str, ...]
    pinpoint: str = ""

    def to_json(self) -> dict[str, object]:
        return {"eid": self.eid, "start": self.start, "end": self.end, "text": self.text,
                "targets": list(self.targets), "pinpoint": self.pinpoint}


def symbol_key(symbol: str) -> str:
    """The form symbols are matched by: no spaces, upper case, no year ("S/RES/2467 (2019)" → "S/RES/2467"),
    so that "resolution 1701" and "S/RES/1701(2006)" find the same document."""
    key = re.sub(r"\s+|\u00ad", "", symbol).upper()
    return re.sub(r"\((?:19|20)\d\d\)$", "", key) if "/RES/" in key else key


def document_keys(symbol: str | None) -> list[str]:
    """The keys a document is found under: each part of a joint symbol ("A/79/675-S/2024/876": both)."""
    if not symbol:
        return []
    return list(dict.fromkeys(symbol_key(m.group(0)) for m in _ONE_RE.finditer(symbol) if _valid(m.group(0)))) \
        or [symbol_key(symbol)]


def is_symbol(text: str) -> bool:
    """Whether `text` is a UN document symbol as printed ("S/RES/1701 (2006)", "A/79/675-S/2024/876"), not a
    document id or a word: what "who cites it?" may be asked of when no library document has it."""
    match = SYMBOL.fullmatch(" ".join(text.split()))
    return match is not None and all(_valid(m.group(0)) for m in _ONE_RE.finditer(match.group(0)))


def canonical(symbol: str) -> str:
    """A symbol as the citations store it: "S/RES/1701(2006)" → "S/RES/1701 (2006)"."""
    return _canonical_symbol(" ".join(symbol.split()))


UNDOCS = "https://undocs.org/"


def undocs_url(symbol: str) -> str:
    """The address of a symbol's document at the UN's own resolver: a resolution with its year as the UN
    writes it in an address ("https://undocs.org/S/RES/1701(2006)"), any other part in brackets left out."""
    text = canonical(symbol)
    if re.search(r"/RES/.*\((?:19|20)\d\d\)$", text):
        return UNDOCS + text.replace(" ", "")
    return UNDOCS + text.split(" (")[0]


def organ_of(symbol: str | None) -> str:
    """The organ of a document by its symbol: "S", "A", "HRC" (A/HRC/…), "E", or "" for other series."""
    if not symbol:
        return ""
    if symbol.startswith("A/HRC/"):
        return "HRC"
    return symbol.split("/", 1)[0] if symbol.split("/", 1)[0] in ("A", "S", "E") else ""


def _valid(symbol: str) -> bool:
    """A real symbol: a series and at least two parts with a number among them ("S/2017/130", "A/HRC/56/25"),
    or an old Council document number ("S/25704"); not "A/B testing" nor "S/he"."""
    parts = re.sub(r"\s", "", symbol).split("(")[0].split("/")
    if len(parts) == 2:
        return parts[0] == "S" and re.fullmatch(r"\d{4,5}", parts[1]) is not None
    if parts[0] == "S" and parts[1].isdigit() and not re.fullmatch(r"(?:19|20)\d\d", parts[1]):
        return False  # "S/2376/2025": another organisation's (OPCW's) number; the Council's are S/2025/376
    return any(any(c.isdigit() for c in p) for p in parts[1:])


def _canonical_symbol(symbol: str) -> str:
    """ "S/2024/ 817" → "S/2024/817"; "S/RES/2467(2019)" → "S/RES/2467 (2019)"; "(Part I)" kept."""
    tail = re.search(r"\s?\((?:((?:19|20)\d\d)|(Part [IVX]+))\)$", symbol)
    text = re.sub(r"[\s\u00ad]", "", symbol[:tail.start()] if tail else symbol)
    if tail and tail.group(2):
        return f"{text} ({tail.group(2)})"
    return f"{text} ({tail.group(1)})" if tail and "/RES/" in text else text


def _pinpoint_after(text: str, end: int) -> tuple[str, int]:
    """The pinpoint printed right after a reference that ends at `end`, and where it ends."""
    match = _PIN_AFTER.match(text, end)
    if not match or re.match(r"\s+of\b", text[match.end():]):  # "…, paragraph 13 of resolution 2009": the next one's
        return "", end
    if match.group("para"):
        nums = _tidy_numbers(match.group("nums"))
        plural = bool(re.search(r"[-–,]|and|to", nums)) or match.group("para").lower() in ("paras.", "paragraphs")
        return f"{'paras.' if plural else 'para.'} {nums}", match.end()
    if match.group("annex"):
        annex = re.sub(r"\s+", " ", match.group("annex"))
        return (f"{annex}, para. {_tidy_numbers(match.group('anums'))}" if match.group("anums") else annex), \
            match.end()
    return re.sub(r"\s+", " ", match.group("sect") or match.group("fn")), match.end()


_PIN_BEFORE = re.compile(
    rf"(?P<word>paragraphs?|paras?\.)\s+(?P<nums>{_NUMBERS})\s+of\s+(?:the|my|his|her|its|that|this)\s+"
    r"[\w’'\- ]{0,60}?(?:report|letter|note|statement|document)s?\s*(?:\(|\(see\s+)?$", re.IGNORECASE)


def _pinpoint_before(text: str, start: int) -> str:
    """A pinpoint printed before a symbol: "paragraph 5 of the Secretary-General’s report (S/2025/6)"."""
    window = text[max(0, start - 400):start]
    if "para" not in window.lower():
        return ""  # most symbols: no paragraph named before them
    match = _PIN_BEFORE.search(window)
    if not match:
        return ""
    nums = _tidy_numbers(match.group("nums"))
    plural = bool(re.search(r"[–,]|and", nums)) or match.group("word").lower() in ("paras.", "paragraphs")
    return f"{'paras.' if plural else 'para.'} {nums}"


def _tidy_numbers(nums: str) -> str:
    """ "16-17" → "16–17", "5(a)" → "5 (a)": the printed numbers, as the Editorial Manual writes them."""
    nums = re.sub(r"\s*[-–]\s*|\s+to\s+", "–", nums.strip().rstrip(","))
    return re.sub(r"(\d)\(", r"\1 (", nums)


def first_paragraph(pinpoint: str) -> tuple[str, str]:
    """(paragraph number, point) a pinpoint starts at: "paras. 16–17" → ("16", ""); "para. 5 (a)" → ("5", "a");
    "annex I, para. 3" → ("3", ""); "annex" → ("", "")."""
    match = re.search(r"paras?\.\s+(\d+)(?:\s?\(([a-z]+)\))?", pinpoint)
    return (match.group(1), match.group(2) or "") if match else ("", "")


class CitationFinder:
    """Finds the citations of one document's blocks. `symbol` is the citing document's own: it says the organ
    of an unqualified "resolution 52/12", and references to the document itself are not citations."""

    def __init__(self, symbol: str | None) -> None:
        self.organ = organ_of(symbol)
        self.own = set(document_keys(symbol))
        self.years: dict[str, str] = {}  # Council resolution number → year, from this document's own mentions
        self.organs: dict[str, str] = {}  # "19/26" → "HRC", where the document names the organ once

    def find(self, blocks: Iterable[tuple[str, str]]) -> list[Citation]:
        """The citations of (eid, text) blocks, in reading order."""
        blocks = list(blocks)
        for _eid, text in blocks:  # "resolution 1701" alone takes the year printed elsewhere: 1701 (2006)
            # (each pattern only where its literal part is: most blocks have neither; import speed)
            for number, year in _YEAR_OF.findall(text) if "(19" in text or "(20" in text else ():
                self.years.setdefault(number, year)
            for organ, number in _NAMED_SESSION.findall(text) if "resolution" in text else ():
                self.organs.setdefault(number, _ORGANS[organ.lower()] or self._council())
        found: list[Citation] = []
        for eid, text in blocks:
            found += self.find_in(eid, text)
        return found

    def find_in(self, eid: str, text: str) -> list[Citation]:
        """The citations in one block's text, in the order they are printed."""
        found: list[Citation] = []
        taken: list[tuple[int, int]] = []
        has_slash = "/" in text
        if has_slash and len(text) < 200 and _MASTHEAD.fullmatch(text):
            return found  # "A/52/826 S/1998/222 17 March 1998": the document's own title block, not a reference
        resolutions = RESOLUTION.finditer(text) if _HAS_RESOLUTION.search(text) else ()  # most blocks have none
        for match in resolutions:
            citation = self._resolutions(eid, text, match)
            if citation is not None:
                found.append(citation)
                taken.append((citation.start, citation.end))
        starts = [start for start, _ in taken]  # in order: resolutions are found left to right
        for match in SYMBOL.finditer(text) if has_slash else ():
            i = bisect_right(starts, match.start()) - 1
            if i >= 0 and match.start() < taken[i][1]:
                continue  # inside a resolution's span ("… resolution 2467 (2019)" read as such)
            citation = self._symbols(eid, text, match)
            if citation is not None:
                found.append(citation)
        return sorted(found, key=lambda c: c.start)

    def _symbols(self, eid: str, text: str, match: re.Match[str]) -> Citation | None:
        parts = [m.group(0) for m in _ONE_RE.finditer(match.group(0))]
        targets = [_canonical_symbol(p) for p in parts if _valid(p)]
        if len(targets) != len(parts) or not targets:
            return None
        targets = [t for t in dict.fromkeys(targets) if symbol_key(t) not in self.own]
        if not targets:
            return None
        end = match.end()
        while text[end - 1] in ".-–" and end > match.start():  # a full stop after the symbol is the sentence's
            end -= 1
        pinpoint, pin_end = _pinpoint_after(text, end)
        if not pinpoint and text[match.start() - 1:match.start()] == "(" and text[end:end + 1] == ")":
            pinpoint = _pinpoint_after(text, end + 1)[0]  # "Supplement No. 18 (A/55/18), annex V"
        if not pinpoint:
            pinpoint = _pinpoint_before(text, match.start())
        return Citation(eid, match.start(), pin_end, text[match.start():pin_end], tuple(targets), pinpoint)

    def _resolutions(self, eid: str, text: str, match: re.Match[str]) -> Citation | None:
        organ = self._organ(text, match)
        items = [m.group(0) for m in _ITEM.finditer(match.group("list")) if not m.group("date")]
        targets: list[str] = []
        all_bare = True  # so far, every item a number without its year
        for i, item in enumerate(items):
            bare = item.isdigit()
            if bare and i and not all_bare:
                break  # "resolution 2467 (2019), 2020 saw …": a year after a dated list is not a resolution
            all_bare = all_bare and bare
            target = self._resolution(item, organ, match.group("word").upper() == "UNSCR")
            if target is None:
                break  # "resolution 1701 and 60 others": the list stops at what is not a resolution
            targets.append(target)
        if not targets:
            return None
        end = match.start("list") + _item_end(match.group("list"), len(targets))
        start = match.start()
        if match.group("organ") is None and match.group("pin") is None and match.group("apin") is None:
            start = match.start("word")
        pinpoint = ""
        if match.group("apin"):  # "annex I to resolution 2734 (2024)"
            pinpoint = f"annex {match.group('anum')}"
        elif match.group("pin"):
            nums = _tidy_numbers(match.group("pnums"))
            plural = bool(re.search(r"[-–,]|and|to", nums)) or match.group("pin").lower().rstrip().endswith(
                ("paragraphs", "paras."))
            pinpoint = f"{'paras.' if plural else 'para.'} {nums}"
        elif match.group("organ") is None and (chained := _CHAINED_PIN.search(text, max(0, start - 40), start)) \
                and "paragraphs" in text[max(0, start - 300):start].lower():
            pinpoint, start = f"para. {_tidy_numbers(chained.group('num'))}", chained.start("num")
        elif len(targets) == 1:
            pinpoint, end = _pinpoint_after(text, end)
        targets = [t for t in dict.fromkeys(targets) if symbol_key(t) not in self.own]
        if not targets:
            return None
        return Citation(eid, start, end, text[start:end], tuple(targets), pinpoint)

    def _organ(self, text: str, match: re.Match[str]) -> str:
        """The organ whose resolution this is: named just before "resolution", or last named earlier in the
        same sentence ("the Human Rights Council … in its resolution 52/12"), or the citing document's."""
        named = match.group("organ")
        if named:
            return _ORGANS[named.strip().lower()] or self._council()
        sentence_start = max(0, match.start() - SENTENCE_REACH)
        for end in _SENTENCE_END.finditer(text, sentence_start, match.start()):
            sentence_start = end.end()
        before = list(_ORGAN_RE.finditer(text, sentence_start, match.start()))
        if before:
            named_before = before[-1].group(1).lower()
            if named_before in _OTHER_BODIES:
                return "other"
            return _ORGANS[named_before] or self._council()
        first = re.search(_RESOLUTION_NUMBER, match.group("list"))
        return self.organs.get(first.group(0), self.organ) if first else self.organ

    def _council(self) -> str:
        """ "the Council" of a Human Rights Council or ECOSOC document is its own; elsewhere the Security Council."""
        return self.organ if self.organ in ("HRC", "E") else "S"

    def _resolution(self, item: str, organ: str, unscr: bool) -> str | None:
        item = " ".join(item.split())
        if match := re.fullmatch(r"(\d{1,4}) ?\(((?:19|20)\d\d)\)", item):
            return f"S/RES/{match.group(1)} ({match.group(2)})"
        if organ == "other":
            return None  # another body's resolution (a regional commission's: "ESCWA resolution 327 (XXIX)")
        if match := re.fullmatch(r"(\d{1,4})(?: ?([A-H]))? ?\(([IVXL]+)\)", item):
            return f"A/RES/{match.group(1)}{' ' + match.group(2) if match.group(2) else ''} ({match.group(3)})"
        if match := re.fullmatch(r"((?:ES-|S-)?\d{1,4})/(\d{1,4})(?: ?([A-H]))?", item):
            session, number, letter = match.groups()
            suffix = f" {letter}" if letter else ""
            if re.fullmatch(r"(?:19|20)\d\d", session):
                return f"E/RES/{session}/{number}{suffix}"  # ECOSOC numbers by year: 2024/5
            if organ == "HRC" or (session.startswith("S-") and organ != "A"):
                return f"A/HRC/RES/{session}/{number}{suffix}"
            if organ == "E":
                return None  # a subsidiary commission's "60/2": not an ECOSOC resolution
            return f"A/RES/{session}/{number}{suffix}"
        if re.fullmatch(r"\d{3,4}", item) and (unscr or organ == "S"):
            year = self.years.get(item)
            return f"S/RES/{item} ({year})" if year else f"S/RES/{item}"
        return None


def _item_end(listed: str, count: int) -> int:
    """Where the `count`-th resolution number of a list ends."""
    items = [m for m in _ITEM.finditer(listed) if not m.group("date")]
    return items[count - 1].end()


def find_citations(symbol: str | None, blocks: Iterable[tuple[str, str]]) -> list[Citation]:
    """Every citation in a document's (eid, text) blocks; `symbol` is the document's own."""
    return CitationFinder(symbol).find(blocks)

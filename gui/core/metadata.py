"""Title-block metadata: document symbol, date, original language; lines that belong to the title block."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

_SERIES = r"[A-Z]{1,6}(?:\.\d)?(?:-[A-Z]{2,5})?"  # A, S, E, ST, UNW, TPNW, GEGN.2, DP-FPA
_PART = (r"(?:[A-Z]{1,5}-\d{1,3}"  # ES-10
         r"|[A-Z][A-Za-z]{0,9}(?:\.[A-Z0-9]{1,4}[a-z]?)?(?:\(\d{1,3}\))?"  # RES, COP(8), CN.4, PV.64, C.I, L.2
         r"|\d{1,5}(?:\.\d{1,3})?)")  # 2025, 1244
_ONE = rf"{_SERIES}(?:/{_PART})+(?: \(\d{{4}}\))?"
SYMBOL = re.compile(rf"(?<![\w/.-])((?:{_ONE})(?:\s?[-–]\s?{_ONE})?)(?![\w/]|-\w)")
"""A UN document symbol as printed: a series (`A`, `S`, `E/ICEF`, `UNW`, `TD/B`, `GEGN.2`) and parts, one of
them a number (`S/2017/130`, `S/RES/2769 (2025)`, `A/79/PV.64`, `ICCD/COP(8)/CST/8`, `A/80/1/Add.2`), or two
joined by a dash (`A/ES-10/1043-S/2025/529`). A full stop after it ends the sentence, not the symbol."""
_FILE_SYMBOL = re.compile(r"^(A|S|E)-(\d{4})-(\d{1,5})(?:[_\- ]|$)")
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_DATE = re.compile(r"\b(\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s+([A-Z][a-z]{2,8})\.?\s+(\d{4})\b")
_DISTR = re.compile(r"Distr\.?:?\s*[A-Za-z]+\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")
_ORIGINAL = re.compile(r"(?:Original|原件)\s*[:：]\s*([A-Za-z]+|[\u4e00-\u9fff]+)")
LANGUAGE_CODES = {
    "english": "en", "french": "fr", "spanish": "es", "russian": "ru", "arabic": "ar", "chinese": "zh",
    "英文": "en", "法文": "fr", "西班牙文": "es", "俄文": "ru", "阿拉伯文": "ar", "中文": "zh",
}
TITLE_BLOCK_LINE = re.compile(
    r"^(?:United Nations|Nations Unies|Security Council|General Assembly|Economic and Social Council"
    r"|Distr\.|Original\s*:|(?:(?:Chinese|English|French|Spanish|Russian|Arabic)(?:,\s*|\s+and\s+|\s+))*"
    r"(?:Chinese|English|French|Spanish|Russian|Arabic)(?:\s+only)?\s*$|Agenda items?|.{0,40}\bsession$"
    r"|(?:Provisional agenda )?[Ii]tems? \d[\w\s(),.and]{0,40} of the "
    r"(?:provisional |preliminary |annotated )?(?:agenda|list)"
    r"|大\s*会|安全理事会|第.{1,8}届会议|议程项目|\[(?:Original|原件))"
)


def parse_date(text: str) -> str | None:
    """The first full date in `text` ("14 February 2017", "28-29 Nov 2018") as ISO 8601."""
    for day, month, year in _DATE.findall(text):
        number = MONTHS.get(month.lower())
        if number:
            try:
                return date(int(year), number, int(day)).isoformat()
            except ValueError:
                continue
    return None


def find_symbol(head: str) -> str | None:
    """The document symbol in the title-block text (e.g. 'S/2017/130')."""
    for match in SYMBOL.finditer(head):
        if re.search(r"\d", match.group(1)):
            return re.sub(r"\s?([-–])\s?", r"\1", match.group(1)).replace("–", "-")
    return None


def symbol_from_filename(path: str | None) -> str | None:
    """`S-2016-1017_concept-note.txt` → `S/2016/1017`, for files whose text lost its masthead."""
    if not path:
        return None
    match = _FILE_SYMBOL.match(Path(path).name)
    return "/".join(match.groups()) if match else None


def find_date(head: str) -> str | None:
    """The distribution date ("Distr.: General 14 February 2017"), else the first date in the head."""
    match = _DISTR.search(re.sub(r"\s+", " ", head))
    if match:
        return parse_date(match.group(1))
    return parse_date(head)


def find_original_language(head: str) -> str | None:
    match = _ORIGINAL.search(head)
    return LANGUAGE_CODES.get(match.group(1).lower()) if match else None


def is_title_block_line(text: str) -> bool:
    """A masthead line: organ, distribution, language, session, agenda item, or the symbol itself."""
    return bool(TITLE_BLOCK_LINE.match(text)) or bool(SYMBOL.fullmatch(text.strip()))

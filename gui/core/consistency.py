"""The structure reader's consistency check: what can be verified about an outline without a ground truth.

A hand-checked ground truth exists for a handful of files; an analyst's corpus has thousands. Yet a UN document
says a great deal about its own structure: its paragraphs are numbered 1..N (annexes may restart), every number
printed at the start of a line is a paragraph, heading, list or table number, every page with text has text in
some block, its symbol is in its file name, its title is not the masthead. `check_document` measures each of those
on one outline; `Totals` adds files up; `load_coding` and `coded_found` compare with an expert coding table keyed
by paragraph number (the format of ../shared/coding/codes.csv). No Qt, no database: a batch tool and a test aid.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gui.core.model import Block, Document, Kind

MASTHEADS = frozenset({
    "united nations", "general assembly", "security council", "economic and social council", "trusteeship council",
    "international court of justice", "secretariat", "nations unies", "distr.: general", "distr.: limited",
})
_LINE_NUMBER = re.compile(r"^(\d{1,3})\.(?:\s|$)")
_OPEN_END = re.compile(r"[\w\-–]$")  # a paragraph that stops on a word, with no punctuation, was cut
_ROMAN_TOKEN = re.compile(r"^(?:[IVX]+|\d+)$")
_NUMBERED_KINDS = (Kind.PARAGRAPH, Kind.HEADING, Kind.LIST_ITEM, Kind.POINT)
_SKIPPED_KINDS = (Kind.FOOTNOTE, Kind.PREFACE, Kind.FIGURE, Kind.ASIDE, Kind.SIGNATURE)
LINE_BY_LINE = 0.6
"""A file is read "line by line" when this share of its (at least 12) paragraphs is one printed line each."""


@dataclass(slots=True)
class FileCheck:
    """What the check found in one file."""

    path: str
    status: str = "read"  # read | no text layer | error
    message: str = ""
    blocks: int = 0
    numbered: int = 0  # numbered paragraphs
    sequence_ok: bool | None = None  # None: the file numbers no paragraph
    sequence_faults: list[str] = field(default_factory=list)
    printed_gaps: list[str] = field(default_factory=list)  # gaps in the numbers the document prints (not faults)
    printed_numbers: int = 0
    printed_found: int = 0
    printed_missed: list[str] = field(default_factory=list)
    pages_without_block: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    one_line_share: float = 0.0
    line_by_line: bool = False
    symbol: str | None = None
    expected_symbol: str | None = None
    symbol_ok: bool | None = None  # None: the file name says no symbol, or one the file never prints
    symbol_unprinted: bool = False  # the file never prints the symbol its name says (another document, a stub)
    title: str | None = None
    real_title: bool = False
    mid_sentence: int = 0
    lower_headings: int = 0
    coded: int = 0
    coded_found: int = 0
    coded_missed: list[str] = field(default_factory=list)
    expected_count: int | None = None  # the coding's count of body paragraphs, where known
    complete: bool | None = None  # every body paragraph 1..expected_count found

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def problems(self) -> list[str]:
        """One short phrase per failed check (empty when the file passes every one)."""
        out: list[str] = []
        if self.status != "read":
            return [self.status if not self.message else f"{self.status}: {self.message}"]
        if self.sequence_ok is False:
            out.append("numbering " + ", ".join(self.sequence_faults[:3]))
        if self.printed_gaps:
            out.append("numbering as printed " + ", ".join(self.printed_gaps[:3]) + " (the missing numbers are "
                       "printed nowhere at a line start)")
        if self.printed_found < self.printed_numbers:
            out.append(f"printed numbers {self.printed_found}/{self.printed_numbers} "
                       f"(missed {', '.join(self.printed_missed[:5])})")
        if self.pages_without_block:
            out.append("pages with text but no block: " + ", ".join(map(str, self.pages_without_block[:8])))
        if self.line_by_line:
            out.append(f"line by line ({self.one_line_share:.0%} one-line paragraphs)")
        if self.symbol_ok is False:
            out.append(f"symbol {self.symbol or '—'} (file: {self.expected_symbol})")
        if self.symbol_unprinted:
            out.append(f"never prints {self.expected_symbol}, its name's symbol (reads as {self.symbol or '—'})")
        if not self.real_title:
            out.append(f"title {self.title or '—'!r}")
        if self.mid_sentence:
            out.append(f"{self.mid_sentence} paragraphs end mid-sentence")
        if self.lower_headings:
            out.append(f"{self.lower_headings} headings in lower case")
        if self.coded_found < self.coded:
            out.append(f"coded {self.coded_found}/{self.coded} (missed {', '.join(self.coded_missed[:5])})")
        return out


def check_document(document: Document, path: str, page_text: list[int] | None = None) -> FileCheck:
    """Every check on one extracted document. `page_text`: for a PDF, the characters of text PDFium finds on
    each page (`pdf_page_text`), to name the pages whose text is in no block (or only in a picture)."""
    out = FileCheck(path, blocks=len(document.blocks))
    _check_numbering(document, out)
    _check_printed_numbers(document, out)
    out.warnings = list(document.warnings)
    if page_text is not None:
        out.pages_without_block = pages_without_block(document, page_text)
    paragraphs = [b for b in document.blocks if b.kind is Kind.PARAGRAPH]
    one_line = sum(_printed_lines(document, b) == 1 for b in paragraphs)
    out.one_line_share = one_line / len(paragraphs) if paragraphs else 0.0
    out.line_by_line = len(paragraphs) >= 12 and out.one_line_share >= LINE_BY_LINE
    out.symbol = document.symbol
    out.expected_symbol = symbol_in_name(path)
    if out.expected_symbol is not None:
        out.symbol_ok = same_symbol(document.symbol, out.expected_symbol)
        if not out.symbol_ok and not printed_symbol(document.source, out.expected_symbol):
            out.symbol_ok, out.symbol_unprinted = None, True  # not a reading fault: the name is not the file's
    out.title = document.title
    out.real_title = real_title(document.title)
    out.mid_sentence = sum(1 for b in paragraphs if b.num is None and not b.eid.startswith("rec_")
                           and _mid_sentence(b.text))
    out.lower_headings = sum(1 for b in document.blocks if b.kind is Kind.HEADING and b.text[:1].islower())
    return out


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """A report line safe for a terminal: control characters (escape sequences) from document text as spaces."""
    return _CONTROL.sub(" ", text)


PAGE_TEXT = 60
"""A page with at least this many characters of text (spaces aside) should have some of it in a block."""


def pdf_page_text(path: str | Path) -> list[int]:
    """Characters of text (spaces aside) PDFium finds on each page of a PDF: a measure independent of the reader."""
    from gui.core.pdf.read import PDFIUM, open_pdf

    counts: list[int] = []
    with PDFIUM:
        pdf = open_pdf(str(path))
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                counts.append(len(text) - sum(text.count(c) for c in " \r\n\t\ufffe"))
                textpage.close()
                page.close()
        finally:
            pdf.close()
    return counts


def pages_without_block(document: Document, page_text: list[int]) -> list[int]:
    """Pages with text whose text is in no block: no block printed there, or only a picture's placeholder."""
    covered: set[int] = set()
    for block in document.blocks:
        if block.kind is Kind.FIGURE and re.fullmatch(r"\[Picture on page \d+\]", block.text):
            continue
        covered.update(box[0] for box in block.boxes)
    return [n for n, chars in enumerate(page_text, start=1) if chars >= PAGE_TEXT and n not in covered]


# --- numbering ------------------------------------------------------------------------------------------
def scopes(document: Document) -> dict[str | None, list[Block]]:
    """Numbered paragraphs by scope: the body (None) and each annex (its heading's eid), in reading order."""
    annexes = {b.eid for b in document.blocks if b.kind is Kind.HEADING and re.fullmatch(r"annex_\d+", b.eid)}
    parent = {b.eid: b.parent for b in document.blocks}
    out: dict[str | None, list[Block]] = {}
    for block in document.numbered_paragraphs:
        node: str | None = block.eid
        while node is not None and node not in annexes:
            node = parent.get(node)
        out.setdefault(node, []).append(block)
    return out


_CORRIGENDUM = re.compile(r"/Corr\.\d", re.IGNORECASE)
_LINE_START_NUMBER = re.compile(r"^\s*(\d{1,3})\.", re.MULTILINE)


def _check_numbering(document: Document, out: FileCheck) -> None:
    found = scopes(document)
    out.numbered = sum(len(v) for v in found.values())
    if not out.numbered or _CORRIGENDUM.search(document.symbol or "") or _CORRIGENDUM.search(
            (symbol_in_name(out.path) or "").replace("_", "/")):
        return  # a corrigendum prints the numbers of the paragraphs it corrects, not a sequence of its own
    printed = {int(n) for n in _LINE_START_NUMBER.findall(document.source)}
    previous_last = 0
    for scope, blocks in found.items():
        numbers = [int(b.num) for b in blocks if b.num and b.num.isdigit()]
        if not numbers:
            continue
        where = "" if scope is None else f" in {scope}"
        start = numbers[0]
        if start != 1 and not (scope is not None and start == previous_last + 1):
            faults = out.sequence_faults if printed & set(range(1, start)) else out.printed_gaps
            faults.append(f"starts at {start}{where}")
        for a, b in itertools.pairwise(numbers):
            if b != a + 1:
                # a number the document never prints at a line start is its own gap, not the reader's
                faults = out.sequence_faults if b < a or printed & set(range(a + 1, b)) else out.printed_gaps
                faults.append(f"{a}→{b}{where}")
        previous_last = numbers[-1]
    out.sequence_ok = not out.sequence_faults


def _check_printed_numbers(document: Document, out: FileCheck) -> None:
    """Every line of the source that opens with "12." should open a block numbered 12 (a paragraph, heading,
    list item or point), or be a table's; a footnote's, the title block's or a chart's are not counted."""
    source = document.source
    owner: dict[int, tuple[Block, bool]] = {}  # line start → (its block, whether the block opens there)
    for owned in document.blocks:
        first = True
        for a, b in owned.spans:
            pos = a
            while pos <= b:
                owner[pos] = (owned, first)
                first = False
                nl = source.find("\n", pos, b)
                if nl < 0:
                    break
                pos = nl + 1
    pos = 0
    for line in source.split("\n"):
        start, pos = pos, pos + len(line) + 1
        m = _LINE_NUMBER.match(line.strip())
        if not m:
            continue
        stripped = start + len(line) - len(line.lstrip())
        found = owner.get(stripped) or owner.get(start)
        block = found[0] if found is not None else None
        opens = found is not None and found[1]
        if block is not None and block.kind in _SKIPPED_KINDS:
            continue
        out.printed_numbers += 1
        if block is not None and (block.kind is Kind.TABLE
                                  or (opens and block.kind in _NUMBERED_KINDS and block.num == m.group(1))):
            out.printed_found += 1
        else:
            out.printed_missed.append(m.group(1))


def _printed_lines(document: Document, block: Block) -> int:
    return sum(document.source.count("\n", a, b) + 1 for a, b in block.spans)


def _mid_sentence(text: str) -> bool:
    text = text.rstrip()
    return len(text) >= 40 and bool(_OPEN_END.search(text))


# --- metadata -------------------------------------------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return [t.upper() for t in re.findall(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*", text)]


def symbol_in_name(path: str) -> str | None:
    """The symbol a file name spells (`S_RES_2769 (2025).en.pdf` → `S/RES/2769 (2025)`), if it spells one: a
    series letter group, then at least two parts, one of them a number."""
    stem = Path(path).name
    stem = re.sub(r"\.(?:en|fr|es|ru|ar|zh)?\.?(?:pdf|txt|md)$", "", stem, flags=re.I)
    stem = re.sub(r"\.(?:en|fr|es|ru|ar|zh)$", "", stem)
    stem = re.sub(r"\s*[(\[][^)\]]*[A-Za-z][^)\]]*[)\]]\s*", "", stem).strip()  # "(Part II)", "[Expanded report]"
    stem = re.sub(r"(_\d{4}_\d+)_\d$", r"\1", stem)  # a downloaded copy's number ("S_2016_99_1.pdf")
    parts = re.split(r"_", stem)
    if len(parts) < 3 or not re.match(r"^[A-Z]", parts[0]) or not any(re.search(r"\d", p) for p in parts[1:]):
        return None
    return "/".join(parts)


def printed_symbol(source: str, expected: str) -> bool:
    """Whether the file prints the symbol its name spells anywhere (separators aside). A file that never does
    holds another document (a download filed under the wrong name, "Documento de la Secretaría" under an E/
    name) or no document (a repository's "document does not exist" page): its symbol cannot be checked
    against the name, and is counted apart."""
    tokens = _tokens(expected)
    if not tokens:
        return False
    pattern = r"(?<![A-Za-z0-9])" + r"\W{0,3}".join(re.escape(t) for t in tokens) + r"(?![0-9])"
    return re.search(pattern, source, re.IGNORECASE) is not None


def same_symbol(found: str | None, expected: str) -> bool:
    """The found symbol is the one the file name spells, separators aside; a name may carry a prefix (the
    mission's "UNMIK_S_2004_613") or a part ("(Part II)") the symbol does not."""
    if not found:
        return False
    halves = re.split(r"-(?=[A-Z]+/)", found)  # a joint symbol is filed under either of its halves
    if len(halves) == 2 and _tokens(found) != _tokens(expected):
        return any(same_symbol(half, expected) for half in halves)
    have, want = _tokens(found), _tokens(expected)
    while want and (want[-1] in ("PART",) or (len(want) >= 2 and want[-2] == "PART" and _ROMAN_TOKEN.match(want[-1]))):
        want = want[:-2] if want[-1] != "PART" else want[:-1]
    if have == want:
        return True
    return len(have) >= 3 and want[-len(have):] == have and not want[-len(have) - 1].isdigit()


def real_title(title: str | None) -> bool:
    """A title that is the document's own: not missing, not the masthead, the session line or a symbol."""
    if not title or len(title.strip()) < 4:
        return False
    bare = title.strip().lower().rstrip(".")
    if bare in MASTHEADS or re.fullmatch(r"[a-z]+ session|\w+(?:-\w+)? session|agenda items? [\d, and()a-z]+", bare):
        return False
    return not re.fullmatch(r"[A-Z]+(?:/[\w.()\- ]+){2,}", title.strip())


# --- expert coding --------------------------------------------------------------------------------------
@dataclass(slots=True)
class Coding:
    """An expert coding table: per document (file stem), its symbol and the paragraph numbers coded."""

    symbols: dict[str, str] = field(default_factory=dict)
    paragraphs: dict[str, set[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def load_coding(path: str | Path) -> Coding:
    """Read codes.csv (document, symbol, paragraph, theme) and paragraph_counts.json beside it, if present."""
    path = Path(path)
    coding = Coding()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            doc, para = (row.get("document") or "").strip(), (row.get("paragraph") or "").strip()
            if not doc or not para:
                continue
            coding.symbols[doc] = (row.get("symbol") or "").strip()
            coding.paragraphs.setdefault(doc, set()).add(para)
    counts = path.with_name("paragraph_counts.json")
    if counts.is_file():
        data: Any = json.loads(counts.read_text(encoding="utf-8"))
        coding.counts = {str(k): int(v) for k, v in data.items() if isinstance(v, int)}
    return coding


def apply_coding(check: FileCheck, document: Document | None, coding: Coding) -> None:
    """Which coded paragraphs of this file the outline has as numbered body paragraphs."""
    stem = re.sub(r"(?:\.(?:en|fr|es|ru|ar|zh))?\.(?:pdf|txt)$", "", Path(check.path).name, flags=re.I)
    if coding.symbols.get(stem):
        check.expected_symbol = coding.symbols[stem]
        if document is not None:
            check.symbol_ok = same_symbol(document.symbol, check.expected_symbol)
    body = {b.num for b in scopes(document).get(None, [])} if document is not None else set()
    wanted = sorted(coding.paragraphs.get(stem, set()), key=lambda n: (len(n), n))
    check.coded = len(wanted)
    check.coded_missed = [n for n in wanted if n not in body]
    check.coded_found = check.coded - len(check.coded_missed)
    if stem in coding.counts:
        check.expected_count = coding.counts[stem]
        check.complete = document is not None and all(str(n) in body for n in range(1, check.expected_count + 1))


# --- totals ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Totals:
    """The sums over files, each figure with what it is a share of."""

    files: int = 0
    read: int = 0
    no_text_layer: int = 0
    errors: int = 0
    numbered_files: int = 0
    sequence_ok: int = 0
    printed_gaps: int = 0  # files whose numbers run 1..N but for numbers the document never prints
    printed_numbers: int = 0
    printed_found: int = 0
    files_printed_all: int = 0
    pages_without_block: int = 0
    files_pages_without_block: int = 0
    symbols_checked: int = 0
    symbols_ok: int = 0
    symbols_unprinted: int = 0
    real_titles: int = 0
    line_by_line: int = 0
    mid_sentence: int = 0
    files_mid_sentence: int = 0
    lower_headings: int = 0
    files_lower_headings: int = 0
    coded: int = 0
    coded_found: int = 0
    counted_reports: int = 0
    complete_reports: int = 0

    def add(self, check: FileCheck) -> None:
        self.files += 1
        if check.status == "no text layer":
            self.no_text_layer += 1
        elif check.status != "read":
            self.errors += 1
        if check.expected_count is not None and check.status == "read":
            self.counted_reports += 1
            self.complete_reports += bool(check.complete)
        if check.status == "read":
            self.coded += check.coded
            self.coded_found += check.coded_found
        if check.status != "read":
            return
        self.read += 1
        if check.sequence_ok is not None:
            self.numbered_files += 1
            self.sequence_ok += check.sequence_ok
            self.printed_gaps += bool(check.sequence_ok and check.printed_gaps)
        self.printed_numbers += check.printed_numbers
        self.printed_found += check.printed_found
        self.files_printed_all += check.printed_found == check.printed_numbers
        self.pages_without_block += len(check.pages_without_block)
        self.files_pages_without_block += bool(check.pages_without_block)
        self.symbols_unprinted += check.symbol_unprinted
        if check.symbol_ok is not None:
            self.symbols_checked += 1
            self.symbols_ok += check.symbol_ok
        self.real_titles += check.real_title
        self.line_by_line += check.line_by_line
        self.mid_sentence += check.mid_sentence
        self.files_mid_sentence += bool(check.mid_sentence)
        self.lower_headings += check.lower_headings
        self.files_lower_headings += bool(check.lower_headings)

    def lines(self) -> list[str]:
        """The totals as readable lines, each beside its share."""
        def share(a: int, b: int) -> str:
            return f"{a}/{b} ({100 * a / b:.1f} %)" if b else f"{a}/0"

        out = [
            f"files: {self.files}   read: {self.read}   no text layer: {self.no_text_layer}   errors: {self.errors}",
            f"numbered 1..N per scope: {share(self.sequence_ok, self.numbered_files)} of numbered files"
            f"   (of them with gaps the document prints itself: {self.printed_gaps})",
            f"printed line-start numbers found: {share(self.printed_found, self.printed_numbers)}"
            f"   (files with all: {share(self.files_printed_all, self.read)})",
            f"pages with text but no block: {self.pages_without_block} in {self.files_pages_without_block} files",
            f"symbols as the file name: {share(self.symbols_ok, self.symbols_checked)}"
            f"   (files that never print their name's symbol, not checked: {self.symbols_unprinted})",
            f"real titles: {share(self.real_titles, self.read)}",
            f"files read line by line: {self.line_by_line}",
            f"unnumbered paragraphs ending mid-sentence: {self.mid_sentence} in {self.files_mid_sentence} files",
            f"headings starting in lower case: {self.lower_headings} in {self.files_lower_headings} files",
        ]
        if self.coded:
            out.append(f"expert-coded paragraphs found: {share(self.coded_found, self.coded)}")
        if self.counted_reports:
            out.append(f"reports with every body paragraph 1..N: {share(self.complete_reports, self.counted_reports)}")
        return out

    def to_json(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def document_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to check: each PDF or text file named, and those in each folder named (not recursive)."""
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir()
                              if p.is_file() and p.suffix.lower() in (".pdf", ".txt")))
        else:
            out.append(path)
    return out

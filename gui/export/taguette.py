"""Taguette's highlights CSV (Export → Highlights → CSV): one row per highlight and tag, with the columns
`id`, `document`, `tag` and `content` — the highlighted words (Taguette keeps documents as HTML, so the
content may hold HTML: it is read as text). There is no context: the words are placed where they occur once."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from gui.export.atomic import ExportError
from gui.export.jsonld import ForeignAnnotation

HIGHLIGHT_COLUMNS = ("id", "document", "tag", "content")
MAX_HIGHLIGHTS = 200_000  # as many as a REFI-QDA project may hold


def is_highlights(header: list[str]) -> bool:
    """A CSV header of Taguette's highlights (not a codebook, which has `tag` but no `content`)."""
    return all(column in header for column in ("document", "tag", "content"))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(content: str) -> str:
    """A highlight's words: HTML read as text (tags dropped, entities decoded), spaces at the ends cut."""
    if "<" not in content and "&" not in content:
        return content.strip()
    parser = _Text()
    parser.feed(content)
    parser.close()
    return " ".join("".join(parser.parts).split(" ")).strip()


def parse_highlights_csv(data: bytes, name: str, problems: list[tuple[str, str]]) -> list[ForeignAnnotation]:
    """Each highlight with its tag; rows without words or without a document are listed in `problems`."""
    try:
        rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        header = [cell.strip().lower() for cell in next(rows, [])]
        at = {column: header.index(column) for column in HIGHLIGHT_COLUMNS if column in header}
        out: list[ForeignAnnotation] = []
        for number, row in enumerate(rows, 2):
            if not any(cell.strip() for cell in row):
                continue
            if len(out) >= MAX_HIGHLIGHTS:
                raise ExportError(f"{name}: holds more than {MAX_HIGHLIGHTS:,} highlights; split the file")
            cells = {key: row[i] if i < len(row) else "" for key, i in at.items()}
            label = f"Taguette highlight {cells.get('id', '').strip() or f'on line {number}'}"
            words, document = _text(cells["content"]), cells["document"].strip()
            if not words or not document:
                problems.append((label, "a row without " + ("highlighted words" if not words else "a document")))
                continue
            tag = cells["tag"].strip()
            out.append(ForeignAnnotation(
                id=label, doc_hint=document, eid=None,
                exact=words, prefix="", suffix="", start=0, end=0, themes=(tag,) if tag else (), note="", coder="",
                created="", modified="", whole_block=False))
    except UnicodeDecodeError:
        raise ExportError(f"{name}: a highlights CSV must be UTF-8") from None
    except csv.Error as error:
        raise ExportError(f"{name}: not a readable CSV ({error})") from None
    return out

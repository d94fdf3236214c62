"""A list of passages — a coding query's result, keyword-in-context lines — written as CSV or Markdown, with
the same care as the notes: spreadsheet formulas neutralised, document text escaped (never markup)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from gui.export.csv_export import _cell as spreadsheet_safe
from gui.export.markdown_notes import escape

FORMATS = (".csv", ".md")


def render_passages(rows: Sequence[dict[str, str]], columns: Sequence[str], suffix: str, title: str) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark, for spreadsheets) or as a Markdown list under `title`."""
    if suffix == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([spreadsheet_safe(str(row.get(c, ""))) for c in columns])
        return buffer.getvalue().encode("utf-8-sig")
    lines = [f"# {escape(title)}", ""]
    for row in rows:
        head = row.get("citation") or f"{row.get('doc', '')} {row.get('eid', '')}".strip()
        body = row.get("text") or f"{row.get('left', '')}**{row.get('match', '')}**{row.get('right', '')}"
        if "text" in row:
            body = escape(body)
        else:
            body = f"{escape(row.get('left', ''))}**{escape(row.get('match', ''))}**{escape(row.get('right', ''))}"
        lines += [f"- **{escape(head)}**: {' '.join(body.split())}"]
    return ("\n".join(lines) + "\n").encode("utf-8")

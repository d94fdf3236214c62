"""The agreement report as a file: Markdown, HTML (rendered and sanitised like the notes) or CSV.

Markdown and HTML give the scope, the corpus table, a table per document and every disagreement quoted with
its citation and who tagged it. Every piece of document text, theme name and coder name goes through the
notes' Markdown `escape`; the HTML is the Markdown rendered by Python-Markdown and then cleaned with the same
nh3 allow-list as the HTML notes, so no document text can become markup. The CSV holds the figures, one row per
document (or the corpus) and theme, with the notes' protection against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime
from pathlib import Path

import markdown
import nh3

from gui.analysis import AnalysisError
from gui.analysis.agreement import AgreementReport
from gui.analysis.measures import Agreement
from gui.core.controls import without_controls
from gui.export.atomic import write_atomic
from gui.export.csv_export import _cell as spreadsheet_safe
from gui.export.html_notes import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, STYLE
from gui.export.markdown_notes import escape
from gui.export.timestamps import readable_moment

REPORT_FORMATS = {".md": "Markdown", ".html": "HTML", ".csv": "CSV"}
QUOTE_LIMIT = 600  # characters of a disagreed passage quoted in the report; the citation leads to the rest


def figure(value: float | None, percent: bool = False) -> str:
    """0.4928 → "0.49"; agreement as "98.6 %"; an undefined measure as "—". A value that rounds to zero is
    "0.00", never "-0.00" (κ of -0.001 is no agreement beyond chance, not a negative one)."""
    if value is None:
        return "—"
    text = f"{value * 100:.1f} %" if percent else f"{value:.2f}"
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def readable_date(moment: datetime) -> str:
    """"1 December 2026, 23:40 UTC": a date a reader takes in at a glance (as the notes write it, in English
    whatever the machine's locale)."""
    return readable_moment((moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat())


def _names(report: AgreementReport) -> dict[str, str]:
    return {d.id: d.symbol or d.id for d in report.documents}


def _table(report: AgreementReport, lines: tuple[Agreement, ...]) -> list[str]:
    coders = report.coders
    mixed = len(coders) > 2
    head = ["Theme", "Units", "Agreement", "κ", "α", "All tagged" if mixed else "Both",
            *(f"Only {escape(c)}" for c in coders), *(["Some"] if mixed else []), "Neither"]
    out = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for line in lines:
        label = f"**{escape(line.theme)}**" if line.theme_id is None else escape(line.theme)
        cells = [label, str(line.units), figure(line.agreement, percent=True), figure(line.kappa),
                 figure(line.alpha), str(line.both), *(str(line.only[c]) for c in coders),
                 *([str(line.mixed)] if mixed else []), str(line.neither)]
        out.append("| " + " | ".join(cells) + " |")
    return [*out, ""]


def _quote(text: str) -> str:
    short = text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT].rsplit(" ", 1)[0] + " …"
    lines = [escape(line) for line in short.replace("\r", "").split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def render_markdown(report: AgreementReport, made: datetime | None = None) -> str:
    """The report as Markdown: scope and date first, then the figures, then the disagreements to discuss."""
    names = _names(report)
    when = readable_date(made or datetime.now(UTC))
    coders = ", ".join(escape(c) for c in report.coders)
    docs = "; ".join(escape(names[d.id]) for d in report.documents) or "none"
    out = ["# Inter-coder agreement", "", f"*Coders:* {coders}  ", f"*Documents:* {docs}  ", f"*Made:* {when}", "",
           "Each body block (paragraph, point, list item, table, footnote, figure) is a unit; a coder tagged it "
           "with a theme or did not (a tag on some of its words counts for the block). κ is Cohen's kappa (two "
           "coders), α Krippendorff's alpha (nominal); “—” where a measure is not defined (nobody, or "
           "everybody, tagged every unit).", ""]
    if not report.documents:
        return "\n".join([*out, "No document is coded by every one of these coders.", ""])
    out += ["## Corpus", "", *_table(report, report.corpus), "## By document", ""]
    for info in report.documents:
        title = " ".join((info.title or "").split())
        heading = escape(names[info.id]) + (f" — {escape(title)}" if title and title != names[info.id] else "")
        out += [f"### {heading}", "", *_table(report, report.by_document[info.id])]
    out += ["## Disagreements", ""]
    if not report.disagreements:
        out += ["The coders made the same decision on every unit.", ""]
    for theme in report.themes:
        items = [d for d in report.disagreements if d.theme.id == theme.id]
        if not items:
            continue
        out += [f"### {escape(theme.name)} ({len(items)})", ""]
        for item in items:
            tagged = ", ".join(escape(c) for c in item.tagged_by)
            not_by = ", ".join(escape(c) for c in item.not_by)
            out += [f"**{escape(item.citation)}** — tagged by {tagged}; not by {not_by}", "", _quote(item.text), ""]
    return "\n".join(out).rstrip() + "\n"


def render_html(report: AgreementReport, made: datetime | None = None) -> str:
    """The Markdown report rendered, sanitised with the notes' allow-list, in the notes' printable style."""
    body = markdown.markdown(render_markdown(report, made), extensions=["tables"])
    clean = nh3.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"https"},
                      link_rel="noopener noreferrer")
    clean = clean.replace("</h1>\n<p>", '</h1>\n<p class="scope">', 1)  # coders, documents, date: as the notes
    title = "Inter-coder agreement — " + ", ".join(report.coders)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>\n{clean}\n</body></html>\n")


def render_csv(report: AgreementReport) -> bytes:
    """One row per scope (the corpus, then each document) and theme; UTF-8 with BOM, formulas neutralised."""
    names = _names(report)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["scope", "symbol", "theme", "units", "agreement", "kappa", "alpha", "both",
                     *(f"only {c}" for c in report.coders), "mixed", "neither"])
    scopes = [("corpus", "", report.corpus)] + [(d.id, names[d.id], report.by_document[d.id])
                                                 for d in report.documents]
    for scope, symbol, lines in scopes:
        for line in lines:
            values = [scope, symbol, line.theme, line.units, _number(line.agreement), _number(line.kappa),
                      _number(line.alpha), line.both, *(line.only[c] for c in report.coders), line.mixed,
                      line.neither]
            writer.writerow([spreadsheet_safe(str(v)) for v in values])
    return buffer.getvalue().encode("utf-8-sig")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}"


def write_report(report: AgreementReport, out: str | Path, protect: tuple[Path, ...] = ()) -> Path:
    """Write the report in the format its name asks for (.md, .html, .csv), atomically."""
    suffix = Path(out).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise AnalysisError(f"--out {out}: name a .md, .html or .csv file for the agreement report")
    data: str | bytes
    if suffix == ".md":
        data = render_markdown(report)
    elif suffix == ".html":
        data = render_html(report)
    else:
        data = render_csv(report)
    if isinstance(data, str):  # quotes and notes from anyone's file: no NUL, escape sequence or bidi override
        data = without_controls(data)
    return write_atomic(out, data, protect=protect)

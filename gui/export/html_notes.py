"""HTML notes: the Markdown notes rendered by Python-Markdown, sanitised with an allow-list (nh3), then given
what the sanitiser lets no text carry — each theme's colour chip, the summary's shading, the pictures of tagged
figures. Each is made from a value this export checked (a #RRGGBB colour, a PNG it drew) and put where a token
stands that no document text can hold (a fresh random one per export)."""

from __future__ import annotations

import html
import re
import secrets

import markdown
import nh3
from markdown.extensions.toc import slugify

from gui.core.annotations import Theme
from gui.export.markdown_notes import Placeholders, render_markdown, title
from gui.export.notes import Notes
from gui.store import COLOUR

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol",
                "li", "em", "strong", "code", "a", "div", "span", "br", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
                      "th": {"style"}, "td": {"style"}, "div": {"class"}, "span": {"class"}}
_PICTURE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")
GREY = "#888888"  # a theme whose colour is not #RRGGBB (never stored so; never trusted either)
HEAT = {1: 0.14, 2: 0.26, 3: 0.40, 4: 0.55}  # a summary cell's shading, by its share of the largest count

STYLE = """
body { font: 11pt/1.55 Georgia, 'Noto Serif', 'DejaVu Serif', 'Liberation Serif', 'Times New Roman', serif,
       'Noto Serif CJK SC'; color: #1f1f1f; max-width: 46em; margin: 2.5em auto; padding: 0 1.5em; }
h1, h2, h3, h4, .scope, .toc, table { font-family: 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans',
       'Liberation Sans', sans-serif, 'Noto Sans CJK SC'; }
h1, h2, h3, h4 { line-height: 1.25; color: #17202a; }
h1 { font-size: 1.9em; margin: 0 0 .5em; }
h2 { font-size: 1.35em; border-bottom: 1px solid #c9d3dd; padding-bottom: .2em; margin-top: 2.2em; }
h3 { font-size: 1.02em; margin: 1.8em 0 .4em; color: #35506b; }
h4 { margin: 1.6em 0 .4em; font-size: 1em; color: #35506b; }
a { color: #1d4f91; }
blockquote { margin: .4em 0 .6em; padding: .3em 1em; border-left: 4px solid #c9d3dd; background: #f7f8fa; }
table { border-collapse: collapse; margin: 1em 0; font-size: 9.5pt; line-height: 1.4; }
th { background: #eef1f5; text-align: left; }
th, td { border: 1px solid #cfd6de; padding: .3em .6em; vertical-align: top; }
.entry > p { font: 9.5pt/1.5 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans', 'Liberation Sans', sans-serif,
       'Noto Sans CJK SC'; color: #3b4650; }
img { max-width: 100%; margin: .3em 0 .8em; border: 1px solid #e2e2dc; }
.scope { font-size: 10pt; line-height: 1.7; background: #f6f7f9; border-left: 4px solid #35506b;
         padding: .6em 1em; margin: 0 0 1.5em; }
.toc { font-size: 10pt; border: 1px solid #e2e2dc; padding: .5em 1.2em; margin: 1em 0 1.5em; }
.toc .toctitle { font-weight: bold; }
.toc ul { margin: .3em 0; padding-left: 1.2em; }
.chipped { white-space: nowrap; }
.chip { display: inline-block; width: 0; height: 0; border: .42em solid #888888; border-radius: .15em;
        margin: 0 .45em .08em 0; vertical-align: middle; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4; margin: 18mm 17mm 20mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4, h2 + p { break-after: avoid; page-break-after: avoid; }
  .entry, blockquote, tr, img, .scope, .chip { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def colour(theme: Theme) -> str:
    """The theme's colour if it is #RRGGBB, else grey: nothing else goes into a style attribute."""
    return theme.color if COLOUR.fullmatch(theme.color) else GREY


def chip(theme: Theme) -> str:
    """A small square in the theme's colour, drawn with borders so that it prints without background colours."""
    return f'<span class="chip" style="border-color: {colour(theme)}" aria-hidden="true"></span>'


def _heat(theme: Theme, level: int) -> str:
    red, green, blue = (int(colour(theme)[i:i + 2], 16) for i in (1, 3, 5))
    return f"background-color: rgba({red}, {green}, {blue}, {HEAT.get(level, HEAT[4])})"


def render_html(notes: Notes, by: str = "theme", matrix: bool = False) -> str:
    """A complete, printable, sanitised HTML page."""
    # Pictures of tagged figures go in after the sanitiser, which allows no image at all: each stands in the
    # Markdown as a token no document text can hold, then becomes an <img> whose source is the PNG this export
    # drew. Chips and the summary's shading go in the same way, from the theme's checked colour.
    nonce = secrets.token_hex(8)
    pictures: dict[str, str] = {}
    for item in notes.items:
        if item.picture and _PICTURE.fullmatch(item.picture) and item.picture not in pictures.values():
            pictures[f"picture{nonce}n{len(pictures)}"] = item.picture
    themes = {t.id: t for t in notes.themes}
    chips = {t.id: f"chip{nonce}n{t.id}z" for t in notes.themes}
    heat = f"heat{nonce}n"
    entry = (f"entry{nonce}open", f"entry{nonce}close")
    marks = Placeholders("[TOC]", chips, {uri: token for token, uri in pictures.items()}, heat, entry)
    chip_at = re.compile(f"chip{nonce}n(\\d+)z ?")  # the chip's margin stands for the space after it
    chip_and_word = re.compile(f"chip{nonce}n(\\d+)z ?([^\\s<]*)")  # a chip and the first word of its label

    def anchor(text: str, separator: str) -> str:  # a heading's id, as if it had no chip
        return str(slugify(chip_at.sub("", text), separator))

    body = markdown.markdown(render_markdown(notes, by, matrix=matrix, marks=marks), extensions=["tables", "toc"],
                             extension_configs={"toc": {"toc_depth": "2-2", "title": "Contents", "slugify": anchor}})
    clean = nh3.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"https"},
                      link_rel="noopener noreferrer")
    for key, uri in pictures.items():
        clean = clean.replace(f"<p>{key}</p>", f'<p><img src="{uri}" alt="figure"></p>')
    clean = re.sub(f'<td style="text-align: right;">{heat}(\\d+)x(\\d)z',
                   lambda m: f'<td style="text-align: right; {_heat(themes[int(m[1])], int(m[2]))}">'
                   if int(m[1]) in themes else '<td style="text-align: right;">', clean)
    # A chip is kept on the line of its label's first word: a line never ends between the two.
    clean = chip_and_word.sub(lambda m: f'<span class="chipped">{chip(themes[int(m[1])])}{m[2]}</span>', clean)
    clean = clean.replace(f"<p>{entry[0]}</p>", '<div class="entry">').replace(f"<p>{entry[1]}</p>", "</div>")
    # Were a renderer ever to move a token out of the place looked for, it would go rather than show.
    clean = re.sub(f"{heat}\\d+x\\d+z|entry{nonce}(?:open|close)|picture{nonce}n\\d+", "", clean)
    clean = clean.replace("</h1>\n<p>", '</h1>\n<p class="scope">', 1)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title(notes))}</title>"
            f"<style>{STYLE}</style></head><body>\n{clean}\n</body></html>\n")

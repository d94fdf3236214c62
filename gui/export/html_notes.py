"""HTML notes: the Markdown notes rendered by Python-Markdown, then sanitised with an allow-list (nh3)."""

from __future__ import annotations

import html
import re
import secrets

import markdown
import nh3

from gui.export.markdown_notes import render_markdown
from gui.export.notes import Notes

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "p", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol",
                "li", "em", "strong", "code", "a", "div", "br", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
                      "th": {"style"}, "td": {"style"}, "div": {"class"}}
_PICTURE = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")

STYLE = """
body { font: 11pt/1.55 Georgia, 'Noto Serif', 'Noto Serif CJK SC', serif; color: #1f1f1f; max-width: 46em;
       margin: 2.5em auto; padding: 0 1.5em; }
h1, h2, h3, h4 { font-family: 'Helvetica Neue', Arial, 'Noto Sans CJK SC', sans-serif; line-height: 1.25; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
h4 { margin: 1.6em 0 .4em; font-size: 1em; color: #35506b; }
blockquote { margin: .4em 0 .6em; padding: .2em 1em; border-left: 4px solid #c9d3dd; background: #f7f8fa; }
table { border-collapse: collapse; margin: 1em 0; font-size: 10pt; }
img { max-width: 100%; margin: .3em 0 .8em; border: 1px solid #e2e2dc; }
th, td { border: 1px solid #ccc; padding: .25em .6em; }
.toc { background: #f7f7f4; border: 1px solid #e2e2dc; padding: .5em 1.2em; font-size: 10pt; }
@media print { body { margin: 0; max-width: none; } blockquote, h4 { break-inside: avoid; }
              h4 { break-after: avoid; } }
"""


def render_html(notes: Notes, by: str = "theme") -> str:
    """A complete, printable, sanitised HTML page."""
    # Pictures of tagged figures go in after the sanitiser, which allows no image at all: each stands in the
    # Markdown as a token no document text can hold (a fresh random one per export), then becomes an <img>
    # whose source is the PNG this export drew.
    nonce = secrets.token_hex(8)
    pictures: dict[str, str] = {}
    for item in notes.items:
        if item.picture and _PICTURE.fullmatch(item.picture) and item.picture not in pictures.values():
            pictures[f"picture{nonce}n{len(pictures)}"] = item.picture
    tokens = {uri: token for token, uri in pictures.items()}
    markdown_text = render_markdown(notes, by, pictures=tokens)
    body = markdown.markdown("[TOC]\n\n" + markdown_text, extensions=["tables", "toc"],
                             extension_configs={"toc": {"toc_depth": "2"}})
    clean = nh3.clean(body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"https"},
                      link_rel="noopener noreferrer")
    for token, uri in pictures.items():
        clean = clean.replace(f"<p>{token}</p>", f'<p><img src="{uri}" alt="figure"></p>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape('Annotated notes — ' + notes.scope)}</title>"
            f"<style>{STYLE}</style></head><body>\n{clean}\n</body></html>\n")

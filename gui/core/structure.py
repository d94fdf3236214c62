"""Second pass of extraction: decide what each proto-block really is, in the light of its neighbours.

Each function is one rule an analyst would state: "the lines before the letter are the title block",
"an italic line that repeats the body is a pull quote", "a paragraph cut by a page break continues on
the next page", and so on. They run in order over the list of protos.
"""

from __future__ import annotations

import itertools
import re

from gui.core import lines as L
from gui.core.footnote_refs import find_reference_marks
from gui.core.inline import join_lines
from gui.core.metadata import is_title_block_line
from gui.core.regions import CAPTION
from gui.core.segment import FUNCTION_WORDS, Proto

BODY = ("paragraph", "point", "list_item", "footnote")


def merge_bare_markers(protos: list[Proto]) -> list[Proto]:
    """A number or letter alone ("A." then, after a blank, "Prevention of tensions…") takes the next text."""
    out: list[Proto] = []
    for proto in protos:
        prev = out[-1] if out else None
        if (prev is not None and prev.num is not None and not prev.text and prev.kind in ("heading", "paragraph")
                and proto.kind == "paragraph" and proto.num is None):
            prev.lines = prev.lines + proto.lines
            prev.text = proto.text
            continue
        out.append(proto)
    return out


def _substantial(p: Proto) -> bool:
    if p.kind != "paragraph" or p.num is not None:
        return True
    return (L.ends_sentence(p.text) and len(p.text) >= 30) or len(p.text) > 150


def mark_preface(protos: list[Proto]) -> None:
    """Lines before the first real block form the title block; the last of them may be the title."""
    candidates: list[Proto] = []
    for p in protos:
        if p.kind in ("paragraph", "heading") and is_title_block_line(p.text) and len(p.text) < 120:
            candidates.append(p)
            continue
        if _substantial(p):
            break
        candidates.append(p)
    else:
        return
    for p in candidates:
        p.kind, p.htype = "preface", None
    titles = [p for p in candidates if not is_title_block_line(p.text) and not L.SYMBOL_LINE.match(p.text)]
    if titles and titles[-1] is candidates[-1]:
        titles[-1].kind, titles[-1].htype = "heading", "title"
    # Bracketed "[Original: English]" lines further down (annexes) are title-block lines too.
    for p in protos:
        if p.kind == "paragraph" and re.match(r"^\[(?:Original|原件)", p.text):
            p.kind = "preface"


def mark_signatures(protos: list[Proto]) -> None:
    """'(Signed) …' and the signer's short title lines around it become one signature."""

    def short_line(p: Proto, limit: int) -> bool:
        return p.kind == "paragraph" and p.num is None and len(p.text) <= limit and not L.ends_clause(p.text)

    for i, p in enumerate(protos):
        if p.kind != "signature" or not L.SIGNED.search(p.text):
            continue
        if p.text.startswith("(Signed)"):
            # English order: "(Signed) Name", then the signer's titles.
            k = i + 1
            while (k < len(protos) and short_line(protos[k], 80) and not protos[k].bold
                   and not L.ANNEX.search(protos[k].text)):
                protos[k].kind = "signature"
                k += 1
        else:
            # Chinese order: titles first, then "Name (签名)".
            j = i - 1
            while j >= 0 and short_line(protos[j], 40) and not protos[j].bold:
                protos[j].kind = "signature"
                j -= 1


def merge_signatures(protos: list[Proto]) -> list[Proto]:
    """Consecutive signature lines are one signature block."""
    out: list[Proto] = []
    for p in protos:
        if p.kind == "signature" and out and out[-1].kind == "signature":
            out[-1].lines = out[-1].lines + p.lines
            out[-1].text = join_lines([out[-1].text, p.text])
        else:
            out.append(p)
    return out


def _norm(text: str) -> str:
    text = text.lower().replace("“", '"').replace("”", '"').replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"\w+", text))


_WORD = re.compile(r"\w+")


def _norm_all(texts: list[str]) -> str:
    """`" ".join(map(_norm, texts))` in C loops (the quotes `_norm` straightens are not word characters: they
    never reach its words); `mark_asides` runs it on the whole body of every document."""
    return " ".join(map(" ".join, map(_WORD.findall, map(str.lower, texts))))


def mark_asides(protos: list[Proto]) -> None:
    """Sidebars (sections made of hard-broken text boxes) and pull quotes (italics repeating the body)."""
    heading_idx = [i for i, p in enumerate(protos) if p.kind == "heading"] + [len(protos)]
    for start, end in itertools.pairwise(heading_idx):
        members = [p for p in protos[start + 1:end] if p.kind in ("paragraph", "list_item")]
        boxes = sum(p.hard for p in members)
        if boxes >= 2 and boxes * 2 >= len(members) and protos[start].htype in ("plain", "md", None):
            for p in [protos[start], *members]:
                p.kind = "aside"
    if not any(p.italic and p.kind == "paragraph" for p in protos):
        return  # no pull quote to look for (most documents): the body's words are not needed
    body = _norm_all([p.text for p in protos if p.kind in BODY and not p.italic])
    for p in protos:
        if p.kind != "paragraph" or not p.italic:
            continue
        fragments = [_norm(f) for f in re.split(r"\.\.\.|…|\[[^\]]*\]|\([^)]*\)", p.text)]
        fragments = [f for f in fragments if len(f.split()) >= 3]
        if fragments and all(f in body for f in fragments):
            p.kind = "aside"


def _letterless(p: Proto) -> bool:
    return p.kind == "paragraph" and p.num is None and not _LETTER.search(p.text)


_LETTER = re.compile(r"[^\W\d_]")


def mark_fragment_tables(protos: list[Proto]) -> list[Proto]:
    """Runs of six or more short label/number lines are a table that pdftotext spread one cell a line.

    Blocks of bare numbers outside such a run are dropped as furniture: the axis values and data labels
    of a chart without a caption, the page numbers of a table of contents ("1 400 1 200 1 000 800", "5").
    """

    def fragment(p: Proto) -> bool:
        return p.kind == "paragraph" and p.num is None and len(p.text) <= 80 and not L.ends_sentence(p.text)

    out: list[Proto] = []
    i = 0
    while i < len(protos):
        j = i
        while j < len(protos) and fragment(protos[j]):
            j += 1
        if j - i >= 6:
            run = protos[i:j]
            table = run[0]
            table.kind = "table"
            table.rows = [[p.text] for p in run]
            table.text = "\n".join(p.text for p in run)
            table.lines = [ln for p in run for ln in p.lines]
            out.append(table)
            i = j
        else:
            if not _letterless(protos[i]):
                out.append(protos[i])
            i += 1
    return out


def _heading_shape(text: str, limit: int = 100) -> bool:
    return (bool(text) and len(text) <= limit and not L.ends_clause(text) and not text[0].islower()
            and _LETTER.search(text) is not None)


def decide_numbers_and_headings(protos: list[Proto]) -> None:
    """Numbered lines become paragraphs only in sequence; short unpunctuated lines become headings.

    "2021. Looking ahead" inside paragraph 61 is not paragraph 2021; "1. POC and political engagement"
    is a numbered heading, not paragraph 1.
    """
    last = 0
    for i, p in enumerate(protos):
        nxt = protos[i + 1] if i + 1 < len(protos) else None
        if p.kind == "paragraph" and p.num is not None:
            n = int(p.num)
            continues = nxt is not None and nxt.kind == "paragraph" and nxt.text[:1].islower()
            if _heading_shape(p.text) and not continues and p.marker is None:
                p.kind, p.htype = "heading", "numbered"
            elif n == last + 1 or n == 1 or (p.marker and n > last) or (
                last < n <= last + 3 and (p.blank_before or p.page_break_before)
            ):
                last = n
            else:
                p.text = join_lines([f"{p.num}.", p.text])
                p.num, p.marker, p.htype = None, None, None
    def next_text(i: int) -> str:
        for q in protos[i + 1:]:
            if not q.italic:
                return q.text
        return ""

    candidates = [
        i for i, p in enumerate(protos)
        if p.kind == "paragraph" and p.num is None and not p.italic
        and (_heading_shape(p.text, 120) or (p.text.endswith("?") and len(p.text) <= 90 and not p.bold))
        and (p.blank_before or p.page_break_before or i == 0 or len(p.lines) == 1
             or protos[i - 1].kind == "heading")
        and (i + 1 < len(protos) or bool(CAPTION.match(p.text)))  # a map page ends the report: "Map"
        and p.text.split()[-1].lower() not in FUNCTION_WORDS  # "…Member States commit" runs on
        and not next_text(i)[:1].islower()
    ]
    cset = set(candidates)
    for i in candidates:
        run_start = i
        while run_start - 1 in cset:
            run_start -= 1
        run_end = i
        while run_end + 1 in cset:
            run_end += 1
        if run_end - run_start + 1 >= 3:
            continue  # "Tier I: …", "Tier II: …", "Tier III: …" are a list, not three headings
        protos[i].kind, protos[i].htype = "heading", "annex" if L.ANNEX.search(protos[i].text) else "plain"
    for p in protos:
        if p.kind == "paragraph" and p.bold and _heading_shape(p.text, 250):
            p.kind, p.htype = "heading", "plain"
    _join_wrapped_titles(protos)


def _join_wrapped_titles(protos: list[Proto]) -> None:
    """A title that wraps over lines is one heading.

    After "Annex I", the unpunctuated lines before the first paragraph are the annex's title ("Restriction
    of the freedom of access … / … 2024 to 20 February 2025"); a section title whose first line ran long
    goes on in the next line ("C. Coordination and coherence across United Nations Global" / "Counter-
    Terrorism Coordination Compact entities").
    """
    lengths = sorted(len(ln.text) for p in protos for ln in p.lines if len(ln.text) > 20)
    width = lengths[len(lengths) * 9 // 10] if len(lengths) >= 10 else 80
    for i, p in enumerate(protos[:-1]):
        if p.kind != "heading" or L.ends_clause(p.text):
            continue
        nxt = protos[i + 1]
        opens = nxt.text[:1].isupper() or nxt.text[:1] == "("
        if nxt.blank_before or nxt.page_break_before or nxt.num is not None or not opens:
            continue
        after_annex = p.htype == "annex" or (i > 0 and protos[i - 1].htype == "annex" and not p.num)
        if after_annex and nxt.kind == "paragraph" and _heading_shape(nxt.text, 300):
            if p.htype == "annex" and len(p.text) <= 12:  # "Annex I" itself: the title is the next block
                nxt.kind, nxt.htype = "heading", "plain"
                continue
            _absorb(p, nxt)
        elif (p.htype in ("letter", "roman", "roman_or_letter") and nxt.kind == "heading"
              and nxt.htype == "plain" and len(p.lines[-1].text) >= 0.6 * width):
            _absorb(p, nxt)


def _absorb(into: Proto, part: Proto) -> None:
    into.lines = into.lines + part.lines
    into.text = join_lines([into.text, part.text])
    part.kind = "joined"


def join_continuations(protos: list[Proto]) -> list[Proto]:
    """Rejoin blocks that a page break or a pull quote cut in two.

    The second half starts in lower case ("strengthened data protection…") or the first half stops
    mid-sentence ("…featuring armed" / "groups, terrorists…"). A footnote left open at the foot of
    a page continues at the foot of a later one.
    """
    last_body: Proto | None = None
    open_note: Proto | None = None
    for i, p in enumerate(protos):
        if p.kind in ("heading", "preface", "signature", "table"):
            last_body = None
            continue
        if p.kind in ("aside", "joined"):
            continue
        starts_lower = p.text[:1].islower()
        if last_body is not None and p.num is None and p.kind in ("paragraph", "list_item"):
            open_sentence = not L.ends_sentence(last_body.text)
            if p.kind == "list_item":
                nxt = protos[i + 1] if i + 1 < len(protos) else None
                ok = (open_sentence and starts_lower and p.page_break_before
                      and (nxt is None or nxt.kind != "list_item"))
            elif starts_lower:
                ok = open_sentence
            else:
                ok = (open_sentence and not last_body.text.endswith(":") and not p.italic
                      and (last_body.num is not None or len(last_body.text) >= 150))
            if ok:
                _absorb(last_body, p)
                continue
        if (p.kind == "paragraph" and p.num is None and starts_lower and open_note is not None
                and (last_body is None or L.ends_sentence(last_body.text))):
            _absorb(open_note, p)
            if L.ends_sentence(open_note.text):
                open_note = None
            continue
        if p.kind == "footnote":
            # Footnotes sit at the foot of a page: the body text resumes after them.
            open_note = None if L.ends_sentence(p.text) else p
            continue
        last_body = p
    return [p for p in protos if p.kind != "joined"]


_MARKED = ("paragraph", "point", "list_item", "heading", "signature")


def strip_reference_marks(protos: list[Proto]) -> None:
    """Take the reference marks that pdftotext left as plain digits out of the text, into `refs`.

    A block may refer to the notes printed at the foot of its page: the footnote blocks after it, up to the
    second run of them (a paragraph that crosses a page break refers to the notes of both pages). Each
    note is referred to once, so a number already matched is plain text later ("the 5 Segonn gang").
    """
    notes = [i for i, p in enumerate(protos) if p.kind == "footnote" and p.num is not None]
    if not notes:
        return
    run_of: dict[int, int] = {}  # footnote index → number of its run of consecutive footnotes
    run = 0
    for i in notes:
        if i - 1 not in run_of:
            run += 1
        run_of[i] = run
    used: set[int] = set()
    k = 0  # first note after the block
    for i, p in enumerate(protos):
        while k < len(notes) and notes[k] < i:
            k += 1
        if p.kind not in _MARKED or k == len(notes):
            continue
        first_run = run_of[notes[k]]
        window = [j for j in notes[k:k + 40] if run_of[j] <= first_run + 1 and j not in used]
        if not window:
            continue
        text, marks = find_reference_marks(p.text, [protos[j].num or "" for j in window])
        if marks:
            p.text, p.refs = text, marks
            by_num = {protos[j].num: j for j in reversed(window)}
            used.update(by_num[num] for _, num in marks)

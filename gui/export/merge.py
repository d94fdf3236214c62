"""Merging a colleague's annotations into this database: placed by quote, coders kept, duplicates known."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from gui.core.anchor import make_anchor, reanchor
from gui.core.annotations import Anchor, Annotation, Theme
from gui.core.model import Document
from gui.export.atomic import ExportError, Progress
from gui.export.jsonld import ForeignAnnotation
from gui.export.timestamps import normalise_time
from gui.store import COLOUR, DocumentInfo, Store, clean_name, now

SHOWN = 12  # unplaced entries listed by name in a summary
MAX_NEW_THEMES = 10_000  # themes one merge may add (as many codes as a codebook file may hold)


@dataclass(slots=True)
class MergeReport:
    merged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (id, why)
    themes_created: list[str] = field(default_factory=list)
    themes_nested: list[tuple[str, str]] = field(default_factory=list)  # (our theme, the broader theme it went under)
    retimed: list[tuple[str, str]] = field(default_factory=list)  # (id, the time as written) that is not a time
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (what, why): content of the file not brought in
    memos: list[str] = field(default_factory=list)  # what became of the file's memos (memo_exchange), said last

    def summary(self) -> str:
        """"merged N, duplicates D, not placed M (reasons), dropped K (what)": a 0 only when nothing was there."""
        head = f"merged {len(self.merged)}, duplicates {len(self.duplicates)}, not placed {len(self.unplaced)}"
        if self.unplaced:
            head += f" ({_tally(why for _, why in self.unplaced)})"
        head += f", dropped {len(self.dropped)}"
        if self.dropped:
            head += f" ({_tally(what for what, _ in self.dropped)})"
        lines = [head]
        if self.themes_created:
            lines.append("new themes: " + ", ".join(self.themes_created))
        if self.themes_nested:
            lines.append("placed under a broader theme, as in the file: " +
                         ", ".join(f"{name} (under {parent})" for name, parent in self.themes_nested))
        if self.retimed:
            ann_id, value = self.retimed[0]
            lines.append(f"  {len(self.retimed)} with a time that is not a date and time (such as {value[:40]!r} on "
                         f"{ann_id[:8] if _is_uuid(ann_id) else ann_id}): given the time of the merge instead")
        lines += [f"  not placed {ann_id[:8] if _is_uuid(ann_id) else ann_id}: {why}"
                  for ann_id, why in self.unplaced[:SHOWN]]
        if len(self.unplaced) > SHOWN:
            lines.append(f"  … and {len(self.unplaced) - SHOWN} more not placed")
        lines += [f"  dropped {what}: {why}" for what, why in self.dropped[:SHOWN]]
        if len(self.dropped) > SHOWN:
            lines.append(f"  … and {len(self.dropped) - SHOWN} more dropped")
        return "\n".join(lines + self.memos)


_KINDS = (  # the reason of an entry not placed, in a word or two, for the report's first line
    ("context does not say which", "context does not say which"), ("but not in its context", "not in its context"),
    ("is not in ", "quote not in the document"), ("no document matching", "no such document"),
    ("are not in the text", "positions outside the text"), ("approximate match", "only an approximate match"),
    ("unknown theme", "unknown theme"), ("changed while the merge ran", "document changed meanwhile"),
    ("orphaned annotation", "orphans in the file"), ("is not in the project file", "source text missing"),
)


def _tally(reasons: Iterable[str]) -> str:
    """"2 quote not in the document, 1 unknown theme": each reason's kind counted, most frequent first."""
    counts = Counter(next((kind for needle, kind in _KINDS if needle in why), why.split(":")[0][:40])
                     for why in reasons)
    return ", ".join(f"{n} {kind}" for kind, n in counts.most_common())


_FILE = re.compile(r"(\.[a-z]{2})?\.(pdf|txt|md|docx?|odt|rtf|html?)$", re.IGNORECASE)  # ".en.pdf", ".txt"


def _name_key(name: str) -> str:
    """A symbol or a file name made comparable: "S_2025_72.en.pdf", "S-2025-72" and "S/2025/72" → "s/2025/72"."""
    text = name.strip()
    if _FILE.search(text):  # a file: its name without folders, language and extension
        text = _FILE.sub("", re.split(r"[\\/]", text)[-1])
    return re.sub(r"[\s_\-/]+", "/", text).casefold()


def find_document(documents: list[DocumentInfo], hint: str, *more: str) -> str | None:
    """Our document for a colleague's reference: an id, a symbol (S/2017/130) or a title; failing that, each of
    `more` (the symbol, the file's name) in turn; failing that, a file name or symbol written another way
    ("S_2025_72.en.pdf" is S/2025/72)."""
    hints = [h for h in (hint, *more) if h and h.strip()]
    for one in hints:
        for info in documents:
            if one in (info.id, info.symbol, info.title) or (info.symbol and one.replace("/", "-") == info.id):
                return info.id
    for one in hints:
        key = _name_key(one)
        for info in documents:
            if (info.symbol and _name_key(info.symbol) == key) or (info.path and PurePath(info.path).name == one):
                return info.id
    return None


def parents_first(codes: list[dict[str, str]]) -> list[dict[str, str]]:
    """The codes reordered so that each broader theme (`parent`, by name) comes before the themes under it,
    otherwise in the file's order (a CSV may list a sub-theme first; a cycle is broken where it is met)."""
    by_name = {clean_name(c.get("name", "")): c for c in reversed(codes)}  # the first of a name wins
    out: list[dict[str, str]] = []
    done: set[int] = set()
    for code in codes:
        chain = [code]
        while (parent := by_name.get(clean_name(chain[-1].get("parent", "")))) is not None \
                and id(parent) not in done and all(parent is not c for c in chain):
            chain.append(parent)
        for item in reversed(chain):
            if id(item) not in done:
                done.add(id(item))
                out.append(item)
    return out


def add_codebook(store: Store, codes: list[dict[str, str]], theme_map: dict[str, str], report: MergeReport) -> None:
    """Create the file's themes that we lack (not those mapped onto ours), each under its broader theme when
    the file nests it; a theme of ours that the file nests and that has no broader theme here goes under it (a
    broader theme we gave it ourselves is left alone, as are themes mapped onto ours). A code without a usable
    name is reported, a colour that is not #RRGGBB replaced by grey."""
    ours = {t.key.casefold(): t for t in store.themes()} | {t.name.casefold(): t for t in store.themes()}
    new: dict[str, dict[str, str]] = {}  # by name, casefolded: the themes to make, parents first
    nest: list[tuple[int, str]] = []  # (our theme, the name of the broader theme the file puts it under)
    for code in parents_first(codes):
        name = clean_name(code.get("name", ""))
        if not name:
            report.unplaced.append((code.get("guid", "") or "code", "a theme without a name"))
            continue
        if name in theme_map:
            continue
        parent_name = clean_name(code.get("parent", ""))
        parent = clean_name(theme_map.get(parent_name, parent_name)) if parent_name else ""
        known = parent.casefold() in ours or parent.casefold() in new
        mine = ours.get(name.casefold())
        if mine is None and name.casefold() not in new:
            colour = code.get("color") or ""
            new[name.casefold()] = {"name": name, "color": colour if COLOUR.fullmatch(colour) else "#888888",
                                    "description": code.get("description", ""), "parent": parent if known else ""}
            report.themes_created.append(name)
        elif mine is not None and known and mine.parent_id is None:
            nest.append((mine.id, parent))
    if len(new) > MAX_NEW_THEMES:  # a JSON-LD file can name a theme per annotation: a million of them
        raise ExportError(f"the file would add {len(new):,} themes; Marginalia merges up to {MAX_NEW_THEMES:,} new "
                          "themes at once (map theirs onto ours, or split the file)")
    store.add_themes(list(new.values()))  # thousands at once: each checked against an index, not every theme
    for theme_id, parent in nest:
        broader = store.find_theme(parent)
        if broader is not None and broader.id not in store.theme_family(theme_id):
            store.update_theme(theme_id, parent=broader.id)
            report.themes_nested.append((store.theme(theme_id).name, broader.name))


@dataclass(frozen=True, slots=True)
class Placed:
    """A colleague's annotation found, exactly, in one of our documents."""

    foreign: ForeignAnnotation
    doc_id: str
    eid: str
    span: tuple[int, int] | None
    anchor: Anchor


def place(store: Store, foreign: list[ForeignAnnotation], progress: Progress | None = None
          ) -> tuple[list[Placed], list[tuple[str, str]]]:
    """Find each annotation's quote in our documents (reads only: no lock is held while this runs).

    Only an exact match is accepted — the quote, with its context where the text repeats. A merge adds
    someone else's judgement to our text: an approximate match would put it on words they never coded.
    """
    infos = store.documents(coverage=False)
    documents: dict[str, Document] = {}
    placed: list[Placed] = []
    unplaced: list[tuple[str, str]] = []
    for done, ann in enumerate(foreign):
        if progress and done % 100 == 0:
            progress(done, len(foreign))
        label = ann.id or f"“{ann.exact[:30]}”"
        doc_id = find_document(infos, ann.doc_hint, *ann.doc_hints)
        if doc_id is None:
            names = " or ".join(repr(h) for h in dict.fromkeys((ann.doc_hint, *ann.doc_hints)) if h)
            unplaced.append((label, f"no document matching {names or 'no name'}"))
            continue
        document = documents.setdefault(doc_id, store.document(doc_id))
        old = Anchor(ann.exact, ann.prefix, ann.suffix, ann.start, ann.end)
        # The file's eid is not trusted (their document may be numbered differently): quote and context decide.
        found = reanchor(document, old, None, None if ann.whole_block else (0, len(ann.exact)), approximate=False)
        eid, span, anchor = found.eid, found.span, found.anchor
        if eid is None or anchor is None or found.outcome == "orphan":
            times = document.plain_text().count(ann.exact)
            unplaced.append((label, f"the quote occurs {times} times in {doc_id} and its context does not say "
                                    "which" if times > 1 else f"the quote is in {doc_id}, but not in its context"
                                    if times == 1 else f"the quote is not in {doc_id}: “{ann.exact[:50]}”"))
            continue
        text = document.block(eid).text
        if (text if span is None else text[span[0]:span[1]]) != ann.exact:
            unplaced.append((label, f"only an approximate match in {doc_id} {eid}: “{ann.exact[:50]}”"))
            continue
        if span == (0, len(text)):  # a selection of a whole block is a block tag
            span, anchor = None, make_anchor(document, eid)
        placed.append(Placed(ann, doc_id, eid, span, anchor))
    return placed, unplaced


def merge(store: Store, foreign: list[ForeignAnnotation], theme_map: dict[str, str] | None = None,
          create_themes: bool = True, progress: Progress | None = None,
          codes: list[dict[str, str]] | None = None) -> MergeReport:
    """Place each annotation on our documents by its quote, then write it all in one short transaction
    (the codebook's new themes included): a merge lands whole or not at all, and tagging in the window
    while the quotes are being placed does not make it fail."""
    theme_map = {clean_name(k): v for k, v in (theme_map or {}).items()}
    placed, unplaced = place(store, foreign, progress)
    report = MergeReport(unplaced=unplaced)
    with store.transaction():
        add_codebook(store, codes or [], theme_map, report)
        _write(store, placed, theme_map, create_themes, report)
    if progress:
        progress(len(foreign), len(foreign))
    return report


def _write(store: Store, placed: list[Placed], theme_map: dict[str, str], create_themes: bool,
           report: MergeReport) -> None:
    placed = _still_there(store, placed, report)
    existing = store.annotations()  # read inside the transaction: nobody can add a duplicate meanwhile
    known_ids = {a.id for a in existing}
    known_places = {(a.doc_id, a.eid, a.theme_id, a.coder, a.span) for a in existing}
    stamp = now()
    batch: list[Annotation] = []
    themes: dict[str, Theme | None] = {}  # by name: a theme looked up once, not once per annotation
    for p in placed:
        ann = p.foreign
        coder = clean_name(ann.coder) or "unknown"
        created, modified = normalise_time(ann.created), normalise_time(ann.modified)
        if created is None or modified is None:
            report.retimed.append((ann.id, ann.created if created is None else ann.modified))
        created = created or stamp
        modified = modified or created
        for theme_name in ann.themes or ("Imported",):
            name = clean_name(theme_map.get(clean_name(theme_name), theme_name))
            theme = themes[name] if name in themes else themes.setdefault(name, store.find_theme(name))
            if theme is None:
                if not create_themes or not name:
                    report.unplaced.append((ann.id or f"“{ann.exact[:30]}”", f"unknown theme {name!r}"))
                    continue
                theme = themes[name] = store.add_theme(name)
                report.themes_created.append(name)
            ann_id = ann.id if len(ann.themes) <= 1 and _is_uuid(ann.id) else _content_id(p, coder, theme_name)
            place_key = (p.doc_id, p.eid, theme.id, coder, p.span)
            if ann_id in known_ids or place_key in known_places:
                report.duplicates.append(ann_id)
                continue
            batch.append(Annotation(
                id=ann_id, doc_id=p.doc_id, eid=p.eid, theme_id=theme.id, theme=theme.name, anchor=p.anchor,
                note=ann.note, coder=coder, created=created, modified=modified, span=p.span))
            known_ids.add(ann_id)
            known_places.add(place_key)
            report.merged.append(ann_id)
    store.restore_annotations(batch)


def _still_there(store: Store, placed: list[Placed], report: MergeReport) -> list[Placed]:
    """Inside the write transaction: drop what another window re-imported away while the quotes were placed."""
    texts = {doc_id: store.block_texts(doc_id) for doc_id in {p.doc_id for p in placed}}
    kept = []
    for p in placed:
        text = texts[p.doc_id].get(p.eid)
        if text is not None and (text if p.span is None else text[p.span[0]:p.span[1]]) == p.foreign.exact:
            kept.append(p)
        else:
            report.unplaced.append((p.foreign.id or f"“{p.foreign.exact[:30]}”",
                                    f"{p.doc_id} changed while the merge ran; merge the file again"))
    return kept


def _content_id(placed: Placed, coder: str, theme_name: str) -> str:
    """A stable id for an annotation that came without one (or with several themes): the same content
    gives the same id on every merge, different content a different one."""
    ann = placed.foreign
    key = "\x1f".join([ann.id, placed.doc_id, ann.exact, ann.prefix, ann.suffix, coder, clean_name(theme_name)])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "marginalia:" + key))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True

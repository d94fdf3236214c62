"""Coding queries: passages whose coding satisfies an expression over themes (NVivo's coding query, MAXQDA's
complex retrieval). No Qt here.

An expression names themes (by name or key; a name with spaces or parentheses in double quotes) joined by
AND, OR, NOT and parentheses: `POC AND NOT Policing`, `(intel OR tech) AND "Host-state consent & relations"`.
A theme stands for itself and its sub-themes, as everywhere in Marginalia.

`within` says what must hold the themes together:
- `paragraph`: one row per coded paragraph (block) whose own coding satisfies the expression;
- `section`: the section (the innermost heading a block sits under) is the unit — every coded paragraph of
  each section whose coding, taken together, satisfies it;
- `document`: likewise for whole documents.

Only coded units are considered (a paragraph nobody coded has no coding to satisfy `NOT Policing` with),
`coder` keeps one coder's annotations, and `documents` keeps the documents the library's filter words keep
(`mission:UNMISS type:report 2018..2020`, read by the library's own parser, `store.library.library_filter`).
The whole query is one SQL statement over the annotations (grouped by paragraph or section, the expression in
HAVING; a document asks the covering index for each theme named, stopping at the first answer), read a few
documents at a time, so the first page's cost follows the documents read until it is full, not the corpus;
citations come from the stored blocks (kind, number, heading), never from rebuilt documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlite_utils

from gui.analysis import AnalysisError
from gui.store.search import SearchHit, cut_at_words
from gui.store.search import _with_places as with_places

if TYPE_CHECKING:
    from gui.store import Store

WITHIN = ("paragraph", "section", "document")
OPERATORS = ("AND", "OR", "NOT")
MAX_EXPRESSION = 2000
"""Characters of an expression (a query names a few themes; a pasted page is refused in one line)."""
MAX_DEPTH = 50
"""Parentheses nested at most this deep (deeper is surely not a query, and would exhaust the parser's stack)."""
SHOWN_TEXT = 400
"""Characters of a paragraph shown in a result list (the whole text is in `QueryResult.texts`)."""


class QueryError(AnalysisError):
    """An expression that cannot be read: the message says where and why."""


# --- the expression ------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Leaf:
    """A theme of the expression: its name as written, and the ids of the theme and its sub-themes."""

    name: str
    ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class Both:
    """AND (`every` true) or OR (`every` false) of its operands."""

    operands: tuple[Node, ...]
    every: bool


Node = Leaf | Not | Both
Resolve = Callable[[str], frozenset[int] | None]

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)("?)|([^\s()"]+))')


def _tokens(expression: str) -> list[tuple[str, str, int]]:
    """(kind, text, position): kind is "(", ")", "op" or "name"; runs of plain words make one name."""
    out: list[tuple[str, str, int]] = []
    at = 0
    while at < len(expression):
        match = _TOKEN.match(expression, at)
        if match is None or match.end() == at:  # only trailing spaces are left
            break
        start = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        opening, closing, quoted, closed, word = match.groups()
        if opening or closing:
            out.append((opening or closing, opening or closing, start))
        elif quoted is not None:
            if not closed:
                raise QueryError(f'query: the quote at character {start + 1} is never closed')
            out.append(("name", quoted, start))
        elif word in OPERATORS:
            out.append(("op", word, start))
        elif out and out[-1][0] == "name" and not expression[out[-1][2]].startswith('"'):
            kind, text, where = out[-1]
            out[-1] = (kind, f"{text} {word}", where)  # "Host-state consent" written without quotes
        else:
            out.append(("name", word, start))
        at = match.end()
    return out


def parse(expression: str, resolve: Resolve) -> Node:
    """The expression as a tree; `resolve` gives a name's theme ids (None: no such theme). A QueryError says
    what is wrong and at which character."""
    if len(expression) > MAX_EXPRESSION:
        raise QueryError(f"query: an expression has at most {MAX_EXPRESSION:,} characters, not {len(expression):,}")
    tokens = _tokens(expression)
    if not tokens:
        raise QueryError("query: empty expression (name themes joined by AND, OR, NOT, e.g. 'POC AND NOT police')")
    at = 0

    def peek() -> tuple[str, str, int] | None:
        return tokens[at] if at < len(tokens) else None

    def where(token: tuple[str, str, int] | None) -> str:
        return f"at character {token[2] + 1}" if token else "at the end"

    def either(depth: int) -> Node:
        nonlocal at
        parts = [both(depth)]
        while (token := peek()) is not None and token[:2] == ("op", "OR"):
            at += 1
            parts.append(both(depth))
        return parts[0] if len(parts) == 1 else Both(tuple(parts), every=False)

    def both(depth: int) -> Node:
        nonlocal at
        parts = [negated(depth)]
        while (token := peek()) is not None and token[:2] == ("op", "AND"):
            at += 1
            parts.append(negated(depth))
        return parts[0] if len(parts) == 1 else Both(tuple(parts), every=True)

    def negated(depth: int) -> Node:
        nonlocal at
        token = peek()
        if token is not None and token[:2] == ("op", "NOT"):
            at += 1
            return Not(negated(depth))
        return atom(depth)

    def atom(depth: int) -> Node:
        nonlocal at
        token = peek()
        before = f"after {tokens[at - 1][1]!r} " if at else ""
        if token is None or token[0] in ("op", ")"):
            raise QueryError(f"query: expected a theme {before}{where(token)}")
        at += 1
        if token[0] == "(":
            if depth >= MAX_DEPTH:
                raise QueryError(f"query: parentheses nest at most {MAX_DEPTH} deep")
            inner = either(depth + 1)
            closing = peek()
            if closing is None or closing[0] != ")":
                raise QueryError(f"query: the '(' at character {token[2] + 1} is never closed")
            at += 1
            return inner
        ids = resolve(token[1])
        if ids is None:
            hint = "AND, OR and NOT are written in capitals" if re.search(r"\b(and|or|not)\b", token[1], re.I) \
                else "a name with parentheses or one of AND, OR, NOT goes in double quotes"
            raise QueryError(f"query: no theme {token[1]!r} {where(token)} (a theme's name or key, see `themes`; "
                             f"{hint})")
        return Leaf(token[1], ids)

    tree = either(0)
    if (rest := peek()) is not None:
        what = "a ')' without its '('" if rest[0] == ")" else f"{rest[1]!r}"
        raise QueryError(f"query: {what} {where(rest)}: join themes with AND, OR or NOT")
    return tree


def leaves(node: Node) -> list[Leaf]:
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, Not):
        return leaves(node.operand)
    return [leaf for part in node.operands for leaf in leaves(part)]


def holds(node: Node, present: Callable[[Leaf], bool]) -> bool:
    """The expression's truth when each theme is present or not (what the SQL computes per unit)."""
    if isinstance(node, Leaf):
        return present(node)
    if isinstance(node, Not):
        return not holds(node.operand, present)
    results = (holds(part, present) for part in node.operands)
    return all(results) if node.every else any(results)


def to_sql(node: Node) -> str:
    """The expression over one unit's annotations (`a.theme_id`), for HAVING; ids are integers of ours."""
    if isinstance(node, Leaf):
        ids = ",".join(str(int(i)) for i in sorted(node.ids)) or "NULL"
        return f"MAX(a.theme_id IN ({ids}))"
    if isinstance(node, Not):
        return f"NOT {to_sql(node.operand)}"
    return "(" + (" AND " if node.every else " OR ").join(to_sql(p) for p in node.operands) + ")"


def to_exists(node: Node, coded: str) -> str:
    """The expression over one document (`j.value`), each theme asked of the covering index with EXISTS: the
    look-up stops at the document's first annotation of the theme, and an AND (OR) stops at its first false
    (true) operand, so most documents are passed over without reading their whole coding. `coded` is the
    condition on an annotation `a` (anchored, on a block, by the coder asked)."""
    if isinstance(node, Leaf):
        if not node.ids:  # unknown, as `to_sql` makes it
            return "NULL"
        ids = ",".join(str(int(i)) for i in sorted(node.ids))
        return f"EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = j.value AND {coded} AND a.theme_id IN ({ids}))"
    if isinstance(node, Not):
        return f"NOT {to_exists(node.operand, coded)}"
    return "(" + (" AND " if node.every else " OR ").join(to_exists(p, coded) for p in node.operands) + ")"


def describe(node: Node, top: bool = True) -> str:
    """The expression as read back ("POC AND NOT (Policing OR intel)"), to say what was asked."""
    if isinstance(node, Leaf):
        return f'"{node.name}"' if re.search(r"[\s()]", node.name) else node.name
    if isinstance(node, Not):
        return f"NOT {describe(node.operand, False)}"
    text = (" AND " if node.every else " OR ").join(describe(p, False) for p in node.operands)
    return text if top else f"({text})"


# --- running it ----------------------------------------------------------------------------------------------
_SECTION = """CASE WHEN b.kind = 'heading' THEN b.eid WHEN p.kind = 'heading' THEN p.eid
    WHEN g.kind = 'heading' THEN g.eid WHEN gg.kind = 'heading' THEN gg.eid ELSE '' END"""
_UP = """LEFT JOIN blocks p ON p.doc_id = b.doc_id AND p.eid = b.parent
    LEFT JOIN blocks g ON g.doc_id = p.doc_id AND g.eid = p.parent
    LEFT JOIN blocks gg ON gg.doc_id = g.doc_id AND gg.eid = g.parent"""


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A page of passages (cited, as search hits), their whole text, and how many units satisfied it."""

    expression: str  # as read back
    within: str
    hits: list[SearchHit]
    texts: dict[tuple[str, str], str]
    units: int | None  # paragraphs, sections or documents that satisfy it (all pages), when counted
    documents: str = ""  # the library's filter words the documents were kept by ("" for every document)
    kept: int = 0  # documents the filter kept (all those of the library without one)

    def asked(self) -> str:
        """What was asked, in words: "POC AND NOT police in the 12 documents kept by mission:UNMISS"."""
        return self.expression + (f" in the {self.kept:,} document(s) kept by {self.documents}" if self.documents
                                  else "")

    def rows(self) -> list[dict[str, Any]]:
        """The command line's JSON rows."""
        return [{"doc": h.doc_id, "eid": h.eid, "citation": h.citation(), "text": self.texts.get((h.doc_id, h.eid), "")}
                for h in self.hits]


def _statements(tree: Node, within: str, coder: str | None) -> tuple[str, str, list[Any]]:
    """(units, passages, params): the CTE of the units that satisfy the expression among the documents of
    the JSON list `:docs`, and the query of their coded passages."""
    named = sorted({i for leaf in leaves(tree) for i in leaf.ids})
    filters = ["a.status = 'anchored'", "a.eid IS NOT NULL"]
    params: dict[str, Any] = {}
    if coder is not None:
        filters.append("a.coder = :coder")
        params["coder"] = coder
    anchored = " AND ".join(filters)
    coded = f"{anchored} AND a.doc_id IN (SELECT value FROM json_each(:docs))"
    # A unit none of whose themes is named satisfies the expression only if it holds with every theme absent
    # ("NOT Policing"): otherwise only annotations of the named themes need reading.
    narrow = not holds(tree, lambda _leaf: False)
    if within == "document":
        # Each document asks the covering index only what the expression needs (`to_exists`), instead of
        # reading and grouping all its coding: an expression few documents satisfy reads thousands of
        # documents before its page is full (`POC AND NOT police`: 4,088 at 10,000 documents); its units
        # 24 -> 8 ms there. Only coded documents are units: with no theme named present, one annotation says so.
        coded_at_all = "" if narrow else \
            f"EXISTS (SELECT 1 FROM annotations a WHERE a.doc_id = j.value AND {anchored}) AND "
        units = (f"units AS (SELECT j.value AS doc_id FROM json_each(:docs) j "
                 f"WHERE {coded_at_all}{to_exists(tree, anchored)})")
        passages = f"SELECT DISTINCT a.doc_id, a.eid FROM units u JOIN annotations a ON a.doc_id = u.doc_id " \
                   f"WHERE {coded}"
        return units, passages, [params]
    # ("+": the annotations are read by document, on the covering index `annotations_coding`, never by theme:
    # reading every annotation of a theme to keep those of a few documents took 0.7 s at 10,000 documents)
    theme_filter = f" AND +a.theme_id IN ({','.join(str(i) for i in named)})" if narrow and named else ""
    if within == "paragraph":  # straight from the covering index: no table of the chunk's annotations is made
        units = (f"units AS (SELECT a.doc_id, a.eid AS eid FROM annotations a "
                 f"WHERE {coded}{theme_filter} GROUP BY a.doc_id, a.eid HAVING {to_sql(tree)})")
        return units, "SELECT doc_id, eid FROM units", [params]
    key = "doc_id, section"
    # Each coded block's annotations once, with its section (found once, not once per use)
    units = (f"coded(doc_id, eid, theme_id, section) AS MATERIALIZED (SELECT a.doc_id, a.eid, a.theme_id, "
             f"{_SECTION} FROM annotations a JOIN blocks b ON b.doc_id = a.doc_id AND b.eid = a.eid {_UP} "
             f"WHERE {coded}), "
             f"units AS (SELECT {key} FROM coded a WHERE 1{theme_filter} GROUP BY {key} HAVING {to_sql(tree)})")
    passages = f"SELECT DISTINCT c.doc_id, c.eid FROM coded c JOIN units u USING ({key})"
    return units, passages, [params]


@dataclass(frozen=True, slots=True)
class DocumentFilter:
    """The library's filter words (`mission:UNMISS type:report 2018..2020`) as read by its parser: the words
    as typed, and the WHERE clause over `documents d` with its parameters. Plain data, so that it is read on
    the GUI thread (themes named by `theme:KEY` are resolved there) and used on a worker's connection."""

    words: str = ""
    where: str = ""
    params: tuple[Any, ...] = ()


def document_filter(store: Store, words: str) -> DocumentFilter:
    """The library's filter words read by the library's own parser (`Store.library_where`)."""
    if not words.strip():
        return DocumentFilter()
    where, params = store.library_where(words)
    return DocumentFilter(" ".join(words.split()), where, tuple(params))


def attribute_values(db: sqlite_utils.Database, most: int = 200) -> dict[str, list[str]]:
    """Each document attribute's values in the library, the most frequent first (at most `most` per name):
    the query builder's choices, read on a worker (one pass over the attributes' index)."""
    out: dict[str, list[str]] = {}
    for name, value in db.execute(
            "SELECT name, value FROM (SELECT name, value, ROW_NUMBER() OVER (PARTITION BY name ORDER BY COUNT(*) "
            "DESC, value COLLATE NOCASE) AS n FROM document_attributes WHERE doc_id NOT IN (SELECT doc_id FROM "
            "removed_documents) GROUP BY name, value COLLATE NOCASE) WHERE n <= ? ORDER BY name, n", [most]):
        out.setdefault(str(name), []).append(str(value))
    return out


def filter_word(name: str, value: str) -> str:
    """A library filter word for an attribute's value: `mission:UNMISS`, `country:"South Sudan"`."""
    value = value.replace('"', "")
    return f'{name}:"{value}"' if any(c.isspace() for c in value) or not value else f"{name}:{value}"


FIRST_CHUNK = 8
"""Documents read by the first statement of a query; each next one reads twice as many (up to LAST_CHUNK)."""
LAST_CHUNK = 2048


def _documents(db: sqlite_utils.Database, doc: str | None, documents: DocumentFilter | None = None) -> list[str]:
    """The library's documents in reading order (from the library's order index) that the filter keeps, or
    the one asked for (if the filter keeps it)."""
    from gui.store.library import IN_LIBRARY, file_missing

    if documents is None or not documents.where:
        where, params = f" WHERE {IN_LIBRARY}", []
    else:
        where, params = documents.where, list(documents.params)
        if "file_missing(" in where:  # `is:missing`: this connection (a worker's) needs the function too
            db.conn.create_function("file_missing", 1, file_missing)
    if doc is not None:
        where, params = f"{where} AND d.id = ?", [*params, doc]
    # The kept ids as one list, then the library's order index read through ("+": not a look-up of each
    # document's row for its position, which lies past its stored text: 190 ms for 6,700 documents, not 70)
    statement = f"SELECT d.id FROM documents d{where} ORDER BY d.position, d.id" if documents is None or \
        not documents.where else f"SELECT o.id FROM documents o WHERE +o.id IN (SELECT d.id FROM documents " \
                                 f"d{where}) ORDER BY o.position, o.id"
    return [str(r[0]) for r in db.execute(statement, params)]


def run_query(db: sqlite_utils.Database, tree: Node, within: str = "paragraph", coder: str | None = None,
              doc: str | None = None, limit: int = 200, offset: int = 0, count: bool = False,
              documents: DocumentFilter | None = None) -> QueryResult:
    """The passages that satisfy `tree`, in reading order, a page at a time (`limit`, `offset`).

    The documents are read in reading order, a few at first and then twice as many each time, until the page
    is full: the first page costs what the first documents' annotations cost, however large the corpus
    (a whole-corpus GROUP BY took 1.4 s at 10,000 documents). `count`: also count every unit that satisfies
    it (that reads every annotation of the themes named: for a worker thread, after the first page).
    `documents`: only the documents the library's filter words keep (`document_filter`)."""
    if within not in WITHIN:
        raise QueryError(f"query: --within is one of {', '.join(WITHIN)}, not {within!r}")
    units, passages, params = _statements(tree, within, coder)
    statement = f"""WITH {units}, found(doc_id, eid) AS ({passages})
        SELECT f.doc_id, f.eid, d.symbol, x.text FROM found f
        JOIN documents d ON d.id = f.doc_id JOIN blocks x ON x.doc_id = f.doc_id AND x.eid = f.eid
        ORDER BY d.position, f.doc_id, x.position"""
    kept = _documents(db, doc, documents)
    rows: list[Any] = []
    at, size = 0, FIRST_CHUNK
    while at < len(kept) and len(rows) < offset + limit:
        chunk = kept[at:at + size]
        at, size = at + size, min(size * 2, LAST_CHUNK)
        rows += db.execute(statement, {**params[0], "docs": json.dumps(chunk)}).fetchall()
    rows = rows[offset:offset + limit]
    total = count_units(db, tree, within, coder, doc, documents) if count else None
    hits = [SearchHit(r[0], r[1], cut_at_words(str(r[3]), SHOWN_TEXT), "text", r[2]) for r in rows]
    return QueryResult(describe(tree), within, with_places(db, hits), {(r[0], r[1]): str(r[3]) for r in rows}, total,
                       documents.words if documents is not None else "", len(kept))


def count_units(db: sqlite_utils.Database, tree: Node, within: str = "paragraph", coder: str | None = None,
                doc: str | None = None, documents: DocumentFilter | None = None) -> int:
    """How many paragraphs, sections or documents satisfy the expression (reads all their annotations)."""
    units, _passages, params = _statements(tree, within, coder)
    return int(db.execute(f"WITH {units} SELECT COUNT(*) FROM units",
                          {**params[0], "docs": json.dumps(_documents(db, doc, documents))}).fetchone()[0])


def coding_query(store: Store, expression: str, within: str = "paragraph", coder: str | None = None,
                 doc: str | None = None, limit: int = 200, offset: int = 0, count: bool = False,
                 documents: str = "") -> QueryResult:
    """Parse `expression` against this database's themes and run it (see `run_query`); `documents` are the
    library's filter words (`mission:UNMISS type:report 2018..2020`)."""
    def resolve(name: str) -> frozenset[int] | None:
        theme = store.find_theme(name)
        return store.theme_family(theme.id) if theme is not None else None

    if coder is not None and coder not in store.coders():
        raise QueryError(f"query: no coder {coder!r} in this database (coders: {', '.join(store.coders()) or 'none'})")
    tree = parse(expression, resolve)
    return run_query(store.db, tree, within, coder, doc, limit, offset, count, document_filter(store, documents))

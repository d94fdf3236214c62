"""Coding queries, word forms and keyword in context at scale, each figure beside a plain FTS5 query in the run.

Run: `nice -n 10 python -m tests.benchmarks.bench_query [--docs 10000] [--no-readme]`. The documents come from
`bench_store`'s generator (the bundled corpus with a changed word per paragraph); about one numbered paragraph
in eight is coded by one of two coders with POC's sub-themes, Policing, Technology or Political strategy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_scale import ms, percentile

EXPRESSIONS = ["POC AND NOT police", "(police OR tech) AND POC", "politics", "NOT tech"]
THEMES = ["poc-dialogue", "poc-physical", "police", "tech", "politics"]
FILTERS = ["type:letter 2017..2017", "2021..2021", "mission:UNMISS", "organ:security"]
"""Library filter words: import-read attributes with years; years alone; an analyst's attribute on 1 %."""


def timed(action: Callable[[], Any], runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return times


def code(store: Any) -> int:
    """Tag about one numbered paragraph in eight, a document at a time (a commit per 200 documents)."""
    rng = random.Random(7)
    rows = store.db.execute("SELECT doc_id, eid FROM blocks WHERE kind = 'paragraph' AND num IS NOT NULL "
                            "ORDER BY doc_id").fetchall()
    by_doc: dict[str, list[str]] = {}
    for doc_id, eid in rows:
        by_doc.setdefault(doc_id, []).append(eid)
    count = 0
    docs = sorted(by_doc)
    for start in range(0, len(docs), 200):
        with store.transaction():
            for doc_id in docs[start:start + 200]:
                chosen = [e for e in by_doc[doc_id] if rng.random() < 0.125]
                for theme in THEMES:
                    eids = [e for e in chosen if rng.random() < 0.4]
                    if eids:
                        store.tag(doc_id, eids, theme, coder=rng.choice(["kim", "lee"]))
                        count += len(eids)
    return count


def code_fast(store: Any) -> int:
    """The same coding as `code`, written by SQL in one transaction (for a library already imported: `--db`)."""
    import uuid

    rng = random.Random(7)
    themes = {t.key: t.id for t in store.themes()}
    rows = store.db.execute("SELECT doc_id, eid, text FROM blocks WHERE kind = 'paragraph' AND num IS NOT NULL "
                            "ORDER BY doc_id").fetchall()
    stamp = "2026-01-01T00:00:00.000+00:00"
    out = []
    for doc_id, eid, text in rows:
        if rng.random() < 0.125:
            for theme in THEMES:
                if rng.random() < 0.4:
                    out.append((uuid.uuid4().hex, doc_id, eid, themes[theme], rng.choice(["kim", "lee"]), stamp,
                                stamp, text, "", "", 0, len(text)))
    with store.transaction():
        store.db.conn.executemany("INSERT OR IGNORE INTO coders (name, created) VALUES (?, ?)",
                                  [("kim", stamp), ("lee", stamp)])  # as tagging makes them
        store.db.execute("DELETE FROM annotations")
        store.db.conn.executemany("INSERT INTO annotations (id, doc_id, eid, theme_id, coder, created, modified, "
                                  "exact, prefix, suffix, start, \"end\") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", out)
    return len(out)


def grow(store: Any, target: int) -> int:
    """Copy the library's documents (their rows in every table that names a document, through the same
    triggers and indexes as an import) until it holds `target` documents: a library imported in part is
    made up to size in minutes instead of the hour the import of every file takes on a loaded machine.
    Returns how many documents were copied."""
    db = store.db
    have = int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    tables = {"documents": "id", "blocks": "doc_id", "coverage": "doc_id", "document_attributes": "doc_id",
              "citations": "doc_id", "document_keys": "doc_id"}
    tables = {t: c for t, c in tables.items() if t in db.table_names()}
    columns = {t: [r[1] for r in db.execute(f"PRAGMA table_info({t})")] for t in tables}
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY position, id")]
    top = int(db.execute("SELECT MAX(position) FROM documents").fetchone()[0])
    copied, round_ = 0, 0
    while have + copied < target:
        round_ += 1
        chosen = ids[:target - have - copied]
        with store.transaction():
            db.execute("CREATE TEMP TABLE IF NOT EXISTS chosen (id TEXT PRIMARY KEY)")
            db.execute("DELETE FROM chosen")
            db.conn.executemany("INSERT INTO chosen VALUES (?)", [(i,) for i in chosen])
            for table, column in tables.items():
                names = columns[table]
                values = [f"{c} || '~{round_}'" if c == column else
                          f"position + {round_ * top}" if (table, c) == ("documents", "position") else
                          f"content_hash || '~{round_}'" if (table, c) == ("documents", "content_hash") else
                          f'"{c}"' for c in names]
                db.execute(f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in names)}) "
                           f"SELECT {', '.join(values)} FROM {table} WHERE {column} IN (SELECT id FROM chosen)")
        copied += len(chosen)
        print(f"{have + copied:,} documents", flush=True)
    return copied


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--db", type=Path, help="a library already imported (its annotations are replaced)")
    parser.add_argument("--keep", type=Path, help="import into this database and keep it (for a later --db)")
    parser.add_argument("--grow", type=int, help="with --db: copy its documents' rows until it holds this many")
    args = parser.parse_args()
    from gui.analysis.query import coding_query
    from gui.analysis.words import kwic
    from gui.store import Store
    from gui.store.word_forms import FORMS_TABLE, create_forms_index
    from tests.benchmarks.bench_store import make_corpus
    from tests.benchmarks.readme import machine, update_readme

    rows: list[tuple[str, str, str]] = []

    def add(row: tuple[str, str, str]) -> None:
        rows.append(row)
        print(" | ".join(row), flush=True)  # each figure as soon as it is measured
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.db is not None:
            db = args.db
            with Store(db, import_corpus=False) as store:
                if args.grow:
                    t0 = time.perf_counter()
                    grown = grow(store, args.grow)
                    print(f"{grown:,} documents copied in {time.perf_counter() - t0:.0f} s", flush=True)
                args.docs = store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                tagged = code_fast(store)
        else:
            (folder / "docs").mkdir()
            make_corpus(folder / "docs", args.docs)
            db = args.keep or folder / "q.db"
            with Store(db, import_corpus=False) as store:
                t0 = time.perf_counter()
                bulk = store.bulk_import()
                for path in sorted((folder / "docs").glob("*.txt")):
                    bulk.add(path)
                bulk.finish()
                imported = time.perf_counter() - t0
                t0 = time.perf_counter()
                tagged = code(store)
                print(f"{args.docs:,} documents imported in {imported:.0f} s; {tagged:,} paragraphs coded in "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)
        with Store(db) as store:
            if store.maintenance is not None:  # the day's backup (a copy of the whole file, on a thread) made
                store.maintenance.wait()       # first: the figures are of an ordinary session, as in bench_scale
            blocks = store.db.execute("SELECT COUNT(*) FROM blocks").fetchone()[0]
            fts = store.db.execute
            floor = timed(lambda: fts("SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH '\"peacekeeping\"' "
                                      "LIMIT 100").fetchall(), 15)
            floor_common = statistics.median(floor)
            ranked = timed(lambda: fts("SELECT rowid FROM blocks_fts WHERE blocks_fts MATCH ? ORDER BY "
                                       "bm25(blocks_fts) LIMIT 100", ['"peacekeeping"']).fetchall(), 3)
            floor_text = (f"plain FTS5 query, 100 rows of “peacekeeping”: {ms(floor_common)}; the same query "
                          f"ranked (bm25 over every match): {ms(statistics.median(ranked))}")
            for within in ("paragraph", "section", "document"):
                times: list[float] = []
                counts: list[int] = []
                counting: list[float] = []
                for expression in EXPRESSIONS:
                    run = timed(lambda e=expression, w=within: coding_query(store, e, w, limit=100), 3)
                    times += run
                    t0 = time.perf_counter()
                    counts.append(coding_query(store, expression, within, limit=1, count=True).units or 0)
                    counting.append(time.perf_counter() - t0)
                add((f"coding query, first page (100 rows), within {within}: median / p95 / slowest",
                             f"{ms(statistics.median(times))} / {ms(percentile(times, 95))} / {ms(max(times))}",
                             f"{len(EXPRESSIONS)} expressions × 3; {', '.join(f'{c:,}' for c in counts)} "
                             f"{within}s satisfy them (counted off the GUI thread: median "
                             f"{ms(statistics.median(counting))})"))
            coder = timed(lambda: coding_query(store, "POC AND NOT police", coder="kim", limit=100), 5)
            add(("coding query by one coder (`POC AND NOT police`, kim): median",
                         ms(statistics.median(coder)), ""))
            ids = [r[0] for r in store.db.execute("SELECT id FROM documents ORDER BY position")]
            store.set_attributes(ids[::100], {"mission": "UNMISS"})  # an analyst's attribute on 1 % of them
            filtered: list[float] = []
            kept: list[str] = []
            for words in FILTERS:
                filtered += timed(lambda w=words: coding_query(store, "POC AND NOT police", limit=100,
                                                               documents=w), 3)
                result = coding_query(store, "POC AND NOT police", limit=1, documents=words)
                kept.append(f"`{words}` keeps {result.kept:,}")
            add(("coding query in the documents kept by the library's filter words, first page (100 rows): "
                 "median / slowest", f"{ms(statistics.median(filtered))} / {ms(max(filtered))}",
                 f"`POC AND NOT police`, {len(FILTERS)} filters × 3: {'; '.join(kept)}"))
            forms = timed(lambda: store.search("advisers", limit=100), 5)
            exact = timed(lambda: store.search('"advisers"', limit=100), 5)
            common = timed(lambda: store.search("peacekeeping", limit=100), 5)
            add(("search with word forms “advisers” (first page): median",
                         ms(statistics.median(forms)), f"the exact form alone (“\"advisers\"”): "
                         f"{ms(statistics.median(exact))}; “peacekeeping” with its forms: "
                         f"{ms(statistics.median(common))}"))
            k = timed(lambda: kwic(store.db, "protection", limit=200), 5)
            add(("keyword in context, first 200 lines of “protection”", ms(statistics.median(k)), ""))
            t0 = time.perf_counter()
            with store.transaction():
                for trigger in ("ai", "ad", "au"):
                    store.db.execute(f"DROP TRIGGER {FORMS_TABLE}_{trigger}")
                store.db.execute(f"DROP TABLE {FORMS_TABLE}")
                t1 = time.perf_counter()
                create_forms_index(store.db)
                rebuilt = time.perf_counter() - t1
            try:
                sizes = dict(store.db.execute("SELECT CASE WHEN name LIKE 'blocks_forms%' THEN 'forms' ELSE "
                                              "'exact' END, SUM(pgsize) FROM dbstat WHERE name LIKE 'blocks_f%' "
                                              "GROUP BY 1").fetchall())
                size = f"word-form index {sizes.get('forms', 0) / 1e6:.0f} MB beside the exact one's " \
                       f"{sizes.get('exact', 0) / 1e6:.0f} MB"
            except Exception:  # SQLite without dbstat
                size = ""
            add(("migration: word-form index built for the whole library", f"{rebuilt:.0f} s",
                         f"{blocks:,} blocks; {size}" + f" (with the drop: {time.perf_counter() - t0:.0f} s)"))
    table = "\n".join([
        f"Query benchmark ({machine()}, a shared machine under load; {args.docs:,} of `bench_store`'s generated "
        f"documents, {tagged:,} annotations on about one numbered paragraph in eight; "
        "`python -m tests.benchmarks.bench_query`):", "",
        "| what | time | beside it, same run |", "|---|---:|---|",
        *(f"| {what} | {value} | {note} |" for what, value, note in rows),
        "", f"Floor: {floor_text}."])
    print(table)
    if not args.no_readme and update_readme("query", table):
        print("\nREADME.md updated.")


if __name__ == "__main__":
    main()

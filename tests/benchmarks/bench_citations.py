"""Citations benchmark: (1) finding citations and attributes at import, as a share of the import's time, on real
UN PDFs of 2025; (2) the Cited by list at 10,000 documents, beside a plain indexed SELECT of the same rows.

Run: `python -m tests.benchmarks.bench_citations [--files 40] [--documents 10000] [--no-readme]`.
The 10,000 documents are made from the real ones read in (1): each keeps the citing blocks and citations of the
real document it copies, gets a symbol of its own (S/2030/N), and cites one of a hundred "mandate" documents of
the library at a paragraph, so that each of those is cited by about a hundred paragraphs, and the real
resolutions the reports cite (S/RES/1701 (2006), …) by thousands.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gui.store.documents as documents_module
from gui.core.errors import MarginaliaError
from gui.core.pdf.ocr_read import Recognition, recognition
from gui.store import Store
from gui.store.citations import CITED_BY_PAGE as SHOWN
from gui.store.citations import prepare_extras, write_citations, write_document_extras
from tests.benchmarks.readme import machine, update_readme

CORPUS_2025 = Path("/work/corpus2025")


failed: list[str] = []  # files whose import raised something other than a MarginaliaError (a bug to report)


@contextmanager
def no_recognition(*_args: object) -> Iterator[Recognition]:
    """The import with recognition off: a scan without a text layer is refused in one line and left out, as
    before recognition came, so that the share is of reading text, not of OCR (which would make it smaller)."""
    with recognition(enabled=False) as state:
        yield state


def import_share(files: list[Path], folder: Path) -> tuple[float, float, int, int]:
    """(seconds importing, seconds of it finding and storing citations and attributes, documents, citations)."""
    spent: list[float] = []
    written: list[int] = []

    def found(document):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        prepare_extras(document)
        spent.append(time.perf_counter() - start)

    def stored(db, doc_id, document):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        write_document_extras(db, doc_id, document)
        spent.append(time.perf_counter() - start)
        written.append(1)

    documents_module.prepare_extras = found  # type: ignore[assignment]
    documents_module.write_document_extras = stored  # type: ignore[assignment]
    stored_recognition, documents_module.stored_recognition = documents_module.stored_recognition, no_recognition
    try:
        with Store(folder / "import.db", import_corpus=False) as store:
            total = 0.0
            for path in files:
                start = time.perf_counter()
                try:
                    store.import_file(path)
                except MarginaliaError as error:  # a scan without text, a damaged file: said, not counted
                    print(f"skipped: {error}", file=sys.stderr)
                    continue
                except Exception as error:  # an import bug elsewhere: named and counted, not timed
                    failed.append(f"{path.name} ({type(error).__name__}: {error})")
                    continue
                total += time.perf_counter() - start
            citations = int(store.db.execute("SELECT COUNT(*) FROM citations").fetchone()[0])
    finally:
        documents_module.prepare_extras = prepare_extras
        documents_module.write_document_extras = write_document_extras
        documents_module.stored_recognition = stored_recognition
    return total, sum(spent), len(written), citations


def build_library(source: Path, folder: Path, size: int) -> tuple[Path, int]:
    """A library of `size` documents made from the real ones in `source` (see the module docstring), and the
    number of a "mandate" document (one with a paragraph 3)."""
    db = folder / "library.db"
    with Store(source, import_corpus=False) as real:
        docs = [(r[0], r[1]) for r in real.db.execute("SELECT id, symbol FROM documents").fetchall()]
        blocks = {doc_id: real.db.execute(
            "SELECT eid, kind, num, text FROM blocks WHERE doc_id = ? AND (eid IN (SELECT eid FROM citations "
            "WHERE doc_id = ?) OR (kind = 'paragraph' AND num IS NOT NULL)) ORDER BY position LIMIT 25",
            [doc_id, doc_id]).fetchall() for doc_id, _ in docs}
    random.seed(21)
    mandates = [n for n in range(100) if any(r[0] == "para_3" for r in blocks[docs[n % len(docs)][0]])]
    with Store(db, import_corpus=False) as store, store.transaction():
        conn = store.db.conn
        for n in range(size):
            real_id, real_symbol = docs[n % len(docs)]
            doc_id, symbol = f"doc-{n}", f"S/2030/{n}"
            conn.execute("INSERT INTO documents (id, path, content_hash, symbol, title, date, source, plain_text, "
                         "imported, position) VALUES (?, '', ?, ?, ?, '2030-01-01', x'', '', '', ?)",
                         [doc_id, f"hash-{n}", symbol, f"Copy of {real_symbol}", n + 1])
            rows = blocks[real_id]
            conn.executemany('INSERT INTO blocks (doc_id, eid, position, kind, num, level, parent, text, start, "end", '
                             "spans, language) VALUES (?, ?, ?, ?, ?, 0, NULL, ?, 0, 0, '[]', 'en')",
                             [(doc_id, eid, i, kind, num, text) for i, (eid, kind, num, text) in enumerate(rows)])
            if n >= 100 and rows:  # each cites one of the hundred "mandate" documents at a paragraph
                eid = rows[-1][0]
                mandate = random.choice(mandates)
                conn.execute(f"UPDATE blocks SET text = text || ' (see S/2030/{mandate}, para. 3)' "
                             "WHERE doc_id = ? AND eid = ?", [doc_id, eid])
            write_citations(store.db, doc_id, symbol, [(r[0], r[3] + (f" (see S/2030/{mandate}, para. 3)"
                                                                     if n >= 100 and r is rows[-1] else ""))
                                                      for r in rows])
    return db, mandates[0]


def timed_ms(call: object, runs: int = 30) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=40, help="real PDFs imported (0: all of /work/corpus2025)")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    files = sorted(CORPUS_2025.glob("*.pdf"))
    random.seed(25)
    files = files if args.files == 0 else random.sample(files, min(args.files, len(files)))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        total, extras, count, citations = import_share(files, folder)
        db, mandate = build_library(folder / "import.db", folder, args.documents)
        with Store(db, import_corpus=False) as store:
            docs = int(store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
            rows = int(store.db.execute("SELECT COUNT(*) FROM citations").fetchone()[0])
            busiest = store.db.execute("SELECT target_key, COUNT(*) n FROM citations GROUP BY target_key "
                                       "ORDER BY n DESC LIMIT 1").fetchone()
            lines = []
            # who cites a symbol that is not in the library (the Cited by tab's symbol field, `--cited-by SYMBOL`)
            found = len(store.cited_by_symbol(busiest[0]))
            page, page_max = timed_ms(lambda: (store.cited_by_symbol(busiest[0], limit=SHOWN),
                                               store.cited_by_symbol_count(busiest[0])))
            whole, whole_max = timed_ms(lambda: store.cited_by_symbol(busiest[0]))
            floor, _ = timed_ms(lambda: store.db.execute(
                "SELECT doc_id, eid FROM citations WHERE target_key = ?", [busiest[0]]).fetchall())
            lines.append(f"| cited by symbol, not in the library ({busiest[0]}) | {found:,} | {page:.1f} ms (max "
                         f"{page_max:.1f}) | {whole:.1f} ms (max {whole_max:.1f}) | {floor:.1f} ms |")
            store.db.execute("INSERT OR IGNORE INTO document_keys (key, doc_id) VALUES (?, 'doc-1')", [busiest[0]])
            for label, doc_id, eid, key in (
                    ("a mandate document", f"doc-{mandate}", None, f"S/2030/{mandate}"),
                    ("its paragraph 3 (para. 3 pinpoints)", f"doc-{mandate}", "para_3", f"S/2030/{mandate}"),
                    (f"the most cited document ({busiest[0]}, {busiest[1]:,} citations)", "doc-1", None, busiest[0])):
                found = len(store.cited_by(doc_id, eid))
                page, page_max = timed_ms(lambda d=doc_id, e=eid: (  # type: ignore[misc]
                    store.cited_by(d, e, limit=SHOWN), store.cited_by_count(d, e)))
                whole, whole_max = timed_ms(lambda d=doc_id, e=eid: store.cited_by(d, e))  # type: ignore[misc]
                floor, _ = timed_ms(lambda k=key: store.db.execute(
                    "SELECT doc_id, eid FROM citations WHERE target_key = ?", [k]).fetchall())
                lines.append(f"| cited by {label} | {found:,} | {page:.1f} ms (max {page_max:.1f}) | "
                             f"{whole:.1f} ms (max {whole_max:.1f}) | {floor:.1f} ms |")
    share = 100 * extras / total
    table = "\n".join([
        f"Citations benchmark ({machine()}):", "",
        f"- Import of {count} real PDFs of 2025 ({'all' if args.files == 0 else 'a random sample'} of "
        f"/work/corpus2025; recognition off, scans without a text layer left out): {total:.1f} s; finding and "
        f"storing their {citations:,} citations and their attributes: "
        f"{extras:.2f} s = **{share:.1f} %** of the import (goal ≤ 10 %)."
        + (f" Not counted: {len(failed)} file(s) whose import failed ({'; '.join(failed)})." if failed else ""),
        f"- Cited by at {docs:,} documents ({rows:,} citation rows), median of 30 (goal ≤ 50 ms), beside the floor: "
        "a plain indexed SELECT of the same target's rows, in the same run:", "",
        f"| list | rows | Cited by tab (first {SHOWN} and the count) | the whole list | plain indexed SELECT |",
        "|---|---|---|---|---|", *lines])
    print(table)
    if not args.no_readme and not update_readme("citations", table):
        print("README.md has no <!-- bench:citations --> block", file=sys.stderr)


if __name__ == "__main__":
    main()

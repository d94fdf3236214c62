"""The storage change of migration 4 (the plain text no longer stored a third time, coverage kept in a table)
changes no output: exports, re-anchoring after a re-import and merges give the same bytes and places on a
database made before it (then migrated) as on one made after it."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

from gui.export import export, import_annotations
from gui.store import Store, schema
from tests.conftest import ROOT

DOC = "S-2017-130"
TEXT = ROOT / "corpus" / "S-2017-130_WGPKO-report-2016.txt"


def as_schema_3(db: Path) -> None:
    """Put a database back as Marginalia wrote it before migration 4: plain text stored, no coverage table."""
    with sqlite3.connect(db) as conn:
        for trigger in ("added", "removed", "moved"):
            conn.execute(f"DROP TRIGGER coverage_annotation_{trigger}")
        conn.execute("DROP TRIGGER coverage_document_removed")
        conn.execute("DROP TABLE coverage")
        for index in ("content_hash", "order", "by_symbol", "by_date", "by_title"):
            conn.execute(f"DROP INDEX documents_{index}")
        conn.execute("UPDATE documents SET plain_text = source")
        conn.execute("DROP INDEX themes_parent")  # migration 6 (sub-themes)
        conn.execute("ALTER TABLE themes DROP COLUMN parent_id")
        conn.execute("DROP TABLE removed_documents")  # migration 7
        conn.execute("PRAGMA user_version = 3")


def annotate(store: Store) -> None:
    store.tag(DOC, ["para_83", "para_84"], "poc", note="both")
    store.tag(DOC, ["para_5"], "intel", span=(4, 30), note="a span")
    store.tag(DOC, ["para_12"], "tech", coder="colleague")
    store.tag("WGPKO-report-2021", ["para_25"], "tech", note="second document")


def outputs(store: Store, folder: Path) -> dict[str, str]:
    folder.mkdir()
    found: dict[str, str] = {}
    for fmt in ("md", "html", "csv", "jsonld"):
        out = folder / f"all.{fmt}"
        export(store, fmt, out)
        # the moment of the export is the one thing allowed to differ
        found[fmt] = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?", "T", out.read_text("utf-8"))
    return found


def places(store: Store) -> list[tuple[object, ...]]:
    return [(a.id, a.doc_id, a.eid, a.span, a.anchor, a.status, a.note, a.coder) for a in store.annotations()]


def test_exports_reanchoring_and_merges_are_identical_across_migration_4(tmp_path: Path) -> None:
    after, before = tmp_path / "after.db", tmp_path / "before.db"
    with Store(after) as s:
        annotate(s)
    shutil.copy(after, before)
    as_schema_3(before)
    with Store(before) as old, Store(after) as new:
        assert schema.version(old.db) == schema.version(new.db) == schema.SCHEMA_VERSION
        assert places(old) == places(new)
        assert outputs(old, tmp_path / "old") == outputs(new, tmp_path / "new")
        assert old.documents() == new.documents()

        # re-import an edited report into both: the same annotations kept, moved, reworded, orphaned
        edited = tmp_path / "edited" / TEXT.name
        edited.parent.mkdir()
        text = TEXT.read_text(encoding="utf-8")
        edited.write_text(text.replace("83. ", "83. In short, ", 1).replace("the Working Group", "the WG"),
                          encoding="utf-8")
        reports = [s.import_file(edited, doc_id=DOC).summary() for s in (old, new)]
        assert reports[0] == reports[1]
        assert places(old) == places(new)
        assert outputs(old, tmp_path / "old2") == outputs(new, tmp_path / "new2")
        exported = tmp_path / "merge.jsonld"
        export(new, "jsonld", exported)

    # a colleague's export merged into a database made before migration 4 and into one made after it
    fresh_after, fresh_before = tmp_path / "fa.db", tmp_path / "fb.db"
    Store(fresh_after).close()
    shutil.copy(fresh_after, fresh_before)
    as_schema_3(fresh_before)
    with Store(fresh_before) as old, Store(fresh_after) as new:
        merged = [import_annotations(s, exported).summary() for s in (old, new)]
        assert merged[0] == merged[1]
        assert places(old) == places(new)
        assert old.documents() == new.documents()

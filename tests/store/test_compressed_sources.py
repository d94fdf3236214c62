"""Migration 5: each document's source is stored compressed; the text, the blocks and every annotation's place
are exactly as before, and the file is smaller."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gui.export import export
from gui.store import Store
from gui.store.documents import pack_source, unpack_source


def test_sources_are_compressed_and_read_back_exactly(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as s:
        text = s.document("S-2017-130").source
        stored, kind = s.db.execute("SELECT source, typeof(source) FROM documents WHERE id = 'S-2017-130'").fetchone()
        assert kind == "blob" and len(stored) < len(text.encode("utf-8")) / 3
        assert unpack_source(stored) == text == unpack_source(pack_source(text))
        assert s.unreadable() == []  # compressed bytes are not taken for damaged text


def test_a_database_with_plain_sources_is_compressed_in_place_keeping_every_annotation(tmp_path: Path) -> None:
    db = tmp_path / "v4.db"
    with Store(db) as s:
        s.tag("S-2017-130", ["para_83"], "poc", note="kept")
        s.tag("S-2017-130", ["para_36"], "poc", span=(0, 20))
        before = export(s, "jsonld", tmp_path / "before.jsonld").read_text(encoding="utf-8")
        texts = {d.id: s.document(d.id).source for d in s.documents()}
    with sqlite3.connect(db) as conn:  # as a database written before migration 5 holds them
        for doc_id, source in conn.execute("SELECT id, source FROM documents").fetchall():
            conn.execute("UPDATE documents SET source = ? WHERE id = ?", [unpack_source(source), doc_id])
        conn.execute("DROP INDEX themes_parent")  # migration 6 (sub-themes)
        conn.execute("ALTER TABLE themes DROP COLUMN parent_id")
        conn.execute("DROP TABLE removed_documents")  # migration 7
        conn.execute("PRAGMA user_version = 4")
    with Store(db) as s:
        assert {r[0] for r in s.db.execute("SELECT typeof(source) FROM documents")} == {"blob"}
        assert {d.id: s.document(d.id).source for d in s.documents()} == texts
        after = export(s, "jsonld", tmp_path / "after.jsonld").read_text(encoding="utf-8")
    strip = [line for line in before.splitlines() if '"generated"' not in line]
    assert [line for line in after.splitlines() if '"generated"' not in line] == strip

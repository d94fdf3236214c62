"""Annotations: tagging blocks (or a span of one) with themes, notes, orphans, and who coded what.

Every write checks, under the write lock, that the document it was made on is still the text this Store
read (`_check_current`); an annotation put back (undo, a colleague's merge) is re-anchored on the text as it
is now rather than written against text that is gone (`_placed_now`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import sqlite_utils

from gui.core.anchor import make_anchor, reanchor
from gui.core.annotations import Annotation
from gui.store.base import StoreBase
from gui.store.changes import Changes
from gui.store.errors import StoreError
from gui.store.rows import annotation_from_row, annotation_to_row
from gui.store.themebook import clean_name, now


class AnnotationBook(StoreBase):
    """Annotation and coder reads and writes of the Store."""

    def annotations(self, doc: str | None = None, theme: str | int | None = None, eid: str | None = None,
                    status: str | None = None, coder: str | None = None, *,
                    with_subthemes: bool = False) -> list[Annotation]:
        """Annotations in reading order; `theme` with `with_subthemes` also takes those of its sub-themes
        (a sub-theme's passage counts for its parent)."""
        where: list[str] = ["1"]
        params: list[Any] = []
        for column, value in (("a.doc_id", doc), ("a.eid", eid), ("a.status", status), ("a.coder", coder)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if theme is not None:
            ids = sorted(self.theme_family(theme)) if with_subthemes else [self.theme(theme).id]
            where.append(f"a.theme_id IN ({','.join('?' * len(ids))})")
            params += ids
        rows = self.db.query(f"""
            SELECT a.*, t.name AS theme_name FROM annotations a JOIN themes t ON t.id = a.theme_id
            LEFT JOIN documents d ON d.id = a.doc_id
            LEFT JOIN blocks b ON b.doc_id = a.doc_id AND b.eid = a.eid
            WHERE {' AND '.join(where)}
            ORDER BY d.position, a.doc_id, COALESCE(b.position, 1e9), a.span_start, t.position, a.created""", params)
        return [annotation_from_row(r, r["theme_name"]) for r in rows]

    def annotation(self, ann_id: str) -> Annotation:
        rows = list(self.db.query("SELECT a.*, t.name AS theme_name FROM annotations a JOIN themes t "
                                  "ON t.id = a.theme_id WHERE a.id = ?", [ann_id]))
        if not rows:
            raise StoreError(f"no annotation {ann_id!r}")
        return annotation_from_row(rows[0], rows[0]["theme_name"])

    def tag(self, doc_id: str, eids: Iterable[str], theme: str | int, note: str = "", coder: str | None = None,
            span: tuple[int, int] | None = None) -> Changes:
        """Apply a theme to blocks (or to a span of one block) in one transaction.

        Blocks that already carry the theme (for the same span) are left alone, so tagging is idempotent.
        """
        document = self.document(doc_id)
        target = self.theme(theme)
        eids = list(dict.fromkeys(eids))
        if span is not None and len(eids) != 1:
            raise StoreError("a text span belongs to exactly one block")
        for eid in eids:
            if document.get(eid) is None:
                raise StoreError(f"{doc_id} has no block {eid!r}")
        if span is not None:
            length = len(document.block(eids[0]).text)
            if not 0 <= span[0] < span[1] <= length:
                raise StoreError(f"span {span[0]}–{span[1]} is not inside {eids[0]} (its text has {length} "
                                 "characters; START must be below END)")
        coder = coder if coder is not None else self.default_coder()
        stamp = now()
        created: list[str] = []
        with self._write() as db:
            self._check_current(db, [doc_id])
            self._ensure_coder(db, coder)
            for eid in eids:
                duplicate = db.execute(
                    "SELECT 1 FROM annotations WHERE doc_id = ? AND eid = ? AND theme_id = ? AND coder = ? "
                    "AND span_start IS ? AND span_end IS ?",
                    [doc_id, eid, target.id, coder, span[0] if span else None, span[1] if span else None],
                ).fetchone()
                if duplicate:
                    continue
                ann = Annotation(id=str(uuid.uuid4()), doc_id=doc_id, eid=eid, theme_id=target.id, theme=target.name,
                                 anchor=make_anchor(document, eid, span), note=note, coder=coder, created=stamp,
                                 modified=stamp, span=span)
                db.table("annotations").insert(annotation_to_row(ann))
                created.append(ann.id)
        return Changes(docs=frozenset({doc_id}), blocks=frozenset((doc_id, e) for e in eids),
                       annotation_ids=tuple(created))

    def untag(self, doc_id: str, eids: Iterable[str], theme: str | int, coder: str | None = None,
              all_coders: bool = False) -> list[Annotation]:
        """Remove a theme from blocks: one coder's annotations of it there (default: ours, every span), or
        every coder's with `all_coders`; return what went (for undo)."""
        target = self.theme(theme)
        eids = list(eids)
        document = self.document(doc_id)
        for eid in eids:
            if document.get(eid) is None:
                raise StoreError(f"{doc_id} has no block {eid!r}")
        who = None if all_coders else (coder if coder is not None else self.default_coder())
        with self._write() as db:  # the blocks named are those of the text this Store read
            self._check_current(db, [doc_id])
            removed = [a for e in eids for a in self.annotations(doc=doc_id, eid=e, theme=target.id, coder=who)]
            self.delete_annotations([a.id for a in removed])
        return removed

    def delete_annotations(self, ids: Sequence[str]) -> list[Annotation]:
        """Delete annotations; return them (for undo: `restore_annotations`)."""
        with self._write() as db:
            gone = self.annotations_by_id(ids)
            self._check_current(db, [a.doc_id for a in gone])
            db.conn.executemany("DELETE FROM annotations WHERE id = ?", [[ann_id] for ann_id in ids])
        return gone

    def annotations_by_id(self, ids: Sequence[str]) -> list[Annotation]:
        """The annotations with these ids, in the order given (unknown ids are skipped)."""
        found: dict[str, Annotation] = {}
        for chunk in range(0, len(ids), 500):
            part = list(ids[chunk:chunk + 500])
            rows = self.db.query("SELECT a.*, t.name AS theme_name FROM annotations a JOIN themes t "
                                 f"ON t.id = a.theme_id WHERE a.id IN ({','.join('?' * len(part))})", part)
            found.update((r["id"], annotation_from_row(r, r["theme_name"])) for r in rows)
        return [found[i] for i in ids if i in found]

    def restore_annotations(self, annotations: Sequence[Annotation]) -> Changes:
        """Put annotations back exactly as they were (same ids, times, anchors). One whose document was
        re-imported since is re-anchored on the text as it is now (as the re-import would have done), never
        written against text that is gone."""
        with self._write() as db:
            annotations = self._placed_now(db, annotations)
            for coder in {ann.coder for ann in annotations}:
                self._ensure_coder(db, coder)
            db.table("annotations").upsert_all([annotation_to_row(ann) for ann in annotations], pk="id")
        return Changes(docs=frozenset(a.doc_id for a in annotations),
                       blocks=frozenset((a.doc_id, a.eid) for a in annotations if a.eid),
                       annotation_ids=tuple(a.id for a in annotations))

    def _placed_now(self, db: sqlite_utils.Database, annotations: Sequence[Annotation]) -> list[Annotation]:
        """Inside a write: each anchored annotation as it can be written now — unchanged where its block still
        holds its quote at its place, else re-anchored on the document's current text (or orphaned)."""
        blocks: dict[str, dict[str, tuple[str, int]]] = {}
        out: list[Annotation] = []
        for ann in annotations:
            if ann.doc_id not in blocks:
                rows = db.execute("SELECT eid, text, start FROM blocks WHERE doc_id = ?", [ann.doc_id]).fetchall()
                blocks[ann.doc_id] = {eid: (text, start) for eid, text, start in rows}
            found = blocks[ann.doc_id].get(ann.eid or "")
            lo, hi = ann.span or (0, len(found[0]) if found else 0)
            if ann.status != "anchored" or (found is not None and found[0][lo:hi] == ann.anchor.exact
                                            and found[1] + lo == ann.anchor.start):
                out.append(ann)
                continue
            if ann.doc_id in self._versions and self._versions[ann.doc_id] != self._stored_hash(db, ann.doc_id):
                self._forget(ann.doc_id)
            placement = reanchor(self.document(ann.doc_id), ann.anchor, ann.eid, ann.span)
            if placement.outcome == "orphan" or placement.anchor is None:
                out.append(replace(ann, status="orphan", eid=None))
            else:
                out.append(replace(ann, eid=placement.eid, span=placement.span, anchor=placement.anchor))
        return out

    def set_note(self, ann_id: str, note: str) -> Changes:
        ann = self.annotation(ann_id)
        with self._write() as db:
            self._check_current(db, [ann.doc_id])
            done = db.execute("UPDATE annotations SET note = ?, modified = ? WHERE id = ?", [note, now(), ann_id])
            if not done.rowcount:
                raise StoreError(f"the annotation {ann_id[:8]} on {ann.doc_id} was deleted by another Marginalia "
                                 "window or command; its note was not saved")
        return Changes(docs=frozenset({ann.doc_id}), blocks=frozenset({(ann.doc_id, ann.eid or "")}),
                       annotation_ids=(ann_id,))

    def orphans(self, doc_id: str | None = None) -> list[Annotation]:
        return self.annotations(doc=doc_id, status="orphan")

    def reattach(self, ann_id: str, eid: str, span: tuple[int, int] | None = None) -> Changes:
        """Attach an (orphaned) annotation to a block chosen by the analyst."""
        ann = self.annotation(ann_id)
        document = self.document(ann.doc_id)
        if document.get(eid) is None:
            raise StoreError(f"{ann.doc_id} has no block {eid!r}")
        new = replace(ann, eid=eid, span=span, anchor=make_anchor(document, eid, span), status="anchored",
                      modified=now())
        with self._write() as db:
            self._check_current(db, [ann.doc_id])
            db.table("annotations").update(ann_id, annotation_to_row(new))
        return Changes(docs=frozenset({ann.doc_id}), blocks=frozenset({(ann.doc_id, eid)}), annotation_ids=(ann_id,))

    # --- coders ---------------------------------------------------------------------------------------
    def _ensure_coder(self, db: sqlite_utils.Database, coder: str) -> None:
        db.execute("INSERT OR IGNORE INTO coders (name, created) VALUES (?, ?)", [coder, now()])

    def default_coder(self) -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = 'coder'").fetchone()
        if row:
            return str(row[0])
        import getpass

        try:
            return getpass.getuser()
        except Exception:  # no user name on some systems
            return "analyst"

    def set_default_coder(self, name: str) -> None:
        """Who "I" am in this database: new annotations are theirs, and only theirs are toggled and edited."""
        name = clean_name(name)
        if not name:
            raise StoreError("a coder needs a name")
        with self._write() as db:
            db.table("settings").upsert({"key": "coder", "value": name}, pk="key")

    def coders(self) -> list[str]:
        return [r["name"] for r in self.db.query("SELECT name FROM coders ORDER BY name")]

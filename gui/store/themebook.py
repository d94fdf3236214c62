"""The themes of a database: the analyst's codebook (names, keys, colours, digits), as part of the Store."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from gui.core.annotations import Theme
from gui.core.themes import load_default_themes
from gui.store.base import StoreBase
from gui.store.changes import Changes
from gui.store.errors import StoreError
from gui.store.rows import theme_from_row

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def clean_name(text: str) -> str:
    """A theme name as stored: one line, single spaces ("Same" and " same\n" are one theme)."""
    return " ".join(text.split())


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class ThemeBook(StoreBase):
    """Theme reads and writes of the Store (which provides the database and its write transaction)."""

    def _seed_themes(self) -> None:
        with self._write() as db:
            for theme in load_default_themes():
                db.table("themes").insert({**theme, "keywords": json.dumps(theme["keywords"])})

    def themes(self) -> list[Theme]:
        """All themes in the analyst's order (cached; every theme write clears the cache)."""
        if self._themes is None:
            self._themes = [theme_from_row(r) for r in self.db.query("SELECT * FROM themes ORDER BY position, id")]
        return list(self._themes)

    def find_theme(self, name_or_key: str | int, *, digit: bool = False) -> Theme | None:
        """A theme by id, by name, else by key (case- and spacing-insensitive); with `digit`, "1"–"9" also
        finds the theme on that keyboard digit (for people typing; never for names from a file)."""
        if isinstance(name_or_key, int):
            return next((t for t in self.themes() if t.id == name_or_key), None)
        wanted = clean_name(name_or_key).casefold()
        for field_name in ("name", "key"):  # a theme called "Intel" wins over the theme keyed "intel"
            found = next((t for t in self.themes() if str(getattr(t, field_name)).casefold() == wanted), None)
            if found is not None:
                return found
        if digit and wanted.isdigit() and len(wanted) == 1:
            return next((t for t in self.themes() if t.digit == int(wanted)), None)
        return None

    def theme(self, name_or_key: str | int) -> Theme:
        """Like `find_theme`, but an unknown theme is an error naming the known keys."""
        theme = self.find_theme(name_or_key, digit=True)
        if theme is None:
            known = ", ".join(t.key for t in self.themes())
            raise StoreError(f"no theme {name_or_key!r} (known keys: {known})")
        return theme

    def add_theme(self, name: str, key: str | None = None, color: str = "#888888", description: str = "",
                  digit: int | None = None, keywords: Sequence[str] = ()) -> Theme:
        name = clean_name(name)
        if not name:
            raise StoreError("a theme needs a name")
        if not COLOUR.fullmatch(color):
            raise StoreError(f"theme colour {color!r} is not of the form #RRGGBB")
        themes = self.themes()
        if key is None:  # derived from the name: made unique ("protection-of-civilians-2")
            base = re.sub(r"[^a-z0-9]+", "-", name.casefold())[:21].strip("-") or "theme"
            taken = {t.key.casefold() for t in themes}
            key = next(k for k in (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
                       if k not in taken)
        key = key[:24]
        if any(name.casefold() in (t.name.casefold(), t.key.casefold()) or t.key.casefold() == key.casefold()
               for t in themes):
            raise StoreError(f"a theme named {name!r} or keyed {key!r} already exists")
        with self._write() as db:
            position = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM themes").fetchone()[0]
            if digit is not None:
                db.execute("UPDATE themes SET digit = NULL WHERE digit = ?", [digit])
            db.table("themes").insert({"name": name, "key": key, "color": color, "description": description,
                                 "digit": digit, "keywords": json.dumps(list(keywords)), "position": position})
        return self.theme(key)

    def update_theme(self, theme: str | int, **fields: Any) -> Changes:
        """Rename, recolour, re-key, re-describe or re-digit a theme (a digit moves from its old owner)."""
        target = self.theme(theme)
        allowed = {"name", "key", "color", "description", "digit", "keywords"}
        unknown = set(fields) - allowed
        if unknown:
            raise StoreError(f"cannot change {', '.join(sorted(unknown))} of a theme")
        if "keywords" in fields:
            fields["keywords"] = json.dumps(list(fields["keywords"]))
        for column in ("name", "key"):
            if column in fields:
                value = clean_name(str(fields[column]))
                clash = [t for t in self.themes() if t.id != target.id and value.casefold() in
                         (t.name.casefold(), t.key.casefold())]
                if not value or clash:
                    raise StoreError(f"cannot use {value!r} as a theme {column}: empty or already taken")
                fields[column] = value
        if "color" in fields and not COLOUR.fullmatch(str(fields["color"])):
            raise StoreError(f"theme colour {fields['color']!r} is not of the form #RRGGBB")
        with self._write() as db:
            if fields.get("digit") is not None:
                db.execute("UPDATE themes SET digit = NULL WHERE digit = ? AND id != ?", [fields["digit"], target.id])
            db.table("themes").update(target.id, fields)
        return Changes(themes=True)

    def reorder_themes(self, order: Sequence[int]) -> Changes:
        with self._write() as db:
            for position, theme_id in enumerate(order):
                db.table("themes").update(theme_id, {"position": position})
        return Changes(themes=True)

    def merge_themes(self, source: str | int, target: str | int) -> Changes:
        """Move every annotation of `source` to `target`, then drop `source` (duplicates collapse)."""
        src, dst = self.theme(source), self.theme(target)
        if src.id == dst.id:
            raise StoreError("cannot merge a theme into itself")
        with self._write() as db:
            # An annotation that would duplicate one the target already has — same place, same coder, same
            # note — is dropped. A colleague's annotation, or one with its own note, is kept.
            db.execute("""DELETE FROM annotations WHERE theme_id = ? AND EXISTS (
                SELECT 1 FROM annotations t WHERE t.theme_id = ? AND t.doc_id = annotations.doc_id
                AND t.eid IS annotations.eid AND t.span_start IS annotations.span_start
                AND t.span_end IS annotations.span_end AND t.coder = annotations.coder
                AND t.note = annotations.note)""", [src.id, dst.id])
            db.execute("UPDATE annotations SET theme_id = ?, modified = ? WHERE theme_id = ?", [dst.id, now(), src.id])
            db.execute("DELETE FROM themes WHERE id = ?", [src.id])
        return Changes(themes=True)

    def delete_theme(self, theme: str | int, move_to: str | int | None = None, *,
                     delete_annotations: bool = False) -> Changes:
        """Delete a theme. Its annotations move to `move_to`, or are deleted only if asked explicitly."""
        target = self.theme(theme)
        count = self.db.table("annotations").count_where("theme_id = ?", [target.id])
        if move_to is not None:
            return self.merge_themes(target.id, move_to)
        if count and not delete_annotations:
            raise StoreError(f"theme {target.name!r} has {count} annotations: move them to another theme, "
                             "or confirm that they are to be deleted")
        with self._write() as db:
            db.execute("DELETE FROM annotations WHERE theme_id = ?", [target.id])
            db.execute("DELETE FROM themes WHERE id = ?", [target.id])
        return Changes(themes=True)

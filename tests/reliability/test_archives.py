"""Items 4, 8 and 10: what is read from a colleague's .qdpx/.qdc is bounded in bytes, counts and time, and a
DTD is refused whatever the file's encoding."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gui.export import ExportError, import_annotations, read_exchange, refi_read
from gui.store import Store

from .conftest import DOC
from .qdpx_files import add_member, qdpx


def test_many_sources_naming_one_big_text_read_it_once(tmp_path: Path) -> None:
    text = "x" * 2_000_000 + "\n"
    file = qdpx(tmp_path / "one-member.qdpx", [(f"copy {i}", "big.txt") for i in range(100)],
                [(i, 0, len(text) - 1) for i in range(100)])
    add_member(file, "big.txt", text)
    assert file.stat().st_size < 200_000
    tracemalloc.start()
    try:
        exchange = read_exchange(file)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000  # one copy of the text, not a hundred
    assert exchange.annotations == []
    assert len(exchange.problems) == 100 and "selections of up to 1,000,000 are merged" in exchange.problems[0][1]


def test_the_bytes_read_from_an_archive_are_bounded_in_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = qdpx(tmp_path / "members.qdpx", [(f"s{i}", f"m{i}.txt") for i in range(20)], [])
    for i in range(20):
        add_member(file, f"m{i}.txt", "y" * 500_000)
    monkeypatch.setattr(refi_read, "TOTAL_LIMIT", 5_000_000)  # 20 members of 0.5 MB: 10 MB would be read
    with pytest.raises(ExportError, match="more than 4 MB would be read from the archive"):
        read_exchange(file)


@pytest.mark.slow
def test_a_million_selections_are_refused_at_once(tmp_path: Path) -> None:
    def archive(name: str, selections: int) -> Path:
        parts = ['<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
                 '<TextSource guid="s" name="S/2017/130" plainTextPath="internal://a.txt">']
        parts += ['<PlainTextSelection startPosition="0" endPosition="5"/>'] * selections
        parts.append("</TextSource></Sources></Project>")
        file = tmp_path / name
        with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as zipped:
            zipped.writestr("project.qde", "".join(parts))
            zipped.writestr("sources/a.txt", "United Nations")
        return file

    few, file = archive("few.qdpx", 50_000), archive("million.qdpx", 1_000_000)
    started = time.monotonic()  # the floor, in this test: reading 50,000 selections
    read_exchange(few)
    floor = time.monotonic() - started
    started = time.monotonic()
    with pytest.raises(ExportError, match="more than 200,000 coded selections"):
        read_exchange(file)
    took = time.monotonic() - started
    # Refused at the 200,001st: about four times the floor; reading the whole million would be twenty.
    assert took < 8 * floor, f"refused in {took:.1f} s; 50,000 selections read in {floor:.1f} s"


@pytest.mark.slow
def test_a_hundred_thousand_selections_stream_with_progress(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        text = s.document(DOC).plain_text()
    def archive(name: str, n: int) -> Path:
        file = qdpx(tmp_path / name, [("S/2017/130", "a.txt")],
                    [(0, (i * 7) % (len(text) - 40), (i * 7) % (len(text) - 40) + 30) for i in range(n)])
        add_member(file, "a.txt", text)
        return file

    n = 100_000
    file = archive("many.qdpx", n)
    few = archive("few.qdpx", n // 10)
    started = time.monotonic()  # the floor, in this test: a tenth of the selections, read and merged
    with Store(db) as s:
        import_annotations(s, read_exchange(few))
    floor = time.monotonic() - started
    seen: list[tuple[int, int]] = []
    started = time.monotonic()
    exchange = read_exchange(file, lambda done, total: seen.append((done, total)))
    assert len(exchange.annotations) == n
    assert len(seen) > 3 and seen[-1][0] == seen[-1][1]  # the window's progress bar moves, up to the end
    with Store(db) as s:
        report = import_annotations(s, exchange)
    took = time.monotonic() - started
    assert took < 40 * floor, f"{n:,} selections took {took:.0f} s, {n // 10:,} took {floor:.1f} s"
    assert len(report.merged) + len(report.duplicates) + len(report.unplaced) == n


DOCTYPE = '<!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be"])
def test_a_doctype_is_refused_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    xml = (f'<?xml version="1.0" encoding="{encoding}"?>{DOCTYPE}<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
           '<Codes><Code guid="c" name="&b;" isCodable="true"/></Codes></CodeBook>')
    file = tmp_path / "entities.qdc"
    file.write_bytes(xml.encode("utf-16" if encoding == "utf-16" else encoding))
    refused = "with a DOCTYPE or entity declarations is not accepted" if encoding != "utf-16-be" else \
        "not a REFI-QDA codebook"  # without a byte-order mark expat does not read it at all: refused as well
    with pytest.raises(ExportError, match=refused):
        read_exchange(file)
    project = qdpx(tmp_path / "entities.qdpx", [], [], doctype=DOCTYPE.replace("CodeBook", "Project"))
    with pytest.raises(ExportError, match="with a DOCTYPE or entity declarations is not accepted"):
        read_exchange(project)

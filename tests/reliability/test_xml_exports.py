"""Items 9 and 11: every REFI-QDA export is well-formed and valid against the REFI-QDA schemas, whatever the
notes and theme names hold; imported times are normalised, so our own next export stays valid."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
import xmlschema

from gui.__main__ import main
from gui.export import export, import_annotations, read_exchange
from gui.store import Store
from tests.conftest import S_2017_130

from .conftest import DOC
from .qdpx_files import add_member, qdpx

SCHEMAS = Path(__file__).resolve().parent / "refi"
HOSTILE = "form\x0cfeed, nul\x00, start-of-heading\x01, vertical\x0btab, \ufffe end"


@pytest.fixture(scope="module")
def project_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd")


@pytest.fixture(scope="module")
def codebook_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd")


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def _errors(schema: xmlschema.XMLSchema, data: bytes) -> list[str]:
    return [str(e.reason) for e in schema.iter_errors(io.BytesIO(data))]


def _tag_hostile(s: Store) -> None:
    theme = s.add_theme("Odd\x01name", color="#112233", description=HOSTILE)
    s.tag(DOC, ["para_7"], theme.key, note=HOSTILE, coder="kim\x0b")
    s.tag(DOC, ["para_8"], "poc", note="plain", coder="lee")
    s.tag(DOC, ["para_9"], "poc", note="span", coder="lee", span=(0, 12))


def test_hostile_characters_make_valid_exports_and_are_reported(store: Store, tmp_path: Path,
                                                                 project_schema: xmlschema.XMLSchema,
                                                                 codebook_schema: xmlschema.XMLSchema,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _tag_hostile(store)
    warnings: list[str] = []
    project = export(store, "qdpx", tmp_path / "out.qdpx", warnings=warnings)
    codebook = export(store, "qdc", tmp_path / "out.qdc", warnings=warnings)
    assert _errors(project_schema, _qde(project)) == []
    assert _errors(codebook_schema, codebook.read_bytes()) == []
    assert len(warnings) == 2 and "control character(s) that XML cannot hold" in warnings[0]
    exchange = read_exchange(project)  # and it reads back
    assert {a.note for a in exchange.annotations} >= {"plain", "form feed, nul\ufffd, start-of-heading\ufffd, "
                                                      "vertical tab, \ufffd end"}
    assert main(["export", "--format", "qdpx", "--out", str(tmp_path / "cli.qdpx"), "--db", str(store.path)]) == 0
    assert "control character(s) that XML cannot hold" in capsys.readouterr().err


def test_ordinary_exports_validate(store: Store, tmp_path: Path, project_schema: xmlschema.XMLSchema,
                                   codebook_schema: xmlschema.XMLSchema) -> None:
    store.tag(DOC, ["para_83"], "poc", note="Core POC meeting", coder="kim")
    store.tag(DOC, ["para_84"], "politics", coder="lee", span=(0, 20))
    store.tag(DOC, ["para_110"], "poc", coder="kim")
    with sqlite3.connect(store.path) as conn:  # an orphan travels as a project Note
        conn.execute("UPDATE annotations SET status = 'orphan', eid = NULL WHERE eid = 'para_110'")
    conn.close()
    store.invalidate()
    assert _errors(project_schema, _qde(export(store, "qdpx", tmp_path / "all.qdpx"))) == []
    assert _errors(codebook_schema, export(store, "qdc", tmp_path / "all.qdc").read_bytes()) == []


def test_qualcoder_times_are_normalised_and_our_next_export_validates(db: Path, tmp_path: Path,
                                                                      project_schema: xmlschema.XMLSchema) -> None:
    with Store(db) as s:
        text = s.document(DOC).plain_text()
    start = text.index("The Working Group")
    file = qdpx(tmp_path / "qualcoder.qdpx", [("S/2017/130", "a.txt")], [(0, start, start + 17)],
                time="2024-03-04T10:11:12.698+00:00Z")
    add_member(file, "a.txt", text)
    other = tmp_path / "other.db"
    with Store(other, import_corpus=False) as s:
        s.import_file(S_2017_130)
        report = import_annotations(s, file)
        assert len(report.merged) == 1 and report.retimed == []
        [ann] = s.annotations()
        assert ann.created == "2024-03-04T10:11:12.698+00:00" == ann.modified
        assert _errors(project_schema, _qde(export(s, "qdpx", tmp_path / "again.qdpx"))) == []
        data = json.loads(export(s, "jsonld", tmp_path / "again.jsonld").read_text(encoding="utf-8"))
        for item in data["first"]["items"]:
            datetime.fromisoformat(item["created"])


def test_a_time_that_is_not_a_time_is_reported(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        text = s.document(DOC).plain_text()
    start = text.index("The Working Group")
    file = qdpx(tmp_path / "odd.qdpx", [("S/2017/130", "a.txt")], [(0, start, start + 17)], time="yesterday")
    add_member(file, "a.txt", text)
    with Store(db) as s:
        report = import_annotations(s, file)
        assert len(report.merged) == 1 and report.retimed[0][1] == "yesterday"
        assert "1 with a time that is not a date and time (such as 'yesterday'" in report.summary()
        [ann] = s.annotations()
        datetime.fromisoformat(ann.created)

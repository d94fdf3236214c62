"""Make `S_2025_72.qdpx`: a colleague's QualCoder project with PDF codings, written by QualCoder's own code.

Run once, by hand, outside the test suite (it needs QualCoder's source and PyMuPDF, which Marginalia does not):

    fetch github:ccbogel/QualCoder (commit c3204641); git archive HEAD src/qualcoder | tar -x -C /tmp/qc
    python3 -m venv /tmp/qcvenv && /tmp/qcvenv/bin/pip install pymupdf
    /tmp/qcvenv/bin/python tests/data/qualcoder/make_project.py /tmp/qc/src S_2025_72.en.pdf tests/data/qualcoder

What runs is QualCoder's: `pdf_utils.extract_pdf_fulltext(path, join_lines=True)` makes the PDF's text exactly as
its "import file" does (manage_files.load_file_text), and `refi.RefiExport` writes the project XML (codebook,
sources as a PDFSource with its text Representation, PlainTextSelections, annotations and journals as Notes) and
the sources folder as its `export_project` does (the PDF's own copy left out: tests/data/pdf has it). Qt is
not needed for either: the PyQt6 modules they import are replaced by empty stand-ins, and the dialogs of
`export_project` (line endings, folder) are answered here.
The codings are made as an analyst makes them in QualCoder: a selection of words in the text, some starting on
the printed paragraph number ("4. ").
"""

from __future__ import annotations

import builtins
import gettext
import importlib.abc
import importlib.machinery
import shutil
import sqlite3
import sys
import types
import zipfile
from pathlib import Path
from typing import Any


class _AnyType(type):
    def __getattr__(cls, name: str) -> Any:
        return _Anything


class _Anything(metaclass=_AnyType):
    """Stands for any Qt class or value: it can be subclassed, called and asked for any attribute."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return _Anything

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return _Anything()


class _QtModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything


class _Stubs(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Every module of Qt, Pillow and VLC (which QualCoder's windows use) as an empty stand-in."""

    ROOTS = ("PyQt6", "qtawesome", "vlc", "PIL")

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.split(".")[0] in self.ROOTS:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _QtModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass


def stub_qt() -> None:
    sys.meta_path.insert(0, _Stubs())
    builtins._ = gettext.gettext  # type: ignore[attr-defined]


SCHEMA = [  # QualCoder's own tables (src/qualcoder/__main__.py, new_project), those the export reads
    "CREATE TABLE project (databaseversion text, date text, memo text, about text, bookmarkfile integer, "
    "bookmarkpos integer, codername text, recently_used_codes text, avbookmarkfile integer, avbookmarkmsec integer, "
    "avbookmarktextpos integer)",
    "CREATE TABLE source (id integer primary key, name text, fulltext text, mediapath text, memo text, owner text, "
    "date text, av_text_id integer, risid integer, unique(name))",
    "CREATE TABLE code_image (imid integer primary key, id integer, x1 integer, y1 integer, width integer, "
    "height integer, cid integer, memo text, date text, owner text, important integer, pdf_page integer)",
    "CREATE TABLE code_av (avid integer primary key, id integer, pos0 integer, pos1 integer, cid integer, memo text, "
    "date text, owner text, important integer)",
    "CREATE TABLE annotation (anid integer primary key, fid integer, pos0 integer, pos1 integer, memo text, "
    "owner text, date text, unique(fid, pos0, pos1, owner))",
    "CREATE TABLE attribute_type (name text primary key, date text, owner text, memo text, caseOrFile text, "
    "valuetype text)",
    "CREATE TABLE attribute (attrid integer primary key, name text, attr_type text, value text, id integer, "
    "date text, owner text, unique(name, attr_type, id))",
    "CREATE TABLE case_text (id integer primary key, caseid integer, fid integer, pos0 integer, pos1 integer, "
    "owner text, date text, memo text)",
    "CREATE TABLE cases (caseid integer primary key, name text, memo text, owner text, date text, unique(name))",
    "CREATE TABLE code_cat (catid integer primary key, name text, owner text, date text, memo text, "
    "supercatid integer, unique(name))",
    "CREATE TABLE code_text (ctid integer primary key, cid integer, fid integer, seltext text, pos0 integer, "
    "pos1 integer, owner text, date text, memo text, avid integer, important integer, "
    "unique(cid, fid, pos0, pos1, owner))",
    "CREATE TABLE code_name (cid integer primary key, name text, memo text, catid integer, owner text, date text, "
    "color text, supercid integer, unique(name))",
    "CREATE TABLE journal (jid integer primary key, name text, jentry text, date text, owner text, unique(name))",
]

# (code, the selection's first words, its last words): as an analyst drags over the text in QualCoder. Three
# start on the printed paragraph number; the last runs over a footnote's number printed in the text ("5 Da’esh").
CODINGS = [
    ("Resilience", "4. Aided by", "organizational structures,"),
    ("Leadership", "5. A range of views", "the Da’esh leader"),
    ("Technology", "12. Member States continued", "unmanned aircraft systems"),
    ("Technology", "three-dimensional printing", "weapon components"),
    ("Repatriation", "UNICEF, the International", "(IOM)"),
    ("Cooperation", "Promoting multilateral cooperation", "violent extremism"),
    ("Repatriation", "barriers to repatriation", "barriers to repatriation"),
    ("Resilience", "structures, 5 Da’esh", "remained resilient"),
]


class _App:
    """The part of QualCoder's App that RefiExport reads."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.project_name = "colleague.qda"
        self.version = "QualCoder 3.8"
        self.settings = {"directory": "/tmp"}

    def get_annotations(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT anid, fid, pos0, pos1, memo, owner, date FROM annotation").fetchall()
        return [dict(zip(["anid", "fid", "pos0", "pos1", "memo", "owner", "date"], r, strict=True)) for r in rows]


def main(qualcoder_src: str, pdf: str, out_folder: str) -> None:
    stub_qt()
    sys.path.insert(0, qualcoder_src)
    from qualcoder import pdf_utils, refi  # QualCoder's own modules

    pdf_path = Path(pdf)
    text = pdf_utils.extract_pdf_fulltext(str(pdf_path), None, join_lines=True)
    conn = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    stamp = "2026-11-30 09:15:00"
    conn.execute("INSERT INTO project (databaseversion, date, memo) VALUES ('v12', ?, '')", [stamp])
    conn.execute("INSERT INTO source (id, name, fulltext, mediapath, memo, owner, date) VALUES (1, ?, ?, NULL, "
                 "'Report of the Secretary-General', 'dana', ?)", [pdf_path.name, text, stamp])
    codes: dict[str, int] = {}
    for number, name in enumerate(dict.fromkeys(c[0] for c in CODINGS), 1):
        codes[name] = number
        conn.execute("INSERT INTO code_name (cid, name, memo, catid, owner, date, color, supercid) VALUES "
                     "(?, ?, '', NULL, 'dana', ?, '#4e79a7', NULL)", [number, name, stamp])
    for code, first, last in CODINGS:
        start = text.index(first if not first[0].isdigit() else "\n" + first) + (first[0].isdigit())
        end = text.index(last, start) + len(last)
        conn.execute("INSERT INTO code_text (cid, fid, seltext, pos0, pos1, owner, date, memo, important) VALUES "
                     "(?, 1, ?, ?, ?, 'dana', ?, ?, NULL)",
                     [codes[code], text[start:end], start, end, stamp, f"dana on {code.lower()}"])
    at = text.index("Security Council")
    conn.execute("INSERT INTO annotation (fid, pos0, pos1, memo, owner, date) VALUES (1, ?, ?, ?, 'dana', ?)",
                 [at, at + 16, "Which resolution? Check the annex.", stamp])
    conn.execute("INSERT INTO journal (name, jentry, date, owner) VALUES ('Reading notes', ?, ?, 'dana')",
                 ["First pass over S/2025/72: counter-terrorism paragraphs coded.", stamp])
    conn.commit()

    export = object.__new__(refi.RefiExport)  # its __init__ opens Qt dialogs; the same steps, without them
    export.app, export.xml, export.guids, export.note_files, export.variables = _App(conn), "", [], [], []
    export.categories, export.codes, export.users, export.sources = [], [], [], []
    export.get_categories()
    export.get_codes()
    export.get_users()
    export.get_sources()
    export.annotations = export.app.get_annotations()
    export.project_xml()
    out = Path(out_folder) / (pdf_path.name.split(".")[0] + ".qdpx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:  # what export_project zips
        archive.writestr("project.qde", export.xml)
        for s in export.sources:  # the PDF itself is left out: it is tests/data/pdf/S_2025_72.en.pdf (250 KB)
            if s["plaintext_filename"] is not None:
                archive.writestr(f"sources/{s['plaintext_filename']}", s["fulltext"].encode("utf-8-sig"))
        for name, note in export.note_files:
            archive.writestr(f"sources/{name}", note.encode("utf-8-sig"))
    shutil.rmtree(Path.home() / ".qualcoder" / "colleague", ignore_errors=True)
    print(out, out.stat().st_size)


if __name__ == "__main__":
    main(*sys.argv[1:4])

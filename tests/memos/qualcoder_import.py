"""Run QualCoder's own REFI-QDA project import (`src/qualcoder/refi.py`, `RefiImport.import_project`) headless on
a `.qdpx`, and say what QualCoder kept: its codes with their memos, its journal entries, its sources and
codings. QualCoder is not a dependency: its source is read from a checkout (`fetch github:ccbogel/QualCoder`),
its Qt dialogs and helpers replaced by stand-ins that do nothing, and its project database made with the
`CREATE TABLE` statements of its own `__main__.py`.

Run: `python -m tests.memos.qualcoder_import QUALCODER_SRC FILE.qdpx [BACK.qdpx]` (prints JSON; with BACK.qdpx,
QualCoder's own project export of what it imported is written there: the way back).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import types
from pathlib import Path
from typing import Any


class _Nothing:
    """Any attribute, any call: nothing happens (QualCoder's progress dialog, message boxes, Qt enums)."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        pass

    def __getattr__(self, _name: str) -> Any:
        return _Nothing()

    def __call__(self, *_args: object, **_kwargs: object) -> Any:
        return _Nothing()

    def __or__(self, _other: object) -> Any:  # Qt flags joined: QFileDialog.Option.A | QFileDialog.Option.B
        return _Nothing()


def _stand_ins(qdpx: Path) -> None:
    qt_widgets = types.ModuleType("PyQt6.QtWidgets")
    qt_widgets.QFileDialog = types.SimpleNamespace(  # type: ignore[attr-defined]
        getOpenFileName=lambda *a, **k: (str(qdpx), True), Option=_Nothing())
    qt_widgets.QProgressDialog = _Nothing  # type: ignore[attr-defined]
    qt_widgets.QDialog = _Nothing  # type: ignore[attr-defined]
    qt_core = types.ModuleType("PyQt6.QtCore")
    qt_core.Qt = _Nothing()  # type: ignore[attr-defined]
    pyqt = types.ModuleType("PyQt6")
    pyqt.QtWidgets, pyqt.QtCore = qt_widgets, qt_core  # type: ignore[attr-defined]
    package = types.ModuleType("qualcoder")
    package.__path__ = []
    colours = types.ModuleType("qualcoder.color_selector")
    colours.colors = ["#FF0000"]  # type: ignore[attr-defined]
    colours.color_matcher = lambda colour: colour  # type: ignore[attr-defined]
    gui = types.ModuleType("qualcoder.GUI")
    gui.__path__ = []
    endings = types.ModuleType("qualcoder.GUI.ui_dialog_refi_export_endings")
    endings.Ui_Dialog_refi_export_line_endings = _Nothing  # type: ignore[attr-defined]
    helpers = types.ModuleType("qualcoder.helpers")
    helpers.Message = _Nothing  # type: ignore[attr-defined]
    sys.modules.update({"PyQt6": pyqt, "PyQt6.QtWidgets": qt_widgets, "PyQt6.QtCore": qt_core,
                        "qualcoder": package, "qualcoder.color_selector": colours, "qualcoder.GUI": gui,
                        "qualcoder.GUI.ui_dialog_refi_export_endings": endings, "qualcoder.helpers": helpers})
    builtins._ = lambda text: text  # type: ignore[attr-defined]  # QualCoder's gettext


def _project_database(source: Path, path: Path) -> sqlite3.Connection:
    """A new QualCoder project database, made by the CREATE TABLE statements of its `__main__.py`."""
    text = (source / "__main__.py").read_text(encoding="utf-8")
    conn = sqlite3.connect(path)
    made: set[str] = set()
    for call in re.findall(r'cur\.execute\(\s*((?:"[^"]*"\s*)+)\)', text):
        statement = "".join(re.findall(r'"([^"]*)"', call))
        match = re.match(r"CREATE TABLE (\w+)", statement)
        if match and match[1] not in made:
            made.add(match[1])
            conn.execute(statement)
    # the project's row, as its new-project code writes it (its version, a date, no memo)
    conn.execute("INSERT INTO project (databaseversion, date, memo, about, bookmarkfile, bookmarkpos, codername, "
                 "recently_used_codes) VALUES ('v17', '2026-01-01 00:00:00', '', 'QualCoder', 0, 0, 'default', '')")
    conn.commit()
    return conn


def _kept(conn: sqlite3.Connection) -> dict[str, Any]:
    names = dict(conn.execute("SELECT cid, name FROM code_name").fetchall())
    return {
        "codes": [{"name": n, "memo": m, "parent": names.get(p)} for n, m, p in
                  conn.execute("SELECT name, memo, supercid FROM code_name ORDER BY cid")],
        "journals": [{"name": n, "text": t, "date": d} for n, t, d in
                     conn.execute("SELECT name, jentry, date FROM journal ORDER BY jid")],
        "sources": [{"name": n, "owner": o} for n, o in conn.execute("SELECT name, owner FROM source")],
        "codings": [{"code": names.get(c), "text": t, "owner": o} for c, t, o in
                    conn.execute("SELECT cid, seltext, owner FROM code_text ORDER BY ctid")],
    }


def _export(refi: Any, app: Any, folder: Path, target: Path) -> None:
    """QualCoder's own project export (`RefiExport`, "project") of what it imported, written to `target`:
    its line-endings question answered "no" (plain line breaks), its folder question answered `folder`."""
    class LineEndings:
        def __init__(self, *_args: object) -> None:
            self.ui = types.SimpleNamespace(radioButton_maxqda=types.SimpleNamespace(isChecked=lambda: False))

        def exec(self) -> None:
            pass

    refi.RefiLineEndings = LineEndings
    refi.QtWidgets.QFileDialog.getExistingDirectory = lambda *a, **k: str(folder)
    app.project_name, app.version = "roundtrip.qda", "QualCoder"
    keys = ("anid", "fid", "pos0", "pos1", "memo", "owner", "date")
    app.get_annotations = lambda: [dict(zip(keys, row, strict=True)) for row in app.conn.execute(
        "SELECT anid, fid, pos0, pos1, memo, owner, date FROM annotation")]
    home = folder / "home"
    (home / ".qualcoder").mkdir(parents=True)
    os.environ["HOME"] = str(home)  # QualCoder prepares the archive in ~/.qualcoder
    refi.RefiExport(app, types.SimpleNamespace(append=lambda *_a: None), "project")
    shutil.copyfile(folder / "roundtrip.qdpx", target)


def qualcoder_import(source: Path, qdpx: Path, export_to: Path | None = None) -> dict[str, Any]:
    """What QualCoder's import of `qdpx` leaves in its project: codes (name, memo, parent), journal entries
    (name, text), sources (name, owner) and codings (code, source, text); with `export_to`, QualCoder's own
    project export of it is written there (the way back)."""
    _stand_ins(qdpx)
    spec = importlib.util.spec_from_file_location("qualcoder.refi", source / "refi.py")
    assert spec is not None and spec.loader is not None
    refi = importlib.util.module_from_spec(spec)
    sys.modules["qualcoder.refi"] = refi
    with contextlib.redirect_stdout(sys.stderr):  # QualCoder prints what it cannot do ("No module named 'vlc'")
        spec.loader.exec_module(refi)
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(sys.stderr):
        conn = _project_database(source, Path(folder) / "project.qda")
        log: list[str] = []
        app = types.SimpleNamespace(conn=conn, project_path=folder, project_events=None, ai_models=None,
                                    settings={"directory": folder, "codername": "default", "ai_enable": "False"},
                                    write_config_ini=lambda *a: None)
        refi.RefiImport(app, types.SimpleNamespace(append=log.append), "qdpx")
        kept = _kept(conn)
        if export_to is not None:
            _export(refi, app, Path(folder), export_to)
        return kept


if __name__ == "__main__":
    out = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(qualcoder_import(Path(sys.argv[1]), Path(sys.argv[2]), out), ensure_ascii=False, indent=1))

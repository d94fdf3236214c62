"""The trial's passing cases, kept: a SIGKILL during a re-import or a merge leaves the database whole (the
merge wholly there or wholly absent), and concurrent writers lose nothing."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gui.core.extract import extract
from gui.export import export
from gui.store import Store
from gui.store.documents import unpack_source
from tests.conftest import ROOT

from .conftest import DOC, PARA_5, PARA_5_EDITED

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

REIMPORTER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from gui.store import Store
    db, copy, a, b = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    store = Store(db)
    i = 0
    while True:
        text = copy.read_text(encoding="utf-8")
        copy.write_text(text.replace(a, b) if i % 2 == 0 else text.replace(b, a), encoding="utf-8")
        print(store.import_file(copy).status, flush=True)
        i += 1
""")


def _run_then_kill(args: list[str], lines: int) -> list[str]:
    proc = subprocess.Popen([sys.executable, "-c", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    seen = []
    deadline = time.monotonic() + 60
    while len(seen) < lines and time.monotonic() < deadline:
        seen.append(proc.stdout.readline().strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    return seen


def test_killed_during_reimports_the_document_and_its_annotations_are_whole(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        for eid in ("para_5", "para_6", "para_83", "para_110"):
            s.tag(DOC, [eid], "poc", note=eid)
    seen = _run_then_kill([REIMPORTER, str(db), str(tmp_path / "S-2017-130.txt"), PARA_5, PARA_5_EDITED], 7)
    assert seen.count("updated") >= 5
    with Store(db) as s:
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(a.note for a in s.annotations()) == ["para_110", "para_5", "para_6", "para_83"]
        row = s.db.execute("SELECT source FROM documents WHERE id = ?", [DOC]).fetchone()
        stored = [b.eid for b in extract(unpack_source(row[0])).blocks]
        assert [r[0] for r in s.db.execute("SELECT eid FROM blocks WHERE doc_id = ? ORDER BY position", [DOC])] \
            == stored
        export(s, "qdpx", tmp_path / "after.qdpx")


MERGER = textwrap.dedent("""
    import sys
    from gui.export import import_annotations
    from gui.store import Store
    store = Store(sys.argv[1])
    print("open", flush=True)
    print(import_annotations(store, sys.argv[2]).summary(), flush=True)
""")


def test_killed_during_a_merge_it_is_wholly_there_or_wholly_absent(db: Path, tmp_path: Path) -> None:
    with Store(db) as s:
        eids = [b.eid for b in s.document(DOC).blocks if b.kind.value == "paragraph"]
        for n, eid in enumerate(eids):
            s.tag(DOC, [eid], "poc", coder=f"colleague {n % 3}")
        file = export(s, "jsonld", tmp_path / "theirs.jsonld")
    data = json.loads(file.read_text(encoding="utf-8"))
    total = len(data["first"]["items"])
    for delay in (0.05, 0.2, 0.4, 0.8):
        target = tmp_path / f"merge-{delay}.db"
        with Store(target, import_corpus=False) as s:
            s.import_file(tmp_path / "S-2017-130.txt")
        proc = subprocess.Popen([sys.executable, "-c", MERGER, str(target), str(file)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        with Store(target) as s:
            assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert len(s.annotations()) in (0, total)


WRITER = textwrap.dedent("""
    import sys
    from gui.store import Store
    store = Store(sys.argv[1])
    me, count = sys.argv[2], int(sys.argv[3])
    eids = [b.eid for b in store.document("S-2017-130").blocks]
    for i in range(count):
        changes = store.tag("S-2017-130", [eids[i % len(eids)]], "poc", note=f"{me} {i}", coder=me)
        print(changes.annotation_ids[0], flush=True)
""")


def test_concurrent_writers_lose_nothing(db: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), f"writer{n}", "40"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(3)]
    written: list[str] = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        written += out.split()
    assert len(written) == 120
    with Store(db) as s:
        assert {a.id for a in s.annotations()} == set(written)

"""Reading files: encodings, and clear errors for input that is not a document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui.core import decode
from gui.core.errors import InputError
from gui.core.extract import load_document
from tests.conftest import ROOT, S_2017_130

SAMPLE = "I. Introduction\n\n1. Le Conseil a salué l’opération à Ménaka — €750 million.\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8-sig"),
        (SAMPLE.encode("utf-16"), "utf-16"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(encoded)
    d = load_document(path)
    assert d.encoding == encoding
    assert d.block("para_1").text == "Le Conseil a salué l’opération à Ménaka — €750 million."
    assert not d.source.startswith("\ufeff")


def test_latin1_fallback() -> None:
    text, encoding = decode.decode_bytes(b"1. Caf\xe9 \x81 ok.\n")
    assert encoding == "latin-1" and text.startswith("1. Café")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n\t\n", "the file is empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"%PDF-1.7\n\x00\x01\x02\x03binary stream", "not a readable PDF"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        load_document(path)
    assert str(path) in str(info.value)


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        load_document(tmp_path)


def test_enormous_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    path = tmp_path / "big.txt"
    path.write_text("1. word " * 500)
    with pytest.raises(InputError, match="too large"):
        load_document(path)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60, check=False)


def test_cli_outline_tree_and_json() -> None:
    result = run_cli("outline", str(S_2017_130))
    assert result.returncode == 0
    assert "symbol: S/2017/130" in result.stdout
    assert "§ sec_II__title_E  Protection of civilians" in result.stdout
    assert "\n      para_83  On 3 November" in result.stdout
    result = run_cli("outline", str(S_2017_130), "--json")
    import json

    data = json.loads(result.stdout)
    assert data["symbol"] == "S/2017/130" and data["date"] == "2017-02-14"
    para = next(b for b in data["blocks"] if b["eid"] == "para_13")
    assert set(para) == {"eid", "kind", "num", "level", "parent", "text", "spans", "language", "rows",
                         "boxes", "refs"}
    assert para["num"] == "13" and len(para["spans"]) == 2


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 100])
def test_cli_errors_exit_2_without_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run_cli("outline", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    assert run_cli("outline", str(tmp_path / "missing.txt")).returncode == 2

"""Items 6, 7 and the decoding faults: only regular files are read, boundedly; a loop of links, 0xFF bytes
and a file pasted together from UTF-8 and Windows-1252 get a reason or the right text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gui.core.decode import decode_bytes, read_bounded
from gui.core.errors import InputError
from gui.store import Store
from tests.conftest import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, capture_output=True, text=True, timeout=30)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", ["outline", "import", "import-annotations"])
def test_a_named_pipe_is_refused_at_once(tmp_path: Path, command: str) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = _cli(command, str(pipe), *([] if command == "outline" else ["--db", str(tmp_path / "m.db")]))
    assert result.returncode == 2
    assert f"{pipe}: is a named pipe, not a" in result.stderr and "only regular files are read" in result.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    with pytest.raises(InputError, match="is a device"):
        read_bounded(device, 1024)
    result = _cli("outline", device)
    assert result.returncode == 2 and "is a device" in result.stderr


def test_a_file_that_grows_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(InputError, match="too large"):
        read_bounded(path, 1000)
    assert read_bounded(path, 5000) == b"a" * 5000


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_loop_of_links_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    result = _cli("import", str(tmp_path / "a.txt"), "--db", str(tmp_path / "m.db"))
    assert result.returncode == 2, result.stderr
    assert "is a loop of symbolic links" in result.stderr and "Traceback" not in result.stderr
    with Store(tmp_path / "n.db", import_corpus=False) as s, pytest.raises(InputError, match="loop"):
        s.import_file(tmp_path / "a.txt")


def test_a_file_of_0xff_bytes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not UTF-8 or Windows-1252"):
        decode_bytes(b"\xff" * 4096, "garbage.txt")
    path = tmp_path / "garbage.txt"
    path.write_bytes(b"\xff" * 4096)
    with Store(tmp_path / "m.db", import_corpus=False) as s:
        with pytest.raises(InputError, match=r"garbage\.txt: looks like a binary file"):
            s.import_file(path)
        assert s.documents() == []


def test_mixed_utf8_and_cp1252_is_decoded_line_by_line() -> None:
    data = ("1. Le Conseil a salué l’opération à Ménaka.\n".encode() +
            "2. Café et crème — €750 million.\n".encode("cp1252") +
            "3. 中文说明\n".encode())
    text, encoding = decode_bytes(data, "mixed.txt")
    assert text == "1. Le Conseil a salué l’opération à Ménaka.\n2. Café et crème — €750 million.\n3. 中文说明\n"
    assert encoding == "utf-8+cp1252"
    text, encoding = decode_bytes("1. Café et crème.\n".encode("cp1252"), "old.txt")  # one encoding throughout
    assert (text, encoding) == ("1. Café et crème.\n", "cp1252")

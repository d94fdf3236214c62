"""Writing a file so that it is either wholly there or not changed at all."""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from gui.core.errors import MarginaliaError


class ExportError(MarginaliaError):
    """An export or import that cannot be done (unwritable folder, unreadable file, bad format)."""


class Cancelled(ExportError):
    """The analyst cancelled a long export or merge; nothing was written."""


Progress = Callable[[int, int], None]
"""Called with (done, total) as work proceeds; it may raise `Cancelled` to stop the work."""


def write_atomic(path: str | Path, data: bytes | str, protect: tuple[Path, ...] = ()) -> Path:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.

    The folder must exist. A symbolic link is followed (the file it names is replaced); anything that is not
    a regular file, and the paths in `protect` (the database and its companions), are refused. A new file
    gets the usual permissions (0666 less the umask), a replaced one keeps its own.
    """
    target = Path(path).expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if target.is_symlink():
            target = target.resolve(strict=False)
    except (OSError, RuntimeError) as error:  # a loop of links
        raise ExportError(f"{path}: cannot follow the link ({error})") from None
    if not target.parent.is_dir():
        raise ExportError(f"{target}: the folder {target.parent} does not exist")
    if target.exists() and not target.is_file():
        raise ExportError(f"{target}: not a regular file; choose a file name")
    guarded = [p for q in protect for p in (q, Path(f"{q}-wal"), Path(f"{q}-shm"), Path(f"{q}-journal"))]
    if any(_same_file(target, p) for p in guarded):
        raise ExportError(f"{target}: that is the database itself; choose another file name")
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(f"{target}: the file is read-only; it was left as it is")
    keep_mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else None
    try:
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        # Created like any new file: the kernel applies the umask to 0666 (mkstemp would make it private).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            if keep_mode is not None:
                os.chmod(tmp, keep_mode)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_folder(target.parent)
    except OSError as error:
        raise ExportError(f"{target}: cannot be written ({error.strerror or error})") from None
    return target


def _same_file(a: Path, b: Path) -> bool:
    """The same file, also where names differ only in case (macOS, Windows) or by links."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except (OSError, RuntimeError):
        return False


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened this way on Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

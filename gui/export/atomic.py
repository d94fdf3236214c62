"""Writing a file so that it is either wholly there or not changed at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from gui.core.errors import MarginaliaError


class ExportError(MarginaliaError):
    """An export or import that cannot be done (unwritable folder, unreadable file, bad format)."""


class Cancelled(ExportError):
    """The analyst cancelled a long export or merge; nothing was written."""


Progress = Callable[[int, int], None]
"""Called with (done, total) as work proceeds; it may raise `Cancelled` to stop the work."""


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(payload)
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ExportError(f"{target}: cannot be written ({error.strerror or error})") from None
    return target

"""Write a benchmark's figures into README.md between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`."""

from __future__ import annotations

import platform
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def machine() -> str:
    import os

    return (f"{platform.python_implementation()} {platform.python_version()}, "
            f"{os.cpu_count()} cores, {platform.machine()}")


def update_readme(name: str, markdown: str) -> bool:
    """Replace the named block in README.md; return False if the markers are missing."""
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- bench:{name} -->\n).*?(<!-- /bench:{name} -->)", re.DOTALL)
    if not pattern.search(text):
        return False
    README.write_text(pattern.sub(lambda m: m.group(1) + markdown.rstrip() + "\n" + m.group(2), text),
                      encoding="utf-8")
    return True

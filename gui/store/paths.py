"""Default locations: the user's data directory and the bundled corpus."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from gui import APP_NAME

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def default_db_path() -> Path:
    """`<user data dir>/Marginalia/marginalia.db` (e.g. ~/.local/share/Marginalia on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "marginalia.db"


def bundled_corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


DOCUMENT_SUFFIXES = (".pdf", ".txt", ".md")


def document_files(paths: list[Path]) -> list[Path]:
    """The files named, and the .pdf/.txt/.md files inside named folders (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file())
        else:
            out.append(path)
    return out

"""Default locations: the user's data directory and the bundled corpus."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from gui import APP_NAME
from gui.store.errors import StoreError

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def default_db_path() -> Path:
    """`<user data dir>/Marginalia/marginalia.db` (e.g. ~/.local/share/Marginalia on Linux)."""
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "marginalia.db"


def check_folder(path: Path, *, create: bool) -> None:
    """The folder of database `path` must exist (the user's data folder, with `create`, is made): else a clear
    StoreError, never a silent new folder for a mistyped --db."""
    folder = path.parent
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        elif not folder.is_dir():
            raise StoreError(f"{path}: the folder {folder} does not exist; create it, or choose another --db")
    except OSError as error:
        what = "cannot create the data folder" if create else "cannot reach its folder"
        raise StoreError(f"{folder}: {what} ({error.strerror or error})") from None


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

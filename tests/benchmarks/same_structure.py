"""Proof that a speed change left the extraction's behaviour as it was: the whole extracted `Document` (metadata,
every block with its spans, rows and references) of every text document we have, saved before the change and
compared after it.

Run: `python -m tests.benchmarks.same_structure save DIR` on the old code, then
`python -m tests.benchmarks.same_structure compare DIR` on the new; `compare` prints every document whose
structure differs (with the first differing block) and exits 1 when any does. `--pdf` adds the PDFs of
../shared/pdf and tests/data/pdf read by the PDF reader (which shares the line rules and the inline cleaning).

The texts: `corpus/`, every text file of `tests/data`, and the text layers of every real UN PDF the project has
(`real_text.py`: /work/corpus2025, ../shared/pdf, tests/data/pdf), plus ../shared/coding's mission reports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from tests.benchmarks.real_text import ROOT, _pdf_text, real_texts

CODING = ROOT.parent / "shared" / "coding" / "pdf"
PDFS = [ROOT.parent / "shared" / "pdf", ROOT / "tests" / "data" / "pdf"]


def sources() -> list[tuple[str, str]]:
    """(name, text) of every text document, in a fixed order."""
    out: list[tuple[str, str]] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt")):
        out.append((f"{path.parent.name}/{path.name}", path.read_text(encoding="utf-8", errors="replace")))
    for path in real_texts():
        out.append((f"real/{path.name}", path.read_text(encoding="utf-8")))
    for pdf in sorted(CODING.glob("*.pdf")) if CODING.is_dir() else []:
        try:
            text = _pdf_text(pdf)
        except Exception:  # a torn PDF is not part of the sample
            continue
        if text.strip():
            out.append((f"coding/{pdf.stem}.txt", text))
    return out


def structure_of(text: str, name: str) -> dict[str, Any]:
    """The extracted document as JSON, or the error it raised (an error is behaviour too)."""
    from gui.core.errors import InputError
    from gui.core.extract import extract

    try:
        data: dict[str, Any] = extract(text, path=name).to_json()
    except InputError as error:
        return {"error": str(error)}
    data.pop("source", None)  # the input itself
    return data


def pdf_structures() -> list[tuple[str, dict[str, Any]]]:
    from gui.core.errors import InputError
    from gui.core.extract import load_document

    out = []
    for folder in PDFS:
        for pdf in sorted(folder.glob("*.pdf")):
            try:
                data = load_document(pdf).to_json()
            except InputError as error:
                data = {"error": str(error)}
            data.pop("source", None)
            data.pop("path", None)  # where the file lies, not what was read from it
            out.append((f"pdf/{folder.parent.name}/{folder.name}/{pdf.name}", data))
    return out


def _file(folder: Path, name: str) -> Path:
    return folder / (hashlib.sha1(name.encode()).hexdigest()[:16] + ".json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["save", "compare"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pdf", action="store_true", help="also the PDFs read by the PDF reader")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    items = [(name, structure_of(text, name)) for name, text in sources()]
    if args.pdf:
        items += pdf_structures()
    differ = 0
    for name, data in items:
        target = _file(args.folder, name)
        if args.action == "save":
            target.write_text(json.dumps({"name": name, "structure": data}, ensure_ascii=False), encoding="utf-8")
            continue
        if not target.exists():
            print(f"{name}: no saved structure")
            differ += 1
            continue
        before = json.loads(target.read_text(encoding="utf-8"))["structure"]
        after = json.loads(json.dumps(data, ensure_ascii=False))
        if before != after:
            differ += 1
            print(f"{name}: DIFFERS {_first_difference(before, after)}")
    blocks = sum(len(d.get("blocks", ())) for _, d in items)
    print(f"{len(items)} documents, {blocks:,} blocks: {'saved' if args.action == 'save' else f'{differ} differ'}")
    return 1 if differ else 0


def _first_difference(before: dict[str, Any], after: dict[str, Any]) -> str:
    for key in sorted(set(before) | set(after)):
        if key != "blocks" and before.get(key) != after.get(key):
            return f"{key}: {before.get(key)!r} → {after.get(key)!r}"
    old, new = before.get("blocks", []), after.get("blocks", [])
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            return f"block {i}: {json.dumps(a, ensure_ascii=False)[:300]} → {json.dumps(b, ensure_ascii=False)[:300]}"
    return f"{len(old)} blocks → {len(new)} blocks"


if __name__ == "__main__":
    sys.exit(main())

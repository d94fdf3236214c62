"""Real UN text for the benchmarks: the text layer of real UN PDFs, hard-wrapped as printed, and the bundled corpus.

The texts come from every real UN source the project has: `/work/corpus2025` (622 PDFs published in 2025, every
family; used when present), the shared ten PDFs beside the checkout (`../shared/pdf`), `tests/data/pdf`, the
pdftotext files of `tests/data`, and `corpus/`. A PDF's text is PDFium's own text of each page (lines as printed,
pages separated by form feeds), as a text file saved from a PDF viewer holds it; scans (no text layer) are left
out. Extracted once into a cache folder (`MARGINALIA_BENCH_CACHE`, default /tmp/marginalia-bench) and reused.

A library larger than the real texts is made of variants of them: each a real text with a few words changed
(so that it is a distinct document with its own content hash), never synthetic paragraphs that extract faster
than any real report.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("MARGINALIA_BENCH_CACHE", "/tmp/marginalia-bench"))
PDF_FOLDERS = [Path("/work/corpus2025"), ROOT.parent / "shared" / "pdf", ROOT / "tests" / "data" / "pdf"]
WORDS = ["mandate", "ceasefire", "patrol", "convoy", "mediation", "ballot", "cholera", "airstrip", "escort"]
MIN_CHARS = 2000  # a PDF with less text than this is a scan, a cover or a one-page note: not a report's text


def _pdf_text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            textpage.close()
            page.close()
        return "\f".join(pages)
    finally:
        document.close()


def real_texts() -> list[Path]:
    """Every real UN text, as .txt files in the cache (extracted on the first call), in a fixed order."""
    folder = CACHE / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Path] = []
    seen: set[str] = set()
    pdfs = [p for d in PDF_FOLDERS if d.is_dir() for p in sorted(d.glob("*.pdf"))]
    texts = [*sorted((ROOT / "corpus").glob("*.txt")), *sorted((ROOT / "tests" / "data").glob("pdftotext_*.txt"))]
    for source in [*texts, *pdfs]:
        target = folder / (re.sub(r"[^A-Za-z0-9._-]+", "_", source.stem) + ".txt")
        skipped = target.with_suffix(".skip")
        if skipped.exists():
            continue
        if not target.exists():
            try:
                text = _pdf_text(source) if source.suffix == ".pdf" else source.read_text(encoding="utf-8")
            except Exception:  # a torn or encrypted PDF: not part of the sample
                text = ""
            if len(text.strip()) < MIN_CHARS:
                skipped.touch()
                continue
            target.write_text(text, encoding="utf-8")
        digest = hashlib.sha1(target.read_bytes()).hexdigest()
        if digest not in seen:  # the same PDF in two folders counts once
            seen.add(digest)
            out.append(target)
    return out


def _variant(text: str, rng: random.Random) -> str:
    """The text with about one "the" in twenty replaced by another word."""
    return re.sub(r"\bthe\b", lambda m: rng.choice(WORDS) if rng.random() < 0.05 else "the", text)


def make_library(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Documents `start` … `count - 1` of the benchmark library in `folder`: first each real text as it is, then
    variants of them in turn (document i is always the same text, whatever the sizes asked for)."""
    texts = real_texts()
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(start, count):
        source = texts[i % len(texts)]
        path = folder / f"doc-{i:05d}-{source.stem[:40]}.txt"
        if not path.exists():
            text = source.read_text(encoding="utf-8")
            if i >= len(texts):  # a variant: a few words changed, the same layout, wrapping and structure
                text = _variant(text, random.Random(i))
            path.write_text(text, encoding="utf-8")
        made.append(path)
    return made


if __name__ == "__main__":
    found = real_texts()
    size = sum(p.stat().st_size for p in found)
    print(f"{len(found)} real texts, {size / 1e6:.1f} MB, in {CACHE / 'texts'}")

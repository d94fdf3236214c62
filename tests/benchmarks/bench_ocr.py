"""Recognition of scanned pages: accuracy and speed, beside the engine's own figures on the same pages.

Born-digital UN report pages are drawn to pictures and put in a PDF with no text layer (a "scan" whose truth is
the page's text layer). For each page the benchmark measures:

- the character error rate (edit distance / characters of the text layer, both with whitespace collapsed) of
  what the engine read at the scale Marginalia draws pages at, and at a larger one (why this scale);
- pages per second of Marginalia's recognition (draw, recognise, re-read missed paragraph numbers, measure
  ink) beside the engine's own figure on the same pages (the detection and recognition time it reports);
- peak memory of the process.

With `--coded DIR` it also reads the scanned UNMIK reports of ../shared/coding/pdf (their pages recognised once
into DIR, a folder of page results, and read from there after) and counts the expert-coded paragraphs
(codes.csv) found as numbered paragraphs.

Run: `nice -n 10 python -m tests.benchmarks.bench_ocr [--pages N] [--coded DIR [--recognise]] [--coded-only]
[--no-readme]` (`--recognise`: recognise the scans' pages not yet in DIR; `--coded-only`: skip the speed part).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from gui.core.pdf.ocr import SCALE, Engine, ScanPage, draw_page, measure_ink, threads
from tests.benchmarks.readme import machine, update_readme
from tests.ocr_samples import scanned_pdf

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SAMPLE = [("S_2025_153", 2), ("S_2025_72", 2), ("S_2025_68", 3), ("S_2025_154", 3), ("S_2025_211", 2),
          ("A_79_19", 3)]


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("“", '"')
    return " ".join(text.replace("”", '"').replace("\u00ad", "").split())


def _truth(source: Path, number: int) -> str:
    pdf = pdfium.PdfDocument(str(source))
    textpage = pdf[number - 1].get_textpage()
    return _plain(str(textpage.get_text_range()))


def _read(scan: ScanPage) -> str:
    lines = sorted(scan.lines, key=lambda ln: (round(ln.quad[0][1] / 4), ln.quad[0][0]))
    return _plain(" ".join(ln.text for ln in lines))


def sample_pages(count: int) -> list[tuple[str, Path, int]]:
    out = []
    for stem, number in SAMPLE:
        path = next((p for p in (SHARED / "pdf" / f"{stem}.en.pdf", ROOT / "tests/data/pdf" / f"{stem}.en.pdf")
                     if p.exists()), None)
        if path is not None:
            out.append((stem, path, number))
    return out[:count]


def accuracy_and_speed(pages: list[tuple[str, Path, int]], engine: Engine) -> dict[str, Any]:
    rows: dict[str, Any] = {"pages": len(pages)}
    for scale in (SCALE, 2.0):
        errors = chars = 0
        ours = own = 0.0
        for _, path, number in pages:
            pdf = pdfium.PdfDocument(scanned_pdf(path, [number], scale=3.0))  # the "scanner": 216 dpi
            start = time.perf_counter()
            pixels, width, height = draw_page(pdf, 0, scale)
            own_start = time.perf_counter()
            scan = engine.recognise(pixels, 1, width, height, scale)
            own += time.perf_counter() - own_start
            scan = measure_ink(engine.rescue_numbers(scan, pixels, scale), pixels, scale)
            ours += time.perf_counter() - start
            truth = _truth(path, number)
            # word order aside: the text layer lists a page's running head and foot where PDFium finds them
            errors += Levenshtein.distance(" ".join(sorted(_read(scan).split())), " ".join(sorted(truth.split())))
            chars += len(truth)
        rows[scale] = {"cer": errors / max(1, chars), "ours": len(pages) / ours, "engine": len(pages) / own}
    return rows


class _Folder:
    """Recognised pages kept as JSON files in a folder (DIR/stem/page.json)."""

    def __init__(self, folder: Path, stem: str, pdf: pdfium.PdfDocument, engine: Engine) -> None:
        self.folder = folder / stem
        self.folder.mkdir(parents=True, exist_ok=True)
        self.pdf, self.engine = pdf, engine

    def get(self, _hash: str, page: int, _engine: str) -> dict[str, Any] | None:
        file = self.folder / f"{page}.json"
        found: dict[str, Any] | None = json.loads(file.read_text()) if file.exists() else None
        if found is not None and "rules" not in found:  # the engine's lines only (a bare run): finish the page
            pixels, _, _ = draw_page(self.pdf, page - 1, SCALE)
            scan = self.engine.rescue_numbers(ScanPage.from_json(found), pixels, SCALE)
            found = measure_ink(scan, pixels, SCALE).to_json()
            self.put(_hash, page, _engine, found)
        return found

    def put(self, _hash: str, page: int, _engine: str, result: dict[str, Any]) -> None:
        (self.folder / f"{page}.json").write_text(json.dumps(result))


def coded(folder: Path, engine: Engine) -> tuple[int, int, int, int, list[str]]:
    """(coded paragraphs found, coded paragraphs, numbered paragraphs found, numbered paragraphs) over the
    scanned reports whose every page is recognised in `folder`, and one line per report."""
    from gui.core.model import Kind
    from gui.core.pdf import read_pdf
    from gui.core.pdf.ocr_read import recognition

    codes: dict[str, set[str]] = defaultdict(set)
    with (SHARED / "coding" / "codes.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes[row["document"]].add(row["paragraph"])
    counts = json.loads((SHARED / "coding" / "paragraph_counts.json").read_text())
    found_coded = all_coded = found_all = all_numbered = 0
    lines = []
    # the scans with the fewest pages left to recognise first: a run stopped early leaves the most reports whole
    paths = sorted((SHARED / "coding" / "pdf").glob("*.pdf"),
                   key=lambda p: (len(pdfium.PdfDocument(str(p))) - len(list((folder / p.stem).glob("*.json"))),
                                  p.name))
    for path in paths:
        pdf = pdfium.PdfDocument(str(path))
        total = len(pdf)
        if sum(pdf[i].get_textpage().count_chars() for i in range(total)) >= 20 * total:
            continue  # born-digital
        cache = _Folder(folder, path.stem, pdf, engine)
        if len(list(cache.folder.glob("*.json"))) < total and "--recognise" not in sys.argv:
            lines.append(f"{path.stem}: not recognised yet ({len(list(cache.folder.glob('*.json')))}/{total})")
            continue
        with recognition(cache=cache):
            document = read_pdf(path.read_bytes(), str(path))
        nums = {b.num for b in document.blocks if b.kind is Kind.PARAGRAPH and b.num}
        wanted = codes.get(path.stem, set())
        expected = {str(i) for i in range(1, int(counts.get(path.stem, 0)) + 1)}
        found_coded += len(wanted & nums)
        all_coded += len(wanted)
        found_all += len(expected & nums)
        all_numbered += len(expected)
        missing = sorted(wanted - nums, key=int)
        lines.append(f"{path.stem}: coded {len(wanted & nums)}/{len(wanted)}, numbered {len(expected & nums)}/"
                     f"{len(expected)}" + (f"; coded not found: {', '.join(missing)}" if missing else ""))
    return found_coded, all_coded, found_all, all_numbered, lines


def main(argv: list[str]) -> int:
    count = int(argv[argv.index("--pages") + 1]) if "--pages" in argv else len(SAMPLE)
    load_before = os.getloadavg()[0]
    engine = Engine(threads())
    out: list[str] = []
    if "--coded-only" not in argv:  # (--coded-only: the coded paragraphs alone, e.g. to recognise the scans first)
        figures = accuracy_and_speed(sample_pages(count), engine)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB
        out += [f"Recognition of {figures['pages']} born-digital UN report pages drawn as scans (216 dpi), "
                f"{threads()} onnxruntime thread(s), on {machine()}:", "",
                "| scale (px/pt) | character error rate (word order aside) | Marginalia, pages/s | "
                "engine alone, pages/s |", "|---|---|---|---|"]
        for scale in (SCALE, 2.0):
            f = figures[scale]
            mark = " (used)" if scale == SCALE else ""
            out.append(f"| {scale}{mark} | {f['cer']:.2%} | {f['ours']:.3f} | {f['engine']:.3f} |")
        out += ["", f"Peak memory of the recognising process: {peak:.0f} MB."]
    if "--coded" in argv:
        found, total, found_all, numbered, lines = coded(Path(argv[argv.index("--coded") + 1]), engine)
        print("\n".join(lines), file=sys.stderr)
        out += ["", f"Scanned UNMIK reports (../shared/coding/pdf): **{found} of {total} expert-coded paragraphs "
                f"({found / max(1, total):.1%}) found as numbered paragraphs**; {found_all} of {numbered} numbered "
                f"paragraphs ({found_all / max(1, numbered):.1%})."]
    out += ["", f"Measured {time.strftime('%Y-%m-%d', time.gmtime())}; load average (two cores) "
            f"{load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end."]
    table = "\n".join(out)
    print(table)
    if "--no-readme" not in argv and not update_readme("ocr", table):
        print("README.md has no <!-- bench:ocr --> block", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

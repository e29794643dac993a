"""Throughput benchmark: `eventwire extract --jsonl` against spaCy's own `nlp.pipe` on the FA-KES corpus.

Both run in the same invocation, on the same texts, with the same pipeline (the English small model plus the
actor entity ruler). The CLI figure is wall-clock time of the whole command, start-up included.
Writes its figures into docs/benchmarks.md between the markers of its section.

    .venv/bin/python scripts/benchmark.py [--corpus ../shared/eval/fa-kes/FA-KES-Dataset.csv] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "fa-kes" / "FA-KES-Dataset.csv"
BEGIN, END = "<!-- benchmark:extract:begin -->", "<!-- benchmark:extract:end -->"


def fakes_to_jsonl(corpus: Path, out: Path, limit: int | None) -> list[str]:
    """FA-KES CSV (latin-1) to eventwire's JSONL input; returns the texts in order."""
    texts: list[str] = []
    with corpus.open(encoding="latin-1", newline="") as f, out.open("w", encoding="utf-8") as w:
        for i, row in enumerate(csv.DictReader(f)):
            if limit is not None and i >= limit:
                break
            month, day, year = (int(x) for x in row["date"].split("/"))
            w.write(json.dumps({"id": row["unit_id"], "text": row["article_content"],
                                "title": row["article_title"], "source": row["source"],
                                "published": dt.date(year, month, day).isoformat()}) + "\n")
            texts.append(row["article_content"])
    return texts


def write_section(report: str, begin: str, end: str, heading: str) -> None:
    """Put ``report`` (which opens with ``begin`` and closes with ``end``) into docs/benchmarks.md, in place of
    the section between those markers, or as a new section under ``heading``."""
    doc = ROOT / "docs" / "benchmarks.md"
    text = doc.read_text(encoding="utf-8") if doc.is_file() else "# Benchmarks\n\n"
    if begin in text:
        text = text[: text.index(begin)] + report + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + f"\n\n## {heading}\n\n" + report + "\n"
    doc.write_text(text, encoding="utf-8")


def time_spacy(texts: list[str]) -> tuple[float, float]:
    """Seconds to load the pipeline, and seconds for nlp.pipe over the texts."""
    from eventwire.actors import ActorRegistry
    from eventwire.nlp import build_nlp

    t0 = time.perf_counter()
    nlp = build_nlp(ActorRegistry.load().ruler_patterns())
    t1 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return t1 - t0, time.perf_counter() - t1


def time_cli(jsonl: Path) -> tuple[float, int, int]:
    """Wall seconds of `eventwire extract --jsonl`, lines printed, error lines."""
    exe = ROOT / ".venv" / "bin" / "eventwire"
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "-q", "extract", "--jsonl", str(jsonl)], capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"eventwire failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    lines = proc.stdout.splitlines()
    errors = sum(1 for line in lines if '"error"' in line and "error" in json.loads(line))
    return wall, len(lines), errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "fakes.jsonl"
        texts = fakes_to_jsonl(args.corpus, jsonl, args.limit)
        n = len(texts)
        words = sum(len(t.split()) for t in texts)
        load_s, spacy_s = time_spacy(texts)
        cli_s, lines, errors = time_cli(jsonl)
        spacy2_load, spacy2_s = time_spacy(texts)  # again, after the CLI, to even out machine noise
    spacy_best = min(spacy_s, spacy2_s)
    load = min(load_s, spacy2_load)
    spacy_with_load = spacy_best + load
    ratio = spacy_with_load / cli_s
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = f"""{BEGIN}
Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores,
Python {platform.python_version()}, by `.venv/bin/python scripts/benchmark.py` over the {n} FA-KES articles
({words:,} words).

| run | seconds | articles/s | words/s |
|---|---:|---:|---:|
| spaCy `nlp.pipe` alone (same pipeline, load {load:.1f} s included) | {spacy_with_load:.1f} \
| {n / spacy_with_load:.1f} | {words / spacy_with_load:,.0f} |
| `eventwire extract --jsonl` (whole command, start-up included) | {cli_s:.1f} | {n / cli_s:.1f} \
| {words / cli_s:,.0f} |

eventwire runs at **{ratio:.0%}** of spaCy's own speed (the bar is 80%). It printed {lines} lines for {n} articles,
{errors} of them errors. Peak memory of the benchmark process (spaCy runs): {peak_mb:.0f} MB.
{END}"""
    print(report)
    if not args.no_write:
        write_section(report, BEGIN, END, "Extraction throughput")
    return 0 if lines == n and errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Measure eventwire.dates on TempEval-3 TBAQ-cleaned TimeML: recall of gold DATE timexes and value accuracy.

Usage: .venv/bin/python scripts/eval_tempeval_dates.py [TBAQ-DIR] [--show N]
Reads the shared evaluation copy in place; nothing is copied into the project.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import time
from collections import Counter
from pathlib import Path

from eventwire.dates import find_times
from eventwire.nlp import build_nlp

DEFAULT = Path("/work/shared/eval/tempeval3/TBAQ-cleaned")
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
REFS = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}


def parse_tml(path: Path) -> tuple[dt.date | None, str, list[tuple[int, int, str, str]]]:
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    anchor = dt.date.fromisoformat(dct.group(1)) if dct else None
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    src = body.group(1) if body else ""
    out: list[str] = []
    pos = 0
    timexes: list[tuple[int, int, str, str]] = []
    open_t: tuple[int, str, str] | None = None
    length = 0
    for m in TAG.finditer(src):
        chunk = html.unescape(src[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) == "TIMEX3":
            if m.group(1) == "":
                ttype = re.search(r'type="(\w+)"', m.group(3))
                value = re.search(r'value="([^"]*)"', m.group(3))
                open_t = (length, ttype.group(1) if ttype else "", value.group(1) if value else "")
            elif open_t is not None:
                timexes.append((open_t[0], length, open_t[1], open_t[2]))
                open_t = None
    out.append(html.unescape(src[pos:]))
    return anchor, "".join(out), timexes


def norm_gold(value: str) -> str:
    """TimeML values at their precision: "1949-XX" -> "1949", "2000-01-05TEV" -> "2000-01-05"."""
    value = value.split("T")[0] if re.match(r"\d{4}-\d{2}-\d{2}T", value) else value
    value = re.sub(r"-W(\d)$", r"-W0\1", value)
    return re.sub(r"(?:-XX)+$", "", value).rstrip("X")


def lenient(gold: str, ours: str | None, date: dt.date | None) -> bool:
    if ours is None:
        return False
    g = norm_gold(gold)
    return any(o.rstrip("X") == g for o in ours.split("/")) or (
        date is not None and len(g) in (4, 7, 10) and date.isoformat().startswith(g)
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("root", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--show", type=int, default=0, help="print N misses of each sort")
    args = ap.parse_args()
    nlp = build_nlp()
    files = sorted(args.root.glob("*/*.tml"))
    c: Counter[str] = Counter()
    misses: list[str] = []
    wrong: list[str] = []
    spent = 0.0
    words = 0
    for path in files:
        anchor, text, timexes = parse_tml(path)
        doc = nlp(text)
        t0 = time.perf_counter()
        found = find_times(doc, anchor)
        spent += time.perf_counter() - t0
        words += len(text.split())
        c["predicted"] += len(found)
        c["predicted_dated"] += sum(1 for t in found if t.date is not None)
        for start, end, ttype, value in timexes:
            if ttype != "DATE":
                continue
            ref = value in REFS
            key = "ref" if ref else "date"
            c[f"gold_{key}"] += 1
            hits = [t for t in found if t.start < end and start < t.end]
            if not hits:
                if not ref:
                    misses.append(f"{path.name}: {text[start:end]!r} {value}")
                continue
            c[f"found_{key}"] += 1
            if ref:
                continue
            best = hits[0]
            ours = best.value.split("/")[0] if best.value else None
            if ours is not None and ours.rstrip("X") == norm_gold(value):
                c["value_strict"] += 1
            if lenient(value, best.value, best.date):
                c["value_lenient"] += 1
            else:
                wrong.append(
                    f"{path.name} [{anchor}]: {text[start:end]!r} gold={value} "
                    f"ours={best.text!r} {best.value}"
                )
    g = c["gold_date"]
    print(f"files {len(files)}, gold DATE timexes {g} (+{c['gold_ref']} PRESENT/PAST/FUTURE_REF)")
    print(f"found (overlap): {c['found_date']} = {c['found_date'] / g:.1%}")
    print(
        f"value right at gold precision: {c['value_strict']} = {c['value_strict'] / g:.1%} of gold, "
        f"{c['value_strict'] / max(1, c['found_date']):.1%} of found"
    )
    print(
        f"value right or our date inside the gold period: {c['value_lenient']} = {c['value_lenient'] / g:.1%}"
    )
    print(f"predicted mentions {c['predicted']} ({c['predicted_dated']} with a date)")
    print(f"find_times: {spent * 1000 / max(1, words) * 500:.2f} ms per 500 words")
    for label, rows in (("MISSED", misses), ("WRONG", wrong)):
        for row in rows[: args.show]:
            print(label, row)


if __name__ == "__main__":
    main()

"""TempEval-3 DATE expressions (``tempeval3/TBAQ-cleaned/``) found and resolved against each document's DCT.

Runs the pipeline's date stage (``eventwire.dates.find_times``) on each TimeML text with the document creation
time as the anchor. A gold DATE timex is *found* when a predicted time mention overlaps its span; its value is
*right* when our value, cut to the gold precision, equals the gold value (a time of day dropped; unknown parts
are no precision: ``1998-XX`` and ``1998-WXX`` ("a week of 1998") are the year ``1998``, so our day, week,
quarter, half or season of 1998 is cut to ``1998``). TimeML writes a range as two TIMEX3s ("between
<1994> and <1997>"); our one range mention ``1994/1997`` is right for either when that endpoint equals it.
Gold values PRESENT_REF/PAST_REF/FUTURE_REF have no date to compare; they are counted apart.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

from ..models import TimeMention
from .common import ExtractorFactory, Suite, SuiteResult, overlaps, prf, ratio

NAME = "eval.timex.v1"
DIR = "tempeval3/TBAQ-cleaned"
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
REFS = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

Timex = tuple[int, int, str, str]  # start, end, type, value


def parse_tml(raw: str) -> tuple[dt.date | None, str, list[Timex]]:
    """The DCT, the plain text of <TEXT> (entities unescaped) and its TIMEX3s with offsets into that text."""
    dct = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    anchor = dt.date.fromisoformat(dct.group(1)) if dct else None
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    src = body.group(1) if body else ""
    out: list[str] = []
    timexes: list[Timex] = []
    pos = length = 0
    opened: tuple[int, str, str] | None = None
    for m in TAG.finditer(src):
        chunk = html.unescape(src[pos:m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1) == "":
            ttype = re.search(r'type="(\w+)"', m.group(3))
            value = re.search(r'value="([^"]*)"', m.group(3))
            opened = (length, ttype.group(1) if ttype else "", value.group(1) if value else "")
        elif opened is not None:
            timexes.append((opened[0], length, opened[1], opened[2]))
            opened = None
    out.append(html.unescape(src[pos:]))
    return anchor, "".join(out), timexes


def norm_value(value: str) -> str:
    """A TimeML or eventwire value at its own precision: no time of day, no trailing unknown parts."""
    value = value.split("/")[0]
    if re.match(r"\d{4}-\d{2}-\d{2}T", value):
        value = value.split("T")[0]
    value = re.sub(r"-W(\d)$", r"-W0\1", value)
    value = re.sub(r"(?:-(?:W|Q|H)?XX?)+$", "", value)  # 1998-XX-XX, 1998-WXX, 1998-QX: the year
    return value.rstrip("X")


_YEAR_PART = re.compile(r"(\d{4})(?:-\d{2}(?:-\d{2})?|-W\d{2}(?:-WE)?|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))")


def _cut_right(g: str, o: str) -> bool:
    if o == g:
        return True
    # our day inside a gold month; our day, week, month, quarter, half or season inside a gold year; our
    # year (or finer) inside a gold decade
    if len(g) == 7 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", o):
        return o.startswith(g)
    year = _YEAR_PART.fullmatch(o) or re.fullmatch(r"(\d{4})", o)
    if year is None or len(g) not in (3, 4):
        return False
    return year.group(1) == g if len(g) == 4 else year.group(1).startswith(g)  # a year inside a gold decade


def value_right(gold: str, ours: TimeMention) -> bool:
    """Our value equals the gold value at the gold precision (a finer value of ours is cut to it); a range of
    ours is right for a gold date equal to either of its endpoints."""
    if not ours.value:
        return False
    g = norm_value(gold)
    return any(_cut_right(g, norm_value(part)) for part in ours.value.split("/")[:2])


def files(root: Path) -> list[Path]:
    d = root / DIR
    return sorted(d.rglob("*.tml")) if d.is_dir() else []


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    paths = files(root)[:limit]
    docs = [parse_tml(p.read_text(encoding="utf-8")) for p in paths]
    from .. import dates

    nlp = factory().res.nlp
    gold_n = ref_n = found = right = predicted = tp_pred = 0
    wrong: list[str] = []
    for (anchor, text, timexes), doc in zip(docs, nlp.pipe([t for _, t, _ in docs], batch_size=16),
                                            strict=True):
        ours = dates.find_times(doc, anchor)
        predicted += len(ours)
        gold_dates = [t for t in timexes if t[2] == "DATE"]
        tp_pred += sum(any(overlaps((m.start, m.end), (s, e)) for s, e, *_ in timexes) for m in ours)
        for start, end, _, value in gold_dates:
            if value in REFS:
                ref_n += 1
                continue
            gold_n += 1
            hits = [m for m in ours if overlaps((m.start, m.end), (start, end))]
            if not hits:
                continue
            found += 1
            if value_right(value, hits[0]):
                right += 1
            elif len(wrong) < 15:
                wrong.append(f"{text[start:end]!r} [{anchor}] gold={value} ours={hits[0].value}")
    p, _, _ = prf(tp_pred, predicted, 0)
    return SuiteResult(
        suite="timex",
        metrics={"value_right": ratio(right, gold_n), "found": ratio(found, gold_n),
                 "value_right_of_found": ratio(right, found), "precision_overlap": p},
        counts={"documents": len(paths), "gold_dates": gold_n, "gold_refs_excluded": ref_n, "found": found,
                "value_right": right, "predicted_mentions": predicted,
                "predicted_overlapping_any_gold_timex": tp_pred},
        details={"wrong_values": wrong},
    )


SUITE = Suite(
    name="timex", description="TempEval-3 (TBAQ-cleaned) DATE expressions, found and resolved",
    files=files, run=run, pinned=("value_right", "found"), headline="value_right", ci_limit=None,
    to_beat="0.85 of gold DATE values right (project target); TempEval-3 had no DATE-only value score",
)

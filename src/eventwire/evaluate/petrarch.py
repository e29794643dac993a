"""PETRARCH2's CAMEO unit-test records (``petrarch2-unittest/PETR.UnitTest.records.xml``), scored at PLOVER level.

Gold CAMEO codes map to PLOVER through ``plover-gsr/CAMEO2PLOVER-2021.txt`` (the longest listed prefix of a
code); codes the table lacks (the suite's own 9xx test codes) are left out. Figures: the share of sentences
whose most confident event has one of the gold PLOVER types, the share of gold (sentence, type) pairs found
among all our events, and the share of the suite's no-event sentences where we find no event. Actors are not
scored: the suite's actors are fictional states known only to its own dictionaries.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..models import Article, Extraction
from .common import ExtractorFactory, Suite, SuiteResult, confusions, ratio

NAME = "eval.petrarch.v1"
FILE = "petrarch2-unittest/PETR.UnitTest.records.xml"
MAP_FILE = "plover-gsr/CAMEO2PLOVER-2021.txt"
MAP_LINE = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Z]+)")


def read_mapping(text: str) -> dict[str, str]:
    """CAMEO code -> PLOVER event, from lines like ``0311: AGREE,  , economic # ...``."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = MAP_LINE.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def to_plover(code: str, mapping: dict[str, str]) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in mapping:
            return mapping[code[:n]]
    return None


Record = tuple[str, str, dt.date | None, set[str], bool]  # id, text, date, gold PLOVER types, no-event record


def read_records(xml_text: str, mapping: dict[str, str]) -> list[Record]:
    root = ET.fromstring(xml_text)
    out: list[Record] = []
    for s in root.iter("Sentence"):
        text = " ".join((s.findtext("Text") or "").split())
        if not text:
            continue
        raw = s.get("date", "")
        day = dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])) if re.fullmatch(r"\d{8}", raw) else None
        codes = [e.get("eventcode") for e in s.findall("EventCoding")]
        gold = {p for c in codes if c for p in [to_plover(c, mapping)] if p}
        noevents = s.find("EventCoding[@noevents]") is not None or not any(codes)
        out.append((s.get("id", ""), text, day, gold, noevents))
    return out


def files(root: Path) -> list[Path]:
    paths = [root / FILE, root / MAP_FILE]
    return paths if all(p.is_file() for p in paths) else []


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    mapping = read_mapping((root / MAP_FILE).read_text(encoding="utf-8"))
    recs = read_records((root / FILE).read_text(encoding="utf-8"), mapping)[:limit]
    arts = [Article(id=f"petrarch-{i}", text=text, published=day) for i, (_, text, day, _, _) in enumerate(recs)]
    top_right = scored = pairs = pairs_found = quiet = quiet_right = 0
    gold_top: list[str] = []
    pred_top: list[str | None] = []
    for (_, _, _, gold, noevents), x in zip(recs, factory().extract_many(arts, batch_size=64), strict=True):
        events = x.events if isinstance(x, Extraction) else []
        if noevents and not gold:
            quiet += 1
            quiet_right += not events
            continue
        if not gold:
            continue
        scored += 1
        best = max(events, key=lambda e: e.confidence) if events else None
        top_right += best is not None and best.event in gold
        gold_top.append(sorted(gold)[0] if best is None or best.event not in gold else best.event)
        pred_top.append(best.event if best else None)
        ours = {e.event for e in events}
        pairs += len(gold)
        pairs_found += len(gold & ours)
    return SuiteResult(
        suite="petrarch",
        metrics={"event_accuracy": ratio(top_right, scored), "event_recall": ratio(pairs_found, pairs),
                 "no_event_right": ratio(quiet_right, quiet)},
        counts={"sentences": len(recs), "scored": scored, "gold_pairs": pairs, "no_event_sentences": quiet},
        details={"confusions": [f"{g} -> {p}: {n}" for g, p, n in confusions(gold_top, pred_top)]},
    )


SUITE = Suite(
    name="petrarch", description="PETRARCH2 CAMEO unit tests, scored at PLOVER level",
    files=files, run=run, pinned=("event_accuracy", "event_recall"), headline="event_accuracy",
    to_beat="PETRARCH2 codes all of them (its own regression suite); no independent figure published",
)

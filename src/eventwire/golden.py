"""Checks an extraction against a golden article's partial expectations (``expect.json``).

The matching rules are those written in each ``expect.json`` under ``"matching"``: an expected event or figure
is met when at least one output item satisfies every key it gives; ``must_not`` items must not be violated.
Used by the golden tests and by ``eventwire eval golden``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .models import Actor, Claimant, Event, Extraction, Figure


@dataclass
class GoldenResult:
    met: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # required items not met
    stretch_missed: list[str] = field(default_factory=list)
    violated: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.missed and not self.violated


def _names(x: Actor | Claimant) -> set[str]:
    out = {x.name, x.text, *x.aliases}
    if isinstance(x, Actor) and x.id:
        out.add(x.id)
    return {n.casefold() for n in out if n}


def _any_actor(wanted: list[str], actors: list[Actor]) -> bool:
    want = {w.casefold() for w in wanted}
    return any(want & _names(a) for a in actors)


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def event_matches(e: Event, spec: dict[str, Any]) -> bool:
    checks: list[bool] = []
    if "acled_event_type" in spec:
        checks.append(e.event_type == spec["acled_event_type"])
    if "acled_sub_event_type" in spec:
        checks.append(e.sub_event_type == spec["acled_sub_event_type"])
    if "plover_event" in spec:
        checks.append(e.event == spec["plover_event"])
    if "plover_mode" in spec:
        checks.append(e.mode == spec["plover_mode"])
    if "actors_any" in spec:
        checks.append(_any_actor(spec["actors_any"], e.actor))
    if "other_side_any" in spec:
        checks.append(_any_actor(spec["other_side_any"], e.actor + e.recipient))
    if "place_geonameid" in spec:
        checks.append(e.event_loc is not None and e.event_loc.geonameid == spec["place_geonameid"])
    if "date" in spec:
        checks.append(e.date == _day(spec["date"]))
    if "date_between" in spec:
        lo, hi = (_day(d) for d in spec["date_between"])
        checks.append(e.date is not None and lo <= e.date <= hi)
    if "date_precision" in spec:
        checks.append(e.date_precision == spec["date_precision"])
    if "date_precision_any" in spec:
        checks.append(e.date_precision in spec["date_precision_any"])
    if "claimant_any" in spec:
        want = {w.casefold() for w in spec["claimant_any"]}
        checks.append(e.claimant is not None and bool(want & _names(e.claimant)))
    return all(checks)


def figure_matches(f: Figure, spec: dict[str, Any]) -> bool:
    checks: list[bool] = []
    for key in ("kind", "low", "best", "high"):
        if key in spec:
            checks.append(getattr(f, key) == spec[key])
    if "qualifier" in spec:
        checks.append((f.qualifier or "").casefold() == str(spec["qualifier"]).casefold())
    if "population_any" in spec:
        want = {w.casefold() for w in spec["population_any"]}
        names = {(f.population or "").casefold()}
        if f.population_actor is not None:
            names |= _names(f.population_actor)
        checks.append(bool(want & names))
    if "place_geonameid" in spec:
        checks.append(f.place is not None and f.place.geonameid == spec["place_geonameid"])
    if "period_between" in spec:
        lo, hi = (_day(d) for d in spec["period_between"])
        p = f.period
        checks.append(p is not None and p.start is not None and p.end is not None
                      and lo <= p.start <= hi and lo <= p.end <= hi)
    if "claimant_any" in spec:
        want = {w.casefold() for w in spec["claimant_any"]}
        checks.append(f.claimant is not None and bool(want & _names(f.claimant)))
    if spec.get("hedged"):
        checks.append(bool(f.hedge))
    return all(checks)


def _violations(x: Extraction, rule: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in rule.get("no_figure_values", []):
        for f in x.figures:
            if value in (f.low, f.best, f.high):
                found.append(f"figure {f.id} has value {value}")
    if "no_dates_between" in rule:
        lo, hi = (_day(d) for d in rule["no_dates_between"])
        for e in x.events:
            if e.date is not None and lo <= e.date <= hi:
                found.append(f"event {e.id} dated {e.date}")
        for f in x.figures:
            if f.period is not None and f.period.end is not None and lo <= f.period.end <= hi:
                found.append(f"figure {f.id} period ends {f.period.end}")
    for text, gid in rule.get("place_text_geonameid", {}).items():
        for p in x.mentions.places:
            if p.text == text and p.geonameid != gid:
                found.append(f"place {text!r} at {p.start} resolved to {p.geonameid}, not {gid}")
    return found


def check(x: Extraction, expect: dict[str, Any]) -> GoldenResult:
    result = GoldenResult()
    found: dict[str, Callable[[dict[str, Any]], bool]] = {
        "event": lambda spec: any(event_matches(e, spec) for e in x.events),
        "figure": lambda spec: any(figure_matches(f, spec) for f in x.figures),
    }
    for kind, met in found.items():
        for spec in expect.get(f"{kind}s", []):
            label = f"{kind} {spec.get('id')}"
            if met(spec):
                result.met.append(label)
            elif spec.get("required", True):
                result.missed.append(label)
            else:
                result.stretch_missed.append(label)
    for rule in expect.get("must_not", []):
        for v in _violations(x, rule):
            result.violated.append(f"{rule.get('id')}: {v}")
    return result

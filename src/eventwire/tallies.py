"""Figures across reports: every claim with its claimant, a UCDP-style low/best/high, ACLED's conservative
figure, conflicts flagged, later reports superseding earlier ones by the same claimant; and figures over
time and place (a place's series, totals that count each incident once).

Rules, per incident and figure kind:

- a **claim** is one figure of one report; its claimant is the named source, else the outlet
  (``source:<outlet>``), else the article;
- a later report by the same claimant **supersedes** the earlier ones (its ``superseded_by`` is set on
  them); within one report the larger figure of a claimant wins (a toll that grew while writing);
- over the current claims: **best** is the most common figure (the lower median of the most common ones
  on ties), **low** the lowest, **high** the highest, **conservative** (ACLED) the lowest best figure;
- claims **conflict** when their ranges cannot all hold ("at least 16" and "20" agree; "16" and "9" do
  not): a qualifier opens the range ("at least", "more than" upwards; "up to", "nearly" downwards;
  "about" by 20 per cent either way).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from eventwire.models import Actor, Article, Claim, Event, Figure, Incident, IncidentFigure, IncidentReport

if TYPE_CHECKING:
    from eventwire.store import Filters, Store

NAME = "tallies.v1"
UPWARD = frozenset({"at least", "more than", "over", "above", "upwards of", "no fewer than", "dozens of"})
DOWNWARD = frozenset({"up to", "at most", "nearly", "almost", "fewer than", "less than", "under", "no more than"})
APPROXIMATE = frozenset({"about", "around", "approximately", "some", "roughly", "an estimated", "estimated"})


def claimant_key(claim: Claim) -> str:
    if claim.claimant_id:
        return "id:" + claim.claimant_id
    if claim.claimant:
        return "name:" + claim.claimant.lower()
    if claim.source:
        return "source:" + claim.source.lower()
    return "article:" + claim.article_id


def claim_from(figure: Figure, article: Article | None) -> Claim:
    evidence = figure.evidence[-1].text if figure.evidence else None
    return Claim(
        figure_id=figure.id, article_id=figure.article_id, kind=figure.kind,
        claimant=figure.claimant.name if figure.claimant else None,
        claimant_id=figure.claimant.id if figure.claimant else None,
        source=article.source if article else None, reported=article.published if article else None,
        qualifier=figure.qualifier, low=figure.low, best=figure.best, high=figure.high,
        population=figure.population, evidence=evidence,
    )  # fmt: skip


def value(claim: Claim) -> int | None:
    return claim.best if claim.best is not None else claim.low if claim.low is not None else claim.high


def claim_range(claim: Claim) -> tuple[float, float] | None:
    """The values a claim allows, given its qualifier."""
    v = value(claim)
    if v is None:
        return None
    low = float(claim.low if claim.low is not None else v)
    high = float(claim.high if claim.high is not None else v)
    qualifier = (claim.qualifier or "").lower()
    if qualifier in UPWARD:
        return low, float("inf")
    if qualifier in DOWNWARD:
        return 0.0, high
    if qualifier in APPROXIMATE:
        return low * 0.8, high * 1.2
    return low, high


def supersede(claims: list[Claim]) -> list[Claim]:
    """Mark claims superseded by a later report (or a larger figure in the same report) of their claimant."""
    latest: dict[str, Claim] = {}
    order = sorted(claims, key=lambda c: (c.reported or dt.date.min, c.article_id, value(c) or 0, c.figure_id))
    for claim in order:
        key = claimant_key(claim)
        previous = latest.get(key)
        if previous is not None:
            previous.superseded_by = claim.figure_id
        latest[key] = claim
    return claims


def conflicting(claims: Sequence[Claim]) -> bool:
    """True when no single number fits every claim's range."""
    ranges = [r for c in claims if (r := claim_range(c)) is not None]
    if len(ranges) < 2:
        return False
    return max(r[0] for r in ranges) > min(r[1] for r in ranges)


def most_common(values: Sequence[int]) -> int | None:
    if not values:
        return None
    counts = Counter(values)
    top = max(counts.values())
    tied = sorted(v for v, n in counts.items() if n == top)
    return tied[(len(tied) - 1) // 2]


def incident_figure(kind: str, claims: list[Claim]) -> IncidentFigure:
    supersede(claims)
    current = [c for c in claims if c.superseded_by is None]
    bests = [v for c in current if (v := value(c)) is not None]
    lows = [c.low if c.low is not None else v for c in current if (v := value(c)) is not None]
    highs = [c.high if c.high is not None else v for c in current if (v := value(c)) is not None]
    claims.sort(key=lambda c: (c.reported or dt.date.min, c.article_id, c.figure_id))
    return IncidentFigure(
        kind=kind, low=min(lows) if lows else None, best=most_common(bests), high=max(highs) if highs else None,
        conservative=min(bests) if bests else None, conflicting=conflicting(current), claims=claims,
    )  # fmt: skip


def incident_figures(figures: Iterable[tuple[Figure, Article | None]]) -> list[IncidentFigure]:
    """Every claim per kind, folded into one :class:`IncidentFigure` each (kinds in name order)."""
    by_kind: dict[str, list[Claim]] = {}
    seen: set[str] = set()
    for figure, article in figures:
        if figure.id in seen:
            continue
        seen.add(figure.id)
        by_kind.setdefault(figure.kind, []).append(claim_from(figure, article))
    return [incident_figure(kind, claims) for kind, claims in sorted(by_kind.items())]


def _report(event: Event, article: Article | None) -> IncidentReport:
    loc = event.event_loc
    return IncidentReport(
        event_id=event.id, article_id=event.article_id, source=article.source if article else None,
        published=article.published if article else None, event=event.event, event_type=event.event_type,
        date=event.date, place=(loc.name or loc.text) if loc else None, fatalities=event.fatalities,
        evidence=" ".join(s.text for s in event.evidence) or None,
    )  # fmt: skip


def _mode(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def build_incident(
    incident_id: str, rows: Sequence[tuple[Event, Article | None]],
    figures: Mapping[str, tuple[Figure, Article | None]],
) -> Incident:
    """An incident from its linked events and the figures they report."""
    from eventwire.fuse import NAME as FUSE_NAME

    events = [e for e, _ in rows]
    precise = sorted((e for e in events if e.date and e.date_kind != "publication"),
                     key=lambda e: (e.date or dt.date.max, e.id))
    dated = precise or sorted((e for e in events if e.date), key=lambda e: (e.date or dt.date.max, e.id))
    places = sorted((e.event_loc for e in events if e.event_loc),
                    key=lambda p: (-(p.resolution or 0), p.name or p.text))
    actors: dict[str, Actor] = {}
    for e in events:
        for a in e.actor:
            actors.setdefault(a.id or a.name, a)
    tallies = incident_figures(figures[f] for e in events for f in e.figures if f in figures)
    killed = next((f.best for f in tallies if f.kind == "killed"), None)
    return Incident(
        id=incident_id, event=_mode(e.event for e in events) or events[0].event,
        event_type=_mode(e.event_type for e in events), sub_event_type=_mode(e.sub_event_type for e in events),
        date=dated[0].date if dated else None,
        end_date=max((e.end_date or e.date for e in dated if e.date), default=None),
        date_precision=dated[0].date_precision if dated else None, place=places[0] if places else None,
        actors=list(actors.values()), fatalities=killed,
        reports=sorted((_report(e, a) for e, a in rows), key=lambda r: (r.published or dt.date.min, r.event_id)),
        figures=tallies, coder=[FUSE_NAME, NAME],
    )  # fmt: skip


def build_incidents(
    members: Mapping[str, Sequence[tuple[Event, Article | None]]],
    figures: Mapping[str, tuple[Figure, Article | None]],
) -> list[Incident]:
    return [build_incident(cid, rows, figures) for cid, rows in sorted(members.items())]


# --- over time and place --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesPoint:
    """One claim about a place: who said how many, when."""

    reported: dt.date | None
    incident_id: str
    kind: str
    claimant: str | None
    source: str | None
    article_id: str
    qualifier: str | None
    best: int | None
    superseded: bool


def fold(name: str) -> str:
    """A place name compared without case, accents or transliteration marks ("Arīḩā" = "ariha")."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum() or c == " ").strip()


def series(store: Store, place: str, kind: str | None = None, filters: Filters | None = None) -> list[SeriesPoint]:
    """A place's figures over time, every claim of every incident there, in report order."""
    wanted = fold(place)
    points = []
    for inc in store.incidents(filters):
        names = {fold(inc.place.name or ""), fold(inc.place.text)} if inc.place else set()
        names |= {fold(r.place or "") for r in inc.reports}
        if wanted not in names:
            continue
        for fig in inc.figures:
            if kind and fig.kind != kind:
                continue
            for c in fig.claims:
                points.append(SeriesPoint(c.reported, inc.id, fig.kind, c.claimant, c.source, c.article_id,
                                          c.qualifier, value(c), c.superseded_by is not None))
    return sorted(points, key=lambda p: (p.reported or dt.date.min, p.incident_id, p.article_id))


def totals(store: Store, filters: Filters | None = None, *, conservative: bool = False) -> dict[str, dict[str, int]]:
    """Per figure kind: incidents counted once each, and the sum of their best (or conservative) figures."""
    out: dict[str, dict[str, int]] = {}
    for inc in store.incidents(filters):
        for fig in inc.figures:
            figure = fig.conservative if conservative else fig.best
            if figure is None:
                continue
            row = out.setdefault(fig.kind, {"incidents": 0, "total": 0, "claims": 0})
            row["incidents"] += 1
            row["total"] += figure
            row["claims"] += len(fig.claims)
    return dict(sorted(out.items()))

"""Report-level fusion: a new report is compared with whole incidents, the way an analyst reads it.

A report's **profile** is built from its headline and lede and from the events that tell its main
incident (the events in the lede, and the later ones that agree with them on type, place and date): type
families, places at every level (towns, provinces, countries), a date span with its precision, the
publication date, actors and figures (kind and values). An incident's profile is the union of its
reports' profiles (places, date span, publication dates, actors, figures) with the sum of their text
vectors as its centroid.

The report joins the best-scoring incident whose score passes :attr:`ReportConfig.threshold`, else it
opens a new one; its main events follow that decision. Events that clearly describe something else (a
background event dated years earlier, or in another province) are linked on their own, event by event.

Evidence (:func:`report_score`): TF-IDF cosine of headline and lede against the incident's centroid and
its closest report (strong; below ``min_text`` nothing links, below ``distinct_min_text`` when the lede
and the incident share a distinctive ACLED sub-event type such as a suicide bomb or a chemical weapon,
told in other words by other outlets); a shared town (or towns within ``town_km``) > a shared province > a shared
country, places with nothing in common counting against; date spans that meet once widened by their
precision, the publication gap and updates ("the toll rose to 40"), and when both the lede and the
incident's ledes give exact days, those days (the incident's are the days most of its reports tell, so
that one report of the next attack that slipped in does not move it): the same day is evidence, a day
apart is none (a dateline or a late report shifts "on Tuesday" by one), two or more days apart count
against (the next strike on the same city, not this one); figures of one kind whose values are
compatible (an "at least 30" then a "40" agree); a shared type family; shared actors; and each day
between the report's publication and the incident's nearest report costs ``pub_gap_cost`` (up to
``pub_gap_cap`` days): outlets report an incident within a day or two, and a report published days later
about the same town is more often the next strike there than a late account of this one (an update,
"the toll rose to 40", pays nothing: it comes later by nature).

Deterministic (reports taken in the canonical order, candidate incidents in id order, ties to the
lowest id) and incremental (an incident's profile grows with each report; nothing is recomputed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from eventwire.fuse import (
    VIOLENT_ACLED,
    VIOLENT_PLOVER,
    Candidate,
    Idf,
    LinkConfig,
    date_score,
    distance_km,
    evidence_text,
    interval,
    is_update,
    place_score,
    type_score,
)
from eventwire.models import Place

NAME = "fuse.reports.v1"

LEDE_CHARS = 500
LINK = LinkConfig()
GENERIC_SUB_TYPES = frozenset({
    "Armed clash", "Attack", "Air/drone strike", "Shelling/artillery/missile attack", "Peaceful protest",
    "Protest with intervention", "Violent demonstration", "Mob violence", "Other",
})


@dataclass(frozen=True)
class ReportConfig:
    """Weights and thresholds of the report-level rules."""

    threshold: float = 1.6
    text_weight: float = 3.0
    min_text: float = 0.18
    town_km: float = 3.0
    city_km: float = 12.0
    town: float = 0.5
    city: float = 0.3
    province: float = 0.2
    country: float = 0.0
    place_conflict: float = 0.0
    family: float = 0.2
    family_conflict: float = -0.6
    actors: float = 0.2
    figure_match: float = 0.4
    figure_compatible: float = 0.2
    distinct_min_text: float = 0.12
    same_day: float = 0.4
    next_day: float = 0.0
    day_conflict: float = -0.3
    date_overlap: float = 0.2
    gap_widen: float = 0.5
    max_widen: int = 4
    update_days: int = 7
    max_pub_gap: int = 10
    pub_gap_cost: float = 0.2
    pub_gap_cap: int = 4
    linkage: str = "centroid"


@dataclass(frozen=True)
class FigureValue:
    kind: str
    low: int
    high: int


@dataclass
class ReportProfile:
    """What one report says about its main incident."""

    article_id: str
    published: dt.date | None
    context: str
    main: list[Candidate]
    other: list[Candidate]
    families: frozenset[str]
    towns: tuple[Place, ...]
    provinces: frozenset[tuple[str, str]]
    countries: frozenset[str]
    start: dt.date | None
    end: dt.date | None
    precise: bool
    actors: frozenset[str]
    figures: tuple[FigureValue, ...]
    update: bool
    sub_types: frozenset[str] = frozenset()
    days: frozenset[dt.date] = frozenset()


@dataclass
class IncidentProfile:
    """The union of an incident's reports."""

    id: str
    reports: list[ReportProfile] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    families: set[str] = field(default_factory=set)
    towns: list[Place] = field(default_factory=list)
    provinces: set[tuple[str, str]] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    start: dt.date | None = None
    end: dt.date | None = None
    published: set[dt.date] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    figures: list[FigureValue] = field(default_factory=list)
    sub_types: set[str] = field(default_factory=set)
    day_votes: dict[dt.date, int] = field(default_factory=dict)

    def add(self, report: ReportProfile, idf: Idf) -> None:
        self.reports.append(report)
        for t, v in idf.vector(report.context).items():
            self.centroid[t] = self.centroid.get(t, 0.0) + v
        self.families |= report.families
        known = {p.geonameid for p in self.towns}
        self.towns.extend(p for p in report.towns if p.geonameid not in known)
        self.provinces |= report.provinces
        self.countries |= report.countries
        if report.start is not None and report.end is not None:
            self.start = report.start if self.start is None else min(self.start, report.start)
            self.end = report.end if self.end is None else max(self.end, report.end)
        if report.published is not None:
            self.published.add(report.published)
        self.actors |= report.actors
        self.figures.extend(report.figures)
        self.sub_types |= report.sub_types
        for day in report.days:
            self.day_votes[day] = self.day_votes.get(day, 0) + 1

    @property
    def days(self) -> frozenset[dt.date]:
        """The exact days most of the incident's reports tell in their ledes (a report about the next
        attack that slipped in does not move the incident's day)."""
        top = max(self.day_votes.values(), default=0)
        return frozenset(d for d, n in self.day_votes.items() if n == top)


def family(cand: Candidate) -> str:
    """``violent`` for attacks, fighting and violence against civilians; else the PLOVER event type."""
    e = cand.event
    return "violent" if e.event in VIOLENT_PLOVER or e.event_type in VIOLENT_ACLED else e.event


def _in_lede(cand: Candidate) -> bool:
    return min((s.start for s in cand.event.evidence), default=LEDE_CHARS) < LEDE_CHARS


def split_report(cands: Sequence[Candidate], config: LinkConfig = LINK) -> tuple[
        list[Candidate], list[Candidate]]:
    """The events that tell the report's main incident, and the others (background). The anchors are the
    report's first violent event in the lede (else its first event) and the lede's other violent events
    dated with it; every event that agrees with an anchor is main."""
    ordered = sorted(cands, key=lambda c: c.order)
    if not ordered:
        return [], []
    lede = [c for c in ordered if _in_lede(c)]
    violent = [c for c in lede if family(c) == "violent"]
    first = (violent or lede or ordered)[0]
    anchors = [first, *(c for c in violent or lede if c is not first and agrees(c, first, True, config))]
    main = [c for c in ordered if c in anchors or any(agrees(c, a, c in lede, config) for a in anchors)]
    return main, [c for c in ordered if c not in main]


def agrees(cand: Candidate, anchor: Candidate, in_lede: bool, config: LinkConfig = LINK) -> bool:
    """An event tells the same incident as the report's anchor: compatible type and date, and a compatible
    place unless it is told in the lede (where a misresolved place is more likely than another incident)."""
    if type_score(cand.event, anchor.event) is None:
        return False
    if date_score(cand.event, anchor.event, cand.published, anchor.published, config) is None:
        return False
    return in_lede or place_score(cand.event.event_loc, anchor.event.event_loc, config) is not None


def _figure_values(cands: Iterable[Candidate]) -> tuple[FigureValue, ...]:
    out: dict[tuple[str, int, int], FigureValue] = {}
    for c in cands:
        for kind, low, high in c.figures:
            out.setdefault((kind, low, high), FigureValue(kind, low, high))
    return tuple(out[k] for k in sorted(out))


def profile(cands: Sequence[Candidate], link_config: LinkConfig = LINK) -> ReportProfile:
    """A report's profile from its events (all of one article). Its figures are those of the lede when
    the lede gives any (later paragraphs recall earlier attacks and totals), else those of its main events."""
    main, other = split_report(cands, link_config)
    first = main[0] if main else cands[0]
    places = [c.event.event_loc for c in main if c.event.event_loc is not None]
    towns: dict[int, Place] = {}
    for p in places:
        if (p.resolution or 0) >= 4 and p.geonameid is not None and p.lat is not None:
            towns.setdefault(p.geonameid, p)
    spans = []
    for c in main:
        span = interval(c.event, c.published)
        if span is not None and not span[2] and (span[1] - span[0]).days <= link_config.max_span_days:
            spans.append(span)
    if not spans and first.published is not None:
        spans = [(first.published - dt.timedelta(days=2), first.published, True)]
    return ReportProfile(
        article_id=first.event.article_id, published=first.published,
        context=first.context or " ".join(evidence_text(c.event) for c in main),
        main=main, other=other, families=frozenset(family(c) for c in main),
        towns=tuple(towns[k] for k in sorted(towns)),
        provinces=frozenset((p.country_code, p.admin1) for p in places if p.country_code and p.admin1
                            and (p.resolution or 0) >= 2),
        countries=frozenset(p.country_code for p in places if p.country_code),
        start=min((s[0] for s in spans), default=None), end=max((s[1] for s in spans), default=None),
        precise=any(not s[2] for s in spans),
        actors=frozenset(a.id for c in main for a in [*c.event.actor, *c.event.recipient] if a.id),
        figures=_figure_values([c for c in main if _in_lede(c)]) or _figure_values(main),
        update=any(is_update(c.event) for c in main),
        sub_types=frozenset(t for c in main if _in_lede(c) and (t := c.event.sub_event_type)
                            and t not in GENERIC_SUB_TYPES),
        days=frozenset(c.event.date for c in main if c.event.date and c.event.date_precision == "day"
                       and c.event.date_kind != "publication" and _in_lede(c)),
    )  # fmt: skip


def _towns_meet(a: Sequence[Place], b: Sequence[Place], km: float) -> list[Place]:
    return [x for x in a for y in b
            if x.geonameid == y.geonameid or ((d := distance_km(x, y)) is not None and d <= km)]


def is_city(place: Place) -> bool:
    """A seat of a province or a capital (GeoNames PPLA*, PPLC): a city where many incidents happen."""
    return bool(place.feature_code and place.feature_code.startswith(("PPLA", "PPLC")))


def place_evidence(report: ReportProfile, incident: IncidentProfile, config: ReportConfig = ReportConfig()
                   ) -> float:
    """Shared town > shared province > shared country; places with nothing in common count against."""
    if any(not is_city(p) for p in _towns_meet(report.towns, incident.towns, config.town_km)):
        return config.town
    if _towns_meet(report.towns, incident.towns, config.city_km):
        return config.city
    if report.provinces & incident.provinces:
        return config.province
    if report.countries & incident.countries:
        return config.country
    if report.towns and incident.towns and report.provinces and incident.provinces:
        return config.place_conflict  # towns in different provinces
    return 0.0


def figures_agree(a: FigureValue, b: FigureValue) -> bool:
    """Same kind and compatible values: ranges that overlap, or a later larger toll (``at least 30`` then
    ``40``) within a factor of three."""
    if a.kind != b.kind:
        return False
    if a.low <= b.high and b.low <= a.high:
        return True
    lo, hi = (a, b) if a.high < b.low else (b, a)
    return hi.low <= 3 * max(1, lo.high)


def figure_evidence(report: ReportProfile, incident: IncidentProfile, config: ReportConfig = ReportConfig()
                    ) -> float:
    exact = {(f.kind, f.low, f.high) for f in incident.figures}
    if any((f.kind, f.low, f.high) in exact and f.high >= 3 for f in report.figures):
        return config.figure_match
    if any(figures_agree(f, g) for f in report.figures for g in incident.figures if f.high >= 3):
        return config.figure_compatible
    return 0.0


def date_evidence(report: ReportProfile, incident: IncidentProfile, config: ReportConfig = ReportConfig()
                  ) -> float | None:
    """``None`` when the report's days cannot meet the incident's, given the publication gap and updates;
    exact days told in the ledes of both (``days``) decide when known, except for an update."""
    if report.start is None or report.end is None or incident.start is None or incident.end is None:
        return 0.0
    pub_gap = min((abs((report.published - p).days) for p in incident.published), default=0) \
        if report.published else 0
    if pub_gap > config.max_pub_gap:
        return None
    start = report.start - dt.timedelta(days=config.update_days) if report.update else report.start
    gap = max((start - incident.end).days, (incident.start - report.end).days, 0)
    if gap > 0:
        return 0.0 if gap <= min(config.max_widen, round(config.gap_widen * pub_gap) + 1) else None
    if report.days and incident.days and not report.update:
        apart = min(abs((x - y).days) for x in report.days for y in incident.days)
        return config.same_day if apart == 0 else config.next_day if apart == 1 else config.day_conflict
    if report.precise and incident.end - incident.start <= dt.timedelta(days=2) \
            and report.end - report.start <= dt.timedelta(days=2):
        return config.same_day
    return config.date_overlap


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    norm = sum(v * v for v in b.values()) ** 0.5
    return dot / norm if norm else 0.0


def text_evidence(report: ReportProfile, incident: IncidentProfile, idf: Idf, linkage: str = "centroid"
                  ) -> float:
    """TF-IDF cosine of the report's headline and lede with the incident's centroid (``centroid``), or the
    better of that and its closest report (``single``)."""
    if not report.context:
        return 0.0
    centroid = _cosine(idf.vector(report.context), incident.centroid)
    if linkage == "centroid":
        return centroid
    return max(centroid, max((idf.cosine(report.context, r.context) for r in incident.reports if r.context),
                             default=0.0))


def report_score(report: ReportProfile, incident: IncidentProfile, idf: Idf,
                 config: ReportConfig = ReportConfig()) -> float | None:
    """The evidence that a report tells an incident, or ``None`` when it cannot."""
    text = text_evidence(report, incident, idf, config.linkage)
    distinct = bool(report.sub_types & incident.sub_types)
    if text < (config.distinct_min_text if distinct else config.min_text):
        return None
    date = date_evidence(report, incident, config)
    if date is None:
        return None
    score = config.text_weight * text + date + place_evidence(report, incident, config)
    score += config.family if report.families & incident.families else config.family_conflict
    score += config.actors if report.actors & incident.actors else 0.0
    score += figure_evidence(report, incident, config)
    if not report.update:  # a revised toll comes days later by nature
        score -= config.pub_gap_cost * min(publication_gap(report, incident), config.pub_gap_cap)
    return score


def publication_gap(report: ReportProfile, incident: IncidentProfile) -> int:
    """Days between the report's publication and the nearest publication of the incident's reports."""
    if report.published is None:
        return 0
    return min((abs((report.published - p).days) for p in incident.published), default=0)

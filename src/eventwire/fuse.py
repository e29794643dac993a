"""Fusion: events of different reports linked into incidents (one real event, many reports).

By default (``LinkConfig.report_level``) whole reports are linked: a report's profile is compared with each
incident's profile and its main events follow the decision (see :mod:`eventwire.fuse_reports`); the rules
below then link its background events one at a time, and are the whole linker with ``report_level=False``.

Two events are linked when every gate passes and their score reaches :attr:`LinkConfig.threshold`:

- **type**: the same PLOVER event, or both violent (ASSAULT/FIGHT, ACLED Battles, Explosions/Remote
  violence, Violence against civilians); known ACLED sub-event types that differ lower the score.
- **place**: a distance that depends on precision: towns within ``town_km``; a district or a province
  holds a town of its own admin code; a country only matches the same country, weakly.
- **date**: the intervals overlap once widened by their precision (a day by one day, a week by three,
  a month by seven); an event dated only by the report's publication is placed in the two days before
  it and counts less; intervals longer than ``max_span_days`` (background: "since 2011") never link.
- **date window**: widens by ``gap_widen`` days per day between the two reports' publication dates (at
  most ``max_widen``): a later or misdated report resolves "on Tuesday" to another day.
- **actors**: shared registry ids add to the score; **text**: TF-IDF cosine of the evidence sentences and
  of the two reports' headlines and ledes (strong evidence; very similar ledes let a misresolved or
  country-level place link).
- **updates**: "the death toll rose to 40" opens the date window ``update_days`` back.
- **reports** (option ``group_reports``): a report's events that agree on type, place and date are
  grouped first and join one incident together.

Linking is incremental and deterministic: events are taken in a canonical order (publication date,
article id, position); each joins the incident of its best-scoring compatible member, provided it is
also date-compatible with the incident's founding event (no chaining across weeks), or founds a new
incident whose id is a hash of its own id. ``fuse(store)`` links only the events not yet linked;
``fuse(store, rebuild=True)`` starts over and gives the same incidents every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from eventwire.models import Article, Event, Figure, Place

if TYPE_CHECKING:
    from eventwire.fuse_reports import IncidentProfile, ReportConfig, ReportProfile
    from eventwire.store import Store

NAME = "fuse.rules.v3"

VIOLENT_PLOVER = frozenset({"ASSAULT", "FIGHT"})
VIOLENT_ACLED = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
SLACK_DAYS = {"day": 1, "week": 3, "month": 7, "year": 30, "decade": 365}
PUBLICATION_DAYS_BACK = 2
UPDATE = re.compile(
    r"\b(?:death\s+)?toll\s+(?:has\s+)?(?:rose|risen|rises|climbed|climbs|jumped|increased|reached)\b|"
    r"\braising\s+the\s+(?:death\s+)?toll\b|\bupdat(?:ed|ing)\s+(?:an\s+)?(?:earlier\s+)?toll\b|"
    r"\bnew\s+toll\b|\blatest\s+toll\b",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    (
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as",
        "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these",
        "those", "said", "says", "say", "according", "their", "they", "he", "she", "his", "her", "who", "which",
        "after", "before", "over", "into", "near", "during", "also", "than", "more", "least", "about", "some",
        "other",
    )
)
TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class LinkConfig:
    """Weights and thresholds of the linking rules."""

    threshold: float = 1.5
    town_km: float = 12.0
    district_km: float = 40.0
    max_span_days: int = 62
    update_days: int = 7
    same_article_penalty: float = 0.3
    text_weight: float = 2.0
    context_weight: float = 2.0
    min_text: float = 0.2
    text_override: float = 0.5
    gap_widen: float = 0.5
    max_widen: int = 4
    place_override: float = 0.45
    founder_gate: bool = True
    group_reports: bool = False
    report_level: bool = True


@dataclass
class Candidate:
    """An event as fusion sees it: the event and its report's publication date."""

    event: Event
    published: dt.date | None = None
    order: tuple[str, str, int] = ("", "", 0)
    context: str = ""
    figures: tuple[tuple[str, int, int], ...] = ()


def event_order(event: Event, published: dt.date | None) -> tuple[str, str, int]:
    """The canonical order: publication date, article id, position of the event in its article."""
    tail = event.id.rsplit("-e", 1)[-1]
    seq = int(tail) if tail.isdigit() else 0
    return ((published or event.date or dt.date.max).isoformat(), event.article_id, seq)


def incident_id(founding_event_id: str) -> str:
    return "inc-" + hashlib.sha256(founding_event_id.encode("utf-8")).hexdigest()[:16]


# --- the rules ----------------------------------------------------------------------------------------


def type_score(a: Event, b: Event) -> float | None:
    """1.0 same type, 0.6 both violent, ``None`` incompatible; differing known sub-event types lose 0.3."""
    violent_a = a.event in VIOLENT_PLOVER or a.event_type in VIOLENT_ACLED
    violent_b = b.event in VIOLENT_PLOVER or b.event_type in VIOLENT_ACLED
    if a.event == b.event and (a.event_type == b.event_type or not violent_a):
        score = 1.0
    elif violent_a and violent_b:
        score = 0.6
    else:
        return None
    if a.sub_event_type and b.sub_event_type and a.sub_event_type != b.sub_event_type:
        score -= 0.3
    return score


def distance_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _level(place: Place) -> int:
    return place.resolution or (4 if place.feature_code and place.feature_code.startswith("PP") else 1)


def place_score(a: Place | None, b: Place | None, config: LinkConfig = LinkConfig()) -> float | None:
    """How well two places agree given their precision; ``None`` when they cannot be the same place."""
    if a is None or b is None:
        return None
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return None
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return {5: 1.0, 4: 1.0, 3: 0.6, 2: 0.35, 1: 0.1}.get(_level(a), 0.1)
    la, lb = _level(a), _level(b)
    km = distance_km(a, b)
    if min(la, lb) >= 4:
        if km is None:
            return None
        return 0.8 if km <= config.town_km else (0.4 if km <= 2 * config.town_km else None)
    if min(la, lb) == 3:
        if a.admin2 and b.admin2:
            return 0.5 if (a.admin1, a.admin2) == (b.admin1, b.admin2) else None
        return 0.5 if km is not None and km <= config.district_km else None
    if min(la, lb) == 2:
        if a.admin1 and b.admin1:
            return 0.3 if a.admin1 == b.admin1 else None
        return 0.3 if km is not None and km <= 100.0 else None
    return 0.1 if a.country_code and a.country_code == b.country_code else None


def is_update(event: Event) -> bool:
    """The report gives a revised toll ("the death toll rose to 40")."""
    return any(UPDATE.search(span.text) for span in event.evidence)


def interval(event: Event, published: dt.date | None = None) -> tuple[dt.date, dt.date, bool] | None:
    """The days the event may have happened on, and whether only the publication date dates it."""
    if event.date is None:
        if published is None:
            return None
        return published - dt.timedelta(days=PUBLICATION_DAYS_BACK), published, True
    end = event.end_date or event.date
    if event.date_kind == "publication":
        return event.date - dt.timedelta(days=PUBLICATION_DAYS_BACK), end, True
    slack = dt.timedelta(days=SLACK_DAYS.get(event.date_precision or "day", 1))
    return event.date - slack, end + slack, False


def date_score(
    a: Event, b: Event, pub_a: dt.date | None = None, pub_b: dt.date | None = None,
    config: LinkConfig = LinkConfig(),
) -> float | None:
    """1.0 same day, 0.7 overlapping days, 0.4 when one is dated by publication only, 0.3 coarse; the
    window widens by ``gap_widen`` days per day between the publication dates (up to ``max_widen``: a
    later report, or a misdated one, resolves "on Tuesday" to another day), and by ``update_days`` back
    for an update; dates that meet only thanks to the widening score 0.2."""
    ia, ib = interval(a, pub_a), interval(b, pub_b)
    if ia is None or ib is None:
        return None
    (sa, ea, weak_a), (sb, eb, weak_b) = ia, ib
    if (ea - sa).days > config.max_span_days or (eb - sb).days > config.max_span_days:
        return None
    back = dt.timedelta(days=config.update_days)
    if is_update(a):
        sa -= back
    if is_update(b):
        sb -= back
    gap = max((sa - eb).days, (sb - ea).days, 0)
    if gap > 0:
        pub_gap = abs((pub_a - pub_b).days) if pub_a and pub_b else 0
        return 0.2 if gap <= min(config.max_widen, round(config.gap_widen * pub_gap)) else None
    if weak_a or weak_b:
        return 0.4
    if a.date_precision == "day" and b.date_precision == "day":
        return 1.0 if a.date == b.date else 0.7
    return 0.3


def actor_score(a: Event, b: Event) -> float:
    """0.5 when the events share a registry id among actors and recipients, else 0."""
    ids_a = {x.id for x in [*a.actor, *a.recipient] if x.id}
    ids_b = {x.id for x in [*b.actor, *b.recipient] if x.id}
    return 0.5 if ids_a & ids_b else 0.0


@lru_cache(maxsize=65536)
def tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in TOKEN.findall(text.lower()) if t not in STOPWORDS and len(t) > 1)


def text_similarity(a: str, b: str) -> float:
    """Token Jaccard of two texts, stop words left out."""
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def evidence_text(event: Event) -> str:
    return " ".join(span.text for span in event.evidence)


class Idf:
    """Inverse document frequencies over a set of evidence texts (pure Python TF-IDF cosine)."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        df: dict[str, int] = {}
        n = 0
        for text in texts:
            n += 1
            for t in tokens(text):
                df[t] = df.get(t, 0) + 1
        self.n = n
        self.weights = {t: math.log((1 + n) / (1 + k)) + 1.0 for t, k in df.items()}
        self._unseen = math.log(1 + n) + 1.0
        self._vectors: dict[str, dict[str, float]] = {}

    def vector(self, text: str) -> dict[str, float]:
        vec = self._vectors.get(text)
        if vec is None:
            raw = {t: self.weights.get(t, self._unseen) for t in tokens(text)}
            norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
            vec = self._vectors[text] = {t: v / norm for t, v in raw.items()}
        return vec

    def cosine(self, a: str, b: str) -> float:
        """TF-IDF cosine (binary term frequency) of two texts."""
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(v * vb.get(t, 0.0) for t, v in va.items())


def link_score(
    a: Candidate, b: Candidate, config: LinkConfig = LinkConfig(), idf: Idf | None = None
) -> float | None:
    """The evidence that two events are one incident, or ``None`` when a gate fails. The text of the
    evidence sentences and of the reports' headlines and ledes (TF-IDF cosine) is strong evidence: very
    similar ledes (>= ``place_override``) let places that disagree link (a misresolved or country-level
    place), and very similar evidence (>= ``text_override``) lets dates up to ``update_days`` apart link."""
    ts = type_score(a.event, b.event)
    if ts is None:
        return None
    idf = idf or Idf()
    text = idf.cosine(evidence_text(a.event), evidence_text(b.event))
    context = idf.cosine(a.context, b.context) if a.context and b.context else 0.0
    if max(text, context) < config.min_text:
        return None
    ps = place_score(a.event.event_loc, b.event.event_loc, config)
    if ps is None:
        if context < config.place_override:
            return None
        ps = -0.3
    ds = date_score(a.event, b.event, a.published, b.published, config)
    if ds is None:
        da, db = a.event.date or a.published, b.event.date or b.published
        if max(text, context) < config.text_override or da is None or db is None \
                or abs((da - db).days) > config.update_days:
            return None
        ds = 0.0
    score = 0.5 * ts + ps + ds + actor_score(a.event, b.event) + config.text_weight * text
    score += config.context_weight * context
    fa, fb = a.event.fatalities, b.event.fatalities
    if fa is not None and fa == fb:
        score += 0.3
    if a.event.article_id == b.event.article_id:
        score -= config.same_article_penalty
    return score


# --- incidents -----------------------------------------------------------------------------------------


@dataclass
class Cluster:
    id: str
    founder: Candidate
    members: list[Candidate] = field(default_factory=list)


def same_report(a: Candidate, b: Candidate, config: LinkConfig = LinkConfig()) -> bool:
    """Two events of one report tell the same incident: compatible type, place and date (a report
    repeats its main incident in many sentences; background events have other dates or places)."""
    return (type_score(a.event, b.event) is not None
            and place_score(a.event.event_loc, b.event.event_loc, config) is not None
            and date_score(a.event, b.event, a.published, b.published, config) is not None)


def report_groups(cands: Sequence[Candidate], config: LinkConfig = LinkConfig()) -> list[list[Candidate]]:
    """One report's events grouped by incident: each joins the first group whose first event it agrees with."""
    groups: list[list[Candidate]] = []
    for cand in sorted(cands, key=lambda c: c.order):
        group = next((g for g in groups if same_report(cand, g[0], config)), None)
        if group is None:
            groups.append([cand])
        else:
            group.append(cand)
    return groups


class Linker:
    """Assigns reports' events to incidents, one report at a time, in the canonical order. With
    ``report_level`` (the default) a whole report is compared with whole incidents (``fuse_reports``)."""

    def __init__(self, config: LinkConfig = LinkConfig(), idf: Idf | None = None,
                 report_config: ReportConfig | None = None, report_idf: Idf | None = None) -> None:
        from eventwire.fuse_reports import ReportConfig

        self.config = config
        self.report_config = report_config or ReportConfig()
        self.idf = idf or Idf()
        self.report_idf = report_idf or self.idf
        self.clusters: dict[str, Cluster] = {}
        self._by_day: dict[tuple[str, int], set[str]] = {}
        self._articles: dict[str, set[str]] = {}
        self.profiles: dict[str, IncidentProfile] = {}
        self._by_pub: dict[int, set[str]] = {}

    def add_profile(self, cid: str, report: ReportProfile) -> None:
        """Grow an incident's profile with one report (its main events)."""
        from eventwire.fuse_reports import IncidentProfile

        prof = self.profiles.get(cid)
        if prof is None:
            prof = self.profiles[cid] = IncidentProfile(cid)
        prof.add(report, self.report_idf)
        if report.published is not None:
            self._by_pub.setdefault(report.published.toordinal(), set()).add(cid)

    def load_report(self, cands: Sequence[Candidate], links: Mapping[tuple[str, str], str]) -> None:
        """Load one report already linked (incremental runs): its events and its main incident's profile."""
        from eventwire.fuse_reports import profile

        for cand in cands:
            cid = links[(cand.event.article_id, cand.event.id)]
            self.add_existing(cid, cand, founder=cid == incident_id(cand.event.id))
        if self.config.report_level:
            report = profile(cands, self.config)
            if report.main:
                self.add_profile(links[(report.main[0].event.article_id, report.main[0].event.id)], report)

    def _report_level(self, cands: Sequence[Candidate]) -> dict[str, str]:
        from eventwire.fuse_reports import profile, report_score

        report = profile(cands, self.config)
        if not report.main:
            return {}
        rc = self.report_config
        seen: set[str] = set()
        if report.published is not None:
            day = report.published.toordinal()
            for d in range(day - rc.max_pub_gap, day + rc.max_pub_gap + 1):
                seen |= self._by_pub.get(d, set())
        else:
            for cand in report.main:
                for key in self._keys(cand):
                    seen |= {c for c in self._by_day.get(key, set()) if c in self.profiles}
        best: tuple[float, str] | None = None
        for cid in sorted(seen):
            score = report_score(report, self.profiles[cid], self.report_idf, rc)
            if score is not None and score >= rc.threshold and (best is None or score > best[0]):
                best = (score, cid)
        cid = best[1] if best else incident_id(report.main[0].event.id)
        for i, cand in enumerate(report.main):
            self.add_existing(cid, cand, founder=best is None and i == 0)
        self.add_profile(cid, report)
        out = {c.event.id: cid for c in report.main}
        for cand in report.other:
            out[cand.event.id] = self.add(cand)
        return out

    def _keys(self, cand: Candidate) -> list[tuple[str, int]]:
        span = interval(cand.event, cand.published)
        loc = cand.event.event_loc
        cc = (loc.country_code if loc else None) or ""
        if span is None:
            return []
        start, end, _ = span
        if (end - start).days > self.config.max_span_days:
            return []
        first = start.toordinal() - self.config.update_days
        return [(cc, d) for d in range(first, end.toordinal() + 1)]

    def add_existing(self, cluster_id: str, cand: Candidate, founder: bool = False) -> None:
        """Load an event already linked (incremental runs)."""
        cluster = self.clusters.get(cluster_id)
        if cluster is None:
            cluster = self.clusters[cluster_id] = Cluster(cluster_id, cand)
        if founder:
            cluster.founder = cand
        cluster.members.append(cand)
        self._articles.setdefault(cluster_id, set()).add(cand.event.article_id)
        for key in self._keys(cand):
            self._by_day.setdefault(key, set()).add(cluster_id)

    def _score(self, group: Sequence[Candidate], cluster: Cluster) -> float | None:
        if self.config.founder_gate and not any(
                link_score(c, cluster.founder, self.config, self.idf) is not None for c in group):
            return None  # no chaining away from the incident's founding report
        scores = [s for c in group for m in cluster.members
                  if (s := link_score(c, m, self.config, self.idf)) is not None]
        return max(scores) if scores else None

    def add_group(self, group: Sequence[Candidate]) -> str:
        """Link one report's events about one incident; returns the incident id."""
        article = group[0].event.article_id
        seen: set[str] = set()
        for cand in group:
            for key in self._keys(cand):
                seen |= self._by_day.get(key, set())
        best: tuple[float, str] | None = None
        for cid in sorted(seen):
            if self.config.group_reports and article in self._articles.get(cid, set()):
                continue  # the report told another incident there
            score = self._score(group, self.clusters[cid])
            if score is not None and score >= self.config.threshold and (best is None or score > best[0]):
                best = (score, cid)
        cid = best[1] if best else incident_id(group[0].event.id)
        for i, cand in enumerate(group):
            self.add_existing(cid, cand, founder=best is None and i == 0)
        return cid

    def add_report(self, cands: Sequence[Candidate]) -> dict[str, str]:
        """Link one report's events; event id -> incident id."""
        if self.config.report_level:
            return self._report_level(cands)
        if not self.config.group_reports:
            return {c.event.id: self.add(c) for c in sorted(cands, key=lambda c: c.order)}
        return {c.event.id: cid for group in report_groups(cands, self.config)
                for cid in [self.add_group(group)] for c in group}

    def add(self, cand: Candidate) -> str:
        """Link one event on its own; returns its incident id."""
        return self.add_group([cand])


def by_report(cands: Iterable[Candidate]) -> list[list[Candidate]]:
    """Candidates grouped by article, reports in the canonical order."""
    reports: dict[str, list[Candidate]] = {}
    for cand in sorted(cands, key=lambda c: c.order):
        reports.setdefault(cand.event.article_id, []).append(cand)
    return list(reports.values())


def link(candidates: Iterable[Candidate], config: LinkConfig = LinkConfig(),
         report_config: ReportConfig | None = None) -> dict[str, str]:
    """Event id -> incident id for a batch of events, from scratch."""
    ordered = sorted(candidates, key=lambda c: c.order)
    linker = Linker(config, corpus_idf(ordered), report_config, context_idf(ordered))
    return {eid: cid for report in by_report(ordered) for eid, cid in linker.add_report(report).items()}


LEDE_CHARS = 800


def report_context(article: Article | None) -> str:
    """The headline and lede of a report: what it is mainly about."""
    if article is None:
        return ""
    return f"{article.title or ''} {article.text[:LEDE_CHARS]}".strip()


def figure_values(event: Event, figures: Mapping[str, Figure]) -> tuple[tuple[str, int, int], ...]:
    """(kind, low, high) of the figures an event reports, people only."""
    out = []
    for fid in event.figures:
        f = figures.get(fid)
        if f is None or f.unit != "people":
            continue
        low = f.low if f.low is not None else f.best
        high = f.high if f.high is not None else f.best
        if low is not None and high is not None:
            out.append((f.kind, low, max(low, high)))
    return tuple(out)


def candidates(rows: Sequence[tuple[Event, Article | None]],
               figures: Mapping[str, Figure] | None = None) -> list[Candidate]:
    out = []
    contexts: dict[str, str] = {}
    for event, article in rows:
        published = article.published if article else None
        context = contexts.get(event.article_id)
        if context is None:
            context = contexts[event.article_id] = report_context(article)
        out.append(Candidate(event, published, event_order(event, published), context,
                             figure_values(event, figures or {})))
    return out


def corpus_idf(cands: Sequence[Candidate]) -> Idf:
    """Document frequencies over every evidence text and every report's headline and lede."""
    return Idf([*(evidence_text(c.event) for c in cands), *{c.event.article_id: c.context for c in cands}.values()])


def context_idf(cands: Sequence[Candidate]) -> Idf:
    """Document frequencies over the reports' headlines and ledes (one document per report)."""
    return Idf({c.event.article_id: c.context for c in cands}.values())


@dataclass
class FuseStats:
    events: int = 0
    linked: int = 0
    incidents: int = 0
    new_incidents: int = 0


def fuse(store: Store, *, rebuild: bool = False, config: LinkConfig = LinkConfig()) -> FuseStats:
    """Link the store's unlinked events into incidents (all of them with ``rebuild``), then rewrite the
    incidents they touched, their figures and claims included."""
    from eventwire.tallies import build_incidents

    if rebuild:
        store.clear_incidents()
    links = store.incident_links()
    store_rows = store.event_rows()
    stale = [key for key in links if key not in {(e.article_id, e.id) for e, _ in store_rows}]
    touched: set[str] = {links[key] for key in stale}
    for key in stale:
        del links[key]
    figure_map = {fid: f for fid, (f, _) in store.figures_by_id(
        {fid for e, _ in store_rows for fid in e.figures}).items()}
    all_cands = candidates(store_rows, figure_map)
    new = [c for c in all_cands if (c.event.article_id, c.event.id) not in links]
    stats = FuseStats(events=len(store_rows), linked=len(new))
    linker = Linker(config, corpus_idf(all_cands), report_idf=context_idf(all_cands))
    existing = [c for c in all_cands if (c.event.article_id, c.event.id) in links]
    for report in by_report(existing):
        linker.load_report(report, links)
    assigned: dict[tuple[str, str], str] = {}
    for report in by_report(new):
        for eid, cid in linker.add_report(report).items():
            assigned[(report[0].event.article_id, eid)] = cid
            touched.add(cid)
            stats.new_incidents += cid == incident_id(eid)
    links.update(assigned)
    members: dict[str, list[tuple[Event, Article | None]]] = {}
    for event, article in store_rows:
        owner = links.get((event.article_id, event.id))
        if owner is not None and owner in touched:
            members.setdefault(owner, []).append((event, article))
    figures = store.figures_by_id({f for cid in members for e, _ in members[cid] for f in e.figures})
    incidents = build_incidents(members, figures)
    gone = sorted(cid for cid in touched if cid not in members)
    store.write_incidents(incidents, assigned, stale, gone)
    stats.incidents = store.count_incidents()
    return stats

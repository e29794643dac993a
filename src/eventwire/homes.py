"""A source's home: the country and first-level division a feed's or a site's articles are local to.

A local paper names the towns of its own county again and again, and each article takes the reader's
knowledge of where it is for granted: "Dublin City Council met on Monday" in a suburban Ohio weekly never
says Ohio. The names a source uses across its articles say it for them: of all the states that hold a town
called Dublin, Worthington, Hilliard or Powell, Ohio holds them all. Each name casts one vote for each
article that uses it, shared among the divisions that hold a sense of it by how prominent each sense is among
the name's own, so that an ambiguous name ("Springfield") says little and a name known in one state only
says much. The home
is the division with the most votes when it clearly leads, else its country when the country does; else
there is none. The learnt home then counts in resolution as if each article named it once
(``geocode.resolve_places(home=...)``), so an article's own words still outweigh it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from eventwire.gazetteer import GazEntry, Gazetteer, fold
from eventwire.geocode import Home, own_division, split_name
from eventwire.models import Place
from eventwire.placewords import abbreviated_division

NAME = "homes.name-votes.v1"
MIN_ARTICLES = 3  # fewer articles than this say no more than each one's own context
SENSES = 20  # the most populous senses of a name that take part
LEAD = 1.5  # the home division must have this many times the votes of the next one
COUNTRY_SHARE = 0.5  # failing that, a country with this share of all the votes is the home


def _sense(e: GazEntry, key: str) -> tuple[str, str] | None:
    """The division a sense of a name votes for ('' for a country), or None where it takes no part: a town
    known by the name only as an alternate, or a sense in no country (an ocean, a world region)."""
    if not e.country_code or e.feature_class not in ("P", "A"):
        return None
    if e.feature_class == "P" and fold(split_name(e.name)) != key:
        return None
    if e.feature_code.startswith("PCL") or not e.admin1_code:
        return (e.country_code, "")
    return (e.country_code, e.admin1_code)


def _votes(name: str, gazetteer: Gazetteer) -> dict[tuple[str, str], float]:
    """One name's vote, shared among the divisions holding a sense of it by that sense's prominence (a
    country's share is its own: see ``_sense``); all of it to a division named outright ("Virginia", "Conn.")."""
    if division := abbreviated_division(name):
        return {division: 1.0}
    key = fold(name)
    cands = sorted(gazetteer.candidates(name, strict=True), key=lambda e: -e.population)[:SENSES]
    own = own_division(cands, name)
    if own is not None and own.admin1_code:
        return {(own.country_code, own.admin1_code): 1.0}
    senses = [(e, d) for e in cands if (d := _sense(e, key)) is not None]
    if not senses:
        return {}
    top = max(math.log10(e.population + 10) for e, _d in senses)
    weights: dict[tuple[str, str], float] = {}
    for e, division in senses:
        weights[division] = max(weights.get(division, 0.0), math.log10(e.population + 10) / top)
    total = sum(weights.values())
    return {d: w / total for d, w in weights.items()}


def _names_of(places: Iterable[Place]) -> set[str]:
    """The distinct place names an article uses (not demonyms), as the gazetteer would look them up."""
    return {split_name(p.text) for p in places if p.use != "demonym"}


def _decide(votes: Counter[tuple[str, str]], articles: int) -> Home | None:
    """The home the votes of a source's names elect, if any (see the module docstring)."""
    if articles < MIN_ARTICLES:
        return None
    ranked = [(d, v) for d, v in votes.most_common() if d[1]][:2]
    if ranked:
        (cc, admin1), first = ranked[0]
        if len(ranked) == 1 or first >= LEAD * ranked[1][1]:
            return cc, admin1
    countries: Counter[str] = Counter()
    for (c, _a), v in votes.items():
        countries[c] += v
    if not countries:
        return None
    country, share = countries.most_common(1)[0]
    return (country, None) if share >= COUNTRY_SHARE * sum(countries.values()) else None


def infer_home(articles: Sequence[Sequence[Place]], gazetteer: Gazetteer) -> Home | None:
    """The home of one source, from the toponyms (``places.find_toponyms``) of its articles; None when it has
    too few articles or no division or country clearly leads."""
    votes: Counter[tuple[str, str]] = Counter()
    known: dict[str, dict[tuple[str, str], float]] = {}  # each name's vote, looked up once per source
    for places in articles:
        for name in _names_of(places):
            if name not in known:
                known[name] = _votes(name, gazetteer)
            votes.update(known[name])
    return _decide(votes, len(articles))


def batch_homes(sources: Sequence[str | None], articles: Sequence[Sequence[Place] | None],
                gazetteer: Gazetteer) -> list[Home | None]:
    """The home of each article of a batch, learnt from the batch's articles of the same source (None: no
    source, or no toponyms). Only the batch counts, so that an article's places do not depend on what was
    read before it, nor on which worker of a parallel run read it."""
    by_source: dict[str, list[Sequence[Place]]] = {}
    for source, places in zip(sources, articles, strict=True):
        if source and places is not None:
            by_source.setdefault(source, []).append(places)
    found = {source: infer_home(group, gazetteer) for source, group in by_source.items()}
    return [found.get(source) if source else None for source in sources]


def source_key(source: str | None, url: str | None) -> str | None:
    """What articles are grouped by: the outlet's name where given, else the host of the URL ("www." off)."""
    if source and source.strip():
        return source.strip().casefold()
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # "http://[::1" and the like: no host to group by
            return None
        return host.removeprefix("www.") or None
    return None

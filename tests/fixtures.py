"""Extraction objects built in code for store, export and API tests (datasette's fixtures.py style).

The sentences are written for these tests; the places and actors are real so coordinates and codes are
plausible. ``sample_extractions()`` gives three small hand-made articles; ``bulk_extractions(n)`` gives
many generated ones for timing.
"""

from __future__ import annotations

import datetime as dt

from eventwire.models import (
    Actor,
    Article,
    Claimant,
    ErrorRecord,
    Event,
    Extraction,
    Figure,
    Mentions,
    Period,
    Place,
    Span,
    TimeMention,
    article_id,
)

CODER = ["test.fixtures.v1"]

TEXT_IDLIB = (
    "Government aircraft bombed a fuel depot in Idlib on Sunday, killing at least seven people, local "
    "rescuers said. About 3,000 residents fled the surrounding villages over the past week, according to "
    "the United Nations."
)
TEXT_FASHER = (
    "Fighters of the Rapid Support Forces clashed with army units near El Fasher on Friday. Witnesses said "
    "the fighting lasted several hours and that smoke could be seen across the market."
)
TEXT_MARCH = "Thousands of students marched in the capital on Monday to demand lower tuition fees."


def span(text: str, phrase: str) -> Span:
    start = text.index(phrase)
    return Span(start=start, end=start + len(phrase), text=phrase)


def _actor(text: str, phrase: str, name: str, sector: str, inter: int, country: str | None) -> Actor:
    s = span(text, phrase)
    return Actor(
        text=phrase, start=s.start, end=s.end, name=name, sector=sector, inter=inter, country=country
    )


def idlib() -> Extraction:
    text = TEXT_IDLIB
    art = Article(
        id=article_id(text), url="https://news.example/idlib-depot", title="Fuel depot bombed",
        source="Northern Gazette", published=dt.date(2023, 8, 14), text=text,
    )  # fmt: skip
    place = Place(
        text="Idlib", start=span(text, "Idlib").start, end=span(text, "Idlib").end, name="Idlib",
        geonameid=169389, lat=35.93062, lon=36.63393, country_code="SY", admin1="Idlib Governorate",
        feature_code="PPLA", resolution=4, geo_precision=1,
    )  # fmt: skip
    sentence = span(text, text.split(". ")[0] + ".")
    rescuers = Claimant(name="local rescuers", text="local rescuers", verb="said")
    killed = Figure(
        id=f"{art.id}-f0", article_id=art.id, kind="killed", population="people", low=7, best=7, qualifier="at least",
        place=place, period=Period(start=dt.date(2023, 8, 13), end=dt.date(2023, 8, 13), precision="day"),
        claimant=rescuers, evidence=[span(text, "killing at least seven people")],
    )  # fmt: skip
    fled = Figure(
        id=f"{art.id}-f1", article_id=art.id, kind="displaced", population="residents", low=2500, best=3000, high=3500,
        qualifier="about", place=place,
        period=Period(start=dt.date(2023, 8, 7), end=dt.date(2023, 8, 14), precision="week"),
        claimant=Claimant(name="United Nations", text="the United Nations", verb="according to", id="Q1065"),
        evidence=[span(text, "About 3,000 residents fled")],
    )  # fmt: skip
    event = Event(
        id=f"{art.id}-e0", article_id=art.id, event="ASSAULT", mode="aerial", context=["military"],
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        disorder_type="Political violence",
        actor=[_actor(text, "Government aircraft", "Military Forces of Syria", "MIL", 1, "SYR")],
        recipient=[_actor(text, "people", "Civilians (Syria)", "CVL", 7, "SYR")],
        event_loc=place, date=dt.date(2023, 8, 13), date_precision="day", date_kind="exact", time_precision=1,
        fatalities=7, figures=[killed.id], claimant=rescuers, trigger=span(text, "bombed"),
        evidence=[sentence],        confidence=0.8, coder=CODER,
    )  # fmt: skip
    mentions = Mentions(
        places=[place],
        times=[TimeMention(text="Sunday", start=span(text, "Sunday").start, end=span(text, "Sunday").end,
                           value="2023-08-13", date=dt.date(2023, 8, 13), precision="day")],
    )  # fmt: skip
    return Extraction(article=art, events=[event], figures=[killed, fled], mentions=mentions, coder=CODER)


def fasher() -> Extraction:
    text = TEXT_FASHER
    art = Article(
        id="sd-2024-001", url="https://wire.example/sudan/1", title=None, source="Desert Wire",
        published=dt.date(2024, 1, 20), text=text,
    )  # fmt: skip
    place = Place(
        text="El Fasher", name="El Fasher", geonameid=371207, lat=13.62793, lon=25.34936, country_code="SD",
        feature_code="PPLA", resolution=4, geo_precision=2,
    )  # fmt: skip
    event = Event(
        id="sd-2024-001-e0", article_id=art.id, event="FIGHT", mode="small arms", event_type="Battles",
        sub_event_type="Armed clash", disorder_type="Political violence",
        actor=[_actor(text, "Rapid Support Forces", "Rapid Support Forces", "REB", 2, "SDN")],
        recipient=[_actor(text, "army units", "Military Forces of Sudan", "MIL", 1, "SDN")],
        event_loc=place, date=dt.date(2024, 1, 19), date_precision="day", time_precision=1,
        claimant=Claimant(name="witnesses", text="Witnesses", verb="said"),
        evidence=[span(text, text.split(". ")[0] + ".")], confidence=0.7, coder=CODER,
    )  # fmt: skip
    return Extraction(article=art, events=[event], coder=CODER)


def march() -> Extraction:
    text = TEXT_MARCH
    art = Article(id="co-2022-17", source="Andes Daily", published=dt.date(2022, 5, 2), text=text)
    event = Event(
        id="co-2022-17-e0", article_id=art.id, event="PROTEST", mode="demonstrate", event_type="Protests",
        sub_event_type="Peaceful protest", disorder_type="Demonstrations",
        actor=[_actor(text, "students", "Protesters (Colombia)", "CVL", 6, "COL")],
        event_loc=Place(text="the capital", reason="no antecedent for 'the capital'"),
        date=dt.date(2022, 5, 2), date_precision="day", evidence=[span(text, text)], confidence=0.6,
        coder=CODER,
    )  # fmt: skip
    return Extraction(article=art, events=[event], coder=CODER)


def sample_extractions() -> list[Extraction]:
    return [idlib(), fasher(), march()]


def sample_error() -> ErrorRecord:
    return ErrorRecord(id="broken-7", error="no main text found in the HTML page", source="pages/broken.html")


_PLACES = (
    ("Aleppo", 170063, 36.20124, 37.16117, "SY"),
    ("Mosul", 99072, 36.335, 43.11889, "IQ"),
    ("Kharkiv", 706483, 49.98081, 36.25272, "UA"),
    ("Goma", 214974, -1.67409, 29.22845, "CD"),
)


def bulk_extractions(n: int, events_per: int = 10) -> list[Extraction]:
    """``n`` generated extractions with ``events_per`` events and two figures each, for timing."""
    out: list[Extraction] = []
    for i in range(n):
        name, gid, lat, lon, cc = _PLACES[i % len(_PLACES)]
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i % 700)
        lines = [
            f"Report {i}: shells struck a district of {name} and {j + 2} people were killed in strike {j}."
            for j in range(events_per)
        ]
        text = "\n".join(lines)
        art = Article(id=f"bulk-{i:05d}", source="Bulk Wire", published=day, text=text)
        place = Place(text=name, name=name, geonameid=gid, lat=lat, lon=lon, country_code=cc, resolution=4)
        events: list[Event] = []
        offset = 0
        for j, line in enumerate(lines):
            events.append(Event(
                id=f"{art.id}-e{j}", article_id=art.id, event="ASSAULT",
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack", event_loc=place, date=day,
                fatalities=j + 2,
                actor=[Actor(text="shells", name="Unidentified Armed Group", sector="UAF", inter=3)],
                evidence=[Span(start=offset, end=offset + len(line), text=line)], confidence=0.5, coder=CODER,
            ))  # fmt: skip
            offset += len(line) + 1
        figures = [
            Figure(
                id=f"{art.id}-f{k}", article_id=art.id, kind="killed", best=k + 2, place=place,
                evidence=[events[k].evidence[0]],
            )
            for k in range(min(2, events_per))
        ]
        out.append(Extraction(article=art, events=events, figures=figures, coder=CODER))
    return out

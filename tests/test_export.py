"""Export tests: every format over the code-built fixtures, read back with the standard parsers."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

import fixtures
from eventwire import export
from eventwire.export import ACLED_COLUMNS, FIGURE_FORMATS, FORMATS, write
from eventwire.models import Article, Event, Figure


def _events() -> list[tuple[Event, Article | None]]:
    return [(event, x.article) for x in fixtures.sample_extractions() for event in x.events]


def _figures() -> list[tuple[Figure, Article | None]]:
    return [(figure, x.article) for x in fixtures.sample_extractions() for figure in x.figures]


def _out(kind: export.Kind, items: list[Any], fmt: str) -> str:
    stream = io.StringIO()
    count = write(kind, items, fmt, stream)
    assert count == len(items)
    return stream.getvalue()


def test_formats_tuple() -> None:
    assert FORMATS == ("table", "json", "jsonl", "csv", "geojson", "acled", "plover")
    assert set(FIGURE_FORMATS) <= set(FORMATS)


def test_json_and_jsonl_round_trip() -> None:
    rows = _events()
    data = json.loads(_out("events", rows, "json"))
    assert [Event.model_validate(d) for d in data] == [e for e, _ in rows]
    lines = _out("events", rows, "jsonl").splitlines()
    assert [Event.model_validate_json(line) for line in lines] == [e for e, _ in rows]
    assert json.loads(_out("events", [], "json")) == []


def test_figure_json_carries_the_article_id() -> None:
    rows = _figures()
    data = json.loads(_out("figures", rows, "json"))
    assert [d["article_id"] for d in data] == [fixtures.idlib().article.id] * 2
    assert [Figure.model_validate(d) for d in data] == [f for f, _ in rows]


def test_csv_events_flat_columns() -> None:
    reader = list(csv.DictReader(io.StringIO(_out("events", _events(), "csv"))))
    assert tuple(reader[0].keys()) == export.EVENT_COLUMNS
    idlib = reader[0]
    assert idlib["event"] == "ASSAULT" and idlib["country_code"] == "SY" and idlib["geonameid"] == "169389"
    assert idlib["actor"] == "Military Forces of Syria" and idlib["fatalities"] == "7"
    assert idlib["source"] == "Northern Gazette" and idlib["claimant"] == "local rescuers"
    assert idlib["evidence"].startswith("Government aircraft bombed a fuel depot")
    assert reader[1]["fatalities"] == ""  # unknown stays empty, never 0
    assert reader[2]["place"] == "the capital" and reader[2]["lat"] == ""


def test_csv_figures() -> None:
    reader = list(csv.DictReader(io.StringIO(_out("figures", _figures(), "csv"))))
    displaced = reader[1]
    assert (displaced["kind"], displaced["low"], displaced["best"], displaced["high"]) == (
        "displaced",
        "2500",
        "3000",
        "3500",
    )
    assert displaced["claimant"] == "United Nations" and displaced["claimant_verb"] == "according to"
    assert (displaced["period_start"], displaced["period_end"]) == ("2023-08-07", "2023-08-14")


def test_geojson_points_and_null_geometry() -> None:
    data = json.loads(_out("events", _events(), "geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [36.63393, 35.93062]}  # lon, lat
    assert features[0]["properties"]["event_type"] == "Explosions/Remote violence"
    assert features[2]["geometry"] is None  # no coordinates: reported, not dropped
    assert features[2]["properties"]["event"] == "PROTEST"
    figures = json.loads(_out("figures", _figures(), "geojson"))
    assert len(figures["features"]) == 2 and figures["features"][1]["properties"]["kind"] == "displaced"


def test_acled_columns_and_values() -> None:
    text = _out("events", _events(), "acled")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
    strike, clash, protest = list(reader)
    assert (
        strike["event_date"] == "2023-08-13" and strike["year"] == "2023" and strike["time_precision"] == "1"
    )
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "7", "17")
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert (strike["iso"], strike["country"]) == ("760", "Syria")
    assert (strike["latitude"], strike["longitude"], strike["geo_precision"]) == ("35.93062", "36.63393", "1")
    assert strike["notes"].endswith("[claimant: local rescuers]")
    assert strike["notes"].startswith("Government aircraft bombed")
    assert strike["source"] == "Northern Gazette" and strike["fatalities"] == "7"
    assert int(strike["timestamp"]) > 1_600_000_000
    # the smaller inter code comes first, whichever side it is on
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == ("2", "1", "12")
    assert clash["civilian_targeting"] == "" and clash["iso"] == "729" and clash["fatalities"] == ""
    assert (
        protest["interaction"] == "60" and protest["country"] == "" and protest["location"] == "the capital"
    )


def test_plover_records() -> None:
    lines = _out("events", _events(), "plover").splitlines()
    record = json.loads(lines[0])
    assert record["event"] == "ASSAULT" and record["mode"] == "aerial" and record["context"] == ["military"]
    assert record["actor"] == {
        "code": "SYR",
        "sector": "MIL",
        "entity_text": "Government aircraft",
        "identifier_id": None,
        "identifier_text": "Military Forces of Syria",
    }
    assert record["recipient"]["sector"] == "CVL"
    loc = record["event_loc"]
    assert (loc["geonameid"], loc["resolution"], loc["country_code"], loc["feature_code"]) == (
        169389,
        4,
        "SY",
        "PPLA",
    )
    assert record["cite_info"]["publication"] == "Northern Gazette"
    assert record["cite_info"]["url"] == "https://news.example/idlib-depot"
    assert record["size"] == {"dead": 7}
    assert record["date"] == "2023-08-13" and record["enddate"] is None
    assert record["event_text"].startswith("Government aircraft bombed")
    protest = json.loads(lines[2])
    assert protest["recipient"] is None and protest["event_loc"]["lat"] is None


def test_table_for_people() -> None:
    text = _out("events", _events(), "table")
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["date", "event", "event_type"]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + 3
    assert "2023-08-13" in lines[2] and "ASSAULT" in lines[2]
    assert max(len(line) for line in lines) < 260
    assert "…" in lines[2]  # the long evidence sentence is cut
    figures = _out("figures", _figures(), "table").splitlines()
    assert "3000 (2500-3500)" in figures[3] and "2023-08-07..2023-08-14" in figures[3]
    assert "7" in figures[2].split() and "2023-08-13" in figures[2]


def test_without_article() -> None:
    event = fixtures.fasher().events[0]
    row = export.acled_row(event, None, 0)
    assert row["source"] is None and row["event_type"] == "Battles"
    assert json.loads(_out("events", [(event, None)], "plover"))["cite_info"]["url"] is None


def test_pair_with_lookup() -> None:
    samples = fixtures.sample_extractions()
    lookup = {x.article.id: x.article for x in samples[:2]}
    pairs = export.pair([e for x in samples for e in x.events], lookup)
    assert [a.source if a else None for _, a in pairs] == ["Northern Gazette", "Desert Wire", None]


@pytest.mark.parametrize("fmt", ["acled", "plover", "xml"])
def test_bad_format_for_figures(fmt: str) -> None:
    with pytest.raises(ValueError, match="unknown format for figures"):
        write("figures", _figures(), fmt, io.StringIO())


def test_bad_kind_and_format() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        write("incidents", [], "json", io.StringIO())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format for events"):
        write("events", [], "xlsx", io.StringIO())


def test_country_lookup() -> None:
    for value in ("IQ", "irq", "Iraq", " iraq "):
        record = export.country(value)
        assert record is not None and record["isonumeric"] == 368
    assert export.country("Narnia") is None and export.country("") is None


def test_export_from_store(filled_store: Any) -> None:
    stream = io.StringIO()
    assert write("events", filled_store.event_rows(), "acled", stream) == 3
    assert write("figures", filled_store.figure_rows(), "geojson", io.StringIO()) == 2


def test_bare_events_find_their_article_through_the_store(filled_store: Any) -> None:
    stream = io.StringIO()
    assert write("events", filled_store.events(), "acled", stream, store=filled_store) == 3
    sources = [row["source"] for row in csv.DictReader(io.StringIO(stream.getvalue()))]
    assert sources == ["Andes Daily", "Northern Gazette", "Desert Wire"]
    stream = io.StringIO()
    write("figures", filled_store.figures(), "csv", stream, store=filled_store)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert [row["source"] for row in rows] == ["Northern Gazette"] * 2
    assert all(row["article_id"] for row in rows)


def test_extraction_table() -> None:
    stream = io.StringIO()
    export.extraction_table(fixtures.idlib(), stream)
    text = stream.getvalue()
    assert text.startswith(f"article   {fixtures.idlib().article.id}\n")
    assert "source    Northern Gazette" in text
    assert "events (1)" in text and "figures (2)" in text and "ASSAULT" in text


def test_table_uses_short_labels() -> None:
    header = _out("events", _events(), "table").splitlines()[0].split()
    assert header[-3:] == ["cc", "dead", "evidence"]

"""The REST API over the code-built fixture store, through FastAPI's TestClient (real SQLite, real store)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import fixtures
from eventwire.extract import Extractor
from eventwire.store import Store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.api import Settings, create_app  # noqa: E402
from eventwire.api.security import same_token  # noqa: E402


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """SQLite only: the API keeps analyst corrections in the SQLite file of the store (PostgreSQL stores are
    served without corrections for now), so these tests do not take the PostgreSQL half of the fixture."""
    return str(tmp_path / "api.sqlite")


TOKEN = "s3cret-write-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
IDLIB = fixtures.idlib()
IDLIB_EVENT = IDLIB.events[0].id


@pytest.fixture
def client(filled_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN), store=filled_store)) as c:
        yield c


def test_events_list_with_total_and_article(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 3 and body["offset"] == 0
    assert [e["id"] for e in body["items"]] == ["co-2022-17-e0", IDLIB_EVENT, "sd-2024-001-e0"]  # by date
    first = body["items"][1]
    assert first["article"]["source"] == "Northern Gazette" and "text" not in first["article"]
    assert first["corrected"] is False and first["corrections"] == []


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"country": "SY"}, [IDLIB_EVENT]),
        ({"country": "Sudan"}, ["sd-2024-001-e0"]),
        ({"event_type": "battles"}, ["sd-2024-001-e0"]),
        ({"event": "PROTEST"}, ["co-2022-17-e0"]),
        ({"actor": "rapid support"}, ["sd-2024-001-e0"]),
        ({"text": "fuel depot"}, [IDLIB_EVENT]),
        ({"date_from": "2023-01-01", "date_to": "2023-12-31"}, [IDLIB_EVENT]),
        ({"bbox": "20,10,40,40"}, [IDLIB_EVENT, "sd-2024-001-e0"]),
        ({"bbox": "-10,-10,0,0"}, []),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, str], ids: list[str]) -> None:
    body = client.get("/api/events", params=params).json()
    assert [e["id"] for e in body["items"]] == ids
    assert body["total"] == len(ids)


def test_pagination_keeps_the_total(client: TestClient) -> None:
    page = client.get("/api/events", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and page["limit"] == 1 and [e["id"] for e in page["items"]] == [IDLIB_EVENT]
    assert client.get("/api/events", params={"limit": 5, "offset": 3}).json()["items"] == []
    assert client.get("/api/events", params={"limit": 100000}).status_code == 422


def test_bad_filters_are_clear_errors(client: TestClient) -> None:
    assert "unknown country" in client.get("/api/events", params={"country": "Atlantis"}).json()["detail"]
    assert client.get("/api/events", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/api/events", params={"date_from": "yesterday"}).status_code == 422


def test_figures_and_articles(client: TestClient) -> None:
    figures = client.get("/api/figures", params={"kind": "displaced"}).json()
    assert figures["total"] == 1
    assert figures["items"][0]["claimant"]["name"] == "United Nations"
    assert figures["items"][0]["best"] == 3000
    articles = client.get("/api/articles").json()
    assert articles["total"] == 3 and all("text" not in a for a in articles["items"])
    one = client.get(f"/api/articles/{IDLIB.article.id}").json()
    assert one["article"]["text"] == fixtures.TEXT_IDLIB
    assert len(one["events"]) == 1 and len(one["figures"]) == 2
    assert client.get("/api/articles/nope").status_code == 404


def test_event_detail_has_text_and_figures(client: TestClient) -> None:
    detail = client.get(f"/api/events/{IDLIB_EVENT}").json()
    assert detail["article"]["text"] == fixtures.TEXT_IDLIB
    text = detail["article"]["text"]
    for span in detail["event"]["evidence"]:
        assert text[span["start"] : span["end"]] == span["text"]
    assert {f["kind"] for f in detail["figures"]} == {"killed", "displaced"}
    assert client.get("/api/events/missing-e9").status_code == 404


def test_export_formats(client: TestClient) -> None:
    response = client.get("/api/events", params={"format": "acled", "country": "SY"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1 and rows[0]["event_id_cnty"] == IDLIB_EVENT and rows[0]["fatalities"] == "7"
    geo = client.get("/api/events", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 3
    plover = client.get("/api/events", params={"format": "plover"}).text.strip().splitlines()
    assert len(plover) == 3 and json.loads(plover[0])
    figures_csv = client.get("/api/figures", params={"format": "csv"}).text
    assert len(list(csv.DictReader(io.StringIO(figures_csv)))) == 2
    assert client.get("/api/figures", params={"format": "acled"}).status_code == 422


def test_writes_refused_without_token(client: TestClient) -> None:
    patch = {"analyst": "someone", "event_type": "Battles"}
    assert client.patch(f"/api/events/{IDLIB_EVENT}", json=patch).status_code == 401
    bad = {"Authorization": "Bearer wrong"}
    assert client.patch(f"/api/events/{IDLIB_EVENT}", json=patch, headers=bad).status_code == 401
    assert client.post("/api/articles", json={"text": "Rebels shelled a town."}).status_code == 401
    assert client.get(f"/api/events/{IDLIB_EVENT}").json()["event"]["event_type"] != "Battles"


def test_writes_refused_when_no_token_is_configured(filled_store: Store) -> None:
    with TestClient(create_app(Settings(), store=filled_store)) as c:
        response = c.patch(f"/api/events/{IDLIB_EVENT}", json={"analyst": "x", "event": "FIGHT"},
                           headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403 and "writes are disabled" in response.json()["detail"]


def test_reads_closed_by_a_read_token(filled_store: Store) -> None:
    with TestClient(create_app(Settings(token=TOKEN, read_token="reader"), store=filled_store)) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/events", headers={"Authorization": "Bearer reader"}).json()["total"] == 3
        assert c.get("/api/events", headers=AUTH).status_code == 200


def test_correction_is_shown_and_survives_re_extraction(client: TestClient, filled_store: Store) -> None:
    patch = {
        "analyst": "R. Analyst", "note": "the depot is east of the city",
        "event_type": "Battles",
        "place": {"name": "Saraqib", "lat": 35.8645, "lon": 36.8006, "country_code": "SY"},
        "actor": [{"name": "Hayat Tahrir al-Sham", "sector": "REB", "inter": 2}],
        "figures": [{"id": f"{IDLIB.article.id}-f0", "best": 9, "claimant": "civil defence"}],
    }
    response = client.patch(f"/api/events/{IDLIB_EVENT}", json=patch, headers=AUTH)
    assert response.status_code == 200
    event = response.json()["event"]
    assert event["event_type"] == "Battles" and event["event_loc"]["name"] == "Saraqib"
    assert event["actor"][0]["name"] == "Hayat Tahrir al-Sham"
    assert event["corrected"] is True
    correction = event["corrections"][0]
    assert correction["analyst"] == "R. Analyst" and correction["at"]
    assert correction["before"]["event_type"] == "Explosions/Remote violence"

    filled_store.write([fixtures.idlib()], "test-extractor.v2")  # the article is extracted again
    again = client.get(f"/api/events/{IDLIB_EVENT}").json()
    assert again["event"]["event_type"] == "Battles" and again["event"]["corrected"] is True
    killed = next(f for f in again["figures"] if f["kind"] == "killed")
    assert killed["best"] == 9 and killed["claimant"]["name"] == "civil defence" and killed["corrected"]
    listed = client.get("/api/events", params={"country": "SY"}).json()["items"][0]
    assert listed["event_type"] == "Battles" and len(listed["corrections"]) == 1
    acled = client.get("/api/events", params={"format": "acled", "country": "SY"}).text
    assert "Battles" in acled and "Saraqib" in acled
    assert client.get("/api/corrections").json()[0]["event_id"] == IDLIB_EVENT


def test_bad_corrections_are_refused(client: TestClient) -> None:
    url = f"/api/events/{IDLIB_EVENT}"
    assert client.patch(url, json={"event_type": "Battles"}, headers=AUTH).status_code == 422  # no analyst
    assert client.patch(url, json={"analyst": "a"}, headers=AUTH).status_code == 422  # nothing changed
    unknown = {"analyst": "a", "figures": [{"id": "not-a-figure", "best": 1}]}
    assert "not-a-figure" in client.patch(url, json=unknown, headers=AUTH).json()["detail"]
    assert client.patch(url, json={"analyst": "a", "colour": "red"}, headers=AUTH).status_code == 422
    assert client.patch("/api/events/none-e0", json={"analyst": "a", "event": "FIGHT"},
                        headers=AUTH).status_code == 404


def test_request_size_limit(filled_store: Store) -> None:
    with TestClient(create_app(Settings(token=TOKEN, max_body_bytes=1000), store=filled_store)) as c:
        response = c.post("/api/articles", json={"text": "x" * 5000}, headers=AUTH)
        assert response.status_code == 413


def test_security_headers_and_closed_cors(client: TestClient) -> None:
    response = client.get("/api/overview", headers={"Origin": "https://elsewhere.example"})
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "access-control-allow-origin" not in response.headers
    assert same_token("abc", "abc") and not same_token("abc", "abd") and not same_token(None, "abc")


def test_overview(client: TestClient) -> None:
    body = client.get("/api/overview").json()
    assert body["events"] == 3 and body["writes_enabled"] is True
    assert {c["iso2"]: c["isonumeric"] for c in body["countries"]} == {"SY": 760, "SD": 729}


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {
        "/api/overview": {"get"}, "/api/articles": {"get", "post"}, "/api/articles/{article_id}": {"get"},
        "/api/events": {"get"}, "/api/events/{event_id}": {"get", "patch"}, "/api/figures": {"get"},
        "/api/corrections": {"get"}, "/api/articles/fetch": {"post"},
    }
    assert {p: set(methods) for p, methods in paths.items()} == expected
    for path, methods in paths.items():
        for method, operation in methods.items():
            ok = operation["responses"].get("200") or operation["responses"].get("201")
            assert ok and ok["content"]["application/json"]["schema"], (method, path)
    assert "EventOut" in spec["components"]["schemas"] and "EventPatch" in spec["components"]["schemas"]


def test_ingest_runs_the_extractor(filled_store: Store, extractor: Extractor) -> None:
    text = ("Militants attacked an army post near the town of Diffa in Niger on Monday, killing six soldiers, "
            "the defence ministry said.")
    app = create_app(Settings(token=TOKEN), store=filled_store, extractor_factory=lambda: extractor)
    with TestClient(app) as c:
        response = c.post("/api/articles", headers=AUTH,
                          json=[{"id": "ne-1", "text": text, "published": "2024-03-05"},
                                {"id": "blank", "text": " "}])
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["articles"] == ["ne-1"] and body["errors"][0]["id"] == "blank"
        stored = c.get("/api/articles/ne-1").json()
        assert stored["article"]["text"] == text and body["events"] == len(stored["events"]) >= 1
        assert any(f["kind"] == "killed" and f["best"] == 6 for f in stored["figures"])
        assert c.get("/api/articles").json()["total"] == 4

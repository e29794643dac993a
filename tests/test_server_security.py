"""What the server lets in: tokens, body limits, rate limits, CORS, headers, hostile filters, and URL ingest
that cannot be turned against the server's own network (SSRF). Real FastAPI app, real SQLite store."""

from __future__ import annotations

import http.server
import inspect
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.extract import Extractor
from eventwire.store import Store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.api import Settings, create_app  # noqa: E402
from eventwire.api.security import RateLimit, same_token  # noqa: E402
from eventwire.ingest import IngestError, UnsafeURL, _CheckedRedirects, check_url  # noqa: E402


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """SQLite only: the API keeps analyst corrections in the SQLite file of the store (PostgreSQL stores are
    served without corrections for now), so these tests do not take the PostgreSQL half of the fixture."""
    return str(tmp_path / "api.sqlite")


TOKEN = "write-token-for-security-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture
def client(filled_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(token=TOKEN), store=filled_store)) as c:
        yield c


def _secure(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name in HEADERS:
        assert name in headers, name
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert "unsafe-inline" not in headers["content-security-policy"]


# --- tokens -------------------------------------------------------------------------------------------


def test_tokens_are_compared_in_constant_time() -> None:
    assert "hmac.compare_digest" in inspect.getsource(same_token)
    assert same_token(TOKEN, TOKEN)
    for given in ("", None, TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "é" + TOKEN[1:]):
        assert not same_token(given, TOKEN)
    assert not same_token(TOKEN, None) and not same_token(None, None)


@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer ", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", f"Bearer {TOKEN}x", TOKEN,
])
def test_writes_need_the_exact_token(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = client.post("/api/articles", json={"text": "Some text."}, headers=headers)
    assert response.status_code == 401
    _secure(response)
    response = client.post("/api/articles/fetch", json={"urls": ["http://127.0.0.1/"]}, headers=headers)
    assert response.status_code == 401


# --- request size -------------------------------------------------------------------------------------


def test_request_size_limits(filled_store: Store) -> None:
    app = create_app(Settings(token=TOKEN, max_body_bytes=10_000), store=filled_store)
    with TestClient(app) as c:
        big = {"text": "word " * 5000}
        response = c.post("/api/articles", json=big, headers=AUTH)
        assert response.status_code == 413
        _secure(response)

        def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it arrives
            for _ in range(20):
                yield b"x" * 1000

        response = c.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
        assert response.status_code == 413
        too_many = [{"text": f"Report {n}."} for n in range(101)]
        assert c.post("/api/articles", json=too_many, headers=AUTH).status_code in (413, 422)
        assert c.post("/api/articles/fetch", json={"urls": ["http://a.example/"] * 21},
                      headers=AUTH).status_code == 422
        assert c.get("/api/events", params={"text": "x" * 501}).status_code == 422


# --- rate limit ---------------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after(filled_store: Store) -> None:
    app = create_app(Settings(token=TOKEN, rate_limit=0.5, rate_burst=5), store=filled_store)
    with TestClient(app) as c:
        codes = [c.get("/api/overview").status_code for _ in range(7)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
        refused = c.get("/api/events")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        _secure(refused)
        assert c.get("/").status_code != 429  # the dashboard's files are not counted


def test_rate_limit_bucket_refills_and_writes_cost_more() -> None:
    async def app(scope: object, receive: object, send: object) -> None:  # never called
        raise AssertionError

    limiter = RateLimit(app, rate=2.0, burst=10, write_cost=5)
    assert limiter.take("a", 5, now=0.0) == 0 and limiter.take("a", 5, now=0.0) == 0
    assert limiter.take("a", 1, now=0.0) == pytest.approx(0.5)
    assert limiter.take("b", 1, now=0.0) == 0  # one client's use does not block another
    assert limiter.take("a", 1, now=1.0) == 0  # two tokens back after a second


def test_rate_limit_can_be_set_from_the_environment() -> None:
    settings = Settings.from_env({"EVENTWIRE_RATE_LIMIT": "0", "EVENTWIRE_RATE_BURST": "7"})
    assert settings.rate_limit == 0 and settings.rate_burst == 7 and settings.allow_private_urls is False
    with pytest.raises(ValueError, match="EVENTWIRE_RATE_LIMIT"):
        Settings.from_env({"EVENTWIRE_RATE_LIMIT": "fast"})


# --- CORS and headers -----------------------------------------------------------------------------------


def test_cors_closed_by_default(client: TestClient) -> None:
    response = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200 and "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/articles", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in preflight.headers
    assert preflight.status_code >= 400


def test_cors_opens_only_to_configured_origins(filled_store: Store) -> None:
    app = create_app(Settings(cors_origins=("https://desk.example",)), store=filled_store)
    with TestClient(app) as c:
        ok = c.get("/api/events", headers={"Origin": "https://desk.example"})
        assert ok.headers["access-control-allow-origin"] == "https://desk.example"
        other = c.get("/api/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("path", ["/api/overview", "/api/events", "/api/events/nope", "/openapi.json",
                                  "/api/nothing-here"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    _secure(client.get(path))


# --- SQL: hostile filter values -----------------------------------------------------------------------

HOSTILE = ["'", "' OR '1'='1", "'; DROP TABLE events; --", '" OR 1=1 --', "%", "_", "\\", "%' OR 1=1 --",
           "1) UNION SELECT json, json FROM articles --", "\x00", "ü' --", "*/ SELECT 1 /*"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filter_values_are_only_data(client: TestClient, filled_store: Store, value: str) -> None:
    before = (filled_store.count_events(), filled_store.count_figures(), filled_store.count_articles())
    used = {"/api/events": ("actor", "text", "event", "event_type", "article_id"),
            "/api/figures": ("actor", "text", "kind", "article_id"), "/api/articles": ("text", "article_id")}
    for path, names in used.items():
        for name in names:
            response = client.get(path, params={name: value})
            assert response.status_code == 200, (path, name, response.text)
            if value != "\x00":  # SQLite's LIKE reads a pattern up to a NUL: it matches all, harmlessly
                assert response.json()["total"] == 0, (path, name, value)
        assert client.get(path, params={"country": value}).status_code == 422
    assert client.get(f"/api/events/{urllib.parse.quote(value, safe='')}").status_code == 404
    assert client.get("/api/events", params={"format": "csv", "actor": value}).status_code == 200
    after = (filled_store.count_events(), filled_store.count_figures(), filled_store.count_articles())
    assert after == before
    assert filled_store.check() == []


def test_like_wildcards_are_escaped(client: TestClient) -> None:
    assert client.get("/api/events", params={"text": "rapid support"}).json()["total"] == 1
    assert client.get("/api/events", params={"text": "rapid%forces"}).json()["total"] == 0
    assert client.get("/api/events", params={"text": "rapid_support"}).json()["total"] == 0


# --- URL ingest and SSRF --------------------------------------------------------------------------------


class _Page(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        _Page.hits.append(self.path)
        body = (b"<html><body><article><p>Gunmen attacked a bus near Kaduna on Tuesday, killing seven "
                b"passengers, police said. Survivors described the road as deserted after dark.</p></article>"
                b"</body></html>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def local_page() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Page.hits.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/story"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/story", "http://localhost:{port}/story", "http://[::1]:{port}/story",
    "http://0.0.0.0:{port}/story", "http://10.1.2.3/", "http://192.168.0.1/", "http://172.16.5.4/",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://100.64.0.1/",
    "http://2130706433:{port}/story", "http://0x7f000001:{port}/story", "http://[::ffff:127.0.0.1]:{port}/story",
])
def test_url_ingest_refuses_non_public_hosts(filled_store: Store, local_page: str, url: str) -> None:
    port = local_page.split(":")[2].split("/")[0]
    target = url.format(port=port)
    app = create_app(Settings(token=TOKEN), store=filled_store, extractor_factory=lambda: pytest.fail("extracted"))
    with TestClient(app) as c:
        response = c.post("/api/articles/fetch", json={"urls": [target]}, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["articles"] == [] and len(body["errors"]) == 1
    assert "non-public" in body["errors"][0]["error"] or "cannot resolve" in body["errors"][0]["error"]
    assert _Page.hits == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "/etc/passwd", "gopher://127.0.0.1/", "ftp://x/",
                                 "javascript:alert(1)", "HTTP:/x"])
def test_url_ingest_refuses_other_schemes_and_paths(client: TestClient, url: str) -> None:
    response = client.post("/api/articles/fetch", json={"urls": [url]}, headers=AUTH)
    assert response.status_code == 422 or response.json()["errors"], response.text
    assert "root:" not in response.text


def test_url_ingest_allowed_by_the_operator(filled_store: Store, extractor: Extractor, local_page: str) -> None:
    app = create_app(Settings(token=TOKEN, allow_private_urls=True), store=filled_store,
                     extractor_factory=lambda: extractor)
    with TestClient(app) as c:
        body = c.post("/api/articles/fetch", json={"urls": [local_page], "published": "2024-02-06"},
                      headers=AUTH).json()
    assert len(body["articles"]) == 1 and body["errors"] == [] and body["figures"] >= 1
    stored = filled_store.article(body["articles"][0])
    assert stored is not None and "Kaduna" in stored.text and stored.url == local_page
    assert _Page.hits == ["/story"]


def test_redirects_are_checked_too() -> None:
    handler = _CheckedRedirects(allow_private=False)
    request = urllib.request.Request("http://news.example/a")
    for target in ("http://127.0.0.1/admin", "http://169.254.169.254/", "file:///etc/passwd"):
        with pytest.raises(UnsafeURL):
            handler.redirect_request(request, None, 302, "Found", {}, target)
    with pytest.raises(UnsafeURL, match="credentials"):
        check_url("http://user:pw@news.example/", allow_private=True)
    with pytest.raises(IngestError):
        check_url("http://no-such-host.invalid/", allow_private=False)

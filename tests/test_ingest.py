"""Ingest tests: files, directories, stdin, JSONL, and a real local HTTP server for pages and feeds."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventwire import ingest
from eventwire.ingest import IngestError, decode_bytes, read_sources, sniff_kind
from eventwire.models import Article, ErrorRecord, article_id

PAGE_BODY = (
    "Shelling struck the northern district of the city early on Sunday, the regional governor said. "
    "At least nine residents were killed and dozens more were wounded when several rounds hit a bus station. "
    "Emergency crews worked through the morning to clear debris from the main road leading to the hospital."
)

ARTICLE_HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Shelling hits bus station | Riverside Courier</title>
<meta property="og:site_name" content="Riverside Courier">
<meta property="og:title" content="Shelling hits bus station">
<meta name="date" content="2024-03-10">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Shelling hits bus station</h1>
<p>{PAGE_BODY}</p>
<p>The governor added that water supplies to two neighbourhoods had been cut and that
repairs would take days.</p>
</article>
<footer>All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""

UNDATED_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><article>
<p>Thousands of families left villages along the river after fighting moved closer to the district centre,
an aid agency said on Friday. The agency said that roads to the
south were crowded with tractors and carts.</p>
<p>Local officials asked for tents, blankets and drinking water to be sent
to the camps near the border crossing.</p>
</article></body></html>"""

PLAIN_TEXT = (
    "Police detained fourteen protesters outside the parliament building on Wednesday, witnesses said.\n"
)

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Riverside Courier World</title><link>{base}/</link>
<description>World news</description>
<item><title>Families flee river villages</title><link>{base}/undated.html</link>
<pubDate>Fri, 08 Mar 2024 09:30:00 GMT</pubDate></item>
<item><title>A story that vanished</title><link>{base}/missing</link>
<pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Short bulletin</title><guid isPermaLink="false">bulletin-77</guid>
<description>
&lt;p&gt;Two soldiers were wounded by a roadside bomb near the airport, the army said.&lt;/p&gt;</description>
<pubDate>Sun, 10 Mar 2024 07:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier wire</title><id>urn:courier:wire</id>
<updated>2024-03-11T12:00:00Z</updated>
<entry><title>Protesters detained</title><id>urn:courier:1</id><link href="{base}/plain.txt"/>
<updated>2024-03-11T11:00:00Z</updated></entry>
<entry><title>Server trouble</title><id>urn:courier:2</id><link href="{base}/broken"/>
<updated>2024-03-11T11:30:00Z</updated></entry>
</feed>"""


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    user_agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.user_agents.append(self.headers.get("User-Agent", ""))
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base class)
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.routes = {
        "/article.html": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
        "/undated.html": (200, "text/html", UNDATED_HTML.encode()),
        "/plain.txt": (200, "text/plain; charset=utf-8", PLAIN_TEXT.encode()),
        "/latin.txt": (200, "text/plain; charset=iso-8859-1", "Le ministère a confirmé.".encode("latin-1")),
        "/feed.rss": (200, "application/rss+xml", RSS_FEED.format(base=base).encode()),
        "/feed.atom": (200, "application/atom+xml", ATOM_FEED.format(base=base).encode()),
        "/feed-as-xml": (200, "text/xml", RSS_FEED.format(base=base).encode()),
        "/broken": (500, "text/plain", b"internal error"),
        "/big.txt": (200, "text/plain", b"word " * 5000),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- URLs and feeds -------------------------------------------------------------------------------


def test_html_url_keeps_main_text_and_metadata(server: str) -> None:
    [item] = list(read_sources([f"{server}/article.html"]))
    assert isinstance(item, Article)
    assert "At least nine residents were killed" in item.text
    assert "Subscribe to our newsletter" not in item.text
    assert "Sport" not in item.text
    assert item.title == "Shelling hits bus station"
    assert item.source == "Riverside Courier"
    assert item.published == dt.date(2024, 3, 10)
    assert item.url == f"{server}/article.html"
    assert item.id == article_id(item.text)
    assert any(agent.startswith("eventwire/") for agent in _Handler.user_agents)


def test_cli_metadata_overrides_the_page(server: str) -> None:
    [item] = list(
        read_sources([f"{server}/article.html"], published=dt.date(2024, 3, 11), source="Wire", url="u:1")
    )
    assert isinstance(item, Article)
    assert (item.published, item.source, item.url) == (dt.date(2024, 3, 11), "Wire", "u:1")


def test_text_url_and_declared_charset(server: str) -> None:
    items = list(read_sources([f"{server}/plain.txt", f"{server}/latin.txt"]))
    assert [type(i) for i in items] == [Article, Article]
    assert items[0].text == PLAIN_TEXT.strip()  # type: ignore[union-attr]
    assert items[1].text == "Le ministère a confirmé."  # type: ignore[union-attr]


@pytest.mark.parametrize(("path", "code"), [("/missing", "404"), ("/broken", "500")])
def test_http_errors_become_error_records(server: str, path: str, code: str) -> None:
    [item] = list(read_sources([f"{server}{path}"]))
    assert isinstance(item, ErrorRecord)
    assert item.id == f"{server}{path}"
    assert f"HTTP {code}" in item.error


def test_size_limit(server: str) -> None:
    [item] = list(read_sources([f"{server}/big.txt"], max_bytes=1000))
    assert isinstance(item, ErrorRecord)
    assert "limit" in item.error


def test_unreachable_host_is_an_error_not_a_crash() -> None:
    # port 9 on loopback: nothing listens there in the test environment
    [item] = list(read_sources(["http://127.0.0.1:9/nothing"], timeout=2))
    assert isinstance(item, ErrorRecord)
    assert "cannot fetch" in item.error


def test_rss_feed_fetches_links_and_keeps_going(server: str) -> None:
    items = list(read_sources([f"{server}/feed.rss"]))
    assert [type(i).__name__ for i in items] == ["Article", "ErrorRecord", "Article"]
    page, failed, bulletin = items
    assert isinstance(page, Article) and isinstance(failed, ErrorRecord) and isinstance(bulletin, Article)
    # the page has no date and no <title>: the entry's fill them in, the feed title names the outlet
    assert "Thousands of families left villages" in page.text
    assert page.published == dt.date(2024, 3, 8)
    assert page.title == "Families flee river villages"
    assert page.source == "Riverside Courier World"
    assert failed.id == f"{server}/missing" and "HTTP 404" in failed.error
    # no link: the summary is the text, with its HTML removed
    assert bulletin.text == "Two soldiers were wounded by a roadside bomb near the airport, the army said."
    assert bulletin.published == dt.date(2024, 3, 10)


def test_feed_sniffed_from_generic_xml_content_type(server: str) -> None:
    items = list(read_sources([f"{server}/feed-as-xml"], fetch_links=False))
    assert len(items) == 3
    # without fetching, the entries with a link but no content are reported, not dropped
    assert isinstance(items[0], ErrorRecord) and "no content" in items[0].error
    assert isinstance(items[2], Article)


def test_atom_feed(server: str) -> None:
    items = list(read_sources([f"{server}/feed.atom"]))
    assert [type(i).__name__ for i in items] == ["Article", "ErrorRecord"]
    article, error = items
    assert isinstance(article, Article) and isinstance(error, ErrorRecord)
    assert article.text == PLAIN_TEXT.strip()
    assert article.title == "Protesters detained"
    assert article.published == dt.date(2024, 3, 11)
    assert "HTTP 500" in error.error


def test_local_feed_file(server: str, tmp_path: Path) -> None:
    feed = tmp_path / "wire.atom"
    feed.write_text(ATOM_FEED.format(base=server), encoding="utf-8")
    items = list(read_sources([str(feed)]))
    assert isinstance(items[0], Article) and items[0].title == "Protesters detained"


# --- Files, directories, stdin --------------------------------------------------------------------


def test_latin1_and_cp1256_files(tmp_path: Path) -> None:
    french = "Les autorités ont déclaré que l'évacuation du quartier était terminée à midi."
    arabic = "قالت السلطات المحلية إن عشرات العائلات غادرت القرية بعد القصف"
    (tmp_path / "a.txt").write_bytes(french.encode("latin-1"))
    (tmp_path / "b.txt").write_bytes(arabic.encode("cp1256"))
    items = list(read_sources([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]))
    assert [i.text for i in items if isinstance(i, Article)] == [french, arabic]


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    [item] = list(read_sources([str(path)]))
    assert isinstance(item, ErrorRecord)
    assert "binary" in item.error and item.id == str(path)


def test_decode_prefers_utf8_and_honours_bom() -> None:
    assert decode_bytes("Mosul – “about 40”".encode()) == "Mosul – “about 40”"
    assert decode_bytes(b"\xef\xbb\xbfHama") == "Hama"
    assert decode_bytes("Idlib".encode("utf-16")) == "Idlib"
    assert decode_bytes("“quoted”".encode("cp1252")) == "“quoted”"
    with pytest.raises(IngestError):
        decode_bytes(b"abc\x00\x81\x8d")


def test_directory_reads_supported_files_sorted(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second report: a checkpoint was attacked at dawn.", encoding="utf-8")
    (tmp_path / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored too", encoding="utf-8")
    sub = tmp_path / "c"
    sub.mkdir()
    (sub / "more.jsonl").write_text('{"id": "x1", "text": "A convoy was ambushed."}\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n\t\n", encoding="utf-8")
    items = list(read_sources([str(tmp_path)]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Article", "ErrorRecord"]
    assert isinstance(items[0], Article) and items[0].title == "Shelling hits bus station"
    assert items[1].text.startswith("Second report")  # type: ignore[union-attr]
    assert items[2].id == "x1"
    assert isinstance(items[3], ErrorRecord) and "empty" in items[3].error


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    [item] = list(read_sources([str(tmp_path / "nope.txt")]))
    assert isinstance(item, ErrorRecord) and "no such file" in item.error


def test_stdin_text_and_normalisation() -> None:
    raw = "  Cafe\u0301 owners said the market reopened.   \r\nTrading was slow.  \r\n\r\n"
    [item] = list(read_sources(["-"], stdin=io.BytesIO(raw.encode()), published=dt.date(2023, 1, 2)))
    assert isinstance(item, Article)
    assert item.text == "Café owners said the market reopened.\nTrading was slow."
    assert item.published == dt.date(2023, 1, 2)


def test_stdin_sniffs_html_and_jsonl() -> None:
    assert sniff_kind(ARTICLE_HTML.encode()) == "html"
    assert sniff_kind(b'{"id": 1, "text": "x"}\n') == "jsonl"
    assert sniff_kind(RSS_FEED.encode()) == "feed"
    assert sniff_kind(b"<3 plain words") == "text"
    [item] = list(read_sources(["-"], stdin=io.BytesIO(ARTICLE_HTML.encode())))
    assert isinstance(item, Article) and item.source == "Riverside Courier"


# --- JSONL ----------------------------------------------------------------------------------------


def test_jsonl_good_and_malformed_lines(tmp_path: Path) -> None:
    lines = [
        '{"id": "r1", "text": "Gunmen attacked a village market.", "published": "2022-05-01", '
        '"url": "https://example.org/r1", "title": "Market attack", "source": "Daily Ledger"}',
        "{not json",
        '{"id": "r3", "text": "   "}',
        '{"text": ""}',
        "",
        '{"id": 5, "text": "Troops withdrew from the hill.", "published": "2022-05-03T14:00:00Z"}',
        '{"id": "r6", "text": "A bridge was destroyed.", "published": "last week"}',
        "[1, 2]",
        '{"text": "An untitled report about a curfew."}',
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_sources([str(path)]))
    ids = [i.id for i in items]
    assert ids == [
        "r1",
        "line 2",
        "r3",
        "line 4",
        "5",
        "r6",
        "line 8",
        article_id("An untitled report about a curfew."),
    ]
    first = items[0]
    assert isinstance(first, Article)
    assert (first.published, first.url, first.title, first.source) == (
        dt.date(2022, 5, 1),
        "https://example.org/r1",
        "Market attack",
        "Daily Ledger",
    )
    assert isinstance(items[1], ErrorRecord) and "malformed JSON" in items[1].error
    assert isinstance(items[2], ErrorRecord) and "no text" in items[2].error
    assert isinstance(items[4], Article) and items[4].published == dt.date(2022, 5, 3)
    assert isinstance(items[5], ErrorRecord) and "ISO date" in items[5].error
    assert all(isinstance(i, ErrorRecord) and i.source == str(path) for i in (items[1], items[6]))


def test_parse_date() -> None:
    assert ingest.parse_date("2021-07-04") == dt.date(2021, 7, 4)
    assert ingest.parse_date("2021-07-04T23:10:00+02:00") == dt.date(2021, 7, 4)
    assert ingest.parse_date("July 4") is None
    with pytest.raises(ValueError):
        ingest.parse_date("July 4", strict=True)


def test_html_to_text_drops_scripts() -> None:
    text = ingest.html_to_text("<p>One&amp;two</p><script>var x=1;</script><div>three</div>")
    assert text == "One&two\nthree"

"""The feed watcher against feeds served on loopback: conditional requests, new entries only, and a watcher
killed (SIGKILL) in the middle of a poll that, restarted, stores every entry exactly once."""

from __future__ import annotations

import http.server
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path

import pytest

from eventwire.extract import Extractor, extractor_version
from eventwire.store import Store
from eventwire.watch import ensure_schema, feed_entries, poll

TOWNS = ["Kismayo", "Baidoa", "Beledweyne", "Garowe", "Bosaso", "Galkayo", "Dhusamareb", "Jowhar", "Marka",
         "Afgooye", "Burao", "Hargeisa"]


def page(n: int) -> str:
    town = TOWNS[n % len(TOWNS)]
    return (f"<html><head><title>Report {n}</title></head><body><article><h1>Report {n}</h1>"
            f"<p>Gunmen attacked a police station in {town} on Tuesday night, killing {n + 2} officers and "
            f"wounding {n + 5} others, a regional official told reporters on Wednesday.</p>"
            f"<p>Residents of {town} said the fighting lasted for about {n + 1} hours before the attackers "
            f"withdrew towards the countryside. Report number {n} of the series.</p></article></body></html>")


class Site:
    """A feed of ``entries`` items (each linking a page) with ETag and Last-Modified; pages can be slow."""

    def __init__(self) -> None:
        self.entries = 3
        self.delay = 0.0
        self.hits: dict[str, int] = {}
        self.not_modified = 0

    def feed(self) -> tuple[bytes, str, str]:
        items = "".join(
            f"<item><title>Report {n}</title><link>{self.base}/a/{n}.html</link><guid>urn:report:{n}</guid>"
            f"<pubDate>{formatdate(1_700_000_000 + n * 3600, usegmt=True)}</pubDate></item>"
            for n in range(self.entries))
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback News</title>'
                f"<link>{self.base}</link>{items}</channel></rss>").encode()
        return body, f'"v{self.entries}"', formatdate(1_700_000_000 + self.entries * 3600, usegmt=True)

    base = ""


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.hits[self.path] = state.hits.get(self.path, 0) + 1
            if self.path == "/feed.xml":
                body, etag, modified = state.feed()
                if self.headers.get("If-None-Match") == etag:
                    state.not_modified += 1
                    self.send_response(304)
                    self.end_headers()
                    return
                self._send(body, "application/rss+xml", {"ETag": etag, "Last-Modified": modified})
            elif self.path.startswith("/a/"):
                time.sleep(state.delay)
                self._send(page(int(self.path[3:].split(".")[0])).encode(), "text/html; charset=utf-8", {})
            else:
                self.send_error(404)

        def _send(self, body: bytes, ctype: str, headers: dict[str, str]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def test_feed_entries_keys_and_dates(site: Site) -> None:
    outlet, entries = feed_entries(site.feed()[0], "x")
    assert outlet == "Loopback News"
    assert [e.key for e in entries] == ["urn:report:0", "urn:report:1", "urn:report:2"]
    assert entries[1].link == f"{site.base}/a/1.html" and entries[1].published is not None


def test_polls_are_conditional_and_fetch_only_new_entries(site: Site, store: Store, extractor: Extractor) -> None:
    feed = f"{site.base}/feed.xml"
    ensure_schema(store)
    first = poll([feed], store, extractor.extract_many, extractor_version())
    assert (first.new, first.stored, first.errors) == (3, 3, 0)
    assert store.count_articles() == 3
    again = poll([feed], store, extractor.extract_many, extractor_version())
    assert (again.unchanged, again.new) == (1, 0) and site.not_modified == 1
    site.entries = 5
    more = poll([feed], store, extractor.extract_many, extractor_version())
    assert (more.unchanged, more.new, more.stored) == (0, 2, 2)
    assert store.count_articles() == 5
    assert all(site.hits[f"/a/{n}.html"] == 1 for n in range(5))  # every page fetched once
    titles = sorted(a.title or "" for a in store.articles())
    assert titles == [f"Report {n}" for n in range(5)]
    assert any(store.extraction(a.id).events for a in store.articles())  # type: ignore[union-attr]


def test_unreachable_page_is_retried_at_the_next_poll(site: Site, store: Store, extractor: Extractor) -> None:
    feed = f"{site.base}/feed.xml"
    ensure_schema(store)
    calls: list[str] = []

    def flaky(url: str):  # type: ignore[no-untyped-def]
        from eventwire import ingest

        calls.append(url)
        if url.endswith("/1.html") and calls.count(url) == 1:
            raise ingest.IngestError(f"{url}: timed out")
        return ingest.fetch(url)

    first = poll([feed], store, extractor.extract_many, extractor_version(), fetcher=flaky)
    assert (first.stored, first.errors) == (2, 1)
    assert [e.id for e in store.errors()] == ["urn:report:1"]
    second = poll([feed], store, extractor.extract_many, extractor_version(), fetcher=flaky)
    assert second.unchanged == 0 and second.new == 1 and second.stored == 1  # validators were not kept
    assert store.count_articles() == 3


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db, timeout=30) as conn:
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.OperationalError:  # tables not created yet
            return []


def test_killed_watcher_resumes_without_loss_or_doubles(site: Site, tmp_path: Path) -> None:
    site.entries = 12
    site.delay = 0.4
    db = tmp_path / "w.sqlite"
    cmd = [sys.executable, "-m", "eventwire.cli", "-q", "watch", f"{site.base}/feed.xml", "--db", str(db),
           "--batch-size", "2", "--interval", "0.5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            n = len(_rows(db, "SELECT id FROM articles"))
            if n >= 2:
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)  # in the middle of the poll: pages are still being fetched
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    before = len(_rows(db, "SELECT id FROM articles"))
    assert 2 <= before < 12
    assert len(_rows(db, "SELECT entry FROM watch_entries")) == before  # state committed with articles
    site.delay = 0.0
    again = subprocess.run([*cmd[:-2], "--once"], capture_output=True, text=True, timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    titles = [str(r[0]) for r in _rows(db, "SELECT title FROM articles ORDER BY title")]
    assert sorted(titles) == sorted(f"Report {n}" for n in range(12))  # each entry exactly once
    entries = _rows(db, "SELECT entry, article_id FROM watch_entries")
    assert len(entries) == 12 and len({a for _, a in entries}) == 12
    assert site.hits["/feed.xml"] >= 2

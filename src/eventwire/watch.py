"""Streams: poll RSS/Atom feeds, extract their new entries and store them, surviving restarts and crashes.

Each poll asks the feed with its last validators (``If-None-Match`` with the ETag, ``If-Modified-Since`` with
the Last-Modified date), so an unchanged feed costs one ``304 Not Modified``. The watcher keeps its state in
the store itself: the entries already seen per feed (``watch_entries``) and each feed's validators
(``watch_feeds``). An entry is marked seen in the same transaction that stores its article, so a watcher
killed at any point and restarted neither loses an entry (not marked, so fetched again) nor doubles one
(marked with its article, or neither). An entry whose page cannot be fetched is stored as an error record
and left unmarked, and the feed's validators are then not kept, so the next poll tries it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import ingest
from .models import Article, ErrorRecord, Extraction
from .store import Store

NAME = "watch.feeds.v1"
log = logging.getLogger(__name__)

Item = Article | ErrorRecord
Result = Extraction | ErrorRecord
ExtractFn = Callable[[list[Item]], Iterable[Result]]

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS watch_feeds (
        feed TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS watch_entries (
        feed TEXT NOT NULL, entry TEXT NOT NULL, article_id TEXT NOT NULL, seen_at TEXT NOT NULL,
        PRIMARY KEY (feed, entry))""",
)
SELECT_FEED = "SELECT etag, last_modified FROM watch_feeds WHERE feed = ?"
SELECT_SEEN = "SELECT entry FROM watch_entries WHERE feed = ?"
UPSERT_FEED = """INSERT INTO watch_feeds (feed, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (feed) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
    checked_at = excluded.checked_at"""
UPSERT_ENTRY = """INSERT INTO watch_entries (feed, entry, article_id, seen_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (feed, entry) DO UPDATE SET article_id = excluded.article_id, seen_at = excluded.seen_at"""


@dataclass(frozen=True)
class FeedResponse:
    status: int  # 200, or 304 when the feed has not changed
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class PollStats:
    feeds: int = 0
    unchanged: int = 0  # answered 304 Not Modified
    entries: int = 0  # entries read in changed feeds
    new: int = 0  # entries not seen before
    stored: int = 0  # articles stored
    errors: int = 0  # entries stored as error records
    failed_feeds: list[str] = field(default_factory=list)


def fetch_feed(url: str, etag: str | None = None, last_modified: str | None = None, *,
               timeout: float = ingest.TIMEOUT_S) -> FeedResponse:
    """GET a feed with conditional headers; raises ``ingest.IngestError`` when it cannot be read."""
    headers = {"User-Agent": ingest.USER_AGENT, "Accept": ingest.ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as response:
            data = response.read(ingest.MAX_BYTES + 1)
            return FeedResponse(200, data[: ingest.MAX_BYTES], response.headers.get("ETag"),
                                response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FeedResponse(304, etag=etag, last_modified=last_modified)
        raise ingest.IngestError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise ingest.IngestError(f"{url}: cannot fetch the feed ({exc})") from exc


@dataclass(frozen=True)
class Entry:
    key: str  # the entry's id, else its link, else its title and date
    link: str | None
    title: str | None
    published: dt.date | None
    content: str  # the entry's own text (content or summary), used when there is no page to fetch


def feed_entries(data: bytes, origin: str) -> tuple[str | None, list[Entry]]:
    """The outlet's name and the entries of an RSS/Atom document, in feed order, duplicates dropped."""
    import feedparser  # imported on use

    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        raise ingest.IngestError(f"{origin}: not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
    outlet = _text(parsed.feed.get("title"))
    found: dict[str, Entry] = {}
    for entry in parsed.entries[: ingest.MAX_FEED_ENTRIES]:
        link, title = _text(entry.get("link")), _text(entry.get("title"))
        published = _date(entry)
        key = _text(entry.get("id")) or link or f"{title}|{published}"
        contents = [c.get("value") for c in entry.get("content") or [] if c.get("value")]
        content = ingest.html_to_text(str(contents[0] if contents else entry.get("summary") or ""))
        found.setdefault(key, Entry(key, link, title, published, content))
    return outlet, list(found.values())


def entry_article(entry: Entry, *, feed: str, outlet: str | None, fetcher: ingest.Fetcher = ingest.fetch
                  ) -> Item:
    """The entry's article: its page fetched (HTML through trafilatura), else its own content."""
    if entry.link and ingest.is_url(entry.link):
        try:
            got = fetcher(entry.link)
        except ingest.IngestError as exc:
            return ErrorRecord(id=entry.key, error=str(exc), source=entry.link)
        kind = ingest.kind_of_response(got)
        if kind == "html":
            return ingest.article_from_html(ingest.decode_html(got.data, got.charset), origin=got.url,
                                            url=got.url, title=entry.title, published=entry.published,
                                            source=outlet)
        if kind == "text":
            return ingest.make_article(ingest.decode_bytes(got.data, got.charset), origin=got.url, url=got.url,
                                       title=entry.title, published=entry.published, source=outlet)
    if not entry.content.strip():
        return ErrorRecord(id=entry.key, error="feed entry has no article page and no content", source=feed)
    return ingest.make_article(entry.content, origin=entry.key, url=entry.link, title=entry.title,
                               published=entry.published, source=outlet)


def ensure_schema(store: Store) -> None:
    store.write([], NAME, also=[(statement, ()) for statement in SCHEMA])


def poll_feed(feed: str, store: Store, extract: ExtractFn, version: str, *, batch_size: int = 16,
              fetcher: ingest.Fetcher = ingest.fetch, stats: PollStats | None = None) -> PollStats:
    """One poll of one feed: new entries extracted and stored, ``batch_size`` entries per transaction, each
    transaction also marking its entries seen; the feed's validators go with the last one."""
    stats = stats if stats is not None else PollStats()
    stats.feeds += 1
    state = store.query(SELECT_FEED, [feed])
    etag, last_modified = (state[0][0], state[0][1]) if state else (None, None)
    response = fetch_feed(feed, etag, last_modified)
    now = _now()
    if response.status == 304:
        stats.unchanged += 1
        return stats
    outlet, entries = feed_entries(response.data, feed)
    seen = {row[0] for row in store.query(SELECT_SEEN, [feed])}
    new = [e for e in entries if e.key not in seen]
    stats.entries += len(entries)
    stats.new += len(new)
    complete = True
    for start in range(0, max(len(new), 1), batch_size):
        chunk = new[start : start + batch_size]
        items = [entry_article(e, feed=feed, outlet=outlet, fetcher=fetcher) for e in chunk]
        results = list(extract(items))
        also: list[tuple[str, Sequence[Any]]] = []
        for entry, item, result in zip(chunk, items, results, strict=True):
            if isinstance(item, ErrorRecord) and not isinstance(result, Extraction):
                complete = False  # not fetched: left unmarked, tried again at the next poll
                continue
            article_id = result.article.id if isinstance(result, Extraction) else result.id
            also.append((UPSERT_ENTRY, (feed, entry.key, article_id, now)))
        stats.stored += sum(isinstance(r, Extraction) for r in results)
        stats.errors += sum(isinstance(r, ErrorRecord) for r in results)
        if start + batch_size >= len(new) and complete:
            also.append((UPSERT_FEED, (feed, response.etag, response.last_modified, now)))
        store.write(results, version, batch_size=len(results) + 1, also=also)
    return stats


def poll(feeds: Sequence[str], store: Store, extract: ExtractFn, version: str, *, batch_size: int = 16,
         fetcher: ingest.Fetcher = ingest.fetch) -> PollStats:
    """One poll of every feed; a feed that cannot be read is logged and counted, the others go on."""
    stats = PollStats()
    for feed in feeds:
        try:
            poll_feed(feed, store, extract, version, batch_size=batch_size, fetcher=fetcher, stats=stats)
        except ingest.IngestError as exc:
            log.error("%s", exc)
            stats.failed_feeds.append(feed)
    return stats


def watch(feeds: Sequence[str], store: Store, extract: ExtractFn, version: str, *, interval: float = 300.0,
          once: bool = False, batch_size: int = 16, stop: threading.Event | None = None) -> Iterator[PollStats]:
    """Poll the feeds every ``interval`` seconds (once with ``once``) until ``stop`` is set; yields each
    poll's figures."""
    ensure_schema(store)
    stop = stop or threading.Event()
    while not stop.is_set():
        started = time.monotonic()
        yield poll(feeds, store, extract, version, batch_size=batch_size)
        if once:
            return
        stop.wait(max(0.0, interval - (time.monotonic() - started)))


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None

"""The store: extractions in SQLite (WAL, one writer, a transaction per batch), read back as model objects.

All SQL lives in :class:`SQLiteSQL`; statements are parametrised with ``?`` only, and filters are built as
SQL fragments plus parameters, so a PostgreSQL back end needs another SQL class (``%s`` placeholders, its own
DDL) and a connection factory in :meth:`Store.open`, not a new store. The ``schema_version`` table records
the migrations applied.

Writes are idempotent: an article id already stored is replaced (its events, figures and mentions too),
never duplicated. Articles that failed are kept in ``errors`` so nothing is silently lost.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from eventwire.export import country
from eventwire.models import Article, ErrorRecord, Event, Extraction, Figure, Incident, Mentions

NAME = "store.sqlite.v1"
DEFAULT_HOME = "~/.local/share/eventwire"
DEFAULT_FILE = "eventwire.sqlite"
BATCH_SIZE = 500


class StoreError(Exception):
    """A store that cannot be opened or used; its message is meant for people."""


@dataclass(frozen=True)
class Filters:
    """What to select. ``country`` is ISO2, ISO3 or an English name; ``bbox`` is (min_lon, min_lat, max_lon,
    max_lat); ``actor`` and ``text`` are case-insensitive substrings (``text`` searches the evidence and the
    article). ``event`` (PLOVER) and ``event_type`` (ACLED) select events only; ``kind`` selects figures only.
    Dates select events overlapping the range, figures by their period (else the publication date), and
    articles by publication date."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    event: str | None = None
    event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    article_id: str | None = None
    kind: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass
class WriteStats:
    articles: int = 0
    replaced: int = 0
    events: int = 0
    figures: int = 0
    errors: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        """Articles and errors written per second."""
        return (self.articles + self.errors) / self.seconds if self.seconds > 0 else 0.0


class SQLiteSQL:
    """Every statement the store runs, for SQLite. A PostgreSQL class would mirror these names."""

    MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
        (
            1,
            (
                """CREATE TABLE articles (
                    id TEXT PRIMARY KEY, url TEXT, title TEXT, source TEXT, published TEXT, language TEXT,
                    text TEXT NOT NULL, extracted_at TEXT NOT NULL, extractor_version TEXT NOT NULL,
                    coder TEXT NOT NULL DEFAULT '[]')""",
                "CREATE INDEX articles_published ON articles (published)",
                """CREATE TABLE events (
                    article_id TEXT NOT NULL REFERENCES articles (id), seq INTEGER NOT NULL, id TEXT NOT NULL,
                    date TEXT, end_date TEXT, event TEXT NOT NULL, event_type TEXT, sub_event_type TEXT,
                    country_code TEXT, lat REAL, lon REAL, fatalities INTEGER,
                    actors TEXT NOT NULL, evidence TEXT NOT NULL, json TEXT NOT NULL,
                    PRIMARY KEY (article_id, seq))""",
                "CREATE INDEX events_date ON events (date)",
                "CREATE INDEX events_country ON events (country_code)",
                "CREATE INDEX events_event ON events (event)",
                "CREATE INDEX events_event_type ON events (event_type)",
                """CREATE TABLE figures (
                    article_id TEXT NOT NULL REFERENCES articles (id), seq INTEGER NOT NULL, id TEXT NOT NULL,
                    kind TEXT NOT NULL, best INTEGER, low INTEGER, high INTEGER, population TEXT,
                    place TEXT, geonameid INTEGER, country_code TEXT, lat REAL, lon REAL,
                    period_start TEXT, period_end TEXT, date TEXT, end_date TEXT, claimant TEXT,
                    actors TEXT NOT NULL, evidence TEXT NOT NULL, json TEXT NOT NULL,
                    PRIMARY KEY (article_id, seq))""",
                "CREATE INDEX figures_kind ON figures (kind)",
                "CREATE INDEX figures_date ON figures (date)",
                """CREATE TABLE mentions (
                    article_id TEXT PRIMARY KEY REFERENCES articles (id), json TEXT NOT NULL)""",
                """CREATE TABLE errors (
                    id TEXT PRIMARY KEY, error TEXT NOT NULL, source TEXT, extractor_version TEXT,
                    recorded_at TEXT NOT NULL)""",
            ),
        ),
        (
            2,
            (
                """CREATE TABLE incidents (
                    id TEXT PRIMARY KEY, date TEXT, end_date TEXT, event TEXT NOT NULL, event_type TEXT,
                    country_code TEXT, lat REAL, lon REAL, place TEXT, fatalities INTEGER,
                    reports INTEGER NOT NULL, actors TEXT NOT NULL, evidence TEXT NOT NULL, json TEXT NOT NULL)""",
                "CREATE INDEX incidents_date ON incidents (date)",
                """CREATE TABLE incident_reports (
                    article_id TEXT NOT NULL, event_id TEXT NOT NULL, incident_id TEXT NOT NULL,
                    PRIMARY KEY (article_id, event_id))""",
                "CREATE INDEX incident_reports_incident ON incident_reports (incident_id)",
                """CREATE TABLE incident_figures (
                    incident_id TEXT NOT NULL, kind TEXT NOT NULL, low INTEGER, best INTEGER, high INTEGER,
                    conservative INTEGER, conflicting INTEGER NOT NULL, claims INTEGER NOT NULL,
                    PRIMARY KEY (incident_id, kind))""",
            ),
        ),
    )

    begin = "BEGIN IMMEDIATE"  # takes the write lock at once: one writer at a time
    lock_article: str | None = None  # PostgreSQL: a per-article lock so that concurrent writers take turns
    commit = "COMMIT"
    rollback = "ROLLBACK"
    create_version = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"
    get_version = "SELECT MAX(version) FROM schema_version"
    set_version = "INSERT INTO schema_version (version) VALUES (?)"

    article_exists = "SELECT 1 FROM articles WHERE id = ?"
    delete_children = (
        "DELETE FROM events WHERE article_id = ?",
        "DELETE FROM figures WHERE article_id = ?",
        "DELETE FROM mentions WHERE article_id = ?",
    )
    upsert_article = """INSERT INTO articles
        (id, url, title, source, published, language, text, extracted_at, extractor_version, coder)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = excluded.title, source = excluded.source,
        published = excluded.published, language = excluded.language, text = excluded.text,
        extracted_at = excluded.extracted_at, extractor_version = excluded.extractor_version,
        coder = excluded.coder"""
    event_columns = (
        "article_id, seq, id, date, end_date, event, event_type, sub_event_type, country_code, lat, lon, "
        "fatalities, actors, evidence, json"
    )
    insert_event = f"INSERT INTO events ({event_columns}) VALUES ({', '.join(['?'] * 15)})"
    figure_columns = (
        "article_id, seq, id, kind, best, low, high, population, place, geonameid, country_code, lat, lon, "
        "period_start, period_end, date, end_date, claimant, actors, evidence, json"
    )
    insert_figure = f"INSERT INTO figures ({figure_columns}) VALUES ({', '.join(['?'] * 21)})"
    insert_mentions = "INSERT INTO mentions (article_id, json) VALUES (?, ?)"
    clear_error = "DELETE FROM errors WHERE id = ?"
    upsert_error = """INSERT INTO errors (id, error, source, extractor_version, recorded_at)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET error = excluded.error, source = excluded.source,
        extractor_version = excluded.extractor_version, recorded_at = excluded.recorded_at"""

    article_columns = "a.id, a.url, a.title, a.source, a.published, a.language, a.text"
    select_events = "SELECT e.json FROM events e"
    select_event_rows = "SELECT e.json, e.article_id FROM events e"
    select_figures = "SELECT f.json, f.article_id FROM figures f"
    select_articles = f"SELECT {article_columns} FROM articles a"
    select_article_meta = "SELECT extractor_version, coder FROM articles WHERE id = ?"
    select_versions = "SELECT id, extractor_version FROM articles WHERE id IN ({marks})"
    # integrity (Store.check)
    quick_check = "PRAGMA quick_check"
    foreign_key_check = "PRAGMA foreign_key_check"
    articles_without_mentions = (
        "SELECT a.id FROM articles a LEFT JOIN mentions m ON m.article_id = a.id WHERE m.article_id IS NULL")
    orphans = (
        ("events", "SELECT DISTINCT e.article_id FROM events e LEFT JOIN articles a ON a.id = e.article_id "
                   "WHERE a.id IS NULL"),
        ("figures", "SELECT DISTINCT f.article_id FROM figures f LEFT JOIN articles a ON a.id = f.article_id "
                    "WHERE a.id IS NULL"),
    )
    stored_and_failed = "SELECT e.id FROM errors e JOIN articles a ON a.id = e.id"
    seq_gaps = (
        ("events", "SELECT article_id FROM events GROUP BY article_id HAVING MAX(seq) + 1 != COUNT(*)"),
        ("figures", "SELECT article_id FROM figures GROUP BY article_id HAVING MAX(seq) + 1 != COUNT(*)"),
    )
    all_event_json = "SELECT article_id, id, json FROM events"
    all_figure_json = "SELECT article_id, id, json FROM figures"
    all_mention_json = "SELECT article_id, json FROM mentions"
    empty_articles = "SELECT id FROM articles WHERE text = '' OR extractor_version = ''"
    select_mentions = "SELECT json FROM mentions WHERE article_id = ?"
    select_errors = "SELECT id, error, source FROM errors ORDER BY recorded_at, id"
    order_events = " ORDER BY e.date IS NULL, e.date, e.article_id, e.seq"
    order_figures = " ORDER BY f.date IS NULL, f.date, f.article_id, f.seq"
    order_articles = " ORDER BY a.published IS NULL, a.published, a.id"
    count = "SELECT COUNT(*) FROM {table}"
    like_escape = " ESCAPE '\\'"

    @staticmethod
    def prepare(statement: str) -> str:
        """The statement in this back end's parameter style (SQLite takes ``?`` as written)."""
        return statement

    @staticmethod
    def limit(limit: int | None, offset: int) -> tuple[str, list[Any]]:
        if limit is None and not offset:
            return "", []
        return " LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset]

    group_count = "SELECT {column}, COUNT(*) FROM {table} GROUP BY {column} ORDER BY COUNT(*) DESC, {column}"
    date_range = "SELECT MIN(date), MAX(COALESCE(end_date, date)) FROM events"

    # incidents (fusion)
    select_links = "SELECT article_id, event_id, incident_id FROM incident_reports"
    clear_incidents = ("DELETE FROM incident_reports", "DELETE FROM incident_figures", "DELETE FROM incidents")
    delete_link = "DELETE FROM incident_reports WHERE article_id = ? AND event_id = ?"
    upsert_link = """INSERT INTO incident_reports (article_id, event_id, incident_id) VALUES (?, ?, ?)
        ON CONFLICT (article_id, event_id) DO UPDATE SET incident_id = excluded.incident_id"""
    delete_incident = ("DELETE FROM incident_figures WHERE incident_id = ?", "DELETE FROM incidents WHERE id = ?")
    insert_incident = f"INSERT INTO incidents VALUES ({', '.join(['?'] * 14)})"
    insert_incident_figure = f"INSERT INTO incident_figures VALUES ({', '.join(['?'] * 8)})"
    select_incidents = "SELECT i.json FROM incidents i"
    order_incidents = " ORDER BY i.date IS NULL, i.date, i.id"
    select_figures_by_id = "SELECT f.json, f.article_id FROM figures f WHERE f.id IN ({marks})"


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def default_path() -> Path:
    home = os.environ.get("EVENTWIRE_HOME") or DEFAULT_HOME
    return Path(home).expanduser() / DEFAULT_FILE


def _sqlite_target(url_or_path: str | Path | None) -> str:
    """The SQLite file (or ``:memory:``) named by a path, a ``sqlite:///`` URL or nothing (the default)."""
    if url_or_path is None or str(url_or_path) == "":
        return str(default_path())
    text = str(url_or_path)
    if text.startswith("sqlite:///"):
        return text[len("sqlite:///") :] or ":memory:"
    if text.startswith("sqlite://"):
        rest = text[len("sqlite://") :]
        return rest or ":memory:"
    if "://" in text:
        scheme = text.split("://", 1)[0]
        if scheme.startswith("postgres"):
            raise StoreError("PostgreSQL stores are not supported yet: use a SQLite path or sqlite:///path")
        raise StoreError(f"unsupported store URL scheme {scheme!r}: use a SQLite path or sqlite:///path")
    return text


class Store:
    """Extractions stored in a database; build with :meth:`Store.open`."""

    def __init__(
        self, connection: sqlite3.Connection, location: str, sql: type[SQLiteSQL] = SQLiteSQL
    ) -> None:
        self._conn = connection
        self._sql = sql
        self._lock = threading.RLock()
        self.location = location
        self._migrate()

    @classmethod
    def open(cls, url_or_path: str | Path | None = None, *, create: bool = True) -> Store:
        """Open the store at a path or ``sqlite:///path`` URL, creating it unless ``create`` is false; the
        default is ``$EVENTWIRE_HOME/eventwire.sqlite`` (``EVENTWIRE_HOME`` defaults to
        ``~/.local/share/eventwire``)."""
        if str(url_or_path or "").lower().startswith(("postgresql://", "postgres://")):
            from eventwire.store_pg import open_postgres

            return open_postgres(str(url_or_path), create=create)
        target = _sqlite_target(url_or_path)
        if target != ":memory:" and not create and not Path(target).expanduser().is_file():
            raise StoreError(f"no store at {target}: run `eventwire ingest` first, or give --db")
        if target != ":memory:":
            try:
                Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {target}: {exc}") from exc
            target = str(Path(target).expanduser())
        try:
            conn = sqlite3.connect(target, timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            return cls(conn, target)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {target}: {exc}") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema ---

    def _migrate(self) -> None:
        with self._lock:
            self._conn.execute(self._sql.create_version)
            current = self._conn.execute(self._sql.get_version).fetchone()[0] or 0
            for version, statements in self._sql.MIGRATIONS:
                if version <= current:
                    continue
                self._conn.execute(self._sql.begin)
                try:
                    for statement in statements:
                        self._conn.execute(statement)
                    self._conn.execute(self._sql.set_version, (version,))
                    self._conn.execute(self._sql.commit)
                except BaseException:
                    self._conn.execute(self._sql.rollback)
                    raise

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._conn.execute(self._sql.get_version).fetchone()[0] or 0)

    # --- writing ---

    def write(
        self,
        extractions: Iterable[Extraction | ErrorRecord],
        extractor_version: str,
        *,
        batch_size: int = BATCH_SIZE,
        also: Sequence[tuple[str, Sequence[Any]]] = (),
    ) -> WriteStats:
        """Store extractions and error records, one transaction per ``batch_size`` items. ``also``: more
        statements (``?`` parameters) committed in the last batch's transaction, e.g. a feed watcher's state."""
        stats = WriteStats()
        started = time.perf_counter()
        batch: list[Extraction | ErrorRecord] = []
        for item in extractions:
            batch.append(item)
            if len(batch) >= batch_size:
                self._write_batch(batch, extractor_version, stats)
                batch = []
        if batch or also:
            self._write_batch(batch, extractor_version, stats, also)
        stats.seconds = time.perf_counter() - started
        return stats

    def _write_batch(
        self, batch: Sequence[Extraction | ErrorRecord], version: str, stats: WriteStats,
        also: Sequence[tuple[str, Sequence[Any]]] = (),
    ) -> None:
        sql = self._sql
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock:
            conn = self._conn
            conn.execute(sql.begin)
            try:
                if sql.lock_article:  # in id order, so that two writers never wait for each other
                    for article_id in sorted({i.article.id for i in batch if isinstance(i, Extraction)}):
                        conn.execute(sql.lock_article, (article_id,))
                for item in batch:
                    if isinstance(item, ErrorRecord):
                        conn.execute(sql.upsert_error, (item.id, item.error, item.source, version, now))
                        stats.errors += 1
                        continue
                    art = item.article
                    if conn.execute(sql.article_exists, (art.id,)).fetchone():
                        stats.replaced += 1
                        for statement in sql.delete_children:
                            conn.execute(statement, (art.id,))
                    conn.execute(sql.upsert_article, (
                        art.id, art.url, art.title, art.source, _iso(art.published), art.language, art.text,
                        now, version, json.dumps(item.coder),
                    ))  # fmt: skip
                    published = _iso(art.published)
                    conn.executemany(
                        sql.insert_event, [_event_params(e, i) for i, e in enumerate(item.events)]
                    )
                    conn.executemany(
                        sql.insert_figure,
                        [_figure_params(art.id, f, i, published) for i, f in enumerate(item.figures)],
                    )
                    conn.execute(sql.insert_mentions, (art.id, item.mentions.model_dump_json()))
                    conn.execute(sql.clear_error, (art.id,))
                    stats.articles += 1
                    stats.events += len(item.events)
                    stats.figures += len(item.figures)
                for statement, params in also:
                    conn.execute(statement, params)
                conn.execute(sql.commit)
            except BaseException:
                conn.execute(sql.rollback)
                raise
        stats.batches += 1

    # --- reading ---

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        """Rows of one read-only statement (``?`` parameters), for modules that keep their own tables."""
        return self._query(statement, params)

    def _query(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._lock:
            return self._conn.execute(self._sql.prepare(statement), params).fetchall()

    def events(self, filters: Filters = Filters()) -> list[Event]:
        where, params = _where(filters, "events", self._sql)
        tail, tail_params = self._sql.limit(filters.limit, filters.offset)
        rows = self._query(
            self._sql.select_events + where + self._sql.order_events + tail, params + tail_params
        )
        return [Event.model_validate_json(row[0]) for row in rows]

    def event_rows(self, filters: Filters = Filters()) -> list[tuple[Event, Article | None]]:
        """Events with their articles, for the exports."""
        events = self.events(filters)
        articles = self.articles_by_id({e.article_id for e in events})
        return [(e, articles.get(e.article_id)) for e in events]

    def figure_rows(self, filters: Filters = Filters()) -> list[tuple[Figure, Article | None]]:
        """Figures with their articles (figures carry no article id of their own)."""
        where, params = _where(filters, "figures", self._sql)
        tail, tail_params = self._sql.limit(filters.limit, filters.offset)
        rows = self._query(
            self._sql.select_figures + where + self._sql.order_figures + tail, params + tail_params
        )
        articles = self.articles_by_id({row[1] for row in rows})
        return [(Figure.model_validate_json(row[0]), articles.get(row[1])) for row in rows]

    def figures(self, filters: Filters = Filters()) -> list[Figure]:
        return [figure for figure, _ in self.figure_rows(filters)]

    def articles(self, filters: Filters = Filters(), *, limit: int | None = None) -> list[Article]:
        """Articles by publication date; ``limit`` overrides the filters' limit."""
        if limit is not None:
            filters = replace(filters, limit=limit)
        where, params = _where(filters, "articles", self._sql)
        tail, tail_params = self._sql.limit(filters.limit, filters.offset)
        rows = self._query(
            self._sql.select_articles + where + self._sql.order_articles + tail, params + tail_params
        )
        return [_article(row) for row in rows]

    def articles_by_id(self, ids: Iterable[str]) -> dict[str, Article]:
        wanted = sorted(set(ids))
        found: dict[str, Article] = {}
        for start in range(0, len(wanted), 500):  # stay under SQLite's limit on parameters
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._query(f"{self._sql.select_articles} WHERE a.id IN ({marks})", chunk):
                found[row[0]] = _article(row)
        return found

    def article(self, article_id: str) -> Article | None:
        return self.articles_by_id([article_id]).get(article_id)

    def extraction(self, article_id: str) -> Extraction | None:
        """The stored extraction of one article, events and figures in their original order."""
        article = self.article(article_id)
        if article is None:
            return None
        events = self._query(self._sql.select_events + " WHERE e.article_id = ? ORDER BY e.seq", [article_id])
        figures = self._query(
            self._sql.select_figures + " WHERE f.article_id = ? ORDER BY f.seq", [article_id]
        )
        mentions = self._query(self._sql.select_mentions, [article_id])
        meta = self._query(self._sql.select_article_meta, [article_id])
        return Extraction(
            article=article,
            events=[Event.model_validate_json(row[0]) for row in events],
            figures=[Figure.model_validate_json(row[0]) for row in figures],
            mentions=Mentions.model_validate_json(mentions[0][0]) if mentions else Mentions(),
            coder=json.loads(meta[0][1]) if meta else [],
        )

    def errors(self) -> list[ErrorRecord]:
        return [ErrorRecord(id=r[0], error=r[1], source=r[2]) for r in self._query(self._sql.select_errors)]

    def _count(self, table: str, alias: str, filters: Filters | None) -> int:
        where, params = _where(filters or Filters(), table, self._sql)
        return int(self._query(self._sql.count.format(table=f"{table} {alias}") + where, params)[0][0])

    def count_events(self, filters: Filters | None = None) -> int:
        return self._count("events", "e", filters)

    def count_figures(self, filters: Filters | None = None) -> int:
        return self._count("figures", "f", filters)

    def count_articles(self, filters: Filters | None = None) -> int:
        return self._count("articles", "a", filters)

    def count_errors(self) -> int:
        return int(self._query(self._sql.count.format(table="errors"))[0][0])

    def extractor_versions(self, ids: Iterable[str]) -> dict[str, str]:
        """The extractor version each of ``ids`` is stored with (ids not stored are absent): what a resumed
        ingest skips."""
        wanted = sorted(set(ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in self._query(self._sql.select_versions.format(marks=marks), chunk):
                found[str(row[0])] = str(row[1])
        return found

    def check(self) -> list[str]:
        """The store's integrity problems, one line each (empty: the store is sound): the database's own
        check, foreign keys, half-written articles (no mentions row, gaps in event or figure numbering),
        rows whose article is missing, records that do not parse back into the data model, and articles
        that are both stored and recorded as failed."""
        sql = self._sql
        problems: list[str] = []
        problems += [f"database: {row[0]}" for row in self._query(sql.quick_check) if row[0] != "ok"]
        problems += [f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}"
                     for row in self._query(sql.foreign_key_check)]
        problems += [f"article {row[0]}: half-written (no mentions row)"
                     for row in self._query(sql.articles_without_mentions)]
        problems += [f"article {row[0]}: no text or no extractor version" for row in self._query(sql.empty_articles)]
        for table, statement in sql.orphans:
            problems += [f"{table} of article {row[0]}: the article is missing" for row in self._query(statement)]
        for table, statement in sql.seq_gaps:
            problems += [f"article {row[0]}: {table} numbering has gaps" for row in self._query(statement)]
        problems += [f"article {row[0]}: both stored and recorded as failed"
                     for row in self._query(sql.stored_and_failed)]
        for statement, model in ((sql.all_event_json, Event), (sql.all_figure_json, Figure)):
            for owner, row_id, text in self._query(statement):
                try:
                    record = model.model_validate_json(text)
                except ValueError as exc:
                    problems.append(f"{model.__name__.lower()} {row_id}: unreadable ({str(exc).splitlines()[0]})")
                    continue
                if record.article_id != owner or record.id != row_id:
                    problems.append(f"{model.__name__.lower()} {row_id}: stored under another article or id")
        for owner, text in self._query(sql.all_mention_json):
            try:
                Mentions.model_validate_json(text)
            except ValueError as exc:
                problems.append(f"mentions of article {owner}: unreadable ({str(exc).splitlines()[0]})")
        return problems

    def stats(self) -> dict[str, Any]:
        """Counts, the events' date range, and the most common types, countries and extractor versions."""
        sql = self._sql

        def grouped(table: str, column: str) -> dict[str, int]:
            rows = self._query(sql.group_count.format(table=table, column=column))
            return {str(key) if key is not None else "": int(n) for key, n in rows}

        first, last = self._query(sql.date_range)[0]
        return {
            "location": self.location,
            "schema_version": self.schema_version,
            "articles": self.count_articles(),
            "events": self.count_events(),
            "figures": self.count_figures(),
            "errors": self.count_errors(),
            "first_date": first,
            "last_date": last,
            "events_by_event": grouped("events", "event"),
            "events_by_event_type": grouped("events", "event_type"),
            "events_by_country": grouped("events", "country_code"),
            "figures_by_kind": grouped("figures", "kind"),
            "extractor_versions": grouped("articles", "extractor_version"),
        }

    # --- incidents (fusion) ---

    def incident_links(self) -> dict[tuple[str, str], str]:
        """(article id, event id) -> incident id, for every linked event."""
        return {(r[0], r[1]): r[2] for r in self._query(self._sql.select_links)}

    def clear_incidents(self) -> None:
        self._transaction([(statement, ()) for statement in self._sql.clear_incidents])

    def write_incidents(
        self, incidents: Sequence[Incident], links: Mapping[tuple[str, str], str],
        unlink: Iterable[tuple[str, str]] = (), delete: Iterable[str] = (),
    ) -> None:
        """Replace the given incidents (and their figures), add event links, drop stale links and incidents."""
        sql = self._sql
        work: list[tuple[str, Sequence[Any]]] = [(sql.delete_link, key) for key in unlink]
        work += [(sql.upsert_link, (a, e, i)) for (a, e), i in links.items()]
        for incident_id in [*delete, *(inc.id for inc in incidents)]:
            work += [(statement, (incident_id,)) for statement in sql.delete_incident]
        for inc in incidents:
            work.append((sql.insert_incident, _incident_params(inc)))
            work += [(sql.insert_incident_figure, (
                inc.id, f.kind, f.low, f.best, f.high, f.conservative, int(f.conflicting), len(f.claims),
            )) for f in inc.figures]  # fmt: skip
        self._transaction(work)

    def _transaction(self, work: Sequence[tuple[str, Sequence[Any]]]) -> None:
        with self._lock:
            self._conn.execute(self._sql.begin)
            try:
                for statement, params in work:
                    self._conn.execute(self._sql.prepare(statement), params)
                self._conn.execute(self._sql.commit)
            except BaseException:
                self._conn.execute(self._sql.rollback)
                raise

    def incidents(self, filters: Filters | None = None) -> list[Incident]:
        """Incidents overlapping the filters' dates, in their country, bbox, type, actor, text, article or
        figure kind."""
        where, params = _incident_where(filters or Filters(), self._sql)
        tail, tail_params = self._sql.limit((filters or Filters()).limit, (filters or Filters()).offset)
        rows = self._query(
            self._sql.select_incidents + where + self._sql.order_incidents + tail, params + tail_params
        )
        return [Incident.model_validate_json(row[0]) for row in rows]

    def count_incidents(self) -> int:
        return int(self._query(self._sql.count.format(table="incidents"))[0][0])

    def figures_by_id(self, ids: Iterable[str]) -> dict[str, tuple[Figure, Article | None]]:
        """Figures by id, with their articles."""
        wanted = sorted(set(ids))
        rows: list[Any] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += self._query(self._sql.select_figures_by_id.format(marks=marks), chunk)
        articles = self.articles_by_id({row[1] for row in rows})
        figures = (Figure.model_validate_json(row[0]) for row in rows)
        return {f.id: (f, articles.get(f.article_id)) for f in figures}


def _incident_params(inc: Incident) -> tuple[Any, ...]:
    place = inc.place
    return (
        inc.id, _iso(inc.date), _iso(inc.end_date or inc.date), inc.event, inc.event_type,
        place.country_code if place else None, place.lat if place else None, place.lon if place else None,
        (place.name or place.text) if place else None, inc.fatalities, len(inc.reports),
        _actor_text(inc.actors), "\n".join(r.evidence or "" for r in inc.reports).lower(), inc.model_dump_json(),
    )  # fmt: skip


def _incident_where(filters: Filters, sql: type[SQLiteSQL]) -> tuple[str, list[Any]]:
    """The WHERE clause of ``filters`` over ``incidents i``."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.date_from:
        clauses.append("COALESCE(i.end_date, i.date) >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append("i.date <= ?")
        params.append(filters.date_to.isoformat())
    if filters.country:
        record = country(filters.country)
        if record is None:
            raise ValueError(f"unknown country: {filters.country!r} (use ISO2, ISO3 or the English name)")
        clauses.append("i.country_code = ?")
        params.append(record["iso"])
    for column, value in (("event", filters.event), ("event_type", filters.event_type)):
        if value:
            clauses.append(f"lower(i.{column}) = ?")
            params.append(value.lower())
    if filters.actor:
        clauses.append("i.actors LIKE ?" + sql.like_escape)
        params.append(_like(filters.actor))
    if filters.text:
        clauses.append("i.evidence LIKE ?" + sql.like_escape)
        params.append(_like(filters.text))
    if filters.article_id:
        clauses.append("i.id IN (SELECT r.incident_id FROM incident_reports r WHERE r.article_id = ?)")
        params.append(filters.article_id)
    if filters.kind:
        clauses.append("i.id IN (SELECT g.incident_id FROM incident_figures g WHERE lower(g.kind) = ?)")
        params.append(filters.kind.lower())
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = filters.bbox
        clauses.append("i.lat BETWEEN ? AND ? AND i.lon BETWEEN ? AND ?")
        params.extend([min_lat, max_lat, min_lon, max_lon])
    return _join(clauses, params)


# --- rows and filters -----------------------------------------------------------------------------


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0], url=row[1], title=row[2], source=row[3],
        published=dt.date.fromisoformat(row[4]) if row[4] else None, language=row[5] or "en", text=row[6],
    )  # fmt: skip


def _actor_text(*groups: Iterable[Any]) -> str:
    names: list[str] = []
    for group in groups:
        for actor in group:
            names.extend([actor.name, actor.text, *actor.aliases])
    return "\n".join(n.lower() for n in names if n)


def _event_params(event: Event, seq: int) -> tuple[Any, ...]:
    loc = event.event_loc
    return (
        event.article_id, seq, event.id, _iso(event.date), _iso(event.end_date or event.date), event.event,
        event.event_type, event.sub_event_type, loc.country_code if loc else None, loc.lat if loc else None,
        loc.lon if loc else None, event.fatalities, _actor_text(event.actor, event.recipient),
        "\n".join(s.text for s in event.evidence).lower(), event.model_dump_json(),
    )  # fmt: skip


def _figure_params(article_id: str, figure: Figure, seq: int, published: str | None) -> tuple[Any, ...]:
    place, period = figure.place, figure.period
    start = _iso(period.start) if period else None
    end = _iso(period.end) if period else None
    date = start or end or published
    actors = [figure.population_actor] if figure.population_actor else []
    claimant = figure.claimant
    return (
        article_id, seq, figure.id, figure.kind, figure.best, figure.low, figure.high, figure.population,
        (place.name or place.text) if place else None, place.geonameid if place else None,
        place.country_code if place else None, place.lat if place else None, place.lon if place else None,
        start, end, date, end or date, claimant.name if claimant else None,
        "\n".join(filter(None, [_actor_text(actors), (claimant.name.lower() if claimant else "")])),
        "\n".join(s.text for s in figure.evidence).lower(), figure.model_dump_json(),
    )  # fmt: skip


def _where(filters: Filters, table: str, sql: type[SQLiteSQL]) -> tuple[str, list[Any]]:
    """The WHERE clause (``?`` parameters) of ``filters`` over ``events``, ``figures`` or ``articles``."""
    alias = {"events": "e", "figures": "f", "articles": "a"}[table]
    clauses: list[str] = []
    params: list[Any] = []
    id_column = "a.id" if table == "articles" else f"{alias}.article_id"
    if filters.article_id:
        clauses.append(f"{id_column} = ?")
        params.append(filters.article_id)
    if table == "articles":
        if filters.date_from:
            clauses.append("a.published >= ?")
            params.append(filters.date_from.isoformat())
        if filters.date_to:
            clauses.append("a.published <= ?")
            params.append(filters.date_to.isoformat())
        if filters.text:
            clauses.append("lower(a.text) LIKE ?" + sql.like_escape)
            params.append(_like(filters.text))
        return _join(clauses, params)
    if filters.date_from:
        clauses.append(f"COALESCE({alias}.end_date, {alias}.date) >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        clauses.append(f"{alias}.date <= ?")
        params.append(filters.date_to.isoformat())
    if filters.country:
        record = country(filters.country)
        if record is None:
            raise ValueError(f"unknown country: {filters.country!r} (use ISO2, ISO3 or the English name)")
        clauses.append(f"{alias}.country_code = ?")
        params.append(record["iso"])
    if table == "events":
        if filters.event:
            clauses.append("lower(e.event) = ?")
            params.append(filters.event.lower())
        if filters.event_type:
            clauses.append("lower(e.event_type) = ?")
            params.append(filters.event_type.lower())
    elif filters.kind:
        clauses.append("lower(f.kind) = ?")
        params.append(filters.kind.lower())
    if filters.actor:
        clauses.append(f"{alias}.actors LIKE ?" + sql.like_escape)
        params.append(_like(filters.actor))
    if filters.text:
        clauses.append(
            f"({alias}.evidence LIKE ?{sql.like_escape} OR {alias}.article_id IN "
            f"(SELECT a.id FROM articles a WHERE lower(a.text) LIKE ?{sql.like_escape}))"
        )
        params.extend([_like(filters.text)] * 2)
    if filters.bbox:
        min_lon, min_lat, max_lon, max_lat = filters.bbox
        clauses.append(f"{alias}.lat BETWEEN ? AND ? AND {alias}.lon BETWEEN ? AND ?")
        params.extend([min_lat, max_lat, min_lon, max_lon])
    return _join(clauses, params)


def _join(clauses: list[str], params: list[Any]) -> tuple[str, list[Any]]:
    return (" WHERE " + " AND ".join(clauses), params) if clauses else ("", params)

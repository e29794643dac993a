"""Store tests on a temporary SQLite file (the ``store`` fixture can be parametrised for PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

import fixtures
from eventwire.models import ErrorRecord, Extraction
from eventwire.store import Filters, SQLiteSQL, Store, StoreError, default_path

LATEST = max(version for version, _ in SQLiteSQL.MIGRATIONS)


def test_open_paths_urls_and_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / "eventwire.sqlite"
    with Store.open(None) as store:
        assert store.location == str(tmp_path / "home" / "eventwire.sqlite")
        assert store.schema_version == LATEST
    assert (tmp_path / "home" / "eventwire.sqlite").exists()
    with Store.open(tmp_path / "nested" / "x.sqlite") as store:
        assert store.count_articles() == 0
    with Store.open(f"sqlite:///{tmp_path / 'y.sqlite'}") as store:
        assert store.location == str(tmp_path / "y.sqlite")
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    with Store.open(":memory:") as store:
        assert store.count_events() == 0


@pytest.mark.parametrize("url", ["mysql://db/x", "mongodb://db/x"])
def test_other_schemes_are_rejected_clearly(url: str) -> None:
    with pytest.raises(StoreError, match="SQLite path"):
        Store.open(url)


def test_unreachable_postgresql_is_one_clear_error() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match=r"cannot open the store postgresql://u:\*\*\*@127.0.0.1:9/x"):
        Store.open("postgresql://u:secret@127.0.0.1:9/x?connect_timeout=2")


def test_reopening_keeps_data_and_schema(store_url: str) -> None:
    with Store.open(store_url) as store:
        store.write(fixtures.sample_extractions(), "x.v1")
    with Store.open(store_url) as store:
        assert store.schema_version == LATEST
        assert store.count_articles() == 3
        versions = store._conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert versions == LATEST  # one row per migration, none applied twice


def test_write_counts_and_round_trip(store: Store) -> None:
    samples = fixtures.sample_extractions()
    stats = store.write([*samples, fixtures.sample_error()], "test-extractor.v1")
    assert (stats.articles, stats.events, stats.figures, stats.errors, stats.replaced) == (3, 3, 2, 1, 0)
    assert stats.batches == 1
    for original in samples:
        assert store.extraction(original.article.id) == original
    assert store.extraction("nope") is None
    assert store.article("sd-2024-001") == samples[1].article
    assert store.errors() == [fixtures.sample_error()]


def test_write_is_idempotent_and_replaces(store: Store) -> None:
    samples = fixtures.sample_extractions()
    store.write(samples, "v1")
    stats = store.write(samples, "v1")
    assert stats.replaced == 3
    assert (store.count_articles(), store.count_events(), store.count_figures()) == (3, 3, 2)
    # the same text under a new extractor version: its events and figures are replaced, not added to
    first = samples[0]
    newer = Extraction(article=first.article, events=[], figures=first.figures[:1], coder=["extract.v2"])
    store.write([newer], "v2")
    assert store.count_events(Filters(article_id=first.article.id)) == 0
    assert store.count_figures(Filters(article_id=first.article.id)) == 1
    assert store.extraction(first.article.id) == newer
    assert store.stats()["extractor_versions"] == {"v1": 2, "v2": 1}


def test_error_cleared_when_the_article_later_succeeds(store: Store) -> None:
    sample = fixtures.fasher()
    store.write([ErrorRecord(id=sample.article.id, error="timed out")], "v1")
    store.write([ErrorRecord(id=sample.article.id, error="timed out again")], "v1")
    assert [e.error for e in store.errors()] == ["timed out again"]
    store.write([sample], "v1")
    assert store.count_errors() == 0


def test_failed_batch_is_rolled_back(store: Store) -> None:
    good = fixtures.fasher()
    # an event that points at an article that is not there breaks the foreign key
    ghost = fixtures.march()
    ghost.events[0].article_id = "no-such-article"
    with pytest.raises(sqlite3.IntegrityError):
        store.write([good, ghost], "v1")
    assert store.count_articles() == 0  # the whole batch was rolled back
    stats = store.write([good], "v1")  # the store is still usable
    assert stats.articles == 1 and store.count_articles() == 1


def test_filters_dates_country_types(filled_store: Store) -> None:
    s = filled_store
    assert [e.event for e in s.events()] == ["PROTEST", "ASSAULT", "FIGHT"]  # by date
    assert [e.event for e in s.events(Filters(date_from=dt.date(2023, 1, 1)))] == ["ASSAULT", "FIGHT"]
    assert [e.event for e in s.events(Filters(date_to=dt.date(2023, 8, 13)))] == ["PROTEST", "ASSAULT"]
    for name in ("SD", "SDN", "Sudan", "sudan"):
        assert [e.event for e in s.events(Filters(country=name))] == ["FIGHT"]
    with pytest.raises(ValueError, match="unknown country"):
        s.events(Filters(country="Atlantis"))
    assert [e.event for e in s.events(Filters(event="assault"))] == ["ASSAULT"]
    assert [e.event for e in s.events(Filters(event_type="Battles"))] == ["FIGHT"]
    assert s.count_events(Filters(event_type="Riots")) == 0


def test_filters_actor_text_bbox_paging(filled_store: Store) -> None:
    s = filled_store
    assert [e.event for e in s.events(Filters(actor="rapid support"))] == ["FIGHT"]
    assert [e.event for e in s.events(Filters(actor="army units"))] == ["FIGHT"]  # surface text too
    assert s.count_events(Filters(actor="100%")) == 0  # LIKE wildcards are escaped
    assert [e.event for e in s.events(Filters(text="fuel depot"))] == ["ASSAULT"]
    # in the article but not in the evidence sentence
    assert [e.event for e in s.events(Filters(text="smoke could be seen"))] == ["FIGHT"]
    syria_box = (35.5, 32.0, 42.5, 37.5)
    assert [e.event for e in s.events(Filters(bbox=syria_box))] == ["ASSAULT"]
    assert [e.event for e in s.events(Filters(limit=1, offset=1))] == ["ASSAULT"]
    assert [e.event for e in s.events(Filters(offset=2))] == ["FIGHT"]
    assert s.count_events(Filters(article_id="co-2022-17")) == 1


def test_figures_and_their_articles(filled_store: Store) -> None:
    s = filled_store
    rows = s.figure_rows()
    assert [(f.kind, a.source if a else None) for f, a in rows] == [
        ("displaced", "Northern Gazette"),  # period starts 7 August
        ("killed", "Northern Gazette"),
    ]
    assert [f.kind for f in s.figures(Filters(kind="killed"))] == ["killed"]
    assert [f.kind for f in s.figures(Filters(actor="united nations"))] == ["displaced"]
    assert [f.kind for f in s.figures(Filters(date_from=dt.date(2023, 8, 14)))] == ["displaced"]
    assert s.count_figures(Filters(country="SYR")) == 2
    assert s.count_figures(Filters(country="SD")) == 0


def test_articles_and_event_rows(filled_store: Store) -> None:
    s = filled_store
    assert [a.id for a in s.articles()] == ["co-2022-17", fixtures.idlib().article.id, "sd-2024-001"]
    assert [a.id for a in s.articles(Filters(date_from=dt.date(2024, 1, 1)))] == ["sd-2024-001"]
    assert [a.id for a in s.articles(Filters(text="TUITION"))] == ["co-2022-17"]
    rows = s.event_rows(Filters(event="FIGHT"))
    assert [(e.id, a.source if a else None) for e, a in rows] == [("sd-2024-001-e0", "Desert Wire")]


def test_stats(filled_store: Store) -> None:
    stats = filled_store.stats()
    assert (stats["articles"], stats["events"], stats["figures"], stats["errors"]) == (3, 3, 2, 1)
    assert (stats["first_date"], stats["last_date"]) == ("2022-05-02", "2024-01-19")
    assert stats["events_by_country"] == {"": 1, "SD": 1, "SY": 1}
    assert stats["figures_by_kind"] == {"displaced": 1, "killed": 1}


def test_parameters_are_never_interpolated(filled_store: Store) -> None:
    hostile = "x'); DROP TABLE events; --"
    assert filled_store.count_events(Filters(actor=hostile, text=hostile, article_id=hostile)) == 0
    assert filled_store.count_events() == 3


def test_bulk_write(store: Store) -> None:
    # Speed is measured by scripts/benchmark_store.py into docs/benchmarks.md, not asserted here.
    stats = store.write(fixtures.bulk_extractions(1000, events_per=10), "bulk.v1")
    assert (stats.articles, stats.events) == (1000, 10_000)
    assert store.count_events(Filters(country="IQ")) == 2500


def test_open_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        Store.open(tmp_path / "absent.sqlite", create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_articles_limit_keyword(filled_store: Store) -> None:
    assert [a.id for a in filled_store.articles(limit=1)] == ["co-2022-17"]

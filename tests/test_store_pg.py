"""The PostgreSQL back end: SQL translation, and several writers at once (threads, then two ingest processes).

The store's own suite (tests/test_store.py) runs on both back ends through the ``store_url`` fixture; these
tests add what only PostgreSQL has. Without ``EVENTWIRE_TEST_PG`` the database tests skip."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import fixtures
from conftest import pg_schema_url
from eventwire.store import SQLiteSQL, Store
from eventwire.store_pg import PostgresSQL, postgres_ddl, public_location, pyformat


def test_pyformat_leaves_literals_alone() -> None:
    assert pyformat("SELECT ? FROM t WHERE a LIKE ? ESCAPE '\\' AND b = '?'") == (
        "SELECT %s FROM t WHERE a LIKE %s ESCAPE '\\' AND b = '?'")
    assert pyformat("SELECT 5 % 2, ?") == "SELECT 5 %% 2, %s"


def test_ddl_widens_types_and_keeps_migration_order() -> None:
    assert postgres_ddl("lat REAL, n INTEGER NOT NULL, reals TEXT") == (
        "lat DOUBLE PRECISION, n BIGINT NOT NULL, reals TEXT")
    assert [v for v, _ in PostgresSQL.MIGRATIONS] == [v for v, _ in SQLiteSQL.MIGRATIONS]
    assert "REAL" not in " ".join(s for _, group in PostgresSQL.MIGRATIONS for s in group).replace("PRECISION", "")
    assert PostgresSQL.limit(None, 5) == (" LIMIT ? OFFSET ?", [None, 5])


def test_location_hides_the_password() -> None:
    assert public_location("postgresql://ann:pw@db:5432/ew") == "postgresql://ann:***@db:5432/ew"
    assert public_location("postgresql://db/ew") == "postgresql://db/ew"


def test_open_without_create_needs_an_existing_store() -> None:
    from eventwire.store import StoreError

    with pg_schema_url() as url:
        with pytest.raises(StoreError, match="no store at"):
            Store.open(url, create=False)
        Store.open(url).close()
        with Store.open(url, create=False) as store:
            assert store.count_articles() == 0


def test_concurrent_writers_store_each_article_once() -> None:
    samples = fixtures.sample_extractions()
    failures: list[BaseException] = []
    with pg_schema_url() as url:
        Store.open(url).close()

        def writer(order: int) -> None:
            try:
                with Store.open(url) as store:
                    for round_ in range(15):
                        batch = samples if (round_ + order) % 2 else samples[::-1]  # opposite orders
                        store.write(batch, f"writer{order}.v1", batch_size=2)
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(exc)

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == []
        with Store.open(url) as store:
            assert store.count_articles() == len(samples)
            assert store.count_events() == sum(len(s.events) for s in samples)
            assert store.count_figures() == sum(len(s.figures) for s in samples)
            for sample in samples:
                assert store.extraction(sample.article.id) == sample


TEXTS = [
    "Soldiers opened fire on demonstrators in the capital on Sunday, killing three people, witnesses said.",
    "A car bomb exploded near a checkpoint in Mogadishu, wounding eleven people, police said.",
    "Floods forced about 2,000 families from their homes in the north, aid workers said.",
    "Militants attacked an army base overnight and seized weapons, the defence ministry said.",
    "Hundreds of people rallied outside parliament on Thursday to protest the new tax law.",
    "Troops arrested 25 suspected rebels during raids in the hills, an army spokesman said.",
]


def test_two_ingest_processes_store_every_article_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"k{i % len(TEXTS)}", "text": t, "published": "2022-06-01"}) + "\n"
                              for i, t in enumerate(TEXTS * 3)), encoding="utf-8")  # repeats: same ids
    with pg_schema_url() as url:
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        cmd = [sys.executable, "-m", "eventwire.cli", "-q", "ingest", str(corpus), "--db", url, "--batch-size", "2"]
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outcomes = [p.communicate(timeout=600) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], [err for _, err in outcomes]
        with Store.open(url) as store:
            stored = store.articles()
            assert sorted(a.text for a in stored) == sorted(TEXTS)  # each text once, none lost
            assert len({a.id for a in stored}) == len(TEXTS)
            assert store.count_errors() == 0
            total = sum(len(e.events) for e in (store.extraction(a.id) for a in stored) if e)
            assert store.count_events() == total

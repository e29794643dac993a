"""Shared fixtures. Heavy resources (spaCy pipeline, actor registry, gazetteer) are built once per session."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

import fixtures
from eventwire.extract import Extractor, Resources
from eventwire.gazetteer import Gazetteer
from eventwire.nlp import build_nlp
from eventwire.store import Store


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="session")
def extractor(resources: Resources) -> Iterator[Extractor]:
    yield Extractor(resources)


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The English pipeline with no actor patterns, for the stages that do not need the registry."""
    return build_nlp()


@pytest.fixture(scope="session")
def gaz(resources: Resources) -> Gazetteer:
    return resources.gazetteer


# --- Store fixtures: a temporary SQLite store; parametrise ``store_url`` to run the same tests on PostgreSQL.


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store URL: SQLite in a temporary folder, and PostgreSQL (a fresh schema in the database at
    ``$EVENTWIRE_TEST_PG``, dropped afterwards) when that variable is set; the PostgreSQL half skips without it."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'eventwire.sqlite'}"
        return
    with pg_schema_url() as url:
        yield url


@contextlib.contextmanager
def pg_schema_url() -> Iterator[str]:
    """A URL of the PostgreSQL test database whose search_path is a new, empty schema (skips if unset)."""
    base = os.environ.get("EVENTWIRE_TEST_PG")
    if not base:
        pytest.skip("EVENTWIRE_TEST_PG (a postgresql:// URL) is not set")
    psycopg = pytest.importorskip("psycopg")
    schema = f"ew_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def filled_store(store: Store) -> Store:
    """A store holding the three sample extractions and one error record."""
    store.write([*fixtures.sample_extractions(), fixtures.sample_error()], "test-extractor.v1")
    return store

"""Shared fixtures. Heavy resources (spaCy pipeline, actor registry, gazetteer) are built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import fixtures
from eventwire.extract import Extractor, Resources
from eventwire.store import Store


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="session")
def extractor(resources: Resources) -> Iterator[Extractor]:
    yield Extractor(resources)


# --- Store fixtures: a temporary SQLite store; parametrise ``store_url`` to run the same tests on PostgreSQL.


@pytest.fixture(params=["sqlite"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'eventwire.sqlite'}"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store.open(store_url) as opened:
        yield opened


@pytest.fixture
def filled_store(store: Store) -> Store:
    """A store holding the three sample extractions and one error record."""
    store.write([*fixtures.sample_extractions(), fixtures.sample_error()], "test-extractor.v1")
    return store

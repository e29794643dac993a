"""Shared fixtures. Heavy resources (spaCy pipeline, actor registry, gazetteer) are built once per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.extract import Extractor, Resources


@pytest.fixture(scope="session")
def resources() -> Resources:
    return Resources.load()


@pytest.fixture(scope="session")
def extractor(resources: Resources) -> Iterator[Extractor]:
    yield Extractor(resources)

"""Response and request bodies of the API. The records themselves are the data model's (``eventwire.models``);
the API adds what a reader of one record needs beside it: the article it came from and its corrections."""

from __future__ import annotations

import datetime as dt
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from eventwire.api.corrections import Correction
from eventwire.models import Article, Event, Figure

NAME = "api.schemas.v1"

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``total`` counts every match, ``items`` holds at most ``limit`` of them."""

    total: int
    limit: int
    offset: int
    items: list[T]


class ArticleMeta(BaseModel):
    """An article without its text."""

    id: str
    url: str | None = None
    title: str | None = None
    source: str | None = None
    published: dt.date | None = None
    language: str = "en"
    chars: int = Field(description="Length of the text")

    @classmethod
    def of(cls, article: Article) -> ArticleMeta:
        return cls(id=article.id, url=article.url, title=article.title, source=article.source,
                   published=article.published, language=article.language, chars=len(article.text))


class EventOut(Event):
    """An event as shown: the stored event with its analysts' corrections applied and listed."""

    corrected: bool = False
    corrections: list[Correction] = Field(default_factory=list)
    article: ArticleMeta | None = None


class FigureOut(Figure):
    """A figure as shown: the stored figure with its analysts' corrections applied and listed."""

    corrected: bool = False
    corrections: list[Correction] = Field(default_factory=list)
    article: ArticleMeta | None = None


class EventDetail(BaseModel):
    """One event with its whole article (text included) and every figure the article reports."""

    event: EventOut
    article: Article
    figures: list[FigureOut]


class ArticleDetail(BaseModel):
    """One article with its text and its events and figures."""

    article: Article
    events: list[EventOut]
    figures: list[FigureOut]


class ArticleIn(BaseModel):
    """An article to ingest; without an id, the id is a hash of the text."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=200)
    text: str = Field(min_length=1)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=500)
    published: dt.date | None = None
    language: str = Field(default="en", max_length=10)


class UrlsIn(BaseModel):
    """Pages or feeds to fetch, extract and store. Only http(s) URLs of public hosts are fetched unless the
    operator allows private addresses (``EVENTWIRE_ALLOW_PRIVATE_URLS``)."""

    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(min_length=1, max_length=20)
    published: dt.date | None = None
    source: str | None = Field(default=None, max_length=500)


class IngestError(BaseModel):
    id: str
    error: str


class IngestResult(BaseModel):
    articles: list[str] = Field(description="Ids of the articles stored")
    events: int
    figures: int
    errors: list[IngestError]
    extractor_version: str


class CountryCount(BaseModel):
    iso2: str
    iso3: str | None = None
    isonumeric: int | None = None
    name: str | None = None
    events: int


class Overview(BaseModel):
    """What the dashboard needs first: counts, date range, types, countries, and the server's settings."""

    articles: int
    events: int
    figures: int
    errors: int
    first_date: str | None
    last_date: str | None
    event_types: dict[str, int]
    events_by_event: dict[str, int]
    countries: list[CountryCount]
    figure_kinds: dict[str, int]
    tile_url: str | None = None
    writes_enabled: bool

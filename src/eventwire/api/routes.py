"""The API's routes: articles, events and figures (read, filtered, paged or exported), article ingest, and
analyst corrections. An ``/api/incidents`` router can be added beside these once fusion exists."""

from __future__ import annotations

import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response, status

from eventwire.api.corrections import Correction, EventPatch
from eventwire.api.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleMeta,
    EventDetail,
    EventOut,
    FigureOut,
    IngestResult,
    Overview,
    Page,
    UrlsIn,
)
from eventwire.api.security import require_read, require_write
from eventwire.api.service import State
from eventwire.api.settings import DEFAULT_PAGE, MAX_PAGE
from eventwire.store import Filters

NAME = "api.routes.v1"

EventFormat = Literal["json", "jsonl", "csv", "geojson", "acled", "plover"]
FigureFormat = Literal["json", "jsonl", "csv", "geojson"]
_MEDIA = {
    "json": ("application/json", "json"), "jsonl": ("application/x-ndjson", "jsonl"),
    "csv": ("text/csv; charset=utf-8", "csv"), "acled": ("text/csv; charset=utf-8", "acled.csv"),
    "geojson": ("application/geo+json", "geojson"), "plover": ("application/x-ndjson", "plover.jsonl"),
}  # fmt: skip
_DOWNLOAD = {
    "description": "With `format`: the rows as a download in that format",
    "content": {media: {} for media, _ in _MEDIA.values()},
}

read = APIRouter(prefix="/api", dependencies=[Depends(require_read)])
write = APIRouter(prefix="/api", dependencies=[Depends(require_write)])


def state(request: Request) -> State:
    found: State = request.app.state.eventwire
    return found


StateDep = Annotated[State, Depends(state)]


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4 or not (-180 <= parts[0] <= parts[2] <= 180 and -90 <= parts[1] <= parts[3] <= 90):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY,
                            "bbox must be min_lon,min_lat,max_lon,max_lat within the globe")
    return (parts[0], parts[1], parts[2], parts[3])


def filters(
    date_from: Annotated[dt.date | None, Query(description="Earliest date (YYYY-MM-DD)")] = None,
    date_to: Annotated[dt.date | None, Query(description="Latest date (YYYY-MM-DD)")] = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
    country: Annotated[str | None, Query(max_length=60, description="ISO2, ISO3 or English name")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="Actor name (substring)")] = None,
    event: Annotated[str | None, Query(max_length=50, description="PLOVER event type")] = None,
    event_type: Annotated[str | None, Query(max_length=100, description="ACLED event type")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="Figure kind (figures only)")] = None,
    text: Annotated[str | None, Query(max_length=500, description="Text in the evidence or article")] = None,
    article_id: Annotated[str | None, Query(max_length=200, description="One article's id")] = None,
    limit: Annotated[int | None, Query(ge=0, le=MAX_PAGE, description="Page size")] = None,
    offset: Annotated[int, Query(ge=0, description="Rows to skip")] = 0,
) -> Filters:
    from eventwire.export import country as lookup

    if country and lookup(country) is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY,
                            f"unknown country {country!r}: use ISO2, ISO3 or the English name")
    return Filters(date_from=date_from, date_to=date_to, bbox=_bbox(bbox), country=country, actor=actor,
                   event=event, event_type=event_type, kind=kind, text=text, article_id=article_id,
                   limit=limit, offset=offset)


FiltersDep = Annotated[Filters, Depends(filters)]


def _paged(f: Filters) -> Filters:
    return f if f.limit is not None else Filters(**{**f.__dict__, "limit": DEFAULT_PAGE})


def _download(kind: str, fmt: str, write_rows: object) -> Response:
    media, suffix = _MEDIA[fmt]
    stream = io.StringIO()
    assert callable(write_rows)
    write_rows(stream)
    stamp = dt.date.today().isoformat()
    return Response(stream.getvalue(), media_type=media, headers={
        "content-disposition": f'attachment; filename="eventwire-{kind}-{stamp}.{suffix}"'})


@read.get("/overview", response_model=Overview, summary="Counts, date range, types and countries")
def overview(s: StateDep) -> Overview:
    return s.overview()


@read.get("/articles", response_model=Page[ArticleMeta], summary="Articles (without text)")
def list_articles(s: StateDep, f: FiltersDep) -> Page[ArticleMeta]:
    f = _paged(f)
    total, items = s.articles(f)
    return Page[ArticleMeta](total=total, limit=f.limit or 0, offset=f.offset, items=items)


@read.get("/articles/{article_id}", response_model=ArticleDetail,
          summary="One article with text, events, figures")
def get_article(article_id: str, s: StateDep) -> ArticleDetail:
    found = s.article_detail(article_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such article")
    return found


@read.get("/events", response_model=Page[EventOut], responses={200: _DOWNLOAD},
          summary="Events, corrected, filtered and paged; or a download with `format`")
def list_events(s: StateDep, f: FiltersDep, format: EventFormat | None = None) -> Page[EventOut] | Response:
    if format is not None:
        from eventwire.export import write_events

        rows = s.export_rows(f)
        return _download("events", format, lambda stream: write_events(rows, format, stream))
    f = _paged(f)
    total, items = s.events(f)
    return Page[EventOut](total=total, limit=f.limit or 0, offset=f.offset, items=items)


@read.get("/events/{event_id}", response_model=EventDetail, summary="One event with its article and figures")
def get_event(event_id: str, s: StateDep) -> EventDetail:
    found = s.event_detail(event_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such event")
    return found


@read.get("/figures", response_model=Page[FigureOut], responses={200: _DOWNLOAD},
          summary="Figures, corrected, filtered and paged; or a download with `format`")
def list_figures(
    s: StateDep, f: FiltersDep, format: FigureFormat | None = None
) -> Page[FigureOut] | Response:
    if format is not None:
        from eventwire.export import write_figures

        rows = s.export_figure_rows(f)
        return _download("figures", format, lambda stream: write_figures(rows, format, stream))
    f = _paged(f)
    total, items = s.figures(f)
    return Page[FigureOut](total=total, limit=f.limit or 0, offset=f.offset, items=items)


@read.get("/corrections", response_model=list[Correction], summary="The latest analyst corrections")
def list_corrections(s: StateDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> list[Correction]:
    return s.corrections.recent(limit)


@write.post("/articles", response_model=IngestResult, status_code=status.HTTP_201_CREATED,
            summary="Ingest one article or a list: extract, then store")
def post_articles(s: StateDep, request: Request,
                  body: Annotated[ArticleIn | list[ArticleIn], Body()]) -> IngestResult:
    items = body if isinstance(body, list) else [body]
    cap = request.app.state.settings.max_articles_per_post
    if not items or len(items) > cap:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, f"send between 1 and {cap} articles")
    return s.ingest(items)


@write.post("/articles/fetch", response_model=IngestResult, status_code=status.HTTP_201_CREATED,
            summary="Fetch pages or feeds by URL (public http(s) hosts only), extract, then store")
def post_urls(s: StateDep, body: UrlsIn) -> IngestResult:
    for url in body.urls:
        if len(url) > 2000 or not url.lower().startswith(("http://", "https://")):
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "only http and https URLs are fetched")
    return s.ingest_urls(body.urls, published=body.published, source=body.source)


@write.patch("/events/{event_id}", response_model=EventDetail,
             summary="Correct an event: type, place, actors, fatalities or its figures")
def patch_event(event_id: str, patch: EventPatch, s: StateDep) -> EventDetail:
    try:
        found = s.correct(event_id, patch)
    except ValueError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(exc)) from exc
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such event")
    return found

"""The server's state and the views it builds: the store, the corrections, and the extractor (built once,
on the first ingest). Routers call these plain functions; nothing here knows about HTTP."""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from eventwire.api.corrections import (
    Correction,
    CorrectionStore,
    EventPatch,
    apply_event,
    apply_figure,
    touches_figure,
)
from eventwire.api.schemas import (
    ArticleDetail,
    ArticleIn,
    ArticleMeta,
    CountryCount,
    EventDetail,
    EventOut,
    FigureOut,
    IngestError,
    IngestResult,
    Overview,
)
from eventwire.api.settings import Settings
from eventwire.extract import Extractor
from eventwire.models import Article, ErrorRecord, Event, Extraction, Figure, article_id, normalise_text
from eventwire.store import Filters, Store

NAME = "api.service.v1"

ExtractorFactory = Callable[[], Extractor]


def default_extractor() -> Extractor:
    from eventwire.extract import Resources

    return Extractor(Resources.load())


class State:
    """What one app holds: the store, its corrections, and a lazily built extractor."""

    def __init__(self, settings: Settings, store: Store, extractor_factory: ExtractorFactory | None = None
                 ) -> None:
        self.settings = settings
        self.store = store
        self.corrections = CorrectionStore(store.location)
        self._factory = extractor_factory or default_extractor
        self._extractor: Extractor | None = None
        self._lock = threading.Lock()

    def extractor(self) -> Extractor:
        with self._lock:
            if self._extractor is None:
                self._extractor = self._factory()
            return self._extractor

    def close(self) -> None:
        self.corrections.close()

    # --- corrected views ---

    def _by_event(self, article_ids: Sequence[str]) -> dict[str, list[Correction]]:
        grouped: dict[str, list[Correction]] = defaultdict(list)
        for correction in self.corrections.for_articles(article_ids):
            grouped[correction.event_id].append(correction)
        return grouped

    def event_views(self, events: Sequence[Event]) -> list[EventOut]:
        ids = sorted({e.article_id for e in events})
        grouped = self._by_event(ids)
        articles = self.store.articles_by_id(ids)
        out: list[EventOut] = []
        for event in events:
            found = grouped.get(event.id, [])
            fixed = apply_event(event, found)
            article = articles.get(event.article_id)
            out.append(EventOut(**fixed.model_dump(), corrected=bool(found), corrections=found,
                                article=ArticleMeta.of(article) if article else None))
        return out

    def figure_views(self, figures: Sequence[Figure]) -> list[FigureOut]:
        ids = sorted({f.article_id for f in figures})
        found = self.corrections.for_articles(ids)
        articles = self.store.articles_by_id(ids)
        out: list[FigureOut] = []
        for figure in figures:
            mine = [c for c in found if c.article_id == figure.article_id and touches_figure(c, figure.id)]
            article = articles.get(figure.article_id)
            out.append(FigureOut(**apply_figure(figure, mine).model_dump(), corrected=bool(mine),
                                 corrections=mine, article=ArticleMeta.of(article) if article else None))
        return out

    # --- reads ---

    def events(self, filters: Filters) -> tuple[int, list[EventOut]]:
        total = self.store.count_events(replace(filters, limit=None, offset=0))
        return total, self.event_views(self.store.events(filters))

    def figures(self, filters: Filters) -> tuple[int, list[FigureOut]]:
        total = self.store.count_figures(replace(filters, limit=None, offset=0))
        return total, self.figure_views(self.store.figures(filters))

    def articles(self, filters: Filters) -> tuple[int, list[ArticleMeta]]:
        total = self.store.count_articles(replace(filters, limit=None, offset=0))
        return total, [ArticleMeta.of(a) for a in self.store.articles(filters)]

    def export_rows(self, filters: Filters) -> list[tuple[Event, Article | None]]:
        """Corrected events with their articles, for the export formats."""
        rows = self.store.event_rows(filters)
        grouped = self._by_event(sorted({e.article_id for e, _ in rows}))
        return [(apply_event(e, grouped.get(e.id, [])), a) for e, a in rows]

    def export_figure_rows(self, filters: Filters) -> list[tuple[Figure, Article | None]]:
        rows = self.store.figure_rows(filters)
        found = self.corrections.for_articles(sorted({f.article_id for f, _ in rows}))
        return [(apply_figure(f, [c for c in found if touches_figure(c, f.id)]), a) for f, a in rows]

    def article_detail(self, article_id: str) -> ArticleDetail | None:
        extraction = self.store.extraction(article_id)
        if extraction is None:
            return None
        return ArticleDetail(article=extraction.article, events=self.event_views(extraction.events),
                             figures=self.figure_views(extraction.figures))

    def event_detail(self, event_id: str) -> EventDetail | None:
        found = self._find(event_id)
        if found is None:
            return None
        extraction, event = found
        return EventDetail(event=self.event_views([event])[0], article=extraction.article,
                           figures=self.figure_views(extraction.figures))

    def _find(self, event_id: str) -> tuple[Extraction, Event] | None:
        owner = self.corrections.event_article(event_id)
        extraction = self.store.extraction(owner) if owner else None
        if extraction is None:
            return None
        for event in extraction.events:
            if event.id == event_id:
                return extraction, event
        return None

    def overview(self) -> Overview:
        from eventwire.export import country

        stats = self.store.stats()
        countries: list[CountryCount] = []
        for code, n in stats["events_by_country"].items():
            record = country(code) if code else None
            if record:
                countries.append(CountryCount(iso2=code, iso3=record["iso3"], isonumeric=record["isonumeric"],
                                              name=record["name"], events=n))
        return Overview(
            articles=stats["articles"], events=stats["events"], figures=stats["figures"],
            errors=stats["errors"],
            first_date=stats["first_date"], last_date=stats["last_date"],
            event_types={k: v for k, v in stats["events_by_event_type"].items() if k},
            events_by_event={k: v for k, v in stats["events_by_event"].items() if k},
            countries=countries, figure_kinds={k: v for k, v in stats["figures_by_kind"].items() if k},
            tile_url=self.settings.tile_url, writes_enabled=bool(self.settings.token),
        )

    # --- writes ---

    def correct(self, event_id: str, patch: EventPatch) -> EventDetail | None:
        """Record a correction (``ValueError`` when it names unknown figures or changes nothing)."""
        found = self._find(event_id)
        if found is None:
            return None
        extraction, event = found
        shown = self.event_views([event])[0]
        current = Event.model_validate(shown.model_dump(exclude={"corrected", "corrections", "article"}))
        figures = [Figure.model_validate(f.model_dump(exclude={"corrected", "corrections", "article"}))
                   for f in self.figure_views(extraction.figures)]
        self.corrections.add(current, figures, patch)
        return self.event_detail(event_id)

    def ingest_urls(self, urls: Sequence[str], *, published: dt.date | None = None,
                    source: str | None = None) -> IngestResult:
        """Fetch pages or feeds (refusing non-public hosts unless ``allow_private_urls``), extract, store."""
        from eventwire.ingest import read_sources

        items = read_sources(list(urls), published=published, source=source,
                             allow_private=self.settings.allow_private_urls)
        return self._extract_and_store(list(items))

    def ingest(self, items: Sequence[ArticleIn]) -> IngestResult:
        articles: list[Article | ErrorRecord] = []
        for item in items:
            text = normalise_text(item.text)
            articles.append(Article(id=item.id or article_id(text), url=item.url, title=item.title,
                                    source=item.source, published=item.published, language=item.language,
                                    text=text))
        return self._extract_and_store(articles)

    def _extract_and_store(self, articles: Sequence[Article | ErrorRecord]) -> IngestResult:
        from eventwire.extract import extractor_version

        if any(isinstance(item, Article) for item in articles):
            results = list(self.extractor().extract_many(articles))
        else:  # nothing to extract: the pipeline is not even built
            results = [item for item in articles if isinstance(item, ErrorRecord)]
        version = extractor_version()
        self.store.write(results, version)
        done = [r for r in results if isinstance(r, Extraction)]
        return IngestResult(
            articles=[r.article.id for r in done], events=sum(len(r.events) for r in done),
            figures=sum(len(r.figures) for r in done),
            errors=[IngestError(id=r.id, error=r.error) for r in results if isinstance(r, ErrorRecord)],
            extractor_version=version,
        )

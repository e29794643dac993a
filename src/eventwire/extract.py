"""Extraction: an Article in, an Extraction (events, figures, mentions) out.

:class:`Resources` holds the heavy parts (spaCy pipeline, actor registry, gazetteer), built once by
:meth:`Resources.load` and passed in; :class:`Extractor` runs the stages over one article or a stream of them.
The spaCy ``Doc`` lives only inside this module's calls.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from . import actors as actors_mod
from . import attribution, dates, events, figures, gazetteer, geocode, nlp, numbers, places
from .actors import ActorRegistry
from .context import ArticleContext
from .gazetteer import Gazetteer
from .models import Article, ErrorRecord, Extraction, Mentions

log = logging.getLogger(__name__)

# Texts longer than this are cut before parsing (spaCy's own limit is 1,000,000 characters); the cut is logged.
MAX_CHARS = 200_000


def coder_names() -> list[str]:
    """The versioned names of every stage, recorded on each extraction."""
    return [nlp.NAME, actors_mod.NAME, gazetteer.NAME, places.NAME, geocode.NAME, dates.NAME, numbers.NAME,
            attribution.NAME, figures.NAME, events.NAME]


def extractor_version() -> str:
    return "+".join(coder_names())


@dataclass
class Resources:
    nlp: Language
    registry: ActorRegistry
    gazetteer: Gazetteer

    @classmethod
    def load(cls, actor_files: Sequence[Path] = (), gazetteer_path: Path | None = None) -> Resources:
        registry = ActorRegistry.load(extra=actor_files)
        return cls(nlp=nlp.build_nlp(registry.ruler_patterns()), registry=registry,
                   gazetteer=Gazetteer.open(gazetteer_path))


class Extractor:
    """Runs the pipeline. Build it once; call :meth:`extract` or :meth:`extract_many` as often as needed."""

    def __init__(self, resources: Resources) -> None:
        self.res = resources

    def extract(self, article: Article) -> Extraction:
        if not article.text.strip():
            raise ValueError("empty text")
        return self._from_doc(article, self.res.nlp(self._cut(article)))

    def extract_many(self, items: Iterable[Article | ErrorRecord], batch_size: int = 32
                     ) -> Iterator[Extraction | ErrorRecord]:
        """Extract a stream, in input order; an article that fails becomes an ErrorRecord in its place."""
        it = iter(items)
        while batch := list(islice(it, batch_size)):
            good = [a for a in batch if isinstance(a, Article) and a.text.strip()]
            try:
                docs = iter(self.res.nlp.pipe([self._cut(a) for a in good], batch_size=batch_size))
            except Exception as exc:  # pragma: no cover - spaCy failing on a whole batch
                log.warning("batch failed in the NLP stage (%s); retrying one by one", exc)
                docs = iter([])
                good = []
            for item in batch:
                if isinstance(item, ErrorRecord):
                    yield item
                elif not item.text.strip():
                    yield ErrorRecord(id=item.id, error="empty text", source=item.url)
                else:
                    yield self._safe(item, docs if good else None)

    def _safe(self, article: Article, docs: Iterator[Doc] | None) -> Extraction | ErrorRecord:
        try:
            doc = next(docs) if docs is not None else self.res.nlp(self._cut(article))
            return self._from_doc(article, doc)
        except Exception as exc:
            log.debug("article %s failed", article.id, exc_info=True)
            return ErrorRecord(id=article.id, error=f"{type(exc).__name__}: {exc}", source=article.url)

    @staticmethod
    def _cut(article: Article) -> str:
        if len(article.text) > MAX_CHARS:
            log.warning("article %s: text cut to %d characters", article.id, MAX_CHARS)
            return article.text[:MAX_CHARS]
        return article.text

    def _from_doc(self, article: Article, doc: Doc) -> Extraction:
        anchor = article.published
        found_actors = actors_mod.find_actors(doc, self.res.registry)
        found_places = geocode.resolve_places(
            places.find_toponyms(doc, self.res.gazetteer), self.res.gazetteer, nlp.doc_text(doc))
        ctx = ArticleContext(
            article=article, doc=doc, actors=found_actors, places=found_places,
            times=dates.find_times(doc, anchor), numbers=numbers.find_numbers(doc), anchor=anchor,
            registry=self.res.registry,
        )
        claims = attribution.find_claims(ctx)
        found_figures = figures.find_figures(ctx, claims)
        found_events = events.find_events(ctx, claims, found_figures)
        return Extraction(
            article=article, events=found_events, figures=found_figures,
            mentions=Mentions(places=ctx.places, times=ctx.times, actors=ctx.actors, numbers=ctx.numbers),
            coder=coder_names(),
        )

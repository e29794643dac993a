"""Extraction: an Article in, an Extraction (events, figures, mentions) out.

:class:`Resources` holds the heavy parts (spaCy pipeline, actor registry, gazetteer), built once by
:meth:`Resources.load` and passed in; :class:`Extractor` runs the stages over one article or a stream of them.
The spaCy ``Doc`` lives only inside this module's calls.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import queue
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import TracebackType

from spacy.language import Language
from spacy.tokens import Doc

from . import actors as actors_mod
from . import attribution, dates, events, figures, gazetteer, geocode, homes, nlp, numbers, places
from .actors import ActorRegistry
from .context import ArticleContext
from .gazetteer import Gazetteer
from .models import Article, ErrorRecord, Extraction, Mentions, Place

log = logging.getLogger(__name__)

# Texts longer than this are cut before parsing (spaCy's own limit is 1,000,000 characters); the cut is logged.
# A long news report runs to 30,000 characters; some stages grow faster than linearly with the text.
MAX_CHARS = 100_000
# The stages after spaCy get this long per article; an article that takes longer becomes an error record.
TIME_LIMIT_S = 30.0


class ArticleTimeout(Exception):
    """An article whose extraction ran past the per-article time limit."""


class _Watchdog:
    """One daemon thread that fires every armed :class:`Deadline` when it falls due (a thread per article
    would cost about a millisecond each)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[Deadline, float] = {}
        self._thread: threading.Thread | None = None

    def arm(self, deadline: Deadline, due: float) -> None:
        with self._cond:
            self._armed[deadline] = due
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="eventwire-deadline", daemon=True)
                self._thread.start()
            elif due <= min(self._armed.values()):
                self._cond.notify()

    def disarm(self, deadline: Deadline) -> None:
        with self._cond:
            self._armed.pop(deadline, None)

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for deadline in [d for d, due in self._armed.items() if due <= now]:
                    del self._armed[deadline]
                    deadline.fire()
                nearest = min(self._armed.values(), default=now + 60.0)
                self._cond.wait(max(0.0, nearest - now))


_WATCHDOG = _Watchdog()


def _new_watchdog_after_fork() -> None:
    """A forked child has none of its parent's threads (and maybe a held lock): it starts afresh."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


os.register_at_fork(after_in_child=_new_watchdog_after_fork)


class Deadline:
    """Raises :class:`ArticleTimeout` inside the ``with`` block of the calling thread once ``seconds`` pass.

    The watchdog thread sets an asynchronous exception on the working thread (works in any thread, unlike
    SIGALRM); it is raised at the next Python bytecode, so a long C call finishes first. The lock ensures
    the exception is never raised after the block has been left."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._active = False
        self._fired = False
        self._thread_id = 0

    def __enter__(self) -> Deadline:
        if self.seconds is None or self.seconds <= 0:
            return self
        self._thread_id = threading.get_ident()
        self._active = True
        _WATCHDOG.arm(self, time.monotonic() + self.seconds)
        return self

    def fire(self) -> None:
        with self._lock:
            if self._active:
                self._fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._thread_id), ctypes.py_object(ArticleTimeout))

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self._active:
            return
        _WATCHDOG.disarm(self)
        with self._lock:
            self._active = False
            if self._fired:  # withdraw the exception if it is still pending, then report the timeout
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)
        if self._fired and kind is not ArticleTimeout:
            raise ArticleTimeout(f"extraction took longer than {self.seconds:g} s")


def coder_names() -> list[str]:
    """The versioned names of every stage, recorded on each extraction."""
    return [nlp.NAME, actors_mod.NAME, gazetteer.NAME, places.NAME, homes.NAME, geocode.NAME, dates.NAME,
            numbers.NAME, attribution.NAME, figures.NAME, events.NAME]


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

    def __init__(self, resources: Resources, *, time_limit: float | None = TIME_LIMIT_S) -> None:
        self.res = resources
        self.time_limit = time_limit

    def extract(self, article: Article) -> Extraction:
        """One article; raises ``ValueError`` for empty text and :class:`ArticleTimeout` past the limit."""
        if not article.text.strip():
            raise ValueError("empty text")
        return self._timed(article, self.res.nlp(self._cut(article)))

    def extract_many(self, items: Iterable[Article | ErrorRecord], batch_size: int = 32
                     ) -> Iterator[Extraction | ErrorRecord]:
        """Extract a stream, in input order; an article that fails becomes an ErrorRecord in its place.

        spaCy parses the next batch in a background thread while this one is being extracted: its matrix
        products run without the GIL, so parsing and extraction overlap on a second core. The articles of a
        batch from one source (its outlet, else its URL's host) lend each other their home
        (:mod:`eventwire.homes`): a local paper's "Dublin" is its own."""
        batches: queue.Queue[tuple[list[Article | ErrorRecord], list[Doc | None]] | BaseException | None] = \
            queue.Queue(maxsize=2)
        stop = threading.Event()

        def parse() -> None:
            try:
                it = iter(items)
                while not stop.is_set() and (batch := list(islice(it, batch_size))):
                    batches.put((batch, self._parse(batch, batch_size)))
                batches.put(None)
            except BaseException as exc:  # reading the input failed: hand it to the consumer
                batches.put(exc)

        worker = threading.Thread(target=parse, name="eventwire-parse", daemon=True)
        worker.start()
        try:
            while (got := batches.get()) is not None:
                if isinstance(got, BaseException):
                    raise got
                batch, docs = got
                found = [self._toponyms(doc) if isinstance(item, Article) and doc is not None else None
                         for item, doc in zip(batch, docs, strict=True)]
                for item, doc, toponyms, home in zip(batch, docs, found, self._homes(batch, found), strict=True):
                    if isinstance(item, ErrorRecord):
                        yield item
                    elif doc is None:
                        yield ErrorRecord(id=item.id, error="empty text", source=item.url)
                    else:
                        yield self._safe(item, doc, toponyms, home)
        finally:
            stop.set()
            while worker.is_alive():  # let the parser finish its batch and leave
                with contextlib.suppress(queue.Empty):
                    batches.get(timeout=0.1)

    def _parse(self, batch: list[Article | ErrorRecord], batch_size: int) -> list[Doc | None]:
        """Docs for a batch (None for error records and empty texts); one by one if the batch fails."""
        texts = [self._cut(a) for a in batch if isinstance(a, Article) and a.text.strip()]
        docs: Iterator[Doc | None]
        try:
            docs = iter(list(self.res.nlp.pipe(texts, batch_size=batch_size)))
        except Exception as exc:  # pragma: no cover - spaCy failing on a whole batch
            log.warning("batch failed in the NLP stage (%s); parsing one by one", exc)
            docs = iter([self._parse_one(t) for t in texts])
        return [next(docs) if isinstance(a, Article) and a.text.strip() else None for a in batch]

    def _parse_one(self, text: str) -> Doc | None:
        try:
            return self.res.nlp(text)
        except Exception:  # pragma: no cover - reported by _safe as this article's error
            return None

    def _homes(self, batch: list[Article | ErrorRecord], found: list[list[Place] | None]) -> list[geocode.Home | None]:
        """Each article's home, learnt from the batch; none at all where learning fails (the articles are
        still extracted, each in its own context)."""
        sources = [homes.source_key(a.source, a.url) if isinstance(a, Article) else None for a in batch]
        try:
            return homes.batch_homes(sources, found, self.res.gazetteer)
        except Exception as exc:  # pragma: no cover - a gazetteer failing here fails every article anyway
            log.warning("could not learn the sources' homes for a batch (%s); reading each article alone", exc)
            return [None] * len(batch)

    def _toponyms(self, doc: Doc) -> list[Place] | None:
        """The toponyms of a parsed article, or None where finding them fails (``_safe`` then meets the
        failure again and reports it)."""
        try:
            with Deadline(self.time_limit):
                return places.find_toponyms(doc, self.res.gazetteer)
        except Exception:
            return None

    def _safe(self, article: Article, doc: Doc | None, toponyms: list[Place] | None = None,
              home: geocode.Home | None = None) -> Extraction | ErrorRecord:
        try:
            return self._timed(article, doc if doc is not None else self.res.nlp(self._cut(article)),
                               toponyms, home)
        except ArticleTimeout:
            log.warning("article %s: extraction took longer than %g s; recorded as an error",
                        article.id, self.time_limit)
            return ErrorRecord(id=article.id, source=article.url,
                               error=f"timed out: extraction took longer than {self.time_limit:g} s")
        except Exception as exc:
            log.debug("article %s failed", article.id, exc_info=True)
            return ErrorRecord(id=article.id, error=f"{type(exc).__name__}: {exc}", source=article.url)

    @staticmethod
    def _cut(article: Article) -> str:
        if len(article.text) > MAX_CHARS:
            log.warning("article %s: text cut to %d characters", article.id, MAX_CHARS)
            return article.text[:MAX_CHARS]
        return article.text

    def _timed(self, article: Article, doc: Doc, toponyms: list[Place] | None = None,
               home: geocode.Home | None = None) -> Extraction:
        try:
            with Deadline(self.time_limit):
                return self._from_doc(article, doc, toponyms, home)
        except ArticleTimeout as exc:
            raise ArticleTimeout(f"timed out: extraction took longer than {self.time_limit:g} s") from exc

    def _from_doc(self, article: Article, doc: Doc, toponyms: list[Place] | None = None,
                  home: geocode.Home | None = None) -> Extraction:
        anchor = article.published
        found_actors = actors_mod.find_actors(doc, self.res.registry)
        if toponyms is None:
            toponyms = places.find_toponyms(doc, self.res.gazetteer)
        found_places = geocode.resolve_places(toponyms, self.res.gazetteer, nlp.doc_text(doc), home)
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

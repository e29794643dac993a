"""Extraction on many cores or a cluster: a process pool on one machine, a Dask distributed cluster beyond it.

Both back ends cut the stream into chunks of articles, keep at most ``max_in_flight`` chunks in flight (memory
stays bounded however long the stream), and give the results back in input order, so ``extract --jsonl``
prints the lines of a single-process run and ``ingest`` keeps its one writer. Each worker process builds the
spaCy pipeline, the actor registry and the gazetteer once (:func:`worker_extractor`, a per-process cache keyed
by :class:`ResourceSpec`), the pool through its initializer and Dask on the first chunk a worker runs.

A chunk whose worker fails (a crash, a lost worker, an exception outside the per-article guard) is retried
(Dask: ``retries``) and then reported as one :class:`ErrorRecord` per article in it: nothing is dropped.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .models import Article, ErrorRecord, Extraction

if TYPE_CHECKING:
    from .extract import Extractor

NAME = "parallel.chunks.v1"
# Articles per task, and the nlp.pipe batch inside it. spaCy's output can change with the composition of its
# batch (floating point in batched matrix products), so chunks are cut exactly where a single process cuts its
# batches (``Extractor.extract_many``, the command's ``--batch-size``): then every run gives the same output.
CHUNK_SIZE = 32
MAX_NEW_POOLS = 5  # pools started after workers died, before the run gives up (a crash at start-up, say)
RECYCLE_AFTER = 2000  # chunks a pool worker runs before it is replaced (spaCy's string store only grows)

log = logging.getLogger(__name__)
Item = Article | ErrorRecord
Result = Extraction | ErrorRecord
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


@dataclass(frozen=True)
class ResourceSpec:
    """What a worker needs to build its own Resources: hashable and picklable (paths, not loaded objects)."""

    actor_files: tuple[Path, ...] = ()
    gazetteer_path: Path | None = None


_EXTRACTORS: dict[ResourceSpec, Extractor] = {}


def worker_extractor(spec: ResourceSpec) -> Extractor:
    """The Extractor of this process for ``spec``, built on first use and kept for the process's life."""
    found = _EXTRACTORS.get(spec)
    if found is None:
        from .extract import Extractor, Resources

        found = Extractor(Resources.load(actor_files=spec.actor_files, gazetteer_path=spec.gazetteer_path))
        _EXTRACTORS[spec] = found
    return found


def dump_line(item: Result) -> str:
    """One output line of ``extract --jsonl``: an extraction, or exactly ``{"id", "error"}``."""
    if isinstance(item, ErrorRecord):
        return item.model_dump_json(include={"id", "error"})
    return item.model_dump_json()


def extract_chunk(chunk: Sequence[Item], spec: ResourceSpec, batch_size: int = CHUNK_SIZE) -> list[Result]:
    """Run in a worker: the chunk's extractions (or error records), in order."""
    return list(worker_extractor(spec).extract_many(chunk, batch_size=batch_size))


def extract_chunk_lines(chunk: Sequence[Item], spec: ResourceSpec, batch_size: int = CHUNK_SIZE) -> list[str]:
    """Run in a worker: the chunk as ``extract --jsonl`` lines (serialised where the work is, not in the
    parent, which stays free to read, write and merge)."""
    return [dump_line(r) for r in extract_chunk(chunk, spec, batch_size)]


def _init_worker(spec: ResourceSpec) -> None:
    logging.basicConfig(level=logging.WARNING, format="eventwire: %(message)s")  # as the command's own
    worker_extractor(spec)


def chunked(items: Iterable[R], size: int) -> Iterator[list[R]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def chunk_failed(chunk: Sequence[Item], exc: BaseException) -> list[ErrorRecord]:
    """One error record per article of a chunk whose worker failed."""
    reason = f"worker failed: {type(exc).__name__}: {exc}".strip()
    return [item if isinstance(item, ErrorRecord) else ErrorRecord(id=item.id, error=reason, source=item.url)
            for item in chunk]


class _Pending(Protocol[R_co]):  # concurrent.futures.Future and distributed.Future both fit
    def result(self, timeout: float | None = None) -> R_co: ...


def ordered(chunks: Iterable[list[Item]], submit: Callable[[list[Item]], _Pending[list[R]]],
            on_failure: Callable[[list[Item], BaseException], list[R]], max_in_flight: int, retries: int = 0
            ) -> Iterator[R]:
    """Submit chunks, at most ``max_in_flight`` at a time, and yield their results in submission order; a
    chunk that fails is submitted again ``retries`` times, then given to ``on_failure``."""
    pending: deque[tuple[list[Item], _Pending[list[R]]]] = deque()

    def drain_one() -> Iterator[R]:
        chunk, future = pending.popleft()
        for attempt in range(retries + 1):
            try:
                got = future.result()
                break
            except Exception as exc:  # a lost worker or task: retried, then per-article error records
                if attempt < retries:
                    log.info("a chunk of %d article(s) failed (%s); retrying", len(chunk), exc)
                    future = submit(chunk)
                    continue
                log.warning("a chunk of %d article(s) failed: %s", len(chunk), exc)
                got = on_failure(chunk, exc)
        yield from got

    for chunk in chunks:
        if len(pending) >= max_in_flight:
            yield from drain_one()
        pending.append((chunk, submit(chunk)))
    while pending:
        yield from drain_one()


# --- one machine: a process pool ----------------------------------------------------------------------------


def _pool(workers: int, spec: ResourceSpec, recycle_after: int | None) -> ProcessPoolExecutor:
    # spawn: workers start clean (no copy of the parent's threads or locks) and load their own pipeline
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker, initargs=(spec,), max_tasks_per_child=recycle_after)


def _pool_map(fn: Callable[[Sequence[Item], ResourceSpec, int], list[R]],
              on_failure: Callable[[list[Item], BaseException], list[R]], items: Iterable[Item], *,
              workers: int, spec: ResourceSpec, chunk_size: int, max_in_flight: int | None,
              recycle_after: int | None) -> Iterator[R]:
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    pools = [_pool(workers, spec, recycle_after)]

    def submit(chunk: list[Item]) -> Future[list[R]]:
        try:
            return pools[-1].submit(fn, chunk, spec, chunk_size)
        except BrokenProcessPool:  # a worker died (killed, out of memory): a new pool for what is left
            if len(pools) > MAX_NEW_POOLS:
                raise RuntimeError(f"worker processes died {len(pools)} times; giving up") from None
            log.warning("a worker process died; starting a new pool")
            pools[-1].shutdown(wait=False, cancel_futures=True)
            pools.append(_pool(workers, spec, recycle_after))
            return pools[-1].submit(fn, chunk, spec, chunk_size)

    try:
        yield from ordered(chunked(items, chunk_size), submit, on_failure, max_in_flight or 2 * workers,
                           retries=1)
    finally:
        pools[-1].shutdown(wait=True, cancel_futures=True)


def pool_extract(items: Iterable[Item], *, workers: int, spec: ResourceSpec = ResourceSpec(),
                 chunk_size: int = CHUNK_SIZE, max_in_flight: int | None = None,
                 recycle_after: int | None = RECYCLE_AFTER) -> Iterator[Result]:
    """Extractions (or error records) of ``items`` from ``workers`` processes, in input order."""
    return _pool_map(extract_chunk, _failed_results, items, workers=workers, spec=spec, chunk_size=chunk_size,
                     max_in_flight=max_in_flight, recycle_after=recycle_after)


def pool_extract_lines(items: Iterable[Item], *, workers: int, spec: ResourceSpec = ResourceSpec(),
                       chunk_size: int = CHUNK_SIZE, max_in_flight: int | None = None,
                       recycle_after: int | None = RECYCLE_AFTER) -> Iterator[str]:
    """``extract --jsonl`` lines of ``items`` from ``workers`` processes, in input order."""
    return _pool_map(extract_chunk_lines, _failed_lines, items, workers=workers, spec=spec,
                     chunk_size=chunk_size, max_in_flight=max_in_flight, recycle_after=recycle_after)


def _failed_results(chunk: list[Item], exc: BaseException) -> list[Result]:
    return list(chunk_failed(chunk, exc))


def _failed_lines(chunk: list[Item], exc: BaseException) -> list[str]:
    return [dump_line(r) for r in chunk_failed(chunk, exc)]


# --- a cluster: Dask distributed ----------------------------------------------------------------------------


@contextmanager
def dask_client(address: str, workers: int = 2) -> Iterator[Any]:
    """A ``distributed.Client`` on the scheduler at ``address``, or on a new LocalCluster of ``workers``
    single-threaded processes when ``address`` is ``local`` (no dashboard); closed (cluster too) on exit."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the optional extra is missing
        raise RuntimeError("--dask needs the optional extra: pip install 'eventwire[scale]'") from exc
    if address != "local":
        with Client(address) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    # no statistical profiler in the workers: it samples the running stack every 10 ms, and on the 200 first
    # FA-KES articles it cost 9 s of a 28 s run (measured 2026-12-02); without it, output is byte-identical
    with dask.config.set({"distributed.worker.profile.enabled": False}), \
            LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,  # type: ignore[no-untyped-call]
                         dashboard_address=None) as cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def dask_extract(items: Iterable[Item], *, client: Any, spec: ResourceSpec = ResourceSpec(),
                 chunk_size: int = CHUNK_SIZE, max_in_flight: int | None = None, retries: int = 2
                 ) -> Iterator[Result]:
    """Extractions (or error records) of ``items`` computed on a Dask cluster, in input order. Each chunk
    (a partition) is one task, retried ``retries`` times on another worker if its worker dies or it raises."""
    return _dask_map(extract_chunk, _failed_results, items, client=client, spec=spec, chunk_size=chunk_size,
                     max_in_flight=max_in_flight, retries=retries)


def dask_extract_lines(items: Iterable[Item], *, client: Any, spec: ResourceSpec = ResourceSpec(),
                       chunk_size: int = CHUNK_SIZE, max_in_flight: int | None = None, retries: int = 2
                       ) -> Iterator[str]:
    """``extract --jsonl`` lines of ``items`` computed on a Dask cluster, in input order."""
    return _dask_map(extract_chunk_lines, _failed_lines, items, client=client, spec=spec,
                     chunk_size=chunk_size, max_in_flight=max_in_flight, retries=retries)


def _dask_map(fn: Callable[[Sequence[Item], ResourceSpec, int], list[R]],
              on_failure: Callable[[list[Item], BaseException], list[R]], items: Iterable[Item], *,
              client: Any, spec: ResourceSpec, chunk_size: int, max_in_flight: int | None, retries: int
              ) -> Iterator[R]:
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))

    def submit(chunk: list[Item]) -> _Pending[list[R]]:
        future: _Pending[list[R]] = client.submit(fn, chunk, spec, chunk_size, retries=retries, pure=False)
        return future

    yield from ordered(chunked(items, chunk_size), submit, on_failure, max_in_flight or 3 * n_workers)


# --- what the command line calls ---------------------------------------------------------------------------


def parallel_results(items: Iterable[Item], *, workers: int, dask: str | None = None,
                     spec: ResourceSpec = ResourceSpec(), chunk_size: int = CHUNK_SIZE) -> Iterator[Result]:
    """``ingest --workers N [--dask ADDRESS|local]``: results in input order from a pool or a cluster."""
    if dask:
        with dask_client(dask, workers) as client:
            yield from dask_extract(items, client=client, spec=spec, chunk_size=chunk_size)
    else:
        yield from pool_extract(items, workers=workers, spec=spec, chunk_size=chunk_size)


def parallel_lines(items: Iterable[Item], *, workers: int, dask: str | None = None,
                   spec: ResourceSpec = ResourceSpec(), chunk_size: int = CHUNK_SIZE) -> Iterator[str]:
    """``extract --jsonl --workers N [--dask ADDRESS|local]``: output lines in input order."""
    if dask:
        with dask_client(dask, workers) as client:
            yield from dask_extract_lines(items, client=client, spec=spec, chunk_size=chunk_size)
    else:
        yield from pool_extract_lines(items, workers=workers, spec=spec, chunk_size=chunk_size)

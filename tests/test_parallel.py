"""Parallel extraction (process pool, Dask LocalCluster) gives exactly the single-process output, in order."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from eventwire.extract import Extractor
from eventwire.models import Article, ErrorRecord
from eventwire.parallel import (
    ResourceSpec,
    _pool_map,
    chunk_failed,
    chunked,
    dump_line,
    ordered,
    pool_extract,
    pool_extract_lines,
)

TEXTS = [
    "Rebel fighters shelled the town of Idlib on Monday, killing at least 12 civilians, a monitoring group said.",
    "Police in Lagos arrested 40 protesters on 3 May after clashes near the governor's office, officials said.",
    "An air strike hit a market in Aleppo last week and wounded about 30 people, according to local medics.",
    "Some 5,000 families were displaced by fighting in the province, the United Nations said on Tuesday.",
    "Gunmen abducted 17 students from a school in northern Nigeria, police said.",
    "Government troops recaptured the village after two days of fighting in which nine soldiers died.",
    "Protesters marched peacefully through the capital on Friday to demand higher wages.",
]


def corpus() -> list[Article | ErrorRecord]:
    items: list[Article | ErrorRecord] = [
        Article(id=f"p{i}", text=text, published=dt.date(2020, 5, 1 + i)) for i, text in enumerate(TEXTS)]
    items.insert(3, ErrorRecord(id="bad", error="line 4 has no text"))
    items.insert(5, Article(id="blank", text="   "))
    return items


@pytest.fixture(scope="module")
def single(extractor: Extractor) -> list[str]:
    return [dump_line(r) for r in extractor.extract_many(corpus(), batch_size=4)]


def test_chunked_and_ordered_keep_order_and_bound_work() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    in_flight: list[int] = []

    class Done:
        def __init__(self, value: list[str]) -> None:
            self.value = value

        def result(self, timeout: float | None = None) -> list[str]:
            in_flight.pop()
            if self.value == ["boom"]:
                raise RuntimeError("worker lost")
            return self.value

    def submit(chunk: list[object]) -> Done:
        in_flight.append(1)
        assert len(in_flight) <= 2  # never more than max_in_flight chunks submitted and not yet read
        return Done([str(x) for x in chunk])

    chunks: list[list[object]] = [["a", "b"], ["boom"], ["c"]]
    got = list(ordered(chunks, submit, lambda chunk, exc: [f"failed {chunk[0]}: {exc}"], 2))  # type: ignore[arg-type]
    assert got == ["a", "b", "failed boom: worker lost", "c"]


def test_chunk_failed_reports_every_article() -> None:
    records = chunk_failed(corpus()[:4], RuntimeError("killed"))
    assert [r.id for r in records] == ["p0", "p1", "p2", "bad"]
    assert records[0].error == "worker failed: RuntimeError: killed"
    assert records[3].error == "line 4 has no text"  # an error record keeps its own reason


def test_pool_lines_equal_single_process(single: list[str]) -> None:
    lines = list(pool_extract_lines(corpus(), workers=2, chunk_size=2))
    assert lines == single
    assert json.loads(lines[3]) == {"id": "bad", "error": "line 4 has no text"}
    assert json.loads(lines[5]) == {"id": "blank", "error": "empty text"}
    assert any(json.loads(line).get("events") for line in lines)  # the corpus really has events


def test_pool_objects_equal_single_process(single: list[str]) -> None:
    results = list(pool_extract(corpus(), workers=2, chunk_size=3, max_in_flight=1))
    assert [dump_line(r) for r in results] == single


def test_dask_local_equals_single_process(single: list[str]) -> None:
    pytest.importorskip("distributed")
    from eventwire.parallel import dask_client, dask_extract_lines

    with dask_client("local", workers=2) as client:
        lines = list(dask_extract_lines(corpus(), client=client, spec=ResourceSpec(), chunk_size=2))
        client.wait_for_workers(2, timeout=120)
    assert lines == single


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "eventwire.cli", "-q", *args], capture_output=True, text=True,
                          check=False, timeout=600)


def test_cli_workers_and_dask_match_one_worker(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    jsonl = tmp_path / "in.jsonl"
    rows = [{"id": f"c{i}", "text": t, "published": "2021-03-0" + str(i + 1)} for i, t in enumerate(TEXTS)]
    rows.insert(2, {"id": "nothing", "text": ""})
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    one = _cli("extract", "--jsonl", str(jsonl))
    two = _cli("extract", "--jsonl", str(jsonl), "--workers", "2")
    dask = _cli("extract", "--jsonl", str(jsonl), "--dask", "local", "--workers", "2")
    assert one.returncode == two.returncode == dask.returncode == 0, (two.stderr, dask.stderr)
    assert len(one.stdout.splitlines()) == len(rows)
    assert two.stdout == one.stdout
    assert dask.stdout == one.stdout


def die_on_marker(chunk: Sequence[Article | ErrorRecord], spec: ResourceSpec, batch_size: int) -> list[str]:
    """A chunk function for the pool that kills its worker process on the article with id ``die``."""
    if any(item.id == "die" for item in chunk):
        os._exit(3)
    return [item.id for item in chunk]


def test_pool_survives_a_dead_worker_and_reports_its_articles() -> None:
    items: list[Article | ErrorRecord] = [Article(id=f"a{i}", text="x") for i in range(9)]
    items[4] = Article(id="die", text="x", url="http://example.org/die")
    got = list(_pool_map(die_on_marker, lambda chunk, exc: [f"lost {i.id}" for i in chunk], items, workers=2,
                         spec=ResourceSpec(), chunk_size=2, max_in_flight=2, recycle_after=None))
    # the chunk with the marker kills its worker twice (first try and retry) and is reported article by
    # article; a chunk in flight when the pool broke is retried in a new pool; order is kept
    assert got == ["a0", "a1", "a2", "a3", "lost die", "lost a5", "a6", "a7", "a8"]


def test_cli_ingest_with_workers_stores_the_single_process_extractions(tmp_path: Path, extractor: Extractor) -> None:
    from eventwire.ingest import read_jsonl
    from eventwire.store import Store

    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"g{i}", "text": t, "published": "2019-11-20"}) + "\n"
                             for i, t in enumerate(TEXTS)), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    run = _cli("ingest", str(jsonl), "--db", str(db), "--workers", "2", "--batch-size", "3")
    assert run.returncode == 0, run.stderr
    expected = list(extractor.extract_many(read_jsonl(jsonl.read_text().splitlines(), origin="x")))
    with Store.open(db, create=False) as store:
        assert store.count_articles() == len(TEXTS)
        for want in expected:
            assert not isinstance(want, ErrorRecord)
            got = store.extraction(want.article.id)
            assert got is not None
            assert got.events == want.events and got.figures == want.figures

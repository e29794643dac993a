"""Atheris (libFuzzer) harness for the extraction entry point: bytes -> ingest -> extract.

    .venv/bin/python fuzz/fuzz_extract.py -max_total_time=600 -timeout=60 CORPUS_DIR fuzz/seeds

The input bytes are read as ingest reads a file of unknown kind (sniffed as text, HTML, JSONL or feed,
decoded, cleaned), and every article is extracted. A failure is any exception other than the documented
ones (an article past the time limit) or an output that breaks the data's promises: an evidence span that is
not the article text at its offsets, or figures whose low/best/high are out of order. Only eventwire's own
modules are instrumented for coverage. See fuzz/README.md for the figures of the long run.
"""

from __future__ import annotations

import logging
import sys

import atheris

with atheris.instrument_imports(include=["eventwire"]):
    from eventwire.extract import ArticleTimeout, Extractor, Resources
    from eventwire.ingest import IngestError, read_bytes, sniff_kind
    from eventwire.models import Article, Extraction

NAME = "fuzz.extract.v1"
MAX_INPUT = 20_000  # bytes: long enough for a few paragraphs, short enough for many runs a second

_EXTRACTOR: Extractor | None = None


def extractor() -> Extractor:
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = Extractor(Resources.load(), time_limit=20.0)
    return _EXTRACTOR


def check(result: Extraction) -> None:
    """The promises every extraction keeps, whatever the input."""
    text = result.article.text
    spans = [s for e in result.events for s in e.evidence] + [s for f in result.figures for s in f.evidence]
    for span in spans:
        if text[span.start : span.end] != span.text:
            raise AssertionError(f"span {span} is not the text at its offsets")
    for figure in result.figures:
        values = [v for v in (figure.low, figure.best, figure.high) if v is not None]
        if values != sorted(values):
            raise AssertionError(f"figure {figure.id}: low/best/high out of order {values}")


def test_one_input(data: bytes) -> None:
    if len(data) > MAX_INPUT:
        return
    try:
        items = list(read_bytes(data, sniff_kind(data), origin="fuzz", fetcher=None, fetch_links=False))
    except IngestError:
        return  # undecodable or unreadable: the documented refusal
    for item in items:
        if not isinstance(item, Article):
            continue  # an error record: the documented answer to bad input
        try:
            result = extractor().extract(item)
        except ArticleTimeout:
            continue
        check(result)


def main() -> None:
    logging.disable(logging.WARNING)  # the cut and time-limit warnings would flood the fuzzer's output
    extractor()  # load before fuzzing starts, so the first input is not charged with it
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Properties (hypothesis): number parsing, date resolution, and whole extractions (every evidence span is the
article text at its offsets; every output validates against the published JSON Schema)."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventwire.dates import resolve_time
from eventwire.extract import Extractor
from eventwire.models import Article, Extraction, Span
from eventwire.numbers import parse_number, parse_quantity
from eventwire.schema import extraction_schema

jsonschema = pytest.importorskip("jsonschema")

# --- numbers ------------------------------------------------------------------------------------------

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int, *, dash: bool = True, conjunction: bool = True) -> str:
    """``n`` (< 10**9) in English words, written here for the test."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (("-" if dash else " ") + _ONES[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = (" and " if conjunction else " ") + words(rest, dash=dash) if rest else ""
        return f"{_ONES[hundreds]} hundred{tail}"
    for size, name in ((1_000_000, "million"), (1_000, "thousand")):
        if n >= size:
            high, rest = divmod(n, size)
            tail = " " + words(rest, dash=dash, conjunction=conjunction) if rest else ""
            return f"{words(high, dash=dash, conjunction=conjunction)} {name}{tail}"
    raise ValueError(n)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=999_999_999), st.booleans(), st.booleans())
def test_number_words_parse_to_their_value(n: int, dash: bool, conjunction: bool) -> None:
    text = words(n, dash=dash, conjunction=conjunction)
    assert parse_number(text) == n, text
    assert parse_number(text.capitalize()) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_digits_parse_with_and_without_separators(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from([("thousand", 1_000), ("million", 1_000_000)]))
def test_scale_words_multiply(n: int, scale: tuple[str, int]) -> None:
    assert parse_number(f"{n} {scale[0]}") == n * scale[1]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7),
       st.sampled_from(["between {a} and {b}", "{a} to {b}", "{a}-{b}"]))
def test_ranges_are_ordered_and_keep_their_ends(a: int, b: int, pattern: str) -> None:
    assume(a < b)
    q = parse_quantity(pattern.format(a=f"{a:,}", b=f"{b:,}"))
    assert q is not None and (q.low, q.high) == (a, b)
    assert q.best is None or a <= q.best <= b


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "about ", "at least ", "more than ", "nearly ", "up to ", "some ", "over ",
                        "fewer than ", "almost ", "roughly "]),
       st.integers(min_value=1, max_value=10**8), st.sampled_from(["", " people", " civilians"]))
def test_low_best_high_are_ordered(qualifier: str, n: int, tail: str) -> None:
    q = parse_quantity(f"{qualifier}{n:,}")
    assert q is not None
    values = [v for v in (q.low, q.best, q.high) if v is not None]
    assert values == sorted(values) and n in values


# --- dates --------------------------------------------------------------------------------------------

ANCHORS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
MONTHS = list(calendar.month_name)[1:]


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)), ANCHORS,
       st.sampled_from(["{d} {M} {y}", "{M} {d}, {y}", "{iso}"]))
def test_explicit_dates_resolve_to_themselves(day: dt.date, anchor: dt.date, pattern: str) -> None:
    text = pattern.format(d=day.day, M=MONTHS[day.month - 1], y=day.year, iso=day.isoformat())
    t = resolve_time(text, anchor)
    assert t is not None and t.date == day and t.precision == "day", text
    assert (t.start, t.end, t.text) == (0, len(text), text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=1, max_value=12), ANCHORS)
def test_month_and_year_cover_the_whole_month(year: int, month: int, anchor: dt.date) -> None:
    t = resolve_time(f"{MONTHS[month - 1]} {year}", anchor)
    assert t is not None and t.precision == "month"
    assert t.date == dt.date(year, month, 1)
    assert t.end_date == dt.date(year, month, calendar.monthrange(year, month)[1])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=1, max_value=12),
       st.integers(min_value=29, max_value=35), ANCHORS)
def test_impossible_days_give_no_date(year: int, month: int, day: int, anchor: dt.date) -> None:
    assume(day > calendar.monthrange(year, month)[1])
    t = resolve_time(f"{day} {MONTHS[month - 1]} {year}", anchor)
    assert t is None or t.date is None or (t.date.year, t.date.month) != (year, month) or t.date.day <= 28


@settings(max_examples=200, deadline=None)
@given(ANCHORS, st.integers(min_value=1, max_value=30))
def test_relative_days_count_back_from_the_anchor(anchor: dt.date, n: int) -> None:
    yesterday = resolve_time("yesterday", anchor)
    assert yesterday is not None and yesterday.date == anchor - dt.timedelta(days=1)
    ago = resolve_time(f"{n} days ago", anchor)
    assert ago is not None and ago.date == anchor - dt.timedelta(days=n)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["3", "31", "2017", "9999", "0", "June", "February", "ago", "last", "next", "week",
                                 "year", "days", "on", "in", "early", "mid-", "-", ",", "the", "of"]),
                max_size=6).map(" ".join), st.one_of(st.none(), ANCHORS))
def test_any_resolution_is_well_formed(text: str, anchor: dt.date | None) -> None:
    t = resolve_time(text, anchor)
    if t is None:
        return
    assert t.text == text and (t.start, t.end) == (0, len(text))
    if t.date and t.end_date:
        assert t.date <= t.end_date
    if t.date is None:
        assert t.end_date is None


# --- whole extractions: spans and schema -------------------------------------------------------------

ACTORS = ["Government forces", "Rebel fighters", "Police", "Gunmen", "The army", "Militants", "Protesters"]
VERBS = ["attacked", "shelled", "killed", "clashed with", "arrested", "bombed", "raided", "fired on"]
OBJECTS = ["a village", "civilians", "a convoy", "demonstrators", "a market", "an army post", "a hospital"]
PLACES = ["Kidal", "Aleppo", "Goma", "Kharkiv", "Mosul", "Khartoum", "Kabul", "Mogadishu", "Idlib", "Bunia"]
WHEN = ["on Monday", "yesterday", "last week", "on 3 June", "in March 2021", "early on Sunday", ""]
CLAIMS = ["officials said", "according to the UN", "witnesses reported", "a local doctor said", ""]
COUNTS = ["{n}", "at least {n}", "about {n}", "more than {n}", "between {n} and {m}", "{w}", "dozens of"]
VICTIMS = ["people were killed", "civilians died", "were wounded", "families fled", "fighters were captured"]


@st.composite
def reports(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        n = draw(st.integers(min_value=1, max_value=5000))
        count = draw(st.sampled_from(COUNTS)).format(n=f"{n:,}", m=f"{n + 7:,}", w=words(n % 100))
        claim = draw(st.sampled_from(CLAIMS))
        main = (f"{draw(st.sampled_from(ACTORS))} {draw(st.sampled_from(VERBS))} {draw(st.sampled_from(OBJECTS))} "
                f"near {draw(st.sampled_from(PLACES))} {draw(st.sampled_from(WHEN))}")
        sentence = f"{main.strip()}, and {count} {draw(st.sampled_from(VICTIMS))}"
        sentences.append(f"{sentence}, {claim}." if claim else f"{sentence}.")
    glue = draw(st.sampled_from([" ", "\n\n", "  ", " \u00a0"]))
    noise = draw(st.sampled_from(["", "\u200f", "« ", "BREAKING: ", "— "]))
    return noise + glue.join(sentences)


def _spans(extraction: Extraction) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    for event in extraction.events:
        found += [("event", s) for s in event.evidence]
    for figure in extraction.figures:
        found += [("figure", s) for s in figure.evidence]
    mentions = extraction.mentions
    for group, items in (("place", mentions.places), ("time", mentions.times), ("actor", mentions.actors),
                         ("number", mentions.numbers)):
        found += [(group, m) for m in items if getattr(m, "start", None) is not None]
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))))
def test_spans_match_the_text_and_output_validates(extractor: Extractor, text: str,
                                                   published: dt.date | None) -> None:
    result = extractor.extract(Article(id="prop", text=text, published=published))
    for kind, span in _spans(result):
        assert result.article.text[span.start : span.end] == span.text, (kind, span, text)
        assert isinstance(span, Span) or span.end <= len(result.article.text)
    validator = jsonschema.Draft202012Validator(extraction_schema())
    document = json.loads(result.model_dump_json())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:3]]


# --- fuzzing: a short bounded run of the atheris harness (the long run's figures are in fuzz/README.md) -------


def test_fuzz_harness_short_run(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    root = Path(__file__).resolve().parent.parent
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    run = subprocess.run(
        [sys.executable, str(root / "fuzz" / "fuzz_extract.py"), "-max_total_time=20", "-timeout=60",
         "-print_final_stats=1", str(corpus), str(root / "fuzz" / "seeds")],
        capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    done = re.search(r"Done (\d+) runs", run.stderr)
    assert done and int(done.group(1)) >= 50, run.stderr[-2000:]

"""Tests for eventwire.dates, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from eventwire.dates import find_times, resolve_time, time_precision
from eventwire.nlp import build_nlp

ANCHOR = dt.date(2017, 7, 4)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "value", "start", "end", "precision", "kind"),
    [
        ("last week", "2017-W26", "2017-06-26", "2017-07-02", "week", "exact"),
        ("this week", "2017-W27", "2017-07-03", "2017-07-09", "week", "exact"),
        ("on 6 June", "2017-06-06", "2017-06-06", "2017-06-06", "day", "exact"),
        ("June 6", "2017-06-06", "2017-06-06", "2017-06-06", "day", "exact"),
        ("6 June 2016", "2016-06-06", "2016-06-06", "2016-06-06", "day", "exact"),
        ("Dec. 25, 2016", "2016-12-25", "2016-12-25", "2016-12-25", "day", "exact"),
        ("in June", "2017-06", "2017-06-01", "2017-06-30", "month", "exact"),
        ("in August", "2016-08", "2016-08-01", "2016-08-31", "month", "exact"),
        ("since November", "2016-11/2017-07-04", "2016-11-01", "2017-07-04", "month", "range"),
        ("in 2014", "2014", "2014-01-01", "2014-12-31", "year", "exact"),
        ("yesterday", "2017-07-03", "2017-07-03", "2017-07-03", "day", "exact"),
        ("on Monday", "2017-07-03", "2017-07-03", "2017-07-03", "day", "exact"),
        ("last Tuesday", "2017-06-27", "2017-06-27", "2017-06-27", "day", "exact"),
        ("two days ago", "2017-07-02", "2017-07-02", "2017-07-02", "day", "exact"),
        ("earlier this month", "2017-07", "2017-07-01", "2017-07-04", "month", "approximate"),
        ("mid-June", "2017-06", "2017-06-11", "2017-06-20", "month", "approximate"),
        ("early June", "2017-06", "2017-06-01", "2017-06-10", "month", "approximate"),
        ("late 2016", "2016", "2016-09-01", "2016-12-31", "year", "approximate"),
        ("last month", "2017-06", "2017-06-01", "2017-06-30", "month", "exact"),
        ("last year", "2016", "2016-01-01", "2016-12-31", "year", "exact"),
        ("the 1990s", "199X", "1990-01-01", "1999-12-31", "decade", "exact"),
        ("between March and May", "2017-03/2017-05", "2017-03-01", "2017-05-31", "month", "range"),
        ("the third quarter", "2017-Q3", "2017-07-01", "2017-09-30", None, "exact"),
        ("next Monday", "2017-07-10", "2017-07-10", "2017-07-10", "day", "exact"),
        ("the '80s", "198X", "1980-01-01", "1989-12-31", "decade", "exact"),
        ("the '10s", "201X", "2010-01-01", "2019-12-31", "decade", "exact"),
        ("the nineties", "199X", "1990-01-01", "1999-12-31", "decade", "exact"),
        ("the nineteen-sixties", "196X", "1960-01-01", "1969-12-31", "decade", "exact"),
        ("nineteen ninety-six", "1996", "1996-01-01", "1996-12-31", "year", "exact"),
        ("the year two thousand", "2000", "2000-01-01", "2000-12-31", "year", "exact"),
        ("January nineteen ninety-seven", "1997-01", "1997-01-01", "1997-01-31", "month", "exact"),
        ("in twenty twelve", "2012", "2012-01-01", "2012-12-31", "year", "exact"),
        ("Saturday, July 8", "2017-07-08", "2017-07-08", "2017-07-08", "day", "exact"),  # the weekday says
        ("Wednesday, July 5", "2017-07-05", "2017-07-05", "2017-07-05", "day", "exact"),
        ("for the full year", "2017", "2017-01-01", "2017-12-31", "year", "exact"),
        ("the current fiscal year", "2017", "2017-01-01", "2017-12-31", "year", "exact"),
        ("by year-end", "2017", "2017-09-01", "2017-12-31", "year", "approximate"),
        ("the week", "2017-W27", "2017-07-03", "2017-07-09", "week", "exact"),
        ("the summer", "2017-SU", "2017-06-01", "2017-08-31", None, "exact"),
        ("this past autumn", "2016-FA", "2016-09-01", "2016-11-30", None, "exact"),
        ("late-May", "2017-05", "2017-05-21", "2017-05-31", "month", "approximate"),
        ("the 20th century", "19XX", "1900-01-01", "1999-12-31", None, "exact"),
    ],
)
def test_resolve_time(text: str, value: str, start: str, end: str, precision: str | None, kind: str) -> None:
    t = resolve_time(text, ANCHOR)
    assert t is not None
    assert (t.value, t.date, t.end_date, t.precision, t.kind) == (
        value, dt.date.fromisoformat(start), dt.date.fromisoformat(end), precision, kind,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [("six years", "P6Y"), ("months", "PXM"), ("for three weeks", "P3W"), ("48 hours", "PT48H"),
     ("in six years of conflict", "P6Y")],
)  # fmt: skip
def test_durations_have_no_date(text: str, value: str) -> None:
    t = resolve_time(text, ANCHOR)
    assert t is not None and t.kind == "duration" and t.value == value and t.date is None


@pytest.mark.parametrize("text", ["31 February", "February 30, 2015"])
def test_impossible_dates_give_no_date(text: str) -> None:
    t = resolve_time(text, ANCHOR)
    assert t is not None and t.date is None


@pytest.mark.parametrize(
    "text", ["9999", "aged 25", "25 years old", "a 30-year-old", "2,500", "", "the army", "twenty five",
             "in their forties"]
)
def test_not_times(text: str) -> None:
    assert resolve_time(text, ANCHOR) is None


def test_relative_dates_need_an_anchor() -> None:
    t = resolve_time("6 June 2017", None)
    assert t is not None and t.date == dt.date(2017, 6, 6)
    assert resolve_time("last week", None) is None


def test_time_precision() -> None:
    assert [time_precision(p) for p in ("day", "week", "month", "year", None)] == [1, 2, 3, None, None]


def test_find_times_in_an_article(nlp: Language) -> None:
    text = (
        "Government troops retook the bridge last week, the army said on Monday. The siege began on "
        "12 May and had lasted six years of conflict; fighting has continued since November. "
        "A 25-year-old medic said 40 people had died in June."
    )
    times = find_times(nlp(text), ANCHOR)
    by_text = {t.text: t for t in times}
    assert by_text["last week"].value == "2017-W26"
    assert by_text["Monday"].date == dt.date(2017, 7, 3)
    assert by_text["Monday"].kind == "reported"
    assert by_text["12 May"].date == dt.date(2017, 5, 12)
    assert by_text["six years"].kind == "duration"
    assert by_text["since November"].kind == "range"
    assert by_text["in June"].value == "2017-06"
    for t in times:
        assert text[t.start : t.end] == t.text
    assert not any("25" in t.text for t in times)


def test_future_context_leans_forward(nlp: Language) -> None:
    (t,) = [t for t in find_times(nlp("The ceasefire will expire on 2 March."), dt.date(2017, 2, 20))]
    assert t.date == dt.date(2017, 3, 2)
    (t,) = [t for t in find_times(nlp("The talks collapsed on 2 March."), dt.date(2017, 2, 20))]
    assert t.date == dt.date(2016, 3, 2)


def _first(nlp: Language, text: str, anchor: dt.date) -> dt.date | None:
    return find_times(nlp(text), anchor)[0].date


def test_tense_and_signals_place_undated_days(nlp: Language) -> None:
    thu = dt.date(2021, 10, 28)  # a Thursday
    # no tense (a noun or an adjective governs the date): the nearer, unless the future is over half as far
    assert _first(nlp, "Grain shipments are payable Dec. 3 under the deal.", thu) == dt.date(2021, 12, 3)
    assert _first(nlp, "Aid groups missed the Nov. 5 deadline.", thu) == dt.date(2021, 11, 5)
    assert _first(nlp, "The offer was far above Monday's price.", thu) == dt.date(2021, 10, 25)
    # what is still to come: "will", "is to", "scheduled to", "as soon as"
    assert _first(nlp, "Negotiators will meet again on Wednesday.", thu) == dt.date(2021, 11, 3)
    assert _first(nlp, "The convoy is to leave the city Tuesday.", thu) == dt.date(2021, 11, 2)
    assert _first(nlp, "Refugees could cross the border as soon as Tuesday.", thu) == dt.date(2021, 11, 2)
    assert _first(nlp, "The new rules are to be published in early November.", thu) == dt.date(2021, 11, 1)
    # a deadline moved to a date, a time of day before the weekday
    assert _first(nlp, "The truce was extended to Nov. 12 by both sides.", thu) == dt.date(2021, 11, 12)
    assert _first(nlp, "They were given until 9 a.m. Friday to leave.", thu) == dt.date(2021, 10, 29)
    # a passive present is no past: "is heard in May"; a range keeps its own direction
    assert _first(nlp, "The appeal is heard in March by the court.", dt.date(2022, 1, 20)) == dt.date(2022, 3, 1)
    times = find_times(nlp("The militia bought arms from Sept. 14 to Tuesday, the report said."), thu)
    assert dt.date(2021, 10, 26) in {t.end_date for t in times} | {t.date for t in times}
    assert _first(nlp, "The planned rally for Saturday was cancelled.", dt.date(2021, 10, 24)) == \
        dt.date(2021, 10, 23)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_junk_never_raises(text: str) -> None:
    resolve_time(text, ANCHOR)


def test_the_quarter_is_the_last_one_ended_and_a_share_is_no_time() -> None:
    nlp = build_nlp([])
    anchor = dt.date(2020, 5, 5)
    assert [m.value for m in find_times(nlp("Profits rose in the quarter."), anchor)] == ["2020-Q1"]
    assert [m.value for m in find_times(nlp("Its third-quarter profit fell."), anchor)] == ["2019-Q3"]
    assert find_times(nlp("A quarter of the city was destroyed."), anchor) == []


def test_weekday_with_date_and_holidays_are_found(nlp: Language) -> None:
    times = find_times(nlp("Shelling resumed Friday June 30 and again on Christmas Day, a medic said."), ANCHOR)
    assert [(t.text, t.value) for t in times] == [("Friday June 30", "2017-06-30"), ("Christmas Day", "2016-12-25")]


def test_quarters_and_halves_named_in_many_ways() -> None:
    anchor = dt.date(2019, 11, 5)
    for text, value in [("its fiscal first quarter", "2019-Q1"), ("the 2018 second quarter", "2018-Q2"),
                        ("next year's first half", "2020-H1"), ("last year's fourth quarter", "2018-Q4"),
                        ("the current quarter", "2019-Q4"), ("the year-ago quarter", "2018-Q3"),
                        ("year-earlier", "2018")]:
        t = resolve_time(text, anchor)
        assert t is not None and t.value == value, text


def test_a_year_earlier_is_the_reporting_period_a_year_back(nlp: Language) -> None:
    text = ("In the third quarter, 310 civilians were killed in the province, up from 190 a year earlier. "
            "Most deaths in the latest period were caused by mines. In the 2018 period, shelling killed more. "
            "A year ago, the mission had no observers there.")
    by_text = {t.text: t.value for t in find_times(nlp(text), dt.date(2019, 11, 5))}
    assert by_text["the third quarter"] == "2019-Q3"
    assert by_text["a year earlier"] == "2018-Q3"
    assert by_text["the latest period"] == "2019-Q3"
    assert by_text["the 2018 period"] == "2018-Q3"
    assert by_text["A year ago"] == "2018-Q3"
    # with no reporting period named, "a year ago" is the year before the anchor
    (t,) = find_times(nlp("A year ago, the mission had no observers there."), dt.date(2019, 11, 5))
    assert t.value == "2018"
    # a quarter still running is no reporting period: "a year earlier" stays a year
    later = find_times(nlp("The fourth-quarter figures will be higher. Prices were lower a year earlier."),
                       dt.date(2019, 11, 5))
    assert [t.value for t in later] == ["2019-Q4", "2018"]


def test_quarter_of_a_city_and_fall_of_a_city_are_no_times(nlp: Language) -> None:
    assert find_times(nlp("Rebels hold the quarter of the old city after the fall of Aleppo."), ANCHOR) == []


def test_narrative_times_take_the_last_date_named(nlp: Language) -> None:
    text = ("The militia entered the town on 12 May 2015. Later that day, aid workers left. The following "
            "month, the army returned. In 2016 the road reopened; the next year it was mined again. Talks "
            "were held on Friday, 3 March 2017, and again the previous Friday.")
    by_text = {t.text: t.value for t in find_times(nlp(text), ANCHOR)}
    assert by_text["Later that day"] == "2015-05-12"
    assert by_text["The following month"] == "2015-06"
    assert by_text["the next year"] == "2017"
    assert by_text["the previous Friday"] == "2017-02-24"
    # too coarse a reference gives no day: "that day" after a year alone is left to the ordinary rules
    times = find_times(nlp("The siege began in 2014. That day nobody slept."), ANCHOR)
    assert "2014" not in {t.value for t in times if t.text.lower() == "that day"}

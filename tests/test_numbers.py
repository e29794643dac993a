"""Tests for eventwire.numbers, on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from eventwire.numbers import Quantity, find_numbers, parse_quantity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,500", Quantity(None, 2500, None, None)),
        ("about 2,500", Quantity(None, 2500, None, "about")),
        ("at least 173", Quantity(173, 173, None, "at least")),
        ("more than 300,000", Quantity(300000, 300000, None, "more than")),
        ("up to 50", Quantity(None, None, 50, "up to")),
        ("nearly 100", Quantity(None, 100, 100, "nearly")),
        ("exactly 7", Quantity(7, 7, 7, "exactly")),
        ("between 20 and 30", Quantity(20, None, 30, "between")),
        ("20 to 30", Quantity(20, None, 30, "between")),
        ("20-30", Quantity(20, None, 30, "between")),
        ("two to three million", Quantity(2_000_000, None, 3_000_000, "between")),
        ("Eleven million", Quantity(None, 11_000_000, None, None)),
        ("two hundred and fifty", Quantity(None, 250, None, None)),
        ("a dozen", Quantity(None, 12, None, None)),
        ("half a million", Quantity(None, 500_000, None, None)),
        ("1.5 million", Quantity(None, 1_500_000, None, None)),
        ("twenty-five", Quantity(None, 25, None, None)),
        ("dozens", Quantity(12, 12, None, "dozens")),
        ("tens of thousands", Quantity(10_000, 10_000, None, "tens of thousands")),
        ("hundreds of thousands", Quantity(100_000, 100_000, None, "hundreds of thousands")),
        ("300 or more", Quantity(300, 300, None, "or more")),
        ("an estimated 5,000", Quantity(None, 5000, None, "an estimated")),
        ("fewer than ten", Quantity(None, None, 10, "fewer than")),
        ("3,57,243", Quantity(None, 357_243, None, None)),  # the Indian grouping
        ("nearly seven lakh", Quantity(None, 700_000, 700_000, "nearly")),
        ("1.2 crore", Quantity(None, 12_000_000, None, None)),
    ],
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "junk", "1.5", "the army", "--", "million"])
def test_not_quantities(text: str) -> None:
    assert parse_quantity(text) is None


def _found(nlp: Language, sentence: str) -> dict[str, tuple[int | None, int | None, int | None, str | None]]:
    return {n.text: (n.low, n.best, n.high, n.qualifier) for n in find_numbers(nlp(sentence))}


def test_counts_in_sentences(nlp: Language) -> None:
    found = _found(nlp, "Roughly 4,000 families fled, and at least 62 were killed in March, medics said.")
    assert found == {
        "Roughly 4,000": (None, 4000, None, "roughly"),
        "at least 62": (62, 62, None, "at least"),
    }
    found = _found(nlp, "Nine million people have left their homes, and dozens more fled on foot.")
    assert found["Nine million"] == (None, 9_000_000, None, None)
    assert found["dozens"] == (12, 12, None, "dozens")


def test_offsets_point_at_the_text(nlp: Language) -> None:
    doc = nlp("Officials said more than 1,200 detainees were freed.")
    (n,) = find_numbers(doc)
    assert doc.text[n.start : n.end] == n.text == "more than 1,200"


@pytest.mark.parametrize(
    "sentence",
    [
        "The rebels blew a 30m (100ft) hole in the dam.",
        "Engineers still had to clear the last 1,250m of road.",
        "The fund pledged $40 million and 12% of its budget.",
        "The bridge was built in 1987.",
        "A man aged 34 and a 19-year-old were questioned.",
        "The curfew starts at 10:30 each night.",
        "It was the 3rd convoy of the month.",
        "The siege lasted 48 hours.",
    ],
)
def test_non_counts_are_left_out(nlp: Language, sentence: str) -> None:
    assert find_numbers(nlp(sentence)) == []


def test_suffixed_millions_need_people(nlp: Language) -> None:
    assert _found(nlp, "Some 4m people need food aid.")["Some 4m"] == (None, 4_000_000, None, "some")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n: int) -> None:
    q = parse_quantity(f"{n:,}")
    assert q is not None and q.best == n


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(["about", "around", "some", "approximately", "at least", "more than", "nearly", "up to"]),
)
def test_qualifiers_never_change_the_number(n: int, qualifier: str) -> None:
    q = parse_quantity(f"{qualifier} {n:,}")
    assert q is not None and q.qualifier == qualifier
    assert n in (q.low, q.best, q.high)
    assert all(v in (None, n) for v in (q.low, q.best, q.high))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_junk_never_raises(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or isinstance(q, Quantity)


def test_indian_grouping_and_a_bare_number_tagged_as_a_date(nlp: Language) -> None:
    found = _found(nlp, "Relief reached 3,57,243 people in the camps.")
    assert found == {"3,57,243": (None, 357_243, None, None)}
    # the tagger reads a lone "62" after a place and a comma as a date; no date is written so
    assert "62" in _found(nlp, "Floods hit northern Chad, 62 evacuated")

"""Named periods: holidays, quarters and halves of a year, seasons; days named by weekday and date.

Used by :mod:`eventwire.timex_rules`; pure functions from an expression (already lower-cased) and an anchor
to a resolution or None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from eventwire.timex_values import _ORDINALS, _SEASONS, _day, _quarter, _Res, _safe_date, _span


def _holiday(s: str, anchor: dt.date | None, lean: int) -> _Res | None:
    m = re.fullmatch(r"(?:(?P<rel>last|this|next) )?(?P<h>christmas(?: day)?|christmas eve|new year's day|"
                     r"new year's eve|new year's|thanksgiving(?: day)?)(?: (?P<y>\d{4}))?", s)  # fmt: skip
    if m is None or (anchor is None and not m.group("y")):
        return None

    def on(y: int) -> dt.date:
        h = m.group("h")
        if h.startswith("christmas"):
            return dt.date(y, 12, 24 if h.endswith("eve") else 25)
        if h == "new year's eve":
            return dt.date(y, 12, 31)
        if h.startswith("new year"):
            return dt.date(y, 1, 1)
        nov1 = dt.date(y, 11, 1)
        return nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)

    if m.group("y"):
        return _day(on(int(m.group("y"))))
    assert anchor is not None
    rel = m.group("rel")
    d = on(anchor.year)
    if (rel == "next" or lean > 0) and d < anchor:
        d = on(anchor.year + 1)
    elif rel != "next" and lean <= 0 and d > anchor or rel == "last" and d >= anchor:
        d = on(anchor.year - 1)
    return _day(d)


def _part_of_year(o: str, unit: str, y_text: str | None, s: str, anchor: dt.date | None) -> _Res | None:
    if y_text:
        y = int(y_text)
    elif anchor is None:
        return None
    elif "last year" in s:
        y = anchor.year - 1
    elif "next year" in s:
        y = anchor.year + 1
    else:
        y = anchor.year
    if unit == "half":
        h = 2 if o == "last" else _ORDINALS.get(o, 0)
        if h not in (1, 2):
            return None
        return _span(f"{y:04d}-H{h}", dt.date(y, 6 * h - 5, 1), dt.date(y, 6 * h, 30 if h == 1 else 31))
    q = 4 if o == "last" else _ORDINALS[o]
    if anchor is not None and not y_text and not re.search(r"(?:this|last|next) year", s) and \
            (q - 1) * 3 + 1 > anchor.month:
        y -= 1  # "the fourth quarter" in a March paper is last year's
    return _quarter(y, q)


def _season(se: str, rel: str | None, y_text: str | None, anchor: dt.date | None) -> _Res | None:
    code, m0, m1 = _SEASONS[se]
    if y_text:
        y = int(y_text)
    elif anchor is None:
        return None
    else:
        y = anchor.year
        if rel == "last" or (rel in ("the", "this past") and m0 > anchor.month):
            y -= 1
        elif rel == "next":
            y += 1
    end_y = y + 1 if m1 < m0 else y
    return _span(f"{y:04d}-{code}", dt.date(y, m0, 1), dt.date(end_y, m1, calendar.monthrange(end_y, m1)[1]))


def _with_weekday(mon: int, day: int, weekday: int, anchor: dt.date) -> dt.date | None:
    """ "Monday, Oct. 26" with no year: the year, within one of the anchor's, whose Oct. 26 is a Monday
    (the nearest to the anchor if two are)."""
    days = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
            if (d := _safe_date(y, mon, day)) is not None and d.weekday() == weekday]
    return min(days, key=lambda d: abs((d - anchor).days)) if days else None


_UNITS_W = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS_W = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen"]
_TENS_W = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNITS_RE = "|".join(_UNITS_W)
_TWO_DIGITS = rf"(?:{'|'.join(_TEENS_W)}|(?:{'|'.join(_TENS_W)})(?:[ -](?:{_UNITS_RE}))?)"
_SPELLED_YEAR = re.compile(
    rf"\b(?:(?P<c>eighteen|nineteen|twenty)[ -](?:(?P<h>hundred)(?:[ -](?:and[ -])?(?P<hy>{_TWO_DIGITS}|{_UNITS_RE}))?"
    rf"|oh[ -](?P<oh>{_UNITS_RE})|(?P<yy>{_TWO_DIGITS}))"
    rf"|two thousand(?:[ -](?:and[ -])?(?P<m>{_TWO_DIGITS}|{_UNITS_RE}))?)\b"
)


def _word_value(words: str | None) -> int:
    if not words:
        return 0
    total = 0
    for w in re.split(r"[ -]", words):
        total += (_UNITS_W.index(w) + 1 if w in _UNITS_W else _TEENS_W.index(w) + 10 if w in _TEENS_W
                  else 10 * (_TENS_W.index(w) + 2))
    return total


def _spelled_years(s: str) -> str:
    """Years said in words, as in broadcast transcripts, in digits: "nineteen ninety-six" -> "1996", "the
    year two thousand" -> "the year 2000", "nineteen oh five" -> "1905". Only the shapes of years: "twenty
    five" is no year."""

    def digits(m: re.Match[str]) -> str:
        if m.group("c") is None:
            return str(2000 + _word_value(m.group("m")))
        century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m.group("c")]
        rest = _word_value(m.group("hy")) if m.group("h") else _word_value(m.group("oh") or m.group("yy"))
        return str(century * 100 + rest)

    s = _SPELLED_YEAR.sub(digits, s)
    # decades in words: "the nineties" -> "the '90s", "the nineteen-sixties" -> "the 1960s"
    return _SPELLED_DECADE.sub(_decade_digits, s)


_CENTURIES = {"eighteen": "18", "nineteen": "19", "twenty": "20"}
_SPELLED_DECADE = re.compile(r"\b(?:the (?P<c>eighteen|nineteen|twenty)[ -]|(?P<the>the ))"
                             r"(?P<d>twent|thirt|fort|fift|sixt|sevent|eight|ninet)ies\b")


def _decade_digits(m: re.Match[str]) -> str:
    tens = _TENS_W.index(m.group("d") + "y") + 2
    return f"the {_CENTURIES[m.group('c')]}{tens}0s" if m.group("c") else f"the '{tens}0s"

"""Time expressions whose value comes from the text before them, not from the anchor alone.

Narratives date one event and then others from it: "on 12 May ... later that day", "in 2014 ... the
following year", "on Friday ... the previous Friday". :func:`resolve_in_narrative` resolves those against the
last dated expression before them (at its own precision: "that day" needs a day).

Reports of results and statistics name a reporting period ("the third quarter", "the first half of 2017")
and then speak of it again, or of the same period a year before: "a year earlier", "the year-ago quarter",
"the year-earlier period", "the latest period", "that quarter", "the 2016 period". TimeML gives such an
expression the period it means (``2016-Q3``), not the bare year. :func:`resolve_in_discourse` resolves them
against the reporting period of the text read so far (the last quarter or half named); without one they
fall back to the anchor ("the year-ago quarter": the quarter last ended, a year back) or to the ordinary
rules ("a year ago": the year before the anchor).
"""

from __future__ import annotations

import datetime as dt
import re

from eventwire.models import TimeMention
from eventwire.timex_values import _ORDINALS, _WEEKDAYS, _day, _month, _quarter, _Res, _span, _week, _year

_PERIOD = re.compile(r"(\d{4})-(?:Q([1-4])|H([12]))")
_ORD = r"first|second|third|fourth|1st|2nd|3rd|4th"
_BACK = r"(?:(?:a|one) year (?:ago|earlier|before)|last year)"
_YEAR_BACK = re.compile(
    rf"(?:(?:the|its|their) )?(?:comparable |corresponding |same )?(?P<adj>year-ago|year-earlier|year ago|"
    rf"year earlier)(?: (?:(?P<o>{_ORD})[- ])?(?P<u>quarter|period|half|results?))?"
    rf"|(?P<a>a|one) year (?:ago|earlier|before)"
    rf"|(?:the )?(?:(?:comparable|corresponding|same) )?(?P<u2>quarter|period|half) {_BACK}"
    rf"|last year's (?:(?P<o3>{_ORD})[- ])?(?P<u3>quarter|period|half)"
)
_SAME = re.compile(r"(?:the |that )?(?:latest |most recent |same |reporting )?(?:quarter|period)"
                   r"|that half")
_YEAR_OF = re.compile(r"(?:the )?(?P<y>\d{4}) (?:quarter|period|half)")


def reporting_period(surface: str, value: str | None, end: dt.date | None, anchor: dt.date | None
                     ) -> str | None:
    """``value`` when ``surface`` names a reporting period: a quarter or a half of a year (``2017-Q3``,
    ``2017-H1``) ended by the anchor, not one it is compared with ("the year-ago quarter", "the 2016
    period") nor one still running ("a fourth-quarter charge" in October); else None."""
    if value is None or not _PERIOD.fullmatch(value) or _YEAR_BACK.fullmatch(surface) or \
            _YEAR_OF.fullmatch(surface) or end is None or anchor is None or end >= anchor:
        return None
    return value


def _period(year: int, ref: re.Match[str]) -> _Res | None:
    if ref.group(2):
        return _quarter(year, int(ref.group(2)))
    h = int(ref.group(3))
    return _span(f"{year:04d}-H{h}", dt.date(year, 6 * h - 5, 1), dt.date(year, 6 * h, 30 if h == 1 else 31))


def _last_ended_quarter(anchor: dt.date) -> tuple[int, int]:
    q = (anchor.month - 1) // 3
    return (anchor.year, q) if q else (anchor.year - 1, 4)


def resolve_in_discourse(s: str, ref: str | None, anchor: dt.date | None) -> _Res | None:
    """Resolve ``s`` (normalised: lower case, no trailing punctuation) against the reporting period ``ref``
    (a quarter or half value, or None); None when ``s`` is no such expression or cannot be placed here."""
    period = _PERIOD.fullmatch(ref) if ref else None
    m = _YEAR_BACK.fullmatch(s)
    if m:
        ordinal = m.group("o") or m.group("o3")
        if ordinal:  # "the year-ago third quarter"
            year = int(period.group(1)) if period else _last_ended_quarter(anchor)[0] if anchor else None
            return None if year is None else _quarter(year - 1, _ORDINALS[ordinal])
        if period is not None:
            return _period(int(period.group(1)) - 1, period)
        if anchor is None or m.group("a"):
            return None  # "a year ago" with no reporting period: the ordinary rules
        if "quarter" in (m.group("u"), m.group("u2"), m.group("u3")):
            year, q = _last_ended_quarter(anchor)
            return _quarter(year - 1, q)
        return _year(anchor.year - 1)  # "year-earlier results", "the year-ago period"
    if period is not None and _SAME.fullmatch(s):
        return _period(int(period.group(1)), period)  # "the latest period", "that quarter"
    m = _YEAR_OF.fullmatch(s)
    if m:
        year = int(m.group("y"))
        if not 1000 <= year <= 2200:
            return None
        return _period(year, period) if period is not None else _year(year)  # "the 2016 period"
    return None


_UNIT = r"(?P<u>day|morning|afternoon|evening|night|week|month|year)"
# "that day", "later that year", "the same month", "earlier in the day"
_THAT = re.compile(rf"(?:(?P<el>earlier|later) )?(?:that (?:same )?|the same |(?P<in>in the )){_UNIT}")
# "the next morning", "the following year", "the previous Friday"
_NEXT = re.compile(r"the (?P<rel>next|following|previous|preceding) "
                   rf"(?:{_UNIT}|(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day))")
_PRECISIONS = {"day": 0, "week": 1, "month": 2, "year": 3}


def narrative_reference(m: TimeMention) -> bool:
    """Whether later expressions of the text may be dated from ``m``: a day, week, month or year, not a range
    nor a duration."""
    return m.date is not None and m.precision in _PRECISIONS and m.kind not in ("range", "duration")


def resolve_in_narrative(s: str, last: TimeMention | None) -> _Res | None:
    """Resolve ``s`` (normalised) against ``last``, the last dated expression before it; None when ``s`` is no
    such expression or ``last`` is too coarse for it ("that day" after "in 2014")."""
    if last is None or last.date is None or last.precision not in _PRECISIONS:
        return None
    m = _THAT.fullmatch(s)
    if m and (m.group("el") or not m.group("in")):
        unit = _unit(m.group("u"))
        return _at(unit, last.date) if _PRECISIONS[last.precision] <= _PRECISIONS[unit] else None
    m = _NEXT.fullmatch(s)
    if m is None:
        return None
    step = 1 if m.group("rel") in ("next", "following") else -1
    if m.group("wd"):
        if last.precision != "day":
            return None
        wd = _WEEKDAYS[m.group("wd")]
        days = ((wd - last.date.weekday()) % 7 or 7) if step > 0 else -((last.date.weekday() - wd) % 7 or 7)
        return _day(last.date + dt.timedelta(days=days))
    unit = _unit(m.group("u"))
    if _PRECISIONS[last.precision] > _PRECISIONS[unit]:
        return None
    d = last.date
    if unit == "day":
        return _day(d + dt.timedelta(days=step))
    if unit == "week":
        return _week(d + dt.timedelta(weeks=step))
    if unit == "month":
        idx = d.year * 12 + d.month - 1 + step
        return _month(idx // 12, idx % 12 + 1)
    return _year(d.year + step)


def _unit(word: str) -> str:
    return "day" if word in ("morning", "afternoon", "evening", "night") else word


def _at(unit: str, d: dt.date) -> _Res | None:
    if unit == "day":
        return _day(d)
    if unit == "week":
        return _week(d)
    return _month(d.year, d.month) if unit == "month" else _year(d.year)

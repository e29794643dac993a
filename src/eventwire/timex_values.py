"""Values of resolved time expressions and the calendar facts the resolution rules share.

A resolution (:class:`_Res`) is a TimeML value with its first and last days, a precision and a kind; the
constructors here build them for days, weeks, months, years, quarters and spans. Pure functions, no state.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace

from eventwire.models import Precision, TimeKind
from eventwire.numbers import parse_number

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name[1:], start=1):
    _MONTHS[_name.lower()] = _i
    _MONTHS[_name.lower()[:3]] = _i
_MONTHS["sept"] = 9
_WEEKDAYS: dict[str, int] = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})
_UNITS: dict[str, str] = {
    "day": "D", "night": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE",
    "hour": "TH", "minute": "TM", "second": "TS", "weekend": "WE", "quarter": "Q",
}  # fmt: skip
_SEASONS: dict[str, tuple[str, int, int]] = {
    "spring": ("SP", 3, 5), "summer": ("SU", 6, 8), "fall": ("FA", 9, 11), "autumn": ("FA", 9, 11),
    "winter": ("WI", 12, 2),
}  # fmt: skip
_ORDINALS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_WD = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# month names in free text: "may" and "mar" only where they cannot be the verbs
_MON_SAFE = (
    r"(?:(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\.?|may(?=,? \d|[.,;:)]| (?:and|to|until)\b))"
)
_NUMW = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a few|several|a couple of|many|hundreds of|thousands of|dozens of)"  # noqa: E501
_APPROX = r"(?:nearly|almost|about|around|some|more than|over|roughly|just over|less than|barely|only)"
_UNIT = (
    r"(?:days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies)|hours?|minutes?|weekends?|quarters?)"
)


@dataclass(frozen=True)
class _Res:
    value: str | None
    date: dt.date | None
    end_date: dt.date | None
    precision: Precision | None
    kind: TimeKind = "exact"


def _day(d: dt.date, kind: TimeKind = "exact") -> _Res:
    return _Res(d.isoformat(), d, d, "day", kind)


def _month(y: int, m: int, kind: TimeKind = "exact") -> _Res | None:
    if not (1 <= m <= 12 and 1 <= y <= 9998):
        return None
    last = calendar.monthrange(y, m)[1]
    return _Res(f"{y:04d}-{m:02d}", dt.date(y, m, 1), dt.date(y, m, last), "month", kind)


def _year(y: int, kind: TimeKind = "exact") -> _Res | None:
    if not 1 <= y <= 9998:
        return None
    return _Res(f"{y:04d}", dt.date(y, 1, 1), dt.date(y, 12, 31), "year", kind)


def _week(d: dt.date, kind: TimeKind = "exact") -> _Res:
    monday = d - dt.timedelta(days=d.weekday())
    iso = monday.isocalendar()
    return _Res(f"{iso[0]:04d}-W{iso[1]:02d}", monday, monday + dt.timedelta(days=6), "week", kind)


def _span(value: str, start: dt.date, end: dt.date, kind: TimeKind = "exact") -> _Res:
    return _Res(value, start, end, None, kind)


def _quarter(y: int, q: int) -> _Res | None:
    if not (1 <= q <= 4 and 1 <= y <= 9998):
        return None
    first = dt.date(y, 3 * q - 2, 1)
    last = dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    return _span(f"{y:04d}-Q{q}", first, last)


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _year_of(text: str) -> int | None:
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if re.fullmatch(r"'\d{2}", text):
        yy = int(text[1:])
        return 2000 + yy if yy < 50 else 1900 + yy
    return None


def _count(text: str) -> int | None:
    t = text.strip()
    if t in ("a", "an"):
        return 1
    if t in ("a few", "several", "a couple of", "many", "hundreds of", "thousands of", "dozens of"):
        return None
    return parse_number(t)


def _narrow(res: _Res, mod: str) -> _Res:
    """early/mid/late X: the same value, about a third of the period, kind approximate."""
    if res.date is None or res.end_date is None:
        return res
    part = {"early": 0, "the beginning of": 0, "the start of": 0, "beginning of": 0, "start of": 0, "mid": 1,
            "the middle of": 1, "middle of": 1, "late": 2, "the end of": 2, "end of": 2}.get(mod)  # fmt: skip
    if part is None:
        return res
    first, last = res.date, res.end_date
    if res.precision == "year":
        first, last = (dt.date(first.year, 4 * part + 1, 1), dt.date(first.year, 4 * part + 4, 1))
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    elif res.precision == "decade":
        first, last = (
            dt.date(first.year + (0, 4, 7)[part], 1, 1),
            dt.date(first.year + (3, 6, 9)[part], 12, 31),
        )
    elif res.precision == "month":
        first = first.replace(day=(1, 11, 21)[part])
        last = last if part == 2 else first.replace(day=(10, 20)[part])
    else:
        total = (last - first).days + 1
        a, b = part * total // 3, (part + 1) * total // 3 - 1
        first, last = res.date + dt.timedelta(days=a), res.date + dt.timedelta(days=b)
    return replace(res, date=first, end_date=last, kind="approximate")


def _lean_forward(behind: int, ahead: int, lean: int) -> bool:
    """Past by default (lean -1); the future when the text says it is to come (lean 2: "will", "is to",
    "scheduled to"), when it looks ahead and the future is nearer (lean 1: "by", "until"), or when no tense
    says either way and the future is less than half as far (lean 0: news tells mostly of the past)."""
    return lean >= 2 or (lean == 1 and ahead <= behind) or (lean == 0 and 2 * ahead < behind)


def _month_year(mon: int, anchor: dt.date, lean: int) -> int:
    behind = (anchor.month - mon) % 12
    ahead = (mon - anchor.month) % 12
    if behind == 0:
        return anchor.year
    if _lean_forward(behind, ahead, lean):
        return anchor.year if mon > anchor.month else anchor.year + 1
    return anchor.year if mon < anchor.month else anchor.year - 1


def _nearest_day(mon: int, day: int, anchor: dt.date, lean: int) -> dt.date | None:
    past = [
        d
        for y in (anchor.year, anchor.year - 1, anchor.year - 4)
        if (d := _safe_date(y, mon, day)) and d <= anchor
    ]
    future = [d for y in (anchor.year, anchor.year + 1) if (d := _safe_date(y, mon, day)) and d > anchor]
    if not past and not future:
        return None
    if not past:
        return future[0]
    if future and _lean_forward((anchor - past[0]).days, (future[0] - anchor).days, lean):
        return future[0]
    return past[0]

"""The rules that resolve one time expression (already lower-cased) against an anchor date.

Used by :mod:`eventwire.dates`, which finds the expressions and holds the public API; kept apart so that
each module stays small. Every function here is pure: a string and a date in, a resolution or None out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from eventwire.timex_named import _holiday, _part_of_year, _season, _with_weekday
from eventwire.timex_values import (
    _APPROX,
    _MON,
    _MON_SAFE,
    _MONTHS,
    _NUMW,
    _UNIT,
    _UNITS,
    _WD,
    _WEEKDAYS,
    _count,
    _day,
    _lean_forward,
    _month,
    _month_year,
    _narrow,
    _nearest_day,
    _quarter,
    _Res,
    _safe_date,
    _span,
    _week,
    _year,
    _year_of,
)

__all__ = ["_MON", "_MON_SAFE", "_NUMW", "_UNIT", "_WD", "_Res", "_day", "_month", "_norm", "_resolve", "_strip",
           "_week", "_year"]


_LEAD = re.compile(
    r"^(?:(?:on|in|at|during|by|of|for the|as of|until|till|through|throughout|from|before|after|around|"
    r"about|sometime in|some time in|since|the|this past|over the weekend of)\s+)+"
)
_MOD = r"(?P<mod>early-?|mid-?|late-?|the beginning of|the start of|the middle of|the end of|end of)"


def _norm(text: str) -> str:
    s = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s).strip(' .,;:()"')
    return re.sub(r"'s$", "", s)


def _resolve(s: str, anchor: dt.date | None, lean: int = -1) -> _Res | None:
    """Resolve a normalised expression ``s``; None when it is not a time expression this module knows."""
    if re.search(r"\b(?:years? old|year-old|aged|ages)\b", s):
        return None
    m = re.fullmatch(
        r"(?:(?:ever |even )?since|from) (.+?)(?: (?:to|until|till) (?:now|today|date|the present))?", s
    )
    if m and not re.search(r" (?:to|until|through|and) ", m.group(1)):
        inner = _resolve(_strip(m.group(1)), anchor)
        if inner is None or inner.date is None or anchor is None or inner.kind == "duration":
            return inner
        return _Res(f"{inner.value}/{anchor.isoformat()}", inner.date, anchor, inner.precision, "range")
    m = re.fullmatch(
        r"(?:between|from) (.+?) (?:and|to|until|till|through) (.+)|(.+?)(?: ?- ?| to | through )(.+)", s
    )
    if m:
        left, right = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        rng = _range(_strip(left), _strip(right), anchor, lean)
        if rng is not None:
            return rng
    dur = _duration(s)
    if dur is not None:
        return dur
    rel = _relative(s, anchor, lean)
    if rel is not None:
        return rel
    m = re.fullmatch(rf"{_MOD} ?(.+)", s)
    if m:
        inner = _calendar(_strip(m.group(2)), anchor, lean)
        if inner is not None:
            mod = m.group("mod").rstrip("-")
            return _narrow(inner, mod)
    cal = _calendar(s, anchor, lean)
    if cal is not None:
        return cal
    return None


def _strip(s: str) -> str:
    return _LEAD.sub("", s).strip()


def _range(left: str, right: str, anchor: dt.date | None, lean: int) -> _Res | None:
    if re.fullmatch(r"\d{1,2}", right) and re.search(r"\d$", left):  # "March 3-5", "3-5 March"
        right = re.sub(r"\d{1,2}(?=(?:st|nd|rd|th)?(?:,? \d{4})?$)", right, left, count=1)
    elif re.fullmatch(r"\d{1,2}", left) and re.match(r"\d", right):
        left = re.sub(r"^\d{1,2}", left, right)
    end = _calendar(right, anchor, lean)
    if end is None or end.date is None:
        return None
    # "March to May 2017": the left side borrows the right side's year
    ly = re.search(r"\b(\d{4})$", right)
    left_full = left if re.search(r"\d{4}$", left) or not ly else f"{left} {ly.group(1)}"
    if re.fullmatch(r"\d{1,2}", left) and end.precision == "day":
        start_d = _safe_date(end.date.year, end.date.month, int(left))
        start: _Res | None = _day(start_d) if start_d else None
    else:
        start = _calendar(left_full, end.end_date)
    if start is None or start.date is None or end.end_date is None or start.date > end.date:
        return None
    return _Res(f"{start.value}/{end.value}", start.date, end.end_date, start.precision, "range")


def _duration(s: str) -> _Res | None:
    m = re.fullmatch(
        rf"(?:for |over |within |in |after |during )?(?:the |a |an )?(?:past |last |next |first |previous |"
        rf"coming |following |nearly |almost |about |more than |over |at least |some |around |another )?"
        rf"(?:(?P<n>{_NUMW})[ -])?(?P<unit>{_UNIT})(?: and a half)?(?: of \w+| long| or so| later| earlier)?",
        s,
    )
    if not m:
        return None
    unit = m.group("unit").rstrip("s").replace("centurie", "century").replace("centurie", "century")
    n_text = m.group("n")
    plural = m.group("unit").endswith("s")
    if n_text is None:
        if not plural:
            return None  # "the week", "a month" are handled (or refused) elsewhere
        n: int | None = None
    else:
        n = _count(n_text)
    code = _UNITS.get(unit, "D")
    if code in ("WE", "Q"):
        return None
    if code == "DE":
        code, n = "Y", None if n is None else n * 10
    if code == "CE":
        code, n = "Y", None if n is None else n * 100
    amount = "X" if n is None else str(n)
    value = f"PT{amount}{code[1]}" if code.startswith("T") else f"P{amount}{code}"
    return _Res(value, None, None, None, "duration")


def _relative(s: str, anchor: dt.date | None, lean: int = -1) -> _Res | None:
    if re.fullmatch(r"(?:(?:earlier|later) )?(?:today|tonight|this (?:morning|afternoon|evening))", s):
        return None if anchor is None else _day(anchor)
    if re.fullmatch(r"(?:the )?(?:full |current |fiscal |calendar |current fiscal )?year|earlier in the year", s):
        return None if anchor is None else _year(anchor.year)  # "for the year", "the current fiscal year"
    if re.fullmatch(r"(?:the )?(?:year-end|year end|year's end|end of the year)", s):
        return None if anchor is None else _narrow(_year(anchor.year) or _day(anchor), "late")  # "by year-end"
    if re.fullmatch(r"the (?:week|month)", s) and anchor is not None:
        return _unit_period(s[4:], 0, anchor)  # "for the week, the index fell": the anchor's week
    if re.fullmatch(r"(?:the |this )?weekend", s):
        return None if anchor is None else _unit_period("weekend", 1 if lean > 0 else 0, anchor)
    if re.fullmatch(r"(?:yesterday|last night)(?: (?:morning|afternoon|evening))?", s):
        return None if anchor is None else _day(anchor - dt.timedelta(days=1))
    if re.fullmatch(r"(?:the day before yesterday)", s):
        return None if anchor is None else _day(anchor - dt.timedelta(days=2))
    if re.fullmatch(r"tomorrow(?: (?:morning|afternoon|evening|night))?", s):
        return None if anchor is None else _day(anchor + dt.timedelta(days=1))
    m = re.fullmatch(rf"(?P<q>{_APPROX} )?(?P<n>{_NUMW})[ -](?P<unit>{_UNIT}) (?:ago|earlier|before)", s)
    if m:
        res = _ago(m.group("n"), m.group("unit"), anchor)
        return replace(res, kind="approximate") if res is not None and m.group("q") else res
    m = re.fullmatch(rf"(?:(?P<rel>last|this|next|this past|this coming|past|previous) )?(?P<wd>{_WD})"
                     r"(?:,? (?:morning|afternoon|evening|night))?", s)  # fmt: skip
    if m and m.group("wd") in _WEEKDAYS:
        if anchor is None:
            return None
        wd = _WEEKDAYS[m.group("wd")]
        rel = m.group("rel") or ""
        if not rel and lean >= 0:
            ahead = (wd - anchor.weekday()) % 7
            if _lean_forward((anchor.weekday() - wd) % 7, ahead, lean):
                return _day(anchor + dt.timedelta(days=ahead))
        if rel in ("next", "this coming"):
            return _day(anchor + dt.timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1))
        back = (anchor.weekday() - wd) % 7
        if rel in ("last", "past", "previous", "this past") and back == 0:
            back = 7
        return _day(anchor - dt.timedelta(days=back))
    m = re.fullmatch(
        r"(?:(?P<pre>earlier|later) )?(?:(?P<mod>early|late|mid-?|the end of|end of|the beginning of) )?"
        r"(?P<rel>last|this|next|the past|the previous|the coming|the current|the following) ?"
        r"(?P<unit>week|weekend|month|year|quarter|decade)",
        s,
    )
    if m:
        if anchor is None:
            return None
        rel = m.group("rel")
        step = {"last": -1, "the past": -1, "the previous": -1, "next": 1, "the coming": 1,
                "the following": 1}.get(rel, 0)  # fmt: skip
        res = _unit_period(m.group("unit"), step, anchor)
        if res is None:
            return None
        if m.group("mod"):
            res = _narrow(res, m.group("mod").rstrip("-"))
        if m.group("pre") and res.date is not None:
            if m.group("pre") == "earlier" and step == 0:
                return replace(res, end_date=anchor, kind="approximate")
            return replace(res, kind="approximate")
        if rel == "the past" and m.group("unit") in ("week", "month", "year"):
            return None  # "the past year" is a duration in TimeML's reading; handled by _duration
        return res
    return None


def _unit_period(unit: str, step: int, anchor: dt.date) -> _Res | None:
    if unit == "week":
        return _week(anchor + dt.timedelta(weeks=step))
    if unit == "weekend":
        sat = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
        if step > 0:
            sat += dt.timedelta(days=7)
        iso = sat.isocalendar()
        return _span(f"{iso[0]:04d}-W{iso[1]:02d}-WE", sat, sat + dt.timedelta(days=1))
    if unit == "month":
        idx = anchor.year * 12 + anchor.month - 1 + step
        return _month(idx // 12, idx % 12 + 1)
    if unit == "year":
        return _year(anchor.year + step)
    if unit == "quarter":
        idx = anchor.year * 4 + (anchor.month - 1) // 3 + step
        return _quarter(idx // 4, idx % 4 + 1)
    if unit == "decade":
        d0 = anchor.year // 10 * 10 + 10 * step
        return _Res(f"{d0 // 10:03d}X", dt.date(d0, 1, 1), dt.date(d0 + 9, 12, 31), "decade")
    return None


def _ago(n_text: str, unit_text: str, anchor: dt.date | None) -> _Res | None:
    n = _count(n_text)
    if anchor is None or n is None or n > 5000:
        return None
    unit = unit_text.rstrip("s")
    try:
        if unit in ("day", "night"):
            return _day(anchor - dt.timedelta(days=n))
        if unit == "week":
            return _week(anchor - dt.timedelta(weeks=n))
        if unit == "month":
            idx = anchor.year * 12 + anchor.month - 1 - n
            return _month(idx // 12, idx % 12 + 1)
        if unit == "year":
            return _year(anchor.year - n)
        if unit == "decade":
            return _year(anchor.year - 10 * n, "approximate")
    except (OverflowError, ValueError):
        return None
    return None


def _calendar(s: str, anchor: dt.date | None, lean: int = -1) -> _Res | None:
    """Calendar expressions: days, months, years, decades, quarters, seasons."""
    s = _strip(s)
    weekday = re.match(rf"({_WD}),? ", s)
    s = s[weekday.end():] if weekday else s  # "tuesday, june 6" -> "june 6", the weekday kept to check
    m = re.fullmatch(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<m>{_MON}),?(?: (?P<y>\d{{4}}))?", s) or (
        re.fullmatch(rf"(?P<m>{_MON}) (?:the )?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,? (?P<y>\d{{4}}))?", s)
    )
    if m:
        mon = _MONTHS[m.group("m").rstrip(".")]
        day = int(m.group("d"))
        if m.group("y"):
            d = _safe_date(int(m.group("y")), mon, day)
            return _day(d) if d else _Res(None, None, None, "day")
        if anchor is None:
            return None
        d = _nearest_day(mon, day, anchor, lean)
        if weekday is not None and d is not None and d.weekday() != _WEEKDAYS[weekday.group(1)]:
            d = _with_weekday(mon, day, _WEEKDAYS[weekday.group(1)], anchor) or d
        if d is None and mon == 2 and day == 29:
            d = _safe_date(anchor.year - (anchor.year % 4), 2, 29)
        return _day(d) if d else _Res(None, None, None, "day")
    m = re.fullmatch(rf"(?P<m>{_MON}),?(?: of)?(?: (?P<y>\d{{4}}|'\d\d))?", s)
    if m and (m.group("y") or m.group("m").rstrip(".") not in ("may", "mar")):
        mon = _MONTHS[m.group("m").rstrip(".")]
        if m.group("y"):
            y = _year_of(m.group("y"))
            return _month(y, mon) if y else None
        if anchor is None:
            return None
        return _month(_month_year(mon, anchor, lean), mon)
    if re.fullmatch(r"may", s) and anchor is not None:
        return _month(_month_year(5, anchor, lean), 5)
    m = re.fullmatch(rf"(?:(?P<rel>last|this|next|this past|this coming) (?P<m>{_MON})|(?P<m2>{_MON}),? "
                     r"(?:of )?(?P<rel2>last|this|next) year)", s)  # fmt: skip
    if m and anchor is not None:
        mon = _MONTHS[(m.group("m") or m.group("m2")).rstrip(".")]
        rel = m.group("rel") or m.group("rel2")
        if m.group("rel2"):
            return _month(anchor.year + {"last": -1, "this": 0, "next": 1}[rel], mon)
        if rel in ("last", "this past"):
            return _month(anchor.year if mon < anchor.month else anchor.year - 1, mon)
        if rel in ("next", "this coming"):
            return _month(anchor.year if mon > anchor.month else anchor.year + 1, mon)
        return _month(anchor.year, mon)
    holiday = _holiday(s, anchor, lean)
    if holiday is not None:
        return holiday
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th) century", s)
    if m and 1 <= int(m.group(1)) <= 21:
        c0 = (int(m.group(1)) - 1) * 100
        return _span(f"{c0 // 100:02d}XX", dt.date(max(c0, 1), 1, 1), dt.date(c0 + 99, 12, 31))
    m = re.fullmatch(r"(?:fiscal |fy ?|calendar |(?:the )?year )?(\d{4}|'\d\d)", s)
    if m:
        y = _year_of(m.group(1))
        return _year(y) if y is not None and 1000 <= y <= 2200 else None
    m = re.fullmatch(r"(?:the )?(?:(\d{2})(\d)0|'(\d)0)'?s", s)
    if m:
        if m.group(3):
            # "the '80s": the latest such decade begun by the anchor's year (1980s in 1989, 2010s in 2017)
            century = 19 if anchor is None else anchor.year // 100 - (int(m.group(3)) * 10 > anchor.year % 100)
            d0 = century * 100 + int(m.group(3)) * 10
        else:
            d0 = int(m.group(1)) * 100 + int(m.group(2)) * 10
        if not 1000 <= d0 <= 2190:
            return None
        return _Res(f"{d0 // 10:03d}X", dt.date(d0, 1, 1), dt.date(d0 + 9, 12, 31), "decade")
    # "the quarter", "the latest quarter" (the article's reporting period): the last quarter ended before the
    # anchor. Only spans already taken for times reach here, so "a quarter of the vote" does not.
    m = re.fullmatch(r"(?:the )?(?:latest |last |most recent |recent |past |just-ended )?quarter", s)
    if m and anchor is not None:  # the quarter just reported: the last one ended before the anchor
        q = (anchor.month - 1) // 3
        return _quarter(anchor.year, q) if q else _quarter(anchor.year - 1, 4)
    if re.fullmatch(r"(?:the )?current quarter|this quarter", s) and anchor is not None:
        return _quarter(anchor.year, (anchor.month - 1) // 3 + 1)
    m = re.fullmatch(
        r"(?:(?:the|its|their) )?(?:(?:this|last|next) year's |(?P<y0>\d{4}) )?(?:fiscal[- ]|calendar )?"
        r"(?P<o>first|second|third|fourth|1st|2nd|3rd|4th|last)[- ](?P<u>quarter|half)"
        r"(?: of (?:the year|fiscal|this year|last year|next year|(?P<y>\d{4})))?",
        s,
    )
    if m:  # "the third quarter", "its fiscal first quarter", "the 1988 second quarter", "next year's first half"
        return _part_of_year(m.group("o"), m.group("u"), m.group("y") or m.group("y0"), s, anchor)
    m = re.fullmatch(r"(?:(?P<rel>this|last|next|this past|the) )?(?P<se>spring|summer|fall|autumn|winter)"
                     r"(?: of)?(?: (?P<y>\d{4}))?", s)  # fmt: skip
    if m:  # "last summer", "the summer of 2016"; "(over) the summer", "this past spring": the latest begun
        return _season(m.group("se"), m.group("rel") or "the", m.group("y"), anchor)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})|(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        if m.group(1):
            d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:  # US order in English news: month/day/year
            d = _safe_date(int(m.group(6)), int(m.group(4)), int(m.group(5)))
            if d is None:
                d = _safe_date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        return _day(d) if d else _Res(None, None, None, "day")
    return None

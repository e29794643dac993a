"""Named periods: holidays, quarters and halves of a year, seasons.

Used by :mod:`eventwire.timex_rules`; pure functions from an expression (already lower-cased) and an anchor
to a resolution or None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from eventwire.timex_values import _ORDINALS, _SEASONS, _day, _quarter, _Res, _span


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
    else:
        y = anchor.year
    if unit == "half":
        h = 2 if o == "last" else _ORDINALS.get(o, 0)
        if h not in (1, 2):
            return None
        return _span(f"{y:04d}-H{h}", dt.date(y, 6 * h - 5, 1), dt.date(y, 6 * h, 30 if h == 1 else 31))
    q = 4 if o == "last" else _ORDINALS[o]
    if anchor is not None and not y_text and "this year" not in s and (q - 1) * 3 + 1 > anchor.month:
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

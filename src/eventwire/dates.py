"""Time expressions: found in a parsed article and resolved against its publication date (the anchor).

Resolution is rule-first: the common news forms ("last week", "on 6 June", "in June", "since November",
"two days ago", "late 2016", "the 1990s", "between March and May") are handled by the rules below, with a
precision and a kind; dateparser is a fallback for the rest. Durations ("six years", "for three weeks") are
kept as mentions of kind ``duration`` with an ISO 8601 duration in ``value`` and no date. Ages, lengths and
impossible dates give no date and never raise.

Conventions: a month, a day or a weekday given without a year is the most recent one not after the anchor
("Friday" in a Friday paper is that day) unless the words that govern it say otherwise: the future after
"will", "is to", "scheduled to", "as soon as"; the future when nearer after "until", "by", "extended to";
the nearer (unless it is twice as far ahead) where no tense says (a noun or adjective governs it: "the Jan.
14 deadline", "payable Dec. 15") or a present tense does; a weekday given with the date picks its year.
"last Tuesday" is strictly before the anchor; "next ..." looks forward. Quarters, halves and seasons keep
their TimeML value ("2017-Q2", "2017-H1", "2017-SU") with their first and last days and no precision,
because the data model's precisions stop at month, year and decade. Some expressions are dated from the
text before them (:mod:`eventwire.timex_discourse`): "a year earlier" after "the third quarter" is that
quarter a year back, "later that day" the day last named.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.models import Precision, TimeMention
from eventwire.timex_discourse import (
    narrative_reference,
    reporting_period,
    resolve_in_discourse,
    resolve_in_narrative,
)
from eventwire.timex_named import _spelled_years
from eventwire.timex_rules import (
    _MON,
    _MON_SAFE,
    _NUMW,
    _UNIT,
    _WD,
    _day,
    _month,
    _norm,
    _Res,
    _resolve,
    _strip,
    _week,
    _year,
)

from .nlp import doc_text

NAME = "dates.rules.v1"

_FUTURE_HEADS = frozenset({"schedule", "due", "plan", "expect", "upcoming", "deadline"})
_REPORTING_VERBS = "say tell announce report state claim confirm add note warn deny accuse write tweet post"
_REPORTING = frozenset(_REPORTING_VERBS.split(" "))
# Verbs whose infinitive complement is still to come: "is to resume", "expected to join", "due to open"
_AHEAD_GOVERNORS = _FUTURE_HEADS | {"be", "intend", "aim", "prepare", "set"}
# Words just before a date that put it ahead: "until (9 a.m.) Tuesday", "extended to Nov. 17" (not "from
# Sept. 14 to Thursday" nor "back to"), and certainly ahead: "as soon as Monday"
_TIME_OF_DAY = r"(?:\s+\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\s+[a-z]{3})?)?"
_AHEAD_BEFORE = re.compile(rf"\b(?:by|until|till|next|through){_TIME_OF_DAY}\s*$|^(?!.*\bfrom\b).*(?<!back )\bto\s*$")
_STRONG_AHEAD_BEFORE = re.compile(rf"\bas (?:soon|early) as{_TIME_OF_DAY}\s*$")

# --- dateparser fallback -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def date_parser() -> Any:
    """The one DateDataParser this module uses (built on first use, never at import)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"], settings={"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    )


def _dateparser(s: str, anchor: dt.date | None) -> _Res | None:
    if anchor is None or not re.search(r"\d", s) or not re.search(rf"\b{_MON}|\d[/.]\d", s):
        return None  # dateparser is kept for the formats the rules do not cover: "24.06.2017", "6th of June"
    if re.fullmatch(r"[\d,.\s]+", s) or len(s) > 40:
        return None
    parser = date_parser()
    try:
        parser._settings.RELATIVE_BASE = dt.datetime(anchor.year, anchor.month, anchor.day)
        data = parser.get_date_data(s)
    except Exception:  # dateparser raises many kinds of errors on odd input; a miss is not fatal
        return None
    obj = getattr(data, "date_obj", None)
    period = getattr(data, "period", None)
    if obj is None:
        return None
    d = obj.date()
    year = re.search(r"\b(\d{4})\b", s)
    if (int(year.group(1)) != d.year) if year else abs(d.year - anchor.year) > 1:
        return None
    if period == "day":
        return _day(d)
    if period == "week":
        return _week(d)
    if period == "month":
        return _month(d.year, d.month)
    if period == "year":
        return _year(d.year)
    return None


# --- public API --------------------------------------------------------------------------------------


def resolve_time(text: str, anchor: dt.date | None) -> TimeMention | None:
    """Resolve one time expression against ``anchor``; offsets are 0..len(text).

    None when ``text`` is not a time expression (an age, a number, junk); a mention with no date when it is
    one that cannot be placed (an impossible date, a relative date with no anchor). Never raises.
    """
    lean = 1 if re.match(r"\s*(?:by|until|till|next) ", text, re.IGNORECASE) else -1
    res = resolve_in_discourse(_norm(text), None, anchor) or _resolve_text(text, anchor, lean)
    if res is None:
        return None
    return TimeMention(
        text=text, start=0, end=len(text), value=res.value, date=res.date, end_date=res.end_date,
        precision=res.precision, kind=res.kind,
    )  # fmt: skip


def _resolve_text(text: str, anchor: dt.date | None, lean: int = -1) -> _Res | None:
    s = _norm(text)
    if not s or len(s) > 80:
        return None
    try:
        res = _resolve(s, anchor, lean)
        if res is None:
            res = _resolve(_strip(s), anchor, lean)
        if res is None:
            res = _dateparser(_strip(s), anchor)
        if res is None and (digits := _spelled_years(s)) != s:
            res = _resolve(digits, anchor, lean) or _resolve(_strip(digits), anchor, lean)
    except (ValueError, OverflowError, KeyError):
        return None
    if res is not None and re.match(r"(?:about|around|roughly|approximately|some time|sometime) ", s):
        res = replace(res, kind="approximate") if res.kind == "exact" else res
    return res


_EXTRA = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:(?:ever )?since|between|from) (?:(?:early|late|mid-?) ?)?(?:{_MON_SAFE}|\d{{4}})(?: \d{{1,2}})?"
    rf"(?:,? \d{{4}})?(?: (?:and|to|until) (?:{_MON_SAFE}(?: \d{{1,2}})?|\d{{1,2}} {_MON_SAFE})"
    rf"(?:,? \d{{4}})?| (?:and|to|until) \d{{4}})?"
    rf"|{_WD},? (?:{_MON_SAFE} \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MON_SAFE})"
    rf"(?:,? \d{{4}})?"
    rf"|(?:(?:last|this|next|the past) )?{_WD}(?: (?:morning|afternoon|evening|night))?"
    r"|(?:(?:last|this|next) )?(?:christmas (?:day|eve)|new year's (?:day|eve)|thanksgiving(?: day)?)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MON_SAFE}(?:,? \d{{4}})?"
    rf"|{_MON_SAFE} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|(?:(?:early|late|in|since|until|by) |mid-|mid )(?:{_MON_SAFE}(?: \d{{4}})?|\d{{4}})"
    r"|yesterday|today|tonight|last night|tomorrow"
    r"|(?:(?:the|its|their) )?(?:(?:this|last|next) year's |\d{4} )?(?:fiscal[- ])?"
    r"(?:first|second|third|fourth)[- ](?:quarter|half)"
    r"|(?:(?:earlier|later) )?(?:last|this|next) (?:week|weekend|month|year)"
    rf"|{_NUMW}[ -]{_UNIT} ago"
    r"|the (?:\d{2}|')\d0'?s"
    r"|(?:the )?(?:comparable |corresponding |same )?year-(?:ago|earlier)(?: (?:quarter|period))?"
    r"|(?:the )?\d{4} (?:quarter|period)|the (?:latest |most recent )?(?:quarter|period)(?! of\b)"
    r"|(?:the )?\d{1,2}(?:st|nd|rd|th) century"
    r")(?![\w-])",
    re.IGNORECASE,
)
_LABELS = frozenset({"DATE", "TIME"})
_PART_OF_SOMETHING = re.compile(r"(?:the |a )?(?:latest |last |most recent |first |second |third |fourth )?"
                                r"(?:quarter|half|period)")
_OF_NOT_TIME = re.compile(r"\s+of\s+(?![$£€\d]|(?:the )?(?:year|fiscal|this year|last year|next year)\b)")
_ABBR_END = re.compile(
    r"\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.$", re.I
)


def _candidates(doc: Doc, text: str) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Overlapping candidate spans merged into groups: (merged span, its parts)."""
    spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _LABELS]
    spans += [(m.start(), m.end()) for m in _EXTRA.finditer(text)]
    spans.sort()
    groups: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    for start, end in spans:
        if groups and start < groups[-1][0][1]:
            (g_start, g_end), parts = groups[-1]
            parts.append((start, end))
            groups[-1] = ((g_start, max(end, g_end)), parts)
        else:
            groups.append(((start, end), [(start, end)]))
    return groups


def _governor(doc: Doc, start: int, end: int) -> Token | None:
    """The word the time expression hangs from, past its prepositions ("said" in "said on Monday")."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    root = span[0]
    for tok in span:  # the token whose head lies outside the span (Span.root scans the whole doc)
        if not span.start <= tok.head.i < span.end or tok.head.i == tok.i:
            root = tok
            break
    head = root.head
    while head.dep_ in ("prep", "pobj", "npadvmod", "pcomp") and head.head.i != head.i:
        head = head.head
    return head


def _lean(head: Token | None, before: str, surface: str) -> int:
    """Which way an undated day or month leans: -1 past, 2 future, 1 the future if nearer and it looks ahead,
    0 the nearer (no tense says either way)."""
    if _STRONG_AHEAD_BEFORE.search(before):
        return 2
    if _AHEAD_BEFORE.search(before) or re.match(r"(?:by|until|till|next) ", surface):
        return 1
    if head is None:
        return -1
    auxes = {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "'ll", "shall", "wo", "going"}:
        return 2  # "will meet on Tuesday"
    if "to" in auxes and head.dep_ == "xcomp" and head.head.lemma_ in _AHEAD_GOVERNORS:
        return 2  # "is to resume trading Tuesday", "scheduled to close Monday", "expected to join in April"
    if head.lemma_ in _FUTURE_HEADS or "to" in auxes:
        return 1  # "planned for Saturday", "agreed to meet Monday": ahead of something, maybe already past
    if head.pos_ not in ("VERB", "AUX"):
        return 0  # "the Jan. 14 deadline", "payable Dec. 15", "effective June 1": no tense to go by
    if auxes & {"has", "have", "had", "was", "were", "did", "been"} or head.tag_ == "VBD":
        return -1
    if head.lemma_ in _REPORTING:
        return -1  # "says Monday": what is reported has happened
    return 0


def find_times(doc: Doc, anchor: dt.date | None) -> list[TimeMention]:
    """Time expressions in ``doc`` (spaCy DATE/TIME entities plus this module's patterns), resolved.

    A day, month or weekday with no year resolves into the past unless its clause looks ahead ("will",
    "by", "until", "next", "scheduled"); the kind is ``reported`` when the expression dates a reporting verb.
    """
    out: list[TimeMention] = []
    text = doc_text(doc)
    ref: str | None = None  # the reporting period (a quarter or half) named last
    last: TimeMention | None = None  # the last day, week, month or year named
    for (start, end), parts in _candidates(doc, text):
        m = _found(doc, text, start, end, anchor, ref, last)
        found = [m] if m is not None else []
        if m is None:
            # the merged span does not parse as a whole: take its parts, longest first, without overlaps
            taken: list[tuple[int, int]] = []
            for p_start, p_end in sorted(set(parts), key=lambda p: p[0] - p[1]):
                if (p_start, p_end) == (start, end) or any(p_start < e and s < p_end for s, e in taken):
                    continue
                m = _found(doc, text, p_start, p_end, anchor, ref, last)
                if m is not None:
                    taken.append((p_start, p_end))
                    found.append(m)
        for m in sorted(found, key=lambda t: t.start):
            ref = reporting_period(_norm(m.text), m.value, m.end_date, anchor) or ref
            last = m if narrative_reference(m) else last
        out += found
    out.sort(key=lambda t: t.start)
    return out


def _found(doc: Doc, text: str, start: int, end: int, anchor: dt.date | None, ref: str | None = None,
           last: TimeMention | None = None) -> TimeMention | None:
    raw = text[start:end]
    start += len(raw) - len(raw.lstrip())
    end -= len(raw) - len(raw.rstrip())
    if text[start:end].endswith(".") and not _ABBR_END.search(text[start:end]):
        end -= 1  # the sentence's full stop, not an abbreviation's
    if end <= start:
        return None
    surface = text[start:end]
    if _PART_OF_SOMETHING.fullmatch(surface.lower()) and _OF_NOT_TIME.match(text[end:]):
        return None  # "the quarter of the old city", "the period of calm": no time
    head = _governor(doc, start, end)
    lean = _lean(head, text[max(0, start - 24) : start].lower(), surface.lower())
    norm = _norm(surface)
    res = resolve_in_narrative(norm, last) or resolve_in_discourse(norm, ref, anchor) or \
        _resolve_text(surface, anchor, lean)
    if res is None:
        return None
    kind = res.kind
    if kind == "exact" and head is not None and head.lemma_ in _REPORTING:
        kind = "reported"
    return TimeMention(
        text=surface, start=start, end=end, value=res.value, date=res.date, end_date=res.end_date,
        precision=res.precision, kind=kind,
    )  # fmt: skip


def time_precision(precision: Precision | None) -> int | None:
    """ACLED time_precision: 1 day, 2 week, 3 month; None for anything coarser or unknown."""
    return {"day": 1, "week": 2, "month": 3}.get(precision or "")

"""Numbers that could be counts of people: parsed into low/best/high with their qualifier.

Conventions (documented here because downstream figures inherit them):

- A plain number gives ``best`` only ("2,500" -> best 2500).
- Approximation ("about", "around", "some", "an estimated", "roughly", "approximately", "or so") gives
  ``best``.
- Lower bounds ("at least", "more than", "over", "no fewer than", "or more", "100-plus") give ``low`` and
  ``best`` equal to the number: the stated figure is the conservative reading, as ACLED codes it.
- Upper bounds ("up to", "as many as", "fewer than", "less than", "at most", "under") give ``high`` only:
  the stated number is a ceiling, not the most likely value, so ``best`` stays None.
- Near-misses ("nearly", "almost", "close to", "just under") give ``best`` and ``high`` equal to the number.
- "exactly" gives low = best = high.
- Ranges ("between 20 and 30", "20 to 30", "20-30", "two or three") give ``low`` and ``high``; ``best`` is
  None, because UCDP's best is the most likely value and a range states none (a consumer wanting ACLED's
  conservative coding takes ``low``).
- Vague plurals follow ACLED's conventions for both ``low`` and ``best``: "dozens" 12, "tens" 10, "scores" 20,
  "hundreds" 100, "thousands" 1,000, "tens of thousands" 10,000, "hundreds of thousands" 100,000, "millions"
  1,000,000; the qualifier names the phrase ("dozens"). "several" / "a few" / "many" give only a floor
  (low 3 / 2 / 2, best None); ACLED's fatality coding turns such words into 10, which is the figure stage's
  business (see :data:`ACLED_UNSPECIFIED`).

:func:`find_numbers` keeps only numbers that could be counts: lengths, money, percentages, years, ages, times
of day, durations, days of the month and ordinals are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from spacy.tokens import Doc

from eventwire.models import NumberMention

from .nlp import doc_text

NAME = "numbers.rules.v1"

#: What ACLED codes for an unspecified plural ("several", "many") when a single fatality figure is needed.
ACLED_UNSPECIFIED = 10


class Quantity(NamedTuple):
    low: int | None
    best: int | None
    high: int | None
    qualifier: str | None


_SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
)
_SMALL: dict[str, int] = {w: i for i, w in enumerate(_SMALL_WORDS.split(" "))}
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_TENS: dict[str, int] = {w: 10 * (i + 2) for i, w in enumerate(_TENS_WORDS.split(" "))}
# lakh and crore: the Indian scales of South Asian news ("seven lakh people", "1.2 crore")
_SCALES: dict[str, int] = {"thousand": 1_000, "lakh": 100_000, "lakhs": 100_000, "million": 1_000_000,
                           "crore": 10_000_000, "crores": 10_000_000, "billion": 1_000_000_000}
_SUFFIX_SCALES: dict[str, int] = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}
_FRACTIONS: dict[str, float] = {
    "half": 0.5,
    "quarter": 0.25,
    "quarters": 0.25,
    "third": 1 / 3,
    "thirds": 1 / 3,
}
_WORD_NUMBERS = sorted([*_SMALL, *_TENS, "hundred", *_SCALES, "dozen"], key=len, reverse=True)

# Qualifier phrase -> (label, role).
_QUALIFIERS: dict[str, tuple[str, str]] = {}
for _role, _phrases in {
    "lower": "at least|more than|over|upwards of|in excess of|no fewer than|no less than|not less than|"
    "a minimum of|at a minimum|well over|well above|greater than|above",
    "upper": "up to|as many as|at most|no more than|not more than|fewer than|less than|under|below|"
    "a maximum of|as few as",
    "near": "nearly|almost|close to|just under|just short of|approaching|nearing|shy of",
    "approx": "about|around|approximately|roughly|some|an estimated|estimated|circa|approx\\.|"
    "an approximate|a reported|reportedly|up to about",
    "exact": "exactly|precisely|a total of|in all|fully",
}.items():
    for _p in _phrases.split("|"):
        _QUALIFIERS[_p.replace("\\", "")] = (_p.replace("\\", "").rstrip("."), _role)
_QUALIFIERS["a total of"] = ("a total of", "plain")
_QUALIFIERS["in all"] = ("in all", "plain")
_QUALIFIERS["fully"] = ("fully", "plain")
_QUALIFIERS["up to about"] = ("up to about", "upper")

_VAGUE: dict[str, tuple[int, int | None, str]] = {
    # phrase -> (low, best, qualifier)
    "tens of millions": (10_000_000, 10_000_000, "tens of millions"),
    "hundreds of millions": (100_000_000, 100_000_000, "hundreds of millions"),
    "tens of thousands": (10_000, 10_000, "tens of thousands"),
    "hundreds of thousands": (100_000, 100_000, "hundreds of thousands"),
    "millions": (1_000_000, 1_000_000, "millions"),
    "thousands": (1_000, 1_000, "thousands"),
    "hundreds": (100, 100, "hundreds"),
    "dozens": (12, 12, "dozens"),
    "scores": (20, 20, "scores"),
    "tens": (10, 10, "tens"),
    "several": (3, None, "several"),
    "a few": (2, None, "a few"),
    "a handful": (2, None, "a handful"),
}
_SEVERAL_SCALE: dict[str, int] = {"several": 3, "a few": 2, "a couple of": 2}

_NUM_WORD = "|".join(_WORD_NUMBERS)
# digits: 2,500; 2500; 2.5; and the Indian grouping of South Asian news, 3,57,243 (357,243)
_DIGITS = r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = r"hundred|thousand|lakhs?|million|crores?|billion"
# one number: digits with optional scale, or a run of number words
_NUMBER = (
    rf"(?:(?:{_DIGITS})(?:\s*(?:{_SCALE_WORDS})\b|(?:k|m|mn|bn)\b)?"
    rf"|(?:(?:a|an|one|half\s+a|a\s+half|(?:one|two|three)[\s-]quarters?\s+of\s+a|a\s+quarter\s+of\s+a)\s+)?"
    rf"(?:{_NUM_WORD})\b(?:(?:\s+and\s+|[\s-])(?:{_NUM_WORD})\b)*)"
)
_VAGUE_RE = "|".join(re.escape(v) for v in sorted(_VAGUE, key=len, reverse=True))
_SEVERAL_RE = rf"(?:several|a\s+few|a\s+couple\s+of)\s+(?:{_SCALE_WORDS})"
_QUAL_RE = "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
_RANGE = (
    rf"(?:between\s+(?P<a1>{_NUMBER})\s+and\s+(?P<b1>{_NUMBER})"
    rf"|from\s+(?P<a2>{_NUMBER})\s+to\s+(?P<b2>{_NUMBER})"
    rf"|(?P<a3>{_NUMBER})\s*(?:-|–|—|\bto\b|\bor\b)\s*(?P<b3>{_NUMBER}))"
)
_SUFFIX = r"(?P<suffix>\s+or\s+more\b|\s+or\s+so\b|\s*\+|-plus\b|\s+plus\b)?"
_PHRASE = (
    rf"(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?:{_RANGE}|(?P<several>{_SEVERAL_RE})\b|(?P<vague>{_VAGUE_RE})\b|(?P<num>{_NUMBER}))"
    rf"{_SUFFIX}"
)
_PHRASE_RE = re.compile(rf"(?<![\w.,])(?:{_PHRASE})(?![\w])", re.IGNORECASE)
_FULL_RE = re.compile(rf"\s*(?:{_PHRASE})(?:\s+of)?\s*[.,;:]?\s*", re.IGNORECASE)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2019", "'").replace("\u00a0", " ")).strip().lower()


def parse_number(text: str) -> int | None:
    """Parse one number ("2,500", "1.5 million", "11m", "Eleven million", "two hundred and fifty")."""
    s = _norm(text)
    if not s:
        return None
    m = re.fullmatch(r"(\d{1,2}(?:,\d{2})+,\d{3}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*([a-z]+)?", s)
    if m:
        value = float(m.group(1).replace(",", ""))
        unit = m.group(2)
        if unit:
            scale = _SCALES.get(unit) or _SUFFIX_SCALES.get(unit) or (100 if unit == "hundred" else None)
            if scale is None:
                return None
            value *= scale
        return int(round(value)) if abs(value - round(value)) < 1e-6 and value < 1e15 else None
    return _parse_words(s)


def _parse_words(s: str) -> int | None:
    frac: float | None = None
    fm = re.match(r"(?:(a|one|two|three)[\s-])?(half|quarters?|thirds?)\s+(?:of\s+)?an?\s+(.*)$", s)
    if fm:
        mult = {"a": 1, "one": 1, "two": 2, "three": 3, None: 1}[fm.group(1)]
        frac = mult * _FRACTIONS[fm.group(2)]
        s = "one " + fm.group(3)
    elif s.startswith("a half "):
        frac, s = 0.5, "one " + s[len("a half ") :]
    words = [w for w in re.split(r"[\s-]+", s) if w and w != "and"]
    if not words:
        return None
    if words[0] in ("a", "an"):
        words[0] = "one"
        if len(words) == 1:
            return None
    total = 0
    current = 0
    seen = False
    if words[0] in ("hundred", "dozen", *_SCALES):
        return None  # "million" on its own is not a number
    for w in words:
        if w in _SMALL:
            current += _SMALL[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "dozen":
            current = max(current, 1) * 12
        elif w in _SCALES:
            total += max(current, 1) * _SCALES[w]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    value = total + current
    return int(round(value * frac)) if frac is not None else value


def _from_parts(qual: str | None, role: str, n: int, suffix: str | None) -> Quantity:
    sfx = _norm(suffix or "")
    if sfx in ("or more", "+", "-plus", "plus") and role in ("plain", "approx"):
        role, qual = "lower", qual or sfx.lstrip("-")
    elif sfx == "or so" and role == "plain":
        role, qual = "approx", "or so"
    if role == "lower":
        return Quantity(n, n, None, qual)
    if role == "upper":
        return Quantity(None, None, n, qual)
    if role == "near":
        return Quantity(None, n, n, qual)
    if role == "exact":
        return Quantity(n, n, n, qual)
    return Quantity(None, n, None, qual)


def _quantity(m: re.Match[str]) -> Quantity | None:
    qtext = _norm(m.group("qual") or "")
    qual, role = _QUALIFIERS.get(qtext, (None, "plain")) if qtext else (None, "plain")
    suffix = m.group("suffix")
    for a_name, b_name in (("a1", "b1"), ("a2", "b2"), ("a3", "b3")):
        if m.group(a_name) is not None:
            a_text, b_text = m.group(a_name), m.group(b_name)
            na, nb = _norm(a_text), _norm(b_text)
            b_scale = re.search(rf"(?:(?<=\s)(?:{_SCALE_WORDS})|(?<=\d)(?:k|m|mn|bn))$", nb)
            if b_scale and not re.search(rf"(?:{_SCALE_WORDS}|\d(?:k|m|mn|bn))$", na):
                sep = " " if b_scale.group(0) in ("hundred", *_SCALES) else ""
                na = f"{na}{sep}{b_scale.group(0)}"
            a, b = parse_number(na), parse_number(nb)
            if a is None or b is None or a >= b:
                whole = parse_number(m.group(0)) if a_name == "a3" and m.group("qual") is None else None
                if whole is None:
                    return None
                return _from_parts(qual, role, whole, suffix)
            if qual is not None and role != "plain":
                return _from_parts(qual, role, b if role in ("upper", "near") else a, suffix)
            return Quantity(a, None, b, "between")
    if m.group("several"):
        words = _norm(m.group("several")).rsplit(" ", 1)
        mult = _SEVERAL_SCALE[words[0]]
        scale = {"hundred": 100, **_SCALES}[words[1]]
        return Quantity(mult * scale, None, None, _norm(m.group("several")))
    if m.group("vague"):
        low, best, vq = _VAGUE[_norm(m.group("vague"))]
        if role == "lower":
            return Quantity(low, best, None, f"{qual} {vq}")
        return Quantity(low, best, None, vq if qual is None else f"{qual} {vq}")
    n = parse_number(m.group("num"))
    if n is None:
        return None
    return _from_parts(qual, role, n, suffix)


def parse_quantity(text: str) -> Quantity | None:
    """Parse a number phrase with its qualifier ("about 2,500", "at least 173", "tens of thousands").

    Returns None when ``text`` is not a number phrase; never raises.
    """
    m = _FULL_RE.fullmatch(text.replace("\u2019", "'").replace("\u00a0", " "))
    if m is None:
        return None
    try:
        return _quantity(m)
    except (ValueError, OverflowError, KeyError):
        return None


# --- finding counts in a document ------------------------------------------------------------------

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_UNIT_AFTER = re.compile(
    r"(?:\s*|\s*-\s*)(?:%|percent\b|per\s+cent\b|percentage\b|"
    r"(?:sq(?:uare)?\.?\s*)?(?:km2?|kilomet(?:re|er)s?|met(?:re|er)s?|m2?|ft|feet|foot|miles?|mi|yards?|yds?|"
    r"cm|mm|inch(?:es)?)(?![a-z])|acres?\b|hectares?\b|ha\b|kg\b|kilo(?:gram)?s?\b|grams?\b|tonnes?\b|"
    r"tons?\b|lbs?\b|°|degrees?\b|mph\b|kph\b|km/h|knots?\b|dollars?\b|pounds?\b|euros?\b|usd\b|"
    r"pence\b|cents?\b|rupees?\b|dinars?\b|liras?\b|pesos?\b|yuan\b|yen\b|naira\b|shillings?\b|"
    r"litres?\b|liters?\b|gallons?\b|barrels?\b|bpd\b|megawatts?\b|mw\b|kw\b|calibre\b|caliber\b|mm\b|"
    r"years?\b|yrs?\b|months?\b|weeks?\b|days?\b|nights?\b|hours?\b|hrs?\b|minutes?\b|mins?\b|seconds?\b|"
    r"secs?\b|decades?\b|centur(?:y|ies)\b|a\.?m\.?(?![a-z])|p\.?m\.?(?![a-z])|o'clock\b|gmt\b|utc\b|"
    r"bc\b|bce\b|ad\b|ce\b|st\b|nd\b|rd\b|th\b|:\d|"
    rf"(?:of\s+)?(?:{_MONTHS.replace('may|', '')})\b|may(?=[\s,]*(?:\d{{4}}\b|[.,;)]|$)))",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(
    r"(?:[$£€¥₹]|\b(?:us|usd|eur|gbp|rs|sp|syp|aged?|ages|no\.?|number|nos\.?|#|resolution|route|article|"
    r"flight|page|chapter|section|room|apartment|unit|highway|road|street|paragraph|line|item|version|"
    r"\d+:|mid-|(?:" + _MONTHS + r")\.?)\s*)$",
    re.IGNORECASE,
)
_PEOPLE_AFTER = re.compile(
    r"\s+(?:people|persons?|civilians?|residents?|refugees?|children|women|men|migrants?|inhabitants|"
    r"syrians|iraqis|afghans|yemenis|fighters|soldiers|troops|voters|citizens|displaced|victims)\b",
    re.IGNORECASE,
)
_EXCLUDED_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})


def _core_span(m: re.Match[str]) -> tuple[int, int]:
    """Offsets of the number itself, without its qualifier or suffix."""
    for g in ("a1", "a2", "a3", "several", "vague", "num"):
        if m.group(g) is not None:
            start = m.start(g)
            break
    else:  # pragma: no cover - the pattern always has one
        start = m.start()
    end = m.end("suffix") if m.group("suffix") else m.end()
    for g in ("b1", "b2", "b3", "several", "vague", "num"):
        if m.group(g) is not None:
            end = m.end(g)
            break
    return start, end


def _is_count(doc: Doc, text: str, m: re.Match[str], ents: list[tuple[int, int, str]]) -> bool:
    start, end = _core_span(m)
    core = text[start:end]
    before = text[max(0, start - 14) : start]
    after = text[end : end + 24]
    if _UNIT_BEFORE.search(before):
        return False
    # "11m people" is eleven million; "25m" on its own is metres
    suffixed = re.search(r"\d(?:m|mn|k)$", core, re.IGNORECASE)
    if suffixed and not _PEOPLE_AFTER.match(after):
        return False
    if not suffixed and _UNIT_AFTER.match(after):
        return False
    if re.search(r"\d\.\d", core) and not re.search(r"[a-z]", core, re.IGNORECASE):
        return False  # a decimal with no scale is not a count of people
    if m.group("num") is not None and m.group("qual") is None and re.fullmatch(r"1\d{3}|20\d{2}", core):
        tok = doc.char_span(start, end, alignment_mode="expand")
        nxt = doc[tok.end] if tok is not None and tok.end < len(doc) else None
        if nxt is None or nxt.tag_ != "NNS":
            return False  # a year
    if m.group("num") is not None and _norm(core) in ("one", "a", "an"):
        tok = doc.char_span(start, end, alignment_mode="expand")
        nxt = doc[tok.end] if tok is not None and tok.end < len(doc) else None
        if nxt is None or nxt.pos_ not in ("NOUN", "ADJ"):
            return False  # "one of them", "one said"
    return all(not (s < end and start < e) or label not in _EXCLUDED_LABELS or _no_date(text[s:e], label)
               for s, e, label in ents)


def _no_date(ent_text: str, label: str) -> bool:
    """A DATE entity that is a bare number of one to three digits ("Spain, 53 evacuated") is the tagger's
    slip: no day, month or year is written so."""
    return label == "DATE" and re.fullmatch(r"\d{1,3}", ent_text.strip()) is not None


_CORE_RE = re.compile(
    rf"\d|\b(?:{'|'.join(_SMALL)}|{'|'.join(_TENS)}|hundred|thousand|million|billion|dozen|scores|several|"
    r"few|handful|couple|half)",
    re.IGNORECASE,
)


def _phrase_matches(text: str) -> Iterator[re.Match[str]]:
    """The phrase pattern run only around the places where a number word or digit occurs (much faster)."""
    windows: list[list[int]] = []
    for hit in _CORE_RE.finditer(text):
        start, end = max(0, hit.start() - 25), min(len(text), hit.end() + 15)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        yield from _PHRASE_RE.finditer(text, start, end)


def find_numbers(doc: Doc) -> list[NumberMention]:
    """Numbers in ``doc`` that could be counts of people, with their qualifiers and ranges."""
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    out: list[NumberMention] = []
    text = doc_text(doc)
    for m in _phrase_matches(text):
        if not _is_count(doc, text, m, ents):
            continue
        try:
            q = _quantity(m)
        except (ValueError, OverflowError, KeyError):
            q = None
        if q is None:
            continue
        start, end = m.start(), m.end()
        raw = text[start:end]
        stripped = raw.rstrip()
        end -= len(raw) - len(stripped)
        out.append(
            NumberMention(
                text=text[start:end],
                start=start,
                end=end,
                low=q.low,
                best=q.best,
                high=q.high,
                qualifier=q.qualifier,
            )
        )
    return out

"""Toponym recognition: the places named in a spaCy ``Doc``, not yet resolved.

Sources: spaCy's GPE/LOC/FAC entities; PERSON/ORG entities and capitalised phrases that the gazetteer knows
and that stand where a place stands (after "in", "near", ..., or as the object of "shelled", "captured", ...);
named features ("Rafiqa Wall", "Tabqa Dam", "Goma airport", "Old City"), whatever spaCy called them;
"northern Syria" style regions and "X province" divisions; demonyms ("Syrian", "Turkish troops"); modifiers
("US-backed", "US military"); metonyms ("Damascus said"); datelines ("MANSFIELD —"); and the other mentions
of a name the article already uses as a place ("Gainesville police"). Not places: a person's last name once
the article gave the full name, titles, languages, acronyms GeoNames knows only as small places' codes, and
single words spaCy guesses that the gazetteer does not know, nor names spaCy calls people or organisations
that it knows only by a near spelling ("Tri-State", not the village "Trei Sate"). Each :class:`Place` says
how the name is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from eventwire.gazetteer import GazEntry, Gazetteer, fold
from eventwire.models import Place, PlaceUse

from .nlp import doc_text as _doc_text
from .placewords import (
    DIRECTIONS,
    DIVISION_WORDS,
    FEATURES_IN_TOWN,
    FEATURES_NEAR,
    LOCATIVE,
    ORG_WORDS,
    SPEAKING_VERBS,
    TAKING_VERBS,
    TITLES,
)

NAME = "places.spacy-gazetteer.v1"

# The words of a feature's name: capitalised, or an Arabic article joined to one ("Ain al-Asad air base").
_FEATURE_RE = re.compile(
    r"\b((?:(?:[A-Z]|(?:al|el|ad|adh|ar|as|ash|at|az|ed|er|es|ez)-[A-Z])[\w'’-]*\s+){1,4}?)((?i:"
    + "|".join(sorted((re.escape(w) for w in FEATURES_IN_TOWN + FEATURES_NEAR), key=len, reverse=True))
    + r"))\b"
)
# A dateline: the town in capitals that opens an article or its lede ("MANSFIELD —", "COLUMBUS, Ohio (AP) -",
# "KABUL, Dec 3 (Reuters) -"), the dash left out after the agency where a page drops it ("MEXICO CITY (AP) The").
_DATELINE_RE = re.compile(
    r"(?:^|\n|\. )([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})(?:,? [A-Z][A-Za-z0-9. ]{1,20})? ?"
    r"(?:\([^)]{1,40}\) ?[—–-]{1,2} |[—–-]{1,2} |\([A-Z][A-Za-z ]{0,29}\) (?=[A-Z]))"
)
# The other form, usual in the Gulf's and South Asia's press: a city in title case and a colon ("Muscat: The ...",
# "New Delhi: Police said ..."); only a country, a division or a city of 100,000 people is read so.
_COLON_DATELINE_RE = re.compile(r"(?:^|\n)([A-Z][a-z]+(?: [A-Z][a-z]+){0,2}): [A-Z]")
_POSSESSIVE = re.compile(r"^.*['’]s?\s+")
_OLD_CITY_RE = re.compile(r"\b(?:the\s+)?(Old (?:City|Town))\b")
# spaCy labels that a repeated place name does not override ("March" the month, "Lincoln" the person).
_NOT_PLACE_LABELS = frozenset(["PERSON", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "WORK_OF_ART", "EVENT"])
_MISLABELS = frozenset(["PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"])
_NOT_NAME = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "us",
    ]
)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    use: PlaceUse
    kind: str  # entity, feature, demonym, region, division, phrase


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym or people noun -> ISO2 country code, from ``data/gazetteer_countries.tsv``."""
    text = resources.files("eventwire").joinpath("data", "gazetteer_countries.tsv").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cc, _aliases, adjectives, nouns = (line.split("\t") + ["", "", ""])[:4]
        for adj in filter(None, adjectives.split("|")):
            table.setdefault(fold(adj), cc)
            if adj.endswith(("an", "i")) and " " not in adj:
                table.setdefault(fold(adj + "s"), cc)
        for noun in filter(None, nouns.split("|")):
            table.setdefault(fold(noun), cc)
    return table


@cache
def region_demonyms() -> dict[str, str]:
    """Folded adjective of a continent or world region -> the region's name ("European": "Europe"), from
    ``data/region_demonyms.tsv``."""
    text = resources.files("eventwire").joinpath("data", "region_demonyms.tsv").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            adj, region = line.split("\t")
            table[fold(adj)] = region
            if adj.endswith("an"):
                table[fold(adj + "s")] = region
    return table


def _known(gaz: Gazetteer, text: str, min_pop: int = 1000, strict: bool = False) -> list[GazEntry]:
    """Gazetteer entries for ``text`` that are countries, divisions or places of some size."""
    if fold(text) in _NOT_NAME or fold(text) in TITLES or len(text) < 3 or text.endswith("-"):
        return []  # "al-" of "al-Aqsa" is an article, not a place
    hits = gaz.candidates(text, strict=strict)
    return [e for e in hits if e.feature_class != "P" or e.population >= min_pop]


def _named(gaz: Gazetteer, text: str) -> bool:
    """Whether ``text`` is the very name of a country, a division or a city of 100,000 people or more
    (GeoNames lists some adjectives, "Ukrainian", among a country's alternate names)."""
    key = fold(text)
    return any(
        (e.feature_class == "A" or e.population >= 100_000) and fold(e.name) == key
        for e in gaz.candidates(text)
    )


def _placelike_context(span: Span) -> bool:
    """Whether a name stands where a place stands: after a locative preposition, or taken/shelled/..."""
    doc = span.doc
    if span.start > 0:
        at = span.start - 1
        while at > 0 and (doc[at].lower_ == "the" or doc[at].lower_ in DIRECTIONS):
            at -= 1  # "in the north of", "in central Burkina Faso"
        prev = doc[at]
        if prev.lower_ in LOCATIVE:
            return True
        if prev.text == "," and span.start > 1 and doc[span.start - 2].ent_type_ in ("GPE", "LOC"):
            return True
    root = span.root
    if root.dep_ in ("dobj", "pobj", "conj", "appos") and root.head.lemma_.lower() in TAKING_VERBS:
        return True
    if root.dep_ == "conj" and root.head.ent_type_ in ("GPE", "LOC"):
        return True
    return span.end < len(doc) and doc[span.end].lower_ in DIVISION_WORDS + ("city", "town", "village")


def _use(span: Span, gaz: Gazetteer) -> PlaceUse:
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.text in ("-", "–") and span.end + 1 < len(doc):
        after = doc[span.end + 1]
        if after.lower_.endswith(("ed", "led", "run", "born", "made", "based")):
            return "modifier"
    root = span.root
    head = root.head
    generic = DIVISION_WORDS + ("city", "town", "village", "area", "countryside")
    if root.dep_ == "compound" and head.pos_ in ("NOUN", "PROPN") and head.i >= span.end:
        return "literal" if head.lower_ in generic else "modifier"
    speaking = root.dep_ == "nsubj" and head.lemma_.lower() in SPEAKING_VERBS
    if speaking and any(e.feature_code in ("PCLI", "PPLC") for e in gaz.candidates(span.text)):
        return "metonymic"
    return "literal"


def _strip_the(doc: Doc, start: int, end: int) -> int:
    while start < end - 1 and doc[start].lower_ in _NOT_NAME:
        start += 1
    return start


def _extend(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[int, int, str]:
    """Grow a name span: "Tal" + "Abyad" when the gazetteer knows the longer name; "X province";
    "northern X"."""
    kind = "entity"
    while (
        end < len(doc)
        and doc[end].is_title
        and not doc[end].is_sent_start
        and doc[end].ent_type_ in ("", "GPE", "LOC", "PERSON", "ORG", "FAC")
    ):
        if not _known(gaz, doc[start : end + 1].text, 0):
            break
        end += 1
    if end < len(doc) and doc[end].lower_ in DIVISION_WORDS:
        end, kind = end + 1, "division"
    if start > 0 and doc[start - 1].lower_ in DIRECTIONS and doc[start - 1].is_lower:
        start, kind = start - 1, "region"
    return start, end, kind


def _name_part(doc: Doc, start: int, end: int) -> Span:
    """The name inside a grown span, without its direction word or division word."""
    if doc[start].lower_ in DIRECTIONS and end - start > 1:
        start += 1
    if doc[end - 1].lower_ in DIVISION_WORDS and end - start > 1:
        end -= 1
    return doc[start:end]


def _add_org_prefix(
    doc: Doc, ent: Span, gaz: Gazetteer, add: Callable[[int, int, PlaceUse, str], None]
) -> None:
    """A place that opens an organisation's name, as a modifier: "Minnesota" in "Minnesota Department of
    Transportation"; or the whole entity when it is a place spaCy called an organisation."""
    if _known(gaz, ent.text, 1000, strict=True) and _placelike_context(ent):
        s, e, kind = _extend(doc, ent.start, ent.end, gaz)
        add(s, e, _use(_name_part(doc, s, e), gaz), kind)
        return
    for k in range(min(ent.end - 1, ent.start + 3), ent.start, -1):
        part = doc[ent.start : k]
        if ent.end - k < 2 and doc[k].lower_ not in ORG_WORDS:
            continue  # "Paris Hilton": a person, not a place's institution
        known = _known(gaz, part.text, 0, strict=True)
        if len(part) > 1 and known:
            add(ent.start, k, "modifier", "entity")  # "South Charleston Police", not "South"
            return
        if part.text.lower() in DIRECTIONS:
            continue  # "West", "Central": a region's name in GeoNames, a word here
        key = fold(part.text)
        if any(e.feature_code.startswith("PCL") or (e.feature_class == "A" or e.population >= 50_000)
               and fold(e.name) == key for e in known):
            # by its own name, or a country's by any ("U.S."): "First" is an alternate name of Aden
            add(ent.start, k, "modifier", "entity")
            return


def _add_possessor(
    doc: Doc, start: int, gaz: Gazetteer, add: Callable[[int, int, PlaceUse, str], None]
) -> None:
    """The town whose feature this is: "Raqqa" in "Raqqa's Old City"."""
    if start < 2 or doc[start - 1].lower_ not in ("'s", "’s", "'", "’"):
        return
    begin = start - 1
    while begin > 0 and doc[begin - 1].is_title and start - 1 - begin < 4:
        begin -= 1
    for b in range(begin, start - 1):
        if _known(gaz, doc[b : start - 1].text, 0, strict=True):
            add(b, start - 1, "literal", "entity")
            return


def _surnames(doc: Doc, gaz: Gazetteer) -> frozenset[str]:
    """Last names of the people the article names in full ("Jim Ripley" makes a later "Ripley" a person), less
    the names of countries and first-level divisions ("George Washington" does not unmake Washington state)."""
    last = {e[-1].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and e[-1].is_title}
    return frozenset(
        t for t in last if not any(e.feature_class == "A" and fold(e.name) == fold(t) for e in gaz.candidates(t))
    )


def _acronym(tok: Token, gaz: Gazetteer) -> bool:
    """Whether a word in capitals is an acronym rather than a place: GeoNames knows it only as some small
    place's code or alternate name ("PRIDE", "TIF"), not as a country, a division or a big city ("US", "NYC")."""
    if not tok.is_upper or len(tok.text) > 5 or "." in tok.text:
        return False
    key = fold(tok.text)
    return not any(
        e.feature_class == "A" or e.feature_code == "CONT" or e.population >= 1_000_000 or fold(e.name) == key
        for e in gaz.candidates(tok.text, strict=True)
    )


def _add_repeats(
    doc: Doc, hits: list[_Hit], taken: list[bool], gaz: Gazetteer, add: Callable[[int, int, PlaceUse, str], None]
) -> None:
    """Other mentions of a name the article already uses as a place, wherever spaCy put them ("Gainesville"
    found once makes "Gainesville Mayor ..." and "the Gainesville police" places too); never inside a
    person's name."""
    names: dict[tuple[str, ...], str] = {}
    for h in hits:
        span = doc.char_span(h.start, h.end)
        if span is not None and h.kind in ("entity", "phrase", "demonym", "dateline"):
            names.setdefault(tuple(t.text for t in span), h.kind)
    if not names:
        return
    longest = max(len(n) for n in names)
    for i in range(len(doc)):
        if taken[i] or not (doc[i].is_title or doc[i].is_upper) or doc[i].ent_type_ in _NOT_PLACE_LABELS:
            continue
        for n in range(min(longest, len(doc) - i), 0, -1):
            key = tuple(t.text for t in doc[i : i + n])
            if key in names and not any(taken[i : i + n]):
                if names[key] == "demonym":
                    add(i, i + n, "demonym", "demonym")
                else:
                    add(i, i + n, _use(doc[i : i + n], gaz), "repeat")
                break


def find_toponyms(doc: Doc, gazetteer: Gazetteer) -> list[Place]:
    """The toponyms in ``doc``, with offsets into its text and how each is used; unresolved."""
    hits: list[_Hit] = []
    taken = [False] * len(doc)
    table = demonyms().keys() | region_demonyms().keys()
    people = _surnames(doc, gazetteer)

    def add(start: int, end: int, use: PlaceUse, kind: str) -> None:
        if kind not in ("demonym", "dateline") and end - start == 1 and _acronym(doc[start], gazetteer):
            return
        if start >= end or any(taken[start:end]) or not any(t.text[:1].isupper() for t in doc[start:end]):
            return  # taken, or no name at all ("the gulf", "a veranda")
        if end - start == 1 and doc[start].text in people and doc[start].ent_type_ != "NORP":
            return  # a person's last name, used alone after the full name
        for i in range(start, end):
            taken[i] = True
        hits.append(_Hit(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), use, kind))

    # Named features first: spaCy often calls them PERSON or ORG ("Rafiqa Wall").
    doc_text = _doc_text(doc)
    for m in _FEATURE_RE.finditer(doc_text):
        cut = _POSSESSIVE.match(m.group(1))
        begin = m.start(1) + (cut.end() if cut else 0)
        name = doc.char_span(begin, m.end(2), alignment_mode="expand")
        head = doc_text[begin : m.start(2)].strip()
        if name is None or not head or head.split()[0].lower() in _NOT_NAME:
            continue
        if fold(head) in table or not any(t.is_title or t.is_upper for t in name[: len(name) - 1]):
            continue
        if name[0].is_sent_start and name[0].pos_ != "PROPN":
            continue
        owner = _known(gazetteer, head, 0)
        if owner and m.group(2).lower() in ("district", "quarter", "street", "road", "state"):
            continue  # "X district" etc.: a division or a road named after a place, treated below
        add(name.start, name.end, "literal", "feature")
        _add_possessor(doc, name.start, gazetteer, add)
    for m in _DATELINE_RE.finditer(doc_text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None and gazetteer.candidates(span.text, strict=True):
            add(span.start, span.end, "literal", "dateline")
    for m in _COLON_DATELINE_RE.finditer(doc_text):
        span = doc.char_span(m.start(1), m.end(1))
        if span is not None and _named(gazetteer, span.text):
            add(span.start, span.end, "literal", "dateline")
    for m in _OLD_CITY_RE.finditer(doc_text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None:
            add(span.start, span.end, "literal", "feature")
            _add_possessor(doc, span.start, gazetteer, add)
    for ent in doc.ents:
        text = ent.text
        if ent.label_ == "LANGUAGE":
            continue  # "in English": a language, not a country
        if fold(text) in table and (ent.label_ == "NORP" or not _named(gazetteer, text)):
            add(ent.start, ent.end, "demonym", "demonym")
            continue
        if any(c.isdigit() for c in text):
            continue
        start = _strip_the(doc, ent.start, ent.end)
        span = doc[start : ent.end]
        if len(span) > 1 and span[0].text == "United" and not gazetteer.candidates(span.text, strict=True):
            continue  # "United Way", "United Russia": a charity, a party, a club; not "United States"
        if ent.label_ == "ORG":
            _add_org_prefix(doc, span, gazetteer, add)
            continue
        if ent.label_ in ("GPE", "LOC", "FAC"):
            if len(span) == 1 and "." not in text and not gazetteer.candidates(text, strict=True):
                continue  # one word the gazetteer does not know ("Pawlenty", "NCIS"): a guess of spaCy's
        elif ent.label_ in _MISLABELS and _known(gazetteer, span.text, 1000, strict=True):
            if not _placelike_context(span):
                continue
        else:
            continue
        s, e, kind = _extend(doc, span.start, span.end, gazetteer)
        add(s, e, _use(_name_part(doc, s, e), gazetteer), kind)
    # Demonyms spaCy did not tag, and capitalised phrases the gazetteer knows, in place-like contexts.
    i = 0
    while i < len(doc):
        tok = doc[i]
        named = tok.is_title or tok.is_upper
        if taken[i] or not named or tok.is_stop or tok.ent_type_ not in ("", "GPE", "LOC", "FAC", "NORP"):
            i += 1
            continue
        if fold(tok.text) in table and tok.pos_ in ("ADJ", "PROPN", "NOUN"):
            add(i, i + 1, "demonym", "demonym")
            i += 1
            continue
        j = i + 1
        while j < len(doc) and not taken[j] and doc[j].is_title and j - i < 4:
            j += 1
        for k in range(j, i, -1):
            span = doc[i:k]
            if (
                tok.pos_ == "PROPN"
                and _known(gazetteer, span.text, 5000, strict=True)
                and _placelike_context(span)
            ):
                s, e, kind = _extend(doc, i, k, gazetteer)
                add(s, e, _use(_name_part(doc, s, e), gazetteer), "phrase" if kind == "entity" else kind)
                i = k - 1
                break
        i += 1
    _add_repeats(doc, hits, taken, gazetteer, add)
    hits.sort(key=lambda h: h.start)
    text = _doc_text(doc)
    return [Place(text=text[h.start : h.end], start=h.start, end=h.end, use=h.use) for h in hits]

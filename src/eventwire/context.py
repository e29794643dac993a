"""What the extraction stages know about one article: its mentions, indexed by position.

Built once per article from the outputs of the mention stages (actors, places, times, numbers) and handed to
the attribution, figure and event stages, which look things up by character offset or sentence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .actors import ActorRegistry
from .models import Actor, Article, NumberMention, Place, TimeMention
from .models import Span as TextSpan

# Nouns that refer back to a place named earlier ("the city", "the province"), by GeoNames feature class/code.
PLACE_ANAPHORS: dict[str, tuple[str, ...]] = {
    "city": ("PPL",),
    "town": ("PPL",),
    "village": ("PPL",),
    "capital": ("PPLC", "PPLA"),
    "province": ("ADM1",),
    "governorate": ("ADM1",),
    "region": ("ADM1",),
    "state": ("ADM1",),
    "district": ("ADM2",),
    "country": ("PCLI",),
}


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


@dataclass
class ArticleContext:
    """The article, its parse and its mentions. Lives only inside the extraction stage."""

    article: Article
    doc: Doc
    actors: list[Actor]
    places: list[Place]
    times: list[TimeMention]
    numbers: list[NumberMention]
    anchor: dt.date | None
    registry: ActorRegistry | None = None
    sentences: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sentences = list(self.doc.sents)
        self._sent_starts = [s.start_char for s in self.sentences]
        self._places_at: dict[int, list[Place]] = {}  # token index -> literal resolved places over it
        for p in self.places:
            if p.lat is None or p.use != "literal" or p.start is None or p.end is None:
                continue
            span = self.doc.char_span(p.start, p.end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                self._places_at.setdefault(i, []).append(p)

    # --- positions -------------------------------------------------------------------------------------

    def sentence_index(self, char: int) -> int:
        """Index of the sentence holding character ``char``."""
        lo, hi = 0, len(self._sent_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._sent_starts[mid] <= char:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def actor_for(self, start: int, end: int) -> Actor | None:
        """The actor mention overlapping ``[start, end)``, the longest when several do."""
        found = [a for a in self.actors if a.start is not None and a.end is not None
                 and overlaps(a.start, a.end, start, end)]
        return max(found, key=lambda a: (a.end or 0) - (a.start or 0)) if found else None

    def actors_in(self, start: int, end: int) -> list[Actor]:
        return [a for a in self.actors if a.start is not None and a.end is not None
                and overlaps(a.start, a.end, start, end)]

    def places_in(self, start: int, end: int, literal_only: bool = True) -> list[Place]:
        return [p for p in self.places if p.start is not None and p.end is not None
                and overlaps(p.start, p.end, start, end) and (p.use == "literal" or not literal_only)]

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        return [t for t in self.times if overlaps(t.start, t.end, start, end)]

    def number_for(self, start: int, end: int) -> NumberMention | None:
        for n in self.numbers:
            if overlaps(n.start, n.end, start, end):
                return n
        return None

    def sentence_span(self, sent: Span) -> TextSpan:
        """A sentence as evidence: its text without surrounding white space, at its offsets."""
        text = sent.text
        stripped = text.strip()
        start = sent.start_char + (len(text) - len(text.lstrip()))
        return TextSpan(start=start, end=start + len(stripped), text=stripped)

    # --- places referred to by a common noun -----------------------------------------------------------

    def place_for_token(self, token: Token) -> Place | None:
        """A resolved literal place for a token: the place it names, or what "the city" refers back to."""
        if token.i in self._places_at:
            return self._places_at[token.i][0]
        if token.lower_ in ("there", "here"):
            return self.last_place_before(token.idx, None)
        codes = PLACE_ANAPHORS.get(token.lemma_.lower())
        if codes and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children) and \
                not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):  # "the town of X" names X
            return self.last_place_before(token.idx, codes)
        return None

    def last_place_before(self, char: int, codes: tuple[str, ...] | None,
                          max_sentences: int = 6) -> Place | None:
        """The nearest resolved literal place before ``char`` (of the given feature codes), within a window."""
        first_sent = max(0, self.sentence_index(char) - max_sentences)
        floor = self._sent_starts[first_sent] if self._sent_starts else 0
        best: Place | None = None
        for p in self.places:
            if p.lat is None or p.use != "literal" or p.start is None:
                continue
            if not floor <= p.start < char:
                continue
            if codes and not (p.feature_code or "").startswith(codes):
                continue
            if best is None or (best.start or 0) < p.start:
                best = p
        return best

    def focus_place(self) -> Place | None:
        """The place the article is mostly about: the most often named resolved literal sub-country place."""
        counts: dict[int, list[Place]] = {}
        for p in self.places:
            if p.lat is not None and p.use == "literal" and (p.resolution or 0) >= 2:
                counts.setdefault(p.geonameid or hash((p.lat, p.lon)), []).append(p)
        if not counts:
            return None
        best = max(counts.values(), key=lambda ps: (len(ps), ps[0].resolution or 0, -(ps[0].start or 0)))
        return best[0]

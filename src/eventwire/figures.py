"""Figures: counts of people that matter to a conflict (killed, displaced, trapped, fighters, ...).

A number becomes a figure only when the words around it say what it counts: the noun it quantifies
("2,500 militants", "11 million refugees"), the predicate it is an argument of ("173 were killed",
"people trapped by the fighting", "lost their lives") or a toll it measures ("the death toll rose to 40").
Lengths, ages, years and money never get that far: the number stage leaves them out, and they have no
people noun or people predicate either.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span, Token

from .attribution import SentenceClaim
from .context import ArticleContext
from .displacement import (
    DISPLACEMENT_NOUNS,
    DISPLACEMENT_PREDICATES,
    HOUSING,
    PLACE_NOUNS,
    displaced_by,
    displaced_noun,
    displacing,
    housing_lost,
    more_moved,
    without_shelter,
)
from .models import Figure, NumberMention, Period, Place, TimeMention
from .models import Span as TextSpan

NAME = "figures.rules.v1"

# Predicates (verb or adjective lemmas) and what they make of the people they count.
KIND_PREDICATES: dict[str, str] = {
    "kill": "killed", "die": "killed", "slay": "killed", "execute": "killed", "massacre": "killed",
    "murder": "killed", "behead": "killed", "perish": "killed", "dead": "killed", "drown": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "maim": "injured", "injured": "injured",
    "wounded": "injured",
    "trap": "trapped", "besiege": "trapped", "strand": "trapped", "encircle": "trapped", "trapped": "trapped",
    "arrest": "arrested", "detain": "arrested", "jail": "arrested", "imprison": "arrested",
    "abduct": "abducted", "kidnap": "abducted", "missing": "missing",
    "assassinate": "killed", "assassination": "killed", "killing": "killed", "slaying": "killed",
    "kidnapping": "abducted", "abduction": "abducted",
    **DISPLACEMENT_PREDICATES,
}
# Nouns that say by themselves what is counted.
KIND_NOUNS: dict[str, str] = {
    "death": "killed", "fatality": "killed", "body": "killed", "corpse": "killed", "dead": "killed",
    "casualty": "casualties", "injury": "injured",
    **DISPLACEMENT_NOUNS,
    "prisoner": "arrested", "detainee": "arrested", "hostage": "abducted", "captive": "abducted",
    "fighter": "fighters", "militant": "fighters", "soldier": "fighters", "troop": "fighters",
    "combatant": "fighters", "rebel": "fighters", "jihadist": "fighters", "gunman": "fighters",
    "insurgent": "fighters", "mercenary": "fighters", "recruit": "fighters", "militiaman": "fighters",
    "paramilitary": "fighters", "policeman": "fighters", "extremist": "fighters", "terrorist": "fighters",
}
COMBATANT_NOUNS = frozenset(k for k, v in KIND_NOUNS.items() if v == "fighters")
# Nouns for people who are not (by the word itself) combatants.
CIVILIAN_NOUNS = frozenset({
    "civilian", "child", "woman", "girl", "boy", "resident", "villager", "student", "worker", "family",
    "inhabitant", "pupil", "patient", "passenger", "journalist", "farmer", "worshipper", "migrant", "baby",
    "infant", "teenager", "minor", "pilgrim", "protester", "demonstrator", "household",
})
PEOPLE_NOUNS = frozenset({"people", "person", "individual", "man", "member", "life", "soul"})
TOLL_NOUNS = frozenset({"toll", "number", "figure", "count", "tally", "total", "population"})
# Verbs of amounting to a count, whose subject says what is counted ("the displaced now total 80,000")
AMOUNTING = frozenset({"total", "number", "reach", "exceed", "top", "surpass"})
HEDGES = re.compile(
    r"(?:(?:the )?(?:actual|real|true|final) (?:figure|toll|number)s? (?:could|may|might|is likely to|"
    r"are likely to|will likely) be (?:far |much |significantly )?(?:higher|greater|larger))"
    r"|(?:could not (?:be )?(?:independently )?(?:verif(?:y|ied)|confirm(?:ed)?))"
    r"|(?:(?:is|are) (?:feared|expected|likely) to (?:rise|climb|increase))"
    r"|(?:unconfirmed|unverified)",
    re.IGNORECASE,
)


def _number_token(ctx: ArticleContext, number: NumberMention) -> Token | None:
    """The token that stands for the number in the parse: the last numeric token of its span."""
    span = ctx.doc.char_span(number.start, number.end, alignment_mode="expand")
    if span is None:
        return None
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"] or list(span)
    tok = nums[-1]
    # "Eleven million": "Eleven" hangs on "million", and "7,000" of "between 5,000 and 7,000" on "5,000"; walk
    # up to the number that attaches to the sentence.
    while tok.head.like_num and tok.head.i != tok.i and (
            tok.dep_ in ("compound", "quantmod", "nummod") or tok.dep_ == "conj" and tok.head.i >= span.start):
        tok = tok.head
    return tok


def _of_noun(num: Token) -> Token | None:
    """ "dozens of bodies", "hundreds of wounded civilians": the counted noun hangs on "of"."""
    for prep in num.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN":
                    return obj
    return None


def _kind_of(noun: Token | None, holder: Token) -> tuple[str | None, Token | None]:
    """What is counted, and the predicate token that says so; ``holder`` is the argument of the predicate
    (the noun of "12 people were killed", the number of "dozens of bodies were found")."""
    # a predicate on the counted noun, or on the number itself when the parse hangs it there ("3.3 million
    # displaced by fighting", "hundreds of thousands of people displaced by the cyclone")
    for counted in dict.fromkeys(t for t in (noun, holder) if t is not None):
        for child in counted.children:
            if child.dep_ in ("acl", "amod", "relcl") and child.lemma_.lower() in KIND_PREDICATES:
                return KIND_PREDICATES[child.lemma_.lower()], child
            if displacing(child):
                return "displaced", child
        if without_shelter(counted):
            return "displaced", counted  # "200,000 people without shelter"
    if noun is not None:
        kind = KIND_NOUNS.get(noun.lemma_.lower())
        if kind and kind != "fighters":
            return kind, noun
        if uprooted := displaced_noun(noun, PEOPLE_NOUNS | CIVILIAN_NOUNS):
            return uprooted, noun
    else:
        kind = None
    if noun is not None and noun.lemma_.lower() in PLACE_NOUNS:
        return None, None  # "sheltering in six evacuation centres", "fled from 12 villages": places, not people
    head = holder.head
    if noun is None and holder.dep_ in ("nummod", "npadvmod", "amod") and head.i != holder.i and \
            head.lower_ in KIND_PREDICATES:
        return KIND_PREDICATES[head.lower_], head  # "two million internally displaced"
    if holder.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "pobj", "npadvmod", "conj") and head.i != holder.i:
        verb = head if holder.dep_ != "pobj" else head.head
        lemma = verb.lemma_.lower()
        if lemma in KIND_PREDICATES or verb.lower_ in KIND_PREDICATES:
            return KIND_PREDICATES.get(lemma) or KIND_PREDICATES[verb.lower_], verb
        if lemma == "lose" and any(c.lemma_.lower() in ("life", "live") for c in verb.children):
            return "killed", verb
        if displaced := displaced_by(verb, holder):
            return displaced, verb  # "660 people are staying in shelters", "were forced to flee"
        for child in verb.children:  # "left 12 dead", "were found dead", "are missing", "left 2,000 displaced"
            resultative = child.dep_ == "advcl" and lemma == "leave"
            if (child.dep_ in ("acomp", "oprd", "xcomp", "amod") or resultative) and \
                    child.lemma_.lower() in KIND_PREDICATES:
                return KIND_PREDICATES[child.lemma_.lower()], child
        if toll := _toll_kind(verb):
            return toll, verb
    return kind, noun if kind else None


def _toll_kind(verb: Token) -> str | None:
    """ "the death toll rose to 40", "the number of people displaced by the floods has risen to 45,000", "the
    total number of internally displaced persons stands at 2.1 million", "the dead totalled 45": what the toll
    noun's phrase (or the subject of a verb of amounting) counts, its predicate first ("the number of soldiers
    killed")."""
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if child.lemma_.lower() in TOLL_NOUNS:
            words = [t.lemma_.lower() for t in child.subtree if t.i != child.i]
        elif child.dep_ == "nsubj" and verb.lemma_.lower() in AMOUNTING:
            words = [t.lemma_.lower() for t in child.subtree]  # "displaced people now total 80,000"
        else:
            continue
        for table in (KIND_PREDICATES, KIND_NOUNS):
            kind = next((table[w] for w in words if w in table), None)
            if kind:
                return kind
    return None


def _population(ctx: ArticleContext, noun: Token | None, sent_index: int, number_i: int
                ) -> tuple[str | None, Token | None]:
    """Who is counted: an actor, civilians, combatants or people; carried from the sentence before when the
    number stands alone ("at least 173 were killed")."""
    if noun is None:
        for i in range(sent_index - 1, max(-1, sent_index - 3), -1):
            for tok in reversed(list(ctx.sentences[i])):
                lemma = tok.lemma_.lower()
                if tok.i >= number_i or tok.dep_ in ("nsubj", "compound") or \
                        tok.dep_ == "conj" and tok.head.dep_ == "nsubj":
                    continue  # the one who reports or acts is not who is counted
                if tok.pos_ == "NOUN" and (lemma in CIVILIAN_NOUNS or lemma in COMBATANT_NOUNS):
                    return ("civilians" if lemma == "civilian" else tok.lower_), tok
        return None, None
    lemma = noun.lemma_.lower()
    if lemma == "civilian":
        return "civilians", noun
    if lemma in PEOPLE_NOUNS or lemma in ("other", "more", "body", "corpse", "death", "casualty", "victim"):
        return "people", noun
    return noun.lower_, noun


def _place(ctx: ArticleContext, sent: Span, clause: Token) -> Place | None:
    for tok in clause.subtree:
        place = ctx.place_for_token(tok)
        if place is not None:
            return place
    for p in ctx.places_in(sent.start_char, sent.end_char):
        if p.lat is not None:
            return p
    for tok in sent:
        place = ctx.place_for_token(tok)
        if place is not None:
            return place
    return ctx.last_place_before(sent.start_char, None) or ctx.focus_place()


def _clause_times(ctx: ArticleContext, clause: Token, num: Token) -> list[TimeMention]:
    """Times of the figure's clause, leaving out relative and adverbial clauses that do not hold the number
    ("Sudan's war, which began in April last year, has uprooted ...")."""
    lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge.text)
    holes = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)) for t in clause.subtree
             for c in t.children if c.dep_ in ("relcl", "acl", "advcl") and not
             (c.left_edge.i <= num.i <= c.right_edge.i)]
    return [t for t in ctx.times_in(lo, hi) if not any(a <= t.start < b for a, b in holes)]


def period_of(times: list[TimeMention], anchor: dt.date | None) -> Period | None:
    """The period a figure covers: the first dated expression, else a duration counted back from the anchor."""
    for t in times:
        if t.date is not None and t.kind != "duration":
            return Period(start=t.date, end=t.end_date or t.date, precision=t.precision)
    for t in times:
        if t.kind == "duration" and anchor is not None and t.value and (years := _duration_years(t.value)):
            start = anchor.replace(year=anchor.year - years) if not (anchor.month == 2 and anchor.day == 29) \
                else anchor.replace(year=anchor.year - years, day=28)
            return Period(start=start, end=anchor, precision="year")
    return None


def _duration_years(value: str) -> int | None:
    m = re.fullmatch(r"P(\d+)Y", value)
    return int(m.group(1)) if m else None


def find_figures(ctx: ArticleContext, claims: list[SentenceClaim | None]) -> list[Figure]:
    """Every figure in the article, in text order."""
    figures: list[Figure] = []
    for number in ctx.numbers:
        if ctx.times_in(number.start, number.end):
            continue
        num = _number_token(ctx, number)
        if num is None:
            continue
        noun = num.head if num.dep_ in ("nummod", "quantmod", "amod") and num.head.pos_ in ("NOUN", "PROPN") \
            else None
        holder = noun if noun is not None else num
        noun = noun or _of_noun(num)
        kind, predicate = _kind_of(noun, holder)
        if kind is None and noun is not None and noun.lemma_.lower() in HOUSING:
            kind, predicate = housing_lost(noun, holder)
        s_index = ctx.sentence_index(number.start)
        sent = ctx.sentences[s_index]
        if kind is None and more_moved(num, noun, figures, sent):
            kind, predicate = "displaced", holder.head
        if kind is None:
            continue
        population, pop_token = _population(ctx, noun, s_index, num.i)
        actor = None
        if noun is not None:
            np_start = noun.left_edge.idx
            actor = ctx.actor_for(np_start, noun.idx + len(noun.text))
            if actor is not None and actor.sector not in ("CVL", None):
                population = actor.name
            elif actor is not None:
                actor = None
        if kind == "fighters" and predicate is not None and predicate.lemma_.lower() in KIND_PREDICATES:
            kind = KIND_PREDICATES[predicate.lemma_.lower()]
        clause = predicate if predicate is not None else (noun or num)
        while clause.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and clause.head.i != clause.i:
            clause = clause.head
        times = _clause_times(ctx, clause, num)
        claim = claims[s_index]
        hedge = HEDGES.search(sent.text)
        figures.append(Figure(
            id=f"{ctx.article.id}-f{len(figures) + 1}",
            article_id=ctx.article.id,
            kind=kind,
            population=population,
            population_actor=actor,
            low=number.low, best=number.best, high=number.high,
            qualifier=number.qualifier,
            unit="buildings" if kind.startswith("houses") else
            "households" if pop_token is not None and pop_token.lemma_.lower() in ("family", "household")
            else "people",
            place=_place(ctx, sent, clause),
            period=period_of(times, ctx.anchor),
            claimant=claim.claimant if claim else None,
            hedge=hedge.group(0) if hedge else None,
            evidence=[TextSpan(start=number.start, end=number.end, text=number.text),
                      ctx.sentence_span(sent)],
        ))
    return _shared_population(figures)


def _shared_population(figures: list[Figure]) -> list[Figure]:
    """ "killing 12 people and wounding dozens more": a figure with no population of its own takes that of
    another figure of its sentence."""
    out: list[Figure] = []
    for f in figures:
        if f.population is None:
            sentence = f.evidence[-1].start
            sibling = next((g for g in figures if g.population and g.evidence[-1].start == sentence), None)
            if sibling is not None:
                f = f.model_copy(update={"population": sibling.population,
                                         "population_actor": sibling.population_actor})
        out.append(f)
    return out


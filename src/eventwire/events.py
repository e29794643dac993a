"""Events: who did what to whom, where and when, typed in PLOVER and in ACLED's codebook.

A trigger word (``data/triggers.tsv``) opens an event; its arguments come from the parse: the actor is the
subject (or the agent of a passive, or the owner of a weapon: "coalition air strikes"), the recipient the
object or the other side named in the clause; the place and date are those of the trigger's own clause,
else of its sentence, else carried from the article; the claimant is the sentence's.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .attribution import SentenceClaim
from .context import ArticleContext
from .dates import time_precision
from .models import Actor, Event, Figure, Place, TimeMention
from .models import Span as TextSpan
from .subevents import classify
from .trigger_match import (
    LIGHT_VERBS,
    VERBAL,
    Found,
    clause_weapon,
    is_trigger,
    triggers_in,
    weapon_of,
)
from .triggers import EXPLOSIONS, disorder_type

NAME = "events.rules.v1"

CONSULTATIVE = frozenset({"CONSULT", "AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})

def _phrase(tok: Token) -> tuple[int, int]:
    return tok.left_edge.idx, tok.idx + len(tok.text)


def _actor_of_np(ctx: ArticleContext, tok: Token, located: bool = False) -> list[Actor]:
    """Actors named by a noun phrase headed by ``tok`` (and its conjuncts); with ``located``, a country after
    a locative preposition is a place, not a party."""
    out: list[Actor] = []
    for head in [tok, *tok.conjuncts]:
        if head.lower_ in ("its", "their", "they", "it", "he", "she", "his", "her"):
            continue
        actor = ctx.actor_for(*_phrase(head))
        if actor is None and head.right_edge.i - head.i <= 6 and any(
                c.dep_ == "appos" or c.dep_ == "acl" and c.lemma_.lower() in ("know", "call", "name", "dub")
                for c in head.children):
            named = ctx.actors_in(head.idx, head.right_edge.idx + len(head.right_edge.text))
            actor = named[0] if len(named) == 1 else None  # "the group known as JNIM"
        if actor is None and head.ent_type_ in ("GPE", "NORP") and ctx.registry is not None and (
                head.dep_ in ("dobj", "nsubj", "nsubjpass") or head.dep_ == "pobj" and
                not (located and head.head.lower_ in LOCATIVE_PREPS)):
            actor = _country_actor(ctx, head)  # "accused Ukraine", "talks with Iran"
        if actor is None:
            # "its fighters", "their forces": the owner is the actor named before in the sentence
            owner = [c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")]
            if owner:
                actor = _previous_actor(ctx, head.idx)
        if actor is not None and actor not in out:
            out.append(actor)
    return out


def _definite(tok: Token) -> bool:
    """A noun trigger with a definite determiner ("the strike", "this attack")."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                      for c in tok.children)


# Material acts happen somewhere: a country after "in" is where, not whom ("struck a mosque in Afghanistan");
# after a visit or a withdrawal ("arrived in China", "withdrew from Iraq") it is the other party.
MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST"})
# Prepositions whose object is where something happened, not a party to it ("struck a mosque in Afghanistan").
LOCATIVE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "around", "from",
                            "into", "within", "of", "along", "over", "between"})


def _country_actor(ctx: ArticleContext, tok: Token) -> Actor | None:
    """The government of the country a GPE names, as PLOVER codes a state named as a party."""
    assert ctx.registry is not None
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return None
    country = ctx.registry.country(ent.text)
    entry = ctx.registry.state_entry(country.iso3, "GOV") if country else None
    return entry.actor(ent.text, ent.start_char, ent.end_char) if entry else None


def _previous_actor(ctx: ArticleContext, char: int) -> Actor | None:
    sent = ctx.sentences[ctx.sentence_index(char)]
    floor = ctx.sentences[max(0, ctx.sentence_index(char) - 1)].start_char
    before = [a for a in ctx.actors if a.start is not None and floor <= a.start < char
              and a.sector not in ("CVL",)]
    in_sentence = [a for a in before if (a.start or 0) >= sent.start_char]
    pool = in_sentence or before
    return max(pool, key=lambda a: a.start or 0) if pool else None


def _weapon_state(ctx: ArticleContext, tok: Token) -> list[Actor]:
    """The armed forces of the country whose demonym modifies a weapon or an attack ("a Russian missile
    strike", "Israeli strikes")."""
    weapon_np = _subject(tok) if tok.pos_ == "VERB" else tok
    if ctx.registry is None or weapon_np is None or not (
            clause_weapon(weapon_np) is not None or is_trigger(weapon_np)):
        return []  # only an attack or a weapon: "Syrian civilians were killed" names no attacker
    for mod in (t for t in weapon_np.subtree if t.i < weapon_np.i):
        country = ctx.registry.country(mod.text) if mod.dep_ in ("amod", "compound", "nmod") else None
        entry = ctx.registry.state_entry(country.iso3, "MIL") if country else None
        if entry is not None:
            return [entry.actor(mod.text, mod.idx, mod.idx + len(mod.text))]
    return []


def _subject(tok: Token, depth: int = 0) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass") and not (c.dep_ == "nsubjpass" and tok.tag_ == "VBN"):
            return c
    for c in tok.children:
        if c.dep_ == "agent":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs:
                return objs[0]
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head  # "militants preventing civilians from fleeing"
    if depth < 4 and tok.dep_ in ("conj", "xcomp", "advcl", "pcomp", "prep", "acl", "acomp") and \
            tok.head.i != tok.i:  # "are guilty of violating the truce": the subject of "are"
        return _subject(tok.head, depth + 1)
    return None


def _arguments(ctx: ArticleContext, f: Found, weapon_owners: dict[str, Actor],
               claimant_ids: set[str]) -> tuple[list[Actor], list[Actor], bool]:
    """Actor and recipient lists, and whether the actor was inherited from elsewhere in the article."""
    tok = f.token
    actors: list[Actor] = []
    inherited = False
    if tok.pos_ == "VERB":
        subj = _subject(tok)
        if subj is not None:
            if subj.lower_ in ("they", "it") or weapon_of(subj) is not None:
                actors = _actor_of_np(ctx, subj) if weapon_of(subj) is not None else []
                if not actors and subj.lower_ in ("they", "it"):
                    prev = _previous_actor(ctx, subj.idx)
                    actors = [prev] if prev else []
            else:
                actors = _actor_of_np(ctx, subj)
    else:
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "nmod", "amod") and c.i < tok.i:
                actors += [a for a in ctx.actors_in(*_phrase(c)) if a not in actors]
            if c.dep_ == "prep" and (c.lower_ in ("by", "between") or c.lower_ == "from" and f.weapon):
                actors += [a for o in c.children if o.dep_ == "pobj" for a in _actor_of_np(ctx, o)]
        if not actors and tok.head.lemma_.lower() in LIGHT_VERBS and (subj := _subject(tok.head)) is not None:
            actors = _actor_of_np(ctx, subj)
        claim = tok.head.head.head if tok.dep_ == "pobj" and tok.head.head.lemma_.lower() == "responsibility" \
            else None
        if not actors and claim is not None and (subj := _subject(claim)) is not None:
            actors = _actor_of_np(ctx, subj)  # "IS claimed responsibility for the bombing"
    if not actors:
        actors = _weapon_state(ctx, tok)
    weapon_key = f.weapon.sub_event_type if f.weapon else None
    if not actors and weapon_key and weapon_key in weapon_owners:
        actors, inherited = [weapon_owners[weapon_key]], True
    if actors and weapon_key and not inherited:
        weapon_owners[weapon_key] = actors[0]
    recipients: list[Actor] = []
    scope = tok if tok.pos_ == "VERB" else tok.head if tok.head.pos_ == "VERB" else tok
    subj = _subject(tok) if tok.pos_ == "VERB" else None
    excluded = {t.i for t in subj.subtree} if subj is not None else set()
    for t in scope.subtree:
        if t.i in excluded or t.dep_ == "pobj" and t.head.lower_ in ("by", "between") or \
                f.weapon is not None and t.dep_ == "pobj" and t.head.lower_ == "from" and t.head.head.i == tok.i:
            continue  # "run by MSF", "clashes between X and Y", "strikes from the coalition": not the target
        if t.dep_ in ("dobj", "pobj", "nsubjpass") and t.i != tok.i:
            for a in _actor_of_np(ctx, t, located=f.trigger.event in MATERIAL):
                if a not in actors and a not in recipients and a.id not in claimant_ids:
                    recipients.append(a)
    actors = _dedupe(actors)
    return actors, [r for r in _dedupe(recipients) if r.name not in {a.name for a in actors}], inherited


def _dedupe(actors: list[Actor]) -> list[Actor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return out


def _event_place(ctx: ArticleContext, f: Found, sent: Span) -> tuple[Place | None, bool]:
    """The trigger clause's place (near X: precision 2), else the sentence's, else carried; and whether carried."""
    tok = f.token
    scope = tok if tok.pos_ == "VERB" or tok.head.pos_ != "VERB" else tok.head
    candidates: list[tuple[int, Place]] = []
    for t in scope.subtree:
        place = ctx.place_for_token(t)
        if place is None:
            continue
        prep = t.head if t.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in ("from",) and f.trigger.sub_event_type != "@territory":
            continue  # where they came from is not where it happened
        rank = abs(t.i - tok.i) + (0 if prep is not None and prep.lower_ in ("in", "at", "near", "on", "inside",
                                                                              "outside", "around") else 5)
        if prep is not None and prep.lower_ in ("near", "outside", "around"):
            place = place.model_copy(update={"geo_precision": max(place.geo_precision or 1, 2)})
        candidates.append((rank, place))
    if candidates:
        return min(candidates, key=lambda c: c[0])[1], False
    here = [p for p in ctx.places_in(sent.start_char, sent.end_char) if p.lat is not None]
    if any((p.resolution or 0) >= 2 for p in here):
        return max(here, key=lambda p: p.resolution or 0), False
    carried = ctx.last_place_before(sent.start_char, None, max_sentences=3) or ctx.focus_place()
    if carried is None and here:
        return here[0], False
    return carried, carried is not None


def _event_time(ctx: ArticleContext, f: Found, sent: Span, other_triggers: list[Token]) -> TimeMention | None:
    tok = f.token
    scope = tok if tok.pos_ == "VERB" or tok.head.pos_ != "VERB" else tok.head
    dated = [t for t in ctx.times_in(sent.start_char, sent.end_char) if t.date is not None and t.kind != "duration"]
    if not dated:
        return None
    lo, hi = scope.left_edge.idx, scope.right_edge.idx + len(scope.right_edge.text)
    inside = [t for t in dated if lo <= t.start < hi]
    if inside:
        return min(inside, key=lambda t: abs(t.start - tok.idx))
    # A time outside every trigger's clause (a sentence-initial "Last week,") belongs to the whole sentence.
    claimed = [(o.left_edge.idx, o.right_edge.idx + len(o.right_edge.text)) for o in other_triggers
               if o.i != tok.i]
    free = [t for t in dated if not any(a <= t.start < b for a, b in claimed)]
    return free[0] if free else None


def find_events(ctx: ArticleContext, claims: list[SentenceClaim | None], figures: list[Figure]) -> list[Event]:
    """Every event the article reports as having happened, in text order."""
    events: list[Event] = []
    weapon_owners: dict[str, Actor] = {}
    for s_index, sent in enumerate(ctx.sentences):
        claim = claims[s_index]
        skip = {claim.verb_i} if claim and claim.verb_i is not None else set()
        found = triggers_in(sent, skip) or _reporting_act(sent, skip)
        claimant_ids = {claim.claimant.id} if claim and claim.claimant.id else set()
        sent_figures = [fig for fig in figures if sent.start_char <= fig.evidence[0].start < sent.end_char]
        claimant_ids |= _reporters(ctx, sent, claim.verb_i if claim else None)
        sentence_events: list[tuple[Token, Event]] = []
        said = {g.token.i for g in found if g.trigger.event in VERBAL}
        for f in found:
            actors, recipients, inherited = _arguments(ctx, f, weapon_owners, claimant_ids)
            anonymous = not actors and not recipients and f.weapon is None and not _named_subject(f.token)
            told_before = any(e.event == f.trigger.event for e in events)
            if told_before and (f.token.pos_ == "NOUN" and _definite(f.token) or anonymous and any(
                    _definite(t) and t.i != f.token.i and is_trigger(t) for t in f.token.subtree)):
                _refine(ctx, f, sent, events, actors)
                continue  # "after the strike", "killed in the raids": a mention of an event told before

            typed = classify(f.trigger, f.weapon, f.token, actors, recipients, sent_figures)
            if typed is None:
                continue
            event_type, sub, mode = typed.event_type, typed.sub_event_type, typed.mode
            place, carried = _event_place(ctx, f, sent)
            when = _event_time(ctx, f, sent, [g.token for g in found])
            if _cumulative(f.token) or when is not None and f.trigger.event not in VERBAL and (
                    when.kind == "range" or not actors and f.weapon is None and bool(sent_figures) and
                    when.precision not in ("day", "week")):
                continue  # "173 were killed in June", "since 2021": a figure over a period, not one event
            spoken = f.token.pos_ == "VERB" or f.token.head.lemma_.lower() in LIGHT_VERBS  # "lodged a protest"
            if anonymous and typed.event_type is None and (not spoken or typed.event not in VERBAL):
                continue  # nobody named, and nothing ACLED would code
            killed = [fig for fig in sent_figures if fig.kind == "killed"]
            fatalities = min((fig.low if fig.low is not None else fig.best) or 0 for fig in killed) \
                if killed else None
            confidence = 0.45 + 0.15 * bool(actors) + 0.1 * bool(recipients) + 0.1 * (not carried) + \
                0.1 * (when is not None) + 0.1 * typed.specific - 0.15 * inherited - \
                0.1 * (f.trigger.event in CONSULTATIVE) - 0.2 * anonymous - 0.2 * _embedded(f.token, said) + \
                0.05 * (s_index == 0)
            anchor = ctx.anchor
            tok = f.token
            sentence_events.append((tok, Event(
                id="",
                article_id=ctx.article.id,
                event=typed.event,
                mode=mode,
                context=[f.trigger.context] if f.trigger.context else [],
                event_type=event_type,
                sub_event_type=sub,
                disorder_type=disorder_type(event_type, sub),
                actor=actors,
                recipient=recipients,
                event_loc=place,
                date=when.date if when else anchor,
                end_date=when.end_date if when else None,
                date_precision=when.precision if when else ("day" if anchor else None),
                date_kind=when.kind if when else ("publication" if anchor else None),
                time_precision=time_precision(when.precision if when else "day") if (when or anchor) else None,
                fatalities=fatalities,
                figures=[fig.id for fig in sent_figures],
                claimant=claim.claimant if claim else None,
                trigger=TextSpan(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text),
                evidence=[ctx.sentence_span(sent)],
                confidence=round(max(0.05, min(0.95, confidence)), 2),
                coder=[NAME],
            )))
        for event in _merge_connected(_prefer_main_clause(sentence_events)):
            events.append(event.model_copy(update={"id": f"{ctx.article.id}-e{len(events) + 1}"}))
    return events


def _reporting_act(sent: Span, skip: set[int]) -> list[Found]:
    """A sentence whose only trigger is its reporting verb ("the chief warned that police will no longer
    tolerate rallies", "the group alleged that ..."): the verb's own verbal event is the sentence's."""
    return [f for f in triggers_in(sent, set()) if f.token.i in skip and f.trigger.event in VERBAL] if skip else []


def _named_subject(tok: Token) -> bool:
    """Whether a trigger's doer is named though the registry lacks it: a name ("President Yoweri Museveni
    banned ...") or a nationality or place ("Swiss doctors handed over medicine", "Israel's high court opened a
    hearing"). A noun trigger's doer is the subject of its verb ("arrived on a visit")."""
    verb = _governing_verb(tok)
    subj = _subject(verb) if verb is not None else None
    return subj is not None and (subj.ent_type_ in NAMING_ENTS or subj.pos_ == "PROPN" or any(
        t.ent_type_ in NAMING_ENTS for t in _np_without_clauses(subj)))


def _np_without_clauses(head: Token) -> list[Token]:
    """The words of a noun phrase, without its relative clauses ("doctors from two American aid groups")."""
    out = [head]
    for c in head.children:
        if c.dep_ not in ("relcl", "acl"):
            out += _np_without_clauses(c)
    return out


NAMING_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


# Nouns that measure out what follows "of" ("a round of talks", "ten days of exercises"): the act is the noun
# after "of".
PARTITIVES = frozenset({"series", "round", "wave", "spate", "string", "day", "week", "month", "hour", "number",
                        "couple", "set", "lot"})


def _governing_verb(tok: Token) -> Token | None:
    """A verb trigger itself; for a noun trigger, the verb whose object it is ("gave a warm welcome") or whose
    prepositional phrase it is in ("arrived on a visit", "returned for talks"), through a measure noun ("held a
    round of talks")."""
    if tok.pos_ == "VERB":
        return tok
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PARTITIVES:
        tok, head = head.head, head.head.head
    if tok.dep_ in ("dobj", "attr") and head.pos_ == "VERB":
        return head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ != "of" and head.head.pos_ == "VERB":
        return head.head
    return None


def _embedded(tok: Token, said: set[int]) -> bool:
    """Whether a trigger lies in the complement of a verbal trigger ("agreed to reopen the border", "demanded
    that troops withdraw"): the sentence's event is the saying, the act is its content."""
    node = tok
    if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        node = tok.head  # "agreed to US mediation", "is opposed to talks"
    clause = False
    for _ in range(3):
        if node.dep_ not in ("xcomp", "ccomp", "conj", "prep", "pcomp", "acl", "dobj") or node.head.i == node.i or \
                node.dep_ == "pcomp" and node.head.lower_ in BACKGROUND_PREPS or node.dep_ == "dobj" and not clause:
            return False  # "will advance after seizing the town": the seizing is no content of the threat
        clause = node.dep_ in ("ccomp", "acl")
        node = node.head
        if node.i in said and (node.pos_ in ("VERB", "ADJ") or clause and node.pos_ == "NOUN"):
            return True  # "an allegation that the rebels had taken the town", "their demand that X ease"
    return False


# Prepositions whose clause or noun is the background of the sentence's act ("after the attack", "because of
# fighting", "before allowing aid in").
BACKGROUND_PREPS = frozenset({"after", "following", "before", "because", "despite", "amid", "since", "until",
                              "over", "without", "of"})


def _background(tok: Token) -> bool:
    """Whether a trigger lies in a subordinate clause of its sentence: a relative or noun clause ("the
    helicopter that was captured", "an allegation that rebels had taken the town"), an adverbial clause ("after
    vehicles were hit", "to allow aid in"), or a background phrase ("because of fighting"). The main clause's
    act is the sentence's event."""
    node = tok
    for _ in range(6):
        if node.dep_ in ("relcl", "acl") and node.pos_ == "VERB" and not _noun_complement(node) or \
                node.dep_ == "advcl" and (
                node.tag_ != "VBG" or any(c.dep_ == "mark" for c in node.children)):
            return True
        if node.dep_ in ("pobj", "pcomp") and node.head.lower_ in BACKGROUND_PREPS and node.head.lower_ != "of" \
                or node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lower_ == "because":
            return True
        if node.dep_ == "ROOT" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _noun_complement(node: Token) -> bool:
    """ "a reminder that it must cooperate": the clause is what the noun says, not a relative clause."""
    return node.dep_ == "acl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children)


def _prefer_main_clause(items: list[tuple[Token, Event]]) -> list[tuple[Token, Event]]:
    """Of a sentence's events, those in a subordinate clause rank below those in its main clause."""
    background = [_background(tok) for tok, _ in items]
    if all(background) or not any(background):
        return items
    return [(tok, e.model_copy(update={"confidence": round(max(0.05, e.confidence - 0.15), 2)}) if bg else e)
            for (tok, e), bg in zip(items, background, strict=True)]


def _cumulative(tok: Token) -> bool:
    """ "have killed 500 since the uprising began", "so far this year": a count over a period, not one act."""
    for c in tok.children:
        if c.lower_ == "since" and c.dep_ == "prep":
            return True
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children):
            return True
        if c.dep_ == "advmod" and c.lower_ == "far" and any(m.lower_ == "so" for m in c.children):
            return True
    return False


def _refine(ctx: ArticleContext, f: Found, sent: Span, events: list[Event], actors: list[Actor]) -> None:
    """A later mention of an event told before ("The blast tore through a mosque in Kunduz", "IS claimed the
    bombing") gives it the finer place in the same country, and the actor it lacked."""
    earlier = next((i for i in range(len(events) - 1, -1, -1) if events[i].event == f.trigger.event), None)
    if earlier is None:
        return
    update: dict[str, object] = {}
    if actors and not events[earlier].actor:
        update["actor"] = actors
    place, carried = _event_place(ctx, f, sent)
    old = events[earlier].event_loc
    if place is not None and not carried and (old is None or (old.resolution or 0) < (place.resolution or 0)
                                              and old.country_code == place.country_code):
        update["event_loc"] = place
    if update:
        events[earlier] = events[earlier].model_copy(update=update)


def _reporters(ctx: ArticleContext, sent: Span, verb_i: int | None) -> set[str]:
    """Registry ids of the actors who report in this sentence ("..., the Observatory said"): not recipients."""
    ids: set[str] = set()
    for tok in sent:
        if tok.dep_ in ("nsubj", "conj") and tok.head.i == verb_i or \
                tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
            for a in ctx.actors_in(tok.left_edge.idx, tok.idx + len(tok.text)):
                if a.id:
                    ids.add(a.id)
    return ids


def _connected(a: Token, b: Token) -> bool:
    """Whether two triggers are one clause apart ("were killed when an airstrike hit", "killed in an attack",
    "carried out an air strike, killing 100")."""
    def near(x: Token, y: Token) -> bool:
        return x.dep_ != "conj" and (x.head.i == y.i or x.head.head.i == y.i and x.head.dep_ == "prep")

    def consequence(x: Token, y: Token) -> bool:  # siblings: an act and the participle of what it did
        return x.head.i == y.head.i and x.dep_ == "advcl" and x.tag_ == "VBG" and y.dep_ in ("dobj", "nsubj")
    return near(a, b) or near(b, a) or consequence(a, b) or consequence(b, a)


_SPECIFIC = {EXPLOSIONS: 3, "Violence against civilians": 2, "Battles": 1}
# Of one act told twice ("attacked the school, abducting 20 pupils"), ACLED codes the more specific.
_SPECIFIC_SUBS = frozenset({"Abduction/forced disappearance", "Sexual violence"})


def _conjoined_specific(a: Token, a_event: Event, b: Token, b_event: Event) -> bool:
    """ "troops entered the village and raped women": conjoined acts of one actor, one of them ACLED's more
    specific abduction or sexual violence, are one event."""
    linked = a.dep_ == "conj" and a.head.i == b.i or b.dep_ == "conj" and b.head.i == a.i
    return linked and (a_event.sub_event_type in _SPECIFIC_SUBS or b_event.sub_event_type in _SPECIFIC_SUBS)


def _merge_connected(items: list[tuple[Token, Event]]) -> list[Event]:
    """One event for triggers that describe the same act in one sentence, keeping every argument."""
    groups: list[list[tuple[Token, Event]]] = []
    for tok, event in items:
        for group in groups:
            if any(g_event.event == event.event == "ASSAULT" and (_connected(g_tok, tok) or _conjoined_specific(
                    g_tok, g_event, tok, event)) for g_tok, g_event in group):
                group.append((tok, event))
                break
        else:
            groups.append([(tok, event)])
    merged: list[Event] = []
    for group in groups:
        events = [e for _, e in group]
        base = max(events, key=lambda e: (e.sub_event_type in _SPECIFIC_SUBS, _SPECIFIC.get(e.event_type or "", 0),
                                          -events.index(e)))
        actors = _dedupe([a for e in events for a in e.actor])
        recipients = [r for r in _dedupe([r for e in events for r in e.recipient])
                      if r.name not in {a.name for a in actors}]
        dated = [e for e in events if e.date_kind not in (None, "publication")]
        when = dated[0] if dated else base
        merged.append(base.model_copy(update={
            "actor": actors, "recipient": recipients, "date": when.date, "end_date": when.end_date,
            "date_precision": when.date_precision, "date_kind": when.date_kind, "time_precision": when.time_precision,
            "event_loc": base.event_loc or next((e.event_loc for e in events if e.event_loc), None),
            "fatalities": base.fatalities if base.fatalities is not None else
            next((e.fatalities for e in events if e.fatalities is not None), None),
            "confidence": round(min(0.95, max(e.confidence for e in events) + 0.05 * (len(events) - 1)), 2),
        }))
    return merged

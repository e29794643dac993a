"""How a protest went, in ACLED's terms: peaceful, met with intervention, met with excessive force, or violent.

ACLED's codebook: a *violent demonstration* is one where demonstrators themselves use violence, destroy
property or block roads with barricades; *excessive force against protesters* is lethal force, or force that
seriously injures, against demonstrators who were not violent; *protest with intervention* is a peaceful
protest dispersed, suppressed or met with arrests short of that; a *peaceful protest* is met with none.
"""

from __future__ import annotations

from spacy.tokens import Token

from .triggers import Trigger

# Words that say a protest was met by force short of killing ("dispersed with tear gas").
INTERVENTION = frozenset({"tear", "teargas", "disperse", "cannon", "baton", "truncheon", "rubber", "pepper",
                          "stun", "scuffle", "dispersal"})
# Words that say protesters were fired on or killed.
EXCESSIVE = frozenset({"ammunition", "kill", "shoot", "gun", "massacre", "bullet"})
# Modifiers that make a round non-lethal ("rubber bullets": a dispersal, not excessive force).
NON_LETHAL = frozenset({"rubber", "plastic", "blank"})
# Words that say protesters themselves were violent.
VIOLENT_PROTEST = frozenset({"molotov", "torch", "burn", "vandalize", "vandalise", "loot", "smash", "clash",
                             "riot", "rioter", "barricade", "throw", "hurl", "damage", "ransack", "storm",
                             "violent", "violence", "pelt", "ablaze", "arson", "rioting"})
# Words that say force against protesters went beyond dispersal: lethal, or serious injuries (ACLED's
# "Excessive force against protesters"), as opposed to a dispersal or arrests ("Protest with intervention").
SEVERE = frozenset({"violently", "brutally", "excessive", "crackdown", "injure", "injury", "wound", "maim"})
# Road blocks are violent demonstrations in ACLED's codebook (road-blocking with barricades or burning tyres).
BLOCKED = frozenset({"road", "street", "highway", "railway", "bridge", "motorway"})
PEACEFUL = frozenset({"peaceful", "peacefully"})
# Things thrown or burnt at a protest: a violent protest only as nouns ("stones", not "rocked the city").
PROJECTILES = frozenset({"stone", "rock", "brick", "bottle", "tyre", "tire", "firebomb", "petrol"})
PROTESTER_NOUNS = frozenset({"protester", "protestor", "demonstrator", "marcher", "rally", "protest",
                             "demonstration", "crowd", "rioter", "sit-in", "march", "vigil"})
# Words that say the state's forces were there (excessive force is theirs).
STATE_WORDS = frozenset({"police", "policeman", "force", "troop", "soldier", "army", "guard", "authority",
                         "gendarme", "military", "officer", "regime", "government"})
RIOT_WORDS = frozenset({"riot", "rioter", "rioting"})
STATE_VIOLENCE = frozenset({"dispersal", "crackdown", "suppression", "repression", "raid", "eviction"})


def _opposed(t: Token) -> bool:
    """ "demonstrations against gun violence", "to denounce the violence": what a protest is against."""
    return t.head.lower_ in ("against", "over", "about") or t.dep_ == "dobj" and t.head.lemma_.lower() in (
        "denounce", "condemn", "protest", "decry", "oppose", "reject")


def _violent_act(t: Token) -> bool:
    lemma = t.lemma_.lower()
    if _opposed(t) or lemma in ("violent", "violence") and t.head.lemma_.lower() in STATE_VIOLENCE:
        return False  # "the violent dispersal of the sit-in": the state's violence, not the protesters'
    if lemma in RIOT_WORDS:  # "rioters", not "riot police" or "riot gear"
        return not (t.dep_ in ("compound", "amod") and t.head.lemma_.lower() not in RIOT_WORDS)
    if lemma in ("block", "blockade", "barricade", "shut", "close") and t.pos_ == "VERB":
        return any(o.lemma_.lower() in BLOCKED for c in t.children if c.dep_ in ("dobj", "nsubjpass")
                   for o in c.subtree)  # "blocked roads and railways"
    if lemma == "break" and any(c.lower_ == "into" for c in t.children) or \
            lemma == "pull" and any(c.dep_ == "prt" and c.lower_ == "down" for c in t.children) or \
            lemma == "set" and any(c.dep_ == "dobj" and c.lemma_.lower() == "fire" for c in t.children):
        return True  # "broke into the headquarters", "pulled down walls", "set fire to cars"
    return lemma in VIOLENT_PROTEST - RIOT_WORDS or t.pos_ == "NOUN" and lemma in PROJECTILES


def _arrests_protesters(t: Token) -> bool:
    """ "police detained dozens of demonstrators": arrests at the protest, not "a plan for mass arrests"."""
    if t.lemma_.lower() not in ("arrest", "detain", "detention"):
        return False
    if t.pos_ != "VERB":  # "arrests of protesters", but not "a plan for mass arrests"
        return t.head.lower_ not in ("for", "against") and t.head.lemma_.lower() not in ("plan", "threat")
    return any(o.lemma_.lower() in PROTESTER_NOUNS | {"activist", "participant", "people"}
               for c in t.children if c.dep_ in ("dobj", "nsubjpass") for o in c.subtree)


def protest_type(tok: Token, trig: Trigger, event: str, mode: str | None, lemmas: set[str],
                 sentence: set[str]) -> tuple[str, str | None, str, str] | None:
    """(PLOVER event, mode, ACLED event type, sub-event type) of a protest, or of an act at one; None when
    an act at a protest says nothing of the protest (left to the act's own typing)."""
    peaceful = bool(sentence & PEACEFUL)
    violent = any(_violent_act(t) for t in tok.sent)
    state = bool(sentence & STATE_WORDS)
    if violent and not peaceful or trig.lemma in RIOT_WORDS or "clash" in sentence:
        return "PROTEST", "riot", "Riots", "Violent demonstration"
    lethal = {t.lemma_.lower() for t in tok.sent if t.lemma_.lower() in lemmas & EXCESSIVE and not any(
        c.lemma_.lower() in NON_LETHAL for c in t.children)}
    if lethal and (event == "ASSAULT" or state) or sentence & SEVERE and state:
        return "ASSAULT", "firearms", "Protests", "Excessive force against protesters"
    if sentence & INTERVENTION or trig.lemma in ("disperse", "suppress", "crack down", "arrest", "detain") or \
            any(_arrests_protesters(t) for t in tok.sent):
        return "PROTEST", "demo", "Protests", "Protest with intervention"
    if event == "PROTEST":
        return event, mode, "Protests", "Peaceful protest"
    return None

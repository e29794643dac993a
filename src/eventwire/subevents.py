"""ACLED sub-event types (and PLOVER modes) settled by a trigger's context.

The trigger lexicon gives a first type; the words of the clause settle what ACLED distinguishes: the weapon
(air strike, shelling, IED, grenade, suicide, chemical), who was hit (civilians or armed men), how a protest
went (peaceful, dispersed with tear gas, fired on, violent), and what was seized (a town or a weapons cache).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .figures import CIVILIAN_NOUNS
from .models import Actor, Figure
from .triggers import EXPLOSIONS, Trigger, Weapon

# Words that say a protest was met by force short of killing ("dispersed with tear gas").
INTERVENTION = frozenset({"tear", "teargas", "disperse", "cannon", "baton", "truncheon", "rubber", "pepper",
                          "stun", "scuffle", "detain", "arrest"})
# Words that say protesters were fired on or killed.
EXCESSIVE = frozenset({"live", "ammunition", "kill", "shoot", "gun", "massacre", "bullet"})
# Words that say protesters themselves were violent.
VIOLENT_PROTEST = frozenset({"molotov", "torch", "burn", "vandalize", "vandalise", "loot", "smash", "clash",
                             "riot", "rioter", "barricade", "throw", "hurl", "damage", "ransack", "storm",
                             "violent", "violence", "pelt", "ablaze", "arson", "rioting"})
# Things thrown or burnt at a protest: a violent protest only as nouns ("stones", not "rocked the city").
PROJECTILES = frozenset({"stone", "rock", "brick", "bottle", "tyre", "tire", "firebomb", "petrol"})
PROTESTER_NOUNS = frozenset({"protester", "protestor", "demonstrator", "marcher", "rally", "protest",
                             "demonstration", "crowd"})
WEAPON_OBJECTS = frozenset({"weapon", "arm", "ammunition", "explosive", "cache", "bomb", "ied", "rocket",
                            "missile", "mine", "landmine", "grenade", "rifle", "gun", "munition", "detonator",
                            "arsenal", "drone", "device"})
BASE_OBJECTS = frozenset({"base", "headquarters", "headquarter", "outpost", "camp", "office", "checkpoint",
                          "post", "position", "garrison"})
MILITARY_OBJECTS = frozenset({"base", "post", "checkpoint", "convoy", "troop", "soldier", "position", "army",
                              "patrol", "barracks", "outpost", "garrison", "militant", "fighter", "rebel",
                              "policeman", "officer", "force", "unit", "tank"})
PEOPLE = frozenset({"people", "person", "man", "villager", "passenger", "worshipper", "family"})
COMBATANTS = frozenset({"fighters", "soldiers", "troops", "militants", "rebels", "combatants", "policemen",
                        "officers", "jihadists", "insurgents", "gunmen", "terrorists"})
CAPTIVES = frozenset({"prisoner", "hostage", "detainee", "captive", "pow", "abductee", "body", "remains"})
# Taking back: what governments do in ACLED's coding when the text names no one.
RETAKING = frozenset({"retake", "recapture", "regain", "reclaim", "liberate", "free"})
STATE_FORCES = frozenset({"army", "troop", "trooper", "soldier", "military", "paratrooper", "marine",
                          "commando", "police", "gendarme", "gendarmerie"})
MOB_WORDS = frozenset({"mob", "vigilante", "lynch", "villagers", "crowd"})


@dataclass(frozen=True)
class Typed:
    event: str
    mode: str | None
    event_type: str | None
    sub_event_type: str | None
    specific: bool  # whether the context, not the trigger alone, settled the type


def _clause_lemmas(tok: Token) -> set[str]:
    scope = tok.head if tok.pos_ == "NOUN" and tok.head.pos_ == "VERB" else tok
    return {t.lemma_.lower() for t in scope.subtree} | {t.lemma_.lower() for t in tok.sent if t.dep_ == "ROOT"}


def civilian_object(tok: Token) -> bool:
    """Whether the trigger's object is a civilian noun ("attacked villagers", "shot two farmers")."""
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in CIVILIAN_NOUNS for c in tok.children)


def _objects(tok: Token) -> set[str]:
    """Lemmas of the trigger's object phrases ("seized a large quantity of weapons": quantity, weapon)."""
    return {t.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr") for t in c.subtree}


def classify(trig: Trigger, weapon: Weapon | None, tok: Token, actors: list[Actor], recipients: list[Actor],
             figures: list[Figure]) -> Typed | None:
    """PLOVER event and mode, ACLED event type and sub-event type of one trigger in its context; None when
    the context says the trigger is no event at all ("found the keys")."""
    event, mode, event_type, sub = trig.event, trig.mode, trig.event_type, trig.sub_event_type
    lemmas = _clause_lemmas(tok)
    objects = _objects(tok)
    sentence = {t.lemma_.lower() for t in tok.sent}
    thrown = {t.lemma_.lower() for t in tok.sent if t.pos_ == "NOUN"} & PROJECTILES
    protest_context = bool(sentence & PROTESTER_NOUNS) or any(a.inter == 6 for a in actors + recipients)

    # What was seized: a weapons cache is not a town; a base set up is not a battle.
    if trig.lemma in ("seize", "capture", "confiscate", "intercept", "find", "recover", "discover", "uncover",
                      "defuse", "destroy") and objects & WEAPON_OBJECTS:
        return Typed("COERCE", "seize", "Strategic developments", "Disrupted weapons use", True)
    if sub == "@release":  # ACLED codes prisoner releases and exchanges as agreements
        if objects & CAPTIVES or lemmas & CAPTIVES:
            return Typed("RETREAT", "release", "Strategic developments", "Agreement", True)
        return None  # "released a statement"
    if sub == "@weapons_only":
        return None  # "found", "discovered": an event only when weapons were found
    if trig.lemma in ("establish", "set", "open", "build") and objects & BASE_OBJECTS:
        return Typed("MOBILIZE", "troops", "Strategic developments", "Headquarters or base established", True)

    if event == "PROTEST" and trig.lemma in ("march", "rally") and any(a.inter in (1, 2, 3, 8) for a in actors):
        return Typed("MOBILIZE", "troops", None, None, False)  # "troops marched into the town"

    # Protests and what happened at them.
    if event == "PROTEST" or (event == "ASSAULT" and protest_context and not weapon):
        if lemmas & EXCESSIVE and (event == "ASSAULT" or sentence & {"police", "force", "troop", "soldier"}):
            return Typed("ASSAULT", "firearms", "Protests", "Excessive force against protesters", True)
        if sentence & VIOLENT_PROTEST or thrown or trig.lemma in ("riot", "clash"):
            return Typed("PROTEST", "riot", "Riots", "Violent demonstration", True)
        if sentence & INTERVENTION:
            return Typed("PROTEST", "demo", "Protests", "Protest with intervention", True)
        if event == "PROTEST":
            return Typed(event, mode, "Protests", "Peaceful protest", False)

    if event == "ASSAULT" and (lemmas & {"sexual", "sexually", "rape", "rapist"}):
        return Typed("ASSAULT", "sexual", "Violence against civilians", "Sexual violence", True)

    if event == "ASSAULT" and sentence & MOB_WORDS and not weapon and any(
            t.lemma_.lower() in MOB_WORDS and t.dep_ in ("nsubj", "pobj") for t in tok.sent):
        return Typed("ASSAULT", "beat", "Riots", "Mob violence", True)

    if weapon is not None and event == "ASSAULT" and (sub in ("@weapon", "@attack", None) or
                                                      event_type == EXPLOSIONS):
        return Typed(event, weapon.mode, EXPLOSIONS, weapon.sub_event_type, True)
    if sub == "@territory":
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        state = any(a.inter == 1 for a in actors) or not actors and (
            trig.lemma in RETAKING or subject is not None and subject.lemma_.lower() in STATE_FORCES)
        return Typed(event, mode, "Battles",
                     "Government regains territory" if state else "Non-state actor overtakes territory", True)
    if sub in ("@attack", "@weapon"):
        armed = any(r.inter in (1, 2, 3, 4, 8) for r in recipients) or bool(objects & MILITARY_OBJECTS) or \
            any(f.kind == "killed" and f.population in COMBATANTS for f in figures)
        civilians = any(r.sector == "CVL" or r.inter == 7 for r in recipients) or civilian_object(tok) or \
            bool(objects & (CIVILIAN_NOUNS | PEOPLE)) or (not recipients and any(
                f.kind in ("killed", "injured", "abducted") and f.population not in COMBATANTS for f in figures))
        if civilians and not armed:
            return Typed(event, mode, "Violence against civilians", "Attack", True)
        return Typed(event, mode, "Battles", "Armed clash", bool(recipients))
    return Typed(event, mode, event_type, sub, False)

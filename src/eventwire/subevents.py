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
from .protests import BLOCKED, PROTESTER_NOUNS, protest_type
from .triggers import EXPLOSIONS, Trigger, Weapon

# Labour and hunger strikes: a protest, not an attack.
LABOUR = frozenset({"worker", "union", "employee", "teacher", "labour", "labor", "hunger", "wage", "salary",
                    "walkout", "trucker", "miner"})
# Civilian places: attacked with no armed side named, ACLED's "Attack" (violence against civilians).
CIVILIAN_PLACES = frozenset({"mosque", "church", "temple", "synagogue", "hotel", "school", "university",
                             "market", "marketplace", "bus", "vehicle", "car", "plane", "hospital", "clinic",
                             "home", "house", "restaurant", "cafe", "shop", "store", "village", "farm",
                             "wedding", "funeral", "worshipper", "shopper", "motorist", "building"})
# Territory taken with no fight: ACLED's "Non-violent transfer of territory".
UNOPPOSED = frozenset({"withdraw", "withdrawal", "vacate", "abandon", "pullout", "resistance", "unopposed",
                       "handover", "evacuate", "evacuation"})

WEAPON_OBJECTS = frozenset({"weapon", "arm", "ammunition", "explosive", "cache", "bomb", "ied", "rocket",
                            "missile", "mine", "landmine", "grenade", "rifle", "gun", "munition", "detonator",
                            "arsenal", "drone", "device", "pistol", "bullet", "firearm", "ordnance"})
BASE_OBJECTS = frozenset({"base", "headquarters", "headquarter", "outpost", "camp", "office", "checkpoint",
                          "post", "position", "garrison", "point", "barracks", "station"})
MILITARY_OBJECTS = frozenset({"base", "post", "checkpoint", "convoy", "troop", "soldier", "position", "army",
                              "patrol", "barracks", "outpost", "garrison", "militant", "fighter", "rebel",
                              "policeman", "officer", "force", "unit", "tank"})
PEOPLE = frozenset({"people", "person", "man", "villager", "passenger", "worshipper", "family"})
COMBATANTS = frozenset({"fighters", "soldiers", "troops", "militants", "rebels", "combatants", "policemen",
                        "officers", "jihadists", "insurgents", "gunmen", "terrorists", "personnel", "guards",
                        "servicemen", "police", "militiamen", "paramilitaries"})
CAPTIVES = frozenset({"prisoner", "hostage", "detainee", "captive", "pow", "abductee", "body", "remains"})
# Taking back: what governments do in ACLED's coding when the text names no one.
RETAKING = frozenset({"retake", "recapture", "regain", "reclaim", "liberate", "free", "seize back", "take back",
                      "win back", "regain control"})
STATE_FORCES = frozenset({"army", "troop", "trooper", "soldier", "military", "paratrooper", "marine",
                          "commando", "police", "gendarme", "gendarmerie"})
# Words that name someone acquiring ground (ACLED's non-violent transfer needs one).
TAKING = frozenset({"capture", "seize", "take", "overrun", "retake", "recapture", "enter", "advance", "regain",
                    "handover", "hand", "cede", "transfer", "occupy", "control", "fall", "move"})
PLACE_NOUNS = frozenset({"village", "town", "city", "area", "district", "territory", "region", "neighbourhood",
                         "neighborhood", "province", "base", "hill", "airport", "port"})
ARMED_PEOPLE = frozenset({"fighter", "troop", "soldier", "militant", "rebel", "force", "army", "insurgent",
                          "jihadist", "gunman", "militia", "militiaman", "unit"})
PACTS = frozenset({"pact", "treaty", "agreement", "deal", "accord", "convention", "talks", "ceasefire", "truce"})
# Weapons used from afar: what they destroy is remote violence.
REMOTE = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
NON_STATE_WORDS = frozenset({"anti", "opposition", "rebel", "insurgent", "militant", "jihadist", "separatist",
                             "militia", "dissident", "defector"})
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
    """Lemmas of the trigger's object phrases ("seized a large quantity of weapons": quantity, weapon; "the
    weapons found": weapon)."""
    out = {t.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr") for t in c.subtree}
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        out.add(tok.head.lemma_.lower())  # "the bombs discovered on Wednesday"
    return out


def _targets(tok: Token) -> set[str]:
    """Head lemmas of what an attack was aimed at: its object, its passive subject, or what it was made on
    ("opened fire on a bus", "an attack on a mosque", "a mosque was attacked")."""
    out = {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "nsubjpass")}
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at", "inside",
                                                                             "into", "in")):
        out |= {o.lemma_.lower() for o in prep.children if o.dep_ == "pobj" and
                (prep.lower_ != "in" or o.lemma_.lower() in CIVILIAN_PLACES)}
    return out


def _unopposed(tok: Token) -> bool:
    """Territory taken with no fight: after the other side withdrew, or "without resistance"."""
    for t in tok.sent:
        lemma = t.lemma_.lower()
        if t.i != tok.i and lemma == "pull" and any(c.dep_ in ("prt", "prep") and c.lower_ in ("out", "back")
                                                    for c in t.children):
            return True  # "after the army pulled out of the city"
        if t.i == tok.i or lemma not in UNOPPOSED:
            continue
        if lemma != "resistance" or t.head.lower_ == "without" or any(
                c.dep_ == "neg" or c.lower_ in ("no", "any") for c in [*t.children, *t.head.children]):
            return True
    return False


def _state_side(subject: Token) -> bool:
    """ "the army", "forces loyal to the government", not "anti-government forces" or "rebel soldiers"."""
    words = {t.lemma_.lower() for t in subject.subtree}
    return bool(words & (STATE_FORCES | {"government"})) and not words & NON_STATE_WORDS


def _verbal_protest(tok: Token) -> bool:
    """A protest lodged or said ("lodged a formal protest", "a rights group protested that ..."), not a
    demonstration."""
    if tok.pos_ == "NOUN":
        return tok.head.lemma_.lower() in ("lodge", "file", "issue", "register", "deliver", "send")
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return any(c.dep_ == "ccomp" for c in tok.children) or tok.dep_ == "parataxis" or \
        subj is not None and subj.ent_type_ == "GPE"


def _labour_strike(tok: Token, sentence: set[str]) -> bool:
    """A strike by workers ("went on strike", "a general strike", "teachers' strike"), not an air strike."""
    return any(c.lemma_.lower() in ("general", "hunger", "nationwide") for c in tok.children) or \
        bool(sentence & LABOUR) or tok.head.lower_ == "on" or tok.head.lemma_.lower() in ("stage", "call", "hold")


def classify(trig: Trigger, weapon: Weapon | None, tok: Token, actors: list[Actor], recipients: list[Actor],
             figures: list[Figure]) -> Typed | None:
    """PLOVER event and mode, ACLED event type and sub-event type of one trigger in its context; None when
    the context says the trigger is no event at all ("found the keys")."""
    event, mode, event_type, sub = trig.event, trig.mode, trig.event_type, trig.sub_event_type
    lemmas = _clause_lemmas(tok)
    objects = _objects(tok)
    sentence = {t.lemma_.lower() for t in tok.sent}
    protest_context = bool(sentence & PROTESTER_NOUNS) or any(a.inter == 6 for a in actors + recipients)

    # Destroyed from the air or by artillery: remote violence, whatever was destroyed.
    if trig.lemma == "destroy" and weapon is not None and weapon.sub_event_type in REMOTE:
        return Typed("ASSAULT", weapon.mode, EXPLOSIONS, weapon.sub_event_type, True)
    # What was seized: a weapons cache is not a town; a base set up is not a battle.
    if trig.lemma in ("seize", "capture", "confiscate", "intercept", "find", "recover", "discover", "uncover",
                      "defuse", "destroy") and objects & WEAPON_OBJECTS:
        return Typed("COERCE", "seize", "Strategic developments", "Disrupted weapons use", True)
    if trig.lemma == "enter" and not any(c.dep_ == "nsubj" and c.lemma_.lower() in ARMED_PEOPLE
                                         for c in tok.children):
        return None  # "entered talks", "refugees entered the country"
    if trig.lemma == "free" and objects & PLACE_NOUNS:
        sub = "@territory"  # "freed several villages from the militants"
    if sub == "@release":  # ACLED codes prisoner releases and exchanges as agreements
        scope = {t.lemma_.lower() for t in tok.subtree} if tok.pos_ == "NOUN" else set()
        if objects & CAPTIVES or lemmas & CAPTIVES or scope & CAPTIVES:
            return Typed("RETREAT", "release", "Strategic developments", "Agreement", True)
        return None  # "released a statement"
    if sub == "@weapons_only":
        return None  # "found", "discovered": an event only when weapons were found
    if trig.lemma in ("establish", "set up", "open", "build") and objects & BASE_OBJECTS:
        return Typed("MOBILIZE", "troops", "Strategic developments", "Headquarters or base established", True)
    if sub == "@base":  # "established diplomatic ties" is a recognition; "set up a committee" no event
        return Typed("SUPPORT", None, None, None, False) if objects & {"tie", "relation"} else None
    if sub == "@weapon_used":  # "used chlorine", "used barrel bombs": an attack with that weapon
        return Typed(event, weapon.mode, EXPLOSIONS, weapon.sub_event_type, True) if weapon else None
    if trig.lemma == "strike" and tok.pos_ == "NOUN" and weapon is None and _labour_strike(tok, sentence):
        event, mode, event_type, sub = "PROTEST", "strike", "Protests", "Peaceful protest"
    if trig.lemma in ("disperse", "suppress", "crack down") and not protest_context:
        return None  # "the fog dispersed"

    if trig.lemma == "protest" and _verbal_protest(tok):
        return Typed("ACCUSE", "disapprove", None, None, False)  # "Serbia lodged a protest with Albania"
    if event == "PROTEST" and trig.lemma in ("march", "rally") and any(a.inter in (1, 2, 3, 8) for a in actors):
        return Typed("MOBILIZE", "troops", None, None, False)  # "troops marched into the town"

    if trig.lemma in ("ceasefire", "truce") and tok.head.lemma_.lower() in ("declare", "announce", "observe",
                                                                          "implement", "call"):
        return Typed("RETREAT", "ceasefire", "Strategic developments", "Agreement", True)  # PLOVER's RETREAT
    if mode == "sexual":  # rape at a protest is still sexual violence
        return Typed(event, mode, "Violence against civilians", "Sexual violence", True)
    if event == "RETREAT" and any(o.lemma_.lower() in PACTS for p in tok.children if p.dep_ == "prep" and
                                  p.lower_ == "from" for o in p.children if o.dep_ == "pobj"):
        # "withdrew from the nuclear pact": a step back from an agreement, not from ground
        return Typed("SANCTION", "withdraw", "Strategic developments", "Agreement", True)
    if sub == "Non-violent transfer of territory" and trig.lemma not in ("handover", "cede", "hand over") and \
            not sentence & TAKING:
        # ACLED's transfer needs someone who acquires the ground; a withdrawal alone changes the group's activity
        return Typed(event, mode, "Strategic developments", "Change to group/activity", True)
    if sub == "Non-violent transfer of territory" and any(
            o.lemma_.lower() in BASE_OBJECTS for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
            for o in c.children if o.dep_ == "pobj"):
        # leaving a base hands over no territory: ACLED's change to group activity
        return Typed(event, mode, "Strategic developments", "Change to group/activity", True)
    if mode == "destroy" and objects & (CIVILIAN_NOUNS | PEOPLE) and not weapon:
        sub = "@attack"  # "a man was set ablaze": an attack on him, not on property
    # Protests and what happened at them; arrests at a protest are ACLED's protest with intervention.
    if trig.lemma == "block" and (protest_context or objects & BLOCKED) and \
            not any(a.inter in (1, 2, 3, 8) for a in actors):
        event, mode = "PROTEST", "obstruct"  # demonstrators blocking roads: PLOVER's obstruct protest
    at_protest = event_type == "Protests" or event == "PROTEST" or \
        event == "ASSAULT" and protest_context and not weapon or \
        sub == "Arrests" and (bool(objects & PROTESTER_NOUNS) or protest_context)
    if at_protest:
        typed = protest_type(tok, trig, event, mode, lemmas, sentence)
        if typed is not None:
            # what protesters did, typed only by its being theirs, is no more specific than "a protest"
            specific = trig.lemma != "@protesters" or typed[3] != "Peaceful protest"
            return Typed(*typed, specific) if event != "COERCE" else Typed(event, mode, typed[2], typed[3], True)

    if event == "ASSAULT" and (lemmas & {"sexual", "sexually", "rape", "rapist"}):
        return Typed("ASSAULT", "sexual", "Violence against civilians", "Sexual violence", True)

    if event == "ASSAULT" and sentence & MOB_WORDS and not weapon and any(
            t.lemma_.lower() in MOB_WORDS and t.dep_ in ("nsubj", "pobj", "conj") for t in tok.sent):
        return Typed("ASSAULT", "beat", "Riots", "Mob violence", True)

    if weapon is not None and event == "ASSAULT" and (sub in ("@weapon", "@attack", None) or
                                                      event_type == EXPLOSIONS):
        return Typed(event, weapon.mode, EXPLOSIONS, weapon.sub_event_type, True)
    if sub == "@territory" and trig.lemma == "take over" and not objects:
        return None  # "until a new government takes over": power, not ground
    if sub == "@territory":
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        taken_from = {t.lemma_.lower() for p in tok.children if p.dep_ == "prep" and p.lower_ == "from"
                      for t in p.subtree}
        state = any(a.inter == 1 for a in actors) or not actors and (
            trig.lemma in RETAKING or subject is not None and _state_side(subject))
        if not any(a.inter == 1 for a in actors) and (any(r.inter == 1 for r in recipients) or
                                                       taken_from & (STATE_FORCES | {"government"})):
            state = False  # "retook the town from government forces"
        if _unopposed(tok):
            return Typed(event, mode, "Strategic developments", "Non-violent transfer of territory", True)
        return Typed(event, mode, "Battles",
                     "Government regains territory" if state else "Non-state actor overtakes territory", True)
    if trig.lemma == "raid" and any(t.lemma_.lower() in ("arrest", "detain", "apprehend", "nab") and
                                    t.i > tok.i and tok.doc[t.i - 1].lower_ == "to" for t in tok.sent):
        return Typed("COERCE", "arrest", "Strategic developments", "Arrests", True)  # "raids to detain leaders"
    if sub in ("@attack", "@weapon"):
        targets = _targets(tok)
        armed = any(r.inter in (1, 2, 3, 4, 8) or r.sector in ("MIL", "COP", "REB") for r in recipients) or \
            bool(objects & MILITARY_OBJECTS) or \
            any(f.kind == "killed" and f.population in COMBATANTS for f in figures)
        civilians = any(r.sector == "CVL" or r.inter == 7 for r in recipients) or civilian_object(tok) or \
            bool(objects & (CIVILIAN_NOUNS | PEOPLE)) or (not recipients and any(
                f.kind in ("killed", "injured", "abducted") and f.population not in COMBATANTS for f in figures))
        aimed = bool(targets & (CIVILIAN_PLACES | CIVILIAN_NOUNS | PEOPLE)) and not targets & MILITARY_OBJECTS
        if not recipients and not armed and weapon is None and any(
                t.lemma_.lower() in CIVILIAN_NOUNS and t.dep_ in ("dobj", "nsubjpass") for t in tok.sent):
            civilians = True  # "opened fire, scattering terrified residents"
        if civilians and not armed or aimed:
            return Typed(event, mode, "Violence against civilians", "Attack", True)
        return Typed(event, mode, "Battles", "Armed clash", bool(recipients))
    return Typed(event, mode, event_type, sub, False)

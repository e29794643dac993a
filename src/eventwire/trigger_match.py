"""Trigger words found in a sentence: lexicon lookup by lemma, compound, phrasal verb and object class, the
weapon named in the trigger's clause, modality, and one trigger per act.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .modality import bound_for, committed, irrealis, obliged, promise, refused
from .triggers import (
    MODIFIED_WEAPON_HEADS,
    OBJECT_CLASSES,
    SUICIDE,
    WEAPON_ORDER,
    WEAPONS,
    Trigger,
    Weapon,
    load_triggers,
)

# Triggers that, in the simple present, describe a state rather than an event ("it occupies swathes").
STATIVE = frozenset({"occupy", "control", "hold", "besiege", "surround"})
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "begin", "start", "wage", "unleash",
                         "continue", "intensify", "step", "claim", "perpetrate", "commit", "order", "lodge",
                         "issue", "undertake", "hold", "reach", "file", "make", "declare", "announce"})
# Irregular forms of trigger verbs the tagger leaves as they are.
IRREGULAR = {"retook": "retake", "retaken": "retake", "overran": "overrun", "withdrew": "withdraw",
             "withdrawn": "withdraw", "undertook": "undertake", "outlawed": "outlaw", "besieged": "besiege",
             "shot": "shoot", "fought": "fight", "blew": "blow", "blown": "blow", "struck": "strike"}
PROTESTERS = frozenset({"protester", "protestor", "demonstrator", "rioter", "marcher", "picketer"})
# Thrown incendiaries: not a remote explosive ("protesters threw petrol bombs").
INCENDIARIES = frozenset({"petrol bomb", "molotov cocktail", "gasoline bomb", "fire bomb", "firebomb"})
# Verbal cooperation that, promised for the future, PLOVER codes as AGREE ("will visit", "will allow").
FUTURE_AGREED = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "CONCEDE"})
# Verbs whose object is what was hit: a weapon there is the target.
STRIKING = frozenset({"shoot", "destroy", "down", "hit", "target", "intercept", "capture", "seize", "damage",
                      "downed"})
# The lexicon entry that stands for each reading of an unreal act.
READING_TRIGGERS = {"AGREE": "promise", "THREATEN": "warn", "REQUEST": "demand", "REJECT": "reject",
                    "CONCEDE": "concede"}
# Head nouns after which a compound trigger is the event ("a mediation effort", "the exchange process").
FRAME_NOUNS = frozenset({"effort", "mission", "process", "campaign", "operation", "initiative", "programme",
                         "program", "deal"})


WEAPON_HEADS = frozenset(key.split()[-1] for key in WEAPONS)


@dataclass
class Found:
    trigger: Trigger
    token: Token
    weapon: Weapon | None


def compound_lemma(tok: Token) -> str | None:
    """ "air strike", "sit-in": the noun with the compound just before it (a hyphen between allowed)."""
    mods = [c for c in tok.children if c.dep_ == "compound" and (
        c.i == tok.i - 1 or c.i == tok.i - 2 and tok.doc[tok.i - 1].text == "-")]
    return f"{mods[0].lemma_.lower()} {tok.lemma_.lower()}" if mods else None


def weapon_of(tok: Token) -> Weapon | None:
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ") or (tok.lemma_.lower() not in WEAPON_HEADS
                                                     and tok.lower_ not in WEAPON_HEADS):
        return None
    key = compound_lemma(tok)
    if key in INCENDIARIES or tok.i > 0 and f"{tok.doc[tok.i - 1].lower_} {tok.lemma_.lower()}" in INCENDIARIES:
        return None
    if key and key in WEAPONS:
        return WEAPONS[key]
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i]
    if tok.i > 0 and tok.doc[tok.i - 1].dep_ in ("amod", "compound"):
        mods.append(tok.doc[tok.i - 1])  # "poison gas projectiles": a modifier the parser hung on the head
    for mod in mods:
        if (weapon := WEAPONS.get(f"{mod.lower_} {tok.lemma_.lower()}")) is not None:
            return weapon  # "poisonous gas", "sulfur mustard gas"
    if tok.lemma_.lower() in MODIFIED_WEAPON_HEADS:
        return None
    return WEAPONS.get(tok.lemma_.lower()) or WEAPONS.get(tok.lower_)


def _struck(t: Token) -> bool:
    """A weapon that was the target ("shot down a helicopter", "destroying several tanks"), not the means."""
    return t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in STRIKING and t.head.pos_ == "VERB"


def clause_weapon(tok: Token) -> Weapon | None:
    if tok.lemma_.lower() == "blow" and any(c.lower_ in ("himself", "herself", "themselves") for c in tok.children):
        return SUICIDE  # "blew himself up"
    found = {w for t in tok.subtree if not _struck(t) and (w := weapon_of(t)) is not None}
    for head_arg in (c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")):
        if (w := weapon_of(head_arg)) is not None:
            found.add(w)
    for w in WEAPON_ORDER:
        if w in found:
            return w
    return None



# PLOVER's verbal events: saying it is the event, so "will" or "would" does not make them unreal.
VERBAL = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
def _phrasal_keys(tok: Token) -> list[str]:
    """Multiword readings of a verb, most specific first: its particle ("set up", "pull out"), its object
    ("open fire", "take control") or its preposition and object ("take to the streets")."""
    lemma = tok.lemma_.lower()
    keys: list[str] = []
    nouns = [o for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for o in _object_nouns(c)]
    # the word itself where the tagger took a noun for a verb ("evacuated the wounded": lemma "wound")
    classes = list(dict.fromkeys(OBJECT_CLASSES.get(o.lemma_.lower()) or OBJECT_CLASSES[o.lower_] for o in nouns
                                 if o.lemma_.lower() in OBJECT_CLASSES or o.lower_ in OBJECT_CLASSES))
    for c in tok.children:
        if c.dep_ == "prt":
            keys += [f"{lemma} {c.lower_} {k}" for k in classes] + [f"{lemma} {c.lower_}"]
        elif c.dep_ == "dobj":
            keys.append(f"{lemma} {c.lemma_.lower()}")
        elif c.dep_ in ("advmod", "acomp", "oprd"):
            keys.append(f"{lemma} {c.lower_}")  # "set ablaze"
        elif c.dep_ == "prep":
            keys += [f"{lemma} {c.lower_} {o.lemma_.lower()}" for o in c.children if o.dep_ == "pobj"]
            keys.append(f"{lemma} {c.lower_}")
    return keys + [f"{lemma} {k}" for k in classes]


# Nouns that measure out their "of" phrase ("700 kg of medicine", "$5,000 worth of goods"): the object is what
# follows.
MEASURES = frozenset({"kg", "kilogram", "kilo", "ton", "tonne", "litre", "liter", "gallon", "pound", "worth",
                      "amount", "quantity", "shipment", "consignment", "load", "truckload", "batch", "package",
                      "lot", "plenty", "supply"})


def _object_nouns(obj: Token) -> list[Token]:
    """An object and its conjuncts ("food and medicine"), each read through a measure noun."""
    out = []
    for noun in [obj, *obj.conjuncts]:
        measured = [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                    for o in c.children if o.dep_ == "pobj"] if noun.lemma_.lower() in MEASURES else []
        out += measured or [noun]
    return out


def _protesters_act(tok: Token) -> bool:
    """A verb done by protesters is part of their protest (saying verbs aside)."""
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subj is not None and subj.lemma_.lower() in PROTESTERS and \
        tok.lemma_.lower() not in ("say", "tell", "claim", "want", "be", "have", "hope", "vow", "plan")


def _verb_lemmas(tok: Token) -> list[str]:
    """The verb's lemma, then forms read off its inflection where the tagger's lemma may be wrong ("raped"
    lemmatised "rap")."""
    lemma, word = tok.lemma_.lower(), tok.lower_
    out = [lemma, IRREGULAR.get(word, lemma)]
    for suffix in ("ed", "ing", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem + "e", stem] if suffix in ("ed", "ing") else [stem]
    return out


def _phrasal_nouns(tok: Token) -> list[Token]:
    """The nouns a phrasal reading of a verb takes in: its object, and the objects of its prepositions."""
    return [c for c in tok.children if c.dep_ == "dobj"] + \
        [o for c in tok.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]


def triggers_in(sent: Span, skip: set[int]) -> list[Found]:
    table = load_triggers()
    found: list[Found] = []
    for tok in sent:
        if tok.i in skip or tok.dep_ in ("amod", "compound") and tok.pos_ != "NOUN":
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            trig = next((t for key in _phrasal_keys(tok) if (t := table.get((key, "VERB"))) is not None),
                        None) or next((t for c in _verb_lemmas(tok) if (t := table.get((c, "VERB"))) is not None),
                                      None)
        elif tok.pos_ == "NOUN" and (tok.dep_ != "compound" or tok.head.lemma_.lower() in FRAME_NOUNS):
            trig = table.get((compound_lemma(tok) or "", "NOUN")) or table.get((lemma, "NOUN"))
        else:
            trig = None
        if trig is None and promise(tok):
            trig = table.get(("offer", "VERB"))
        if (trig is None or trig.event == "REJECT") and tok.pos_ == "VERB" and _protesters_act(tok):
            # "protesters shut down roads", "demonstrators chanted", "protesters defied the ban": their protest
            trig = table.get(("@protesters", "VERB"))
        if trig is None and obliged(tok):
            trig = table.get(("demand", "VERB"))  # "China must drop its barriers": a demand on China
        elif trig is not None and trig.event != "REQUEST" and obliged(tok):
            trig = table.get(("demand", "VERB"))  # "Kagame must agree to the changes": a demand on Kagame
        elif trig is not None and irrealis(tok, verbal=trig.event in VERBAL):
            # "will release the hostages": a promise; "will impose a curfew": a threat; "X must release
            # them": a demand; else no event
            reading = "REQUEST" if obliged(tok) else "REJECT" if refused(tok, trig.event) else \
                committed(tok, trig.event, trig.sub_event_type)
            trig = table.get((READING_TRIGGERS[reading], "VERB")) if reading else None
        elif trig is not None and trig.event == "CONSULT" and bound_for(tok):
            trig = table.get(("promise", "VERB"))  # "left for Paris for talks": an agreement to meet
        elif trig is not None and trig.event in FUTURE_AGREED and tok.pos_ == "VERB" and any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll") for c in tok.children):
            trig = table.get(("promise", "VERB"))  # "will visit Albania in June": PLOVER's AGREE to cooperate
        if trig is None:
            continue
        if lemma in STATIVE and tok.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in tok.children):
            continue
        if tok.dep_ == "compound":
            tok = tok.head  # "launched a mediation effort": the effort is the event's noun in the clause
        # "the strikes were carried out by Russian warplanes": the light verb's clause names the weapon
        weapon_scope = tok.head if tok.pos_ == "NOUN" and tok.head.lemma_.lower() in LIGHT_VERBS else tok
        found.append(Found(trig, tok, clause_weapon(tok) or clause_weapon(weapon_scope)
                            if trig.event == "ASSAULT" else None))
    # A noun trigger that is an argument of a verb trigger ("air strikes hit", "launched an offensive")
    # is the same event as the verb's: keep one.
    verbs = {f.token.i: f for f in found if f.token.pos_ == "VERB"}
    # The noun of a phrasal trigger ("went on strike", "opened fire") is part of the verb's event.
    consumed = {t.i for f in verbs.values() if " " in f.trigger.lemma for t in _phrasal_nouns(f.token)
                if t.lemma_.lower() in f.trigger.lemma.split()}
    found = [f for f in found if f.token.i not in consumed]
    by_token = {f.token.i: f for f in found}
    kept: list[Found] = []
    for f in found:
        head = f.token.head
        if f.token.dep_ in ("advcl", "xcomp") and f.token.tag_ == "VBG" and head.i in by_token and \
                f.trigger.mode not in ("abduct", "sexual") and f.weapon is None and \
                f.trigger.event_type != "Explosions/Remote violence" and \
                not any(c.dep_ in ("nsubj", "nsubjpass") for c in f.token.children):
            continue  # "a car bomb exploded, killing 12": one event
        if f.token.pos_ == "NOUN" and head.i in verbs and f.token.dep_ in ("nsubj", "dobj", "nsubjpass"):
            verb = verbs[head.i]
            if verb.weapon is None and f.weapon is not None:
                verb.weapon = f.weapon
            continue
        kept.append(f)
    return kept



def is_trigger(tok: Token) -> bool:
    table = load_triggers()
    return (tok.lemma_.lower(), tok.pos_) in table or (compound_lemma(tok) or "", tok.pos_) in table

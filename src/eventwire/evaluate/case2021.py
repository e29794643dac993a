"""CASE 2021 Task 2: the ACLED sub-event type of each news snippet (``case2021-task2/dev.tsv``).

Our label for a snippet is the ``sub_event_type`` of its most confident event; a snippet with no event, or
whose best event has no sub-event type, counts as wrong. Weighted F1 is over the 25 ACLED classes (the
organisers' "seen" types, OTHER included), as in the shared task's headline figure.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..models import Article, Extraction
from .common import ExtractorFactory, Suite, SuiteResult, accuracy, confusions, per_class_f1, weighted_f1

NAME = "eval.case2021.v1"
FILE = "case2021-task2/dev.tsv"

# The shared task's labels and ACLED's sub-event type names.
ACLED_LABELS: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
BY_NAME = {v.casefold(): k for k, v in ACLED_LABELS.items()}


def label_of(sub_event_type: str | None) -> str | None:
    """The shared-task label of an ACLED sub-event type name (None when it has none)."""
    return BY_NAME.get(sub_event_type.casefold()) if sub_event_type else None


def predict(x: Extraction) -> str | None:
    if not x.events:
        return None
    best = max(x.events, key=lambda e: e.confidence)  # first of the most confident, in text order
    return label_of(best.sub_event_type)


def read(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r[0], r[1], r[2].strip()) for r in rows[1:] if len(r) >= 3]


def files(root: Path) -> list[Path]:
    p = root / FILE
    return [p] if p.is_file() else []


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    rows = read(root / FILE)[:limit]
    ex = factory()
    articles = [Article(id=f"case2021-{i}", text=text) for i, text, _ in rows]
    pred: list[str | None] = []
    for res in ex.extract_many(articles, batch_size=64):
        pred.append(predict(res) if isinstance(res, Extraction) else None)
    gold = [g for *_, g in rows]
    acled = set(ACLED_LABELS)
    in25 = [i for i, g in enumerate(gold) if g in acled]
    g25 = [gold[i] for i in in25]
    p25 = [pred[i] for i in in25]
    table = per_class_f1(g25, p25)
    return SuiteResult(
        suite="case2021",
        metrics={"weighted_f1": weighted_f1(g25, p25), "accuracy": accuracy(g25, p25),
                 "accuracy_all30": accuracy(gold, pred)},
        counts={"snippets": len(gold), "acled_snippets": len(g25),
                "no_label": sum(p is None for p in p25)},
        details={"per_class_f1": {c: round(v[2], 3) for c, v in table.items()},
                 "confusions": [f"{g} -> {p}: {n}" for g, p, n in confusions(g25, p25)]},
    )


SUITE = Suite(
    name="case2021", description="ACLED sub-event type of news snippets (CASE 2021 Task 2, dev half)",
    files=files, run=run, pinned=("weighted_f1", "accuracy"), headline="weighted_f1",
    to_beat="0.839 weighted F1 over the 25 ACLED classes (best CASE 2021 Task 2 system, RoBERTa "
            "fine-tuned on ACLED, full test set)",
)

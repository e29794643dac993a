"""IDMC displacement annotations (``idmc-displacement-kili/``): quantity spans, qualifiers, units and kinds.

Scored on the annotated articles whose text ``assets.csv`` carries (offsets point into it). Gold quantities
are the QUANTITY spans of all annotators, overlapping spans of one article merged into one item. Ours are
the number spans (``evidence[0]``) of displacement figures (kinds ``displaced`` and ``refugees``). A gold
quantity is found when one of ours overlaps it; for found ones we also score the exact span (qualifier
included: "more than 300,000 people" is annotated with its "more than"), the unit (people, households,
buildings) and the kind, against the annotators' FACT span around the quantity.

Annotators also marked as QUANTITY bare nouns that state no amount at all ("residents were being
evacuated", "burning down houses"). A figure is an amount, so recall (and F1) is over the quantities that
state one: a number in digits or words, a vague plural ("hundreds"), a fraction or a percentage ("three
quarters of the village"). ``quantity_recall_all`` keeps the recall over every QUANTITY span; a figure of
ours overlapping any QUANTITY span is right for precision.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..models import Article, Extraction, Figure
from .common import ExtractorFactory, Suite, SuiteResult, f1, fold, overlaps, ratio

NAME = "eval.idmc.v1"
DIR = "idmc-displacement-kili"
# Destroyed and damaged homes are displacement facts in IDMC's annotation (DESTROYED_HOUSING).
DISPLACEMENT_KINDS = frozenset({"displaced", "refugees", "houses destroyed", "houses damaged"})
UNITS = {"PERSON": "people", "HOUSEHOLD": "households", "BUILDING_STRUCTURE": "buildings"}
FACT_KINDS = {"DISPLACED": "displaced", "EVACUATED": "displaced", "FORCED_TO_FLEE": "displaced",
              "SHELTERED": "displaced", "RELIEF_CAMP": "displaced", "HOMELESS": "displaced",
              "REFUGEE": "refugees"}


# An amount: digits, number words, vague plurals, fractions and percentages.
AMOUNT = re.compile(
    r"\d|%|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|"
    r"thousands?|millions?|billions?|lakhs?|crores?|dozens?|scores|tens|several|few|handful|couple|half|"
    r"quarters?|thirds?|percent|per cent)\b",
    re.IGNORECASE,
)


@dataclass
class GoldQuantity:
    start: int
    end: int
    texts: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)

    @property
    def states_amount(self) -> bool:
        """Some annotator's span states an amount ("more than 300 people"), not only who ("residents")."""
        return any(AMOUNT.search(t) for t in self.texts)


@dataclass
class GoldDoc:
    id: str
    text: str
    published: dt.date | None
    quantities: list[GoldQuantity]


def _published(raw: str) -> dt.date | None:
    m = re.match(r"\((\d{4}), (\d{1,2}), (\d{1,2})", raw)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def merge(spans: list[tuple[int, int, str, str]], facts: list[tuple[int, int, str]]) -> list[GoldQuantity]:
    """Overlapping (start, end, text, value) quantity spans become one item, with the kinds of facts around."""
    out: list[GoldQuantity] = []
    for s, e, text, value in sorted(spans):
        if out and overlaps((out[-1].start, out[-1].end), (s, e)):
            q = out[-1]
            q.end = max(q.end, e)
        else:
            q = GoldQuantity(s, e)
            out.append(q)
        q.texts.add(text)
        if value in UNITS:
            q.units.add(UNITS[value])
    for q in out:
        q.kinds = {FACT_KINDS[v] for fs, fe, v in facts if fs <= q.start and q.end <= fe and v in FACT_KINDS}
    return out


def read(root: Path) -> list[GoldDoc]:
    csv.field_size_limit(sys.maxsize)
    with (root / DIR / "assets.csv").open(encoding="utf-8", newline="") as f:
        texts = {r["id"]: r["content"] for r in csv.DictReader(f) if (r.get("content") or "").strip()}
    spans: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    facts: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    published: dict[str, dt.date | None] = {}
    with (root / DIR / "complete_en.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["id"] not in texts or not r["offset_from"]:
                continue
            s, e = int(float(r["offset_from"])), int(float(r["offset_to"]))
            published.setdefault(r["id"], _published(r["published"]))
            if r["taskID"] == "QUANTITY":
                spans[r["id"]].append((s, e, r["content"], r["value"]))
            elif r["taskID"] == "FACT":
                facts[r["id"]].append((s, e, r["value"]))
    return [GoldDoc(i, texts[i], published.get(i), merge(spans[i], facts[i])) for i in sorted(published)]


def our_unit(f: Figure) -> str:
    pop = (f.population or "").casefold()
    if f.unit != "people":
        return f.unit
    return "households" if pop in ("families", "family", "households", "household") else "people"


def files(root: Path) -> list[Path]:
    paths = [root / DIR / "complete_en.csv", root / DIR / "assets.csv"]
    return paths if all(p.is_file() for p in paths) else []


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    docs = read(root)[:limit]
    arts = [Article(id=d.id, text=d.text, published=d.published) for d in docs]
    gold_n = pred_n = found = tp_pred = exact = unit_ok = unit_n = kind_ok = kind_n = 0
    person_gold = person_found = all_n = all_found = 0
    for d, x in zip(docs, factory().extract_many(arts, batch_size=8), strict=True):
        figs = [f for f in (x.figures if isinstance(x, Extraction) else [])
                if f.kind in DISPLACEMENT_KINDS and f.evidence]
        ours = [(f.evidence[0].start, f.evidence[0].end, f.evidence[0].text, f) for f in figs]
        pred_n += len(ours)
        tp_pred += sum(any(overlaps((s, e), (q.start, q.end)) for q in d.quantities) for s, e, *_ in ours)
        for q in d.quantities:
            all_n += 1
            hits = [o for o in ours if overlaps((o[0], o[1]), (q.start, q.end))]
            all_found += bool(hits)
            if not q.states_amount:
                continue
            gold_n += 1
            person = bool(q.units & {"people", "households"})
            person_gold += person
            if not hits:
                continue
            found += 1
            person_found += person
            _, _, text, fig = hits[0]
            exact += fold(text) in {fold(t) for t in q.texts}
            if q.units:
                unit_n += 1
                unit_ok += our_unit(fig) in q.units
            if q.kinds:
                kind_n += 1
                kind_ok += fig.kind in q.kinds
    precision = ratio(tp_pred, pred_n)
    recall = ratio(found, gold_n)
    return SuiteResult(
        suite="idmc",
        metrics={"quantity_f1": f1(precision, recall), "quantity_precision": precision, "quantity_recall": recall,
                 "quantity_recall_all": ratio(all_found, all_n),
                 "people_recall": ratio(person_found, person_gold), "span_exact_of_found": ratio(exact, found),
                 "unit_right_of_found": ratio(unit_ok, unit_n), "kind_right_of_found": ratio(kind_ok, kind_n)},
        counts={"documents": len(docs), "gold_quantities": gold_n, "gold_people_quantities": person_gold,
                "gold_quantities_no_amount": all_n - gold_n, "predicted": pred_n, "found": found},
    )


SUITE = Suite(
    name="idmc", description="IDMC displacement figures: quantity spans with qualifier, unit and kind",
    files=files, run=run, pinned=("quantity_f1", "quantity_recall", "quantity_recall_all"), headline="quantity_f1",
    to_beat="0.80 quantity F1 (project target; no published system figure on this annotation set)",
)

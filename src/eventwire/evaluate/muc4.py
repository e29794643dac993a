"""MUC-4 terrorism templates (``muc4/``): incident type, perpetrator and victim strings, victim counts.

Texts and role strings come from ``gtt_processed/test.json`` (TST3 + TST4, lower-cased); victim counts from
the raw keys' ``HUM TGT: NUMBER`` and ``TOTAL NUMBER`` slots (counts of 2 or more; a count of one is a named
person). Our incident type is that of the most confident ASSAULT event (bombing from explosive sub-event
types, kidnapping from abduction, attack otherwise); perpetrator and victim are right when an actor or
recipient of an ASSAULT event overlaps a gold mention. A count is found when one of our casualty figures
has that number. A plain regular-expression baseline (a number before a word for people) is scored on the
same counts for comparison.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..models import Article, Event, Extraction
from .common import ExtractorFactory, Suite, SuiteResult, prf, ratio, text_overlap

NAME = "eval.muc4.v1"
DIR = "muc4"
TEXTS = "gtt_processed/test.json"
KEYS = ("raw/key-tst3.v2.txt", "raw/key-tst4.v2.txt")
TYPES = frozenset({"attack", "bombing", "kidnapping", "arson"})
BOMBING_SUBS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
CASUALTY_KINDS = frozenset({"killed", "injured", "casualties", "abducted", "missing", "arrested"})
NUMBER_WORDS = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"))}
PEOPLE = ("people|persons|civilians|peasants|soldiers|policemen|police|guards|members|students|children|"
          "women|men|workers|priests|jesuits|leaders|officers|troops|victims|passengers|bodyguards|agents")
BASELINE = re.compile(rf"\b(\d+|{'|'.join(NUMBER_WORDS)})\s+(?:[a-z-]+\s+){{0,2}}?(?:{PEOPLE})\b", re.I)


def key_counts(text: str) -> dict[str, set[int]]:
    """Message id -> the victim counts (2 or more) of its templates' NUMBER and TOTAL NUMBER slots."""
    out: dict[str, set[int]] = defaultdict(set)
    msg = ""
    slot = ""
    for line in text.splitlines():
        m = re.match(r"\s*(\d+)\.\s+([A-Z ]+:[A-Z ]+?)\s{2,}(.*)$", line)
        if m:
            slot, value = m.group(2).strip(), m.group(3)
            if slot == "MESSAGE: ID":
                msg = value.strip()
                out.setdefault(msg, set())
        else:
            value = line.strip()
        if slot in ("HUM TGT: NUMBER", "HUM TGT: TOTAL NUMBER") and msg:
            n = re.match(r"\s*(\d+)", value)
            if n and int(n.group(1)) >= 2:
                out[msg].add(int(n.group(1)))
    return dict(out)


def baseline_counts(text: str) -> set[int]:
    out = set()
    for m in BASELINE.finditer(text):
        w = m.group(1).lower()
        out.add(int(w) if w.isdigit() else NUMBER_WORDS[w])
    return out


def incident_type(e: Event) -> str:
    if e.sub_event_type in BOMBING_SUBS:
        return "bombing"
    if e.sub_event_type == "Abduction/forced disappearance":
        return "kidnapping"
    return "attack"


def mentions(templates: list[dict[str, Any]], roles: tuple[str, ...]) -> list[str]:
    return [m[0] for t in templates for r in roles for entity in t.get(r, []) for m in entity]


def files(root: Path) -> list[Path]:
    paths = [root / DIR / TEXTS, *(root / DIR / k for k in KEYS)]
    return paths if all(p.is_file() for p in paths) else []


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    rows = [json.loads(line) for line in (root / DIR / TEXTS).read_text(encoding="utf-8").splitlines()
            if line.strip()][:limit]
    counts: dict[str, set[int]] = {}
    for k in KEYS:
        counts.update(key_counts((root / DIR / k).read_text(encoding="latin-1")))
    arts = [Article(id=r["docid"], text=r["doctext"]) for r in rows]
    c: dict[str, int] = defaultdict(int)
    for r, x in zip(rows, factory().extract_many(arts, batch_size=16), strict=True):
        events = [e for e in (x.events if isinstance(x, Extraction) else []) if e.event == "ASSAULT"]
        best = max(events, key=lambda e: e.confidence) if events else None
        gold_types = {t.strip() for tm in r["templates"] for t in tm["incident_type"].split("/")} & TYPES
        if not r["templates"]:
            c["no_incident_docs"] += 1
            c["no_incident_right"] += best is None
        elif gold_types:
            c["typed_docs"] += 1
            c["type_right"] += best is not None and incident_type(best) in gold_types
            c["typed_docs_attack"] += "attack" in gold_types
        for role, ours in (("perp", [a.text for e in events for a in e.actor]),
                           ("victim", [a.text for e in events for a in e.recipient])):
            gold = mentions(r["templates"], ("PerpInd", "PerpOrg") if role == "perp" else ("Victim",))
            if gold:
                c[f"{role}_docs"] += 1
                c[f"{role}_right"] += any(text_overlap(g, o) for g in gold for o in ours)
        gold_n = counts.get(r["docid"].upper(), set())
        figs = x.figures if isinstance(x, Extraction) else []
        ours_n = {v for f in figs if f.kind in CASUALTY_KINDS for v in (f.low, f.best, f.high) if v}
        base_n = baseline_counts(r["doctext"])
        c["gold_counts"] += len(gold_n)
        c["counts_found"] += len(gold_n & ours_n)
        c["counts_predicted"] += len(ours_n)
        c["counts_predicted_right"] += len(ours_n & gold_n)
        c["baseline_found"] += len(gold_n & base_n)
        c["baseline_predicted"] += len(base_n)
    _, _, count_f1 = prf(c["counts_found"], c["counts_predicted"], c["gold_counts"])
    _, _, base_f1 = prf(c["baseline_found"], c["baseline_predicted"], c["gold_counts"])
    return SuiteResult(
        suite="muc4",
        metrics={"incident_type_accuracy": ratio(c["type_right"], c["typed_docs"]),
                 "no_incident_right": ratio(c["no_incident_right"], c["no_incident_docs"]),
                 "perpetrator_right": ratio(c["perp_right"], c["perp_docs"]),
                 "victim_right": ratio(c["victim_right"], c["victim_docs"]),
                 "victim_count_recall": ratio(c["counts_found"], c["gold_counts"]),
                 "victim_count_f1": count_f1,
                 "baseline_victim_count_recall": ratio(c["baseline_found"], c["gold_counts"]),
                 "baseline_victim_count_f1": base_f1,
                 "baseline_incident_type_accuracy": ratio(c["typed_docs_attack"], c["typed_docs"])},
        counts={"documents": len(rows), **c},
    )


SUITE = Suite(
    name="muc4", description="MUC-4 incidents: type, perpetrator and victim strings, victim counts",
    files=files, run=run, pinned=("incident_type_accuracy", "victim_count_recall"),
    headline="victim_count_f1", ci_limit=None,
    to_beat="regex baseline: victim-count F1 {baseline_victim_count_f1}, incident type "
            "{baseline_incident_type_accuracy} ('attack' always)",
)

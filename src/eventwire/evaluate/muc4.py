"""MUC-4 terrorism templates (``muc4/``): incident type, perpetrator and victim strings, victim counts.

Texts and role strings come from ``gtt_processed/test.json`` (TST3 + TST4, lower-cased); victim counts from
the raw keys' ``HUM TGT: NUMBER`` and ``TOTAL NUMBER`` slots (counts of 2 or more; a count of one is a named
person). Our incident type is that of the main incident (below; bombing from explosive sub-event types,
kidnapping from abduction, attack otherwise); perpetrator and victim are right when an actor or
recipient of an ASSAULT event overlaps a gold mention. A count is found when one of our victim counts
(below) has that number. A plain regular-expression baseline (a number before a word for people) is scored on the
same counts for comparison.

The mapping follows the MUC-4 template conventions (``taskdoc/template-doc-part1``, section 1): clashes
between guerrillas and the armed forces are not relevant incidents, so an article reports an incident when
it has an ASSAULT event other than a clash or a territorial change, and its type is taken from the most
confident such event (a clash only when there is nothing else); ``no_incident_right`` is the share of
articles without a template where we find no incident, ``incident_found`` that of articles with one where we
find one. ACLED's property destruction carries the
instrument MUC-4 types by: bombing when its sentence names an explosive, arson when it names fire; air
strikes are attacks (MUC-4 types aerial bombs as attacks). Victim counts are the best (else lowest) value of
our killed, injured, casualty, abducted and missing figures, 2 or more as the key's, leaving out arrests
(not human targets), vague plurals ('several', 'thousands': the key says PLURAL), figures over a period
longer than a month (tallies, not an incident), figures of armed forces or rebels when the article has no
figure of anyone else, and casualty figures of no named group in a sentence about combat (clashes, ambushes,
casualties inflicted on troops: guerrilla warfare, not terrorism).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..models import Article, Event, Extraction, Figure
from .common import ExtractorFactory, Suite, SuiteResult, prf, ratio, text_overlap

NAME = "eval.muc4.v1"
DIR = "muc4"
TEXTS = "gtt_processed/test.json"
KEYS = ("raw/key-tst3.v2.txt", "raw/key-tst4.v2.txt")
TYPES = frozenset({"attack", "bombing", "kidnapping", "arson"})
BOMBING_SUBS = frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})
CASUALTY_KINDS = frozenset({"killed", "injured", "casualties", "abducted", "missing"})
NOT_INCIDENTS = frozenset({"Armed clash", "Non-state actor overtakes territory", "Government regains territory"})
COMBATANTS = frozenset({"MIL", "COP", "REB"})
EXPLOSIVE = re.compile(r"\b(?:bombs?|bombings?|dynamite|explosives?|exploded|explosions?|blew up|blasts?)\b", re.I)
FIRE = re.compile(r"\b(?:set fire|set on fire|fire to|burned|burnt|burning|arson|torched|ablaze)\b", re.I)
COMBAT = re.compile(r"\b(?:enemy|troops|battalions?|brigades?|combats?|clash(?:es|ed)?|ambush(?:es|ed)?|"
                    r"inflict(?:s|ed|ing)?)\b", re.I)
UNNAMED = frozenset({"people", "persons"})
MAX_PERIOD_DAYS = 31
COMBATANT_NOUNS = frozenset({"soldiers", "troops", "guardsmen", "policemen", "police", "guerrillas", "rebels",
                             "terrorists", "militants", "insurgents", "combatants"})
VAGUE = frozenset({"several", "few", "many", "dozens", "tens", "scores", "hundreds", "thousands", "millions"})
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
    """The MUC-4 incident type of one of our ASSAULT events (sub-event type, then the instrument named)."""
    if e.sub_event_type in BOMBING_SUBS:
        return "bombing"
    if e.sub_event_type == "Abduction/forced disappearance":
        return "kidnapping"
    if e.sub_event_type == "Looting/property destruction":
        sentence = e.evidence[0].text if e.evidence else ""
        if EXPLOSIVE.search(sentence):
            return "bombing"
        if FIRE.search(sentence):
            return "arson"
    return "attack"


def incidents(events: list[Event]) -> list[Event]:
    """The ASSAULT events that are MUC-4 incidents: not clashes or territorial changes."""
    return [e for e in events if e.event == "ASSAULT" and e.sub_event_type not in NOT_INCIDENTS]


def main_incident(events: list[Event]) -> Event | None:
    """The most confident incident, else the most confident ASSAULT event of any kind."""
    pool = incidents(events) or [e for e in events if e.event == "ASSAULT"]
    return max(pool, key=lambda e: e.confidence) if pool else None


def _sentence(f: Figure) -> str:
    return f.evidence[1].text if len(f.evidence) > 1 else ""


def _combatants(f: Figure) -> bool:
    if f.population_actor is not None:
        return f.population_actor.sector in COMBATANTS
    return (f.population or "").casefold() in COMBATANT_NOUNS


def _counted(f: Figure) -> bool:
    """A figure that can fill a victim count: not vague, not a tally, not casualties of combat."""
    if f.kind not in CASUALTY_KINDS or (f.qualifier and VAGUE & set(f.qualifier.casefold().split())):
        return False
    p = f.period
    if p is not None and p.start and p.end and (p.end - p.start).days > MAX_PERIOD_DAYS:
        return False
    return not (f.kind == "casualties" and f.population_actor is None and COMBAT.search(_sentence(f)))


def victim_counts(figures: list[Figure]) -> set[int]:
    """The victim counts (2 or more) that our figures give, mapped as the module docstring says."""
    figs = [f for f in figures if _counted(f)]
    others = any(not _combatants(f) for f in figs)
    values = (f.best if f.best is not None else f.low for f in figs if others or not _combatants(f))
    return {v for v in values if v is not None and v >= 2}


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
        all_events = x.events if isinstance(x, Extraction) else []
        events = [e for e in all_events if e.event == "ASSAULT"]
        best = main_incident(all_events)
        gold_types = {t.strip() for tm in r["templates"] for t in tm["incident_type"].split("/")} & TYPES
        if not r["templates"]:
            c["no_incident_docs"] += 1
            c["no_incident_right"] += not incidents(all_events)
        else:
            c["incident_docs"] += 1
            c["incident_found"] += bool(incidents(all_events))
        if r["templates"] and gold_types:
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
        ours_n = victim_counts(figs)
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
                 "incident_found": ratio(c["incident_found"], c["incident_docs"]),
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
    files=files, run=run,
    pinned=("incident_type_accuracy", "no_incident_right", "incident_found", "victim_count_recall",
            "victim_count_f1"),
    headline="victim_count_f1", ci_limit=None,
    to_beat="regex baseline: victim-count F1 {baseline_victim_count_f1}, incident type "
            "{baseline_incident_type_accuracy} ('attack' always)",
)

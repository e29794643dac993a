"""The accuracy gate: pinned minimum scores per suite, with the checksum of the data they were measured on.

``eval_baseline.json`` (repo root) holds, per suite, the limit it runs with, the data checksum, the date and
the pins. The gate fails when a score is below its pin by more than the tolerance, or when a suite's data
(or limit) no longer matches its pins, so that they cannot be compared; a suite whose data is absent is
reported as skipped. Raising pins is routine (``eventwire eval pin``); lowering one needs ``--lower-pins``
and a reason, written into the baseline's history.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .common import REPO, SuiteResult

NAME = "eval.gate.v1"
BASELINE = REPO / "eval_baseline.json"
TOLERANCE = 0.002

Status = Literal["ok", "below", "skipped", "not comparable", "unpinned"]
FAILING: frozenset[str] = frozenset({"below", "not comparable"})


@dataclass(frozen=True)
class GateLine:
    suite: str
    metric: str
    status: Status
    pinned: float | None = None
    measured: float | None = None
    note: str = ""

    def render(self) -> str:
        p = "-" if self.pinned is None else f"{self.pinned:.4f}"
        m = "-" if self.measured is None else f"{self.measured:.4f}"
        return (f"{self.status.upper():15} {self.suite:10} {self.metric:22} pinned {p}  measured {m}  "
                f"{self.note}")


class PinError(Exception):
    """A pin change refused: a lower pin without --lower-pins, a data change without a reason."""


def empty_baseline() -> dict[str, Any]:
    return {"about": "Pinned minimum scores for `eventwire eval gate`; see docs/accuracy.md.",
            "tolerance": TOLERANCE, "suites": {}, "history": []}


def load_baseline(path: Path = BASELINE) -> dict[str, Any]:
    if not path.is_file():
        return empty_baseline()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def save_baseline(data: dict[str, Any], path: Path = BASELINE) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")


def floor_pin(value: float) -> float:
    """Pins are the measured figure floored to three decimals, so float noise never trips the gate."""
    return math.floor(value * 1000 + 1e-9) / 1000


def compare(baseline: dict[str, Any], results: list[SuiteResult], tolerance: float | None = None
            ) -> list[GateLine]:
    tol = baseline.get("tolerance", TOLERANCE) if tolerance is None else tolerance
    lines: list[GateLine] = []
    for r in results:
        entry = baseline.get("suites", {}).get(r.suite)
        if r.skipped:
            lines.append(GateLine(r.suite, "*", "skipped", note=r.skipped))
            continue
        if entry is None:
            lines.append(GateLine(r.suite, "*", "unpinned", note="no pins yet: `eventwire eval pin`"))
            continue
        if entry.get("data_sha256") != r.data_sha256 or entry.get("limit") != r.limit:
            lines.append(GateLine(r.suite, "*", "not comparable",
                                  note="data checksum or limit differs from the pinned run; "
                                       "re-pin with a reason"))
            continue
        for metric, pinned in entry.get("pins", {}).items():
            measured = r.metrics.get(metric)
            if measured is None:
                lines.append(GateLine(r.suite, metric, "below", pinned, None, "metric no longer measured"))
            elif measured + tol < pinned:
                lines.append(GateLine(r.suite, metric, "below", pinned, measured))
            else:
                lines.append(GateLine(r.suite, metric, "ok", pinned, measured))
    return lines


def failed(lines: list[GateLine]) -> bool:
    return any(line.status in FAILING for line in lines)


def update_pins(baseline: dict[str, Any], results: list[SuiteResult],
                pinned_metrics: dict[str, tuple[str, ...]], lower: bool = False,
                reason: str | None = None, today: dt.date | None = None,
                extractor: str | None = None) -> list[str]:
    """Raise pins to the measured figures (in place); return what changed.

    A pin is lowered only with ``lower`` and a ``reason``; new data (checksum or limit) replaces a suite's
    pins only with a ``reason``. Both go into the history. Raises :class:`PinError` otherwise.
    """
    day = (today or dt.date.today()).isoformat()
    suites: dict[str, Any] = baseline.setdefault("suites", {})
    history: list[dict[str, Any]] = baseline.setdefault("history", [])
    changes: list[str] = []
    if lower and not reason:
        raise PinError("--lower-pins needs --reason")
    for r in results:
        if r.skipped:
            continue
        new = {m: floor_pin(r.metrics[m]) for m in pinned_metrics[r.suite] if m in r.metrics}
        old = suites.get(r.suite)
        fresh = old is None
        if old is not None and (old.get("data_sha256") != r.data_sha256 or old.get("limit") != r.limit):
            if not reason:
                raise PinError(f"{r.suite}: data checksum or limit changed since its pins; give --reason")
            history.append({"date": day, "suite": r.suite, "action": "re-pinned on new data or limit",
                            "old": old.get("pins", {}), "new": new, "reason": reason})
            fresh = True
        if fresh:
            suites[r.suite] = {"limit": r.limit, "data_sha256": r.data_sha256, "measured": day, "pins": new}
            if extractor:
                suites[r.suite]["extractor"] = extractor
            changes.append(f"{r.suite}: pinned {new}")
            continue
        assert old is not None
        before = len(changes)
        pins: dict[str, float] = old.setdefault("pins", {})
        lowered = {m: (pins[m], v) for m, v in new.items() if m in pins and v < pins[m]}
        if lowered and not lower:
            raise PinError(f"{r.suite}: below its pins {lowered}; lowering needs --lower-pins --reason")
        for m, v in new.items():
            if m not in pins or v != pins[m]:
                changes.append(f"{r.suite}.{m}: {pins.get(m)} -> {v}")
                pins[m] = v
        if lowered:
            history.append({"date": day, "suite": r.suite, "action": "lowered",
                            "pins": {m: list(ov) for m, ov in lowered.items()}, "reason": reason})
        if len(changes) > before:
            old["measured"] = day
            if extractor:
                old["extractor"] = extractor
    return changes

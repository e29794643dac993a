"""The accuracy gate on the real evaluation data: no pinned score may drop.

Runs ``eventwire eval gate`` logic on every suite pinned in ``eval_baseline.json`` (with the limit pinned
there) and fails when a score is below its pin or a suite's data no longer matches its pins. Skips cleanly
where ``../shared/eval`` is absent. Run just this with `.venv/bin/pytest tests/test_eval_gate.py`.
"""

from __future__ import annotations

import pytest

from eventwire.evaluate import SUITES, run_suite
from eventwire.evaluate.common import default_data_root
from eventwire.evaluate.gate import BASELINE, compare, failed, load_baseline
from eventwire.extract import Extractor

BASE = load_baseline(BASELINE)
PINNED = [n for n in BASE.get("suites", {}) if n in SUITES]


def test_baseline_pins_known_suites_and_metrics() -> None:
    assert PINNED, "eval_baseline.json pins no suite"
    for name in PINNED:
        entry = BASE["suites"][name]
        assert set(entry["pins"]) <= set(SUITES[name].pinned), name
        assert len(entry["data_sha256"]) == 64
        assert all(0.0 <= v <= 1.0 for v in entry["pins"].values())


@pytest.mark.skipif(not default_data_root().is_dir(), reason="../shared/eval is absent")
@pytest.mark.parametrize("name", PINNED)
def test_gate(name: str, extractor: Extractor) -> None:
    limit = BASE["suites"][name].get("limit")
    result = run_suite(name, None, lambda: extractor, limit)
    if result.skipped:
        pytest.skip(f"{name}: {result.skipped}")
    lines = compare(BASE, [result])
    assert not failed(lines), "\n".join(line.render() for line in lines)

"""``eventwire eval``: accuracy suites on public labelled data, the gate that keeps them, and the report.

Suites read their data in place under ``<repo>/../shared/eval`` (or ``--data DIR``, or
``$EVENTWIRE_EVAL_DATA``); nothing from it is copied into the project. A suite whose data is absent is
reported as skipped.

    eventwire eval case2021 [--limit N] [--json OUT]
    eventwire eval all [--gate]
    eventwire eval gate [--suites a,b]
    eventwire eval pin [--suites a,b] [--lower-pins --reason "..."]
    eventwire eval report
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import case2021, golden, plover, timex
from .common import ExtractorFactory, Suite, SuiteResult, default_data_root, sha256_files, skipped

if TYPE_CHECKING:
    from ..extract import Extractor

NAME = "eval.v1"
SUITES: dict[str, Suite] = {s.name: s for s in (case2021.SUITE, timex.SUITE, golden.SUITE, plover.SUITE)}
ACTIONS = ("all", "gate", "pin", "report")


def register(suite: Suite) -> None:
    SUITES[suite.name] = suite


def _register_optional() -> None:
    for name in ("petrarch", "muc4", "idmc", "fusion", "geo"):
        with contextlib.suppress(ImportError):  # a suite module not written yet
            module = importlib.import_module(f"{__name__}.{name}")
            for suite in getattr(module, "SUITES", (module.SUITE,)):
                register(suite)


_register_optional()


def lazy_extractor(extractor: Extractor | None = None) -> ExtractorFactory:
    """A factory that builds the default extractor once, on first use (or hands back the one given)."""
    made: list[Extractor] = [extractor] if extractor is not None else []

    def factory() -> Extractor:
        if not made:
            from ..extract import Extractor, Resources

            made.append(Extractor(Resources.load()))
        return made[0]

    return factory


def run_suite(name: str, data_root: Path | None = None, factory: ExtractorFactory | None = None,
              limit: int | None = None) -> SuiteResult:
    """Run one suite; skipped (not failed) when its data is absent."""
    suite = SUITES[name]
    root = data_root or default_data_root()
    data = suite.files(root)
    if not data:
        return skipped(name)
    t0 = time.perf_counter()
    result = suite.run(root, factory or lazy_extractor(), limit)
    result.seconds = time.perf_counter() - t0
    result.limit = limit
    result.data_sha256 = sha256_files(data, root.parent)
    return result


def render(r: SuiteResult, out: TextIO, details: int = 8) -> None:
    if r.skipped:
        out.write(f"{r.suite}: skipped: {r.skipped}\n")
        return
    lim = f", limit {r.limit}" if r.limit is not None else ""
    out.write(f"{r.suite} ({r.seconds:.1f} s{lim})\n")
    for k, v in r.metrics.items():
        out.write(f"  {k:24} {v:.4f}\n")
    out.write("  " + ", ".join(f"{k} {v}" for k, v in r.counts.items()) + "\n")
    for k, v in r.details.items():
        if isinstance(v, list) and v:
            out.write(f"  {k}:\n")
            for item in v[:details]:
                out.write(f"    {item}\n")
        elif isinstance(v, dict) and v and k not in ("per_class_f1",):
            out.write(f"  {k}: {json.dumps(v)[:400]}\n")


def _suite_names(arg: str | None) -> list[str]:
    if not arg:
        return list(SUITES)
    names = [n.strip() for n in arg.split(",") if n.strip()]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise ValueError(f"unknown suite(s): {', '.join(unknown)}; known: {', '.join(SUITES)}")
    return names


def add_eval_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``eval`` sub-command to an argparse sub-parsers object."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "eval", help="measure accuracy on labelled data; the accuracy gate; docs/accuracy.md",
        description="Run an accuracy suite (" + ", ".join(SUITES) + "), all of them, the gate, re-pin, or "
                    "write docs/accuracy.md. Data is read in place from ../shared/eval.")
    p.add_argument("suite", choices=(*SUITES, *ACTIONS), metavar="SUITE|all|gate|pin|report")
    p.add_argument("--limit", type=int, help="score only the first N items (gate and pin: the pinned limit)")
    p.add_argument("--json", metavar="OUT", help="write the figures as JSON to OUT")
    p.add_argument("--data", type=Path, help="evaluation data root (default ../shared/eval)")
    p.add_argument("--suites", help="comma-separated suites for all/gate/pin/report (default: all)")
    p.add_argument("--gate", action="store_true", help="with `all`: fail when a score is below its pin")
    p.add_argument("--baseline", type=Path, help="baseline file (default <repo>/eval_baseline.json)")
    p.add_argument("--lower-pins", action="store_true", help="with `pin`: allow lower pins (needs --reason)")
    p.add_argument("--reason", help="with `pin`: why pins are lowered or re-pinned on new data")
    p.add_argument("--tolerance", type=float, help="gate tolerance (default: the baseline's, 0.002)")
    p.add_argument("--out", type=Path, help="with `report`: where to write (default docs/accuracy.md)")
    p.add_argument("--corpus", choices=("lgl", "geowebnews"), help="with `geo`: the corpus (default lgl)")
    return p


def _write_json(path: str, results: list[SuiteResult], extra: dict[str, Any] | None = None) -> None:
    payload: Any = results[0].to_json() if len(results) == 1 and not extra else \
        {"results": [r.to_json() for r in results], **(extra or {})}
    Path(path).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def run_eval(args: argparse.Namespace, out: TextIO) -> int:
    """The ``eval`` command; returns the exit status."""
    from . import gate as gate_mod

    if args.suite == "geo" and getattr(args, "corpus", None) == "geowebnews":
        args.suite = "geo-gwn"
    baseline_path: Path = args.baseline or gate_mod.BASELINE
    factory = lazy_extractor()
    if args.suite in SUITES:
        r = run_suite(args.suite, args.data, factory, args.limit)
        render(r, out)
        if args.json:
            _write_json(args.json, [r])
        return 0
    names = _suite_names(args.suites)
    if args.suite == "report":
        from .report import write_report

        path = write_report(names, args.data, factory, args.out, baseline_path, out)
        out.write(f"wrote {path}\n")
        return 0
    baseline = gate_mod.load_baseline(baseline_path)
    pinned_limits = {n: baseline.get("suites", {}).get(n, {}).get("limit", SUITES[n].ci_limit) for n in names}
    if args.suite == "gate" or (args.suite == "all" and args.gate):
        names = [n for n in names if n in baseline.get("suites", {})] if not args.suites else names
    results: list[SuiteResult] = []
    for n in names:
        lim = args.limit if args.suite == "all" and not args.gate else pinned_limits[n]
        if args.suite == "pin" and args.limit is not None:
            lim = args.limit
        r = run_suite(n, args.data, factory, lim)
        render(r, out)
        out.flush()
        results.append(r)
    status = 0
    lines: list[gate_mod.GateLine] = []
    if args.suite == "gate" or args.gate:
        lines = gate_mod.compare(baseline, results, args.tolerance)
        out.write("\ngate\n")
        for line in lines:
            out.write("  " + line.render() + "\n")
        status = 1 if gate_mod.failed(lines) else 0
        out.write("gate: FAILED\n" if status else "gate: passed\n")
    elif args.suite == "pin":
        from ..extract import extractor_version

        try:
            changes = gate_mod.update_pins(baseline, results, {n: SUITES[n].pinned for n in names},
                                           lower=args.lower_pins, reason=args.reason,
                                           extractor=extractor_version())
        except gate_mod.PinError as exc:
            print(f"eventwire: error: {exc}", file=sys.stderr)
            return 1
        gate_mod.save_baseline(baseline, baseline_path)
        out.write("\n".join(changes or ["no pin changed"]) + f"\n(baseline: {baseline_path})\n")
    if args.json:
        _write_json(args.json, results, {"gate": [vars(x) for x in lines]} if lines else None)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m eventwire.evaluate SUITE ...`` without going through the main CLI."""
    parser = argparse.ArgumentParser(prog="eventwire")
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_parser(sub)
    return run_eval(parser.parse_args(["eval", *(argv if argv is not None else sys.argv[1:])]), sys.stdout)

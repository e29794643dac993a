"""Scale benchmark: FA-KES articles per second with 1 and 2 worker processes and a 2-worker Dask LocalCluster,
each beside bare spaCy ``nlp.pipe`` (same texts, same pipeline, same number of processes, same run); peak
memory per worker; store write rate for SQLite and PostgreSQL; workers needed for a million articles a day.

Every run is a whole command in its own process (start-up included), on a snapshot of ``src/`` taken at the
start, and on a private copy of the gazetteer index, so that files edited meanwhile cannot change the code or data
between runs; the three eventwire outputs are compared byte for byte. The load average is recorded around each run
(the machine may be shared).
Writes its figures into docs/benchmarks.md between the markers of its own section.

    .venv/bin/python scripts/benchmark_scale.py [--corpus ../shared/eval/fa-kes/FA-KES-Dataset.csv]
        [--limit N] [--pg postgresql://...] [--wait-load 1.0] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from benchmark import DEFAULT_CORPUS, fakes_to_jsonl, write_section  # noqa: E402

BEGIN, END = "<!-- benchmark:scale:begin -->", "<!-- benchmark:scale:end -->"
PER_DAY = 1_000_000
HEADROOM = 2.0  # news is bursty: size for twice the day's mean rate

SPACY = """
import sys, json
from eventwire.actors import ActorRegistry
from eventwire.nlp import build_nlp
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = build_nlp(ActorRegistry.load().ruler_patterns())
n = sum(1 for _ in nlp.pipe(texts, batch_size=32, n_process=int(sys.argv[2])))
assert n == len(texts)
"""


@dataclass
class Run:
    name: str
    seconds: float
    parent_mb: float
    worker_mb: float  # the largest process under the command (0 when it has none)
    load_before: float
    load_after: float
    cpu: float  # CPU seconds (user + system) of the command and all its processes
    stdout: bytes = b""
    workers: list[float] = field(default_factory=list)


def wait_for_load(limit: float, patience: float) -> None:
    """Wait (up to ``patience`` seconds) for the 1-minute load average to fall under ``limit``."""
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(10)


def timed(name: str, cmd: list[str], env: dict[str, str]) -> Run:
    """Run a command, sampling the memory of its process tree; wall seconds and peaks in MB."""
    import psutil  # type: ignore[import-untyped]  # a dependency of distributed (the scale extra)

    peaks: dict[int, float] = {}
    done = threading.Event()
    load_before = os.getloadavg()[0]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)

    def sample() -> None:
        while not done.is_set():
            try:
                for p in [root, *root.children(recursive=True)]:
                    peaks[p.pid] = max(peaks.get(p.pid, 0.0), p.memory_info().rss / 2**20)
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"{name} failed ({proc.returncode}): {err.decode(errors='replace')[-800:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    others = sorted((mb for pid, mb in peaks.items() if pid != proc.pid), reverse=True)
    big = [mb for mb in others if mb > 150]  # workers (the resource tracker and nannies are small)
    return Run(name, seconds, peaks.get(proc.pid, 0.0), max(big, default=0.0), load_before, os.getloadavg()[0],
               cpu, out, big)


def store_rates(lines: list[bytes], pg_url: str | None) -> dict[str, float]:
    """Articles per second written by Store.write (batches of 500) into a new SQLite and PostgreSQL store."""
    from eventwire.models import ErrorRecord, Extraction
    from eventwire.store import Store

    items: list[Extraction | ErrorRecord] = [
        ErrorRecord.model_validate_json(line) if line.startswith(b'{"id"') else Extraction.model_validate_json(line)
        for line in lines]
    rates: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "bench.sqlite") as store:
        rates["SQLite"] = store.write(items, "bench.v1").per_second
    if pg_url:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            url = f"{pg_url}{'&' if '?' in pg_url else '?'}options=-csearch_path%3D{schema}"
            with Store.open(url) as store:
                rates["PostgreSQL"] = store.write(items, "bench.v1").per_second
        finally:
            with psycopg.connect(pg_url, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    return rates


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG"), help="PostgreSQL URL for the store rate")
    ap.add_argument("--wait-load", type=float, default=1.0, help="before each run, wait for a load average under this")
    ap.add_argument("--patience", type=float, default=300.0, help="... but no longer than this many seconds")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", snapshot, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        sys.path.insert(0, str(snapshot))
        home = Path(tmp) / "home"  # a private copy of the gazetteer index: others may rebuild theirs meanwhile
        home.mkdir()
        shared = Path(os.environ.get("EVENTWIRE_HOME") or "~/.local/share/eventwire").expanduser()
        if (shared / "gazetteer.sqlite").is_file():
            shutil.copy2(shared / "gazetteer.sqlite", home / "gazetteer.sqlite")
        env = {**os.environ, "PYTHONPATH": str(snapshot), "PYTHONHASHSEED": "0", "EVENTWIRE_HOME": str(home)}
        subprocess.run([sys.executable, "-m", "eventwire.cli", "-q", "gazetteer", "build"], env=env, check=True,
                       capture_output=True)  # no-op when the copy is current; else built before any timing
        jsonl = Path(tmp) / "fakes.jsonl"
        n = len(fakes_to_jsonl(args.corpus, jsonl, args.limit))
        ew = [sys.executable, "-m", "eventwire.cli", "-q", "extract", "--jsonl", str(jsonl)]
        spacy = [sys.executable, "-c", SPACY, str(jsonl)]
        plan = [("spaCy nlp.pipe, 1 process", [*spacy, "1"]), ("eventwire, 1 worker", ew),
                ("spaCy nlp.pipe, n_process=2", [*spacy, "2"]), ("eventwire --workers 2", [*ew, "--workers", "2"]),
                ("eventwire --dask local --workers 2", [*ew, "--dask", "local", "--workers", "2"])]
        runs: dict[str, Run] = {}
        for name, cmd in plan:
            wait_for_load(args.wait_load, args.patience)
            runs[name] = timed(name, cmd, env)
            print(f"{name}: {runs[name].seconds:.1f} s (load {runs[name].load_before:.2f})", file=sys.stderr)
        outputs = [runs[k].stdout for k in ("eventwire, 1 worker", "eventwire --workers 2",
                                            "eventwire --dask local --workers 2")]
        lines = outputs[0].splitlines()
        rates = store_rates(lines, args.pg)
    report = render(n, runs, outputs, len(lines), rates)
    print(report)
    if not args.no_write:
        write_section(report, BEGIN, END, "Scale: workers, Dask, stores")
    return 0 if len(set(outputs)) == 1 and len(lines) == n else 1


def render(n: int, runs: dict[str, Run], outputs: list[bytes], lines: int, rates: dict[str, float]) -> str:
    one, two, dask = (runs["eventwire, 1 worker"], runs["eventwire --workers 2"],
                      runs["eventwire --dask local --workers 2"])
    s1, s2 = runs["spaCy nlp.pipe, 1 process"], runs["spaCy nlp.pipe, n_process=2"]
    rows = [(s1, None), (one, s1), (s2, None), (two, s2), (dask, s2)]
    table = "\n".join(
        f"| {r.name} | {r.seconds:.1f} | {n / r.seconds:.2f} | "
        f"{f'{base.seconds / r.seconds:.0%}' if base else '-'} | "
        f"{f'{one.seconds / r.seconds:.2f}x' if r.name.startswith('eventwire') else '-'} | "
        f"{r.parent_mb:.0f} | {f'{r.worker_mb:.0f} ({len(r.workers)})' if r.workers else '-'} | "
        f"{r.cpu:.0f} | {r.load_before:.2f} / {r.load_after:.2f} |"
        for r, base in rows)
    same = "identical, byte for byte" if len(set(outputs)) == 1 else (
        f"NOT identical ({sum(a != b for a, b in zip(*(o.splitlines() for o in outputs[:2]), strict=False))} "
        "lines differ between 1 and 2 workers)")
    per_worker = n / two.seconds / 2
    need = PER_DAY / 86_400
    store = "; ".join(f"{name} {rate:,.0f} articles/s" for name, rate in rates.items()) or "-"
    pg_note = "" if "PostgreSQL" in rates else " (PostgreSQL not measured: no --pg URL)"
    return f"""{BEGIN}
Measured {dt.date.today().isoformat()} on {platform.machine()}, {os.cpu_count()} cores,
Python {platform.python_version()}, by `.venv/bin/python scripts/benchmark_scale.py` over the {n} FA-KES articles.
Each row is a whole command (start-up and pipeline loading included) run on the same JSONL file; the load average
(1 min) before and after each run is given because the machine is shared.

| run | seconds | articles/s | of bare spaCy | vs 1 worker | parent MB | worker MB (n) | CPU s | load before / after |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
{table}

- **2 workers: {one.seconds / two.seconds:.2f}x one worker** (the bar is 1.7x); Dask LocalCluster with 2 workers:
  {one.seconds / dask.seconds:.2f}x. The outputs of the three eventwire runs ({lines} lines for {n} articles) are
  {same}.
- CPU seconds of each whole command, all its processes together: {one.cpu:.0f} with one worker, {two.cpu:.0f} with
  two, {dask.cpu:.0f} with Dask. Splitting the work costs the difference; on two otherwise idle cores, where a
  run's wall time is its CPU time spread over its busy processes, 2 workers would be about
  {2 * one.cpu / max(two.cpu, 1e-9):.2f}x one worker (2 x {one.cpu:.0f} / {two.cpu:.0f}).
- Peak memory (RSS) per worker process: {two.worker_mb:.0f} MB (pool), {dask.worker_mb:.0f} MB (Dask); the parent
  (reader and writer) of the pool run: {two.parent_mb:.0f} MB.
- Store write rate, `Store.write` in batches of 500, one writer: {store}{pg_note}.
- A million articles a day is {need:.1f} articles/s on average. At the measured {per_worker:.2f} articles/s per worker
  (2-worker run), that is **{_workers(math.ceil(need / per_worker))}** for the mean rate and
  {math.ceil(HEADROOM * need / per_worker)} with {HEADROOM:.0f}x headroom for peaks (cores of this machine's
  class, one worker per core; {math.ceil(HEADROOM * need / per_worker) * max(two.worker_mb, 1) / 1024:.0f} GB of
  worker memory). One store writer keeps up: it writes more than {min(rates.values(), default=0) / need:.0f}
  times the mean rate.
{END}"""


def _workers(k: int) -> str:
    return f"{k} worker" if k == 1 else f"{k} workers"


if __name__ == "__main__":
    sys.exit(main())

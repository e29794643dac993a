"""Load test: `eventwire serve` on loopback under 50 concurrent connections over the read endpoints while an
ingest writes to the same store.

    .venv/bin/python scripts/loadtest.py [--seconds 60] [--connections 50] [--articles 300] [--no-write]

Builds a store in a temporary folder from samples/corpus.jsonl and the first ``--articles`` FA-KES articles
(read from ../shared/eval/fa-kes, never copied into the project), starts the server on 127.0.0.1 with the rate
limit off (every client here shares one address), then runs ``--connections`` asyncio workers (httpx) over the
read endpoints for ``--seconds`` while `eventwire ingest` stores the remaining FA-KES articles. Records
requests, errors, throughput and latency percentiles into docs/benchmarks.md between its own markers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from benchmark import DEFAULT_CORPUS, fakes_to_jsonl, write_section  # noqa: E402

NAME = "loadtest.v1"
BEGIN, END = "<!-- loadtest:begin -->", "<!-- loadtest:end -->"
EVENTWIRE = [sys.executable, "-m", "eventwire.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ingest(db: Path, corpus: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([*EVENTWIRE, "-q", "ingest", str(corpus), "--db", str(db), "--batch-size", "8"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/overview", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not come up")


def targets(base: str) -> list[str]:
    """The read requests the workers pick from, with real ids and values from the store."""
    events = httpx.get(f"{base}/api/events", params={"limit": 50}, timeout=30).json()["items"]
    articles = httpx.get(f"{base}/api/articles", params={"limit": 50}, timeout=30).json()["items"]
    overview = httpx.get(f"{base}/api/overview", timeout=30).json()
    paths = ["/api/overview", "/api/events?limit=50", "/api/events?limit=100&offset=50", "/api/figures?limit=50",
             "/api/figures?kind=killed&limit=50", "/api/articles?limit=20", "/api/events?text=killed&limit=20",
             "/api/events?date_from=2017-01-01&date_to=2017-12-31&limit=50", "/api/corrections",
             "/api/events?bbox=35,32,43,38&limit=50"]
    paths += [f"/api/events?country={c['iso2']}&limit=50" for c in overview["countries"][:5]]
    paths += [f"/api/events/{e['id']}" for e in events[:20]]
    paths += [f"/api/articles/{a['id']}" for a in articles[:20]]
    return paths


async def worker(client: httpx.AsyncClient, paths: list[str], stop: float, seed: int,
                 latencies: list[float], errors: list[str]) -> None:
    rnd = random.Random(seed)
    while time.monotonic() < stop:
        path = rnd.choice(paths)
        started = time.perf_counter()
        try:
            response = await client.get(path)
            ok = response.status_code == 200
            detail = f"{response.status_code} {path}"
        except httpx.HTTPError as exc:
            ok, detail = False, f"{type(exc).__name__} {path}"
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(detail)


async def load(base: str, paths: list[str], seconds: float, connections: int) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        stop = time.monotonic() + seconds
        await asyncio.gather(*(worker(client, paths, stop, i, latencies, errors) for i in range(connections)))
    return latencies, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--articles", type=int, default=300, help="FA-KES articles stored before the load")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"loadtest: no FA-KES corpus at {args.corpus}", file=sys.stderr)
        return 2
    env = {**os.environ, "EVENTWIRE_RATE_LIMIT": "0", "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "load.sqlite"
        everything = folder / "fakes.jsonl"
        texts = fakes_to_jsonl(args.corpus, everything, None)
        lines = everything.read_text(encoding="utf-8").splitlines()
        first, rest = folder / "first.jsonl", folder / "rest.jsonl"
        first.write_text("\n".join(lines[: args.articles]) + "\n", encoding="utf-8")
        rest.write_text("\n".join(lines[args.articles :]) + "\n", encoding="utf-8")
        started = time.monotonic()
        for corpus in (ROOT / "samples" / "corpus.jsonl", first):
            build = ingest(db, corpus, env)
            _, err = build.communicate()
            if build.returncode != 0:
                print(err.decode(errors="replace"), file=sys.stderr)
                return 1
        build_s = time.monotonic() - started
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*EVENTWIRE, "serve", "--db", str(db), "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_ready(base)
            stored_before = httpx.get(f"{base}/api/overview").json()
            paths = targets(base)
            writer = ingest(db, rest, env)
            latencies, errors = asyncio.run(load(base, paths, args.seconds, args.connections))
            writer_running = writer.poll() is None
            writer.terminate()
            writer.wait()
            stored_after = httpx.get(f"{base}/api/overview").json()
        finally:
            server.terminate()
            server.wait(timeout=30)
        check = subprocess.run([*EVENTWIRE, "check", "--db", str(db)], env=env, capture_output=True, text=True)
    n = len(latencies)
    written = stored_after["articles"] - stored_before["articles"]
    figures = {
        "requests": n, "errors": len(errors), "seconds": args.seconds, "connections": args.connections,
        "throughput": n / args.seconds, "p50_ms": 1000 * statistics.median(latencies),
        "p90_ms": 1000 * percentile(latencies, 0.90), "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * max(latencies), "paths": len(paths), "stored": stored_before["articles"],
        "events": stored_before["events"], "written": written, "writer_still_running": writer_running,
        "check": check.returncode, "build_s": build_s, "fakes": len(texts),
    }
    print(json.dumps(figures, indent=2))
    if errors:
        print("first errors:", errors[:10], file=sys.stderr)
    day, cores = time.strftime("%Y-%m-%d"), os.cpu_count()
    row = (f"| {n:,} | {len(errors)} | {figures['throughput']:.1f} | {figures['p50_ms']:.0f} ms "
           f"| {figures['p90_ms']:.0f} ms | {figures['p99_ms']:.0f} ms | {figures['max_ms']:.0f} ms |")
    verdict = "no problems" if check.returncode == 0 else "PROBLEMS: " + check.stdout[:200]
    report = f"""{BEGIN}
Measured by `.venv/bin/python scripts/loadtest.py` ({day}, {cores} CPU cores shared by the
server, the client and the writer). `eventwire serve` (one uvicorn process, rate limit off: every client is
127.0.0.1) over a store of {figures['stored']} articles ({figures['events']} events: samples and the first
{args.articles} FA-KES articles); {args.connections} concurrent keep-alive connections from an asyncio httpx
client for {args.seconds:g} s, each picking at random among {len(paths)} read requests (lists with filters and
pages, single events and articles with their text, the overview), while `eventwire ingest` wrote the other
FA-KES articles into the same store ({written} stored during the run).

| requests | errors | requests/s | p50 | p90 | p99 | max |
|---:|---:|---:|---:|---:|---:|---:|
{row}

`eventwire check` on the store afterwards: {verdict}.
{END}"""
    if not args.no_write:
        write_section(report, BEGIN, END, "API under load")
    return 0 if not errors and check.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

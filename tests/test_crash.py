"""Crash safety: ``ingest`` killed with SIGKILL at random points, then resumed, loses and doubles nothing.

Most kills hit a forked child that runs the real ``eventwire ingest`` code path (``cli.main``) with the
session's pipeline already loaded, so each round costs a fraction of a second instead of a cold start; two
more kills hit the installed ``eventwire`` command itself. After every kill the store must pass
``Store.check()`` (no half-written record); at the end every article is stored exactly once and every
malformed line is recorded once as an error.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire import cli
from eventwire.extract import Extractor, Resources
from eventwire.store import Store

KILLS = 24
ARTICLES = 72
MALFORMED = (17, 41)  # line numbers (1-based) that hold broken JSON

ACTORS = ("Rebel fighters", "Government troops", "An armed group", "Police officers", "Militia members",
          "Army units")
VERBS = ("shelled", "attacked", "raided", "bombed", "stormed", "fired on")
PLACES = ("Kidal", "Gao", "Mopti", "Timbuktu", "Goma", "Bunia", "Beni", "Aleppo", "Homs", "Mosul", "Kharkiv",
          "Sumy")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SOURCES = ("a local official", "the health ministry", "residents", "a hospital director")


def _article(i: int) -> str:
    """One short report, different for every ``i`` (written for this test)."""
    rnd = random.Random(i)
    actor, verb, place = rnd.choice(ACTORS), rnd.choice(VERBS), rnd.choice(PLACES)
    return (f"{actor} {verb} a checkpoint near {place} on {rnd.choice(DAYS)}, killing {i % 9 + 2} people and "
            f"wounding {i % 13 + 3} others, {rnd.choice(SOURCES)} said. Report number {i} of the series noted "
            f"that about {100 + 10 * i} families left the area.")


def write_corpus(path: Path) -> list[str]:
    """The JSONL corpus; returns the ids of its good lines, in order."""
    ids: list[str] = []
    lines: list[str] = []
    for n in range(1, ARTICLES + len(MALFORMED) + 1):
        if n in MALFORMED:
            lines.append('{"id": "broken-' + str(n) + '", "text": "Unfinished line')
            continue
        article_id = f"crash-{len(ids):03d}"
        ids.append(article_id)
        lines.append(json.dumps({"id": article_id, "text": _article(len(ids)), "published": "2024-05-20"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids


def _stored(db: Path) -> tuple[list[str], list[str], list[str]]:
    """(article ids, error ids, integrity problems) of the store, opened afresh."""
    with Store.open(db) as store:
        articles = [a.id for a in store.articles()]
        errors = [e.id for e in store.errors()]
        return articles, errors, store.check()


def _forked_ingest(resources: Resources, corpus: Path, db: Path) -> int:
    """Fork a child running ``eventwire ingest`` with the loaded pipeline; return its pid."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            cli._extractor = lambda args: Extractor(resources)
            code = cli.main(["-q", "ingest", str(corpus), "--db", str(db), "--batch-size", "2"])
        finally:
            os._exit(code)
    return pid


def _kill_after(pid: int, delay: float) -> bool:
    """SIGKILL ``pid`` after ``delay`` seconds; True when it was still running (a real interruption)."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return False
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return True


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_sigkill_and_resume_lose_and_double_nothing(resources: Resources, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = write_corpus(corpus)
    db = tmp_path / "crash.sqlite"
    rnd = random.Random(8)
    interrupted = partial = 0
    progress: list[int] = []
    started = time.monotonic()
    while interrupted < KILLS and time.monotonic() - started < 75:
        stored_before = len(_stored(db)[0]) if db.exists() else 0
        if stored_before >= len(ids):  # finished between kills: start over on a fresh store, keep killing
            db.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            stored_before = 0
        pid = _forked_ingest(resources, corpus, db)
        # Kill anywhere from the start-up to the middle of the corpus's extraction.
        if _kill_after(pid, rnd.uniform(0.02, 0.9)):
            interrupted += 1
        articles, _errors, problems = _stored(db) if db.exists() else ([], [], [])
        assert problems == [], f"after kill {interrupted}: {problems}"
        assert len(articles) == len(set(articles))
        assert set(articles) <= set(ids)
        assert len(articles) >= stored_before, "a resumed ingest lost articles stored before"
        partial += 0 < len(articles) < len(ids)
        progress.append(len(articles))
    assert interrupted >= 20, f"only {interrupted} kills interrupted a running ingest"
    assert partial >= 10, f"too few kills landed mid-corpus: {progress}"

    # Two kills of the real command (cold start included), then a run to the end.
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "eventwire.cli", "-q", "ingest", str(corpus), "--db", str(db),
               "--batch-size", "2"]
    for delay in (4.5, 6.0):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _stored(db)[2] == []
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr

    articles, errors, problems = _stored(db)
    assert problems == []
    assert sorted(articles) == sorted(ids)  # every article, exactly once (ids are the primary key)
    assert sorted(errors) == [f"line {n}" for n in MALFORMED]
    with Store.open(db) as store:
        for article_id in (ids[0], ids[len(ids) // 2], ids[-1]):
            extraction = store.extraction(article_id)
            assert extraction is not None and extraction.article.text.startswith(_article(
                ids.index(article_id) + 1)[:20])
            assert extraction.figures, f"{article_id}: its figures were lost"
    check = subprocess.run([sys.executable, "-m", "eventwire.cli", "check", "--db", str(db)],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr

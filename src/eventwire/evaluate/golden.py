"""Golden articles: every folder under ``../shared/golden/`` checked against its ``expect.json``.

Reuses :func:`eventwire.golden.check`. Figures: the share of required items met (events and figures),
the share of articles passing outright, and the share of stretch items met.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ..golden import check
from ..models import Article
from .common import ExtractorFactory, Suite, SuiteResult, ratio

NAME = "eval.golden.v1"


def golden_root(eval_root: Path) -> Path:
    """The golden articles sit beside the eval data: ``<eval root>/../golden``."""
    return eval_root.parent / "golden"


def folders(eval_root: Path) -> list[Path]:
    g = golden_root(eval_root)
    return sorted(p for p in g.iterdir() if (p / "expect.json").is_file()) if g.is_dir() else []


def files(eval_root: Path) -> list[Path]:
    return [f for d in folders(eval_root) for f in sorted(d.iterdir()) if f.is_file()]


def load(folder: Path) -> tuple[Article, dict[str, Any]]:
    expect: dict[str, Any] = json.loads((folder / "expect.json").read_text(encoding="utf-8"))
    meta_path = folder / "meta.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    published = expect.get("published") or meta.get("published")
    article = Article(id=folder.name, text=(folder / "article.txt").read_text(encoding="utf-8"),
                      title=meta.get("title"), source=meta.get("source"),
                      published=dt.date.fromisoformat(published) if published else None)
    return article, expect


def run(root: Path, factory: ExtractorFactory, limit: int | None) -> SuiteResult:
    ex = factory()
    met = required = stretch = stretch_met = passed = violated = 0
    details: dict[str, Any] = {}
    chosen = folders(root)[:limit]
    for folder in chosen:
        article, expect = load(folder)
        r = check(ex.extract(article), expect)
        n_stretch = sum(1 for k in ("events", "figures") for s in expect.get(k, [])
                        if not s.get("required", True))
        stretch += n_stretch
        stretch_met += n_stretch - len(r.stretch_missed)
        required += len(r.met) + len(r.missed) - (n_stretch - len(r.stretch_missed))
        met += len(r.met) - (n_stretch - len(r.stretch_missed))
        passed += r.passed
        violated += len(r.violated)
        details[folder.name] = {"missed": r.missed, "violated": r.violated,
                                "stretch_missed": r.stretch_missed}
    return SuiteResult(
        suite="golden",
        metrics={"required_met": ratio(met, required), "articles_passed": ratio(passed, len(chosen)),
                 "no_violations": 1.0 if violated == 0 else 0.0, "stretch_met": ratio(stretch_met, stretch)},
        counts={"articles": len(chosen), "required": required, "required_met": met, "violations": violated,
                "stretch": stretch, "stretch_met": stretch_met},
        details=details,
    )


SUITE = Suite(
    name="golden", description="golden articles (../shared/golden) against their hand-written expect.json",
    files=files, run=run, pinned=("required_met", "articles_passed", "no_violations"),
    headline="required_met", to_beat="1.0 (all required items met, no must_not violated)",
)

"""Golden articles under ../shared/golden: every required expectation met, no must_not violated.

Skips cleanly where ../shared is absent. Run just these with `.venv/bin/pytest tests/test_golden.py`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.extract import Extractor
from eventwire.golden import check
from eventwire.models import Article

GOLDEN = Path(__file__).resolve().parents[1].parent / "shared" / "golden"
FOLDERS = sorted(p for p in GOLDEN.glob("*") if (p / "expect.json").is_file()) if GOLDEN.is_dir() else []


@pytest.mark.skipif(not FOLDERS, reason="../shared/golden is absent")
@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_golden_article(folder: Path, extractor: Extractor) -> None:
    expect = json.loads((folder / "expect.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8")) if (folder / "meta.json").is_file() \
        else {}
    published = expect.get("published") or meta.get("published")
    article = Article(id=folder.name, text=(folder / "article.txt").read_text(encoding="utf-8"),
                      title=meta.get("title"), source=meta.get("source"),
                      published=dt.date.fromisoformat(published) if published else None)
    result = check(extractor.extract(article), expect)
    assert not result.violated, result.violated
    assert not result.missed, f"missed {result.missed}; met {result.met}"

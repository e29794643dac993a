"""What every suite shares: the result record, data paths and checksums, and the scoring arithmetic.

The scoring functions are plain and small so that they can be tested on made-up inputs.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..extract import Extractor

ExtractorFactory = Callable[[], "Extractor"]

REPO = Path(__file__).resolve().parents[3]
ENV_DATA = "EVENTWIRE_EVAL_DATA"


def default_data_root() -> Path:
    """``$EVENTWIRE_EVAL_DATA``, else ``<repo>/../shared/eval``."""
    env = os.environ.get(ENV_DATA)
    return Path(env) if env else REPO.parent / "shared" / "eval"


@dataclass
class SuiteResult:
    """One suite's figures. ``metrics`` are all 'higher is better' fractions in [0, 1]."""

    suite: str
    metrics: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None
    data_sha256: str | None = None
    limit: int | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"suite": self.suite, "skipped": self.skipped, "limit": self.limit,
                "data_sha256": self.data_sha256, "seconds": round(self.seconds, 1),
                "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
                "counts": self.counts, "details": self.details}


def skipped(suite: str, reason: str = "data absent") -> SuiteResult:
    return SuiteResult(suite=suite, skipped=reason)


def sha256_files(paths: Iterable[Path], root: Path) -> str:
    """One digest over the files' relative names and contents, in sorted order."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives and the sizes of the predicted and gold sets."""
    p, r = ratio(tp, n_pred), ratio(tp, n_gold)
    return p, r, f1(p, r)


def per_class_f1(gold: Sequence[str], pred: Sequence[str | None]
                 ) -> dict[str, tuple[float, float, float, int]]:
    """Per gold class: precision, recall, F1 and support. ``None`` predictions count as wrong."""
    if len(gold) != len(pred):
        raise ValueError("gold and predicted labels differ in length")
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    support = Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        if p is not None:
            n_pred[p] += 1
            if p == g:
                tp[g] += 1
    return {c: (*prf(tp[c], n_pred[c], support[c]), support[c]) for c in sorted(support)}


def weighted_f1(gold: Sequence[str], pred: Sequence[str | None],
                classes: Iterable[str] | None = None) -> float:
    """Support-weighted mean F1 over the gold classes (scikit-learn's ``average='weighted'``).

    With ``classes``, only gold items of those classes are scored (predictions of other labels stay wrong).
    """
    keep = set(classes) if classes is not None else None
    pairs = [(g, p) for g, p in zip(gold, pred, strict=True) if keep is None or g in keep]
    if not pairs:
        return 0.0
    table = per_class_f1([g for g, _ in pairs], [p for _, p in pairs])
    total = sum(s for *_, s in table.values())
    return sum(f * s for _, _, f, s in table.values()) / total


def accuracy(gold: Sequence[str], pred: Sequence[str | None]) -> float:
    return ratio(sum(g == p for g, p in zip(gold, pred, strict=True)), len(gold))


def confusions(gold: Sequence[str], pred: Sequence[str | None], top: int = 15) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) pairs that differ; a missing prediction reads ``-``."""
    c = Counter((g, p or "-") for g, p in zip(gold, pred, strict=True) if g != p)
    return [(g, p, n) for (g, p), n in c.most_common(top)]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def fold(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def text_overlap(a: str, b: str) -> bool:
    """Two names overlap: one contains the other once case and spacing are folded (empty never matches)."""
    x, y = fold(a), fold(b)
    return bool(x and y) and (x in y or y in x)


@dataclass(frozen=True)
class Suite:
    """A registered suite: where its data is, how to run it, what to pin and what to beat."""

    name: str
    description: str
    files: Callable[[Path], list[Path]]  # the data files under the eval root; [] when absent
    run: Callable[[Path, ExtractorFactory, int | None], SuiteResult]
    pinned: tuple[str, ...]  # the metrics the gate keeps
    headline: str  # the metric quoted in docs/accuracy.md
    ci_limit: int | None = None  # the limit the gate runs (and pins) with
    to_beat: str = "-"  # the figure to beat, with its source

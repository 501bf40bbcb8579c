"""Sub-type measures against the 2026-12 gold set (readers following ../shared/ANNOTATION.md).

- acceptable: on operations postings (``is_operations == "yes"``), the share whose predicted
  sub-type is in the readers' ``acceptable`` set — or, with titles shown, equals
  ``title_subtype`` (the guide: the title is the employer's word);
- family: on the same postings, the share whose predicted family is the family of an acceptable
  sub-type (or of ``title_subtype`` with titles), so an acceptable sub-type is never a family error;
- is_operations precision / recall / F1, borderline postings excluded;
- all-postings accuracy (for coverage): right when acceptable on an operations posting,
  ``other`` on a non-operations one, either on a borderline one.

Only aggregate figures leave this module: it never prints a posting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from opsmatch.taxonomy import SUBTYPE_FAMILY

THRESHOLDS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7)


@dataclass(frozen=True)
class GoldLike:
    """What these measures read of a gold posting (``_gold.GoldPosting`` has these fields)."""

    subtype: str
    acceptable: tuple[str, ...]
    is_operations: str
    title_subtype: str | None


@dataclass(frozen=True)
class SubtypeScore:
    """The headline measures of one model on one part of the gold, one input (titles or not)."""

    n_ops: int
    acceptable: float
    family: float
    ops_precision: float
    ops_recall: float
    ops_f1: float
    n_gate: int
    all_accuracy: float


def right_subtypes(g: GoldLike, with_titles: bool) -> set[str]:
    """The sub-types a reader accepts for this posting (``title_subtype`` added with titles)."""
    ok = set(g.acceptable)
    if with_titles and g.title_subtype:
        ok.add(g.title_subtype)
    if g.is_operations == "borderline":
        ok.add("other")
    return ok


def is_right(g: GoldLike, predicted: str, with_titles: bool) -> bool:
    """Whether a prediction is right for any posting (``other`` is right for non-operations ones)."""
    if g.is_operations == "no":
        return predicted == "other"
    return predicted in right_subtypes(g, with_titles)


def score(gold: Sequence[GoldLike], predicted: Sequence[str], with_titles: bool) -> SubtypeScore:
    """The headline measures of ``predicted`` sub-types (same order as ``gold``)."""
    ops = [(g, p) for g, p in zip(gold, predicted) if g.is_operations == "yes"]
    acceptable = [p in right_subtypes(g, with_titles) for g, p in ops]
    family = [SUBTYPE_FAMILY[p] in {SUBTYPE_FAMILY[s] for s in right_subtypes(g, with_titles)} for g, p in ops]
    gate = [
        (g.is_operations == "yes", p != "other") for g, p in zip(gold, predicted) if g.is_operations != "borderline"
    ]
    tp = sum(t and q for t, q in gate)
    precision = tp / max(sum(q for _, q in gate), 1)
    recall = tp / max(sum(t for t, _ in gate), 1)
    return SubtypeScore(
        n_ops=len(ops),
        acceptable=float(np.mean(acceptable)) if ops else float("nan"),
        family=float(np.mean(family)) if ops else float("nan"),
        ops_precision=precision,
        ops_recall=recall,
        ops_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        n_gate=len(gate),
        all_accuracy=float(np.mean([is_right(g, p, with_titles) for g, p in zip(gold, predicted)])),
    )


def wilson(share: float, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson 95% interval of a share measured on ``n`` postings (how far chance alone moves it).

    >>> [round(v, 3) for v in wilson(0.9, 55)]
    [0.781, 0.955]
    """
    if n == 0 or share != share:
        return (float("nan"), float("nan"))
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (float(centre - half), float(centre + half))


@dataclass(frozen=True)
class CoverageRow:
    """Postings kept at a ``subtype_confidence`` threshold and how often they are right."""

    threshold: float
    kept: float  # share of all postings
    accuracy: float  # all-postings accuracy of the kept ones
    ops_acceptable: float  # acceptable accuracy of the kept operations postings


def coverage(
    gold: Sequence[GoldLike],
    predicted: Sequence[str],
    confidence: Sequence[float],
    with_titles: bool,
    thresholds: Sequence[float] = THRESHOLDS,
) -> list[CoverageRow]:
    """For each threshold, the share of postings whose confidence reaches it, and their accuracy."""
    conf = np.asarray(confidence, dtype=np.float64)
    right = np.array([is_right(g, p, with_titles) for g, p in zip(gold, predicted)], dtype=bool)
    ops = np.array([g.is_operations == "yes" for g in gold], dtype=bool)
    rows = []
    for t in thresholds:
        kept = conf >= t
        rows.append(
            CoverageRow(
                threshold=t,
                kept=float(kept.mean()) if len(kept) else float("nan"),
                accuracy=float(right[kept].mean()) if kept.any() else float("nan"),
                ops_acceptable=float(right[kept & ops].mean()) if (kept & ops).any() else float("nan"),
            )
        )
    return rows

"""The 2026-12 gold set (labelled by ../shared/ANNOTATION.md): loading it and measuring agreement.

Labels live in ``benchmarks/gold/gold_2026-12.jsonl`` and ``gold_2026-12-r2.jsonl`` (the gold
of the two draws: one record per posting, by its first labeller) and the ``…_second.jsonl``
files (the independent second reading of the doubly labelled postings). Parts: ``tune``
(both draws), ``heldout`` (first draw) and ``heldout2`` (second draw, fresh). Only hashes and labels are stored; the text is looked up in
``../shared/data`` by the sha1 of the description.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from _data import available, load, sha1

GOLD_DIR = Path(__file__).resolve().parent / "gold"
GOLD_FILE = (GOLD_DIR / "gold_2026-12.jsonl", GOLD_DIR / "gold_2026-12-r2.jsonl")
SECOND_FILE = (GOLD_DIR / "gold_2026-12_second.jsonl", GOLD_DIR / "gold_2026-12-r2_second.jsonl")
PARTS = ("tune", "heldout", "heldout2")
COMPETENCY_IDS = ("data_analysis", "user_insight", "market_analysis", "copywriting", "project_management")


@dataclass(frozen=True)
class GoldPosting:
    """One hand-labelled posting (labels by the guide) with its text from ../shared/data."""

    sha1: str
    file: str
    part: str  # "tune" | "heldout"
    labeller: str
    labels: dict[str, int]
    subtype: str
    acceptable: tuple[str, ...]
    family: str
    is_operations: str  # "yes" | "no" | "borderline"
    title_subtype: str | None
    reason: str
    title: str = ""
    text: str = ""


def read_records(paths: Path | Sequence[Path]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for path in [paths] if isinstance(paths, Path) else paths:
        if path.is_file():
            with path.open(encoding="utf-8") as fh:
                out += [json.loads(line) for line in fh if line.strip()]
    return out


def _posting(rec: dict[str, object], texts: dict[str, tuple[str, str]]) -> GoldPosting:
    title, text = texts.get(str(rec["desc_sha1"]), ("", ""))
    labels = rec["labels"]
    assert isinstance(labels, dict)
    acceptable = rec["acceptable"]
    assert isinstance(acceptable, list)
    ts = rec.get("title_subtype")
    return GoldPosting(
        sha1=str(rec["desc_sha1"]),
        file=str(rec["file"]),
        part=str(rec["part"]),
        labeller=str(rec["labeller"]),
        labels={k: int(v) for k, v in labels.items()},
        subtype=str(rec["subtype"]),
        acceptable=tuple(str(a) for a in acceptable),
        family=str(rec["family"]),
        is_operations=str(rec["is_operations"]),
        title_subtype=None if ts is None else str(ts),
        reason=str(rec.get("reason", "")),
        title=title,
        text=text,
    )


def _texts(files: Iterable[str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for name in sorted(set(files)):
        if available(name):
            d = load(name)
            out.update((sha1(t), (ti, t)) for ti, t in zip(d["title"], d["description"]))
    return out


def gold_available() -> bool:
    """Whether the gold labels and every evaluation file they point into are here."""
    records = read_records(GOLD_FILE)
    return bool(records) and all(available(str(r["file"])) for r in records)


def load_gold(path: Path | Sequence[Path] = GOLD_FILE, part: str | None = None) -> list[GoldPosting]:
    """The gold postings (of one ``part``, or all), with their title and text."""
    records = read_records(path)
    texts = _texts(str(r["file"]) for r in records)
    out = [_posting(r, texts) for r in records]
    return [g for g in out if part is None or g.part == part]


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float:
    """Cohen's kappa of two raters' labels of the same items (1.0 when both are constant and equal)."""
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


@dataclass(frozen=True)
class Agreement:
    """Agreement of two independent readings of the same postings."""

    n: int
    competency_equal: dict[str, float]
    competency_kappa: dict[str, float]
    two_vs_zero: int  # competency labels where one reader put 2 and the other 0
    subtype_primary: float  # same primary sub-type (operations postings both call operations)
    subtype_overlap: float  # acceptable sets overlap
    is_operations_equal: float
    family_equal: float


def agreement(first: Sequence[GoldPosting], second: Sequence[GoldPosting]) -> Agreement:
    """Agreement of ``second`` (the second reading) with the same postings in ``first``."""
    by_sha = {g.sha1: g for g in first}
    pairs = [(by_sha[s.sha1], s) for s in second if s.sha1 in by_sha]
    equal, kappa = {}, {}
    for cid in COMPETENCY_IDS:
        a = [p.labels[cid] for p, _ in pairs]
        b = [q.labels[cid] for _, q in pairs]
        equal[cid] = sum(x == y for x, y in zip(a, b)) / max(len(pairs), 1)
        kappa[cid] = cohen_kappa(a, b)
    conflicts = sum({p.labels[c], q.labels[c]} == {0, 2} for p, q in pairs for c in COMPETENCY_IDS)
    ops = [(p, q) for p, q in pairs if p.is_operations == "yes" and q.is_operations == "yes"]
    return Agreement(
        n=len(pairs),
        competency_equal=equal,
        competency_kappa=kappa,
        two_vs_zero=conflicts,
        subtype_primary=sum(p.subtype == q.subtype for p, q in ops) / max(len(ops), 1),
        subtype_overlap=sum(bool(set(p.acceptable) & set(q.acceptable)) for p, q in ops) / max(len(ops), 1),
        is_operations_equal=sum(p.is_operations == q.is_operations for p, q in pairs) / max(len(pairs), 1),
        family_equal=sum(p.family == q.family for p, q in ops) / max(len(ops), 1),
    )

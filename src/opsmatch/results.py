"""Result objects: ``Match`` (a named tuple), ``CompetencyScore`` and ``PostingAnalysis`` (frozen dataclasses).

``PostingAnalysis.to_dict()`` is the flat, JSON-safe row that batch scoring writes; its
column names are listed in ``result_columns``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from opsmatch.salary import SALARY_SCHEMA
from opsmatch.sections import BOILERPLATE
from opsmatch.taxonomy import COMPETENCIES, FAMILIES, SUBTYPE_FAMILY

__all__ = [
    "EVIDENCE_COLUMNS",
    "EVIDENCE_SCHEMA",
    "CompetencyScore",
    "Match",
    "PostingAnalysis",
    "evidence_rows",
    "result_columns",
    "result_schema",
]

EVIDENCE_SEPARATOR = "、"


class _MatchFields(NamedTuple):
    term: str
    canonical: str
    category: str
    start: int
    end: int
    kind: str = "exact"
    section: str = "other"
    strength: str = "required"
    weight: float = 1.0


class Match(_MatchFields):
    """A lexicon term found in the posting, as a span of the ORIGINAL text.

    ``text[m.start:m.end] == m.term`` always holds. ``category`` is a competency id, or a
    sub-type id for role keywords. ``kind`` is ``"exact"``, ``"fuzzy"`` (a misspelt tool name)
    or ``"pattern"`` (a lexicon pattern over words apart, e.g. 数据…分析); ``strength`` is
    ``"required"``, ``"preferred"`` or ``"implied"`` (a trait such as 执行力 or 创意, which
    leans towards a competency without asking for it); ``section`` is a key of
    ``opsmatch.SECTIONS``.

    An immutable named tuple (a posting has dozens: half the cost of a frozen dataclass);
    ``m._asdict()``, ``vars(m)`` and ``m.__dict__`` give its fields as a dict.

    >>> Match("SQL", "SQL", "data_analysis", 2, 5).__dict__["strength"]
    'required'
    """

    __slots__ = ()

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        return self._asdict()


class CompetencyScore(NamedTuple):
    """One competency's score in [0, 1], its evidence (one match per distinct term, required
    or preferred) and its traits (implied: they lean towards it, and never claim it alone).

    An immutable named tuple (five per posting); ``c._asdict()`` gives its fields.
    """

    id: str
    label: str
    score: float
    evidence: tuple[Match, ...] = ()
    traits: tuple[Match, ...] = ()

    @property
    def asked(self) -> bool:
        """Whether the posting asks for this competency at all (evidence outside boilerplate; traits alone do not)."""
        return bool(self.evidence)

    @property
    def level(self) -> str:
        """``"required"`` if any evidence is required, ``"preferred"`` if all is preferred, else ``"none"``."""
        if any(m.strength == "required" for m in self.evidence):
            return "required"
        return "preferred" if self.evidence else "none"

    @property
    def terms(self) -> tuple[str, ...]:
        """Canonical names of the evidence, in order of appearance."""
        return tuple(m.canonical for m in self.evidence)


@dataclass(frozen=True)
class PostingAnalysis:
    """Everything opsmatch found in one posting.

    ``subtype`` is ``None`` when no classifier was loaded (``Analyzer(model=None)``).
    """

    text: str
    title: str | None
    competencies: Mapping[str, CompetencyScore]
    matches: tuple[Match, ...] = ()
    subtype: str | None = None
    subtype_label: str | None = None
    subtype_proba: Mapping[str, float] = field(default_factory=dict)
    confidence: float | None = None
    seniority: str | None = None
    experience_years: tuple[float | None, float | None] | None = None
    education: str | None = None

    @property
    def family(self) -> str | None:
        """The family of the sub-type (``opsmatch.FAMILIES``); ``None`` without a classifier."""
        return None if self.subtype is None else SUBTYPE_FAMILY.get(self.subtype)

    @property
    def family_label(self) -> str | None:
        """The Chinese label of ``family``."""
        family = self.family
        return None if family is None else FAMILIES[family]

    @property
    def is_operations(self) -> bool | None:
        """Whether this is an operations job at all (``None`` without a classifier)."""
        return None if self.subtype is None else self.subtype != "other"

    @property
    def role_matches(self) -> tuple[Match, ...]:
        """Matches of sub-type keywords (role evidence), not competencies."""
        return tuple(m for m in self.matches if m.category not in self.competencies)

    def top_subtypes(self, k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` most probable sub-types with their probabilities."""
        return sorted(self.subtype_proba.items(), key=lambda kv: -kv[1])[:k]

    def to_dict(self) -> dict[str, Any]:
        """One flat, JSON-safe row (the columns of ``result_columns``)."""
        row: dict[str, Any] = {
            "subtype": self.subtype,
            "subtype_label": self.subtype_label,
            "subtype_proba": None if self.subtype is None else round(self.subtype_proba[self.subtype], 4),
            "subtype_confidence": None if self.confidence is None else round(self.confidence, 4),
            "is_operations": self.is_operations,
            "family": self.family,
            "family_label": self.family_label,
        }
        for cid, comp in self.competencies.items():
            row[f"{cid}_score"] = round(comp.score, 4)
            row[f"{cid}_evidence"] = EVIDENCE_SEPARATOR.join([m.canonical for m in comp.evidence])
            row[f"{cid}_traits"] = EVIDENCE_SEPARATOR.join([m.canonical for m in comp.traits])
        competencies = self.competencies
        row["role_keywords"] = EVIDENCE_SEPARATOR.join(
            dict.fromkeys([m.canonical for m in self.matches if m.category not in competencies])
        )
        years = self.experience_years or (None, None)
        row["seniority"] = self.seniority
        row["experience_min"] = years[0]
        row["experience_max"] = years[1]
        row["education"] = self.education
        row.update(_NO_SALARY)  # filled from a salary column by batch scoring (opsmatch.salary)
        row["error"] = None
        return row

    def __repr__(self) -> str:
        scores = " ".join(f"{cid}={c.score:.2f}" for cid, c in self.competencies.items())
        head = self.text[:24].replace("\n", " ") + ("…" if len(self.text) > 24 else "")
        return f"PostingAnalysis({head!r}, subtype={self.subtype!r}, {scores})"

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the posting with its evidence highlighted (``opsmatch.display.to_html``)."""
        from opsmatch.display import to_html

        return to_html(self)


_NO_SALARY = dict.fromkeys(SALARY_SCHEMA)

EVIDENCE_SCHEMA: dict[str, str] = {
    "row": "int",
    "competency": "string",
    "canonical": "string",
    "term": "string",
    "start": "int",
    "end": "int",
    "section": "string",
    "strength": "string",
    "kind": "string",
    "counted": "bool",
}
"""The kind of each column of the long form in a file (``opsmatch score --evidence``), where
``row`` is the posting's row number, counted from 0 after the header."""
EVIDENCE_COLUMNS = tuple(EVIDENCE_SCHEMA)
"""The columns of the long form: the posting's row id, the competency id, the lexicon entry,
the words as written, their span in the posting, its section, ``required`` / ``preferred`` /
``implied``, ``exact`` / ``fuzzy`` / ``pattern``, and whether the match counts (False in
company blurbs and benefits)."""


def evidence_rows(analysis: PostingAnalysis, row: Hashable) -> list[tuple[object, ...]]:
    """The long-form rows of one analysis: its competency matches, in text order.

    >>> import opsmatch
    >>> [r[1:4] for r in evidence_rows(opsmatch.analyze("熟悉SQL"), 0)]
    [('data_analysis', 'SQL', 'SQL')]
    """
    return [
        (row, m.category, m.canonical, m.term, m.start, m.end, m.section, m.strength, m.kind,
         m.section not in BOILERPLATE)
        for m in analysis.matches
        if m.category in analysis.competencies
    ]  # fmt: skip


def result_schema(competencies: Mapping[str, str] = COMPETENCIES) -> dict[str, str]:
    """Result column -> its kind (``"string"``, ``"float"``, ``"int"``, ``"bool"``), in ``to_dict`` order.

    The one place that says what each result column holds: pandas dtypes, Arrow types and
    the Dask meta are all derived from it.

    >>> result_schema()["data_analysis_score"], result_schema()["is_operations"]
    ('float', 'bool')
    """
    schema = {
        "subtype": "string",
        "subtype_label": "string",
        "subtype_proba": "float",
        "subtype_confidence": "float",
        "is_operations": "bool",
        "family": "string",
        "family_label": "string",
    }
    for cid in competencies:
        schema[f"{cid}_score"] = "float"
        schema[f"{cid}_evidence"] = "string"
        schema[f"{cid}_traits"] = "string"
    schema.update(
        role_keywords="string",
        seniority="string",
        experience_min="float",
        experience_max="float",
        education="string",
    )
    schema.update(SALARY_SCHEMA)
    schema["error"] = "string"
    return schema


def result_columns(competencies: Mapping[str, str] = COMPETENCIES) -> list[str]:
    """Names of the columns ``to_dict()`` produces, in order."""
    return list(result_schema(competencies))

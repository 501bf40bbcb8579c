"""Lexicons: the competency terms and sub-type keywords, loaded from TOML files.

A lexicon folder holds one TOML file per competency and a ``subtypes.toml`` (format in
``lexicons/README.md``). Several folders can be layered: later ones add entries and replace
entries of the same name. Every problem is reported with its file and entry.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opsmatch.normalize import normalize_term
from opsmatch.taxonomy import COMPETENCIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DEFAULT_LEXICON_DIR",
    "Lexicon",
    "LexiconError",
    "LexiconProblem",
    "SubtypeEntry",
    "Term",
    "check_lexicon",
    "load_lexicon",
]

TERM_KINDS = frozenset({"tool", "skill", "behaviour", "knowledge", "platform"})
_TERM_KEYS = frozenset({"name", "aliases", "weight", "kind", "patterns"})
_SUBTYPE_KEYS = frozenset({"label", "title_keywords", "keywords"})
SUBTYPES_FILE = "subtypes.toml"
PATHS_FILE = "paths.toml"  # career paths (opsmatch.paths), not a competency file


def _default_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "lexicons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lexicons"  # source checkout / editable


DEFAULT_LEXICON_DIR: Path = _default_dir()
"""The lexicon folder shipped with opsmatch."""


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a canonical name, the surface forms that mean it, and its weight.

    ``category`` is a competency id, or a sub-type id for role keywords.
    """

    canonical: str
    category: str
    forms: tuple[str, ...]
    weight: float = 1.0
    kind: str = "skill"
    source: str = ""
    patterns: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubtypeEntry:
    """A sub-type's label and the words that signal it in a title and in a description."""

    id: str
    label: str
    title_keywords: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class LexiconProblem:
    """One problem in a lexicon folder, naming the file and the entry."""

    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class LexiconError(ValueError):
    """A lexicon folder cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[LexiconProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n  ".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} lexicon problem(s):\n  {lines}")


@dataclass(frozen=True)
class Lexicon:
    """Competencies (id -> label), their terms, and the sub-types with their keywords."""

    competencies: dict[str, str]
    terms: tuple[Term, ...]
    subtypes: dict[str, SubtypeEntry] = field(default_factory=dict)

    def role_terms(self) -> tuple[Term, ...]:
        """Sub-type description keywords as terms whose category is the sub-type id."""
        return tuple(
            Term(kw, st.id, (kw,), 1.0, "role", SUBTYPES_FILE) for st in self.subtypes.values() for kw in st.keywords
        )

    def all_terms(self) -> tuple[Term, ...]:
        """Competency terms and role keywords together."""
        return self.terms + self.role_terms()

    def surface_forms(self) -> set[str]:
        """Every normalized surface form (for the tokenizer's dictionary)."""
        forms = {normalize_term(f) for t in self.all_terms() for f in t.forms}
        forms.update(normalize_term(k) for st in self.subtypes.values() for k in st.title_keywords)
        return forms


def _read_toml(path: Path, problems: list[LexiconProblem]) -> dict[str, Any] | None:
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(LexiconProblem(path.name, "(file)", f"cannot be read: {exc}"))
        return None


def _str_list(value: Any, file: str, entry: str, key: str, out: list[LexiconProblem]) -> list[str]:
    if not isinstance(value, list):
        out.append(LexiconProblem(file, entry, f"{key} must be a list of strings"))
        return []
    good = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            out.append(LexiconProblem(file, entry, f"{key} holds an empty or non-string item: {item!r}"))
        else:
            good.append(item.strip())
    return good


def _parse_competency(path: Path, data: dict[str, Any], out: list[LexiconProblem]) -> tuple[str, str, list[Term]]:
    file = path.name
    head = data.get("competency")
    cid, label = path.stem, path.stem
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        out.append(LexiconProblem(file, "[competency]", "missing table with an `id` and a `label`"))
    else:
        cid = head["id"]
        label = str(head.get("label", cid))
        for key in set(head) - {"id", "label"}:
            out.append(LexiconProblem(file, "[competency]", f"unknown key {key!r}"))
        if cid != path.stem:
            out.append(LexiconProblem(file, "[competency]", f"id {cid!r} differs from the file name"))
    for key in set(data) - {"competency", "term"}:
        out.append(LexiconProblem(file, f"[{key}]", "unknown table or key"))
    raw_terms = data.get("term", [])
    if not isinstance(raw_terms, list):
        out.append(LexiconProblem(file, "[[term]]", "`term` must be an array of tables"))
        raw_terms = []
    terms: list[Term] = []
    for i, raw in enumerate(raw_terms, 1):
        name = raw.get("name") if isinstance(raw, dict) else None
        entry = f"term #{i} {name!r}" if isinstance(name, str) else f"term #{i}"
        if not isinstance(raw, dict):
            out.append(LexiconProblem(file, entry, "must be a table"))
            continue
        for key in set(raw) - _TERM_KEYS:
            out.append(LexiconProblem(file, entry, f"unknown key {key!r}"))
        if not isinstance(name, str) or not name.strip():
            out.append(LexiconProblem(file, entry, "missing or empty `name`"))
            continue
        aliases = _str_list(raw.get("aliases", []), file, entry, "aliases", out)
        weight = raw.get("weight", 1.0)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, (int, float))
            or not math.isfinite(weight)
            or not 0 < weight <= 1
        ):
            out.append(LexiconProblem(file, entry, f"weight must be a number in (0, 1], got {weight!r}"))
            weight = 1.0
        kind = raw.get("kind", "skill")
        if kind not in TERM_KINDS:
            out.append(LexiconProblem(file, entry, f"kind must be one of {sorted(TERM_KINDS)}, got {kind!r}"))
        patterns = _str_list(raw.get("patterns", []), file, entry, "patterns", out)
        for pat in patterns:
            try:
                re.compile(pat)
            except re.error as exc:
                out.append(LexiconProblem(file, entry, f"pattern {pat!r} is not a valid regular expression: {exc}"))
                patterns = []
        terms.append(
            Term(
                name.strip(),
                cid,
                (name.strip(), *aliases),
                float(weight),
                str(kind),
                file,
                tuple(patterns),
            )
        )
    return cid, label, terms


def _parse_subtypes(path: Path, data: dict[str, Any], out: list[LexiconProblem]) -> list[SubtypeEntry]:
    entries = []
    for sid, raw in data.items():
        entry = f"[{sid}]"
        if not isinstance(raw, dict):
            out.append(LexiconProblem(path.name, entry, "must be a table"))
            continue
        for key in set(raw) - _SUBTYPE_KEYS:
            out.append(LexiconProblem(path.name, entry, f"unknown key {key!r}"))
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            out.append(LexiconProblem(path.name, entry, "missing or empty `label`"))
            label = sid
        titles = _str_list(raw.get("title_keywords", []), path.name, entry, "title_keywords", out)
        words = _str_list(raw.get("keywords", []), path.name, entry, "keywords", out)
        entries.append(SubtypeEntry(sid, label, tuple(titles), tuple(words)))
    return entries


def _collect(dirs: Sequence[Path], out: list[LexiconProblem]) -> Lexicon:
    competencies: dict[str, str] = {}
    terms: dict[tuple[str, str], Term] = {}
    subtypes: dict[str, SubtypeEntry] = {}
    for folder in dirs:
        if not folder.is_dir():
            out.append(LexiconProblem(str(folder), "(folder)", "is not a directory"))
            continue
        files = sorted(folder.glob("*.toml"))
        if not files:
            out.append(LexiconProblem(str(folder), "(folder)", "holds no .toml lexicon files"))
        for path in files:
            if path.name == PATHS_FILE:
                continue
            data = _read_toml(path, out)
            if data is None:
                continue
            if path.name == SUBTYPES_FILE:
                subtypes.update((s.id, s) for s in _parse_subtypes(path, data, out))
                continue
            cid, label, parsed = _parse_competency(path, data, out)
            competencies[cid] = label
            terms.update(((t.category, t.canonical.casefold()), t) for t in parsed)
    order = {cid: i for i, cid in enumerate(COMPETENCIES)}
    ranked = dict(sorted(competencies.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return Lexicon(ranked, tuple(terms.values()), subtypes)


def _check_duplicates(lexicon: Lexicon, out: list[LexiconProblem]) -> None:
    """A surface form may belong to one entry only, or matches would be ambiguous."""
    seen: dict[str, Term] = {}
    for term in lexicon.all_terms():
        own: set[str] = set()
        for form in term.forms:
            key = normalize_term(form)
            if key in own:
                continue
            own.add(key)
            first = seen.setdefault(key, term)
            if first is not term:
                where = f"{first.source} entry {first.canonical!r} ({first.category})"
                entry = f"{'keyword' if term.kind == 'role' else 'term'} {term.canonical!r}"
                out.append(LexiconProblem(term.source, entry, f"{form!r} is also a form of {where}"))


def _as_dirs(lexicon_dir: str | Path | Iterable[str | Path] | None) -> list[Path]:
    if lexicon_dir is None:
        return [DEFAULT_LEXICON_DIR]
    if isinstance(lexicon_dir, (str, Path)):
        return [Path(lexicon_dir)]
    return [Path(d) for d in lexicon_dir]


def _load(
    lexicon_dir: str | Path | Iterable[str | Path] | None,
) -> tuple[Lexicon, list[LexiconProblem]]:
    problems: list[LexiconProblem] = []
    lexicon = _collect(_as_dirs(lexicon_dir), problems)
    _check_duplicates(lexicon, problems)
    return lexicon, problems


def check_lexicon(
    lexicon_dir: str | Path | Iterable[str | Path] | None = None,
) -> list[LexiconProblem]:
    """Every problem of a lexicon folder (or layered folders); empty when it is sound.

    >>> check_lexicon()
    []
    """
    return _load(lexicon_dir)[1]


def load_lexicon(lexicon_dir: str | Path | Iterable[str | Path] | None = None) -> Lexicon:
    """Load a lexicon folder, or several layered in order; raise ``LexiconError`` on any problem.

    >>> lex = load_lexicon()
    >>> "data_analysis" in lex.competencies
    True
    """
    lexicon, problems = _load(lexicon_dir)
    if problems:
        raise LexiconError(problems)
    return lexicon

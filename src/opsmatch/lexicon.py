"""Lexicons: the competency terms and sub-type keywords, loaded from TOML files.

A lexicon folder holds one TOML file per competency, a ``subtypes.toml`` and a
``contexts.toml`` (word groups that entries' ``context`` rules refer to; a folder without
one uses the shipped groups); format in ``lexicons/README.md``. Several folders can be layered: later ones add entries and replace
entries of the same name. Every problem is reported with its file and entry, one per line.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from opsmatch._regex import pattern_problem
from opsmatch.normalize import normalize_term
from opsmatch.taxonomy import COMPETENCIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = [
    "DATA_FILES",
    "DEFAULT_LEXICON_DIR",
    "TERM_KINDS",
    "Context",
    "ContextGroup",
    "Lexicon",
    "LexiconError",
    "LexiconProblem",
    "SubtypeEntry",
    "Term",
    "check_lexicon",
    "load_lexicon",
]

TERM_KINDS = frozenset({"tool", "skill", "behaviour", "knowledge", "platform", "trait"})
"""Kinds of competency entries; a ``trait`` (执行力, 创意 …) leans towards a competency without
asking for it: its matches are ``implied`` evidence that never claims the competency alone."""
_TERM_KEYS = frozenset({"name", "aliases", "weight", "kind", "patterns", "context", "not_inside"})
_CONTEXT_KEYS = frozenset({"near", "not_near", "unless_near", "not_in_posting", "window", "otherwise"})
_GROUP_KEYS = frozenset({"label", "words", "min_count"})
_SUBTYPE_KEYS = frozenset({"label", "title_keywords", "keywords"})
SUBTYPES_FILE = "subtypes.toml"
CONTEXTS_FILE = "contexts.toml"
PATHS_FILE = "paths.toml"  # career paths (opsmatch.paths), not a competency file
DATA_FILES = frozenset({SUBTYPES_FILE, CONTEXTS_FILE, PATHS_FILE})
"""TOML files of a lexicon folder that are not competency files (``paths.toml``, career paths,
is read by its own module and ignored here)."""
MAX_WINDOW = 40


def _default_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "lexicons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lexicons"  # source checkout / editable


DEFAULT_LEXICON_DIR: Path = _default_dir()
"""The lexicon folder shipped with opsmatch."""


@dataclass(frozen=True)
class Context:
    """Where an entry's matches count, as data (``context = {...}`` in a lexicon entry).

    Words are normalized; ``@group`` references are already expanded. A match counts when
    one of ``near`` (if any) stands within ``window`` characters of it in the same sentence,
    none of ``not_near`` does (unless one of ``unless_near`` does; these two look at the match
    too, so a longer word around it counts), and the posting is not
    one of the ``not_in_posting`` groups (``min_count`` distinct words of the group anywhere,
    again unless ``unless_near``). Otherwise the match is dropped, or kept as an implied
    trait when ``otherwise = "trait"``.
    """

    near: tuple[str, ...] = ()
    not_near: tuple[str, ...] = ()
    unless_near: tuple[str, ...] = ()
    not_in_posting: tuple[tuple[tuple[str, ...], int], ...] = ()
    window: int = 12
    otherwise: str = "drop"

    def words(self) -> set[str]:
        """Every word the rule looks for."""
        out = {*self.near, *self.not_near, *self.unless_near}
        for words, _ in self.not_in_posting:
            out.update(words)
        return out


@dataclass(frozen=True)
class ContextGroup:
    """A named group of words (``contexts.toml``): office software, an engineering stack …"""

    name: str
    words: tuple[str, ...]
    min_count: int = 2
    label: str = ""


@dataclass(frozen=True)
class Term:
    """One lexicon entry: a canonical name, the surface forms that mean it, and its weight.

    ``category`` is a competency id, or a sub-type id for role keywords. ``not_inside``
    holds longer words that contain a form in another meaning (反应敏捷 for 敏捷): there
    the entry never matches. ``context`` says where its matches count.
    """

    canonical: str
    category: str
    forms: tuple[str, ...]
    weight: float = 1.0
    kind: str = "skill"
    source: str = ""
    patterns: tuple[str, ...] = ()
    context: Context | None = None
    not_inside: tuple[str, ...] = ()

    @property
    def is_trait(self) -> bool:
        """Whether the entry is a trait: implied evidence only."""
        return self.kind == "trait"


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
    groups: dict[str, ContextGroup] = field(default_factory=dict)

    def role_terms(self) -> tuple[Term, ...]:
        """Sub-type description keywords as terms whose category is the sub-type id."""
        return tuple(
            Term(kw, st.id, (kw,), 1.0, "role", SUBTYPES_FILE) for st in self.subtypes.values() for kw in st.keywords
        )

    def all_terms(self) -> tuple[Term, ...]:
        """Competency terms and role keywords together."""
        return self.terms + self.role_terms()

    def surface_forms(self) -> set[str]:
        """Every normalized surface form of the description's terms (for the tokenizer's dictionary).

        Title keywords are left out: titles are read by the title rule and character n-grams, and
        their words (工程师, 产品经理 …) in the dictionary would only move description tokens.
        """
        return {normalize_term(f) for t in self.all_terms() for f in t.forms}


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
        out.append(LexiconProblem(file, entry, f"{key} must be a list of strings, got {value!r}"))
        return []
    good = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            out.append(LexiconProblem(file, entry, f"{key} holds an empty or non-string item: {item!r}"))
        else:
            good.append(item.strip())
    return good


def _parse_competency(
    path: Path, data: dict[str, Any], out: list[LexiconProblem]
) -> tuple[str, str, list[tuple[Term, Any]]]:
    """The competency id, label and entries of one file; each entry with its raw ``context``."""
    file = path.name
    head = data.get("competency")
    cid, label = path.stem, path.stem
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        out.append(LexiconProblem(file, "[competency]", "missing table with an `id` and a `label`"))
    else:
        cid = head["id"]
        raw_label = head.get("label", cid)
        if not isinstance(raw_label, str) or not raw_label.strip():
            out.append(LexiconProblem(file, "[competency]", f"label must be a non-empty string, got {raw_label!r}"))
        else:
            label = raw_label
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
    terms: list[tuple[Term, Any]] = []
    names: dict[str, int] = {}
    for i, raw in enumerate(raw_terms, 1):
        name = raw.get("name") if isinstance(raw, dict) else None
        entry = f"term #{i} {name!r}" if isinstance(name, str) else f"term #{i}"
        if not isinstance(raw, dict):
            out.append(LexiconProblem(file, entry, "must be a table"))
            continue
        term = _parse_term(raw, cid, file, entry, out)
        if term is not None:
            first = names.setdefault(term.canonical.casefold(), i)
            if first != i:
                out.append(LexiconProblem(file, entry, f"repeats the name of term #{first} in this file"))
            terms.append((term, raw.get("context")))
    return cid, label, terms


def _parse_term(raw: dict[str, Any], cid: str, file: str, entry: str, out: list[LexiconProblem]) -> Term | None:
    """One ``[[term]]`` table as a ``Term`` (its context resolved later), every problem noted."""
    for key in sorted(set(raw) - _TERM_KEYS):
        out.append(LexiconProblem(file, entry, f"unknown key {key!r}"))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        out.append(LexiconProblem(file, entry, f"missing or empty `name` (a string), got {name!r}"))
        return None
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
    if not isinstance(kind, str) or kind not in TERM_KINDS:
        out.append(LexiconProblem(file, entry, f"kind must be one of {sorted(TERM_KINDS)}, got {kind!r}"))
        kind = "skill"
    patterns = []
    for pat in _str_list(raw.get("patterns", []), file, entry, "patterns", out):
        problem = pattern_problem(pat)
        if problem is not None:
            out.append(LexiconProblem(file, entry, f"pattern {pat!r} is refused: {problem}"))
        else:
            patterns.append(pat)
    forms = (name.strip(), *aliases)
    keys = {normalize_term(f) for f in forms}
    not_inside = _str_list(raw.get("not_inside", []), file, entry, "not_inside", out)
    for word in not_inside:
        key = normalize_term(word)
        if key in keys or not any(k and k in key for k in keys):
            out.append(LexiconProblem(file, entry, f"not_inside word {word!r} must be longer than and contain a form"))
    return Term(name.strip(), cid, forms, float(weight), kind, file, tuple(patterns), None, tuple(not_inside))


def _parse_context(
    raw: Any, groups: dict[str, ContextGroup], file: str, entry: str, out: list[LexiconProblem]
) -> Context | None:
    """A term's ``context`` table, its ``@group`` references expanded."""
    if not isinstance(raw, dict):
        out.append(LexiconProblem(file, entry, f"context must be a table, got {raw!r}"))
        return None
    for key in sorted(set(raw) - _CONTEXT_KEYS):
        out.append(LexiconProblem(file, entry, f"unknown key {key!r} in context"))

    def words(key: str) -> tuple[str, ...]:
        found: list[str] = []
        for item in _str_list(raw.get(key, []), file, entry, f"context.{key}", out):
            if item.startswith("@"):
                group = groups.get(item[1:])
                if group is None:
                    out.append(
                        LexiconProblem(file, entry, f"context.{key}: unknown group {item!r} (see {CONTEXTS_FILE})")
                    )
                else:
                    found.extend(group.words)
            else:
                found.append(normalize_term(item))
        return tuple(dict.fromkeys(w for w in found if w))

    posting: list[tuple[tuple[str, ...], int]] = []
    for item in _str_list(raw.get("not_in_posting", []), file, entry, "context.not_in_posting", out):
        group = groups.get(item.removeprefix("@"))
        if not item.startswith("@"):
            out.append(LexiconProblem(file, entry, f"context.not_in_posting: {item!r} must name a group as '@name'"))
        elif group is None:
            out.append(
                LexiconProblem(file, entry, f"context.not_in_posting: unknown group {item!r} (see {CONTEXTS_FILE})")
            )
        else:
            posting.append((group.words, group.min_count))
    window = raw.get("window", 12)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= MAX_WINDOW:
        out.append(LexiconProblem(file, entry, f"context.window must be an integer in 1..{MAX_WINDOW}, got {window!r}"))
        window = 12
    otherwise = raw.get("otherwise", "drop")
    if otherwise not in ("drop", "trait"):
        out.append(LexiconProblem(file, entry, f"context.otherwise must be 'drop' or 'trait', got {otherwise!r}"))
        otherwise = "drop"
    context = Context(words("near"), words("not_near"), words("unless_near"), tuple(posting), window, str(otherwise))
    named = any(raw.get(key) for key in ("near", "not_near", "not_in_posting"))
    if not named:
        out.append(LexiconProblem(file, entry, "context needs `near`, `not_near` or `not_in_posting`"))
    return context


def _parse_groups(path: Path, data: dict[str, Any], out: list[LexiconProblem]) -> list[ContextGroup]:
    groups = []
    for name, raw in data.items():
        entry = f"[{name}]"
        if not isinstance(raw, dict):
            out.append(LexiconProblem(path.name, entry, "must be a table"))
            continue
        for key in sorted(set(raw) - _GROUP_KEYS):
            out.append(LexiconProblem(path.name, entry, f"unknown key {key!r}"))
        words = _str_list(raw.get("words", []), path.name, entry, "words", out)
        if not words:
            out.append(LexiconProblem(path.name, entry, "needs a non-empty `words` list"))
        min_count = raw.get("min_count", 2)
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            out.append(LexiconProblem(path.name, entry, f"min_count must be a positive integer, got {min_count!r}"))
            min_count = 2
        label = raw.get("label", "")
        if not isinstance(label, str):
            out.append(LexiconProblem(path.name, entry, f"label must be a string, got {label!r}"))
            label = ""
        normalized = tuple(dict.fromkeys(normalize_term(w) for w in words))
        groups.append(ContextGroup(name, normalized, min_count, label))
    return groups


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
    terms: dict[tuple[str, str], tuple[Term, Any]] = {}
    subtypes: dict[str, SubtypeEntry] = {}
    groups: dict[str, ContextGroup] = {}
    for folder in dirs:
        if not folder.is_dir():
            out.append(LexiconProblem(str(folder), "(folder)", "is not a directory"))
            continue
        files = sorted(p for p in folder.glob("*.toml") if p.name != "paths.toml")
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
            if path.name == CONTEXTS_FILE:
                groups.update((g.name, g) for g in _parse_groups(path, data, out))
                continue
            cid, label, parsed = _parse_competency(path, data, out)
            competencies[cid] = label
            terms.update(((t.category, t.canonical.casefold()), (t, ctx)) for t, ctx in parsed)
    if not any((folder / CONTEXTS_FILE).is_file() for folder in dirs):
        # a folder of competency files alone still means the shipped word groups (@office …)
        shipped = DEFAULT_LEXICON_DIR / CONTEXTS_FILE
        data = _read_toml(shipped, out) if shipped.is_file() else None
        if data is not None:
            groups.update((g.name, g) for g in _parse_groups(shipped, data, out))
    final = []
    for term, raw_context in terms.values():
        if raw_context is not None:
            entry = f"term {term.canonical!r}"
            term = replace(term, context=_parse_context(raw_context, groups, term.source, entry, out))
        final.append(term)
    order = {cid: i for i, cid in enumerate(COMPETENCIES)}
    ranked = dict(sorted(competencies.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))
    return Lexicon(ranked, tuple(final), subtypes, groups)


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
    for term in lexicon.terms:
        for word in term.not_inside:
            other = seen.get(normalize_term(word))
            if other is not None:
                where = f"{other.source} entry {other.canonical!r} ({other.category})"
                out.append(
                    LexiconProblem(
                        term.source, f"term {term.canonical!r}", f"not_inside word {word!r} is a form of {where}"
                    )
                )


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

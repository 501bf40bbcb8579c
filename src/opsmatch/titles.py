"""The job title as the employer's word: the sub-type a title names unambiguously, or ``None``.

A title names a sub-type when it holds one of that sub-type's ``title_keywords`` (新媒体运营,
SEO, 社群运营 …) and none of the veto words that mark a job which is not operations work
(工程师, 产品经理, 设计, 销售, 分析师 …, the ``title_keywords`` of ``other``). Both lists are
data, in ``lexicons/subtypes.toml``. A title naming two sub-types names the more specific one,
which in a Chinese title is the last: the head of a noun phrase comes last (社区内容运营 is
content work). Brackets are read by what they say:

- a bracketed DIRECTION narrows the title and wins: 产品运营（社群方向）, and a bare direction
  word is read as that kind of operations, 业务运营岗（数据方向） as 数据运营 (one direction
  only: 用户/内容方向 names none);
- any other bracket only describes the business line or the account (新媒体运营（诊所内容运营）,
  运营（电商）): a keyword outside it comes first, and a business line alone is no sub-type
  because business lines are not keywords.

A veto word inside a keyword (数据分析 in 数据分析运营) does not veto. Titles that name nothing
(运营, 运营专员, 实习生) give ``None`` and leave the choice to the description.

>>> rules = TitleRules({"新媒体运营": "new_media_ops", "社群运营": "community_ops", "数据运营": "data_ops"}, ("工程师",))
>>> rules.read("新媒体运营专员（电商）"), rules.read("运营专员"), rules.read("新媒体运营工程师")
('new_media_ops', None, None)
>>> rules.read("新媒体运营（社群运营方向）"), rules.read("新媒体运营（社群方向）"), rules.read("运营岗（数据方向）")
('community_ops', 'community_ops', 'data_ops')
>>> rules.read("新媒体运营（社群运营）"), rules.read("运营（社群/数据方向）")
('new_media_ops', None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from opsmatch.normalize import normalize, normalize_term

if TYPE_CHECKING:
    from opsmatch.lexicon import Lexicon

__all__ = ["TitleRules", "apply_title_rule"]

_ASCII_WORD = re.compile(r"[a-z0-9]")
_BRACKET = re.compile(r"[(\[【（〔]([^()\[\]【】（）〔〕]*)[)\]】）〕]")
_DIRECTION = "方向"
_DIRECTION_SEPARATORS = re.compile(r"[/、,，;；&+|]|及|和|与")
_OPERATIONS = "运营"


def _spans(title: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of the title's bracketed directions, and of its other brackets."""
    directions: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    for m in _BRACKET.finditer(title):
        (directions if _DIRECTION in m.group(1) else others).append(m.span())
    return directions, others


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _alternation(words: Sequence[str]) -> re.Pattern[str] | None:
    """One regex finding any of ``words`` (longest first); ASCII words only on word boundaries."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        escaped = re.escape(word)
        if _ASCII_WORD.match(word[0]):
            escaped = r"(?<![a-z0-9])" + escaped
        if _ASCII_WORD.match(word[-1]):
            escaped += r"(?![a-z0-9])"
        parts.append(escaped)
    return re.compile("|".join(parts)) if parts else None


@dataclass(frozen=True)
class TitleRules:
    """Title keyword -> sub-type id, and the veto words; ``read`` gives a title's sub-type or ``None``.

    Keywords and vetoes are compared on normalized text (full-width folded, ASCII lower-case),
    as titles are normalized before they are read.
    """

    keywords: Mapping[str, str]
    vetoes: tuple[str, ...] = ()
    _cache: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> TitleRules:
        """The rules of a lexicon: every sub-type's ``title_keywords``; those of ``other`` are vetoes.

        A keyword listed under two sub-types is ambiguous and is dropped.
        """
        owners: dict[str, set[str]] = {}
        for entry in lexicon.subtypes.values():
            for word in entry.title_keywords:
                owners.setdefault(normalize_term(word), set()).add(entry.id)
        keywords = {w: next(iter(ids)) for w, ids in owners.items() if len(ids) == 1 and "other" not in ids}
        vetoes = tuple(sorted(w for w, ids in owners.items() if "other" in ids))
        return cls(dict(sorted(keywords.items())), vetoes)

    @cached_property
    def _keyword_re(self) -> re.Pattern[str] | None:
        return _alternation(list(self.keywords))

    @cached_property
    def _veto_re(self) -> re.Pattern[str] | None:
        return _alternation(list(self.vetoes))

    def read_normalized(self, title: str) -> str | None:
        """``read`` for a title already normalized (what ``Doc.title`` holds)."""
        try:
            return self._cache[title]
        except KeyError:
            pass
        found = self._read(title)
        if len(self._cache) < 100_000:  # titles repeat a lot on a real board
            self._cache[title] = found
        return found

    def _read(self, title: str) -> str | None:
        if self._keyword_re is None:
            return None
        hits = [m.span() for m in self._keyword_re.finditer(title)]
        if self._veto_re is not None and any(
            not any(a <= v.start() and v.end() <= b for a, b in hits) for v in self._veto_re.finditer(title)
        ):
            return None
        directions, others = _spans(title)
        in_direction = [h for h in hits if _inside(h[0], directions)]
        if not in_direction:
            direction = self._bare_direction(title, directions)
            if direction is not None:
                return direction
        outside = [h for h in hits if not _inside(h[0], others)]
        chosen = in_direction or outside or hits
        return self.keywords[title[slice(*chosen[-1])]] if chosen else None

    def _bare_direction(self, title: str, directions: Sequence[tuple[int, int]]) -> str | None:
        """The sub-type of a bracketed direction without the word 运营 (数据方向 -> 数据运营)."""
        for a, b in reversed(directions):
            word = title[a + 1 : b - 1].replace(_DIRECTION, "").strip()
            if not word or _DIRECTION_SEPARATORS.search(word) or word.endswith(_OPERATIONS):
                continue
            found = self.keywords.get(word + _OPERATIONS)
            if found is not None:
                return found
        return None

    def read(self, title: str | None) -> str | None:
        """The sub-type ``title`` names unambiguously, or ``None``."""
        return self.read_normalized(normalize(title).text.strip()) if title else None


def apply_title_rule(
    proba: np.ndarray, classes: Sequence[str] | np.ndarray, readings: Sequence[str | None], confidence: float
) -> np.ndarray:
    """Give each row's title reading the weight ``confidence``; rows read as ``None`` are kept.

    ``p' = (1 - confidence) * p + confidence * [s == reading]``: with ``confidence`` above one
    half the title's sub-type wins, and the description's ranking of the rest is kept for
    ``top_subtypes``.

    >>> apply_title_rule(np.array([[0.6, 0.4], [0.6, 0.4]]), ["a", "b"], ["b", None], 0.9).round(2).tolist()
    [[0.06, 0.94], [0.6, 0.4]]
    """
    index = {str(c): i for i, c in enumerate(classes)}
    rows = [(i, index[r]) for i, r in enumerate(readings) if r is not None and r in index]
    if not rows:
        return proba
    out: np.ndarray = proba.copy()
    at, col = np.array(rows).T
    out[at] *= 1.0 - confidence
    out[at, col] += confidence
    return out

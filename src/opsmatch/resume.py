"""Résumés: read them (text, Markdown, ``.docx``, ``.pdf``), find their parts, weigh their evidence.

A résumé is not a posting. Its parts (教育背景, 工作经历, 项目经历, 技能证书, 自我评价 …) say
what kind of claim a word is: ``SQL`` in 工作经历 is work done, in 自我评价 it is self-praise,
in 求职意向 a wish. Competency evidence is found by the posting analyzer
(``Analyzer.analyze``: spans into the original text) and then re-assigned to résumé parts by
its offsets; the posting's cues (优先, 加分, 了解) do not apply.

Each piece of evidence carries a weight: ``PART_WEIGHTS[part]`` (work and projects 1.0, a
self-evaluation 0.3 …; × 0.6 under a campus heading such as 校园经历) times ``TRAIT_FACTOR`` for
traits (matches of strength ``"implied"``) times the lexicon weight; a part's own heading is
no evidence. A competency is *shown* when some evidence that is not a trait stands
in a part of ``EVIDENCE_PARTS`` (work, projects, skills, awards) — or anywhere, when the résumé
has no part headings at all. Its score is ``1 - exp(-Σ w / 1.5)`` over its distinct terms (the
strongest occurrence of each), the same diminishing returns as a posting's score.

>>> r = parse_resume("工作经历\\n负责社群运营，用SQL做用户分层\\n自我评价\\n文笔好")
>>> r.part_kinds
('work', 'summary')
>>> r.competencies["data_analysis"].shown, r.competencies["copywriting"].shown
(True, False)
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from opsmatch.errors import InputError
from opsmatch.results import Match, PostingAnalysis

if TYPE_CHECKING:
    from opsmatch.analyzer import Analyzer

__all__ = [
    "CAMPUS_FACTOR",
    "EVIDENCE_PARTS",
    "PART_WEIGHTS",
    "RESUME_PARTS",
    "TRAIT_FACTOR",
    "Resume",
    "ResumeCompetency",
    "ResumeEvidence",
    "ResumePart",
    "experience_years",
    "parse_resume",
    "read_resume",
    "read_resume_text",
    "split_parts",
]

RESUME_PARTS: dict[str, str] = {
    "profile": "基本信息",
    "objective": "求职意向",
    "education": "教育背景",
    "work": "工作经历",
    "projects": "项目经历",
    "skills": "技能证书",
    "awards": "获奖荣誉",
    "summary": "自我评价",
    "other": "其他",
}
"""Résumé part id -> Chinese label. ``other`` is text under no heading (name and contacts)."""

PART_WEIGHTS: dict[str, float] = {
    "work": 1.0,
    "projects": 1.0,
    "skills": 1.0,
    "awards": 0.6,
    "education": 0.5,
    "other": 0.5,
    "summary": 0.3,
    "objective": 0.25,
    "profile": 0.25,
}
"""How much a word counts by where it stands: work done counts fully, self-praise little."""

CAMPUS_FACTOR = 0.6
"""Weight factor of parts under a campus heading (校园经历, 社团经历, 学生工作 …): done, but not as work."""
_CAMPUS = ("校园", "在校", "社团", "学生", "社会实践")

EVIDENCE_PARTS = frozenset({"work", "projects", "skills", "awards"})
"""Parts whose evidence shows a competency: what the person did or has, not what they say of themselves."""

TRAIT_FACTOR = 0.25
"""Weight factor of a trait (a match of strength ``"implied"``, e.g. 执行力): it never shows a competency alone."""

SATURATION = 1.5

# Heading words per part. Long ones may also open a line with inline content ("求职意向：运营").
_HEADINGS: dict[str, tuple[str, ...]] = {
    "profile": ("基本信息", "个人信息", "个人资料", "联系方式", "个人概况", "基本资料"),
    "objective": ("求职意向", "求职目标", "期望职位", "应聘职位", "意向岗位", "职业目标", "期望工作", "求职方向",
                  "应聘岗位", "目标职位", "目标岗位", "期望岗位", "期望从事职业"),
    "education": ("教育背景", "教育经历", "学历背景", "教育情况", "学习经历", "教育"),
    "work": ("工作经历", "工作经验", "实习经历", "实习经验", "工作履历", "职业经历", "任职经历", "工作背景",
             "工作及实习经历", "实习与工作经历", "工作与实习经历", "从业经历", "实习"),
    "projects": ("项目经历", "项目经验", "校园经历", "在校经历", "社团经历", "学生工作", "校园实践", "社会实践",
                 "实践经历", "主要项目", "项目与作品", "作品集", "代表作品", "校园活动", "项目"),
    "skills": ("技能证书", "专业技能", "技能特长", "职业技能", "个人技能", "技能与证书", "证书与技能", "资格证书",
               "语言能力", "掌握技能", "技能", "证书", "技能/证书", "语言与技能"),
    "awards": ("获奖情况", "获奖经历", "荣誉奖项", "所获荣誉", "荣誉证书", "奖项荣誉", "获奖荣誉", "荣誉与奖项", "荣誉"),
    "summary": ("自我评价", "个人评价", "自我介绍", "个人优势", "个人总结", "自我描述", "个人简介", "关于我",
                "兴趣爱好", "自我认知"),
}  # fmt: skip
_ENGLISH: dict[str, tuple[str, ...]] = {
    "profile": ("profile", "personal information", "contact"),
    "objective": ("objective", "career objective", "job objective"),
    "education": ("education",),
    "work": ("work experience", "experience", "professional experience", "employment", "internship", "internships"),
    "projects": ("projects", "project experience"),
    "skills": ("skills", "certificates", "certifications", "skills & certificates"),
    "awards": ("awards", "honors", "honours"),
    "summary": ("summary", "about me", "self-evaluation", "self evaluation"),
}
_WORD_KIND = {w: kind for kind, words in _HEADINGS.items() for w in words}
_ENGLISH_KIND = {w: kind for kind, words in _ENGLISH.items() for w in words}
_BY_LENGTH = sorted(_WORD_KIND, key=len, reverse=True)
_LEAD = re.compile(r"^[\s#>*_|■□●◆◇▌▍▎▶►•·\-—=~【\[「『〔]*(?:[一二三四五六七八九十]{1,2}[、.．]|\d{1,2}[、.．)]|[(（][一二三四五六七八九十\d]{1,2}[)）])?[\s*_【\[「『〔]*")  # fmt: skip
_TRAIL = re.compile(r"[\s#*_】\]」』〕:：|/\-—=~]*$")
_INLINE_MIN = 4  # heading words this long may carry content on their line ("求职意向：运营")
_MAX_HEADING = 40
_ASCII_REST = re.compile(r"^[\sA-Za-z&/|()（）\-:：]*$")


@dataclass(frozen=True)
class ResumePart:
    """A run ``[start, end)`` of the ORIGINAL résumé text belonging to one part (a key of ``RESUME_PARTS``)."""

    kind: str
    start: int
    end: int
    heading: str = ""
    body_start: int = -1  # where the text after the heading begins (-1: at ``start``)

    @property
    def body(self) -> int:
        """The first offset after the heading (the heading's own words are no evidence)."""
        return self.start if self.body_start < 0 else self.body_start

    @property
    def label(self) -> str:
        """The Chinese label of the part."""
        return RESUME_PARTS.get(self.kind, self.kind)

    @property
    def weight(self) -> float:
        """How much a word here counts: ``PART_WEIGHTS`` of its kind, × ``CAMPUS_FACTOR`` under a campus heading."""
        campus = CAMPUS_FACTOR if any(w in self.heading for w in _CAMPUS) else 1.0
        return PART_WEIGHTS.get(self.kind, 0.5) * campus


def _heading(line: str) -> tuple[str, str, int] | None:
    """``(kind, heading word, length of the heading)`` when ``line`` is a part heading, else ``None``.

    The length is the whole line for a heading alone on its line, or up to the colon for
    ``求职意向：运营`` (what follows is the part's text).
    """
    if len(line) > 200:
        return None
    text = unicodedata.normalize("NFKC", line).strip()
    if not text:
        return None
    body = _LEAD.sub("", text, count=1)
    bare = _TRAIL.sub("", body)
    if not bare or len(bare) > _MAX_HEADING:
        return None
    if bare in _WORD_KIND:
        return _WORD_KIND[bare], bare, len(line)
    low = bare.lower()
    if low in _ENGLISH_KIND:
        return _ENGLISH_KIND[low], bare, len(line)
    for word in _BY_LENGTH:
        if not bare.startswith(word):
            continue
        rest = bare[len(word) :]
        if _ASCII_REST.match(rest) and (rest.strip(" /|-—:：()（）") == "" or rest[:1] in " /|(（"):
            return _WORD_KIND[word], word, len(line)  # "工作经历 Work Experience", "教育背景 / Education"
        if len(word) >= _INLINE_MIN and re.match(r"^[\s*_】\]」』〕]*[:：]", rest):
            colon = min(i for i in (line.find(":"), line.find("："), line.find("\uff1a")) if i >= 0)
            return _WORD_KIND[word], word, colon + 1  # "求职意向：市场推广"
        return None
    return None


def split_parts(text: str) -> tuple[ResumePart, ...]:
    """Cover ``text`` with its parts, in order; text under no heading is ``other``.

    Headings are lines naming a part (教育背景, ``## 工作经历``, 【技能证书】, ``Education``), or
    lines opening with a long part name and a colon (``求职意向：运营``). Company names and job
    titles inside a part never start one.

    >>> [(p.kind, p.heading) for p in split_parts("李雷\\n## 实习经历\\n某公司\\n【技能证书】\\nSQL")]
    [('other', ''), ('work', '实习经历'), ('skills', '技能证书')]
    """
    cuts: list[tuple[int, str, str, int]] = [(0, "other", "", 0)]
    pos = 0
    for line in text.splitlines(keepends=True):
        found = _heading(line)
        if found is not None:
            cuts.append((pos, found[0], found[1], found[2]))
        pos += len(line)
    parts: list[ResumePart] = []
    for (start, kind, word, length), (end, _, _, _) in zip(cuts, [*cuts[1:], (len(text), "", "", 0)]):
        if end > start:
            parts.append(ResumePart(kind, start, end, word, min(start + length, end) if word else -1))
    return tuple(parts) or (ResumePart("other", 0, len(text)),)


# -- evidence -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ResumeEvidence:
    """A match in the résumé, the part it stands in, and how much it counts (``weight``)."""

    match: Match
    part: str
    weight: float

    @property
    def term(self) -> str:
        """The words as written in the résumé (``resume.text[start:end]``)."""
        return self.match.term

    @property
    def canonical(self) -> str:
        """The lexicon's name for the term."""
        return self.match.canonical

    @property
    def start(self) -> int:
        """Offset in the original résumé text."""
        return self.match.start

    @property
    def end(self) -> int:
        """End offset in the original résumé text."""
        return self.match.end

    @property
    def is_trait(self) -> bool:
        """A trait (执行力, 有创意 …): it leans towards a competency without showing it."""
        return self.match.strength == "implied"

    @property
    def counts(self) -> bool:
        """Whether this evidence shows the competency: not a trait, in work / projects / skills / awards."""
        return not self.is_trait and self.part in EVIDENCE_PARTS


@dataclass(frozen=True)
class ResumeCompetency:
    """What the résumé shows of one competency: its score, its evidence, whether it is shown."""

    id: str
    label: str
    score: float
    evidence: tuple[ResumeEvidence, ...] = ()

    @property
    def shown(self) -> bool:
        """Evidence of work done or skills held, not only self-praise, wishes or traits."""
        return any(e.counts for e in self.evidence)

    @property
    def terms(self) -> tuple[str, ...]:
        """Canonical names of the evidence, in order of appearance."""
        return tuple(e.canonical for e in self.evidence)


@dataclass(frozen=True)
class Resume:
    """A résumé read by opsmatch: its text, parts, evidence per competency, role words and years.

    ``analysis`` is the posting analyzer's result on the résumé text (spans, sub-type
    probabilities); ``competencies`` re-weighs its evidence by résumé part.
    """

    text: str
    parts: tuple[ResumePart, ...]
    analysis: PostingAnalysis
    competencies: Mapping[str, ResumeCompetency]
    roles: tuple[ResumeEvidence, ...] = ()
    years: float | None = None
    source: str | None = None
    _credit: Mapping[str, float] = field(default_factory=dict, repr=False, compare=False)
    _cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # per-résumé look-ups

    @property
    def part_kinds(self) -> tuple[str, ...]:
        """The kinds of the parts under a heading, in order of first appearance."""
        return tuple(dict.fromkeys(p.kind for p in self.parts if p.kind != "other"))

    def part_at(self, pos: int) -> str:
        """The part kind holding offset ``pos`` of the text (``"heading"`` on a part's heading)."""
        return _part_at(self.parts, pos)

    def credit(self, canonical: str, forms: Sequence[str] = ()) -> float:
        """How much the résumé shows a term: the weight of the best part holding it, 0 if absent.

        The term is found as a match of the analyzer (``canonical``) or as one of the words
        ``forms`` written in the résumé (私域 inside 私域社群运营, where the analyzer took the
        longer term); ASCII words only between non-letters.
        """
        best = self._credit.get(canonical.casefold(), 0.0)
        for form in forms:
            best = max(best, self._form_credit(form))
        return best

    def _form_credit(self, form: str) -> float:
        """The best part weight of the written word ``form`` (-1 when absent), computed once per word."""
        memo = self._cache.setdefault("forms", {})
        assert isinstance(memo, dict)
        key = form.casefold()
        if key not in memo:
            folded = self._cache.get("folded")
            if not isinstance(folded, str):
                folded = self._cache["folded"] = self.text.casefold()
            headless = all(p.kind == "other" for p in self.parts)
            best = -1.0
            for pos in _occurrences(folded, key):
                part, weight = _credit(self.parts, pos, headless)
                if part != "heading":
                    best = max(best, weight)
            memo[key] = best
        value = memo[key]
        assert isinstance(value, float)
        return value

    def has_term(self, canonical: str, forms: Sequence[str] = ()) -> bool:
        """Whether the term appears anywhere in the résumé (see ``credit``)."""
        return canonical.casefold() in self._credit or any(self._form_credit(f) >= 0 for f in forms)

    def __repr__(self) -> str:
        shown = ",".join(cid for cid, c in self.competencies.items() if c.shown) or "-"
        name = self.source or (self.text[:16].replace("\n", " ") + ("…" if len(self.text) > 16 else ""))
        return f"Resume({name!r}, parts={list(self.part_kinds)}, shown={shown})"


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Offsets of ``word`` in ``text``; an ASCII word only where no ASCII letter or digit touches it."""
    if not word:
        return
    ascii_word = word.isascii()
    pos = text.find(word)
    while pos >= 0:
        end = pos + len(word)
        if not ascii_word or (
            (pos == 0 or not (text[pos - 1].isascii() and text[pos - 1].isalnum()))
            and (end >= len(text) or not (text[end].isascii() and text[end].isalnum()))
        ):
            yield pos
        pos = text.find(word, pos + 1)


def _part_at(parts: Sequence[ResumePart], pos: int) -> str:
    """The kind of the part holding ``pos``; ``"heading"`` on a part's heading itself."""
    found = _part_holding(parts, pos)
    if found is None:
        return "other"
    return "heading" if pos < found.body else found.kind


def _part_holding(parts: Sequence[ResumePart], pos: int) -> ResumePart | None:
    for p in parts:
        if p.start <= pos < p.end:
            return p
    return parts[-1] if parts else None


def _credit(parts: Sequence[ResumePart], pos: int, headless: bool) -> tuple[str, float]:
    """The part kind at ``pos`` and the weight of a word there (0 on a heading; 1 everywhere when headless)."""
    if headless:
        return "work", 1.0
    found = _part_holding(parts, pos)
    if found is None:
        return "other", PART_WEIGHTS["other"]
    if pos < found.body:
        return "heading", 0.0
    return found.kind, found.weight


def _weigh(match: Match, base: float) -> float:
    trait = TRAIT_FACTOR if match.strength == "implied" else 1.0
    return base * trait * match.weight


def _score(evidence: Sequence[ResumeEvidence]) -> float:
    best: dict[str, float] = {}
    for e in evidence:
        best[e.canonical] = max(best.get(e.canonical, 0.0), e.weight)
    return 1.0 - math.exp(-sum(best.values()) / SATURATION)


def parse_resume(
    text: str,
    analyzer: Analyzer | None = None,
    *,
    source: str | None = None,
    today: date | None = None,
) -> Resume:
    """Read a résumé given as text (plain or Markdown): parts, evidence, role words, years of work.

    >>> r = parse_resume("## 工作经历\\n2020.01 - 2022.01 某公司 用户运营\\n## 技能\\nExcel")
    >>> r.years, r.competencies["data_analysis"].terms
    (2.0, ('Excel',))
    """
    if not isinstance(text, str):
        raise TypeError(f"a résumé text must be a str, got {type(text).__name__}")
    if analyzer is None:
        from opsmatch.analyzer import default_analyzer

        analyzer = default_analyzer()
    analysis = analyzer.analyze(text)
    parts = split_parts(text)
    headless = all(p.kind == "other" for p in parts)
    by_comp: dict[str, list[ResumeEvidence]] = {cid: [] for cid in analysis.competencies}
    roles: list[ResumeEvidence] = []
    credit: dict[str, float] = {}
    for m in analysis.matches:
        part, base = _credit(parts, m.start, headless)
        if part == "heading":
            continue
        ev = ResumeEvidence(m, part, _weigh(m, base))
        key = m.canonical.casefold()
        if m.strength != "implied":
            credit[key] = max(credit.get(key, 0.0), ev.weight / max(m.weight, 1e-9))
        if m.category in by_comp:
            by_comp[m.category].append(ev)
        else:
            roles.append(ev)
    competencies = {
        cid: ResumeCompetency(cid, comp.label, _score(by_comp[cid]), tuple(by_comp[cid]))
        for cid, comp in analysis.competencies.items()
    }
    return Resume(
        text, parts, analysis, competencies, tuple(roles), experience_years(text, parts, today), source, credit
    )


# -- years of work ------------------------------------------------------------------------
_DATE = r"((?:19|20)\d{2})\s*(?:[./\-年]\s*(\d{1,2})\s*月?)?"
_RANGE = re.compile(
    _DATE + r"\s*(?:[-–—~～至到]+|\bto\b)\s*(?:" + _DATE + r"|(至今|现在|今|目前|present|now))",
    re.IGNORECASE,
)


def _month(year: str, month: str | None) -> int:
    """A date as a month count; a missing or impossible month reads as January."""
    m = int(month) if month and 1 <= int(month) <= 12 else 1
    return int(year) * 12 + m - 1


def experience_years(text: str, parts: Sequence[ResumePart] | None = None, today: date | None = None) -> float | None:
    """Years of work: the union of the date ranges in the 工作经历 parts (internships count half).

    ``至今`` is ``today``. ``None`` when no work part holds a date range.

    >>> experience_years("工作经历\\n2019.07 - 2021.07 A公司\\n2021.07-2022.01 B公司")
    2.5
    """
    parts = split_parts(text) if parts is None else parts
    today = today or date.today()
    spans: list[tuple[int, int, float]] = []
    for p in parts:
        if p.kind != "work":
            continue
        factor = 0.5 if "实习" in p.heading or "intern" in p.heading.lower() else 1.0
        for m in _RANGE.finditer(text, p.start, p.end):
            y1, m1, y2, m2, now = m.groups()
            start = _month(y1, m1)
            end = _month(str(today.year), str(today.month)) if now else _month(y2, m2 or m1)
            if end > start:
                spans.append((start, end, factor))
    if not spans:
        return None
    covered: dict[int, float] = {}  # month -> factor (overlapping jobs count once)
    for start, end, factor in spans:
        for month in range(start, min(end, start + 12 * 60)):
            covered[month] = max(covered.get(month, 0.0), factor)
    return round(sum(covered.values()) / 12, 2)


# -- files --------------------------------------------------------------------------------
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ""})


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot be read as text (unknown encoding)")
    return str(best)


def _docx_text(path: Path) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(f"{path}: reading .docx résumés needs python-docx: pip install 'opsmatch[resume]'") from exc
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise InputError(f"{path}: cannot be read as .docx ({type(exc).__name__}: {exc})") from exc
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells))  # merged cells repeat
                lines.extend(c for c in cells if c)
    return "\n".join(lines)


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(f"{path}: reading .pdf résumés needs pypdf: pip install 'opsmatch[resume]'") from exc
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{path}: is an encrypted PDF")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{path}: cannot be read as PDF ({type(exc).__name__}: {exc})") from exc
    if not text.strip():
        raise InputError(f"{path}: the PDF holds no extractable text (a scanned image?)")
    return text


def read_resume_text(path: str | PathLike[str]) -> str:
    """The text of a résumé file: ``.txt`` / ``.md`` (UTF-8, UTF-8 BOM, GBK / GB18030), ``.docx``, ``.pdf``.

    ``.docx`` and ``.pdf`` need the ``resume`` extra (python-docx, pypdf). Problems raise
    ``InputError`` with one line naming the file.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".docx":
        return _docx_text(p)
    if suffix == ".pdf":
        return _pdf_text(p)
    if suffix == ".doc":
        raise InputError(f"{p}: old Word .doc files cannot be read; save it as .docx or .pdf")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from exc
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{p}: is a binary file, not a text, .docx or .pdf résumé")
    return _decode(data, str(p))


def read_resume(path: str | PathLike[str], analyzer: Analyzer | None = None, *, today: date | None = None) -> Resume:
    """Read a résumé file (see ``read_resume_text``) into a ``Resume``.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "cv.md"
    >>> _ = f.write_text("## 技能证书\\nSQL、Python", encoding="utf-8")
    >>> read_resume(f).competencies["data_analysis"].terms
    ('SQL', 'Python')
    """
    text = read_resume_text(path)
    if not text.strip():
        raise InputError(f"{path}: the résumé is empty")
    return parse_resume(text, analyzer, source=str(path), today=today)

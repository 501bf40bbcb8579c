"""The HTML display of a PostingAnalysis: escaped, well formed, every match highlighted."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opsmatch import display
from opsmatch.analyzer import Analyzer
from opsmatch.results import CompetencyScore, Match, PostingAnalysis
from opsmatch.taxonomy import COMPETENCIES

VOID = {"br", "img", "hr", "meta", "input", "link", "wbr"}

TRICKY = (
    "岗位职责：\n1. 负责小红书种草文案 🚀✨，通过数据和用户行为分析优化转化；\n"
    "2. 输出 <script>alert('x')</script> 竞品分析报告 &amp; &lt;b&gt;周报&lt;/b&gt; \"引号\"\n"
    "任职要求：熟练使用SQL、Excel，会Pythom者优先；有项目管理经验 👍\n"
    "公司介绍：我们是一家数据分析驱动的公司 <img src=x onerror=alert(1)>"
)


class _Checker(HTMLParser):
    """Checks that tags nest and close; collects the text and the ``<mark>`` titles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.marks: list[dict[str, str | None]] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "mark":
            self.marks.append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check(fragment: str) -> _Checker:
    parser = _Checker()
    parser.feed(fragment)
    parser.close()
    assert parser.errors == [], parser.errors
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def posting(text: str, matches: list[Match]) -> PostingAnalysis:
    comps = {
        cid: CompetencyScore(cid, label, 0.5, tuple(m for m in matches if m.category == cid))
        for cid, label in COMPETENCIES.items()
    }
    return PostingAnalysis(text, None, comps, tuple(matches))


def test_script_and_entities_show_as_text(analyzer: Analyzer) -> None:
    a = analyzer.analyze(TRICKY, title="新媒体运营 <i>急招</i>")
    page = a._repr_html_()
    parsed = check(page)
    assert "<script" not in page and "<img" not in page and "<i>" not in page
    assert set(parsed.tags) <= {"div", "span", "b", "table", "tr", "td", "mark", "br"}
    shown = "".join(parsed.text)
    assert "<script>alert('x')</script>" in shown
    assert "&amp; &lt;b&gt;周报&lt;/b&gt;" in shown  # entities in the posting stay literally as written
    assert "🚀✨" in shown and "👍" in shown
    assert "新媒体运营 <i>急招</i>" in shown


def test_highlight_keeps_the_text_exactly(analyzer: Analyzer) -> None:
    a = analyzer.analyze(TRICKY)
    assert "".join(check(display.highlight_html(a)).text) == TRICKY


def test_every_evidence_match_is_highlighted_with_term_and_strength(analyzer: Analyzer) -> None:
    a = analyzer.analyze(TRICKY)
    marks = check(display.highlight_html(a)).marks
    titles = [m["title"] or "" for m in marks]
    for comp in a.competencies.values():
        for m in comp.evidence:
            strength = "必备" if m.strength == "required" else "加分"
            assert any(comp.label in t and m.canonical in t and strength in t for t in titles), (m, titles)
    pythom = next(m for m in marks if "Pythom → Python" in (m["title"] or ""))
    assert pythom["data-strength"] == "preferred" and "dashed" in (pythom["style"] or "")
    sql = next(m for m in marks if " · SQL · " in (m["title"] or ""))
    assert "solid" in (sql["style"] or "") and display.COMPETENCY_COLORS["data_analysis"] in (sql["style"] or "")
    boiler = [m for m in marks if "不计分" in (m["title"] or "")]
    assert boiler and all("dotted" in (m["style"] or "") for m in boiler)  # 公司介绍 mention does not count


def test_nested_evidence_nests_cleanly() -> None:
    """A pattern match (数据…分析) around an exact one (用户行为分析), as the matcher produces them."""
    text = "负责通过数据和用户行为分析优化转化"
    outer = Match("数据和用户行为分析", "数据分析", "data_analysis", 4, 13, kind="pattern")
    inner = Match("用户行为分析", "用户行为分析", "user_insight", 7, 13)
    out = display.highlight_html(posting(text, [outer, inner]))
    parsed = check(out)
    assert "".join(parsed.text) == text
    first, second = out.index('data-category="data_analysis"'), out.index('data-category="user_insight"')
    assert first < second < out.index("</mark>")  # the inner span is a child of the outer one
    assert out.endswith("</mark></mark>优化转化")
    pads = [int(re.search(r"padding:0 1px (\d+)px", m["style"] or "").group(1)) for m in parsed.marks]  # type: ignore[union-attr]
    assert pads[0] > pads[1]  # the outer underline sits below the inner one


def test_crossing_spans_never_break_tags() -> None:
    text = "ABCDEFGHIJ"
    matches = [
        Match("ABCDE", "x", "data_analysis", 0, 5),
        Match("DEFGH", "y", "copywriting", 3, 8, strength="preferred"),
        Match("CD", "z", "user_insight", 2, 4),
        Match("ABCDE", "x2", "market_analysis", 0, 5),
        Match("J", "w", "content_ops", 9, 10),
        Match("?", "bad", "data_analysis", 7, 7),
        Match("?", "past", "project_management", 8, 40),
    ]
    out = display.highlight_html(posting(text, matches))
    parsed = check(out)
    assert "".join(parsed.text) == text
    cats = [m["data-category"] for m in parsed.marks]
    assert {
        "data_analysis",
        "copywriting",
        "user_insight",
        "market_analysis",
        "content_ops",
        "project_management",
    } <= set(cats)
    # the crossing copywriting span keeps only its part after the earlier, longer span
    cut = re.search(r'data-category="copywriting"[^>]*>([^<]*)<', out)
    assert cut is not None and cut.group(1) == "FGH"


spans = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.sampled_from([*COMPETENCIES, "user_ops"])), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=30), raw=spans)
def test_any_spans_give_well_formed_html_with_the_same_text(text: str, raw: list[tuple[int, int, str]]) -> None:
    matches = [Match(text[s:e], text[s:e], cat, s, e) for s, e, cat in raw]
    out = display.highlight_html(posting(text, matches))
    out.encode("utf-8")  # lone surrogates and control characters never reach the page
    assert "".join(check(out).text) == display._UNSAFE.sub("\ufffd", text)


def test_card_shows_subtype_scores_and_legend(analyzer: Analyzer) -> None:
    a = analyzer.analyze("熟练使用SQL、Excel，负责公众号文案撰写", title="新媒体运营")
    page = display.to_html(a)
    shown = "".join(check(page).text)
    assert a.subtype_label is not None and a.subtype_label in shown
    for label in COMPETENCIES.values():
        assert label in shown
    assert "必备 required" in shown and "加分 preferred" in shown
    assert f"{a.competencies['data_analysis'].score:.2f}" in shown
    assert page == a._repr_html_()


def test_card_without_classifier(bare_analyzer: Analyzer) -> None:
    page = bare_analyzer.analyze("熟练使用SQL")._repr_html_()
    assert "no classifier" in page
    check(page)


def test_colours_for_unknown_competencies() -> None:
    colors = display.competency_colors(["data_analysis", "a", "b"])
    assert colors["data_analysis"] == display.COMPETENCY_COLORS["data_analysis"]
    assert colors["a"] != colors["b"]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x07 SQL \ud800"])
def test_odd_texts(text: str) -> None:
    a = posting(text, [Match("SQL", "SQL", "data_analysis", 5, 8)] if "SQL" in text else [])
    page = display.to_html(a)
    page.encode("utf-8")
    check(page)

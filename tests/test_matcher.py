from functools import lru_cache

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from opsmatch.matcher import Matcher, strength_of


def evidence(result, cid):
    return {m.canonical: m for m in result.competencies[cid].evidence}


def test_spans_point_into_original_text(bare_analyzer):
    text = "<li>熟练使用ＳＱＬ、Ｅｘｃｅｌ&amp;Tableau</li>，有A/B测试经验"
    a = bare_analyzer.analyze(text)
    assert a.matches
    for m in a.matches:
        assert text[m.start : m.end] == m.term
    ev = evidence(a, "data_analysis")
    assert {"SQL", "Excel", "Tableau", "A/B测试"} <= set(ev)
    assert ev["SQL"].term == "ＳＱＬ"


def test_pythom_is_fuzzy_python(bare_analyzer):
    a = bare_analyzer.analyze("建议掌握SPSS、Pythom、SQL等数据分析工具")
    ev = evidence(a, "data_analysis")
    assert ev["Python"].kind == "fuzzy" and ev["Python"].term == "Pythom"
    assert ev["SPSS"].kind == "exact"


def test_fuzzy_keeps_short_and_unrelated_words_exact(bare_analyzer):
    a = bare_analyzer.analyze("会用table整理资料，熟悉sqls和pyth")
    assert not [m for m in a.matches if m.kind == "fuzzy"]


@pytest.mark.parametrize("text", ["负责R&D项目的CEO助理", "CRM系统维护", "PSD文件整理", "WPS办公"])
def test_no_single_letter_false_positives(bare_analyzer, text):
    a = bare_analyzer.analyze(text)
    assert all(m.term.lower() not in {"r", "c", "ps", "ai"} for m in a.matches), a.matches


def test_short_ascii_terms_match_as_words(bare_analyzer):
    a = bare_analyzer.analyze("关注UV、PV和CPS转化")
    canon = {m.term for m in a.matches}
    assert {"UV", "PV"} <= canon and "PS" not in canon


def test_slash_terms_matched_on_raw_text(bare_analyzer):
    a = bare_analyzer.analyze("负责SEO/SEM账户优化，熟悉Power BI")
    canon = {m.canonical for m in a.matches}
    assert "Power BI" in canon
    assert any(m.category == "seo_sem" for m in a.matches)


def test_longest_match_wins_and_synonyms_fold(bare_analyzer):
    a = bare_analyzer.analyze("做过竞品分析，也做竞对分析和竞争对手分析")
    ev = bare_analyzer.analyze("做过竞品分析").competencies["market_analysis"].evidence
    assert [m.canonical for m in ev] == ["竞品分析"]
    market = a.competencies["market_analysis"]
    assert market.terms.count("竞品分析") == 1  # three spellings, one skill
    assert sum(m.canonical == "竞品分析" for m in a.matches) == 3  # but every span is kept


def test_strength_from_cues_and_sections(bare_analyzer):
    a = bare_analyzer.analyze("任职要求：\n1、精通Excel；\n2、有SQL经验者优先；\n3、了解Python\n加分项：\n会Tableau")
    ev = evidence(a, "data_analysis")
    assert ev["Excel"].strength == "required" and ev["Excel"].section == "requirements"
    assert ev["SQL"].strength == "preferred"
    assert ev["Python"].strength == "preferred"
    assert ev["Tableau"].strength == "preferred" and ev["Tableau"].section == "bonus"


def test_preference_cue_does_not_leak_across_segments():
    text = "熟练使用sql、excel，有电商经验者优先"
    assert strength_of(text, text.index("excel"), text.index("excel") + 5, "other") == "required"
    assert strength_of("优先级高的任务熟悉sql", 9, 12, "other") == "required"


def test_boilerplate_is_not_evidence(bare_analyzer):
    a = bare_analyzer.analyze("岗位职责：\n负责活动执行\n福利待遇：\n免费数据分析培训、文案写作课程")
    assert not a.competencies["data_analysis"].evidence
    assert any(m.canonical == "数据分析" and m.section == "benefits" for m in a.matches)


def test_patterns_catch_words_apart(bare_analyzer):
    a = bare_analyzer.analyze("对活动数据及用户行为的监控和反馈跟踪")
    kinds = {(m.category, m.kind) for m in a.matches}
    assert ("data_analysis", "pattern") in kinds
    assert a.competencies["user_insight"].asked  # the overlapping 用户行为 still counts
    for m in a.matches:
        assert a.text[m.start : m.end] == m.term


def test_pattern_not_added_where_a_term_of_its_competency_stands(bare_analyzer):
    a = bare_analyzer.analyze("熟悉数据分析")
    assert [m.kind for m in a.matches if m.category == "data_analysis"] == ["exact"]


def test_bad_pattern_named_in_lexicon_check(tmp_path):
    from opsmatch.lexicon import check_lexicon

    (tmp_path / "x.toml").write_text(
        '[competency]\nid = "x"\nlabel = "x"\n[[term]]\nname = "a"\naliases = ["b"]\npatterns = ["(unclosed"]\n',
        encoding="utf-8",
    )
    problems = check_lexicon(tmp_path)
    assert any(
        p.file == "x.toml" and "'a'" in p.entry and "not a valid regular expression" in p.message for p in problems
    )


def test_pattern_still_counts_when_the_term_is_only_in_boilerplate(bare_analyzer):
    text = "岗位职责：通过数据和用户行为分析优化转化。\n公司介绍：我们是一家数据分析驱动的公司"
    a = bare_analyzer.analyze(text)
    assert a.competencies["data_analysis"].asked


def test_a_university_major_is_not_a_competency(bare_analyzer):
    a = bare_analyzer.analyze("任职要求：本科，专业优先：金融、市场营销")
    assert not a.competencies["market_analysis"].asked


# the anchored pattern search must find exactly what scanning each clause with finditer finds
_PIECES = [
    "数据",
    "分析",
    "撰写",
    "文案",
    "项目",
    "推进",
    "用户",
    "需求",
    "行业",
    "研究",
    "，",
    "。",
    "、",
    "\n",
    "的",
    "a",
    "和",
    " ",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
@example("数据分析数据分析，项目推进项目推进")
@example("数据、分析。数据的分析")
@settings(max_examples=300)
def test_anchored_shipped_patterns_equal_finditer(text):
    from opsmatch.matcher.patterns import matches_in_clauses, matches_within_reach, pattern_clauses, reference_matches

    matcher = _default_matcher()
    places = matcher.patterns.starts(text)
    stops = pattern_clauses(text)
    for i, (regex, _) in enumerate(matcher.patterns.patterns):
        got = matches_in_clauses(regex, text, None if matcher.patterns.scanned[i] else places.get(i, []), stops)
        assert got == reference_matches(regex, text), regex.pattern
        reach = matcher.patterns._reach[i]
        if reach is not None and not matcher.patterns.scanned[i]:
            assert matches_within_reach(regex, text, places.get(i, []), reach) == got


# generated patterns: literals, groups, classes, bounded gaps, optional parts and top-level "|"
_ATOMS = st.sampled_from(
    ["数据", "分析", "用户", "a", "ab", "[^。]{0,3}?", ".{0,2}", "(?:数据|用户)", "b?", "(分析)", "[ab]"]
)
_BRANCH = st.lists(_ATOMS, min_size=1, max_size=4).map("".join)
_PATTERN = st.lists(_BRANCH, min_size=1, max_size=3).map("|".join)
_TEXT = st.lists(
    st.sampled_from(["数据", "分析", "用户", "a", "b", "、", "。", "的", "ab", "\n", " "]), max_size=30
).map("".join)


@given(_PATTERN, _TEXT)
@example("数据分析|用户调研", "用户调研和数据分析")
@settings(max_examples=400)
def test_anchors_hold_for_generated_patterns(pattern, text):
    import re

    from opsmatch._regex import pattern_anchors, pattern_reach
    from opsmatch.matcher.patterns import matches_in_clauses, matches_within_reach, pattern_clauses, reference_matches

    regex = re.compile(pattern)
    anchors = pattern_anchors(pattern)
    if anchors is None:
        return
    places = sorted({i for a in anchors for i in range(len(text)) if text.startswith(a, i)})
    expected = reference_matches(regex, text)
    assert matches_in_clauses(regex, text, places, pattern_clauses(text)) == expected
    reach = pattern_reach(pattern)
    if reach is not None:
        assert matches_within_reach(regex, text, places, reach) == expected


def test_top_level_alternation_keeps_every_branch(tmp_path):
    from opsmatch.lexicon import Term
    from opsmatch.normalize import normalize

    term = Term("调研", "user_insight", ("调研x",), patterns=("数据分析|用户调研",))
    found = Matcher([term]).find(normalize("负责用户调研，以及数据分析"))
    assert [m.term for m in found] == ["用户调研", "数据分析"]


def test_patterns_never_cross_list_commas_or_lines(bare_analyzer):
    for text in ("负责数据、用户运营和活动分析", "收集数据\n分析竞品", "数据；分析"):
        a = bare_analyzer.analyze(text)
        assert not [m for m in a.matches if m.kind == "pattern" and m.canonical == "数据分析"], (text, a.matches)


@lru_cache(maxsize=1)
def _default_matcher():
    from opsmatch.lexicon import load_lexicon

    matcher = Matcher(load_lexicon().all_terms())
    assert matcher.patterns and not all(matcher.patterns.scanned)  # the shipped patterns all have literal starts
    return matcher


_BREAK_PIECES = [
    "数据",
    "，",
    "。",
    "、",
    " ",
    "写",
    "a",
    "1",
    "12",
    "123",
    "、",
    ".",
    ")",
    "(",
    "（",
    "）",
    "•",
    "\n",
    "：",
    "．",
]


@given(st.lists(st.sampled_from(_BREAK_PIECES), max_size=30).map("".join))
def test_fast_break_regexes_equal_their_plain_form(text):
    from opsmatch.matcher.patterns import _PATTERN_BREAK, PATTERN_BREAK_PLAIN
    from opsmatch.matcher.strength import _CLAUSE_BREAK, CLAUSE_BREAK_PLAIN

    for fast, plain in ((_CLAUSE_BREAK, CLAUSE_BREAK_PLAIN), (_PATTERN_BREAK, PATTERN_BREAK_PLAIN)):
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@given(st.lists(st.sampled_from(_BREAK_PIECES), max_size=30).map("".join))
def test_pattern_clauses_equal_the_plain_form(text):
    from opsmatch.matcher.patterns import pattern_clauses, reference_clauses

    assert pattern_clauses(text) == reference_clauses(text)


@given(
    st.lists(
        st.sampled_from(["word", "ppt", "wordpress", "办公软件", "办公", "数据", "a", " ", "、", "x1"]), max_size=12
    ).map("".join)
)
def test_word_set_equals_contains_word(text):
    from opsmatch.matcher.context import WordSet, contains_word

    words = ("word", "ppt", "办公软件", "数据", "x1")
    assert WordSet(words).found_in(text) == any(contains_word(text, w) for w in words)

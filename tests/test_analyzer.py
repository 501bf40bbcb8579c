import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import opsmatch
from opsmatch import COMPETENCIES, PostingAnalysis
from opsmatch.analyzer import Analyzer

POSTING = """岗位职责：
1、负责小红书、抖音账号的内容策划与种草文案撰写；
2、分析竞品和行业动态，输出市场分析报告；
3、协调设计、产品和技术团队，推进项目按时上线。
任职要求：
1、熟练使用Excel、SQL，对数据敏感；
2、深入理解用户需求和用户心理；
3、有Python基础者优先。"""


def test_analyze_finds_all_five_competencies(bare_analyzer):
    a = bare_analyzer.analyze(POSTING)
    assert isinstance(a, PostingAnalysis)
    assert list(a.competencies) == list(COMPETENCIES)
    for cid, comp in a.competencies.items():
        assert 0 < comp.score <= 1, cid
        assert comp.evidence and all(m.category == cid for m in comp.evidence)
    assert a.subtype is None and a.is_operations is None  # no model: not faked


def test_to_dict_is_flat_and_json_safe(bare_analyzer):
    row = bare_analyzer.analyze(POSTING).to_dict()
    assert row == json.loads(json.dumps(row, ensure_ascii=False))
    assert set(row) == set(opsmatch.result_columns())
    assert "SQL" in row["data_analysis_evidence"]


def test_result_is_frozen(bare_analyzer):
    a = bare_analyzer.analyze("会写文案")
    with pytest.raises(AttributeError):
        a.subtype = "x"  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   \n\t", "🚀🔥💯 运营 😀", "<html><body><p>&lt;script&gt;</p>", "\x00\x01"])
def test_odd_strings_do_not_raise(bare_analyzer, text):
    a = bare_analyzer.analyze(text)
    assert all(0 <= m.start <= m.end <= len(text) for m in a.matches)


def test_one_megabyte_of_text(bare_analyzer):
    text = ("负责数据分析，熟练使用SQL。" * 80_000)[:1_000_000]
    a = bare_analyzer.analyze(text)
    assert a.competencies["data_analysis"].score > 0.5
    assert len(a.competencies["data_analysis"].evidence) == 2  # deduplicated


@pytest.mark.parametrize("bad", [None, 3, 2.5, b"bytes", ["list"]])
def test_non_string_raises_type_error_naming_it(bare_analyzer, bad):
    with pytest.raises(TypeError, match=type(bad).__name__):
        bare_analyzer.analyze(bad)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_random_unicode_never_raises_and_spans_inside(bare_analyzer, text):
    a = bare_analyzer.analyze(text)
    for m in a.matches:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.term


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(["熟悉SQL", "<b>", "&amp;", "Ｅｘｃｅｌ", "文案", "\u200b", "①", "优先", "\n", "ﬁ"]),
        max_size=20,
    )
)
def test_mixed_markup_spans_hold(bare_analyzer, parts):
    text = "".join(parts)
    for m in bare_analyzer.analyze(text).matches:
        assert text[m.start : m.end] == m.term


def test_analyze_many_keeps_order_and_matches_analyze(bare_analyzer):
    texts = [POSTING, "会开叉车", "文案功底扎实", "熟悉SQL"] * 3
    many = bare_analyzer.analyze_many(texts)
    assert [a.text for a in many] == texts
    assert [a.to_dict() for a in many] == [bare_analyzer.analyze(t).to_dict() for t in texts]


def test_analyze_many_in_two_processes_equals_one(bare_analyzer):
    texts = [f"{i}号岗位：负责社群运营，熟悉Excel和SQL，有文案功底" if i % 2 else "Java开发" for i in range(60)]
    one = bare_analyzer.analyze_many(texts, chunksize=7)
    two = bare_analyzer.analyze_many(texts, n_jobs=2, chunksize=7)
    assert [a.to_dict() for a in one] == [a.to_dict() for a in two]


def test_custom_lexicon_reaches_the_analyzer(tmp_path):
    (tmp_path / "data_analysis.toml").write_text(
        '[competency]\nid = "data_analysis"\nlabel = "数据分析能力"\n'
        '[[term]]\nname = "Metabase"\naliases = ["metabase看板"]\nweight = 1.0\nkind = "tool"\n',
        encoding="utf-8",
    )
    a = Analyzer(lexicon_dir=[opsmatch.DEFAULT_LEXICON_DIR, tmp_path], model=None).analyze("熟悉Metabase和SQL")
    assert set(a.competencies["data_analysis"].terms) == {"Metabase", "SQL"}
    only = Analyzer(lexicon_dir=tmp_path, model=None).analyze("熟悉Metabase和SQL")
    assert only.competencies["data_analysis"].terms == ("Metabase",)


def test_cli_analyze_table_json_and_stdin():
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "opsmatch.cli", "analyze"]
    table = subprocess.run([*cmd, POSTING, "--title", "新媒体运营"], capture_output=True, text=True, timeout=120)
    assert table.returncode == 0, table.stderr
    assert "数据分析能力" in table.stdout and "SQL" in table.stdout and "新媒体运营" in table.stdout
    as_json = subprocess.run([*cmd, "-", "--json"], input=POSTING, capture_output=True, text=True, timeout=120)
    row = json.loads(as_json.stdout)
    assert row["data_analysis_score"] > 0 and any(m["canonical"] == "SQL" for m in row["matches"])
    assert table.stderr == "" and as_json.stderr == ""  # nothing printed beyond the result

"""Evidence a reader agrees with: traits, context rules, false friends, the scope of cues."""

import pytest


def ev(a, cid):
    return {m.canonical: m for m in a.competencies[cid].evidence}


def traits(a, cid):
    return {m.canonical: m for m in a.competencies[cid].traits}


def test_office_suite_excel_is_a_trait_not_data_analysis(bare_analyzer):
    a = bare_analyzer.analyze("任职要求：熟练掌握Word、Excel、PPT等办公软件")
    assert not a.competencies["data_analysis"].asked
    assert traits(a, "data_analysis")["Excel"].strength == "implied"
    assert a.competencies["data_analysis"].score == 0.0


@pytest.mark.parametrize(
    "text", ["熟练使用Excel进行数据处理和分析", "熟练掌握Excel，会函数、透视表", "精通Excel，会用Word和PPT做数据报表"]
)
def test_excel_for_data_counts(bare_analyzer, text):
    assert "Excel" in ev(bare_analyzer.analyze(text), "data_analysis")


def test_engineering_stack_is_not_operations_evidence(bare_analyzer):
    dev = "任职要求：精通Java，熟悉Spring、MyBatis，熟悉MySQL、Redis，有多线程和高并发经验，能做需求分析"
    a = bare_analyzer.analyze(dev)
    assert not a.competencies["data_analysis"].asked
    assert not a.competencies["user_insight"].asked
    assert "多线程" not in traits(a, "project_management") and not a.competencies["project_management"].asked
    ops = bare_analyzer.analyze("任职要求：熟悉SQL、Python，能做用户需求分析")
    assert {"SQL", "Python"} <= set(ev(ops, "data_analysis"))
    assert ops.competencies["user_insight"].asked


def test_traits_never_claim_a_competency_alone(bare_analyzer):
    a = bare_analyzer.analyze("要求：执行力强，有创意，审美好，网感好，逻辑清晰，对数据敏感")
    for cid, comp in a.competencies.items():
        assert not comp.asked and comp.score == 0.0, cid
    assert {"执行力"} <= set(traits(a, "project_management"))
    assert {"创意", "审美"} <= set(traits(a, "copywriting"))
    assert {"逻辑思维", "数据敏感度"} <= set(traits(a, "data_analysis"))
    assert all(m.strength == "implied" for c in a.competencies.values() for m in c.traits)


def test_traits_add_little_beside_evidence(bare_analyzer):
    base = bare_analyzer.analyze("负责项目管理").competencies["project_management"]
    more = bare_analyzer.analyze("负责项目管理，执行力强").competencies["project_management"]
    assert base.asked and more.asked
    assert 0 < more.score - base.score < 0.1


def test_trait_columns_are_apart_from_evidence(bare_analyzer):
    row = bare_analyzer.analyze("负责项目管理，执行力强，熟练使用Word、Excel、PPT等办公软件").to_dict()
    assert row["project_management_evidence"] == "项目管理"
    assert row["project_management_traits"] == "执行力"
    assert row["data_analysis_evidence"] == "" and row["data_analysis_traits"] == "Excel"


def test_industry_news_is_a_trait_unless_it_sets_strategy(bare_analyzer):
    trait = bare_analyzer.analyze("要求：关注行业动态")
    assert not trait.competencies["market_analysis"].asked
    duty = bare_analyzer.analyze("职责：关注行业动态并制定运营策略")
    assert duty.competencies["market_analysis"].asked


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("反应敏捷，思维活跃", "project_management"),
        ("服务平台创作者，维护关系", "copywriting"),
        ("了解人才市场的动态", "market_analysis"),
    ],
)
def test_false_friends(bare_analyzer, text, cid):
    assert not bare_analyzer.analyze(text).competencies[cid].asked, text


def test_agile_still_matches_where_it_means_agile(bare_analyzer):
    assert "敏捷" in ev(bare_analyzer.analyze("熟悉敏捷项目管理方法"), "project_management")


def test_web_sense_about_users_is_evidence(bare_analyzer):
    assert bare_analyzer.analyze("要求有网感，懂用户心理").competencies["user_insight"].asked
    assert not bare_analyzer.analyze("要求网感好").competencies["user_insight"].asked


def test_bonus_parenthesis_scope(bare_analyzer):
    a = bare_analyzer.analyze("任职要求：精通Excel（加分项：熟悉SQL、Python）")
    da = ev(a, "data_analysis")
    assert da["Excel"].strength == "required"
    assert da["SQL"].strength == "preferred" and da["Python"].strength == "preferred"
    b = bare_analyzer.analyze("熟练使用Excel（有VBA经验者优先），熟悉SQL")
    db = ev(b, "data_analysis")
    assert db["Excel"].strength == "required" and db["VBA"].strength == "preferred" and db["SQL"].strength == "required"


def test_preference_does_not_leak_in_text_without_punctuation(bare_analyzer):
    a = bare_analyzer.analyze("熟练使用sql进行数据分析 党员优先 有python经验者优先")
    da = ev(a, "data_analysis")
    assert da["SQL"].strength == "required" and da["Python"].strength == "preferred"


def test_missed_phrasing_written_generally(bare_analyzer):
    assert bare_analyzer.analyze("和各业务部门沟通，推动活动上线").competencies["project_management"].asked
    assert bare_analyzer.analyze("负责策划热门话题，制造传播").competencies["copywriting"].asked
    assert bare_analyzer.analyze("有敏锐的市场嗅觉").competencies["market_analysis"].asked


def test_benefits_in_flat_text_end_at_the_next_heading(bare_analyzer):
    a = bare_analyzer.analyze("岗位职责 负责店铺数据分析 撰写活动文案 协调各部门推进项目 福利待遇 五险一金 带薪年假")
    for cid in ("data_analysis", "copywriting", "project_management"):
        assert a.competencies[cid].asked, cid
    assert all(m.section == "duties" for c in a.competencies.values() for m in c.evidence)

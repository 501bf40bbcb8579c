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


# ---- round 2: general rules found on the tune part ----


def test_named_data_analysis_counts_in_engineering_postings_but_loose_patterns_do_not(bare_analyzer):
    dev = "任职要求：精通Java，熟悉Spring、Redis，有高并发经验"
    a = bare_analyzer.analyze(dev + "，具备较强的数据分析能力")
    assert "数据分析" in ev(a, "data_analysis")
    loose = bare_analyzer.analyze(dev + "，负责日志数据的统计")
    assert not loose.competencies["data_analysis"].asked
    ops = bare_analyzer.analyze("岗位职责：负责日志数据的统计")
    assert ops.competencies["data_analysis"].asked


@pytest.mark.parametrize(
    "text", ["岗位职责：通过数据及时发现问题并给出解法", "岗位职责：负责跟踪平台内容的阅读和转发指标"]
)
def test_data_driven_work_is_data_analysis(bare_analyzer, text):
    assert bare_analyzer.analyze(text).competencies["data_analysis"].asked


def test_trend_analysis_needs_a_market_near(bare_analyzer):
    alone = bare_analyzer.analyze("岗位职责：周期性项目预算决算趋势分析，及时发现异常")
    assert "趋势分析" not in ev(alone, "market_analysis")
    market = bare_analyzer.analyze("岗位职责：负责市场趋势分析")
    assert market.competencies["market_analysis"].asked


def test_market_share_as_a_sales_target_is_no_evidence(bare_analyzer):
    target = bare_analyzer.analyze("岗位职责：完成销售量指标，提升产品市场占有率")
    assert "市场份额" not in ev(target, "market_analysis")
    study = bare_analyzer.analyze("岗位职责：定期做市场份额分析")
    assert "市场份额" in ev(study, "market_analysis")


def test_industry_inside_jinxing_yewu_is_no_industry(bare_analyzer):
    a = bare_analyzer.analyze("岗位职责：对交易数据进行分析进行业务优化")
    assert not a.competencies["market_analysis"].asked
    b = bare_analyzer.analyze("岗位职责：负责行业分析")
    assert b.competencies["market_analysis"].asked


def test_market_understanding_counts_when_it_sets_strategy(bare_analyzer):
    duty = bare_analyzer.analyze("岗位职责：通过对口腔行业和市场的理解，协助行业运营制定相应策略")
    assert "市场理解" in ev(duty, "market_analysis")
    trait = bare_analyzer.analyze("任职要求：对行业有一定见解者优先")
    assert not trait.competencies["market_analysis"].asked
    assert "市场理解" in traits(trait, "market_analysis")


def test_client_needs_in_after_sales_work_are_not_user_insight(bare_analyzer):
    service = bare_analyzer.analyze("岗位职责：负责开关电源设备维修，处理客户需求和现场故障")
    assert "客户需求" not in ev(service, "user_insight")
    ops = bare_analyzer.analyze("岗位职责：深入了解客户需求，为客户定制推广方案")
    assert "客户需求" in ev(ops, "user_insight")


@pytest.mark.parametrize(
    ("text", "cid"),
    [
        ("岗位职责：收集和整理用户使用反馈信息", "user_insight"),
        ("岗位职责：用户数据整理分析，撰写报告", "user_insight"),
        ("任职要求：了解线上购物习惯和购物心理", "user_insight"),
        ("任职要求：具备出色的文字、语言表达能力", "copywriting"),
        ("岗位职责：报道海内外人工智能相关会议", "copywriting"),
        ("任职要求：善于整合内外资源", "project_management"),
        ("Responsibilities: market research and competitive benchmarking", "market_analysis"),
    ],
)
def test_phrasing_families_written_apart(bare_analyzer, text, cid):
    assert bare_analyzer.analyze(text).competencies[cid].asked, text


def test_report_to_work_is_not_news_reporting(bare_analyzer):
    a = bare_analyzer.analyze("入职须知：请按时报道，入职报道时间另行通知")
    assert not a.competencies["copywriting"].asked


def test_tracking_a_rate_is_data_analysis(bare_analyzer):
    assert bare_analyzer.analyze("岗位职责：负责跟踪平台内容阅读率").competencies["data_analysis"].asked


def test_working_with_a_project_group_is_cross_team_work(bare_analyzer):
    a = bare_analyzer.analyze("岗位职责：与游戏项目组深度协作，提升留存")
    assert a.competencies["project_management"].asked


def test_trend_tools_count_for_market_analysis_only_with_a_market_word(bare_analyzer):
    seo = bare_analyzer.analyze("岗位职责：使用百度指数挖掘长尾关键词")
    assert not seo.competencies["market_analysis"].asked
    assert "百度指数" in traits(seo, "market_analysis")
    market = bare_analyzer.analyze("岗位职责：通过百度指数判断行业趋势")
    assert "百度指数" in ev(market, "market_analysis")


def test_competitive_pay_is_no_market_competition(bare_analyzer):
    pay = bare_analyzer.analyze("我们为员工提供极具市场竞争力的薪资")
    assert not pay.competencies["market_analysis"].asked
    work = bare_analyzer.analyze("岗位职责：研判市场竞争，制定应对方案")
    assert "竞争格局" in ev(work, "market_analysis")


def test_planning_content_is_writing_work(bare_analyzer):
    a = bare_analyzer.analyze("岗位职责：不断策划优质的内容和线上活动")
    assert "内容策划" in ev(a, "copywriting")


def test_user_preferences_a_model_learns_are_not_user_insight(bare_analyzer):
    ml = "岗位职责：基于多模态表征优化召回与精排，生成更匹配用户诉求和用户偏好的候选"
    assert not bare_analyzer.analyze(ml).competencies["user_insight"].asked
    ops = bare_analyzer.analyze("岗位职责：梳理用户诉求，优化活动规则")
    assert "用户动机" in ev(ops, "user_insight")


def test_following_the_market_sets_strategy_or_is_a_trait(bare_analyzer):
    duty = bare_analyzer.analyze("岗位职责：密切关注信用卡市场变化，及时调整运营策略")
    assert duty.competencies["market_analysis"].asked
    trait = bare_analyzer.analyze("任职要求：平时关注互联网行业")
    assert not trait.competencies["market_analysis"].asked
    assert trait.competencies["market_analysis"].traits
    sizing = bare_analyzer.analyze("岗位职责：结合市场空间判断增量机会")
    assert "市场规模" in ev(sizing, "market_analysis")


def test_editing_text_is_writing_but_editing_video_is_not(bare_analyzer):
    text = bare_analyzer.analyze("岗位职责：负责公众号稿件的编辑与发布")
    assert "内容编辑" in ev(text, "copywriting")
    video = bare_analyzer.analyze("岗位职责：负责视频编辑和图片编辑")
    assert "内容编辑" not in ev(video, "copywriting")


def test_writing_a_plan_written_apart_is_writing(bare_analyzer):
    a = bare_analyzer.analyze("岗位职责：策划撰写线上及线下活动方案")
    assert "方案撰写" in ev(a, "copywriting")


def test_marketing_strategy_alone_is_a_trait_of_market_analysis(bare_analyzer):
    alone = bare_analyzer.analyze("岗位职责：制定媒体运营营销策略，策划粉丝互动")
    assert not alone.competencies["market_analysis"].asked
    assert "营销策略" in traits(alone, "market_analysis")
    study = bare_analyzer.analyze("岗位职责：分析竞争对手，制定营销策略")
    assert study.competencies["market_analysis"].asked


def test_industry_data_counts_when_analysed_else_it_is_background(bare_analyzer):
    background = bare_analyzer.analyze("任职要求：有新能源汽车行业数据业务经验优先")
    assert not background.competencies["market_analysis"].asked
    work = bare_analyzer.analyze("岗位职责：实时掌握行业数据变化，做出评估与分析")
    assert "市场数据" in ev(work, "market_analysis")


def test_scripts_in_an_engineering_posting_are_code(bare_analyzer):
    dev = bare_analyzer.analyze("任职要求：精通JavaScript和React，熟练使用node写脚本解决常见问题")
    assert not dev.competencies["copywriting"].asked
    ops = bare_analyzer.analyze("岗位职责：为短视频写脚本并跟拍")
    assert "视频脚本" in ev(ops, "copywriting")

"""Seniority, experience and education: the title first, then the text (postings written for these tests)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import opsmatch
from opsmatch import profile as profile_mod
from opsmatch.profile import EDUCATION, SENIORITY, Profile, read_profile


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("新媒体运营实习生", "intern"),
        ("【转正实习】用户运营", "intern"),
        ("Marketing Intern", "intern"),
        ("2026校招-产品运营", "graduate"),
        ("运营管培生", "graduate"),
        ("运营助理", "junior"),
        ("总经理助理", "junior"),
        ("运营总监助理", "junior"),
        ("初级运营专员", "junior"),
        ("新媒体运营专员", "specialist"),
        ("资深内容运营", "senior"),
        ("高级用户运营", "senior"),
        ("资深运营专员", "senior"),
        ("增长专家", "senior"),
        ("Senior Growth Specialist", "senior"),
        ("社群运营主管", "lead"),
        ("运营组长", "lead"),
        ("运营负责人", "lead"),
        ("运营经理", "manager"),
        ("高级运营经理", "manager"),
        ("运营经理/主管", "manager"),
        ("市场总监", "director"),
        ("Head of Growth", "director"),
        ("运营副总裁", "vp"),
        ("COO", "vp"),
        ("事业部总经理", "vp"),
    ],
)
def test_seniority_from_the_title(title, expected):
    assert read_profile("负责用户增长与活动策划。", title=title).seniority == expected


@pytest.mark.parametrize(
    "title",
    [
        "产品经理",
        "项目经理",
        "客户经理",
        "大客户销售经理",
        "商务经理",
        "Product Manager",
        "运营",
        "Java开发工程师",
        "架构师",
        "P6",
    ],
)
def test_job_names_and_grades_are_not_rungs(title):
    assert read_profile("负责产品规划与需求分析。", title=title).seniority is None


def test_higher_rung_and_job_name_together():
    assert read_profile("负责产品规划。", title="高级产品经理").seniority == "senior"
    assert read_profile("负责产品规划。", title="产品总监").seniority == "director"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("岗位职责：协助运营。要求：每周至少实习4天，实习期3个月以上", "intern"),
        ("招聘实习生若干，可实习6个月", "intern"),
        ("面向2026届应届毕业生，本科及以上学历", "graduate"),
        ("校园招聘：2025届毕业生", "graduate"),
        ("3年以上运营经验，优秀应届生亦可", None),
        ("负责活动策划与执行", None),
    ],
)
def test_seniority_from_the_text_when_the_title_says_nothing(text, expected):
    assert read_profile(text, title="内容运营").seniority == expected


def test_title_wins_over_text_and_boilerplate_never_counts():
    assert read_profile("每周实习4天", title="运营经理").seniority == "manager"
    text = "岗位职责：负责社群运营。\n任职要求：本科，2年以上经验。\n福利待遇：五险一金，实习生也有年终旅游"
    assert read_profile(text, title="社群运营").seniority is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("任职要求：3年以上互联网运营经验", (3, None)),
        ("要求：1-3年相关工作经验", (1, 3)),
        ("3~5年新媒体运营经验", (3, 5)),
        ("两年以上电商运营经验", (2, None)),
        ("十年以上行业从业经验", (10, None)),
        ("至少2年的用户运营工作经历", (2, None)),
        ("工作经验：5年以上", (5, None)),
        ("从事社群运营2年以上", (2, None)),
        ("半年以上运营经验", (0.5, None)),
        ("一年半以上相关经验", (1.5, None)),
        ("1年以内工作经验", (0, 1)),
        ("2 年以上 推广经验", (2, None)),
        ("3年+产品经验", (3, None)),
        ("经验不限", (0, None)),
        ("无经验要求，欢迎应届生", (0, None)),
        ("面向2026届应届毕业生", (0, 0)),
        ("有3年以上经验者优先，应届生亦可", (0, None)),
        ("有3年以上电商经验者优先", None),
        ("1.3年新媒体推广经验 2.熟悉Excel", (3, None)),
        ("要求：2.五年以上社群运营经验", (5, None)),
        ("3年以上工作经验，其中1年以上团队管理经验", (3, None)),
        ("3年以上工作经验，有电商经验者优先", (3, None)),
        ("公司成立于2010年，服务客户超过100家", None),
        ("每周实习4天，实习3个月以上", None),
        ("负责公众号运营", None),
    ],
)
def test_experience(text, expected):
    assert read_profile(text).experience_years == expected


def test_company_blurb_years_do_not_count():
    text = "公司介绍：我们是一家成立10年以上、拥有15年行业经验的公司。\n岗位职责：负责活动运营。"
    assert read_profile(text).experience_years is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本科及以上学历", "bachelor"),
        ("统招本科以上学历，计算机相关专业优先", "bachelor"),
        ("大专以上学历", "college"),
        ("专科及以上学历", "college"),
        ("硕士及以上学历", "master"),
        ("研究生学历", "master"),
        ("博士学位", "doctor"),
        ("中专及以上学历", "secondary"),
        ("高中以上学历", "secondary"),
        ("学历不限", "none"),
        ("学历不限，本科优先", "none"),
        ("本科或硕士在读", "bachelor"),
        ("硕士或博士学位", "master"),
        ("数学方向的博士与优秀硕士", "master"),
        ("本科以上学历，硕士优先", "bachelor"),
        ("硕士优先", None),
        ("985高校毕业加分", None),
        ("文化程度：硕士", "master"),
        ("负责高中数学课程运营，团队由北大硕士组成", None),
        ("博士后工作站", None),
        ("专业不限", None),
        ("Bachelor's degree in marketing", "bachelor"),
    ],
)
def test_education(text, expected):
    assert read_profile("任职要求：" + text).education == expected


def test_read_profile_handles_odd_text():
    assert read_profile("") == Profile()
    assert read_profile("<p>本科</p><br>3年以上经验", title="<b>资深运营</b>") == Profile(
        "senior", (3, None), "bachelor"
    )
    assert read_profile("ＳＥＮＩＯＲ ３年以上工作经验，本科") == Profile(None, (3, None), "bachelor")
    long = "负责运营。" * 20000 + "本科及以上学历"
    assert read_profile(long).education == "bachelor"


@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=30)))
@settings(max_examples=200, deadline=None)
def test_never_raises_and_ids_are_known(text, title):
    p = read_profile(text, title)
    assert p.seniority is None or p.seniority in SENIORITY
    assert p.education is None or p.education in EDUCATION
    if p.experience_years is not None:
        lo, hi = p.experience_years
        assert lo is not None and lo >= 0 and (hi is None or hi >= lo)


def test_analyzer_fills_the_fields_and_the_row(bare_analyzer, analyzer):
    text = "岗位职责：负责小红书账号运营。\n任职要求：本科及以上学历，3-5年新媒体运营经验。"
    for an in (bare_analyzer, analyzer):
        a = an.analyze(text, title="资深新媒体运营")
        assert (a.seniority, a.experience_years, a.education) == ("senior", (3, 5), "bachelor")
        row = a.to_dict()
        assert (row["seniority"], row["experience_min"], row["experience_max"], row["education"]) == (
            "senior",
            3,
            5,
            "bachelor",
        )
    many = analyzer.analyze_many([text, "负责社群运营"], ["运营实习生", None])
    assert [m.seniority for m in many] == ["intern", None]


_TEXT_CUES = __import__("tomllib").loads(profile_mod.DATA_FILE.read_text(encoding="utf-8"))["seniority"]["text"]


@given(st.data())
@settings(max_examples=300, deadline=None)
def test_every_text_pattern_holds_a_required_word(data):
    # the fast path skips a text without these words: exact only if every match holds one
    kind = data.draw(st.sampled_from(["intern", "graduate"]))
    pattern = data.draw(st.sampled_from(_TEXT_CUES[kind]))
    example = data.draw(st.from_regex(pattern, fullmatch=True))
    assert any(w in example for w in _TEXT_CUES[f"{kind}_requires"]), (pattern, example)


def test_no_experience_phrases_hold_the_required_word():
    data = __import__("tomllib").loads(profile_mod.DATA_FILE.read_text(encoding="utf-8"))["experience"]
    assert all(data["none_needed_requires"] in w for w in data["none_needed"])


def test_the_analyze_table_shows_the_level(bare_analyzer):
    from opsmatch.cli import format_analysis

    a = bare_analyzer.analyze("任职要求：本科及以上学历，1-3年运营经验", title="运营专员")
    assert "职级 专员 (specialist)   经验 1–3年   学历 本科 (bachelor)" in format_analysis(a)
    assert "职级" not in format_analysis(bare_analyzer.analyze("负责活动策划"))


def test_public_names_and_doctests():
    assert opsmatch.SENIORITY is SENIORITY and opsmatch.EDUCATION is EDUCATION
    assert list(SENIORITY) == [
        "intern",
        "graduate",
        "junior",
        "specialist",
        "senior",
        "lead",
        "manager",
        "director",
        "vp",
    ]
    result = doctest.testmod(profile_mod)
    assert result.attempted >= 3 and result.failed == 0


FRAGMENTS = [
    "本科", "大专", "硕士", "博士", "研究生", "博士后", "高中", "学历", "以上", "及以上", "优先", "或", "和", "优秀",
    "实习", "实习生", "每周", "到岗", "4天", "应届", "毕业生", "2026届", "亦可", "校招", "经验", "工作", "不限",
    "年", "两", "三", "十", "半", "一年半", "1.3", "2.", "3", "5", "-", "至", "以内", "，", "。", "\n", "  ", " ",
    "公司介绍：", "福利：", "任职要求：", "我们是", "五险一金", "运营", "负责", "用户", "a", "x", "资深", "经理",
]  # fmt: skip


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40), st.lists(st.sampled_from(FRAGMENTS), max_size=5))
@settings(max_examples=400, deadline=None)
def test_fast_profile_equals_the_plain_reference(pieces, title_pieces):
    from opsmatch.normalize import normalize
    from opsmatch.sections import split_sections

    text = normalize("".join(pieces)).text
    title = "".join(title_pieces) or None
    sections = split_sections(text)
    assert profile_mod.profile_of(text, title, sections) == profile_mod._profile_plain(text, title, sections)

from hypothesis import given
from hypothesis import strategies as st

from opsmatch.normalize import normalize
from opsmatch.sections import section_at, split_sections


def kinds(text):
    return [s.kind for s in split_sections(normalize(text).text)]


def test_headed_blocks():
    text = "我们是一家电商公司。\n岗位职责：\n1、写文案\n任职要求：\n1、熟悉Excel\n加分项：\n有SQL经验\n福利待遇：\n五险一金"
    assert kinds(text) == ["company", "duties", "requirements", "bonus", "benefits"]


def test_inline_headings_and_brackets():
    text = "【工作内容】负责社群运营【任职资格】本科以上"
    assert kinds(text) == ["duties", "requirements"]


def test_numbered_headings():
    assert kinds("一、岗位职责\n写文案\n二、任职要求\n会Excel") == ["duties", "requirements"]


def test_no_headings_is_other_and_benefit_lines_marked():
    text = "负责用户增长\n五险一金，带薪年假，下午茶"
    assert kinds(text) == ["other", "benefits"]


def test_sections_cover_the_text_in_order():
    text = normalize("岗位职责：写文案。任职要求：会Excel").text
    secs = split_sections(text)
    assert secs[0].start == 0 and secs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(secs, secs[1:]))
    assert section_at(secs, text.index("excel")) == "requirements"


def test_empty_text():
    assert kinds("") == ["other"]


# the fast heading scan must find exactly what the plain reference finds, on any text
_PIECES = ["岗位职责", "要求", "任职要求", "职责", "加分", "福利", "about us", "：", ":", "\n", " ", "\t", "【", "】",
           "1、", "一、", "2.", "12)", "。", "#", ">", "\u3000", "\u2028", "٣", "写文案", "x", "位", "（", "）", "(",
           "描述", "福利待遇"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_heading_scan_equals_reference(text):
    from opsmatch.sections import find_headings, reference_headings

    assert find_headings(text) == reference_headings(text)


def test_flat_text_headings_and_benefits_end_at_the_next_heading():
    text = "岗位职责 负责店铺数据分析 撰写活动文案 协调各部门推进项目 福利待遇 五险一金 任职要求 熟悉excel"
    assert kinds(text) == ["duties", "benefits", "requirements"]


def test_flat_text_with_list_commas_left():
    text = "岗位职责 负责店铺数据分析 福利待遇 五险一金 任职要求 熟练掌握word、excel等办公软件"
    assert kinds(text) == ["duties", "benefits", "requirements"]


def test_flat_benefit_pieces_without_a_heading():
    text = "负责店铺数据分析 撰写活动文案 五险一金 年底双薪 带薪年假 熟练使用excel"
    secs = split_sections(text)
    assert [s.kind for s in secs] == ["other", "benefits", "other"]
    assert section_at(secs, text.index("excel")) == "other"
    assert section_at(secs, text.index("年底")) == "benefits"


def test_a_heading_followed_by_a_colon_mid_line():
    assert kinds("负责运营工作岗位要求：本科以上") == ["other", "requirements"]


def test_no_heading_inside_parentheses_or_mid_sentence():
    assert kinds("任职要求：熟悉excel（加分项：sql、python），有经验") == ["requirements"]
    assert kinds("负责员工福利发放，写文案") == ["other"]
    assert kinds("岗位职责：负责活动，有明确要求的") == ["duties"]


def test_sections_after_many_spaces_are_linear():
    # the old scan tried its regex at every space before a heading word: quadratic
    from opsmatch.sections import find_headings

    text = " " * 20_000 + "岗位职责：写文案"
    assert [h.word for h in find_headings(text)] == ["岗位职责"]


def test_flat_company_piece_with_founding_year_or_site_is_company(bare_analyzer):
    flat = "负责淘宝店铺运营 某某信息科技有限公司成立2016年坐落于上海服务包括品牌定位视觉设计 熟悉直通车"
    assert kinds(flat) == ["other", "company", "other"]
    a = bare_analyzer.analyze(flat)
    assert not a.competencies["market_analysis"].asked
    lines = "负责用户增长\n本集团总部位于深圳，专注品牌定位咨询\n熟悉Excel"
    assert kinds(lines) == ["other", "company", "other"]

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


# the fast heading scan must find exactly what the reference regex finds, on any text
_PIECES = ["岗位职责", "要求", "任职要求", "职责", "加分", "福利", "about us", "：", ":", "\n", " ", "\t", "【", "】",
           "1、", "一、", "2.", "12)", "。", "#", ">", "\u3000", "\u2028", "٣", "写文案", "x", "位"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_heading_scan_equals_reference_regex(text):
    from opsmatch.sections import _HEADING_RE, _headings

    def spans(ms):
        return [(m.start(), m.end(), m.group("h")) for m in ms]

    assert spans(_headings(text)) == spans(_HEADING_RE.finditer(text))

"""The title reader: keyword, veto, business-line suffix -> a sub-type or None; the rule's weight."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opsmatch.lexicon import load_lexicon
from opsmatch.taxonomy import OPERATIONS_SUBTYPES, SUBTYPES
from opsmatch.titles import TitleRules, apply_title_rule

CLASSES = sorted(SUBTYPES)


@pytest.fixture(scope="module")
def rules() -> TitleRules:
    return TitleRules.from_lexicon(load_lexicon())


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("新媒体运营专员", "new_media_ops"),
        ("ＳＥＯ专员", "seo_sem"),  # full-width, upper-case: read after normalization
        ("社区运营（阿拉伯语）", "community_ops"),  # 社区运营 is community work (subtypes.toml)
        ("社区内容运营专员", "content_ops"),  # the head of the title comes last
        ("产品运营-用户运营", "user_ops"),  # two named: the later, more specific one
        ("用户运营（游戏）", "user_ops"),  # a business-line suffix is no sub-type
        ("新媒体运营（电商）", "new_media_ops"),
        ("美团民宿-新媒体运营实习生", "new_media_ops"),
        ("【转正实习】商品品类运营岗", "ecommerce_ops"),
        ("Social Community Operation", "community_ops"),
        ("产品运营（数据方向）", "data_ops"),  # a bracketed direction narrows the title
        ("【转正实习】业务运营岗（数据方向）", "data_ops"),  # a bare direction word reads as its operations
        ("新媒体运营（诊所内容运营）", "new_media_ops"),  # other brackets describe: the outside comes first
        ("市场运营专员（线下活动策划）", "activity_ops"),  # ... unless only the bracket names one
        ("运营（用户/内容方向）", None),  # two directions name none
        ("（实习）体验数据分析运营岗", "data_ops"),  # a veto inside a keyword does not veto
        ("Product Operation Intern (United Arab Emirates)", "product_ops"),
        ("运营", None),  # says nothing
        ("运营专员", None),
        ("实习生", None),
        ("运营（电商）", None),  # only a business line
        ("游戏运营", None),
        ("数据分析", None),  # analysts are not data operations
        ("数据分析师（运营方向）", None),
        ("广告投放系统开发工程师", None),  # vetoed: engineering
        ("用户增长产品经理", None),  # vetoed: a product manager
        ("新媒体设计师", None),  # vetoed: design
        ("", None),
        (None, None),
    ],
)
def test_shipped_rules_read_titles(rules: TitleRules, title: str | None, expected: str | None) -> None:
    assert rules.read(title) == expected


def test_every_reading_is_an_operations_sub_type_and_vetoes_come_from_other(rules: TitleRules) -> None:
    assert set(rules.keywords.values()) <= set(OPERATIONS_SUBTYPES)
    other = load_lexicon().subtypes["other"].title_keywords
    assert len(rules.vetoes) == len(other) and "工程师" in rules.vetoes


def test_ascii_keywords_match_whole_words_only() -> None:
    rules = TitleRules({"seo": "seo_sem", "community": "community_ops"}, ("hr",))
    assert rules.read("SEO优化专员") == "seo_sem"
    assert rules.read("seoul运营") is None  # not the word SEO
    assert rules.read("Community Manager") == "community_ops"
    assert rules.read("HR Community") is None  # the veto is a whole word here


def test_a_keyword_under_two_sub_types_is_dropped(tmp_path) -> None:
    from opsmatch.lexicon import DEFAULT_LEXICON_DIR

    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "subtypes.toml").write_text(
        (DEFAULT_LEXICON_DIR / "subtypes.toml")
        .read_text(encoding="utf-8")
        .replace('title_keywords = ["数据运营",', 'title_keywords = ["数据运营", "社群运营",'),
        encoding="utf-8",
    )
    for path in DEFAULT_LEXICON_DIR.glob("*.toml"):
        if path.name != "subtypes.toml":
            (extra / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    rules = TitleRules.from_lexicon(load_lexicon(extra))
    assert "社群运营" not in rules.keywords
    assert rules.read("社群运营专员") is None
    assert rules.read("数据运营专员") == "data_ops"


@given(
    st.lists(
        st.lists(st.floats(0.0, 1.0), min_size=len(CLASSES), max_size=len(CLASSES)).filter(lambda r: sum(r) > 0),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.sampled_from([None, *CLASSES]), min_size=6, max_size=6),
    st.floats(0.51, 0.99),
)
def test_the_rule_makes_its_reading_win_and_keeps_rows_it_does_not_read(
    rows: list[list[float]], readings: list[str | None], confidence: float
) -> None:
    proba = np.array(rows) / np.array(rows).sum(axis=1, keepdims=True)
    readings = readings[: len(proba)]
    out = apply_title_rule(proba, CLASSES, readings, confidence)
    assert np.allclose(out.sum(axis=1), 1.0)
    for row, new, reading in zip(proba, out, readings):
        if reading is None:
            assert np.array_equal(row, new)
        else:
            assert CLASSES[int(new.argmax())] == reading and new.max() >= confidence
    assert out is not proba or all(r is None for r in readings)


def test_title_features_keep_ascii_words_whole() -> None:
    from opsmatch.linear import title_grams

    ip, app = set(title_grams("资深IP运营")), set(title_grams("APP运营"))
    assert ip & app == {"运", "营", "运营"}  # only the Chinese they really share
    assert "ip" in ip and "app" in app and not any("p运" in g for g in ip | app)
    assert title_grams("C++开发（Java）") == ["c++", "开", "发", "开发", "java"]


def test_an_ip_title_is_not_read_as_app_operations(analyzer) -> None:
    text = "负责公司动漫IP的内容规划、周边联名和粉丝社群运营，策划IP相关的线上活动"
    assert analyzer.analyze(text, "资深IP运营").subtype != "app_ops"
    assert analyzer.analyze("负责日常运营工作", "资深IP运营").subtype != "app_ops"

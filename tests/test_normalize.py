from hypothesis import given
from hypothesis import strategies as st

from opsmatch.normalize import normalize, normalize_term


def test_fullwidth_and_case_fold_keep_identity_offsets():
    n = normalize("熟练使用ＳＱＬ和Excel")
    assert n.text == "熟练使用sql和excel"
    assert n.starts is None  # one-to-one: no map needed
    assert n.original_span(4, 7) == (4, 7)


def test_html_tags_and_entities_map_back_to_original():
    raw = "<p>熟悉&nbsp;<b>Power&amp;BI</b></p>"
    n = normalize(raw)
    assert "<" not in n.text and "&" in n.text and "power&bi" in n.text
    start = n.text.index("power")
    o_start, o_end = n.original_span(start, start + len("power&bi"))
    assert raw[o_start:o_end] == "Power&amp;BI"


def test_script_blocks_are_dropped():
    n = normalize("<script>alert('SQL')</script>会写文案")
    assert "sql" not in n.text and "会写文案" in n.text


def test_length_changing_nfkc_forms_keep_offsets():
    raw = "㈠熟悉Ｅｘｃｅｌ①"
    n = normalize(raw)
    i = n.text.index("excel")
    s, e = n.original_span(i, i + 5)
    assert raw[s:e] == "Ｅｘｃｅｌ"


def test_zero_width_characters_removed():
    n = normalize("数据\u200b分析")
    assert n.text == "数据分析"
    assert n.original_span(0, 4) == (0, 5)


def test_whitespace_variants_fold_to_space():
    assert normalize("a\u3000b\tc").text == "a b c"


def test_normalize_term_matches_text_normalization():
    assert normalize_term("Ａ/Ｂ测试") == normalize("Ａ/Ｂ测试").text == "a/b测试"


@given(st.text())
def test_any_text_maps_every_character_inside_the_original(text):
    n = normalize(text)
    for i in range(len(n.text)):
        s, e = n.original_span(i, i + 1)
        assert 0 <= s <= e <= len(text)

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


@given(st.text(alphabet=st.sampled_from("ＳＱＬａＺAbc，：　\t\r\x0b熟练使用\ud800\udc80\ufffd<>&;é\u00a0\u3000①")))
def test_fast_fold_equals_translate(text):
    from opsmatch.normalize import _fold, reference_fold

    assert _fold(text) == reference_fold(text)


def test_lone_surrogates_are_read_as_replacement_characters():
    import opsmatch

    for text in ("\ud800", "\ud800熟练SQL", "<b>\udc80熟练SQL</b>", "熟练SQL\udcff"):
        n = normalize(text)
        assert "\ud800" not in n.text and len(n.text) >= 1
        a = opsmatch.analyze(text)
        assert all(text[m.start : m.end] == m.term for m in a.matches)
        if "SQL" in text:
            assert a.competencies["data_analysis"].asked


def test_unclosed_script_tags_are_linear():
    import time

    def seconds(n):
        text = "<script>" * n + "熟练SQL"
        t0 = time.perf_counter()
        normalize(text)
        return time.perf_counter() - t0

    seconds(1000)
    small, large = min(seconds(4000) for _ in range(3)), min(seconds(8000) for _ in range(3))
    assert large < 4 * small + 0.05  # linear: doubling the input at most doubles the time (noise allowed)
    assert "熟练sql" in normalize("<script>x</script><style>y" + "<script>" * 10 + "熟练SQL").text

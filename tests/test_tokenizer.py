import jieba

from opsmatch.tokenizer import Tokenizer, feature_tokens, jieba_can_hold


def test_lexicon_words_stay_whole():
    tok = Tokenizer(["数据分析", "用户运营", "小红书", "种草文案"])
    words = tok.words("负责小红书种草文案和用户运营，具备数据分析能力")
    for w in ("小红书", "种草文案", "用户运营", "数据分析"):
        assert w in words


def test_offsets_cover_text():
    text = "熟悉sql和python,会写文案"
    toks = Tokenizer().tokenize(text)
    assert "".join(t.text for t in toks) == text
    assert all(text[t.start : t.end] == t.text for t in toks)


def test_global_jieba_untouched():
    before = jieba.dt.FREQ.get("种草文案研究所")
    Tokenizer(["种草文案研究所"])
    assert jieba.dt.FREQ.get("种草文案研究所") == before


def test_slash_and_space_terms_are_not_dictionary_words():
    assert not jieba_can_hold("a/b测试")
    assert not jieba_can_hold("power bi")
    assert not jieba_can_hold("python")  # ASCII runs are kept whole by jieba anyway
    assert jieba_can_hold("数据分析")


def test_feature_tokens_drop_punctuation_and_single_characters():
    assert feature_tokens(["的", "，", "数据分析", "sql", "2023", " "]) == ["数据分析", "sql"]

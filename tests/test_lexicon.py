import shutil
from pathlib import Path

import pytest

from opsmatch import COMPETENCIES, SUBTYPES
from opsmatch.cli import main
from opsmatch.lexicon import DEFAULT_LEXICON_DIR, LexiconError, check_lexicon, load_lexicon


def test_shipped_lexicon_is_sound_and_complete():
    assert check_lexicon(DEFAULT_LEXICON_DIR) == []
    lex = load_lexicon()
    assert list(lex.competencies) == list(COMPETENCIES)
    assert set(lex.subtypes) == set(SUBTYPES)
    for cid in COMPETENCIES:
        terms = [t for t in lex.terms if t.category == cid]
        assert len(terms) >= 40, cid
        assert all(len(t.forms) >= 2 and 0 < t.weight <= 1 for t in terms), cid
    for sid, entry in lex.subtypes.items():
        assert entry.label == SUBTYPES[sid] or sid == "other"
        assert sid == "other" or len(entry.keywords) >= 10


def test_article_terms_are_present():
    forms = load_lexicon().surface_forms()
    for word in (
        "spss",
        "python",
        "sql",
        "网感",
        "用户心理",
        "竞品分析",
        "行业动态",
        "差异化",
        "选题",
        "跨部门",
    ):
        assert any(word in f for f in forms), word


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "lex"
    shutil.copytree(DEFAULT_LEXICON_DIR, dst, ignore=shutil.ignore_patterns("*.md"))
    return dst


def test_problems_name_file_and_entry(tmp_path):
    lex = _copy(tmp_path)
    (lex / "copywriting.toml").write_text(
        (lex / "copywriting.toml").read_text(encoding="utf-8")
        + '\n[[term]]\nname = "SQL"\naliases = [""]\nweight = 3\nkind = "magic"\ncolour = "red"\n',
        encoding="utf-8",
    )
    problems = check_lexicon(lex)
    text = "\n".join(map(str, problems))
    assert {p.file for p in problems} <= {"copywriting.toml", "data_analysis.toml"}
    assert "copywriting.toml: term #" in text and "'SQL'" in text
    assert "empty" in text  # empty alias
    assert "weight must be a number in (0, 1], got 3" in text
    assert "kind must be one of" in text
    assert "unknown key 'colour'" in text
    assert "data_analysis.toml: term 'SQL': 'SQL' is also a form of copywriting.toml entry 'SQL'" in text
    with pytest.raises(LexiconError, match="copywriting.toml"):
        load_lexicon(lex)


def test_broken_toml_names_the_file(tmp_path):
    lex = _copy(tmp_path)
    (lex / "user_insight.toml").write_text("[competency\nid=", encoding="utf-8")
    problems = check_lexicon(lex)
    assert problems and problems[0].file == "user_insight.toml" and "cannot be read" in problems[0].message


def test_layered_folders_extend_the_default(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "data_analysis.toml").write_text(
        '[competency]\nid = "data_analysis"\nlabel = "数据分析能力"\n\n'
        '[[term]]\nname = "Metabase"\naliases = ["metabase看板"]\nweight = 0.8\nkind = "tool"\n',
        encoding="utf-8",
    )
    lex = load_lexicon([DEFAULT_LEXICON_DIR, extra])
    names = {t.canonical for t in lex.terms if t.category == "data_analysis"}
    assert {"Metabase", "SQL"} <= names


def test_cli_lexicon_check(tmp_path, capsys):
    assert main(["lexicon", "check", str(DEFAULT_LEXICON_DIR)]) == 0
    lex = _copy(tmp_path)
    (lex / "market_analysis.toml").write_text(
        '[competency]\nid = "market_analysis"\nlabel = "x"\n[[term]]\nname = "竞品分析"\naliases = []\nweight = 0\n',
        encoding="utf-8",
    )
    assert main(["lexicon", "check", str(lex)]) == 1
    out = capsys.readouterr().out
    assert "market_analysis.toml: term #1 '竞品分析': weight must be" in out

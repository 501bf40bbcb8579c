import shutil
from pathlib import Path

import pytest

from opsmatch import COMPETENCIES, SUBTYPES
from opsmatch.analyzer import Analyzer
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


def _one_file(tmp_path: Path, body: str, name: str = "data_analysis.toml") -> Path:
    lex = tmp_path / "lexbad"
    lex.mkdir(exist_ok=True)
    (lex / name).write_text(f'[competency]\nid = "{Path(name).stem}"\nlabel = "x"\n' + body, encoding="utf-8")
    return lex


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('[[term]]\nname = "A"\nkind = ["tool"]\n', "kind must be one of"),
        ('[[term]]\nname = ["A"]\n', "missing or empty `name`"),
        ('[[term]]\nname = "A"\naliases = "b"\n', "aliases must be a list of strings, got 'b'"),
        ('[[term]]\nname = "A"\nweight = "1"\n', "weight must be a number"),
        ('[[term]]\nname = "A"\npatterns = ["(a+)+$"]\n', "unbounded repetition"),
        ('[[term]]\nname = "A"\npatterns = ["(?:a{0,9}){0,9}"]\n', "repetition inside a repetition"),
        ('[[term]]\nname = "A"\npatterns = ["(a)\\\\1"]\n', "back-reference"),
        ('[[term]]\nname = "A"\ncontext = "near"\n', "context must be a table"),
        ('[[term]]\nname = "A"\ncontext = { near = ["@nowhere"] }\n', "unknown group '@nowhere'"),
        ('[[term]]\nname = "A"\ncontext = { near = ["b"], window = 1000 }\n', "context.window must be an integer"),
        ('[[term]]\nname = "A"\ncontext = { near = ["b"], otherwise = 3 }\n', "context.otherwise must be"),
        ('[[term]]\nname = "A"\ncontext = { window = 3 }\n', "context needs"),
        ('[[term]]\nname = "A"\nnot_inside = ["B"]\n', "must be longer than and contain a form"),
        ('[[term]]\nname = "A"\n[[term]]\nname = "a"\n', "repeats the name of term #1"),
        ("[competency.extra]\n", "unknown key 'extra'"),
    ],
)
def test_every_type_error_names_file_and_entry(tmp_path, body, expected):
    problems = check_lexicon(_one_file(tmp_path, body))
    assert any(expected in str(p) and p.file == "data_analysis.toml" for p in problems), problems


def test_catastrophic_pattern_refused_at_load_and_by_the_cli(tmp_path, capsys):
    lex = _one_file(tmp_path, '[[term]]\nname = "A"\nkind = ["tool"]\npatterns = ["(a+)+$"]\n')
    with pytest.raises(LexiconError) as info:
        load_lexicon(lex)
    assert len(info.value.problems) == 2
    assert main(["lexicon", "check", str(lex)]) == 1
    assert main(["analyze", "a" * 30 + "b", "--no-model", "--lexicon-dir", str(lex)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "data_analysis.toml" in line]
    assert len(lines) == 2 and all("term #1 'A'" in line for line in lines)


def test_data_files_are_not_competencies(tmp_path):
    lex = _copy(tmp_path)
    (lex / "paths.toml").write_text('[path.growth]\nlabel = "增长"\nanything = [1, 2]\n', encoding="utf-8")
    assert check_lexicon(lex) == []
    assert "paths" not in load_lexicon(lex).competencies
    assert "office" in load_lexicon(lex).groups


def test_context_groups_layer_and_expand(tmp_path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "contexts.toml").write_text('[mine]\nwords = ["甲方"]\n', encoding="utf-8")
    (extra / "data_analysis.toml").write_text(
        '[competency]\nid = "data_analysis"\nlabel = "数据分析能力"\n'
        '[[term]]\nname = "看板搭建"\ncontext = { not_near = ["@mine", "@office"] }\n',
        encoding="utf-8",
    )
    lex = load_lexicon([DEFAULT_LEXICON_DIR, extra])
    term = next(t for t in lex.terms if t.canonical == "看板搭建")
    assert term.context is not None and "甲方" in term.context.not_near and "ppt" in term.context.not_near


def test_a_folder_of_one_shipped_competency_uses_the_shipped_groups(tmp_path):
    """A user copies one competency file alone: its @group references still mean the shipped groups."""
    lex = tmp_path / "mine"
    lex.mkdir()
    shutil.copy(DEFAULT_LEXICON_DIR / "data_analysis.toml", lex)
    assert check_lexicon(lex) == []
    analysis = Analyzer(lexicon_dir=lex, model=None).analyze("岗位职责：负责数据分析；任职要求：熟练使用SQL")
    assert analysis.competencies["data_analysis"].terms
    assert list(load_lexicon(lex).competencies) == ["data_analysis"]


def test_an_unknown_group_is_one_problem_that_names_it(tmp_path):
    lex = tmp_path / "mine"
    lex.mkdir()
    (lex / "data_analysis.toml").write_text(
        '[competency]\nid = "data_analysis"\nlabel = "数据分析能力"\n'
        '[[term]]\nname = "看板搭建"\ncontext = { not_in_posting = ["@nowhere"] }\n',
        encoding="utf-8",
    )
    problems = check_lexicon(lex)
    assert len(problems) == 1
    assert "unknown group '@nowhere'" in str(problems[0]) and "看板搭建" in str(problems[0])

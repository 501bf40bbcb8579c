"""Career paths: the data file, its checks, ranking for résumés and postings, reasons and gaps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from opsmatch.analyzer import Analyzer
from opsmatch.career import DEFAULT_PATHS_FILE, CareerPaths, check_paths, load_paths, paths
from opsmatch.lexicon import LexiconError
from opsmatch.resume import parse_resume

ARTICLE_PATHS = {
    "expert", "team_lead", "project_manager", "director", "marketing", "product_manager", "data_analyst",
    "founder", "consultant", "creator", "trainer", "cross_border", "global_platform",
}  # fmt: skip

MANAGER = """## 工作经历
2014.03 - 2024.03 某社区App 运营经理
- 管理8人运营团队（内容、用户、活动三个小组），负责招聘、培训和绩效考核
- 制定年度运营规划和季度OKR，跨部门协调产品、技术团队推动改版上线
## 自我评价
善于带团队
"""

CROSS_BORDER = """## 工作经历
2020.01 - 2024.01 某公司 亚马逊运营：负责美国站Listing优化、FBA备货、竞品分析，用Excel分析广告数据
## 技能证书
英语专业八级，英文读写流利
"""


def test_the_shipped_file_holds_the_articles_paths() -> None:
    found = load_paths()
    assert {p.id for p in found} == ARTICLE_PATHS
    assert {p.group_label for p in found} == {"专家型", "管理型", "跨领域发展", "创业或自由职业", "国际化发展"}
    assert check_paths() == []
    for p in found:
        assert p.label and p.summary and p.signals
        assert abs(sum(p.weights) - 1) < 1e-9


def test_ranked_for_a_resume_with_reasons_and_gaps(analyzer: Analyzer) -> None:
    ranked = paths(parse_resume(MANAGER, analyzer))
    assert isinstance(ranked, CareerPaths) and ranked.kind == "resume"
    assert set(ranked.ids) == ARTICLE_PATHS
    scores = [p.score for p in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert ranked[0].id == "team_lead"
    lead = ranked["team_lead"]
    assert any(e.kind == "signal" and e.name == "团队管理经历" for e in lead.reason)
    for e in lead.reason:
        assert ranked.text[e.start : e.end] == e.term
    assert "团队管理经历" not in [g.name for g in lead.gap]
    cross = ranked["cross_border"]
    assert {"跨境平台经验", "外语能力"} <= {g.name for g in cross.gap}
    assert ranked.ids.index("cross_border") > 5


def test_international_resume(analyzer: Analyzer) -> None:
    ranked = paths(CROSS_BORDER, analyzer=analyzer)
    assert ranked.kind == "resume"
    assert ranked[0].id == "cross_border"
    assert ranked[0].gap == () or all(g.kind == "competency" for g in ranked[0].gap)


def test_self_praise_is_not_enough_for_a_core_signal(analyzer: Analyzer) -> None:
    said = paths(
        "## 工作经历\n2015.01 - 2024.01 某公司 运营专员\n## 自我评价\n带过团队，团队管理经验丰富", analyzer=analyzer
    )
    assert "团队管理经历" in [g.name for g in said["team_lead"].gap]


def test_years_lower_paths_that_need_experience(analyzer: Analyzer) -> None:
    text = "## 工作经历\n{} 某公司 运营总监：统筹5个运营团队，制定公司运营战略和年度经营目标\n## 教育背景\n某大学"
    senior = paths(text.format("2010.01 - 2024.01"), analyzer=analyzer)["director"]
    junior = paths(text.format("2023.01 - 2024.01"), analyzer=analyzer)["director"]
    assert junior.score < senior.score
    assert any(g.kind == "years" for g in junior.gap) and not any(g.kind == "years" for g in senior.gap)


def test_postings_and_analyses(analyzer: Analyzer) -> None:
    text = "岗位职责：负责亚马逊店铺运营和Listing优化；任职要求：英语六级，熟悉FBA"
    ranked = paths(text, analyzer=analyzer)
    assert ranked.kind == "posting"
    assert ranked[0].id == "cross_border"
    assert paths(analyzer.analyze(text)).ids == ranked.ids
    assert paths(text, kind="resume", analyzer=analyzer).kind == "resume"
    with pytest.raises(ValueError):
        paths(text, kind="cv")
    with pytest.raises(TypeError):
        paths(42)  # type: ignore[arg-type]


def test_a_resume_file(tmp_path: Path, analyzer: Analyzer) -> None:
    f = tmp_path / "cv.md"
    f.write_text(MANAGER, encoding="utf-8")
    assert paths(f, analyzer=analyzer).ids == paths(MANAGER, analyzer=analyzer).ids


def test_display_and_rows(tmp_path: Path, analyzer: Analyzer) -> None:
    ranked = paths(MANAGER, analyzer=analyzer)
    text = str(ranked)
    assert text.splitlines()[0].startswith("职业发展方向") and "团队管理者" in text and "依据" in text
    rows = ranked.to_dicts()
    assert [r["id"] for r in rows] == list(ranked.ids)
    json.dumps(rows, ensure_ascii=False)
    hostile = tmp_path / "paths.toml"
    hostile.write_text(
        '[groups]\nx = "<i>组</i>"\n[[path]]\nid = "x"\nlabel = "<b>X</b>"\ngroup = "x"\nsummary = "s"\n'
        'profile = "peak"\n  [[path.signal]]\n  name = "<u>s</u>"\n  patterns = ["<script>"]\n',
        encoding="utf-8",
    )
    ranked = paths("## 工作经历\n<script>x</script>带领10人团队\n## 技能\nSQL", analyzer=analyzer, paths_file=hostile)
    assert ranked[0].reason and ranked[0].reason[-1].term == "<script>"
    page = ranked._repr_html_()
    for tag in ("<script>", "<b>X</b>", "<i>组</i>", "<u>s</u>"):
        assert tag not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;X&lt;/b&gt;" in page


BROKEN = """
[groups]
expert = "专家型"

[[path]]
id = "a"
label = "A"
group = "nowhere"
summary = "s"
profile = { data_analysis = 2.0, flying = 0.5 }
subtypes = ["not_a_subtype"]
min_years = -1
  [[path.signal]]
  name = "bad"
  patterns = ["(unclosed"]

[[path]]
id = "b"
label = "B"
group = "expert"
summary = "s"
profile = "peak"
  [[path.signal]]
  name = "ok"
  patterns = ["x"]

[[path]]
id = "b"
label = "B again"
group = "expert"
summary = "s"
profile = "peak"
  [[path.signal]]
  name = "ok"
  patterns = ["x"]
"""


def test_broken_paths_files_name_the_file_and_entry(tmp_path: Path) -> None:
    f = tmp_path / "paths.toml"
    f.write_text(BROKEN, encoding="utf-8")
    problems = [str(p) for p in check_paths(f)]
    assert all(p.startswith("paths.toml: ") for p in problems)
    joined = "\n".join(problems)
    for needle in ("'nowhere'", "'flying'", "data_analysis", "not_a_subtype", "min_years", "(unclosed", "duplicate id"):
        assert needle in joined, needle
    with pytest.raises(LexiconError):
        load_paths(f)
    f.write_text("not [ toml", encoding="utf-8")
    assert "cannot be read" in str(check_paths(f)[0])
    with pytest.raises(LexiconError):
        load_paths(tmp_path / "absent.toml")


def test_a_custom_paths_file(tmp_path: Path, analyzer: Analyzer) -> None:
    mine = tmp_path / "paths.toml"
    mine.write_text(
        DEFAULT_PATHS_FILE.read_text(encoding="utf-8")
        + '\n[[path]]\nid = "live_streamer"\nlabel = "主播"\ngroup = "entrepreneur"\nsummary = "做直播"\n'
        'profile = { copywriting = 1.0 }\n  [[path.signal]]\n  name = "直播经历"\n  patterns = ["直播"]\n  core = true\n',
        encoding="utf-8",
    )
    ranked = paths(
        "## 工作经历\n2019.01 - 2024.01 带货直播，单场GMV百万，撰写直播话术\n## 技能\n剪映",
        analyzer=analyzer,
        paths_file=mine,
    )
    assert "live_streamer" in ranked.ids


def test_cli_paths(tmp_path: Path) -> None:
    f = tmp_path / "cv.md"
    f.write_text(MANAGER, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "opsmatch.cli", "paths", str(f), "-n", "3"], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("依据") == 3 and "团队管理者" in out.stdout
    js = subprocess.run(
        [sys.executable, "-m", "opsmatch.cli", "paths", "-", "--json", "--kind", "posting"],
        input="负责亚马逊店铺运营，英语六级", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert json.loads(js.stdout)[0]["id"] == "cross_border"

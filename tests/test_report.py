"""opsmatch report: one self-contained, escaped HTML page; rendered in headless Chromium when it is here."""

from __future__ import annotations

import csv
import doctest
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from opsmatch import report as report_mod
from opsmatch.batch import score_frame
from opsmatch.report import load_scored, render_report, write_report

HOSTILE = '<script>alert("x")</script>'
POSTINGS = [
    (
        "新媒体运营专员",
        "岗位职责：负责公众号与小红书文案撰写，策划选题。\n任职要求：本科及以上学历，1年以上新媒体运营经验，会用Excel做数据分析。",
        "8k-12k",
    ),
    (
        "资深用户运营",
        "岗位职责：负责用户拉新、留存与召回，搭建会员体系，分析用户画像与用户需求。\n任职要求：3年以上用户运营经验，熟练使用SQL。",
        "20-30K·14薪",
    ),
    (
        "活动运营实习生",
        "岗位职责：协助策划线上活动，跟进执行与复盘。\n任职要求：每周至少实习4天，本科在读。",
        "150元/天",
    ),
    (
        "电商运营经理",
        "岗位职责：负责天猫店铺运营，制定推广计划，跨部门协调资源，分析竞品。\n任职要求：大专以上学历，5年以上电商运营经验。",
        "1.5-2万/月",
    ),
    (
        "社群运营主管",
        "岗位职责：负责社群搭建与活跃，带领团队完成拉新目标，撰写社群文案。\n任职要求：2年以上社群运营经验。",
        "12k-18k",
    ),
    (
        "SEO专员",
        "岗位职责：负责网站SEO优化与关键词排名，数据监控与分析。\n任职要求：大专以上学历，经验不限。",
        "6000-8000元/月",
    ),
    (
        "内容运营",
        "岗位职责：负责平台内容规划与创作者运营，把控内容质量。\n任职要求：本科，2年以上内容运营经验，文字功底好。",
        "面议",
    ),
    (
        "数据运营专员",
        "岗位职责：搭建数据看板，监控核心指标，输出分析报告，推动业务优化。\n任职要求：熟练使用SQL、Python、Tableau。",
        "10-15k",
    ),
    (HOSTILE, f"岗位职责：{HOSTILE} 负责用户运营 \"onmouseover=alert(1) x='\x07\n任职要求：本科", "<b>10k</b>"),
    (
        "市场推广总监",
        "岗位职责：负责品牌推广与线下活动，制定市场策略，管理10人团队。\n任职要求：8年以上市场经验，硕士优先。",
        "年薪50-80万",
    ),
]
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "div", "p", "section",
    "svg", "text", "rect", "line", "circle", "table", "thead", "tbody", "tr", "th", "td", "span", "mark", "b", "br", "footer",
}  # fmt: skip


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.on_attrs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.on_attrs += [k for k, _ in attrs if k.lower().startswith("on")]
        self.text += [v or "" for _, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _postings_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["职位名称", "职位描述", "薪资"])
        w.writerows(POSTINGS)
    return path


@pytest.fixture(scope="module")
def scored(analyzer) -> pd.DataFrame:
    df = pd.DataFrame(POSTINGS, columns=["职位名称", "职位描述", "薪资"])
    return score_frame(df, "职位描述", "职位名称", analyzer=analyzer, progress=False)


def _check_page(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= ALLOWED_TAGS, parser.tags - ALLOWED_TAGS
    assert not parser.on_attrs
    assert "<script" not in page.lower() and "\x07" not in page
    return parser


def test_report_has_every_part_and_escapes_the_data(scored, analyzer):
    page = render_report(scored, analyzer=analyzer, source=HOSTILE, title=HOSTILE)
    parser = _check_page(page)
    text = "".join(parser.text)
    assert HOSTILE in text  # shown as text, never as markup
    for anchor in ("overview", "mix", "heatmap", "terms", "salary", "ladder", "examples"):
        assert f'id="{anchor}"' in page
    assert "Content-Security-Policy" in page and "http://" not in page and "https://" not in page
    assert page.count('class="opsmatch-posting"') == 4  # four example cards
    for label in ("数据分析能力", "用户洞察能力", "市场分析能力", "文案写作能力", "项目管理能力", "资深/高级", "实习"):
        assert label in text


def test_hostile_values_in_every_result_column_are_escaped(scored):
    df = scored.copy()
    for col in ("subtype_label", "family", "seniority", "education", "data_analysis_evidence", "subtype"):
        df[col] = HOSTILE + "、" + HOSTILE
    page = render_report(df, examples=0)
    parser = _check_page(page)
    assert HOSTILE in "".join(parser.text)


def test_report_without_salaries_or_sub_types(bare_analyzer):
    df = pd.DataFrame(POSTINGS[:4], columns=["职位名称", "职位描述", "其他"])
    out = score_frame(df, "职位描述", "职位名称", analyzer=bare_analyzer, progress=False)
    page = render_report(out, examples=2, analyzer=bare_analyzer)
    _check_page(page)
    assert 'id="salary"' not in page and 'id="heatmap"' not in page and 'id="overview"' in page
    assert 'id="examples"' in page


def test_empty_and_all_error_files_still_render(scored):
    _check_page(render_report(scored.iloc[:0], examples=2))
    broken = scored.assign(error="empty text")
    _check_page(render_report(broken, examples=2))


def _cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "opsmatch.cli", *args], capture_output=True, timeout=300)


def test_cli_score_then_report(tmp_path):
    src = _postings_csv(tmp_path / "postings.csv")
    scored_csv = tmp_path / "scored.csv"
    res = _cli("score", str(src), "-o", str(scored_csv), "--summary")
    assert res.returncode == 0, res.stderr.decode()
    assert "salary column '薪资'" in res.stderr.decode()
    assert "薪资溢价 salary premium" in res.stdout.decode() and "数据分析能力" in res.stdout.decode()
    out = tmp_path / "site" / "report.html"
    res = _cli("report", str(scored_csv), "-o", str(out), "--examples", "2")
    assert res.returncode == 0, res.stderr.decode()
    page = out.read_text(encoding="utf-8")
    _check_page(page)
    assert 'id="salary"' in page and page.count('class="opsmatch-posting"') == 2
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]  # no temporary file left
    assert oct(out.stat().st_mode & 0o044) != "0o0"  # readable by others: a report is for sharing
    loaded = load_scored(scored_csv)
    assert loaded["salary_min_monthly"].notna().sum() == 9 and str(loaded["salary_min_monthly"].dtype) == "float64"


def test_cli_report_bad_input(tmp_path):
    res = _cli("report", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "r.html"))
    assert res.returncode == 2 and res.stderr.decode().count("\n") == 1 and "no such file" in res.stderr.decode()
    plain = _postings_csv(tmp_path / "plain.csv")
    res = _cli("report", str(plain), "-o", str(tmp_path / "r.html"))
    assert res.returncode == 2 and "score it first" in res.stderr.decode()
    assert not (tmp_path / "r.html").exists()


def test_write_report_takes_a_frame_and_is_atomic(scored, tmp_path):
    out = write_report(scored, tmp_path / "r.html", examples=0)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_doctests():
    result = doctest.testmod(report_mod)
    assert result.attempted >= 2 and result.failed == 0


# -- headless Chromium --------------------------------------------------------------------
CHROMIUM = next((p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None)
CONSOLE = re.compile(r":CONSOLE[:(]")


def _chromium(page: Path, shot: Path) -> list[str]:
    """Render ``page`` headless, screenshot it, and return the console lines Chromium logged."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="opsmatch-chromium-") as profile:
        res = subprocess.run(
            [
                CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", "--window-size=1200,2400",
                f"--screenshot={shot}", page.as_uri(),
            ],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
        leftovers = [pid for pid in os.listdir("/proc") if pid.isdigit() and _cmdline_has(pid, profile)]
    assert not leftovers, f"Chromium processes left behind: {leftovers}"
    assert res.returncode == 0, res.stderr.decode(errors="replace")[-2000:]
    return [line for line in res.stderr.decode(errors="replace").splitlines() if CONSOLE.search(line)]


def _cmdline_has(pid: str, needle: str) -> bool:
    try:
        return needle in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (Debian: apt-get install -y chromium)")
def test_report_in_headless_chromium(scored, analyzer, tmp_path):
    # the console check itself works: a page that logs an error is caught
    control = tmp_path / "control.html"
    control.write_text('<p>x</p><script>console.error("opsmatch-control")</script>', encoding="utf-8")
    assert any("opsmatch-control" in line for line in _chromium(control, tmp_path / "control.png"))

    page = write_report(scored, tmp_path / "report.html", analyzer=analyzer, source=HOSTILE)
    shot = tmp_path / "report.png"
    console = _chromium(page, shot)
    assert console == [], console
    assert shot.stat().st_size > 20_000
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with the [plot] extra
        return
    with Image.open(shot) as im:
        assert im.size == (1200, 2400)
        colours = im.convert("RGB").resize((60, 120)).getcolors(60 * 120)
        assert colours is not None and len(colours) > 20  # charts and text, not a blank page

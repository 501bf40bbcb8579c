"""Charts: each renders to PNG with Chinese glyphs (a "Glyph ... missing" warning fails the test)."""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402

import opsmatch.plot as plot  # noqa: E402
from opsmatch.analyzer import Analyzer  # noqa: E402
from opsmatch.batch import score_frame  # noqa: E402
from opsmatch.taxonomy import COMPETENCIES  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "postings.csv"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _clean_matplotlib() -> Iterator[None]:
    """Each test gets the rcParams it started with back, and leaves no figure open."""
    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture(scope="module")
def scored(analyzer: Analyzer) -> pd.DataFrame:
    df = pd.read_csv(EXAMPLES)
    return score_frame(df, "职位描述", title_col="职位名称", analyzer=analyzer, progress=False)


def render(fig: Any) -> bytes:
    """The figure as PNG; a missing glyph (Chinese drawn as empty boxes) raises."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing from")
        fig.savefig(buf, format="png", dpi=50)
    return buf.getvalue()


def groups(scored: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {
        "内容/新媒体": scored[scored["subtype"].isin(["content_ops", "new_media_ops"])],
        "数据/用户运营": scored[scored["subtype"].isin(["data_ops", "user_ops"])],
    }


CHARTS: dict[str, Callable[[pd.DataFrame, Analyzer], Any]] = {
    "radar_posting": lambda s, a: plot.radar(a.analyze("熟练使用SQL，负责公众号文案", title="新媒体运营")).figure,
    "radar_group_mean": lambda s, a: plot.radar(s).figure,
    "radar_groups": lambda s, a: plot.radar(groups(s)).figure,
    "radar_by_share": lambda s, a: (
        plot.radar(s[s["subtype"].isin(["data_ops", "ecommerce_ops"])], by="subtype_label", stat="share").figure
    ),
    "radar_mapping": lambda s, a: plot.radar({"数据分析能力": 0.8, "copywriting": 0.3}).figure,
    "heatmap": lambda s, a: plot.heatmap(s).figure,
    "heatmap_share": lambda s, a: plot.heatmap(s, stat="share", min_postings=12).figure,
    "subtype_bars": lambda s, a: plot.subtype_bars(s).figure,
    "subtype_bars_share": lambda s, a: plot.subtype_bars(s, normalize=True).figure,
    "top_terms": lambda s, a: plot.top_terms(s, n=6),
    "top_terms_two": lambda s, a: plot.top_terms(
        s[s["subtype"] == "content_ops"], competencies=["copywriting", "market_analysis"]
    ),
}


@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_renders_chinese(name: str, scored: pd.DataFrame, analyzer: Analyzer) -> None:
    fig = CHARTS[name](scored, analyzer)
    assert isinstance(fig, matplotlib.figure.Figure)
    assert render(fig).startswith(PNG)
    texts = " ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))
    assert any("\u4e00" <= ch <= "\u9fff" for ch in texts)  # there is Chinese to draw


def test_the_guard_catches_missing_glyphs() -> None:
    """Without a CJK font, rendering Chinese warns "Glyph ... missing" and the guard raises."""
    fig = plt.figure()
    fig.text(0.5, 0.5, "护栏自检", fontfamily="DejaVu Sans")
    with pytest.raises(UserWarning, match="Glyph .* missing"):
        render(fig)


def test_the_chosen_font_draws_chinese() -> None:
    family = plot.use_cjk_font()
    assert matplotlib.rcParams["font.family"][0] == family
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert plot._has_glyphs(path, "数据分析能力文案写作项目管理")


def test_a_packaged_font_is_found_when_mplfonts_is_installed() -> None:
    pytest.importorskip("mplfonts")
    path = plot._packaged_font()
    assert path is not None and path.is_file() and plot._has_glyphs(path)
    assert plot.find_cjk_font() == path


def test_clear_error_when_no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plot, "_packaged_font", lambda: None)
    monkeypatch.setattr(plot, "_system_font", lambda: None)
    with pytest.raises(plot.CJKFontError, match=r'pip install "opsmatch\[plot\]"'):
        plot.radar({"data_analysis": 0.5})


def test_a_font_without_chinese_is_refused(tmp_path: Path) -> None:
    dejavu = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    with pytest.raises(plot.CJKFontError, match="no Chinese glyphs"):
        plot.use_cjk_font(dejavu)
    with pytest.raises(plot.CJKFontError, match="no such font"):
        plot.use_cjk_font(tmp_path / "missing.otf")


def test_group_scores_reads_every_kind_of_input(scored: pd.DataFrame, analyzer: Analyzer) -> None:
    a = analyzer.analyze("熟练使用SQL")
    expected = a.competencies["data_analysis"].score
    assert plot.group_scores(a)["data_analysis"] == pytest.approx(expected)
    assert plot.group_scores([a, a])["data_analysis"] == pytest.approx(expected, abs=1e-4)  # via to_dict, rounded
    assert plot.group_scores({"数据分析能力": 0.5, "copywriting_score": 0.2}) == {
        **dict.fromkeys(COMPETENCIES, 0.0),
        "data_analysis": 0.5,
        "copywriting": 0.2,
    }
    mean = plot.group_scores(scored)["data_analysis"]
    assert mean == pytest.approx(scored.loc[scored["error"].isna(), "data_analysis_score"].mean())
    share = plot.group_scores(scored, stat="share")["data_analysis"]
    assert 0 < mean < share <= 1


def test_charts_draw_into_given_axes(scored: pd.DataFrame) -> None:
    fig = plt.figure(figsize=(10, 4))
    left = fig.add_subplot(1, 2, 1, projection="polar")
    right = fig.add_subplot(1, 2, 2)
    assert plot.radar(groups(scored), ax=left) is left
    assert plot.subtype_bars(scored, ax=right) is right
    render(fig)
    with pytest.raises(ValueError, match="polar"):
        plot.radar(scored, ax=right)


def test_bad_input_is_reported(scored: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="not a scored frame"):
        plot.heatmap(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="stat"):
        plot.heatmap(scored, stat="median")
    with pytest.raises(ValueError, match="unknown competencies"):
        plot.top_terms(scored, competencies=["nope"])

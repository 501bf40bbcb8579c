"""Charts of opsmatch results, with Chinese labels that render on any machine.

``pip install "opsmatch[plot]"`` brings matplotlib and ``mplfonts`` (which ships Noto Sans
CJK SC). Use it as ``from opsmatch import plot`` (or ``import opsmatch.plot as plot``):

>>> import os, tempfile, pandas as pd, opsmatch
>>> from opsmatch import plot
>>> df = pd.DataFrame({"职位名称": ["新媒体运营", "社群运营", "新媒体运营"],
...                    "职位描述": ["负责公众号文案，熟练使用SQL", "负责社群拉新，会Excel做数据分析", "负责小红书种草文案"]})
>>> scored = opsmatch.score_frame(df, "职位描述", title_col="职位名称", progress=False)
>>> ax = plot.heatmap(scored)
>>> [t.get_text() for t in ax.get_yticklabels()]
['新媒体运营 (2)', '社群运营 (1)']
>>> ax.figure.savefig(os.path.join(tempfile.mkdtemp(), "heatmap.png"), dpi=150)

``radar``, ``heatmap`` and ``subtype_bars`` draw into ``ax`` (or a new figure) and return the
``Axes``; ``top_terms`` lays out one panel per competency and returns the ``Figure``. Nothing
is shown: in Jupyter the inline backend displays the figure, in a script save it.

matplotlib's default fonts have no Chinese glyphs, so every chart first calls
``use_cjk_font()``: it finds a font with CJK glyphs (the one ``mplfonts`` ships, else a system
font such as Noto Sans CJK, Source Han Sans or WenQuanYi), registers it with matplotlib and
puts it first in ``rcParams["font.family"]`` and ``rcParams["font.sans-serif"]`` — and raises ``CJKFontError`` rather than draw
empty boxes when there is none. No network is used and no file is written.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias, cast

import numpy as np
import pandas as pd

try:
    import matplotlib
    from matplotlib import font_manager
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ft2font import FT2Font
    from matplotlib.projections.polar import PolarAxes
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError('opsmatch.plot needs matplotlib: pip install "opsmatch[plot]"') from exc

from opsmatch.display import COMPETENCY_COLORS, competency_colors
from opsmatch.results import PostingAnalysis
from opsmatch.summary import find_result_columns
from opsmatch.taxonomy import COMPETENCIES

__all__ = [
    "CJK_FAMILIES",
    "CJKFontError",
    "find_cjk_font",
    "group_scores",
    "heatmap",
    "radar",
    "subtype_bars",
    "top_terms",
    "use_cjk_font",
]

CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK TC",
    "Noto Sans CJK JP", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
    "Hiragino Sans GB", "Heiti SC", "SimHei", "Droid Sans Fallback", "AR PL UMing CN", "AR PL UKai CN",
)  # fmt: skip
"""Font families with Chinese glyphs looked for among the system's fonts, in order."""

_PROBE = "数据分析能力用户洞察市场文案写作项目管理运营新媒体电商"
_FILE_HINTS = ("cjk", "sourcehan", "notosanssc", "wqy", "wenquanyi", "msyh", "pingfang", "simhei", "droidsansfallback")
_MPLFONTS_FILE = "NotoSansCJKsc-Regular.otf"
_SERIES_COLORS = ("#4E79A7", "#E15759", "#59A14F", "#F28E2B", "#B07AA1", "#76B7B2", "#EDC948", "#9C755F")

Scored: TypeAlias = pd.DataFrame | Sequence[PostingAnalysis]
"""A scored frame (``opsmatch.score_frame``) or the analyses themselves."""
ScoresLike: TypeAlias = PostingAnalysis | pd.DataFrame | pd.Series | Mapping[str, float] | Sequence[PostingAnalysis]


class CJKFontError(RuntimeError):
    """No font with Chinese glyphs could be found for matplotlib."""


# -- fonts --------------------------------------------------------------------------------
def _has_glyphs(path: str | Path, probe: str = _PROBE) -> bool:
    """Whether the font file (first face of a collection) draws every character of ``probe``."""
    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in probe)


def _packaged_font() -> Path | None:
    """Noto Sans CJK SC from the ``mplfonts`` package, found without importing it."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / _MPLFONTS_FILE
        if path.is_file():
            return path
    return None


def _regularity(entry: Any) -> tuple[bool, int]:
    """Sort key of a font entry: upright first, then closest to the regular weight (400)."""
    weight = entry.weight if isinstance(entry.weight, int) else font_manager.weight_dict.get(str(entry.weight), 400)
    return entry.style == "normal", -abs(weight - 400)


def _system_font() -> Path | None:
    """A system font with CJK glyphs: a known family matplotlib knows, else a font file by name."""
    known: dict[str, str] = {}
    for entry in sorted(font_manager.fontManager.ttflist, key=_regularity, reverse=True):
        known.setdefault(entry.name, entry.fname)  # the most regular face of each family wins
    for family in CJK_FAMILIES:
        if family in known and _has_glyphs(known[family]):
            return Path(known[family])
    candidates = [p for p in font_manager.findSystemFonts() if any(h in Path(p).name.lower() for h in _FILE_HINTS)]
    for path in sorted(candidates, key=lambda p: ("sc" not in Path(p).name.lower(), p)):
        if _has_glyphs(path):
            return Path(path)
    return None


def find_cjk_font() -> Path:
    """The font file used for Chinese labels: ``mplfonts``' Noto Sans CJK SC, else a system font.

    >>> find_cjk_font().suffix in {".otf", ".ttf", ".ttc"}
    True
    """
    path = _packaged_font() or _system_font()
    if path is None:
        raise CJKFontError(
            "no font with Chinese glyphs found for matplotlib, so labels would show as empty boxes. "
            'Install one: pip install "opsmatch[plot]" (ships Noto Sans CJK SC via mplfonts), or a system '
            "font such as fonts-noto-cjk; or pass a font file: opsmatch.plot.use_cjk_font('/path/font.otf')"
        )
    return path


@lru_cache(maxsize=8)
def _register(path: str) -> str:
    """Add the font file to matplotlib's font manager (once) and return its family name."""
    if not _has_glyphs(path):
        raise CJKFontError(f"{path}: this font has no Chinese glyphs (or cannot be read)")
    font_manager.fontManager.addfont(path)
    names = [entry.name for entry in font_manager.fontManager.ttflist if entry.fname == path]
    preferred = [n for n in names if n.endswith((" SC", " CN"))]
    return (preferred or names or [FT2Font(path).family_name])[0]


def use_cjk_font(font: str | Path | None = None) -> str:
    """Make matplotlib draw Chinese: register a CJK font, put it first in ``font.family`` and ``font.sans-serif``.

    ``font`` is a font file; by default ``find_cjk_font()`` chooses. Returns the family name.
    Every chart calls it, so call it yourself only for your own matplotlib figures.

    >>> family = use_cjk_font()  # e.g. 'Noto Sans CJK SC'
    >>> matplotlib.rcParams["font.family"][0] == family
    True
    """
    path = Path(font) if font is not None else find_cjk_font()
    if not path.is_file():
        raise CJKFontError(f"{path}: no such font file")
    family = _register(str(path.resolve()))
    # font.family for text made from now on; font.sans-serif too, because text made earlier (an
    # Axes the caller created before the first chart) keeps the generic "sans-serif", which is
    # looked up only when the figure is drawn
    for key in ("font.family", "font.sans-serif"):
        current = list(matplotlib.rcParams[key])
        if not current or current[0] != family:
            matplotlib.rcParams[key] = [family, *(f for f in current if f != family)]
    return family


# -- data ---------------------------------------------------------------------------------
def _as_frame(data: pd.DataFrame | Iterable[PostingAnalysis]) -> pd.DataFrame:
    """A scored frame (rows without an error), from a frame or from ``PostingAnalysis`` results."""
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame([a.to_dict() for a in data])
    try:
        prefix = find_result_columns(list(frame.columns)).prefix
    except ValueError:
        prefix = ""
    if prefix:  # the input had columns of our names: use ours, under their plain names
        ours = {c: c[len(prefix) :] for c in map(str, frame.columns) if c.startswith(prefix)}
        frame = frame.drop(columns=[c for c in ours.values() if c in frame]).rename(columns=ours)
    if "error" in frame:
        frame = frame[frame["error"].isna()]
    if not _competencies(frame):
        raise ValueError("not a scored frame (see opsmatch.score_frame): no <competency>_score columns")
    return frame


def _competencies(frame: pd.DataFrame) -> list[str]:
    """The competency ids of a scored frame, in column order (any lexicon's)."""
    names = {str(c) for c in frame.columns}
    return [
        c[: -len("_score")]
        for c in map(str, frame.columns)
        if c.endswith("_score") and c[: -len("_score")] + "_evidence" in names
    ]


def _labels(data: object) -> dict[str, str]:
    """Competency id -> label: the shipped ones, and those ``score_frame`` records in ``df.attrs``."""
    labels = dict(COMPETENCIES)
    if isinstance(data, pd.DataFrame):
        labels.update(data.attrs.get("opsmatch", {}).get("competencies", {}))
    elif isinstance(data, PostingAnalysis):
        labels.update({cid: comp.label for cid, comp in data.competencies.items()})
    elif isinstance(data, Mapping):
        for value in data.values():
            labels.update({k: v for k, v in _labels(value).items() if k not in COMPETENCIES})
    return labels


def _score_matrix(frame: pd.DataFrame, stat: str) -> pd.DataFrame:
    cids = _competencies(frame)
    scores = frame[[f"{cid}_score" for cid in cids]].astype("float64").fillna(0.0)
    scores.columns = cids
    if stat not in ("mean", "share"):
        raise ValueError(f"stat must be 'mean' or 'share', not {stat!r}")
    out: pd.DataFrame = (scores > 0).astype("float64") if stat == "share" else scores
    return out


def group_scores(data: ScoresLike, *, stat: str = "mean") -> dict[str, float]:
    """Competency id -> score for one posting, or the mean (``stat="share"``: share asking) of a group.

    >>> import opsmatch
    >>> group_scores(opsmatch.analyze("熟练使用SQL"))["data_analysis"]  # doctest: +ELLIPSIS
    0.48...
    """
    if isinstance(data, PostingAnalysis):
        return {cid: comp.score for cid, comp in data.competencies.items()}
    if isinstance(data, pd.DataFrame) or (
        isinstance(data, Sequence) and not isinstance(data, str) and all(isinstance(a, PostingAnalysis) for a in data)
    ):
        matrix = _score_matrix(_as_frame(data), stat)
        return {cid: float(matrix[cid].mean()) if len(matrix) else 0.0 for cid in matrix.columns}
    if isinstance(data, (pd.Series, Mapping)):
        by_label = {label: cid for cid, label in COMPETENCIES.items()}
        given = {
            by_label.get(str(key), str(key).removesuffix("_score")): float(value) for key, value in dict(data).items()
        }
        out = dict.fromkeys(COMPETENCIES, 0.0) if set(given) <= set(COMPETENCIES) else {}
        out.update(given)
        return out
    raise TypeError(f"cannot read competency scores from {type(data).__name__}")


def _is_scores_mapping(data: object) -> bool:
    return isinstance(data, pd.Series) or (
        isinstance(data, Mapping) and all(isinstance(v, (int, float, np.floating)) for v in data.values())
    )


def _series(data: ScoresLike | Mapping[str, ScoresLike], by: str | None, stat: str) -> dict[str, dict[str, float]]:
    """Name -> scores for every polygon of a radar."""
    if by is not None:
        frame = _as_frame(cast(Scored, data))  # a frame to group (checked by _as_frame)
        groups = frame.groupby(frame[_group_column(by)].fillna("(无分类)"), sort=False)
        ordered = sorted(groups, key=lambda kv: -len(kv[1]))
        return {f"{name} (n={len(g)})": group_scores(g, stat=stat) for name, g in ordered}
    if isinstance(data, Mapping) and not _is_scores_mapping(data):
        groups_of = cast(Mapping[str, ScoresLike], data)  # name -> group, not id -> score
        return {str(name): group_scores(group, stat=stat) for name, group in groups_of.items()}
    if isinstance(data, PostingAnalysis):
        name = data.title or data.subtype_label or "posting"
    elif isinstance(data, pd.DataFrame):
        name = f"mean of {len(_as_frame(data))}" if stat == "mean" else f"share of {len(_as_frame(data))}"
    else:
        name = "scores"
    return {name: group_scores(cast(ScoresLike, data), stat=stat)}


# -- charts -------------------------------------------------------------------------------
def _new_axes(ax: Axes | None, figsize: tuple[float, float], polar: bool = False) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    new: Axes = fig.add_subplot(projection="polar" if polar else None)
    return new


def radar(
    data: ScoresLike | Mapping[str, ScoresLike],
    *,
    by: str | None = None,
    stat: str = "mean",
    ax: Axes | None = None,
    title: str | None = None,
    fill: bool = True,
) -> Axes:
    """A competency radar: one posting, the mean of a group, or several groups overlaid.

    ``data`` is a ``PostingAnalysis``, a scored frame (its mean), a mapping of name -> any of
    those (one polygon each), or a scored frame with ``by`` a column to group on (``"subtype"``
    or ``"family"`` for their labels). ``stat="share"`` draws the share of postings asking for
    each competency instead of the mean score.

    >>> import opsmatch, pandas as pd
    >>> jd = pd.DataFrame({"jd": ["负责公众号文案，熟练使用SQL", "负责社群拉新，会Excel做数据分析"]})
    >>> scored = opsmatch.score_frame(jd, "jd", progress=False)
    >>> ax = radar({"文案": scored.iloc[[0]], "社群": scored.iloc[[1]]})
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['文案', '社群']
    """
    use_cjk_font()
    series = _series(data, by, stat)
    if ax is not None and not isinstance(ax, PolarAxes):
        raise ValueError("radar needs polar axes: fig.add_subplot(projection='polar')")
    ax = cast(PolarAxes, _new_axes(ax, (5.2, 4.6), polar=True))
    cids = list(dict.fromkeys(cid for scores in series.values() for cid in scores))
    names = _labels(data)
    labels = [names.get(cid, cid) for cid in cids]
    angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False)
    closed = np.append(angles, angles[0])
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    for i, (name, scores) in enumerate(series.items()):
        values = [scores.get(cid, 0.0) for cid in cids]
        color = _SERIES_COLORS[i % len(_SERIES_COLORS)]
        ax.plot(closed, [*values, values[0]], color=color, linewidth=2, label=name)
        if fill:
            ax.fill(closed, [*values, values[0]], color=color, alpha=0.15)
    ax.set_xticks(angles, labels)
    ax.tick_params(axis="x", pad=6)
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"], fontsize=7, color="#57606A")
    ax.set_rlabel_position(180 / len(labels))  # between the first two spokes
    if len(series) > 1:
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.05), frameon=False, fontsize=9)
    if title is None:
        title = "平均能力得分" if stat == "mean" else "要求该能力的岗位占比"
        if isinstance(data, PostingAnalysis):
            title = f"{data.title} · 能力得分" if data.title else "能力得分"
    ax.set_title(title, pad=14)
    return ax


def _group_column(by: str) -> str:
    """The column to group by: ``"subtype"`` and ``"family"`` stand for their Chinese labels."""
    return {"subtype": "subtype_label", "family": "family_label"}.get(by, by)


def _group_name(column: str) -> str:
    """What the groups are called in a chart title."""
    return "运营类别" if column.startswith("family") else "子类型"


def heatmap(
    scored: Scored,
    *,
    by: str = "subtype_label",
    stat: str = "mean",
    ax: Axes | None = None,
    min_postings: int = 1,
    annotate: bool = True,
    cmap: str = "Blues",
    title: str | None = None,
) -> Axes:
    """Sub-type x competency heatmap of a scored frame: mean score (or ``stat="share"`` asking).

    Rows are the values of ``by`` (a column; ``"subtype"`` or ``"family"`` for their labels)
    with at least ``min_postings`` postings, largest first.

    >>> import opsmatch, pandas as pd
    >>> jd = pd.DataFrame({"jd": ["负责公众号文案，熟练使用SQL", "负责社群拉新，会Excel做数据分析"]})
    >>> ax = heatmap(opsmatch.score_frame(jd, "jd", progress=False), stat="share")
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['数据分析能力', '用户洞察能力']
    """
    use_cjk_font()
    frame = _as_frame(scored)
    by = _group_column(by)
    key = frame[by].fillna("(无分类)")
    counts = key.value_counts()
    counts = counts[counts >= min_postings]
    table = _score_matrix(frame, stat).groupby(key).mean().loc[counts.index]
    ax = _new_axes(ax, (6.4, 0.9 + 0.36 * max(len(table), 1)))
    image = ax.imshow(table.to_numpy(), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(
        range(len(table.columns)), [_labels(scored).get(c, c) for c in table.columns], rotation=30, ha="right"
    )
    ax.set_yticks(range(len(table)), [f"{name} ({n})" for name, n in counts.items()])
    ax.tick_params(length=0)
    if annotate:
        for (i, j), value in np.ndenumerate(table.to_numpy()):
            ax.text(
                j, i, f"{value:.2f}", ha="center", va="center", fontsize=8, color="white" if value > 0.55 else "#1F2328"
            )
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="平均得分" if stat == "mean" else "要求占比")
    ax.set_title(title if title is not None else f"各{_group_name(by)}要求的能力")
    return ax


def subtype_bars(
    scored: Scored,
    *,
    by: str = "subtype_label",
    ax: Axes | None = None,
    normalize: bool = False,
    color: str = "#4E79A7",
    title: str | None = None,
) -> Axes:
    """Horizontal bars of how many postings (``normalize``: what share) fall in each sub-type
    (``by="family"``: each family of sub-types).

    >>> import opsmatch, pandas as pd
    >>> jd = pd.DataFrame({"jd": ["负责公众号文案，熟练使用SQL", "Java开发，熟悉Spring"]})
    >>> ax = subtype_bars(opsmatch.score_frame(jd, "jd", progress=False), normalize=True)
    >>> len(ax.patches)  # one bar per sub-type found
    2
    """
    use_cjk_font()
    frame = _as_frame(scored)
    by = _group_column(by)
    key = frame[by].fillna("(无分类)")
    counts = (key.value_counts(normalize=True) if normalize else key.value_counts()).sort_values()
    ax = _new_axes(ax, (6.0, 0.8 + 0.3 * max(len(counts), 1)))
    bars = ax.barh([str(i) for i in counts.index], counts.to_numpy(), color=color)
    ax.bar_label(bars, labels=[f"{v:.0%}" if normalize else f"{v:d}" for v in counts.to_numpy()], padding=3, fontsize=8)
    ax.set_xlabel("岗位占比" if normalize else "岗位数")
    ax.spines[["top", "right"]].set_visible(False)
    ax.margins(x=0.12)
    ax.set_title(title if title is not None else f"{_group_name(by)}分布")
    return ax


def _term_counts(frame: pd.DataFrame, cid: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for cell in frame[f"{cid}_evidence"].dropna():
        counts.update(t for t in str(cell).split("、") if t)
    return counts


def top_terms(
    scored: Scored,
    *,
    n: int = 8,
    competencies: Sequence[str] | None = None,
    ncols: int = 3,
    title: str | None = None,
) -> Figure:
    """The ``n`` most frequent evidence terms of each competency, one panel each; returns the Figure.

    Counts are postings whose evidence names the term.

    >>> import opsmatch, pandas as pd
    >>> jd = pd.DataFrame({"jd": ["负责公众号文案，熟练使用SQL", "负责社群拉新，会Excel做数据分析"]})
    >>> fig = top_terms(opsmatch.score_frame(jd, "jd", progress=False), n=6)
    >>> [ax.get_title() for ax in fig.axes][:2]
    ['数据分析能力', '用户洞察能力']
    """
    import matplotlib.pyplot as plt

    use_cjk_font()
    frame = _as_frame(scored)
    available = _competencies(frame)
    cids = list(competencies or available)
    unknown = [c for c in cids if c not in available]
    if unknown:
        raise ValueError(f"unknown competencies {unknown}; choose from {available}")
    colors = competency_colors(cids)
    ncols = max(1, min(ncols, len(cids)))
    nrows = -(-len(cids) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.3 * ncols, 0.5 + 0.28 * n * nrows), layout="constrained", squeeze=False
    )
    for ax, cid in zip(axes.flat, cids):
        common = _term_counts(frame, cid).most_common(n)[::-1]
        if common:
            bars = ax.barh(
                [t for t, _ in common],
                [c for _, c in common],
                color=colors.get(cid, COMPETENCY_COLORS["data_analysis"]),
            )
            ax.bar_label(bars, padding=2, fontsize=7)
        else:
            ax.text(0.5, 0.5, "无证据", ha="center", va="center", transform=ax.transAxes, color="#57606A")
            ax.set_yticks([])
        ax.set_title(_labels(scored).get(cid, cid), fontsize=10, color=colors.get(cid))
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=7)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(x=0.15)
    for ax in list(axes.flat)[len(cids) :]:
        ax.set_visible(False)
    fig.suptitle(title if title is not None else "各能力最常见的证据词（岗位数）")
    return fig

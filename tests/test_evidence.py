"""Evidence in long form: evidence_frame and `opsmatch score --evidence`."""

import csv

import pandas as pd

import opsmatch
from opsmatch.cli import main
from opsmatch.evidence import EVIDENCE_COLUMNS, evidence_frame


def test_evidence_frame_from_texts(bare_analyzer):
    df = evidence_frame(
        ["熟练使用SQL，执行力强", "负责公众号推文撰写\n福利待遇：免费数据分析培训"], analyzer=bare_analyzer
    )
    assert list(df.columns) == list(EVIDENCE_COLUMNS)
    first = df[df.row == 0]
    assert set(first.canonical) == {"SQL", "执行力"}
    assert first.set_index("canonical").loc["执行力", "strength"] == "implied"
    second = df[df.row == 1].set_index("canonical")
    assert second.loc["数据分析", "section"] == "benefits" and not second.loc["数据分析", "counted"]
    assert second.loc["公众号文章", "counted"]
    texts = ["熟练使用SQL，执行力强", "负责公众号推文撰写\n福利待遇：免费数据分析培训"]
    for _, r in df.iterrows():
        assert texts[r.row][r.start : r.end] == r.term


def test_evidence_frame_from_a_dataframe_keeps_its_index(bare_analyzer):
    data = pd.DataFrame({"jd": ["熟悉SQL", None, "会写文案"]}, index=["a", "b", "c"])
    df = evidence_frame(data, "jd", analyzer=bare_analyzer)
    assert list(df.row) == ["a", "c"]
    assert list(df.competency) == ["data_analysis", "copywriting"]


def test_evidence_frame_from_analyses_with_ids(bare_analyzer):
    analyses = bare_analyzer.analyze_many(["熟悉SQL", "没有任何证据"])
    df = opsmatch.evidence_frame(analyses, ids=["x", "y"])
    assert list(df.row) == ["x"] and df.start.dtype == "int64"


def test_score_evidence_file(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"职位描述": ["熟练使用SQL和Excel做数据分析", "", "负责活动文案撰写，执行力强"]}).to_csv(
        src, index=False
    )
    out, ev = tmp_path / "out.csv", tmp_path / "ev.csv"
    assert main(["score", str(src), "-o", str(out), "--evidence", str(ev), "--no-model", "--quiet"]) == 0
    scored = pd.read_csv(out)
    with ev.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(EVIDENCE_COLUMNS)
    assert {r["row"] for r in rows} == {"0", "2"}
    assert {r["canonical"] for r in rows if r["row"] == "0"} >= {"SQL", "Excel", "数据分析"}
    assert scored["data_analysis_evidence"][0] == "SQL、Excel、数据分析"
    assert not list(tmp_path.glob("*.part"))


def test_lexicon_suggest_cli(tmp_path, capsys):
    rows = ["负责店铺运营，关注复购指标并做数据分析"] * 6 + ["负责门店陈列，关注客流"] * 10
    src = tmp_path / "p.csv"
    pd.DataFrame({"description": rows}).to_csv(src, index=False)
    out = tmp_path / "cands.csv"
    code = main(["lexicon", "suggest", str(src), "--competency", "data_analysis", "--min-count", "3", "-o", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "复购指标" in printed and "数据分析能力" in printed
    cands = pd.read_csv(out)
    assert set(cands.competency) == {"data_analysis"}
    assert (cands.lift >= 1.5).all() and "数据分析" not in set(cands.unit)  # what the lexicon has is not suggested
    assert main(["lexicon", "suggest", str(src), "--competency", "nonsense"]) == 2

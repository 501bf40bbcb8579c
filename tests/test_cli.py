"""The command line as a user runs it: real processes (``python -m opsmatch``) on files in tmp_path."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pandas as pd
import pytest

import opsmatch
from opsmatch.cli import _parser

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "train.csv"
POSTING = "岗位职责：负责社群拉新与用户分层；任职要求：熟练使用SQL、Excel，有公众号文案经验"
COMMANDS = ["analyze", "score", "report", "train", "evaluate", "gap", "rank", "paths", "lexicon"]


def opsmatch_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opsmatch", *args], input=stdin, capture_output=True, text=True, timeout=300
    )


# -- help ---------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["", *COMMANDS, "lexicon check", "lexicon suggest"])
def test_help_shows_an_example_and_the_subtype_ids(command: str) -> None:
    res = opsmatch_cli(*command.split(), "--help")
    assert res.returncode == 0, res.stderr
    assert "example" in res.stdout
    words = res.stdout.split()
    assert all(sid in words for sid in opsmatch.SUBTYPES), res.stdout
    example = [line.strip() for line in res.stdout.splitlines() if line.strip().startswith("opsmatch ")]
    assert example and all(line.split()[1] in COMMANDS for line in example)


def _subparser(name: str) -> argparse.ArgumentParser:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    found: argparse.ArgumentParser = actions[0].choices[name]
    return found


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_every_train_and_evaluate_option_says_what_and_its_default(command: str) -> None:
    res = opsmatch_cli(command, "--help")
    for action in _subparser(command)._actions:
        if not action.option_strings or action.dest == "help":
            continue
        assert action.help and len(action.help) > 20, action.dest
        assert "(default" in action.help or "required" in action.help, action.dest
        if isinstance(action.default, str):
            assert action.default in action.help, action.dest
        assert action.option_strings[-1] in res.stdout


# -- commands -------------------------------------------------------------------------------
def test_analyze_prints_a_table_and_json() -> None:
    table = opsmatch_cli("analyze", POSTING, "--title", "社群运营")
    assert table.returncode == 0, table.stderr
    assert "数据分析能力" in table.stdout and "SQL" in table.stdout
    row = json.loads(opsmatch_cli("analyze", "-", "--json", stdin=POSTING).stdout)
    assert row["subtype"] in opsmatch.SUBTYPES and row["data_analysis_evidence"] == "SQL、Excel"


def test_score_a_file_with_an_empty_row(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"职位名称": ["社群运营", "运营", "Java开发"], "职位描述": [POSTING, "", "熟悉Spring"]}).to_csv(
        src, index=False
    )
    res = opsmatch_cli("score", str(src), "-o", str(tmp_path / "out.parquet"), "--summary")
    assert res.returncode == 0, res.stderr
    assert "text column '职位描述', title column '职位名称'" in res.stderr and "3 rows (1 with an error)" in res.stderr
    assert res.stdout.splitlines()[0].startswith("子类型")
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out["error"].notna().tolist() == [False, True, False]
    assert str(out["is_operations"].dtype) == "boolean"
    assert out[out.is_operations]["职位名称"].tolist() == ["社群运营"]


def test_score_problems_are_one_line_and_code_2(tmp_path: Path) -> None:
    res = opsmatch_cli("score", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv"))
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1, res.stderr
    src = tmp_path / "in.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    res = opsmatch_cli("score", str(src), "-o", str(tmp_path / "o.csv"))
    assert res.returncode == 2 and "--text-col" in res.stderr
    assert not (tmp_path / "o.csv").exists()


def test_train_then_evaluate(tmp_path: Path) -> None:
    data = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    small = data.groupby("subtype", group_keys=False).head(6)  # every sub-type, a quick fit
    src = tmp_path / "labelled.csv"
    small.to_csv(src, index=False)
    model = tmp_path / "m.skops"
    res = opsmatch_cli("train", str(src), "-o", str(model))
    assert res.returncode == 0, res.stderr
    assert f"trained on {len(small)} postings" in res.stderr and model.is_file() and model.with_suffix(".npz").is_file()
    res = opsmatch_cli("evaluate", str(src), "--model", str(model))
    assert res.returncode == 0, res.stderr
    assert f"sub-type rows: {len(small)}" in res.stdout and "macro-F1" in res.stdout
    scored = opsmatch_cli("analyze", POSTING, "--model", str(model), "--json")
    assert json.loads(scored.stdout)["subtype"] in set(small["subtype"])


def test_train_refuses_unknown_labels_before_fitting(tmp_path: Path) -> None:
    src = tmp_path / "labelled.csv"
    pd.DataFrame({"title": ["运营"], "description": [POSTING], "subtype": ["growth_hacker"]}).to_csv(src, index=False)
    res = opsmatch_cli("train", str(src), "-o", str(tmp_path / "m.skops"))
    assert res.returncode == 2 and "growth_hacker" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.skops").exists()


def test_console_script_is_the_same_command(tmp_path: Path) -> None:
    script = Path(sysconfig.get_path("scripts")) / "opsmatch"  # installed with the package
    assert script.is_file(), script
    res = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and res.stdout.strip() == f"opsmatch {opsmatch.__version__}"

"""Dask scoring equals single-machine scoring, row for row, on a real LocalCluster."""

from pathlib import Path

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe", reason="the [dask] extra is not installed")
distributed = pytest.importorskip("dask.distributed")

from opsmatch import score_csv, score_frame  # noqa: E402
from opsmatch.dask import analyzer_builds, score_dataframe, score_files  # noqa: E402

TEXTS = [
    "岗位职责：负责社群拉新和活跃；任职要求：熟练使用Excel",
    None,
    "负责百度竞价账户优化，分析投放数据",
    "Java开发，熟悉Spring",
    "",
    "负责公众号选题与推文撰写",
] * 7


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_score_dataframe_equals_score_frame(client, analyzer):
    import dask

    dask.config.set({"dataframe.convert-string": False})  # keep pandas' own string dtype to compare exactly
    df = pd.DataFrame({"id": range(len(TEXTS)), "jd": TEXTS, "t": ["社群运营", None, "SEM", "Java", "", "编辑"] * 7})
    expected = score_frame(df, "jd", "t", analyzer=analyzer, progress=False)
    ddf = dd.from_pandas(df, npartitions=5)
    lazy = score_dataframe(ddf, "jd", "t")
    assert list(lazy.columns) == list(expected.columns)
    got = lazy.compute()
    pd.testing.assert_frame_equal(got, expected)
    # score_frame hands a Dask DataFrame to Dask and stays lazy
    assert hasattr(score_frame(ddf, "jd", "t"), "npartitions")
    # each worker built its Analyzer once, however many partitions it scored
    builds = client.run(analyzer_builds)
    assert set(builds.values()) <= {0, 1} and sum(builds.values()) >= 1


def test_score_files_equals_score_csv(client, analyzer, tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        rows = pd.DataFrame({"职位名称": ["社群运营", "会计"] * (i + 2), "职位描述": TEXTS[: 2 * (i + 2)]})
        rows.to_csv(src / f"part{i}.csv", index=False, encoding="gb18030" if i == 1 else "utf-8")
    report = score_files(str(src / "*.csv"), tmp_path / "out", client=client)
    assert report.rows == 4 + 6 + 8
    for i in range(3):
        single = tmp_path / f"single{i}.parquet"
        score_csv(src / f"part{i}.csv", single, analyzer=analyzer, progress=False)
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out" / f"part{i}.parquet"), pd.read_parquet(single))


def test_model_objects_are_refused_on_dask(analyzer):
    ddf = dd.from_pandas(pd.DataFrame({"jd": ["负责社群运营"]}), npartitions=1)
    with pytest.raises(TypeError, match="file path"):
        score_dataframe(ddf, "jd", model=analyzer.classifier)


def test_score_dataframe_follows_a_custom_lexicon(client, tmp_path: Path) -> None:
    import shutil

    import opsmatch

    folder = tmp_path / "data_only"
    folder.mkdir()
    shutil.copy(opsmatch.DEFAULT_LEXICON_DIR / "data_analysis.toml", folder)
    shutil.copy(opsmatch.DEFAULT_LEXICON_DIR / "contexts.toml", folder)  # the word groups its contexts name
    ddf = dd.from_pandas(pd.DataFrame({"jd": ["熟练使用SQL", None, "负责文案"]}), npartitions=2)
    lazy = score_dataframe(ddf, "jd", lexicon_dir=str(folder), model=None)
    assert [c for c in lazy.columns if c.endswith("_score")] == ["data_analysis_score"]
    got = lazy.compute()
    assert got["data_analysis_evidence"].tolist() == ["SQL", None, ""]
    assert str(got["is_operations"].dtype) == "boolean"


def test_a_killed_dask_worker_leaves_no_partial_file(tmp_path: Path) -> None:
    """A worker killed mid-file: Dask runs the file again elsewhere; no .part is left either way."""
    import os
    import signal
    import threading
    import time

    src = tmp_path / "in"
    src.mkdir()
    text = "岗位职责：负责社群拉新和活跃，撰写活动文案；任职要求：熟练使用Excel和SQL"
    for i in range(6):
        pd.DataFrame({"职位描述": [f"{text}{j}" for j in range(800)]}).to_csv(src / f"f{i}.csv", index=False)
    out = tmp_path / "out"
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as c:
            pids = list(c.run(os.getpid).values())

            killed_at: list[int] = []

            def kill_one() -> None:  # as soon as the first file is done, the others are in progress
                deadline = time.monotonic() + 120
                while not list(out.glob("*.parquet")) and time.monotonic() < deadline:
                    time.sleep(0.02)
                killed_at.append(len(list(out.glob("*.parquet"))))
                os.kill(pids[0], signal.SIGKILL)

            killer = threading.Thread(target=kill_one)
            killer.start()
            try:
                report = score_files(str(src), out, client=c)
                assert report.rows == 6 * 800
            except distributed.KilledWorker:
                pass  # Dask gave up on a file: it is simply missing, never partial
            killer.join()
            assert killed_at and killed_at[0] < 6, "all files were done before the kill"
    finally:
        cluster.close()
    leftovers = [p.name for p in out.iterdir() if not p.name.endswith(".parquet")]
    assert leftovers == []
    for part in out.glob("*.parquet"):
        assert len(pd.read_parquet(part)) == 800

"""Signals and litter: real processes, real signals. After SIGTERM, SIGINT or SIGKILL of the parent
(with -j 2), a broken pipe, a full disk or an output in the way: the exit code and ONE line say
what happened, no partial output or `.part` file is left, an older output is kept as it was,
and no worker process outlives the command."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _faults import alive, children, cli, read_rows, start, stop, wait_until, write_postings

EXIT = {"SIGTERM": 143, "SIGINT": 130}
MESSAGE = {"SIGTERM": "opsmatch: terminated", "SIGINT": "opsmatch: interrupted"}


def _only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)


@pytest.mark.parametrize(("name", "jobs"), [("SIGTERM", 1), ("SIGTERM", 2), ("SIGINT", 2), ("SIGKILL", 2)])
def test_a_signal_mid_run_leaves_nothing_behind(tmp_path: Path, name: str, jobs: int) -> None:
    src = write_postings(tmp_path / "in.csv", 20000)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    old = out_dir / "scored.csv"
    old.write_bytes(b"an older output\n")
    errors = tmp_path / "stderr.txt"
    proc = start("score", str(src), "-o", str(old), "-j", str(jobs), "--quiet", stderr=errors)
    workers: list[int] = []
    try:
        # scoring has begun once the workers exist (-j 2) or the output is open (-j 1)
        started = wait_until(
            lambda: len(children(proc.pid)) >= jobs if jobs > 1 else _has_output_open(proc.pid, out_dir)
        )
        assert started, errors.read_text() if proc.poll() is not None else "did not start"
        time.sleep(0.5)
        workers = children(proc.pid)
        assert proc.poll() is None, "finished before the signal"
        stop(proc, {"SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT, "SIGKILL": signal.SIGKILL}[name])
        proc.wait(timeout=60)
        gone = wait_until(lambda: not any(alive(w) for w in workers), timeout=10)
    finally:
        _reap(proc, workers)
    err = errors.read_text()
    if name == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == EXIT[name], err
        assert err.strip() == MESSAGE[name]  # one line, no traceback
    assert gone, "a worker outlived its parent"
    _only(out_dir, "scored.csv")
    assert old.read_bytes() == b"an older output\n"


def _reap(proc: subprocess.Popen[bytes], workers: list[int]) -> None:
    """Leave nothing running, whatever the test found (what it found is asserted after)."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for pid in workers:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def _has_output_open(pid: int, folder: Path) -> bool:
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link.startswith(str(folder)) for link in links)


def test_ctrl_c_to_the_process_group_prints_one_line(tmp_path: Path) -> None:
    src = write_postings(tmp_path / "in.csv", 20000)
    errors = tmp_path / "stderr.txt"
    proc = start(
        "score", str(src), "-o", str(tmp_path / "o.csv"), "-j", "2", "--quiet", stderr=errors, start_new_session=True
    )
    workers: list[int] = []
    try:
        assert wait_until(lambda: len(children(proc.pid)) >= 2)
        time.sleep(0.5)
        workers = children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        proc.wait(timeout=60)
        gone = wait_until(lambda: not any(alive(w) for w in workers), timeout=10)
    finally:
        _reap(proc, workers)
    assert proc.returncode == 130
    assert errors.read_text().strip() == "opsmatch: interrupted"
    assert gone, "a worker outlived its parent"
    _only(tmp_path, "in.csv", "stderr.txt")


def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    src = write_postings(tmp_path / "in.csv", 3000)
    res = subprocess.run(
        f"{sys.executable} -m opsmatch.cli score {src} -o - --quiet -j 2 | head -n 3",
        shell=True, capture_output=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0
    assert len(res.stdout.splitlines()) == 3
    assert res.stderr == b"", res.stderr.decode()


def test_disk_full_leaves_no_partial_file(tmp_path: Path) -> None:
    pytest.importorskip("rjieba", reason="the jieba backend would write its dictionary cache under the limit")
    src = write_postings(tmp_path / "in.csv", 400, filler=3000)  # ~9 kB a row out

    def limit() -> None:  # a file-size limit stands in for a full disk: writes past it fail (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    for out in ("o.csv", "o.parquet"):
        res = subprocess.run(
            [sys.executable, "-m", "opsmatch.cli", "score", str(src), "-o", str(tmp_path / out), "--quiet",
             "--backend", "rjieba"],
            capture_output=True, timeout=300, preexec_fn=limit,
        )  # fmt: skip
        err = res.stderr.decode().strip()
        assert res.returncode == 2, err
        assert len(err.splitlines()) == 1 and "cannot be written" in err and "File too large" in err
    _only(tmp_path, "in.csv")


def test_output_permissions_follow_the_umask_or_the_replaced_file(tmp_path: Path, analyzer) -> None:
    from opsmatch import score_csv

    src = write_postings(tmp_path / "in.csv", 3)
    res = cli("score", str(src), "-o", str(tmp_path / "new.csv"), "--quiet", preexec_fn=lambda: os.umask(0o022))
    assert res.returncode == 0, res.stderr.decode()
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o644
    previous = os.umask(0o077)
    try:
        score_csv(src, tmp_path / "private.parquet", analyzer=analyzer, progress=False)
        old = tmp_path / "old.csv"
        old.write_text("x")
        old.chmod(0o664)
        score_csv(src, old, analyzer=analyzer, progress=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "private.parquet").stat().st_mode) == 0o600
    assert stat.S_IMODE(old.stat().st_mode) == 0o664 and len(read_rows(old)) == 4


def test_outputs_that_cannot_be_written_fail_first_in_one_line(tmp_path: Path, analyzer) -> None:
    from opsmatch import score_csv

    src = write_postings(tmp_path / "in.csv", 3)
    (tmp_path / "adir.csv").mkdir()
    cases = [
        (str(tmp_path / "adir.csv"), "is a folder"),
        (str(tmp_path / "o.json"), "cannot write .json"),
        (str(tmp_path / "o"), "cannot write a file without a suffix"),
    ]
    for dst, message in cases:
        res = cli("score", str(src), "-o", dst, "--quiet")
        err = res.stderr.decode().strip()
        assert res.returncode == 2 and message in err and len(err.splitlines()) == 1, err
    # a header-only file is scored into an empty table, in every format
    header_only = tmp_path / "header.csv"
    header_only.write_text("职位名称,职位描述\n", encoding="utf-8")
    for out in ("h.csv", "h.parquet", "h.xlsx"):
        assert score_csv(header_only, tmp_path / out, analyzer=analyzer, progress=False).rows == 0
    import pandas as pd

    assert len(pd.read_parquet(tmp_path / "h.parquet")) == 0 and len(pd.read_excel(tmp_path / "h.xlsx")) == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part") or p.name.startswith(".")] == []

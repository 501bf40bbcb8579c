"""Helpers for the fault tests: run the real command, find its processes, read outputs byte for byte."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

POSTING = "岗位职责：负责社群拉新和活跃，撰写活动文案；任职要求：熟练使用Excel和SQL，有数据分析经验"
TITLE = "社群运营"


def cli(
    *args: str, stdin: bytes | None = None, timeout: float = 300, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """``opsmatch ARGS`` in a new process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "opsmatch.cli", *args], input=stdin, capture_output=True, timeout=timeout, **kwargs
    )  # type: ignore[call-overload, no-any-return]


def start(*args: str, stderr: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    """``opsmatch ARGS`` started in the background; its stderr goes to a FILE, not a pipe, so a
    worker that outlived it could not hold the test waiting for the pipe to close."""
    with open(stderr, "wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "opsmatch.cli", *args], stdout=subprocess.DEVNULL, stderr=err, **kwargs
        )  # type: ignore[call-overload, no-any-return]


def write_postings(path: Path, n: int, *, filler: int = 0) -> Path:
    """A CSV of ``n`` postings (UTF-8), each row different; ``filler`` extra characters per row."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "职位名称", "职位描述", "备注"])
        for i in range(n):
            noise = "".join(chr(0x4E00 + (i * 7919 + j * 104729) % 20000) for j in range(filler))  # incompressible
            w.writerow([i, TITLE, f"{POSTING}，编号{i}", noise])
    return path


def children(pid: int) -> list[int]:
    """Live (not zombie) direct children of ``pid``."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry))
    return out


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition: object, timeout: float = 120, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False


def stop(proc: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, sig)


def read_rows(path: Path) -> list[list[str]]:
    """A CSV output's rows, undecodable bytes kept as surrogates (so they compare byte for byte)."""
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as fh:
        return list(csv.reader(fh))


def read_rows_bytes(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8", "surrogateescape"), newline="")))


SIGNALS = {"SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT, "SIGKILL": signal.SIGKILL}

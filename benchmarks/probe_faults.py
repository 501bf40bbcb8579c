"""The hostile-input probe of issue 16, run against an older tree and this one: one line per fault.

    python benchmarks/probe_faults.py --base /path/to/old/checkout/src

Each case builds its file, text or signal in a temporary folder, runs the real command (or a
short Python snippet) once with the old tree first on PYTHONPATH and once with this checkout,
and prints what happened: exit code, rows out, the first line of stderr, leftovers
(``.part`` files, live workers). The "what holds now" table of the note comes from here.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTING = "岗位职责：负责社群拉新和活跃，撰写活动文案；任职要求：熟练使用Excel和SQL，有数据分析经验"
HEADER = ["编号", "职位名称", "职位描述", "城市"]


def rows(n: int) -> list[list[str]]:
    return [[str(i), "社群运营", f"{POSTING}，编号{i}", "北京"] for i in range(n)]


def csv_bytes(data: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter).writerows(data)
    return buf.getvalue().encode(encoding)


class Run:
    def __init__(self, src: str, tmp: Path) -> None:
        self.env = dict(os.environ, PYTHONPATH=src)
        self.tmp = tmp

    def cli(self, *args: str | bytes, stdin: bytes | None = None, **kw: object) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "opsmatch.cli", *args], input=stdin, capture_output=True, env=self.env,
            timeout=600, **kw,  # type: ignore[arg-type]
        )  # fmt: skip

    def py(self, code: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, env=self.env, timeout=600)

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.tmp.rglob("*") if p.name.endswith(".part"))


def first_err(res: subprocess.CompletedProcess[bytes]) -> str:
    lines = res.stderr.decode("utf-8", "replace").strip().splitlines()
    if not lines:
        return ""
    last = lines[-1][:90]
    return f"{len(lines)} line(s): {last}"


def out_rows(path: Path) -> int | str:
    csv.field_size_limit(1 << 30)
    if not path.exists():
        return "no output"
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def case_stray_quote(r: Run) -> str:
    data = bytearray(csv_bytes([HEADER, *rows(1000)]))
    lines = data.split(b"\n")
    lines[11] = lines[11].replace("岗位职责".encode(), b'"' + "岗位职责".encode(), 1)
    (r.tmp / "in.csv").write_bytes(b"\n".join(lines))
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.csv"), "--quiet")
    return f"exit {res.returncode}, {out_rows(r.tmp / 'o.csv')} of 1000 rows out; {first_err(res)}"


def _cells_equal(path: Path, expected: list[list[str]]) -> int:
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as fh:
        got = [row[:4] for row in list(csv.reader(fh))[1:]]
    return sum(a != b for a, b in zip(got, expected)) + abs(len(got) - len(expected))


def case_mixed_encodings(r: Run) -> str:
    data = rows(300)
    (r.tmp / "gb.csv").write_bytes(csv_bytes([HEADER, *data[:250]], "gb18030") + csv_bytes(data[250:]))
    (r.tmp / "u8.csv").write_bytes(
        csv_bytes([HEADER, *data[:100]]) + csv_bytes(data[100:103], "gbk") + csv_bytes(data[103:])
    )
    out = []
    for name in ("gb", "u8"):
        res = r.cli("score", str(r.tmp / f"{name}.csv"), "-o", str(r.tmp / f"{name}.out.csv"), "--quiet")
        out.append(
            f"{name}: exit {res.returncode}, {_cells_equal(r.tmp / f'{name}.out.csv', data)} rows with changed cells"
        )
    return "; ".join(out)


def case_huge_cell(r: Run) -> str:
    data = [["0", "x", POSTING, "y" * 200_000], *rows(3)]
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *data]))
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.csv"), "--quiet")
    res2 = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.parquet"), "--quiet")
    tb = "traceback" if b"Traceback" in res2.stderr else first_err(res2)
    return f"csv: exit {res.returncode}, {out_rows(r.tmp / 'o.csv')} of 4 rows; parquet: exit {res2.returncode}, {tb}; .part left: {len(r.leftovers())}"


def case_header_only_parquet(r: Run) -> str:
    (r.tmp / "in.csv").write_text("职位名称,职位描述\n", encoding="utf-8")
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.parquet"), "--quiet")
    tb = "traceback" if b"Traceback" in res.stderr else first_err(res) or "ok"
    return f"exit {res.returncode}, {tb}; .part left: {len(r.leftovers())}"


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _writing(pid: int, folder: Path) -> bool:
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link.startswith(str(folder)) and not link.endswith(("in.csv", "stderr.txt")) for link in links)


def _signal_case(r: Run, sig: int, jobs: int, group: bool = False) -> str:
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(6000)]))
    errfile = open(r.tmp / "stderr.txt", "wb")  # noqa: SIM115 - not a pipe: orphaned workers would hold it open
    proc = subprocess.Popen(
        [sys.executable, "-m", "opsmatch.cli", "score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.csv"),
         "-j", str(jobs), "--quiet", "--backend", "jieba"],
        stdout=subprocess.DEVNULL, stderr=errfile, env=r.env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120  # scoring has begun: workers exist (-j 2), the output is open (-j 1)
    while time.monotonic() < deadline and not (
        len(_children(proc.pid)) >= jobs if jobs > 1 else _writing(proc.pid, r.tmp)
    ):
        time.sleep(0.05)
    time.sleep(1.0)
    workers = _children(proc.pid)
    os.killpg(proc.pid, sig) if group else os.kill(proc.pid, sig)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    errfile.close()
    err = (r.tmp / "stderr.txt").read_bytes()
    time.sleep(3)
    live = [w for w in workers if _alive(w)]
    for w in live:
        os.kill(w, signal.SIGKILL)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    return f"exit {proc.returncode}, stderr {len(lines)} line(s), .part left: {len(r.leftovers())}, workers alive after: {len(live)}"


def case_sigterm_j1(r: Run) -> str:
    return _signal_case(r, signal.SIGTERM, 1)


def case_sigterm_j2(r: Run) -> str:
    return _signal_case(r, signal.SIGTERM, 2)


def case_sigkill_j2(r: Run) -> str:
    return _signal_case(r, signal.SIGKILL, 2)


def case_ctrl_c_group_j2(r: Run) -> str:
    return _signal_case(r, signal.SIGINT, 2, group=True)


def case_output_is_a_folder(r: Run) -> str:
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(5)]))
    (r.tmp / "out.csv").mkdir()
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "out.csv"), "--quiet")
    return f"exit {res.returncode}, {first_err(res)}; .part left: {len(r.leftovers())}"


def case_broken_pipe(r: Run) -> str:
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(3000)]))
    res = subprocess.run(f"{sys.executable} -m opsmatch.cli score {r.tmp / 'in.csv'} -o - --quiet | head -n 2 > /dev/null; "
                         "echo ${PIPESTATUS[0]} >&2", shell=True, executable="/bin/bash", capture_output=True, env=r.env, timeout=600)  # fmt: skip
    lines = res.stderr.decode().strip().splitlines()
    return f"exit {lines[-1]}, stderr {len(lines) - 1} line(s): {lines[0][:70] if len(lines) > 1 else ''}"


def case_disk_full(r: Run) -> str:
    noise = ["".join(chr(0x4E00 + (i * 7919 + j * 104729) % 20000) for j in range(3000)) for i in range(400)]
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *[[str(i), "运营", POSTING, noise[i]] for i in range(400)]]))

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    res = r.cli(
        "score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.csv"), "--quiet", "--backend", "rjieba", preexec_fn=limit
    )
    return f"exit {res.returncode}, {first_err(res)}; .part left: {len(r.leftovers())}, output: {(r.tmp / 'o.csv').exists()}"


def case_permissions(r: Run) -> str:
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(3)]))
    r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "new.csv"), "--quiet", preexec_fn=lambda: os.umask(0o022))
    old = r.tmp / "old.csv"
    old.write_text("x")
    old.chmod(0o644)
    r.cli("score", str(r.tmp / "in.csv"), "-o", str(old), "--quiet", preexec_fn=lambda: os.umask(0o022))
    return f"new file (umask 022): {oct((r.tmp / 'new.csv').stat().st_mode & 0o777)}, replaced 0644 file: {oct(old.stat().st_mode & 0o777)}"


def case_colliding_columns(r: Run) -> str:
    (r.tmp / "in.csv").write_text(f"职位描述,subtype,opsmatch_subtype\n{POSTING},a,b\n", encoding="utf-8")
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.parquet"), "--quiet")
    probe = r.py(
        f"import pandas as pd; df = pd.read_parquet({str(r.tmp / 'o.parquet')!r}); print(list(df.columns)[:6])"
    )
    text = probe.stdout.decode().strip() or probe.stderr.decode().strip().splitlines()[-1][:80]
    return f"exit {res.returncode}; read back: {text}"


def case_summary_user_error(r: Run) -> str:
    (r.tmp / "in.csv").write_text(f"职位描述,error\n{POSTING},mine\n{POSTING},mine\n", encoding="utf-8")
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.csv"), "--quiet", "--summary")
    return f"exit {res.returncode}; summary: {' | '.join(res.stdout.decode().strip().splitlines())[:110]}"


def case_duplicate_frame_columns(r: Run) -> str:
    res = r.py(
        "import pandas as pd, opsmatch\n"
        "df = pd.DataFrame([['熟练SQL', 'x']], columns=['jd', 'jd'])\n"
        "try:\n    opsmatch.score_frame(df, 'jd', progress=False); print('ok')\n"
        "except Exception as e:\n    print(type(e).__name__ + ': ' + str(e)[:70])"
    )
    return res.stdout.decode().strip()


def case_bytes_argument(r: Run) -> str:
    res = r.cli("analyze", b"\xff" + "熟练SQL".encode(), "--json")
    ok = res.returncode == 0 and b"SQL" in res.stdout
    return f"exit {res.returncode}, {'SQL found' if ok else first_err(res)}"


def _model_variant(r: Run, change: str) -> Path:
    code = (
        "import json, numpy as np\nfrom opsmatch.classifier import DEFAULT_EXPORT_PATH\n"
        "z = np.load(DEFAULT_EXPORT_PATH); a = {k: z[k] for k in z.files}; meta = json.loads(str(a['meta']))\n"
        f"{change}\n"
        "a['meta'] = np.asarray(json.dumps(meta, ensure_ascii=False))\n"
        f"np.savez_compressed({str(r.tmp / 'm.npz')!r}, **a)\n"
    )
    res = r.py(code)
    assert res.returncode == 0, res.stderr.decode()
    return r.tmp / "m.npz"


def _model_case(r: Run, change: str) -> str:
    path = _model_variant(r, change)
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(20)]))
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.csv"), "--quiet", "--model", str(path))
    detail = "traceback" if b"Traceback" in res.stderr else first_err(res)
    if res.returncode == 0:
        with open(r.tmp / "o.csv", encoding="utf-8", newline="") as fh:
            got = list(csv.DictReader(fh))
        detail += (
            f" subtypes {sorted({g['subtype'] for g in got})}, {sum(bool(g['error']) for g in got)} rows with an error"
        )
    return f"exit {res.returncode}, {detail}"


def case_model_nan(r: Run) -> str:
    return _model_case(r, "a['desc_coef'] = np.full_like(a['desc_coef'], np.nan)")


def case_model_shape(r: Run) -> str:
    return _model_case(r, "a['desc_coef'] = a['desc_coef'][:, :-1]")


def case_model_null_word(r: Run) -> str:
    return _model_case(r, "meta['tokenizer_words'] = meta['tokenizer_words'][:5] + [None]")


def case_model_other_lexicon(r: Run) -> str:
    lex = r.tmp / "lex"
    shutil.copytree(ROOT / "lexicons", lex)
    path = lex / "copywriting.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[[term]]\nname = "口播逐字稿"\n', encoding="utf-8")
    res = r.cli("analyze", "负责口播逐字稿", "--lexicon-dir", str(lex))
    warned = [ln for ln in res.stderr.decode().splitlines() if "lexicon" in ln.lower()]
    return f"exit {res.returncode}, warning: {warned[0][:80] if warned else 'none'}"


def case_lexicon_error_lines(r: Run) -> str:
    lex = r.tmp / "lex"
    shutil.copytree(ROOT / "lexicons", lex)
    path = lex / "copywriting.toml"
    path.write_text(path.read_text(encoding="utf-8") + '\n[[term]]\nname = "A"\nweight = 5\n', encoding="utf-8")
    res = r.cli("analyze", "负责文案", "--lexicon-dir", str(lex))
    return f"exit {res.returncode}, stderr {len(res.stderr.decode().strip().splitlines())} line(s) for 1 problem"


def case_semicolon_and_no_header(r: Run) -> str:
    (r.tmp / "semi.csv").write_bytes(csv_bytes([HEADER, *rows(3)], delimiter=";"))
    (r.tmp / "nohead.csv").write_bytes(csv_bytes(rows(3)))
    a = r.cli("score", str(r.tmp / "semi.csv"), "-o", str(r.tmp / "a.csv"), "--quiet")
    b = r.cli("score", str(r.tmp / "nohead.csv"), "-o", str(r.tmp / "b.csv"), "--quiet")
    return f"';': exit {a.returncode} {first_err(a)[:60]}; no header: exit {b.returncode} {first_err(b)[:90]}"


def case_xlsx_output(r: Run) -> str:
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(3)]))
    res = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.xlsx"), "--quiet")
    bad = r.cli("score", str(r.tmp / "in.csv"), "-o", str(r.tmp / "o.json"), "--quiet")
    head = (r.tmp / "o.xlsx").read_bytes()[:4] if (r.tmp / "o.xlsx").exists() else b""
    kind = "a workbook" if head == b"PK\x03\x04" else f"starts {head!r}"
    return f".xlsx: exit {res.returncode}, {kind}; .json: exit {bad.returncode} {first_err(bad)[:60]}"


def case_custom_lexicon_data_only(r: Run) -> str:
    lex = r.tmp / "lex"
    lex.mkdir()
    shutil.copy(ROOT / "lexicons" / "data_analysis.toml", lex)
    (r.tmp / "in.csv").write_bytes(csv_bytes([HEADER, *rows(3)]))
    res = r.cli(
        "score",
        str(r.tmp / "in.csv"),
        "-o",
        str(r.tmp / "o.csv"),
        "--quiet",
        "--lexicon-dir",
        str(lex),
        "--no-model",
        "--summary",
    )
    tb = res.stderr.decode().strip().splitlines()
    return f"exit {res.returncode}, {out_rows(r.tmp / 'o.csv')} rows, {tb[-1][:80] if tb else 'no error'}"


CASES: dict[str, Callable[[Run], str]] = {
    name.removeprefix("case_"): fn for name, fn in list(globals().items()) if name.startswith("case_")
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    results = {}
    for name, fn in CASES.items():
        if args.only and name not in args.only:
            continue
        for label, src in (("before", args.base), ("after", str(ROOT / "src"))):
            with tempfile.TemporaryDirectory() as tmp:
                try:
                    outcome = fn(Run(src, Path(tmp)))
                except Exception as exc:  # a probe that cannot even run says so
                    outcome = f"probe failed: {type(exc).__name__}: {exc}"[:120]
            results.setdefault(name, {})[label] = outcome
            print(f"{name:28s} {label:6s} {outcome}", flush=True)
    Path(tempfile.gettempdir(), "probe_faults.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Command line: ``opsmatch analyze | score | report | train | evaluate | lexicon check | lexicon suggest | gap | rank | paths``.

Problems with the user's input (a missing file or column, a broken lexicon, a refused model)
print one line to stderr (a broken lexicon: one line per problem) and exit with code 2, never
a traceback. Ctrl-C exits with 130 and SIGTERM with 143, each after one line, with worker
processes stopped and no partial output left; a closed stdout (``| head``) ends quietly.
Arguments are read as bytes: text that is not UTF-8 is read as GB18030, and bytes that
neither reads become U+FFFD.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import warnings
from collections.abc import Sequence
from types import FrameType
from typing import Any

from opsmatch.errors import InputError, ModelLoadError
from opsmatch.lexicon import LexiconError, check_lexicon
from opsmatch.results import PostingAnalysis
from opsmatch.sections import SECTIONS

__all__ = ["format_analysis", "main"]

_STRENGTH = {"required": "要求", "preferred": "优先", "implied": "特质"}


def format_analysis(a: PostingAnalysis) -> str:
    """A readable table of one analysis: sub-type, then each competency with its evidence."""
    lines = []
    if a.subtype is not None:
        top = "  ".join(f"{sid} {p:.2f}" for sid, p in a.top_subtypes(3))
        lines.append(f"子类型  {a.subtype_label} ({a.subtype})   margin {a.confidence:.2f}   top: {top}")
        lines.append(f"运营岗  {'是' if a.is_operations else '否'}")
    else:
        lines.append("子类型  (no model loaded)")
    lines.append("")
    width = max(len(c.label) for c in a.competencies.values()) if a.competencies else 6
    for comp in a.competencies.values():
        bar = "█" * round(comp.score * 10) + "·" * (10 - round(comp.score * 10))
        evidence = "  ".join(
            (m.canonical if m.term == m.canonical else f"{m.canonical}←{m.term}")
            + f"[{_STRENGTH.get(m.strength, m.strength)}·{SECTIONS.get(m.section, m.section)}"
            + ("·fuzzy" if m.kind == "fuzzy" else "")
            + "]"
            for m in comp.evidence
        )
        label = comp.label + "\u3000" * (width - len(comp.label))
        traits = "、".join(m.canonical for m in comp.traits)
        lines.append(f"{label} {bar} {comp.score:.2f}  {evidence or '-'}" + (f"  (特质: {traits})" if traits else ""))
    level = _level_line(a)
    if level:
        lines += ["", level]
    roles = list(dict.fromkeys(f"{m.canonical}({m.category})" for m in a.role_matches))
    if roles:
        lines += ["", "岗位关键词  " + "  ".join(roles)]
    return "\n".join(lines)


def _level_line(a: PostingAnalysis) -> str:
    """职级 / 经验 / 学历 of a posting, what is stated of them."""
    from opsmatch.profile import EDUCATION, SENIORITY

    parts = []
    if a.seniority:
        parts.append(f"职级 {SENIORITY.get(a.seniority, a.seniority)} ({a.seniority})")
    if a.experience_years:
        lo, hi = (("?" if v is None else f"{v:g}") for v in a.experience_years)
        parts.append(f"经验 {lo}年以上" if hi == "?" else f"经验 {lo}–{hi}年")
    if a.education:
        parts.append(f"学历 {EDUCATION.get(a.education, a.education)} ({a.education})")
    return "   ".join(parts)


def _analyzer(args: argparse.Namespace) -> Any:
    from opsmatch.analyzer import Analyzer

    model: Any = None if args.no_model else (args.model or "default")
    return Analyzer(args.lexicon_dir, model, backend=args.backend)


def decode_bytes(data: bytes) -> str:
    """Bytes from the command line or stdin as text: UTF-8, else GB18030, else UTF-8 with U+FFFD.

    >>> decode_bytes("熟练SQL".encode("gbk")), decode_bytes(b"\\xff" + "熟练".encode())
    ('熟练SQL', '\\ufffd熟练')
    """
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def _arg(value: str | None) -> str | None:
    """A command-line argument as clean text (Python hands undecodable bytes over as surrogates)."""
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return decode_bytes(os.fsencode(value))


def _cmd_analyze(args: argparse.Namespace) -> int:
    text = decode_bytes(sys.stdin.buffer.read()) if args.text == "-" else _arg(args.text)
    assert text is not None
    result = _analyzer(args).analyze(text, _arg(args.title))
    if args.json:
        row = result.to_dict()
        row["matches"] = [m.__dict__ for m in result.matches]
        print(json.dumps(row, ensure_ascii=False, indent=2))
    else:
        print(format_analysis(result))
    return 0


def _cmd_score_dask(args: argparse.Namespace) -> int:
    from opsmatch.dask import score_files

    if args.evidence:
        raise InputError("--evidence is not available with --dask: score the files one by one, or use evidence_frame")

    model: str | None = None if args.no_model else (args.model or "default")
    report = score_files(
        args.input, args.output, text_col=_arg(args.text_col), title_col=_arg(args.title_col),
        encoding=args.encoding, address=args.dask or None, lexicon_dir=args.lexicon_dir, model=model,
    )  # fmt: skip
    if not args.quiet:
        for r in report.files:
            print(f"opsmatch: {r}", file=sys.stderr)
        print(f"opsmatch: {report}", file=sys.stderr)
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    if args.dask is not None:
        return _cmd_score_dask(args)
    from opsmatch.batch import score_csv

    if len(args.input) != 1:
        raise SystemExit("opsmatch score: several inputs need --dask")
    from opsmatch.sinks import output_format

    output_format(args.output)  # an output we cannot write fails before the Analyzer is built
    analyzer = _analyzer(args)
    report = score_csv(
        args.input[0], args.output, text_col=_arg(args.text_col), title_col=_arg(args.title_col), n_jobs=args.jobs,
        encoding=args.encoding, excel=args.excel, progress=False if args.quiet else None, analyzer=analyzer,
        salary_col=_arg(args.salary_col), evidence=args.evidence,
    )  # fmt: skip
    if not args.quiet:
        chosen = (
            f"text column {report.text_col!r}"
            + (f", title column {report.title_col!r}" if report.title_col else "")
            + (f", salary column {report.salary_col!r}" if report.salary_col else "")
        )
        print(f"opsmatch: {args.input[0]} ({report.encoding}): {chosen}", file=sys.stderr)
        print(f"opsmatch: {report}", file=sys.stderr)
    if args.summary and args.output != "-":
        from opsmatch.summary import format_summary, summarize

        labels = dict(analyzer.lexicon.competencies)
        scored = _read_scored(args.output)
        print(format_summary(summarize(scored, labels=labels)))
        _print_premium(scored)
    return 0


def _print_premium(scored: Any) -> None:
    """The salary premium table of ``--summary``, when the scored file has salaries."""
    from opsmatch.pricing import premium, result_view

    view = result_view(scored)
    if "salary_min_monthly" not in view.columns:
        return
    with_salary = int(view[["salary_min_monthly", "salary_max_monthly"]].notna().any(axis=1).sum())
    if with_salary < 2:
        return
    table = premium(view)
    print(
        f"\n薪资溢价 salary premium: median CNY/month asking vs not, bootstrap 95% CI (seed 0), {with_salary} rows with a salary"
    )
    shown = table.drop(columns=["competency"]).rename(columns={"label": "competency"})
    formats = {"premium_pct": "{:+.0%}", "premium": "{:+,.0f}", "ci_low": "{:+,.0f}", "ci_high": "{:+,.0f}"}
    print(shown.to_string(index=False, formatters={c: formats.get(c, "{:,.0f}").format for c in shown.columns[3:]}))


def _cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from opsmatch.report import load_scored, write_report

    scored = load_scored(args.input)  # a bad file fails here, before any model loads
    analyzer = None if args.examples == 0 else _analyzer(args)
    out = write_report(
        scored, args.output, source=Path(args.input).name, title=args.title, examples=args.examples,
        text_col=args.text_col, title_col=args.title_col, analyzer=analyzer,
    )  # fmt: skip
    print(f"opsmatch: report -> {out}", file=sys.stderr)
    return 0


def _read_scored(path: str) -> Any:
    """A scored output read back (every result column found by ``summarize`` itself)."""
    import pandas as pd

    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".xlsx":
        return pd.read_excel(path, dtype=str)
    return pd.read_csv(path, dtype=str, sep="\t" if suffix == ".tsv" else ",")


def _cmd_train(args: argparse.Namespace) -> int:
    from opsmatch.classifier import SubtypeClassifier
    from opsmatch.evaluate import read_labelled

    data = read_labelled(args.input, args.text_col, None if args.no_title else args.title_col, args.label_col)
    data = data[data["label"] != ""]
    from opsmatch.lexicon import load_lexicon
    from opsmatch.taxonomy import SUBTYPES

    known = set(SUBTYPES) | set(load_lexicon(args.lexicon_dir).subtypes)
    unknown = sorted(set(data["label"]) - known)
    if unknown:  # a model with them would be refused on load: say so now, not after training
        raise InputError(
            f"{args.input}: labels {unknown[:10]} are neither opsmatch sub-type ids nor in the lexicon's "
            "subtypes.toml; add them there (with a label) and pass --lexicon-dir"
        )
    model = SubtypeClassifier(lexicon_dir=args.lexicon_dir).fit(data[["text", "title"]], data["label"])
    out = model.save(args.output)
    fast = model.export(out.with_suffix(".npz"))
    print(
        f"opsmatch: trained on {len(data)} postings, {len(model.classes_)} classes -> {out} (+ {fast.name})",
        file=sys.stderr,
    )
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from opsmatch.classifier import DEFAULT_MODEL_PATH, SubtypeClassifier
    from opsmatch.evaluate import evaluate_model, read_labelled

    model = SubtypeClassifier.load(args.model or DEFAULT_MODEL_PATH)
    data = read_labelled(args.input, args.text_col, None if args.no_title else args.title_col, args.label_col)
    print(evaluate_model(model, data, use_title=not args.no_title).report())
    return 0


def _cmd_lexicon_check(args: argparse.Namespace) -> int:
    problems = check_lexicon(_arg(args.dir))
    for p in problems:
        print(str(p).replace("\n", " "))
    print(f"{args.dir}: {'OK' if not problems else f'{len(problems)} problem(s)'}", file=sys.stderr)
    return 1 if problems else 0


def _read_text_arg(value: str) -> str:
    """A posting or résumé given on the command line: ``-`` (stdin), an existing file, or the text itself."""
    from pathlib import Path

    from opsmatch.resume import read_resume_text

    if value == "-":
        return sys.stdin.read()
    if "\n" not in value and len(value) < 4096:
        try:
            if Path(value).is_file():
                return read_resume_text(value)
        except OSError:
            pass
    return value


def _resume_arg(value: str, analyzer: Any) -> Any:
    """A résumé file (``.txt``, ``.md``, ``.docx``, ``.pdf``) or ``-`` for stdin."""
    from pathlib import Path

    from opsmatch.resume import parse_resume, read_resume

    if value == "-":
        return parse_resume(sys.stdin.read(), analyzer, source="<stdin>")
    if not Path(value).is_file():
        raise InputError(f"{value}: no such résumé file (give a .txt, .md, .docx or .pdf file, or - for stdin)")
    return read_resume(value, analyzer)


def _cmd_gap(args: argparse.Namespace) -> int:
    from opsmatch.comparison import compare_analyses, format_comparison

    analyzer = _analyzer(args)
    resume = _resume_arg(args.resume, analyzer)
    posting = analyzer.analyze(_read_text_arg(args.posting), args.title)
    result = compare_analyses(resume, posting)
    if args.json:
        row = result.to_dict(top_gaps=len(result.gaps), top_terms=len(result.missing_terms))
        row["gaps"] = [
            {"competency": g.competency, "label": g.label, "level": g.level, "terms": list(g.terms)}
            for g in result.gaps
        ]
        row["missing_terms"] = list(result.missing_terms)
        print(json.dumps(row, ensure_ascii=False, indent=2))
    else:
        print(format_comparison(result))
    return 0


def _cmd_rank(args: argparse.Namespace) -> int:
    import signal

    from opsmatch.rank import rank_csv

    def stop(signum: int, frame: Any) -> None:  # leave no .part file behind on SIGTERM
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        analyzer = _analyzer(args)
        report = rank_csv(
            _resume_arg(args.resume, analyzer), args.input, args.output, text_col=args.text_col,
            title_col=args.title_col, n_jobs=args.jobs, encoding=args.encoding, excel=args.excel,
            top_gaps=args.top_gaps, progress=False if args.quiet else None, analyzer=analyzer,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not args.quiet:
        chosen = f"text column {report.text_col!r}" + (
            f", title column {report.title_col!r}" if report.title_col else ""
        )
        print(f"opsmatch: {args.input} ({report.encoding}): {chosen}", file=sys.stderr)
        print(f"opsmatch: {report}", file=sys.stderr)
    return 0


def _cmd_paths(args: argparse.Namespace) -> int:
    from opsmatch.career import format_paths, paths

    analyzer = _analyzer(args)
    ranked = paths(_read_text_arg(args.input), kind=args.kind, analyzer=analyzer)
    if args.json:
        print(json.dumps(ranked.to_dicts()[: args.top], ensure_ascii=False, indent=2))
    else:
        print(format_paths(ranked, args.top))
    return 0


def _cmd_lexicon_suggest(args: argparse.Namespace) -> int:
    import pandas as pd

    from opsmatch.analyzer import Analyzer
    from opsmatch.batch import TEXT_COLUMN_NAMES, detect_encoding, find_column
    from opsmatch.suggest import suggest_terms, suggestions_frame

    try:
        with open(args.input, "rb") as fh:
            encoding = detect_encoding(fh.read(1 << 16))
        data = pd.read_csv(args.input, dtype=str, keep_default_na=False, encoding=encoding)
    except (UnicodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"{args.input}: cannot be read as CSV ({exc})".splitlines()[0]) from exc
    column = args.text_col or find_column(list(data.columns), TEXT_COLUMN_NAMES)
    if column is None or column not in data.columns:
        raise InputError(
            f"{args.input}: has no text column; its columns are {list(data.columns)}; choose one with --text-col"
        )
    analyzer = Analyzer(args.lexicon_dir, None)
    if args.competency and args.competency not in analyzer.lexicon.competencies:
        raise InputError(f"unknown competency {args.competency!r}; choose from {list(analyzer.lexicon.competencies)}")
    found = suggest_terms(data[column], analyzer, competency=args.competency, top=args.top, min_count=args.min_count)
    if args.output:
        suggestions_frame(found).to_csv(args.output, index=False)
    for cid in dict.fromkeys(s.competency for s in found):
        print(f"\n{analyzer.lexicon.competencies[cid]} ({cid})   unit  count/postings  lift  contexts")
        for s in (x for x in found if x.competency == cid):
            print(f"  {s.unit}  {s.with_competency}/{s.postings}  {s.lift:.1f}  {' | '.join(s.contexts)}")
    print(f"opsmatch: {len(found)} candidate(s) from {len(data)} postings", file=sys.stderr)
    return 0


_EXAMPLES = {
    "": """examples:
  opsmatch analyze "负责社群拉新，熟练使用Excel" --title 社群运营
  opsmatch score examples/postings.csv -o scored.csv --summary
  opsmatch report scored.csv -o report.html
  opsmatch gap my_cv.md posting.txt

'opsmatch COMMAND --help' shows each command's options and an example.""",
    "analyze": """example:
  opsmatch analyze "岗位职责：负责小红书种草文案；任职要求：熟练使用SQL" --title 新媒体运营
  echo "熟练使用SQL、Excel" | opsmatch analyze - --json""",
    "score": """examples:
  opsmatch score examples/postings.csv -o scored.csv --summary
  opsmatch score export.xlsx -o scored.parquet --text-col 职位描述 --title-col 职位名称 -j 2
  opsmatch score a.csv b.csv -o out/ --dask""",
    "report": """example:
  opsmatch score examples/postings.csv -o scored.csv && opsmatch report scored.csv -o report.html""",
    "train": """example:
  opsmatch train corpus/train.csv -o model.skops
  opsmatch score examples/postings.csv -o scored.csv --model model.skops

The labels are sub-type ids (below); 'other' marks postings that are not operations jobs.""",
    "evaluate": """example:
  opsmatch evaluate labelled.csv --model model.skops
  opsmatch evaluate labelled.csv --no-title      # the description alone""",
    "gap": """example:
  opsmatch gap my_cv.md posting.txt
  opsmatch gap my_cv.docx "负责公众号运营，熟练使用SQL" --json""",
    "rank": """example:
  opsmatch rank my_cv.md examples/postings.csv -o ranked.csv""",
    "lexicon": """examples:
  opsmatch lexicon check lexicons/
  opsmatch lexicon suggest examples/postings.csv --competency market_analysis --top 10""",
    "paths": """example:
  opsmatch paths my_cv.pdf -n 3""",
}


def _subtype_ids() -> str:
    """The sub-type ids and their labels, for the help pages (ids are what the outputs hold)."""
    from opsmatch.taxonomy import SUBTYPES

    pairs = [f"{sid} {label}" for sid, label in SUBTYPES.items()]
    lines, line = [], " "
    for pair in pairs:
        if len(line) + len(pair) > 76:
            lines.append(line.rstrip())
            line = " "
        line += " " + pair + ","
    lines.append(line.rstrip(","))
    return "sub-type ids (the subtype column):\n" + "\n".join(lines)


def _epilog(command: str) -> str:
    return f"{_EXAMPLES[command]}\n\n{_subtype_ids()}"


_FORMATTER = argparse.RawDescriptionHelpFormatter


def _parser() -> argparse.ArgumentParser:
    from opsmatch._version import __version__

    parser = argparse.ArgumentParser(
        prog="opsmatch",
        description="What a Chinese internet-operations job posting asks for: the five competencies "
        "with the words that prove them, and the operations sub-type.",
        epilog=_epilog(""),
        formatter_class=_FORMATTER,
    )
    parser.add_argument("--version", action="version", version=f"opsmatch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lexicon-dir", action="append", help="lexicon folder (repeat to layer folders)")
        p.add_argument("--model", help="model file (default: the shipped model)")
        p.add_argument("--no-model", action="store_true", help="no sub-type classification")
        p.add_argument(
            "--backend",
            default="auto",
            choices=["auto", "jieba", "rjieba"],
            help="tokenizer (default: rjieba if installed)",
        )

    p = sub.add_parser(
        "analyze",
        epilog=_epilog("analyze"),
        formatter_class=_FORMATTER,
        help="analyse one posting and print its competencies and sub-type",
    )
    p.add_argument("text", help="posting text, or - to read it from stdin")
    p.add_argument("--title", help="the job title, if known")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    common(p)
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser(
        "score",
        epilog=_epilog("score"),
        formatter_class=_FORMATTER,
        help="score a CSV file of postings into CSV or Parquet",
    )
    p.add_argument("input", nargs="+", help="input CSV (- for stdin); several files or globs with --dask")
    p.add_argument("-o", "--output", required=True, help="output .csv or .parquet (- for stdout)")
    p.add_argument("--text-col", help="description column (default: found by its name)")
    p.add_argument("--title-col", help="title column (default: found by its name)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: all cores)")
    p.add_argument("--encoding", default="auto", help="input encoding (default: detect UTF-8 / BOM / GB18030)")
    p.add_argument("--excel", action="store_true", help="write UTF-8 with BOM for Excel / WPS")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary line")
    p.add_argument("--salary-col", help="salary column (default: found by its name, e.g. 薪资 / 月薪 / salary)")
    p.add_argument("--summary", action="store_true",
                   help="print sub-type counts and competency shares, and the salary premium when there are salaries")  # fmt: skip
    p.add_argument("--evidence", metavar="EVIDENCE.csv",
                   help="also write the evidence in long form: one row per match (row, competency, canonical, "
                        "term, start, end, section, strength, kind, counted); .csv, .parquet or .xlsx")  # fmt: skip
    p.add_argument("--dask", nargs="?", const="", default=None, metavar="SCHEDULER",
                   help="score on Dask (a LocalCluster unless a scheduler address is given)")  # fmt: skip
    common(p)
    p.set_defaults(func=_cmd_score)

    p = sub.add_parser(
        "report",
        epilog=_epilog("report"),
        formatter_class=_FORMATTER,
        help="write one self-contained HTML page about a scored file",
    )
    p.add_argument("input", help="scored CSV or Parquet (the output of opsmatch score)")
    p.add_argument("-o", "--output", required=True, help="HTML file to write")
    p.add_argument("--title", help="page title")
    p.add_argument("--examples", type=int, default=4, help="example postings with highlighted evidence (0: none)")
    p.add_argument("--text-col", help="description column for the examples (default: found by its name)")
    p.add_argument("--title-col", help="title column for the examples (default: found by its name)")
    common(p)
    p.set_defaults(func=_cmd_report)

    for name, helptext in (
        ("train", "train a sub-type model on labelled postings"),
        ("evaluate", "measure a sub-type model on labelled postings"),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext, epilog=_epilog(name), formatter_class=_FORMATTER)
        p.add_argument("input", help="labelled CSV file, or a folder whose .csv files are read together")
        p.add_argument(
            "--text-col", default="description", help="column holding the posting text (default: description)"
        )
        p.add_argument("--title-col", default="title", help="column holding the job title (default: title)")
        p.add_argument(
            "--label-col", default="subtype", help="column holding the sub-type id of each row (default: subtype)"
        )
        p.add_argument(
            "--no-title",
            action="store_true",
            help="read the descriptions alone, leaving the titles out (default: titles are used)",
        )
        if name == "train":
            p.add_argument(
                "-o",
                "--output",
                required=True,
                help="model file to write (.skops; a fast .npz export is written beside it); required",
            )
            p.add_argument(
                "--lexicon-dir",
                action="append",
                help="lexicon folder the model learns with; repeat to layer folders (default: the shipped lexicons)",
            )
            p.set_defaults(func=_cmd_train)
        else:
            p.add_argument("--model", help="model file to measure (default: the shipped model)")
            p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser(
        "gap",
        epilog=_epilog("gap"),
        formatter_class=_FORMATTER,
        help="compare a résumé with a posting: competencies, gaps, missing terms, fit",
    )
    p.add_argument("resume", help="résumé file (.txt, .md, .docx, .pdf) or - for stdin")
    p.add_argument("posting", help="posting: a file, the text itself, or - for stdin")
    p.add_argument("--title", help="the posting's job title, if known")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    common(p)
    p.set_defaults(func=_cmd_gap)

    p = sub.add_parser(
        "rank",
        epilog=_epilog("rank"),
        formatter_class=_FORMATTER,
        help="rank a CSV file of postings for a résumé (best fit first)",
    )
    p.add_argument("resume", help="résumé file (.txt, .md, .docx, .pdf)")
    p.add_argument("input", help="postings CSV (- for stdin)")
    p.add_argument("-o", "--output", required=True, help="output .csv (- for stdout)")
    p.add_argument("--text-col", help="description column (default: found by its name)")
    p.add_argument("--title-col", help="title column (default: found by its name)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: all cores)")
    p.add_argument("--encoding", default="auto", help="input encoding (default: detect UTF-8 / BOM / GB18030)")
    p.add_argument("--excel", action="store_true", help="write UTF-8 with BOM for Excel / WPS")
    p.add_argument("--top-gaps", type=int, default=3, help="gaps listed per posting (default 3)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary line")
    common(p)
    p.set_defaults(func=_cmd_rank)

    p = sub.add_parser(
        "paths",
        epilog=_epilog("paths"),
        formatter_class=_FORMATTER,
        help="the seed article's career paths, ranked for a résumé or a posting",
    )
    p.add_argument("input", help="résumé or posting: a file, the text itself, or - for stdin")
    p.add_argument("--kind", default="auto", choices=["auto", "resume", "posting"], help="what the input is")
    p.add_argument("-n", "--top", type=int, default=None, help="show only the best N paths")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    common(p)
    p.set_defaults(func=_cmd_paths)

    p = sub.add_parser("lexicon", epilog=_epilog("lexicon"), formatter_class=_FORMATTER, help="lexicon tools")
    lex = p.add_subparsers(dest="lexicon_command", required=True)
    c = lex.add_parser("check", epilog=_epilog("lexicon"), formatter_class=_FORMATTER, help="validate a lexicon folder")
    c.add_argument("dir", help="lexicon folder")
    c.set_defaults(func=_cmd_lexicon_check)
    c = lex.add_parser(
        "suggest",
        help="candidate terms mined from your postings: words that come with a competency's evidence",
        description="Words and word pairs that occur in postings with evidence of a competency far more "
        "often than in postings at large (lift, minimum count), minus what the lexicon already matches, "
        "with two contexts each.",
        epilog=_epilog("lexicon"),
        formatter_class=_FORMATTER,
    )
    c.add_argument("input", help="CSV file of postings")
    c.add_argument("--competency", help="one competency id (default: all)")
    c.add_argument("--top", type=int, default=20, help="candidates per competency (default 20)")
    c.add_argument(
        "--min-count", type=int, default=5, help="postings with the competency that must hold it (default 5)"
    )
    c.add_argument("--text-col", help="description column (default: found by its name)")
    c.add_argument("--lexicon-dir", action="append", help="lexicon folder (repeat to layer folders)")
    c.add_argument("-o", "--output", help="also write the candidates to this CSV file")
    c.set_defaults(func=_cmd_lexicon_suggest)
    return parser


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so every clean-up path runs as for Ctrl-C."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def _one_line_warning(
    message: Warning | str, category: type[Warning], filename: str, lineno: int, line: str | None = None
) -> str:
    return "opsmatch: warning: " + " ".join(str(message).split()) + "\n"


def _fail(message: object) -> int:
    text = " ".join(str(message).split()) or type(message).__name__
    print(f"opsmatch: {text}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``opsmatch`` command."""
    args = _parser().parse_args(argv)
    formatwarning, warnings.formatwarning = warnings.formatwarning, _one_line_warning
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if _main_thread() else None
    try:
        return int(args.func(args))
    except LexiconError as exc:
        for problem in exc.problems:
            _fail(problem)
        return 2
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except (InputError, ModelLoadError, OSError) as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        return _signalled("opsmatch: interrupted", 130, leave=argv is None)
    except _Terminated:
        return _signalled("opsmatch: terminated", 143, leave=argv is None)
    finally:
        warnings.formatwarning = formatwarning
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _signalled(message: str, code: int, *, leave: bool) -> int:
    """After Ctrl-C or SIGTERM: one line, and the command (not an in-process caller) leaves at
    once. Every clean-up ran while the exception unwound (workers stopped, no partial output);
    waiting on the worker pool's threads at interpreter exit could only hang."""
    print(message, file=sys.stderr)
    if leave:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)
    return code


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _quiet_stdout() -> None:
    """After a broken pipe: send what is left for stdout nowhere, so exit prints no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    raise SystemExit(main())

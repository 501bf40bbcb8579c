"""Command line: ``opsmatch analyze | score | train | evaluate | lexicon check | lexicon suggest``.

Problems with the user's input (a missing file or column, a broken lexicon, a refused model)
print one line to stderr and exit with code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
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
    roles = list(dict.fromkeys(f"{m.canonical}({m.category})" for m in a.role_matches))
    if roles:
        lines += ["", "岗位关键词  " + "  ".join(roles)]
    return "\n".join(lines)


def _analyzer(args: argparse.Namespace) -> Any:
    from opsmatch.analyzer import Analyzer

    model: Any = None if args.no_model else (args.model or "default")
    return Analyzer(args.lexicon_dir, model, backend=args.backend)


def _cmd_analyze(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.text == "-" else args.text
    result = _analyzer(args).analyze(text, args.title)
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

    model: Any = None if args.no_model else (args.model or "default")
    report = score_files(
        args.input, args.output, text_col=args.text_col, title_col=args.title_col,
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
    report = score_csv(
        args.input[0], args.output, text_col=args.text_col, title_col=args.title_col, n_jobs=args.jobs,
        encoding=args.encoding, excel=args.excel, progress=False if args.quiet else None,
        analyzer=_analyzer(args), evidence=args.evidence,
    )  # fmt: skip
    if not args.quiet:
        chosen = f"text column {report.text_col!r}" + (
            f", title column {report.title_col!r}" if report.title_col else ""
        )
        print(f"opsmatch: {args.input[0]} ({report.encoding}): {chosen}", file=sys.stderr)
        print(f"opsmatch: {report}", file=sys.stderr)
    if args.summary and args.output != "-":
        import pandas as pd

        from opsmatch.batch import summarize

        out = args.output
        scored = pd.read_parquet(out) if out.endswith(".parquet") else pd.read_csv(out, dtype={"error": str})
        print(summarize(scored).to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from opsmatch.classifier import SubtypeClassifier
    from opsmatch.evaluate import read_labelled

    data = read_labelled(args.input, args.text_col, None if args.no_title else args.title_col, args.label_col)
    data = data[data["label"] != ""]
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
    problems = check_lexicon(args.dir)
    for p in problems:
        print(p)
    print(f"{args.dir}: {'OK' if not problems else f'{len(problems)} problem(s)'}", file=sys.stderr)
    return 1 if problems else 0


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


def _parser() -> argparse.ArgumentParser:
    from opsmatch._version import __version__

    parser = argparse.ArgumentParser(prog="opsmatch", description="What a Chinese operations job posting asks for.")
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

    p = sub.add_parser("analyze", help="analyse one posting and print its competencies and sub-type")
    p.add_argument("text", help="posting text, or - to read it from stdin")
    p.add_argument("--title", help="the job title, if known")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    common(p)
    p.set_defaults(func=_cmd_analyze)

    p = sub.add_parser("score", help="score a CSV file of postings into CSV or Parquet")
    p.add_argument("input", nargs="+", help="input CSV (- for stdin); several files or globs with --dask")
    p.add_argument("-o", "--output", required=True, help="output .csv or .parquet (- for stdout)")
    p.add_argument("--text-col", help="description column (default: found by its name)")
    p.add_argument("--title-col", help="title column (default: found by its name)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (-1: all cores)")
    p.add_argument("--encoding", default="auto", help="input encoding (default: detect UTF-8 / BOM / GB18030)")
    p.add_argument("--excel", action="store_true", help="write UTF-8 with BOM for Excel / WPS")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary line")
    p.add_argument("--summary", action="store_true", help="print sub-type counts and competency shares")
    p.add_argument("--evidence", metavar="EVIDENCE.csv",
                   help="also write the evidence in long form: one row per match (row, competency, canonical, "
                        "term, start, end, section, strength, kind, counted)")  # fmt: skip
    p.add_argument("--dask", nargs="?", const="", default=None, metavar="SCHEDULER",
                   help="score on Dask (a LocalCluster unless a scheduler address is given)")  # fmt: skip
    common(p)
    p.set_defaults(func=_cmd_score)

    for name, helptext in (
        ("train", "train a sub-type model"),
        ("evaluate", "evaluate a model on labelled data"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("input", help="labelled CSV file or folder of CSV files")
        p.add_argument("--text-col", default="description")
        p.add_argument("--title-col", default="title")
        p.add_argument("--label-col", default="subtype")
        p.add_argument("--no-title", action="store_true", help="ignore titles")
        if name == "train":
            p.add_argument(
                "-o",
                "--output",
                required=True,
                help="model file to write (.skops; a fast .npz export is written beside it)",
            )
            p.add_argument("--lexicon-dir", action="append")
            p.set_defaults(func=_cmd_train)
        else:
            p.add_argument("--model", help="model file (default: the shipped model)")
            p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("lexicon", help="lexicon tools")
    lex = p.add_subparsers(dest="lexicon_command", required=True)
    c = lex.add_parser("check", help="validate a lexicon folder")
    c.add_argument("dir", help="lexicon folder")
    c.set_defaults(func=_cmd_lexicon_check)
    c = lex.add_parser(
        "suggest",
        help="candidate terms mined from your postings: words that come with a competency's evidence",
        description="Words and word pairs that occur in postings with evidence of a competency far more "
        "often than in postings at large (lift, minimum count), minus what the lexicon already matches, "
        "with two contexts each. Example: opsmatch lexicon suggest postings.csv --competency market_analysis",
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``opsmatch`` command."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LexiconError as exc:
        print(f"opsmatch: {exc}", file=sys.stderr)
        return 2
    except (InputError, ModelLoadError, OSError) as exc:
        print(f"opsmatch: {exc}".splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())

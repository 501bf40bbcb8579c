"""Scoring on Dask, for more postings than one machine holds (extra: ``pip install opsmatch[dask]``).

The same per-row analysis as ``score_frame`` / ``score_csv``, mapped over Dask partitions or
files. Each worker process builds its Analyzer ONCE (cached per lexicon / model), not per
partition and not per row. A custom lexicon folder or model file is passed to every worker
by path, so it must be readable there (a shared file system or the same image).

>>> import dask.dataframe as dd, pandas as pd
>>> postings = pd.DataFrame({"职位描述": ["熟练使用SQL，负责社群运营", "负责公众号文案"]})
>>> scored = score_dataframe(dd.from_pandas(postings, npartitions=2), "职位描述")  # or dd.read_parquet(...)
>>> scored.groupby("subtype").data_analysis_score.mean().compute().round(2).to_dict()
{'community_ops': 0.49, 'new_media_ops': 0.0}
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from opsmatch.analyzer import Analyzer
from opsmatch.batch import ScoreReport, output_names, score_csv, score_frame
from opsmatch.errors import InputError
from opsmatch.lexicon import load_lexicon
from opsmatch.results import result_schema
from opsmatch.sinks import pandas_dtypes

__all__ = ["DaskReport", "analyzer_builds", "score_dataframe", "score_files"]

_BUILDS = {"count": 0}


def _key(lexicon_dir: Any) -> Any:
    if lexicon_dir is None or isinstance(lexicon_dir, (str, os.PathLike)):
        return None if lexicon_dir is None else str(lexicon_dir)
    return tuple(str(d) for d in lexicon_dir)


def _dirs(lexicon_dir: LexiconDirs) -> Any:
    if lexicon_dir is None or isinstance(lexicon_dir, (str, os.PathLike)):
        return lexicon_dir
    return list(lexicon_dir)


@lru_cache(maxsize=4)
def _worker_analyzer(lexicon_dir: Any, model: Any) -> Analyzer:
    """The Analyzer of this worker process for a lexicon / model (built once, then cached)."""
    _BUILDS["count"] += 1
    lex = list(lexicon_dir) if isinstance(lexicon_dir, tuple) else lexicon_dir
    return Analyzer(lex, model)


def analyzer_builds() -> int:
    """How many Analyzers this process has built for Dask work (run it on workers to count)."""
    return _BUILDS["count"]


def _check_model(model: Any) -> None:
    if model is not None and not isinstance(model, (str, os.PathLike)):
        raise TypeError(f"on Dask, pass the model as a file path, not a {type(model).__name__} (save it first)")


def _meta(columns: pd.Index, dtypes: pd.Series, schema: dict[str, str]) -> pd.DataFrame:
    """The empty frame Dask needs: the input's columns, then the result columns with their dtypes."""
    base: pd.DataFrame = pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(columns, dtypes)})
    names = output_names(list(columns), schema)
    for col, dtype in pandas_dtypes(schema).items():
        base[names[col]] = pd.Series(dtype=dtype)
    return base


def _score_partition(part: pd.DataFrame, text_col: Any, title_col: Any, lexicon_dir: Any, model: Any) -> pd.DataFrame:
    scored: pd.DataFrame = score_frame(
        part, text_col, title_col, progress=False, analyzer=_worker_analyzer(lexicon_dir, model)
    )
    return scored


LexiconDirs = str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None


def score_dataframe(
    ddf: Any,
    text_col: Any,
    title_col: Any = None,
    *,
    lexicon_dir: LexiconDirs = None,
    model: str | os.PathLike[str] | None = "default",
) -> Any:
    """A lazy Dask DataFrame: ``ddf``'s columns plus the result columns, partition by partition.

    ``model`` is ``"default"``, ``None`` or a model file readable on the workers (a path, so
    each worker loads it once; save a fitted classifier with ``.save()`` / ``.export()``).
    """
    _check_model(model)
    for col in (text_col, title_col):
        if col is not None and col not in ddf.columns:
            raise InputError(f"column {col!r} is not in the Dask DataFrame; its columns are {list(ddf.columns)}")
    schema = result_schema(load_lexicon(_dirs(lexicon_dir)).competencies)  # the workers' lexicon, read here too
    meta = _meta(ddf._meta.columns, ddf._meta.dtypes, schema)
    return ddf.map_partitions(_score_partition, text_col, title_col, _key(lexicon_dir), model, meta=meta)


@dataclass(frozen=True)
class DaskReport:
    """What ``score_files`` did: one ``ScoreReport`` per input file, and the wall time."""

    files: tuple[ScoreReport, ...]
    seconds: float
    output: str

    @property
    def rows(self) -> int:
        return sum(r.rows for r in self.files)

    def __str__(self) -> str:
        errors = sum(r.errors for r in self.files)
        rate = self.rows / self.seconds if self.seconds > 0 else float("inf")
        return (
            f"{len(self.files)} files, {self.rows} rows ({errors} with an error) in {self.seconds:.1f} s "
            f"({rate:,.0f} rows/s) -> {self.output}"
        )


def _score_file(src: str, dst: str, kwargs: dict[str, Any], lexicon_dir: Any, model: Any) -> ScoreReport:
    return score_csv(src, dst, progress=False, analyzer=_worker_analyzer(lexicon_dir, model), **kwargs)


def _expand(inputs: Any) -> list[str]:
    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    files: list[str] = []
    for item in items:
        item = str(item)
        if os.path.isdir(item):
            files += sorted(glob.glob(os.path.join(item, "*.csv")))
        elif glob.has_magic(item):
            files += sorted(glob.glob(item))
        else:
            files.append(item)
    if not files:
        raise InputError(f"{inputs}: matches no CSV file")
    return files


def score_files(
    inputs: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    out_dir: str | Path,
    *,
    text_col: str | None = None,
    title_col: str | None = None,
    encoding: str = "auto",
    address: str | None = None,
    lexicon_dir: LexiconDirs = None,
    model: str | os.PathLike[str] | None = "default",
    client: Any = None,
    n_workers: int | None = None,
) -> DaskReport:
    """Score many CSV files (paths, folders or globs) into ``out_dir/<name>.parquet`` on Dask.

    One task per file, with the column detection, encodings and ``error`` column of
    ``score_csv``. Uses ``client`` if given, else connects to ``address``, else starts a
    ``LocalCluster`` (one single-threaded worker process per core, or ``n_workers``).
    """
    from dask.distributed import Client, LocalCluster

    _check_model(model)
    files = _expand(inputs)
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        raise InputError(f"{missing[0]}: cannot be read (no such file)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stems = [Path(f).stem for f in files]
    if len(set(stems)) != len(stems):  # same name in two folders: keep them apart
        stems = [f"{i:05d}-{s}" for i, s in enumerate(stems)]
    kwargs = {"text_col": text_col, "title_col": title_col, "encoding": encoding}
    own_cluster = None
    if client is None:
        if address:
            client = Client(address)  # type: ignore[no-untyped-call]
        else:
            own_cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True)  # type: ignore[no-untyped-call]
            client = Client(own_cluster)  # type: ignore[no-untyped-call]
    started = time.perf_counter()
    try:
        futures = [
            client.submit(_score_file, f, str(out / f"{s}.parquet"), kwargs, _key(lexicon_dir), model, pure=False)
            for f, s in zip(files, stems)
        ]
        reports = tuple(client.gather(futures))
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    return DaskReport(reports, time.perf_counter() - started, str(out))

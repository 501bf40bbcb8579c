"""Where the shared evaluation data lives, and loading it (never committed, never trained on)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("OPSMATCH_EVAL_DATA", ROOT.parent / "shared" / "data"))


def available(name: str) -> bool:
    return (SHARED_DATA / name).is_file()


def load(name: str) -> pd.DataFrame:
    df = pd.read_csv(SHARED_DATA / name, dtype=str, keep_default_na=False)
    df["is_operations"] = df["is_operations"].str.lower() == "true"
    return df


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()

"""``df.opsmatch``: scoring and summarizing as a pandas DataFrame accessor.

Registered as soon as both pandas and opsmatch are imported, in either order:
``import opsmatch`` registers it at once when pandas is already loaded, and otherwise right
after pandas finishes loading (a one-shot import hook, see ``opsmatch.__init__``), so
``import opsmatch`` alone never pays for importing pandas. The methods import the scoring
code on first use.
"""

from __future__ import annotations

from collections.abc import Hashable

import pandas as pd

__all__ = ["OpsmatchAccessor"]


@pd.api.extensions.register_dataframe_accessor("opsmatch")
class OpsmatchAccessor:
    """``df.opsmatch.score("职位描述")`` is ``opsmatch.score_frame(df, "职位描述")``;
    ``scored.opsmatch.summarize()`` is ``opsmatch.summarize(scored)``."""

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df

    def score(
        self, text_col: Hashable, title_col: Hashable | None = None, *, n_jobs: int = 1, progress: bool | None = None
    ) -> pd.DataFrame:
        """Score this frame: its columns untouched plus the result columns (``opsmatch.score_frame``)."""
        from opsmatch.batch import score_frame

        return score_frame(self._df, text_col, title_col, n_jobs=n_jobs, progress=progress)

    def summarize(self, *, top: int = 5, stat: str = "share", by: str = "subtype") -> pd.DataFrame:
        """Summarize this scored frame per sub-type (``opsmatch.summarize``)."""
        from opsmatch.summary import summarize

        return summarize(self._df, top=top, stat=stat, by=by)

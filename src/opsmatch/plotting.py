"""Deprecated: the charts moved to ``opsmatch.plot`` (``from opsmatch.plot import radar``).

``import opsmatch.plotting`` still works, with a ``DeprecationWarning``: every name is
``opsmatch.plot``'s own object.
"""

from __future__ import annotations

import warnings

from opsmatch import plot
from opsmatch.plot import *  # noqa: F403
from opsmatch.plot import __all__ as __all__

warnings.warn(
    "opsmatch.plotting is deprecated; use opsmatch.plot (from opsmatch.plot import radar, heatmap ...)",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str) -> object:
    return getattr(plot, name)

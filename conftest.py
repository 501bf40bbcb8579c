"""Doctest collection over ``src/opsmatch`` (see ``pyproject.toml``): the chart modules need
the ``plot`` extra (matplotlib) just to be imported, so without it they are not collected."""

from __future__ import annotations

import importlib.util

collect_ignore = (
    [] if importlib.util.find_spec("matplotlib") is not None else ["src/opsmatch/plot.py", "src/opsmatch/plotting.py"]
)

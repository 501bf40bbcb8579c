"""Doctest collection over ``src/opsmatch`` (see ``pyproject.toml``): the chart modules need
the ``plot`` extra (matplotlib) just to be imported, so without it they are not collected."""

from __future__ import annotations

import importlib.util
import os

# doctests are collected from src/opsmatch while the tests import the installed package (CI installs
# it non-editable into site-packages): the same module at two paths is expected, not a mistake
os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")

collect_ignore = (
    [] if importlib.util.find_spec("matplotlib") is not None else ["src/opsmatch/plot.py", "src/opsmatch/plotting.py"]
)

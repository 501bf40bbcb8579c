"""Exceptions for input opsmatch cannot use at all (rows with problems get an ``error`` column)."""

from __future__ import annotations

__all__ = ["InputError", "ModelLoadError"]


class InputError(ValueError):
    """A file or column cannot be read at all; the message is one line that names it."""


class ModelLoadError(ValueError):
    """A model file cannot be loaded safely (unknown types, wrong object, unreadable)."""

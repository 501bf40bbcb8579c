"""Exceptions and warnings for input opsmatch cannot use (rows with problems get an ``error`` column)."""

from __future__ import annotations

__all__ = ["InputError", "LexiconMismatchWarning", "ModelLoadError", "OutputError", "RowWarning"]


class InputError(ValueError):
    """A file or column cannot be read at all; the message is one line that names it."""


class OutputError(InputError):
    """An output cannot be written (unknown format, a folder in the way, disk full); one line naming it."""


class ModelLoadError(ValueError):
    """A model file cannot be loaded safely (unknown types, wrong object, unreadable, inconsistent)."""


class LexiconMismatchWarning(UserWarning):
    """A model is used with a lexicon other than the one it was trained with."""


class RowWarning(UserWarning):
    """Rows of an input file were read in a way the user should know about (e.g. a stray quote)."""

"""The matcher's own record of a lexicon entry found in normalized text, before it becomes a ``Match``."""

from __future__ import annotations

from typing import NamedTuple

from opsmatch.lexicon import Term

__all__ = ["Hit"]


class Hit(NamedTuple):
    """A span [start, end) of the NORMALIZED text where ``term`` was found, and how.

    ``kind`` is ``"exact"``, ``"fuzzy"`` or ``"pattern"``; ``implied`` marks a trait (the
    entry is ``kind = "trait"``, or its context demoted it): never evidence on its own.
    """

    start: int
    end: int
    term: Term
    kind: str
    implied: bool = False

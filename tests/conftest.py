"""Shared fixtures: one Analyzer per test session (building one loads jieba's dictionary)."""

from __future__ import annotations

from pathlib import Path

import pytest

from opsmatch.analyzer import Analyzer

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    """The shipped lexicons and model."""
    return Analyzer()


@pytest.fixture(scope="session")
def bare_analyzer() -> Analyzer:
    """The shipped lexicons, no classifier."""
    return Analyzer(model=None)

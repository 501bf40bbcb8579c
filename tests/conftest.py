"""Shared fixtures: one Analyzer per test session (building one loads jieba's dictionary)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from opsmatch.analyzer import Analyzer

# property tests check results, not speed: a per-example deadline only measures how busy the
# machine is (one failed at 212 ms against 200 ms while a benchmark ran beside the suite)
settings.register_profile("opsmatch", deadline=None)
settings.load_profile("opsmatch")

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

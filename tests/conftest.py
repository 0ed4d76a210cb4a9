"""Fixtures shared by the test modules."""
from __future__ import annotations

import pytest

from whimbrel.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    """whimbrel's default pipeline, built once: the events tests only read from it."""
    return Pipeline()

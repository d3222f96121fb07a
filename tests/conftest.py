"""Shared fixtures: one loaded pipeline per test session (loading spaCy costs about a second)."""

from __future__ import annotations

import pytest

from sitrep.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()

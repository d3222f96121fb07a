"""A short fuzzing pass over every input-facing target in CI (bench/fuzz.py runs them at scale).

Each target must only ever return or raise a documented SitrepError, within its time limit.
"""

from __future__ import annotations

import signal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.security.fuzz_targets import TARGETS, FuzzTarget, check

CI_EXAMPLES = {"extract": 40}  # the extractor runs spaCy per case: fewer, longer cases
DEFAULT_EXAMPLES = 300


class Hang(AssertionError):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang("case ran past its time limit")


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_fuzzed_input_gives_only_documented_errors_and_never_hangs(target: FuzzTarget) -> None:
    @settings(
        max_examples=CI_EXAMPLES.get(target.name, DEFAULT_EXAMPLES),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(target.strategy)
    def run(case: Any) -> None:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, target.timeout_s * 3)  # slack for a loaded CI machine
        try:
            check(target, case)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    run()

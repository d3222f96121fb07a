"""The store's invariants after every step of random ingests (tests/store/machine.py), briefly, on
both back ends; ``bench/store_invariants.py`` runs the same machine for 100,000 steps."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.store.machine import Counters, machine_for

CI = settings(
    max_examples=15, stateful_step_count=10, deadline=None, suppress_health_check=list(HealthCheck), database=None
)


def test_random_ingests_keep_the_invariants_and_do_not_depend_on_order(store_url: str) -> None:
    counters = Counters()
    machine = machine_for(store_url, counters)
    try:
        run_state_machine_as_test(machine, settings=CI)
    finally:
        machine.close_store()  # type: ignore[attr-defined]
    assert counters.cases >= 1 and counters.steps >= counters.cases


def test_random_ingests_with_an_analyst_at_work_keep_the_invariants(store_url: str) -> None:
    from tests.store.review_machine import review_machine_for

    counters = Counters()
    machine = review_machine_for(store_url, counters)
    try:
        run_state_machine_as_test(machine, settings=CI)
    finally:
        machine.close_store()  # type: ignore[attr-defined]
    assert counters.cases >= 1

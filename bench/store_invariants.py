"""The store's invariants at length: tests/store/machine.py for a number of steps, on SQLite,
PostgreSQL or both, printing cases tried, steps and violations.

    python bench/store_invariants.py                          # 100,000 steps on SQLite
    python bench/store_invariants.py --steps 2000 --backend postgresql
    python bench/store_invariants.py --steps 100000 --backend both

Each case empties the store and runs up to ``--case-steps`` random steps (new articles, repeats,
copies, revised tolls), checking ``Store.check()`` and order-independence after every one. A
violation is a case hypothesis found failing (it is shrunk and printed); the run goes on with new
seeds until the steps are done. Exits 1 on any violation.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root: tests.store

from tests.store.machine import Counters, machine_for  # noqa: E402


def run(url: str, steps: int, case_steps: int, batch: int) -> tuple[Counters, int]:
    counters = Counters()
    violations = 0
    machine = machine_for(url, counters)
    try:
        while counters.steps < steps:
            config = settings(
                max_examples=batch,
                stateful_step_count=case_steps,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
                derandomize=False,
            )
            try:
                run_state_machine_as_test(machine, settings=config)
            except Exception:  # a violation: hypothesis shrank it and raised; report and go on
                violations += 1
                traceback.print_exc()
    finally:
        machine.close_store()  # type: ignore[attr-defined]
    return counters, violations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=100_000)
    parser.add_argument("--case-steps", type=int, default=25, help="Steps per case (one fresh store each).")
    parser.add_argument("--batch", type=int, default=200, help="Cases per hypothesis run.")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    total = 0
    for backend in backends:
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                counters, violations = run(f"sqlite:///{tmp}/s.db", args.steps, args.case_steps, args.batch)
            else:
                from tests.store.pg_server import PostgresServer

                server = PostgresServer()
                try:
                    counters, violations = run(server.start(), args.steps, args.case_steps, args.batch)
                finally:
                    server.stop()
        took = time.perf_counter() - start
        print(
            f"{backend}: {counters.cases} cases, {counters.steps} steps ({counters.steps / took:.0f}/s), "
            f"{violations} violation(s) in {took:.0f} s"
        )
        total += violations
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

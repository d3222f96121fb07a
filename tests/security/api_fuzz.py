"""Fuzzing the HTTP API with schemathesis: cases generated from its own OpenAPI schema, sent over loopback.

Every operation in ``/openapi.json`` is fuzzed twice: with valid requests (positive mode: every
parameter and body as the schema describes) and with invalid ones (negative mode: wrong types,
out-of-range numbers, unknown shapes). Each response must pass ``CHECKS``:

* no 5xx (``not_a_server_error``);
* only status codes the schema documents for that operation (``status_code_conformance``): a
  400/401/404/413/422 the schema does not list is a finding;
* a body that matches the documented response schema and a documented content type.

Half of the ``GET /events/{event_id}`` cases ask for an event that exists (the generated ids
would otherwise only ever meet 404). ``POST /articles`` carries the write token, so valid bodies
are really coded and stored. The test suite runs a few hundred cases
(tests/security/test_api_fuzz.py); ``bench/fuzz_api.py`` runs tens of thousands and prints counts.
"""

from __future__ import annotations

import signal
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

__all__ = ["CHECKS", "OperationResult", "fuzz_api"]

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang


@dataclass
class OperationResult:
    """What one operation did under one generation mode."""

    operation: str
    mode: str
    cases: int = 0
    failures: int = 0
    hangs: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)

    def status_text(self) -> str:
        return " ".join(f"{code}:{n}" for code, n in sorted(self.statuses.items()))


def fuzz_api(
    base_url: str,
    *,
    cases_per_operation: int,
    token: str,
    event_ids: list[str],
    timeout_s: float = 30.0,
    derandomize: bool = False,
) -> list[OperationResult]:
    """Fuzz every operation of the server at ``base_url`` in both modes; one result per pair.

    A case that raises a check failure, any other exception, or runs past ``timeout_s`` is
    counted and its first lines kept (up to 3 per result); the run goes on. ``derandomize`` makes
    the cases the same on every run (CI).
    """
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    results: list[OperationResult] = []
    for found in schema.get_all_operations():
        if not isinstance(found, Ok):
            raise found.err()  # the schema itself is broken: that is a finding too
        operation = found.ok()
        takes_input = next(iter(operation.iter_parameters()), None) is not None or operation.body
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if takes_input else (GenerationMode.POSITIVE,):
            result = OperationResult(f"{operation.method.upper()} {operation.path}", mode.value)
            strategy = operation.as_strategy(generation_mode=mode)
            if "{event_id}" in operation.path and event_ids and mode is GenerationMode.POSITIVE:
                strategy = st.tuples(strategy, st.sampled_from([None, *event_ids])).map(_with_event_id)
            try:
                _run(strategy, result, base_url, headers, cases_per_operation, timeout_s, derandomize)
            except Unsatisfiable:  # no invalid request exists (a path parameter any string fills)
                continue
            results.append(result)
    return results


def _with_event_id(pair: tuple[Any, str | None]) -> Any:
    case, event_id = pair
    if event_id is not None:
        case.path_parameters = {**(case.path_parameters or {}), "event_id": event_id}
    return case


def _run(
    strategy: Any,
    result: OperationResult,
    base_url: str,
    headers: dict[str, str],
    cases: int,
    timeout_s: float,
    derandomize: bool,
) -> None:
    # No shrinking and no example database: every case counts once, and a failure is recorded
    # instead of stopping the run.
    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=derandomize,
    )
    @given(strategy)
    def one(case: Any) -> None:
        result.cases += 1
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
        try:
            response = case.call(base_url=base_url, headers=headers, timeout=timeout_s)
            result.statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)
        except _Hang:
            result.hangs += 1
            _keep(result, f"hang (> {timeout_s} s): {case.method} {case.formatted_path} {case.query!r:.200}")
        except Exception as exc:  # a check failure or a transport error: both are findings
            result.failures += 1
            _keep(
                result,
                f"{type(exc).__name__}: {str(exc)[:400]} <- {case.method} {case.formatted_path} "
                f"query={case.query!r:.200} body={case.body!r:.200}",
            )
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    one()


def _keep(result: OperationResult, finding: str) -> None:
    if len(result.findings) < 3:
        result.findings.append(finding)

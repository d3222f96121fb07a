"""The API under schemathesis in CI: every operation, valid and invalid requests, over real HTTP.

A live uvicorn on 127.0.0.1 serves a store of the coded demo corpus and accepts writes with a
token, once on SQLite and once on the PostgreSQL server the tests start (PostgreSQL refuses NUL
where SQLite takes it, so each back end is fuzzed); ``tests/security/api_fuzz.py`` generates the
cases from ``/openapi.json``. ``bench/fuzz_api.py`` runs the same at scale.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from sitrep.api import ApiConfig
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.api.live import live_server
from tests.security.api_fuzz import fuzz_api

TOKEN = "fuzz-token-0b5e"
CASES = 30  # per operation and mode: 4 operations x 2 modes + GET /health = about 270 requests


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzzed(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_coded: list[Coded],
    pipeline: Pipeline,
) -> Iterator[tuple[str, list[str]]]:
    server = name = ""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('apifuzz') / 'store.db'}"
    else:
        server, name = request.getfixturevalue("pg_url"), f"fuzz_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = server.rsplit("/", 1)[0] + f"/{name}"
    store = Store(url)
    store.ingest_coded(demo_coded)
    ids = [e.event_id for e in store.events()]
    config = ApiConfig(api_token=TOKEN, max_batch=3, max_body_bytes=50_000)
    with live_server(store, config=config, pipeline=pipeline) as base:
        yield base, ids
    store.close()
    if name:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_generated_requests_get_no_server_error_and_only_documented_answers(fuzzed: tuple[str, list[str]]) -> None:
    base, ids = fuzzed
    results = fuzz_api(base, cases_per_operation=CASES, token=TOKEN, event_ids=ids, derandomize=True)
    operations = {r.operation for r in results}
    assert {"GET /events", "GET /events/{event_id}", "GET /stats", "POST /articles"} <= operations
    findings = [f"{r.operation} ({r.mode}): {f}" for r in results for f in r.findings]
    assert sum(r.failures + r.hangs for r in results) == 0, "\n".join(findings)
    # the cases really reached the code behind the checks, not only the validation layer
    statuses = {r.operation: r.statuses for r in results if r.mode == "positive"}
    assert statuses["GET /events"][200] > 0
    assert statuses["GET /events/{event_id}"][200] > 0
    assert statuses["POST /articles"][200] > 0
    negative = {r.operation: r.statuses for r in results if r.mode == "negative"}
    assert sum(negative["GET /events"].values()) > 0

"""Shared fixtures: one loaded pipeline per test session (loading spaCy costs about a second)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.model import Coded
from sitrep.pipeline import Pipeline


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


# --- the event store on both back ends (tests/store/pg_server.py starts a real PostgreSQL) ------------


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A real PostgreSQL 15 server for the session: "postgresql://postgres@127.0.0.1:PORT/postgres".
    Started on first use; a server that cannot start fails the test (CI never skips it)."""
    from tests.store.pg_server import PostgresServer

    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL, once per back end: a SQLite file, or a fresh PostgreSQL database
    (dropped after the test). ``Store(store_url)`` creates the schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    import uuid

    import psycopg

    server: str = request.getfixturevalue("pg_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the demo corpus, coded once (API and web tests fill their stores from it) --------------------


@pytest.fixture(scope="session")
def demo_coded(pipeline: Pipeline) -> list[Coded]:
    """examples/demo_stories.jsonl coded by the real pipeline; ``Store.ingest_coded`` fills a store fast."""
    from tests.api.live import code_demo

    return code_demo(pipeline)

"""API fixtures: the demo corpus coded once, stores filled from it on both back ends, live servers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from sitrep.api import ApiConfig
from sitrep.model import Coded, Event
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.api.live import live_server

TOKEN = "write-token-for-tests-7f3a"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def demo_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, demo_coded: list[Coded]
) -> Iterator[Store]:
    """A store holding the coded demo corpus, once per back end for the session (read-only tests)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'demo.db'}"
        dropped = None
    else:
        server: str = request.getfixturevalue("pg_url")
        name = f"api_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = server.rsplit("/", 1)[0] + f"/{name}"
        dropped = (server, name)
    store = Store(url)
    store.ingest_coded(demo_coded)
    yield store
    store.close()
    if dropped is not None:
        with psycopg.connect(dropped[0], autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def api(demo_store: Store) -> Iterator[httpx.Client]:
    """An HTTP client on a live server over the demo store (open reads, writes disabled)."""
    with live_server(demo_store) as base, httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def all_events(demo_store: Store) -> list[Event]:
    return demo_store.events()


@pytest.fixture
def write_api(tmp_path: Path, pipeline: Pipeline) -> Iterator[tuple[httpx.Client, Store]]:
    """A live server over an empty SQLite store that accepts writes with ``TOKEN`` (small caps)."""
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    config = ApiConfig(api_token=TOKEN, max_batch=3, max_body_bytes=20_000)
    with (
        live_server(store, config=config, pipeline=pipeline) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        yield client, store
    store.close()

"""A real sitrep server for tests: uvicorn on a free loopback port, in a thread of the test process.

Tests talk to it over real HTTP (httpx, Chromium), so middleware, streaming and the CSP are the
ones users get. ``code_demo`` codes the demo corpus once; ``ingest_coded`` then fills any store
from those results in well under a second.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from sitrep.api import ApiConfig, create_app
from sitrep.api.demo import DEMO_CORPUS
from sitrep.ingest import read_articles
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store

__all__ = ["code_demo", "free_port", "live_server"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def code_demo(pipeline: Pipeline, corpus: Path = DEMO_CORPUS) -> list[Coded]:
    """The demo stories, coded by the real pipeline (a few seconds)."""
    return list(pipeline.run(read_articles([str(corpus)])))


@contextmanager
def live_server(
    store: Store, *, config: ApiConfig | None = None, pipeline: Pipeline | None = None, log_level: str = "warning"
) -> Iterator[str]:
    """Serve ``store`` on 127.0.0.1 and yield the base URL ("http://127.0.0.1:PORT")."""
    port = free_port()
    app = create_app(store, config=config, pipeline=pipeline)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level, lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)

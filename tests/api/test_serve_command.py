"""`sitrep serve` as users start it, and the demo corpus `--demo` codes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from sitrep.api.demo import fill_demo
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.api.live import free_port


def _wait_for_health(port: int, process: subprocess.Popen[str]) -> dict[str, object] | None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            return dict(httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json())
        except httpx.TransportError:
            time.sleep(0.2)
    return None


def test_serve_command_answers_over_the_given_store(tmp_path: Path, demo_coded: list[Coded]) -> None:
    db = tmp_path / "served.db"
    with Store(str(db)) as store:
        store.ingest_coded(demo_coded)
        expected = store.count()
    port = free_port()
    env = {**os.environ, "SITREP_API_TOKEN": "serve-secret-31"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    try:
        health = _wait_for_health(port, process)
        assert health is not None, "sitrep serve did not answer"
        assert health == {"status": "ok", "events": expected, "version": health["version"]}
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
        assert page.status_code == 200 and "/static/app.js" in page.text
        refused = httpx.post(
            f"http://127.0.0.1:{port}/articles", json=[], timeout=5, headers={"Authorization": "Bearer wrong"}
        )
        assert refused.status_code == 401, "the token from SITREP_API_TOKEN guards writes"
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert f"http://localhost:{port}/" in output
    assert "serve-secret-31" not in output


def test_serve_create_starts_an_empty_store_where_one_is_wanted(tmp_path: Path) -> None:
    db = tmp_path / "new" / "events.db"
    port = free_port()
    command = [sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 2 and "[E048]" in refused.stderr and not db.parent.exists()
    process = subprocess.Popen([*command, "--create"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        health = _wait_for_health(port, process)
        assert health is not None and health["events"] == 0
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert db.exists()


def test_demo_corpus_codes_into_fused_located_events(tmp_path: Path, pipeline: Pipeline) -> None:
    with Store(str(tmp_path / "demo.db")) as store:
        report = fill_demo(store, pipeline=pipeline)
        events = store.events()
    assert report.articles_new >= 30
    assert report.events_updated >= 3, "several stories report the same incident"
    assert len({e.country for e in events}) >= 3 and len({e.admin1 for e in events}) >= 8
    assert all(e.latitude is not None and e.longitude is not None for e in events)
    weeks = {e.event_date.isocalendar()[:2] for e in events}
    assert len(weeks) >= 8

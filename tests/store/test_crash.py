"""kill -9 in the middle of `sitrep ingest`, then the same command again: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitrep.fuse import fuse_coded
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from tests.store.texts import synthetic_articles

SITREP = [sys.executable, "-m", "sitrep"]
N = 60


def _write(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for a in synthetic_articles(N):
            fh.write(
                json.dumps({"id": a.id, "text": a.text, "published": a.published.isoformat(), "source": a.source})
                + "\n"
            )


def test_an_ingest_killed_mid_run_and_run_again_stores_every_article_once(
    store_url: str, tmp_path: Path, pipeline: Pipeline
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _write(corpus)
    command = [*SITREP, "ingest", str(corpus), "--db", store_url, "--no-progress"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    Store(store_url).close()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 240
        with Store(store_url) as store:
            while store.article_count() < 10:
                assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
                assert time.monotonic() < deadline, "the ingest never got going"
                time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    with Store(store_url) as store:
        stored_at_kill = store.article_count()
    assert 10 <= stored_at_kill < N  # it really died mid-run

    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{N} article(s) read, {N - stored_at_kill} new, {stored_at_kill} already stored" in again.stderr

    coded = list(pipeline.run(synthetic_articles(N)))
    with Store(store_url) as store:
        assert store.article_count() == N
        assert store.report_count() == sum(len(c.events) for c in coded)
        assert sorted(store.events(), key=lambda e: e.event_id) == fuse_coded(coded)

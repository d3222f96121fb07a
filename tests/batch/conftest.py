"""Batch fixtures: the corpus, its events coded once by the local engine, and one local Ray."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.batch import BatchReport, read_events, run_batch
from sitrep.model import Event
from tests.batch.corpus import write_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[BatchReport, list[Event]]:
    out = tmp_path_factory.mktemp("out") / "local.parquet"
    report = run_batch([str(corpus)], out, engine="local", workers=1)
    return report, sorted(read_events(out), key=lambda e: e.event_id)


@pytest.fixture(scope="session")
def ray_cluster() -> Iterator[None]:
    """A local two-CPU Ray for the whole session (starting one costs seconds)."""
    import ray

    os.environ["RAY_AUTH_MODE"] = "disabled"
    temp = Path("/tmp") / f"sr-ray-{os.getpid()}"  # Unix socket paths must stay under 107 bytes
    ray.init(num_cpus=2, _temp_dir=str(temp), include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()

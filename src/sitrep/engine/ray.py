"""On Ray: Ray Data reads the corpus, a pool of actors codes it; fusion jobs run as Ray tasks.

    files ─plan_splits (driver: line ends, Parquet footers)→ splits of ``batch`` records
          ─from_items (one block per split)→ ─map_batches(_CodeActor, ActorPoolStrategy(size=workers))→
          the actor reads its split's bytes and codes them: one pickled ``Outcome`` per record
          ─iter_batches→ the driver (in input order)

The driver only finds where splits start (as Hadoop input splits do); each actor reads its own
slice of the file, so the corpus bytes go from disk to the worker that codes them. On a
cluster the paths must name the same files on every node (a shared or network file system).
Only the actors hold CPUs: a read stage of its own would need a CPU that a pool as large as the
cluster never frees (Ray Data's resource budget), and would stall.

Each actor builds one ``Pipeline`` in its constructor (the spaCy model, gazetteer and actor
registry load once per actor) and runs ``work.code_records``, the code local workers run, so
both give the same events. Records travel as pickles of the frozen records in
``model``/``ingest.corpus``: Ray moves bytes, sitrep keeps its own types.

``address`` connects to an existing cluster (every node needs sitrep installed in the same
version: Ray ships no code here); without it a local Ray is started for the run and shut down
after. A Ray already initialised in this process (a test fixture, a notebook) is used as is.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sitrep.engine.work import Outcome, code_records
from sitrep.ingest.corpus import plan_splits, read_split
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

__all__ = ["DEFAULT_BATCH", "connect", "map_tasks", "run_ray", "session"]

J = TypeVar("J")
R = TypeVar("R")

DEFAULT_BATCH = 64
"""Records per split: one ``map_batches`` call of an actor."""


class _CodeActor:
    """A Ray actor: one pipeline, loaded once, coding batch after batch."""

    def __init__(self, settings: Settings, gazetteer: Path | None, max_chars: int) -> None:
        self.pipeline = Pipeline(settings, gazetteer=gazetteer)
        self.pipeline.nlp  # noqa: B018  (load the model before the first batch)
        self.max_chars = max_chars

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        outcomes: list[Outcome] = []
        for blob in batch.column("split").to_pylist():
            records = read_split(pickle.loads(blob))
            outcomes.extend(code_records(self.pipeline, records, max_chars=self.max_chars))
        blobs = [pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL) for o in outcomes]
        return pa.table({"outcome": pa.array(blobs, type=pa.binary())})


def _short_temp_dir() -> str:
    # Ray's Unix socket paths must fit in 107 bytes: keep its session folder short.
    path = Path(tempfile.gettempdir()) / f"sitrep-ray-{os.getuid()}"
    path.mkdir(parents=True, exist_ok=True)
    return str(path)


def connect(address: str | None, workers: int) -> bool:
    """Make sure Ray is up; True when this call started it (and so must shut it down)."""
    import ray

    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # a private local Ray: no token under ~
        ray.init(num_cpus=max(workers, 1), include_dashboard=False, _temp_dir=_short_temp_dir(), log_to_driver=False)
    return True


@contextmanager
def session(address: str | None, workers: int) -> Iterator[None]:
    """Ray up for the block (``connect``), and shut down after it when the block started it."""
    started = connect(address, workers)
    try:
        yield
    finally:
        if started:
            import ray

            ray.shutdown()


def run_ray(
    files: Sequence[Path],
    *,
    settings: Settings,
    workers: int = 2,
    gazetteer: Path | None = None,
    max_chars: int,
    address: str | None = None,
    batch: int = DEFAULT_BATCH,
    progress: bool = False,
) -> Iterator[Outcome]:
    """Code the corpus in ``files`` on ``workers`` Ray actors; one ``Outcome`` per record, in input order."""
    import ray
    import ray.data

    started = connect(address, workers)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = progress
        context.print_on_execution_start = progress
        splits = plan_splits(files, records=batch)
        if not splits:
            return
        rows = [{"split": pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL)} for s in splits]
        coded = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
            _CodeActor,
            fn_constructor_kwargs={"settings": settings, "gazetteer": gazetteer, "max_chars": max_chars},
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=max(workers, 1)),
            num_cpus=1,
        )
        for table in coded.iter_batches(batch_format="pyarrow", batch_size=None):
            assert not isinstance(table, dict)
            for blob in table.column("outcome").to_pylist():
                yield pickle.loads(blob)
    finally:
        if started:
            ray.shutdown()


def map_tasks(fn: Callable[[J], R], jobs: Sequence[J]) -> list[R]:
    """``fn`` over ``jobs`` as Ray tasks of one CPU each, on the Ray this process is connected to;
    the results in input order."""
    import ray

    task = ray.remote(num_cpus=1)(fn)
    return list(ray.get([task.remote(job) for job in jobs]))

"""Worker processes on this machine: the one process pool in sitrep.

    for result in map_jobs(work, jobs, workers=2):                       # in input order
        ...
    for result in map_jobs(code, chunks, workers=2, coder=(settings, None)):  # each worker holds a Pipeline

Workers are spawned (``spawn``, so no state leaks in through ``fork``) and take one job at a
time, whichever is free. With ``coder``, each worker builds one ``Pipeline`` in its initialiser
and loads its model before the first job (the spaCy model, the gazetteer and the actor registry
load once per worker); a job function reaches it with ``worker_pipeline()``.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

__all__ = ["map_jobs", "worker_pipeline"]

J = TypeVar("J")
R = TypeVar("R")

_PIPELINE: Pipeline | None = None


def _init_coder(settings: Settings, gazetteer: Path | None) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(settings, gazetteer=gazetteer)
    _PIPELINE.nlp  # noqa: B018  (load the model before the first job)


def worker_pipeline() -> Pipeline:
    """The pipeline of this worker process (built by ``map_jobs(..., coder=...)``)."""
    assert _PIPELINE is not None, "a coding job ran in a worker started without coder="
    return _PIPELINE


def map_jobs(
    fn: Callable[[J], R],
    jobs: Iterable[J],
    *,
    workers: int,
    coder: tuple[Settings, Path | None] | None = None,
    ordered: bool = True,
) -> Iterator[R]:
    """``fn`` over ``jobs`` on ``workers`` spawned processes; results in input order, or as they
    finish with ``ordered=False``. ``coder`` (settings, gazetteer): give each worker a Pipeline."""
    initializer, initargs = (_init_coder, coder) if coder is not None else (None, ())
    with mp.get_context("spawn").Pool(workers, initializer=initializer, initargs=initargs) as pool:
        yield from (pool.imap if ordered else pool.imap_unordered)(fn, jobs)

"""The local engine: worker processes on this machine, each loading the pipeline once.

``workers=1`` codes in this process. More workers are spawned processes (``spawn``, so no
state leaks in through ``fork``), each building one ``Pipeline`` in its initialiser; chunks of
``chunk`` records go to whichever worker is free and the results come back in input order.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitrep.batch.sources import RawRecord
from sitrep.batch.work import Outcome, code_records
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings

__all__ = ["DEFAULT_CHUNK", "run_local"]

DEFAULT_CHUNK = 32
"""Records per task handed to a worker: large enough that pickling is noise, small enough that two
workers finish together on a corpus of a few hundred articles."""

_WORKER: tuple[Pipeline, int] | None = None


def _init(settings: Settings, gazetteer: Path | None, max_chars: int) -> None:
    global _WORKER
    pipeline = Pipeline(settings, gazetteer=gazetteer)
    pipeline.nlp  # noqa: B018  (load the model before the first chunk)
    _WORKER = (pipeline, max_chars)


def _work(chunk: list[RawRecord]) -> list[Outcome]:
    assert _WORKER is not None, "worker used before its initialiser ran"
    pipeline, max_chars = _WORKER
    return code_records(pipeline, chunk, max_chars=max_chars)


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(
    records: Iterable[RawRecord],
    *,
    settings: Settings,
    workers: int = 1,
    gazetteer: Path | None = None,
    max_chars: int,
    chunk: int = DEFAULT_CHUNK,
) -> Iterator[Outcome]:
    """Code ``records`` with ``workers`` processes; one ``Outcome`` per record, in input order."""
    if workers <= 1:
        pipeline = Pipeline(settings, gazetteer=gazetteer)
        for part in _chunks(records, chunk):
            yield from code_records(pipeline, part, max_chars=max_chars)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(settings, gazetteer, max_chars)) as pool:
        for outcomes in pool.imap(_work, _chunks(records, chunk)):
            yield from outcomes

"""The engine: the one place sitrep runs the pipeline over many articles.

    engine = Engine(Pipeline(settings), workers=2)
    for coded in engine.run(articles):                  # model.Coded, in input order
        ...
    for outcome in engine.run_files(files, max_chars=100_000):   # one work.Outcome per record
        ...

Three ways to run, one ``Pipeline.run`` underneath (a pipeline codes in the process that holds it):

* in this process (``workers=1``): the engine's own pipeline;
* on worker processes of this machine (``workers > 1``): ``processes.map_jobs``, the one process
  pool, each worker building its own pipeline from the same settings and gazetteer once;
* on Ray (``backend="ray"``, corpus files only): ``ray.run_ray``, a pool of actors that read
  their own slices of the files and code them with ``work.code_records``.

``sitrep extract``, ``ingest``, ``batch``, ``watch``, ``eval`` and the API all code through an
``Engine``; what happens to the coded articles (written out, or stored through
``sitrep.orchestrate``) is their caller's business, never the engine's. Results always come back
in input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from sitrep.engine.processes import map_jobs, worker_pipeline
from sitrep.engine.work import Outcome, code_records
from sitrep.errors import ConfigError, Errors
from sitrep.ingest.corpus import RawRecord, read_records
from sitrep.model import Article, Coded, Event
from sitrep.pipeline import Pipeline, batches

__all__ = ["BACKENDS", "Backend", "Engine", "Outcome", "code_records"]

Backend = Literal["local", "ray"]
BACKENDS: tuple[Backend, ...] = ("local", "ray")

ARTICLE_CHUNK = 16
"""Articles handed to a worker process at a time."""
RECORD_CHUNK = 32
"""Records handed to a worker process at a time: large enough that pickling is noise, small enough
that two workers finish together on a corpus of a few hundred articles."""


def _code_articles(chunk: list[Article]) -> list[Coded]:
    return list(worker_pipeline().run(chunk))


def _code_records(job: tuple[list[RawRecord], int]) -> list[Outcome]:
    records, max_chars = job
    return code_records(worker_pipeline(), records, max_chars=max_chars)


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Engine:
    """Runs one pipeline's coding over many articles: here, on local workers, or on Ray.

    pipeline (Pipeline | None): what codes, and the settings and gazetteer every worker copies;
        default ``Pipeline()``.
    workers (int | None): processes (or Ray actors); default the settings' ``workers``.
    backend ("local" | "ray"): where the workers run (``ConfigError`` E070 for anything else).
    address (str | None): a Ray cluster's address; default a local Ray started for the run.
    progress (bool): Ray Data's progress bars.
    """

    def __init__(
        self,
        pipeline: Pipeline | None = None,
        *,
        workers: int | None = None,
        backend: str = "local",
        address: str | None = None,
        progress: bool = False,
    ) -> None:
        if backend not in BACKENDS:
            raise ConfigError(Errors.E070.format(engine=backend, choices=", ".join(BACKENDS)))
        self.pipeline = pipeline if pipeline is not None else Pipeline()
        self.workers = self.pipeline.settings.workers if workers is None else workers
        self.backend = backend
        self.address = address
        self.progress = progress

    def run(self, articles: Iterable[Article]) -> Iterator[Coded]:
        """Code ``articles``; each one's ``Coded`` in input order. When reading ``articles`` raises
        a ``SitrepError`` the articles read before it are still coded, then the error is raised.
        On the Ray backend: ``ConfigError`` E090 (Ray reads corpus files itself: ``run_files``)."""
        if self.backend == "ray":
            raise ConfigError(Errors.E090)
        if self.workers <= 1:
            yield from self.pipeline.run(articles)
            return
        settings, gazetteer = self.pipeline.settings, self.pipeline.gazetteer
        chunks = batches(articles, ARTICLE_CHUNK)
        for coded in map_jobs(_code_articles, chunks, workers=self.workers, coder=(settings, gazetteer)):
            yield from coded

    def extract(self, articles: Iterable[Article]) -> Iterator[Event]:
        """The events of ``articles``, article by article, in input order."""
        for coded in self.run(articles):
            yield from coded.events

    def run_records(self, records: Iterable[RawRecord], *, max_chars: int) -> Iterator[Outcome]:
        """Read and code raw ``records`` (``ingest.corpus``) on this machine; one ``Outcome`` per
        record, in input order."""
        chunks = _chunks(records, RECORD_CHUNK)
        if self.workers <= 1:
            for chunk in chunks:
                yield from code_records(self.pipeline, chunk, max_chars=max_chars)
            return
        settings, gazetteer = self.pipeline.settings, self.pipeline.gazetteer
        jobs = ((chunk, max_chars) for chunk in chunks)
        for outcomes in map_jobs(_code_records, jobs, workers=self.workers, coder=(settings, gazetteer)):
            yield from outcomes

    def run_files(self, files: Sequence[Path], *, max_chars: int) -> Iterator[Outcome]:
        """Read and code every record of ``files``; one ``Outcome`` per record, in input order. On
        Ray each actor reads its own slices of the files (they must be on every node)."""
        if self.backend == "ray":
            from sitrep.engine.ray import run_ray

            yield from run_ray(
                files,
                settings=self.pipeline.settings,
                workers=self.workers,
                gazetteer=self.pipeline.gazetteer,
                max_chars=max_chars,
                address=self.address,
                progress=self.progress,
            )
            return
        yield from self.run_records(read_records(files), max_chars=max_chars)

"""``run_batch``: a corpus in, an events file out, coded by ``sitrep.engine`` on local workers or on Ray.

    report = run_batch(["corpus/"], Path("events.parquet"), engine="ray", workers=2)

Without ``fuse`` each article's events are written as coded (what ``sitrep extract`` gives). With
``fuse`` the coded articles go through ``batch.fusion.fuse_corpus``: the events a store would hold
after ingesting the same articles one at a time.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from sitrep.batch.report import BatchReport
from sitrep.batch.sinks import open_sink
from sitrep.engine import BACKENDS, Backend, Engine, Outcome
from sitrep.errors import MalformedRecord
from sitrep.ingest.corpus import count_records, expand_inputs
from sitrep.ingest.text import DEFAULT_MAX_CHARS
from sitrep.model import Coded
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings, load_settings

__all__ = ["ENGINES", "article_line", "code_corpus", "run_batch"]

ENGINES: tuple[Backend, ...] = BACKENDS
"""Where ``sitrep batch --engine`` runs: ``sitrep.engine``'s backends."""


def code_corpus(
    inputs: Sequence[str],
    *,
    engine: Backend = "local",
    workers: int = 1,
    settings: Settings | None = None,
    gazetteer: Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    address: str | None = None,
    progress: bool = False,
    report: BatchReport | None = None,
    strict: bool = False,
) -> Iterator[Coded]:
    """Code every article of the corpus named by ``inputs``; yield each ``Coded`` in input order.

    report (BatchReport | None): filled in as records are read (counts and issues).
    strict (bool): raise ``MalformedRecord`` at the first unreadable record instead of skipping it.
    """
    coder = Engine(
        Pipeline(settings or load_settings(), gazetteer=gazetteer),
        workers=workers,
        backend=engine,
        address=address,
        progress=progress,
    )  # E070 for an unknown engine, before any file is read
    report = report if report is not None else BatchReport()
    files = expand_inputs(inputs)
    report.files = len(files)
    outcomes: Iterator[Outcome] = coder.run_files(files, max_chars=max_chars)
    if progress and engine != "ray":  # Ray Data draws its own bars
        from tqdm import tqdm

        total = count_records(files)  # with a total, the bar shows the time left
        outcomes = iter(
            tqdm(outcomes, total=total, desc="sitrep batch", unit=" records", dynamic_ncols=True, file=sys.stderr)
        )
    for outcome in outcomes:
        report.issues.extend(outcome.issues)
        if outcome.coded is None:
            if outcome.issues:
                report.records += 1
                report.unreadable += 1
                first = outcome.issues[0]
                if strict:
                    raise MalformedRecord(first.message, source=first.source, line=first.line)
            continue
        report.records += 1
        report.articles += 1
        report.skipped += outcome.coded.triage is not None and outcome.coded.triage.skipped
        yield outcome.coded


def run_batch(
    inputs: Sequence[str],
    out: Path,
    *,
    engine: Backend = "local",
    workers: int = 1,
    fuse: bool = False,
    settings: Settings | None = None,
    gazetteer: Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    address: str | None = None,
    progress: bool = False,
    strict: bool = False,
    articles_out: Path | None = None,
) -> BatchReport:
    """Code the corpus named by ``inputs`` and write its events to ``out`` (Parquet or JSON Lines).

    strict (bool): stop at the first unreadable record (``MalformedRecord``); nothing is written.
    articles_out (Path | None): also write one JSON line per article coded (``article_line``): its
        id, how many events it gave, and its triage decision, score and reason.
    """
    settings = settings or load_settings()
    started = time.perf_counter()
    report = BatchReport()
    with ExitStack() as ray_session:
        if engine == "ray":  # connect once for coding and fusion both
            from sitrep.engine.ray import session

            ray_session.enter_context(session(address, workers))
        coded = code_corpus(
            inputs,
            engine=engine,
            workers=workers,
            settings=settings,
            gazetteer=gazetteer,
            max_chars=max_chars,
            address=address,
            progress=progress,
            report=report,
            strict=strict,
        )
        with open_sink(out) as sink, ExitStack() as stack:
            if articles_out is not None:
                fh = stack.enter_context(articles_out.open("w", encoding="utf-8"))
                coded = _tee_articles(coded, fh)
            if fuse:
                from sitrep.batch.fusion import fuse_corpus

                events, counts = fuse_corpus(coded, settings=settings, workers=workers, on_ray=engine == "ray")
                report.duplicates = counts.duplicates
                report.windows = counts.windows
                report.largest_window = counts.largest_window
                for event in events:
                    sink.write(event)
            else:
                for result in coded:
                    for event in result.events:
                        sink.write(event)
            report.events = sink.count
    report.seconds = time.perf_counter() - started
    return report


def article_line(coded: Coded) -> dict[str, Any]:
    """One article of ``--articles`` output: its id, its event count and the triage's decision
    ("parse", "skip", or "" when triage was off), score and reason."""
    triage = coded.triage
    return {
        "id": coded.article.id,
        "events": len(coded.events),
        "triage_decision": triage.decision if triage else "",
        "triage_score": triage.score if triage else None,
        "triage_reason": triage.reason if triage else "",
    }


def _tee_articles(coded: Iterator[Coded], fh: TextIO) -> Iterator[Coded]:
    for result in coded:
        fh.write(json.dumps(article_line(result), ensure_ascii=False) + "\n")
        yield result

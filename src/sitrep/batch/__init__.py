"""Batch: whole corpora through the pipeline, on this machine's processes or on a Ray cluster.

    from sitrep.batch import run_batch
    report = run_batch(["corpus/*.jsonl"], Path("events.parquet"), engine="ray", workers=2, fuse=True)

``sources`` finds the files and reads records, ``work`` codes a chunk of them (the code both
engines run), ``local`` and ``ray`` are the engines, ``fusion`` fuses a coded corpus window by
window, ``sinks`` writes and reads events files (through export's writers), ``report`` holds what a
run did, and ``run`` ties them together for ``sitrep batch``. The Ray engine imports Ray only when used.
"""

from __future__ import annotations

from sitrep.batch.report import BatchReport
from sitrep.batch.run import ENGINES, Engine, code_corpus, run_batch
from sitrep.batch.sinks import EVENT_SCHEMA, EventSink, open_sink, read_events
from sitrep.batch.sources import RawRecord, expand_inputs, read_records
from sitrep.batch.work import Outcome, code_records

__all__ = [
    "ENGINES",
    "EVENT_SCHEMA",
    "BatchReport",
    "Engine",
    "EventSink",
    "Outcome",
    "RawRecord",
    "code_corpus",
    "code_records",
    "expand_inputs",
    "open_sink",
    "read_events",
    "read_records",
    "run_batch",
]

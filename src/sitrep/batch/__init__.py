"""Batch: whole corpora through the engine, on this machine's processes or on a Ray cluster.

    from sitrep.batch import run_batch
    report = run_batch(["corpus/*.jsonl"], Path("events.parquet"), engine="ray", workers=2, fuse=True)

``sitrep.engine`` codes the corpus (reading its files with ``ingest.corpus``), ``fusion`` fuses a
coded corpus window by window (its jobs on the engine's workers), ``sinks`` writes and reads events
files (through export's writers), ``report`` holds what a run did, and ``run`` ties them together
for ``sitrep batch``. Ray is imported only when used.
"""

from __future__ import annotations

from sitrep.batch.report import BatchReport
from sitrep.batch.run import ENGINES, code_corpus, run_batch
from sitrep.batch.sinks import EVENT_SCHEMA, EventSink, open_sink, read_events
from sitrep.ingest.corpus import RawRecord, expand_inputs, read_records

__all__ = [
    "ENGINES",
    "EVENT_SCHEMA",
    "BatchReport",
    "EventSink",
    "RawRecord",
    "code_corpus",
    "expand_inputs",
    "open_sink",
    "read_events",
    "read_records",
    "run_batch",
]

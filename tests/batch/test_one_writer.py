"""One writer per format: ``sitrep batch`` and ``sitrep events`` write Parquet through one writer
and one schema, and the pure corpus fusion returns its counts instead of filling a report."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pyarrow.parquet as pq

from sitrep.batch import EVENT_SCHEMA as BATCH_SCHEMA
from sitrep.batch import BatchReport, open_sink
from sitrep.batch.fusion import FusionCounts, fuse_corpus
from sitrep.codec import OPTIONAL_FIELDS
from sitrep.export.parquet import EVENT_SCHEMA, ParquetWriter, read_parquet
from sitrep.model import Event
from sitrep.settings import load_settings


def test_one_schema_derived_from_the_event_record() -> None:
    assert BATCH_SCHEMA is EVENT_SCHEMA
    # every field of the record, less those written only when a learned model was given (codec.OPTIONAL_FIELDS)
    assert EVENT_SCHEMA.names == [f.name for f in dataclasses.fields(Event) if f.name not in OPTIONAL_FIELDS]


def test_batch_sink_and_export_writer_write_the_same_table(
    local_run: tuple[BatchReport, list[Event]], tmp_path: Path
) -> None:
    events = local_run[1]
    with open_sink(tmp_path / "batch.parquet") as sink:
        for event in events:
            sink.write(event)
    with ParquetWriter(tmp_path / "export.parquet") as writer:
        for event in events:
            writer.write(event)
    batch, export = pq.read_table(tmp_path / "batch.parquet"), pq.read_table(tmp_path / "export.parquet")
    assert batch.schema == export.schema
    assert batch.to_pylist() == export.to_pylist()
    assert list(read_parquet(tmp_path / "export.parquet")) == events


def test_corpus_fusion_returns_counts_and_takes_no_report() -> None:
    assert "report" not in typing.get_type_hints(fuse_corpus)
    events, counts = fuse_corpus([], settings=load_settings(env={}))
    assert events == []
    assert counts == FusionCounts(duplicates=0, windows=0, largest_window=0)

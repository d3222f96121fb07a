"""Apache Parquet: one row per event, a column per ``Event`` field, written in row groups.

The one Parquet writer and reader: ``sitrep events --format parquet`` and ``sitrep batch`` (its
``EventSink``) both write through ``ParquetWriter``, and ``read_parquet`` reads either file back.

Unlike the text formats it writes to a file path (Parquet is binary and needs a seekable
footer). ``EVENT_SCHEMA`` is derived once from ``model.Event``'s annotations, so a field the
record gains appears without editing a list here: text ``string``, counts and precisions
``int64``, coordinates and confidence ``float64`` (null when unknown), ``event_date``
``date32``, ``article_ids`` ``list<string>``; ``evidence`` is its compact JSON text (the same
as the CSV's), and any other value that is not a string is written as JSON text.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from sitrep.codec import EVENT_FIELDS, event_from_dict, event_to_dict
from sitrep.export.fields import REVIEW_FIELDS, ReviewMark, review_to_dict
from sitrep.model import Event

__all__ = [
    "EVENT_SCHEMA",
    "REVIEWED_SCHEMA",
    "ROW_GROUP",
    "ParquetWriter",
    "event_to_row",
    "parquet_schema",
    "read_parquet",
    "row_to_event",
]

ROW_GROUP = 10_000
"""Events buffered before a row group is written (and read back at once)."""


def _arrow_type(hint: Any) -> Any:
    """The Arrow type of one ``Event`` annotation (``X | None`` is a nullable ``X``)."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return _arrow_type(inner)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return pa.list_(_arrow_type(typing.get_args(hint)[0]))
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        return pa.string()  # evidence: its JSON object
    if hint is dt.date:
        return pa.date32()
    if isinstance(hint, type) and issubclass(hint, bool):
        return pa.bool_()
    if isinstance(hint, type) and issubclass(hint, int | enum.IntEnum):
        return pa.int64()
    if hint is float:
        return pa.float64()
    return pa.string()


def parquet_schema() -> Any:
    """The Arrow schema of the rows: one typed column per ``Event`` field, in field order."""
    hints = typing.get_type_hints(Event)
    return pa.schema([pa.field(name, _arrow_type(hints[name])) for name in EVENT_FIELDS])


EVENT_SCHEMA: Any = parquet_schema()
"""The Parquet schema of every events file sitrep writes."""

REVIEWED_SCHEMA: Any = EVENT_SCHEMA.append(pa.field(REVIEW_FIELDS[0], pa.bool_())).append(
    pa.field(REVIEW_FIELDS[1], pa.string())
)
"""``EVENT_SCHEMA`` then ``reviewed`` (bool) and ``reviewed_by``: a store export (``sitrep events``)."""


def event_to_row(event: Event) -> dict[str, Any]:
    """One row of ``EVENT_SCHEMA``: ``codec.event_to_dict`` with the date a date and JSON text
    for whatever a string column holds that is not a string."""
    row = event_to_dict(event)
    for name in EVENT_FIELDS:
        kind = EVENT_SCHEMA.field(name).type
        value = row[name]
        if pa.types.is_date32(kind) and isinstance(value, str):
            row[name] = dt.date.fromisoformat(value)
        elif pa.types.is_string(kind) and not isinstance(value, str) and value is not None:
            row[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return row


def row_to_event(row: Mapping[str, Any]) -> Event:
    """The inverse of ``event_to_row`` (columns the record lacks are ignored, missing ones default)."""
    data = dict(row)
    for name in EVENT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if pa.types.is_date32(EVENT_SCHEMA.field(name).type) and isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif name == "evidence" and isinstance(value, str):
            data[name] = json.loads(value)
    return event_from_dict(data)


def read_parquet(path: Path) -> Iterator[Event]:
    """The events of a Parquet file ``ParquetWriter`` wrote, row group by row group."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP):
        for row in batch.to_pylist():
            yield row_to_event(row)


class ParquetWriter:
    """``start()``, ``write(event)``, ``finish()`` like the text writers, over a file path.

    count (int): events written; skipped (int): always 0 (every event fits the schema).
    reviews (bool): write ``REVIEWED_SCHEMA`` (each event's review from the mark given to ``write``).
    """

    def __init__(self, path: Path, *, reviews: bool = False) -> None:
        self.path = path
        self.reviews = reviews
        self.schema = REVIEWED_SCHEMA if reviews else EVENT_SCHEMA
        self.count = 0
        self.skipped = 0
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None

    def start(self) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self.path), self.schema)

    def write(self, event: Event, review: ReviewMark | None = None) -> None:
        self.start()
        row = event_to_row(event)
        if self.reviews:
            row.update(review_to_dict(review))
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def finish(self) -> None:
        """Write what is buffered and the footer; safe to call twice."""
        self.start()
        self._flush()
        self._writer.close()

    def abandon(self) -> None:
        """Close the file without writing what is buffered (the caller removes it)."""
        if self._writer is not None:
            self._writer.close()
        self._rows = []

    def __enter__(self) -> ParquetWriter:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.finish()

"""Event files for ``sitrep batch``: Parquet or JSON Lines out, and back in.

    with open_sink(Path("events.parquet")) as sink:   # the format follows the suffix
        for event in events:
            sink.write(event)
    events = list(read_events(Path("events.parquet")))

JSON Lines is the ``sitrep extract --format jsonl`` shape (``sitrep.codec``). Parquet has one
column per ``model.Event`` field, typed from the record's annotations (so a field another stage
adds appears without editing a list here): text ``string``, counts ``int64``, coordinates
``float64`` (null where unknown), ``event_date`` a ``date32``, ``article_ids`` a list of strings,
and ``evidence`` the JSON object of the JSON Lines output, as a string.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import types
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.batch.sources import is_parquet
from sitrep.codec import EVENT_FIELDS, event_from_dict, event_to_dict
from sitrep.export.jsonl import JsonLinesWriter
from sitrep.model import Event

__all__ = ["EVENT_SCHEMA", "EventSink", "open_sink", "read_events"]

ROW_GROUP = 10_000  # events buffered before a Parquet row group is written


def _arrow_type(hint: Any) -> pa.DataType:
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


def _schema() -> pa.Schema:
    hints = typing.get_type_hints(Event)
    return pa.schema([pa.field(name, _arrow_type(hints[name])) for name in EVENT_FIELDS])


EVENT_SCHEMA: pa.Schema = _schema()
"""The Parquet schema of an events file: one column per ``model.Event`` field, in field order."""


def _to_row(event: Event) -> dict[str, Any]:
    row = event_to_dict(event)
    for name in EVENT_FIELDS:
        kind = EVENT_SCHEMA.field(name).type
        if pa.types.is_date32(kind):
            row[name] = getattr(event, name)
        elif pa.types.is_string(kind) and not isinstance(row[name], str | type(None)):
            row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
    return row


def _from_row(row: Mapping[str, Any]) -> Event:
    data = dict(row)
    for name in EVENT_FIELDS:
        if name not in data:
            continue
        kind = EVENT_SCHEMA.field(name).type
        value = data[name]
        if pa.types.is_date32(kind) and isinstance(value, dt.date):
            data[name] = value.isoformat()
        elif name == "evidence" and isinstance(value, str):
            data[name] = json.loads(value)
    return event_from_dict(data)


class EventSink:
    """Writes events to one file, Parquet or JSON Lines by its suffix; a context manager.

    The events go to a hidden ``.<name>.partial`` beside ``path``, renamed to ``path`` when the
    sink closes normally: a run that dies (kill -9, an exception) never leaves a cut-off file at
    ``path``, and a complete file from an earlier run stays as it was.

    count (int): events written.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._parquet = is_parquet(path)
        self._rows: list[dict[str, Any]] = []
        self._pq: pq.ParquetWriter | None = None
        self._text: TextIO | None = None
        self._jsonl: JsonLinesWriter | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial = path.with_name(f".{path.name}.partial")
        if self._parquet:
            self._pq = pq.ParquetWriter(self._partial, EVENT_SCHEMA)
        else:
            self._text = self._partial.open("w", encoding="utf-8")
            self._jsonl = JsonLinesWriter(self._text)
            self._jsonl.start()

    def write(self, event: Event) -> None:
        self.count += 1
        if self._jsonl is not None:
            self._jsonl.write(event)
            return
        self._rows.append(_to_row(event))
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._pq is not None and self._rows:
            self._pq.write_table(pa.Table.from_pylist(self._rows, schema=EVENT_SCHEMA))
            self._rows = []

    def close(self) -> None:
        if self._pq is not None:
            self._flush()
            self._pq.close()
            self._pq = None
        if self._jsonl is not None and self._text is not None:
            self._jsonl.finish()
            self._text.close()
            self._jsonl = self._text = None
        if self._partial.exists():
            os.replace(self._partial, self.path)  # atomic: the whole file appears at once

    def discard(self) -> None:
        """Stop without publishing: the partial file is removed, ``path`` is left untouched."""
        if self._pq is not None:
            self._pq.close()
            self._pq = None
        if self._text is not None:
            self._text.close()
            self._jsonl = self._text = None
        self._partial.unlink(missing_ok=True)

    def __enter__(self) -> EventSink:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()


def open_sink(path: Path) -> EventSink:
    """An ``EventSink`` for ``path`` (``*.parquet``/``*.pq``: Parquet; anything else: JSON Lines)."""
    return EventSink(path)


def read_events(path: Path) -> Iterator[Event]:
    """The events of a file ``EventSink`` (or ``sitrep extract --format jsonl``) wrote."""
    if is_parquet(path):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP):
            for row in batch.to_pylist():
                yield _from_row(row)
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield event_from_dict(json.loads(line))

"""Apache Parquet: one row per event, a column per ``Event`` field, written in row groups.

Unlike the text formats it writes to a file path (Parquet is binary and needs a seekable
footer). Column types follow the record: text fields ``string``, counts ``int64``,
coordinates and confidence ``float64`` (null when unknown), ``event_date`` ``date32``,
``article_ids`` ``list<string>``; ``evidence`` is its compact JSON text (the same as the
CSV's). A field the record gains later is written as text (JSON for non-strings).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]

from sitrep.codec import EVENT_FIELDS, event_to_dict
from sitrep.model import Event

__all__ = ["ParquetWriter", "parquet_schema"]

ROW_GROUP = 10_000
_TYPES: dict[str, Any] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "float | None": pa.float64(),
    "dt.date": pa.date32(),
    "tuple[str, ...]": pa.list_(pa.string()),
    "TimePrecision": pa.int64(),
    "GeoPrecision": pa.int64(),
}


def parquet_schema() -> Any:
    """The Arrow schema of the rows: one typed column per ``Event`` field, in field order."""
    hints = {f.name: str(f.type) for f in dataclasses.fields(Event)}
    return pa.schema([(name, _TYPES.get(hints[name], pa.string())) for name in EVENT_FIELDS])


class ParquetWriter:
    """``start()``, ``write(event)``, ``finish()`` like the text writers, over a file path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.schema = parquet_schema()
        self.count = 0
        self.skipped = 0
        self._rows: list[dict[str, Any]] = []
        self._writer: Any = None

    def start(self) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self.path), self.schema)

    def write(self, event: Event) -> None:
        self.start()
        row = event_to_dict(event)
        for name, type_ in zip(self.schema.names, self.schema.types, strict=True):
            value = row[name]
            if type_ == pa.string() and not isinstance(value, str) and value is not None:
                row[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            elif type_ == pa.date32() and isinstance(value, str):
                row[name] = dt.date.fromisoformat(value)
        self._rows.append(row)
        self.count += 1
        if len(self._rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=self.schema))
            self._rows = []

    def finish(self) -> None:
        self.start()
        self._flush()
        self._writer.close()

    def __enter__(self) -> ParquetWriter:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.finish()

"""Event files for ``sitrep batch``: Parquet or JSON Lines out, and back in.

    with open_sink(Path("events.parquet")) as sink:   # the format follows the suffix
        for event in events:
            sink.write(event)
    events = list(read_events(Path("events.parquet")))

The sink adds only the atomic publish (a partial file renamed when complete); the writing is
export's, the same writer per format as ``sitrep extract`` and ``sitrep events``:
``export.jsonl.JsonLinesWriter`` and ``export.parquet.ParquetWriter`` (whose ``EVENT_SCHEMA``,
derived from ``model.Event``, is the one Parquet schema).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from sitrep.codec import event_from_dict
from sitrep.export.jsonl import JsonLinesWriter
from sitrep.export.parquet import EVENT_SCHEMA, ParquetWriter, read_parquet
from sitrep.ingest.corpus import is_parquet
from sitrep.model import Event

__all__ = ["EVENT_SCHEMA", "EventSink", "open_sink", "read_events"]


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
        self._pq: ParquetWriter | None = None
        self._text: TextIO | None = None
        self._jsonl: JsonLinesWriter | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._partial = path.with_name(f".{path.name}.partial")
        if is_parquet(path):
            self._pq = ParquetWriter(self._partial)
            self._pq.start()
        else:
            self._text = self._partial.open("w", encoding="utf-8")
            self._jsonl = JsonLinesWriter(self._text)
            self._jsonl.start()

    def write(self, event: Event) -> None:
        self.count += 1
        if self._jsonl is not None:
            self._jsonl.write(event)
        elif self._pq is not None:
            self._pq.write(event)

    def close(self) -> None:
        if self._pq is not None:
            self._pq.finish()
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
            self._pq.abandon()
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
        yield from read_parquet(path)
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield event_from_dict(json.loads(line))

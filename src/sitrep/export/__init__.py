"""Export: coded events to JSON Lines, ACLED CSV, GeoJSON or a readable table.

Every writer has the same life cycle over a text stream::

    writer = writer_for("csv", sys.stdout)
    writer.start()               # header / opening bracket (optional: write() starts too)
    for event in events:
        writer.write(event)
    writer.finish()              # closes the document; always call it, even with no events

All formats draw their fields from one function, ``event_to_dict``.
"""

from __future__ import annotations

from typing import TextIO

from sitrep.errors import ConfigError, Errors
from sitrep.export.acled_csv import ACLED_COLUMNS, CSV_COLUMNS, AcledCsvWriter, neutralise_formula
from sitrep.export.base import Writer
from sitrep.export.fields import EVENT_FIELDS, REVIEW_FIELDS, ReviewMark, event_to_dict, review_to_dict
from sitrep.export.geojson import GeoJsonWriter, event_to_feature
from sitrep.export.jsonl import JsonLinesWriter
from sitrep.export.table import TableWriter

__all__ = [
    "ACLED_COLUMNS",
    "AcledCsvWriter",
    "CSV_COLUMNS",
    "EVENT_FIELDS",
    "FORMATS",
    "GeoJsonWriter",
    "JsonLinesWriter",
    "REVIEW_FIELDS",
    "ReviewMark",
    "TableWriter",
    "Writer",
    "event_to_dict",
    "event_to_feature",
    "neutralise_formula",
    "review_to_dict",
    "writer_for",
]

_WRITERS: dict[str, type[Writer]] = {
    "jsonl": JsonLinesWriter,
    "csv": AcledCsvWriter,
    "geojson": GeoJsonWriter,
    "table": TableWriter,
}
FORMATS: tuple[str, ...] = tuple(_WRITERS)
"""Format names accepted by ``writer_for`` (and ``--format``)."""


def writer_for(format: str, stream: TextIO, *, reviews: bool = False) -> Writer:
    """The writer for ``format`` (one of ``FORMATS``) over ``stream``; ConfigError E022 otherwise.
    ``reviews``: end each event with ``reviewed`` and ``reviewed_by`` (a store export)."""
    try:
        cls = _WRITERS[format]
    except KeyError:
        raise ConfigError(Errors.E022.format(format=format, choices=", ".join(FORMATS))) from None
    return cls(stream, reviews=reviews)

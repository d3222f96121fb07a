"""ACLED-compatible CSV: ACLED's 31 columns in its 2023+ order, then sitrep's own fields.

Column by column (``shared/CONVENTIONS.md``):

* ``event_id_cnty`` is sitrep's ``event_id``; ``year`` comes from ``event_date``;
* ``source_scale`` and ``tags`` are empty (sitrep does not code them);
* ``timestamp`` is ACLED's "last modified" unix time. It is the writer's ``timestamp``
  argument, 0 by default, so the same input gives byte-identical output on every run;
* ``inter1``/``inter2``/``interaction`` are ACLED's numeric codes (as in the JSON);
* then every other output field not yet written (``event_id``, ``article_ids`` joined with
  ``;``, ``fatalities_low/best/high``, ``evidence`` as compact JSON, ``confidence``, ...);
* a store export (``reviews=True``) ends with ``reviewed`` (``true``/``false``) and
  ``reviewed_by``.

Cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, tab or carriage return, unless it is a plain number) get a leading ``'``.
Rows end with ``\\n``; quoting is minimal (the csv module's default).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Mapping
from typing import Any, TextIO

from sitrep.export.base import Writer
from sitrep.export.fields import EVENT_FIELDS, REVIEW_FIELDS, ReviewMark, event_to_dict, review_to_dict
from sitrep.model import Event

__all__ = [
    "ACLED_COLUMNS",
    "AcledCsvWriter",
    "CSV_COLUMNS",
    "neutralise_formula",
]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
"""ACLED's export columns, 2023+ schema, in its order."""

CSV_COLUMNS: tuple[str, ...] = ACLED_COLUMNS + tuple(f for f in EVENT_FIELDS if f not in ACLED_COLUMNS)
"""The full header: ACLED's columns, then sitrep's fields that ACLED lacks, in output order."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_formula(cell: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run (``=SUM(..)``, ``@cmd``, ``-2+3``); numbers stay."""
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return neutralise_formula(";".join(str(v) for v in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return neutralise_formula(str(value))


class AcledCsvWriter(Writer):
    """Writes the header on ``start()`` and one row per event.

    timestamp (int): the value of ACLED's ``timestamp`` column; 0 keeps output reproducible.
    reviews (bool): end with ``reviewed`` and ``reviewed_by`` (``columns``).
    """

    def __init__(self, stream: TextIO, *, timestamp: int = 0, reviews: bool = False) -> None:
        super().__init__(stream, reviews=reviews)
        self.timestamp = timestamp
        self.columns = CSV_COLUMNS + REVIEW_FIELDS if reviews else CSV_COLUMNS
        self._csv = csv.writer(stream, lineterminator="\n")

    def _start(self) -> None:
        self._csv.writerow(self.columns)

    def row(self, event: Event, review: ReviewMark | None = None) -> dict[str, Any]:
        """The event's cells by column name, before text conversion."""
        fields = event_to_dict(event)
        if self.reviews:
            fields.update(review_to_dict(review))
        return self._with_acled_columns(fields)

    def write_record(self, record: Mapping[str, Any]) -> None:
        """One row from an event already in CONVENTIONS form (``event_to_dict``, as the store
        keeps it), without decoding it into an ``Event``: the API's CSV download. A field a
        record lacks (written before the field existed) is an empty cell."""
        self.start()
        self._write_cells(self._with_acled_columns(dict(record)))

    def _with_acled_columns(self, fields: dict[str, Any]) -> dict[str, Any]:
        fields.update(
            event_id_cnty=fields["event_id"],
            year=int(str(fields["event_date"])[:4]),  # ISO date
            source_scale="",
            tags="",
            timestamp=self.timestamp,
        )
        return fields

    def _write(self, event: Event, review: ReviewMark | None) -> None:
        self._write_cells(self.row(event, review))

    def _write_cells(self, fields: dict[str, Any]) -> None:
        self._csv.writerow([_cell(fields.get(name)) for name in self.columns])
        self.count += 1

"""Events in the three wire formats of ``GET /events``: a JSON page, GeoJSON, ACLED CSV.

JSON is one page (``limit`` ≤ 1000). CSV and GeoJSON are downloads: they stream the whole
selection page by page from the store (up to ``max_export_rows``), so a large export never sits
in memory at once. Field lists, formats and formula neutralising come from ``sitrep.export``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from sitrep.api.fastread import StoredEvent, feature_text, stored_fields
from sitrep.codec import EVENT_FIELDS, event_to_dict
from sitrep.export import REVIEW_FIELDS, AcledCsvWriter
from sitrep.model import Event

__all__ = ["EXPORT_PAGE", "PAGE_FIELDS", "csv_chunks", "geojson_chunks", "parse_fields", "project", "to_json"]

EXPORT_PAGE = 1000
"""Events read from the store per step of a streamed export."""

T = TypeVar("T")
StoredFetch = Callable[[int, int], Sequence[StoredEvent]]
"""``fetch(offset, limit)``: the next events of the selection in the requested order, as the
stored JSON text (``fastread``)."""


PAGE_FIELDS: tuple[str, ...] = (*EVENT_FIELDS, "timestamp", *REVIEW_FIELDS)
"""What ``fields=`` may name: the event's fields, ACLED's ``timestamp`` and the review."""


def parse_fields(value: str | None) -> tuple[str, ...] | None:
    """The requested field names in order, or None for all; ValueError names an unknown one."""
    if value is None or not value.strip():
        return None
    names = tuple(dict.fromkeys(n.strip() for n in value.split(",") if n.strip()))
    unknown = [n for n in names if n not in PAGE_FIELDS]
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}; fields are {', '.join(PAGE_FIELDS)}")
    return names


def project(event: Event, fields: tuple[str, ...] | None) -> dict[str, Any]:
    """The event as a CONVENTIONS dict, cut to ``fields`` when given."""
    full = event_to_dict(event)
    return full if fields is None else {name: full[name] for name in fields}


def to_json(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _pages(fetch: Callable[[int, int], Sequence[T]], offset: int, limit: int) -> Iterator[Sequence[T]]:
    done = 0
    while done < limit:
        want = min(EXPORT_PAGE, limit - done)
        page = fetch(offset + done, want)
        if page:
            yield page
        done += len(page)
        if len(page) < want:
            return


def geojson_chunks(
    fetch: StoredFetch, *, offset: int, limit: int, total: int, fields: tuple[str, ...] | None
) -> Iterator[bytes]:
    """A FeatureCollection, streamed; events without coordinates are counted in ``sitrep:skipped``."""
    yield b'{"type":"FeatureCollection","features":['
    first = True
    skipped = 0
    for page in _pages(fetch, offset, limit):
        parts: list[str] = []
        for event in page:
            feature = feature_text(event, fields)
            if feature is None:
                skipped += 1
                continue
            parts.append(feature if first else "," + feature)
            first = False
        yield "".join(parts).encode()
    yield f'],"sitrep:total":{total},"sitrep:skipped":{skipped}}}'.encode()


def csv_chunks(fetch: StoredFetch, *, offset: int, limit: int) -> Iterator[bytes]:
    """ACLED's 31 columns then sitrep's fields and the review, streamed from the stored records
    (``export.AcledCsvWriter.write_record``)."""
    buffer = io.StringIO()
    writer = AcledCsvWriter(buffer, reviews=True)
    writer.start()
    for page in _pages(fetch, offset, limit):
        for event in page:
            writer.write_record(stored_fields(event))
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    writer.finish()
    yield buffer.getvalue().encode()

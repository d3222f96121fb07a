"""Pages of events as the JSON text the store already holds: the hot path of ``GET /events``.

The store keeps each event's full record as JSON (``codec.event_to_dict``: CONVENTIONS.md's
fields). ``Store.events`` decodes it into ``model.Event`` records, and the API would encode them
straight back; for a page of 100 events that round trip costs more than the query itself. This
read-only helper selects the stored text with the store's own filter and order expressions
(``store.query``: parameterised, both back ends) and the API splices it into the response as is.
It reads only; every write goes through ``Store``.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, Text, and_, cast, or_, select
from sqlalchemy.exc import OperationalError

from sitrep.errors import Errors, StoreError
from sitrep.store import EventQuery, Store
from sitrep.store.query import apply_order, conditions
from sitrep.store.tables import EventRow

__all__ = ["StoredEvent", "change_page", "event_page", "feature_text", "page_text"]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One stored event: its id, coordinates and full record as JSON text."""

    event_id: str
    latitude: float | None
    longitude: float | None
    record: str
    timestamp: int = 0  # ACLED's timestamp: Unix time of the last change
    cursor: str = ""  # where the change feed goes on after this event


def _stamp(value: dt.datetime | None) -> int:
    if value is None:
        return 0
    return int((value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value).timestamp())


def change_page(store: Store, query: EventQuery, *, limit: int, cursor: str = "") -> list[StoredEvent]:
    """A page of the change feed: events matching ``query`` in order of their last change (then
    id), after ``cursor``; each carries its own cursor."""
    from sitrep.store.analyst import parse_cursor

    e = EventRow
    stmt = select(e.event_id, e.latitude, e.longitude, cast(e.record, Text), e.updated_at).where(conditions(query))
    if cursor:
        at, last = parse_cursor(cursor)
        stmt = stmt.where(or_(e.updated_at > at, and_(e.updated_at == at, e.event_id > last)))
    stmt = stmt.order_by(e.updated_at, e.event_id).limit(limit)
    try:
        with store.engine.connect() as conn:
            rows = list(conn.execute(stmt))
    except OperationalError as exc:
        raise StoreError(Errors.E068.format(code="read")) from exc
    out = []
    for r in rows:
        at = r[4].replace(tzinfo=dt.UTC) if r[4].tzinfo is None else r[4].astimezone(dt.UTC)
        out.append(StoredEvent(r[0], r[1], r[2], r[3], _stamp(r[4]), f"{at.isoformat()}|{r[0]}"))
    return out


def event_page(
    store: Store, query: EventQuery, *, limit: int, offset: int, order: str, matches: int | None = None
) -> list[StoredEvent]:
    """The events of one page, in ``order`` (ties by event_id), as stored. ``matches``, when the
    caller has counted them, picks how the page is read (``store.query``)."""
    # the page's ids first, so a sort handles ids and sort keys, not whole records; then its records
    ids = typing.cast("Select[Any]", select(EventRow.event_id).where(conditions(query, matches=matches)))
    page = apply_order(ids, order).limit(limit).offset(offset).scalar_subquery()
    columns = select(
        EventRow.event_id, EventRow.latitude, EventRow.longitude, cast(EventRow.record, Text), EventRow.updated_at
    )
    stmt = apply_order(typing.cast("Select[Any]", columns.where(EventRow.event_id.in_(page))), order)
    try:
        with store.engine.connect() as conn:
            return [StoredEvent(r[0], r[1], r[2], r[3], _stamp(r[4])) for r in conn.execute(stmt)]
    except OperationalError as exc:
        raise StoreError(Errors.E068.format(code="read")) from exc


def _record(event: StoredEvent, fields: Sequence[str] | None) -> str:
    if fields is None:
        return event.record[:-1] + f',"timestamp":{event.timestamp}}}' if event.timestamp else event.record
    full: dict[str, Any] = json.loads(event.record)
    full["timestamp"] = event.timestamp
    return json.dumps({name: full.get(name) for name in fields}, ensure_ascii=False, separators=(",", ":"))


def page_text(
    events: Sequence[StoredEvent],
    *,
    total: int,
    limit: int,
    offset: int,
    fields: Sequence[str] | None,
    next_cursor: str | None = None,
) -> bytes:
    """``{"total", "limit", "offset", "events": [...]}`` with the stored records spliced in (and
    ``next_cursor`` for a page of the change feed)."""
    head = f'{{"total":{total},"limit":{limit},"offset":{offset},'
    if next_cursor is not None:
        head += f'"next_cursor":{json.dumps(next_cursor)},'
    return (head + '"events":[' + ",".join(_record(e, fields) for e in events) + "]}").encode()


def feature_text(event: StoredEvent, fields: Sequence[str] | None) -> str | None:
    """A GeoJSON Point feature for a located event (None without coordinates)."""
    if event.latitude is None or event.longitude is None:
        return None
    return (
        f'{{"type":"Feature","id":{json.dumps(event.event_id)},"geometry":{{"type":"Point","coordinates":'
        f'[{event.longitude!r},{event.latitude!r}]}},"properties":{_record(event, fields)}}}'
    )

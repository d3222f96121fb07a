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
from sqlalchemy.orm import aliased

from sitrep.errors import Errors, StoreError
from sitrep.store import EventQuery, Store
from sitrep.store.query import apply_order, conditions
from sitrep.store.tables import EventRow, ReviewRow

__all__ = ["StoredEvent", "change_page", "event_page", "feature_text", "page_text", "stored_fields"]


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """One stored event: its id, coordinates and full record as JSON text."""

    event_id: str
    latitude: float | None
    longitude: float | None
    record: str
    timestamp: int = 0  # ACLED's timestamp: Unix time of the last change
    cursor: str = ""  # where the change feed goes on after this event
    reviewed: bool = False  # an analyst confirmed it (export.REVIEW_FIELDS)
    reviewed_by: str = ""


_MARK = aliased(ReviewRow, name="mark")  # an alias: the `reviewed` filter has its own subquery on reviews
_COLUMNS = (
    EventRow.event_id,
    EventRow.latitude,
    EventRow.longitude,
    cast(EventRow.record, Text),
    EventRow.updated_at,
    _MARK.reviewed,
    _MARK.reviewed_by,
)
"""What a page reads of each event: the stored record, and its review from an outer join."""


def _stored(r: Any, cursor: str = "") -> StoredEvent:
    return StoredEvent(r[0], r[1], r[2], r[3], _stamp(r[4]), cursor, bool(r[5]), (r[6] or "") if r[5] else "")


def _stamp(value: dt.datetime | None) -> int:
    if value is None:
        return 0
    return int((value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value).timestamp())


def change_page(store: Store, query: EventQuery, *, limit: int, cursor: str = "") -> list[StoredEvent]:
    """A page of the change feed: events matching ``query`` in order of their last change (then
    id), after ``cursor``; each carries its own cursor."""
    from sitrep.store.analyst import parse_cursor

    e = EventRow
    stmt = select(*_COLUMNS).outerjoin(_MARK, _MARK.event_id == e.event_id).where(conditions(query))
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
        out.append(_stored(r, f"{at.isoformat()}|{r[0]}"))
    return out


def event_page(
    store: Store, query: EventQuery, *, limit: int, offset: int, order: str, matches: int | None = None
) -> list[StoredEvent]:
    """The events of one page, in ``order`` (ties by event_id), as stored. ``matches``, when the
    caller has counted them, picks how the page is read (``store.query``)."""
    # the page's ids first, so a sort handles ids and sort keys, not whole records; then its records
    ids = typing.cast("Select[Any]", select(EventRow.event_id).where(conditions(query, matches=matches)))
    page = apply_order(ids, order).limit(limit).offset(offset).scalar_subquery()
    columns = select(*_COLUMNS).outerjoin(_MARK, _MARK.event_id == EventRow.event_id)
    stmt = apply_order(typing.cast("Select[Any]", columns.where(EventRow.event_id.in_(page))), order)
    try:
        with store.engine.connect() as conn:
            return [_stored(r) for r in conn.execute(stmt)]
    except OperationalError as exc:
        raise StoreError(Errors.E068.format(code="read")) from exc


def _record(event: StoredEvent, fields: Sequence[str] | None) -> str:
    """The stored record, then ACLED's ``timestamp`` and the review (``reviewed``, ``reviewed_by``)."""
    if fields is None:
        stamp = f',"timestamp":{event.timestamp}' if event.timestamp else ""
        review = f',"reviewed":{"true" if event.reviewed else "false"},"reviewed_by":{json.dumps(event.reviewed_by)}'
        return event.record[:-1] + stamp + review + "}"
    full: dict[str, Any] = json.loads(event.record)
    full.update(timestamp=event.timestamp, reviewed=event.reviewed, reviewed_by=event.reviewed_by)
    return json.dumps({name: full.get(name) for name in fields}, ensure_ascii=False, separators=(",", ":"))


def stored_fields(event: StoredEvent) -> dict[str, Any]:
    """The stored record with its review: what a CSV download writes (``timestamp`` is the
    writer's, as in every ACLED CSV sitrep writes)."""
    full: dict[str, Any] = json.loads(event.record)
    full.update(reviewed=event.reviewed, reviewed_by=event.reviewed_by)
    return full


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

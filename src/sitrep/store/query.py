"""``EventQuery`` and ``order`` as SQLAlchemy expressions (parameterised, on both back ends)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from sitrep.errors import ConfigError, Errors
from sitrep.store.records import EventQuery
from sitrep.store.tables import EventRow, ReportRow

__all__ = ["ORDERS", "apply_order", "conditions"]

ORDERS = ("event_date", "fatalities", "event_id")
T = TypeVar("T", bound=tuple[Any, ...])


def _contains(column: InstrumentedAttribute[str], needle: str) -> ColumnElement[bool]:
    return func.lower(column).contains(needle.lower(), autoescape=True)


def conditions(q: EventQuery) -> ColumnElement[bool]:
    """One WHERE clause for every filter set in ``q``."""
    clauses: list[ColumnElement[bool]] = []
    e = EventRow
    if q.start is not None:
        clauses.append(e.event_date >= q.start)
    if q.end is not None:
        clauses.append(e.event_date <= q.end)
    for column, value in ((e.country, q.country), (e.admin1, q.admin1), (e.admin2, q.admin2),
                          (e.event_type, q.event_type), (e.sub_event_type, q.sub_event_type)):
        if value is not None:
            clauses.append(column == value)
    if q.actor is not None:
        clauses.append(or_(_contains(e.actor1, q.actor), _contains(e.actor2, q.actor),
                           _contains(e.assoc_actors, q.actor)))
    if q.bbox is not None:
        west, south, east, north = q.bbox
        lon = and_(e.longitude >= west, e.longitude <= east) if west <= east else \
            or_(e.longitude >= west, e.longitude <= east)
        clauses.append(and_(e.latitude.is_not(None), e.latitude >= south, e.latitude <= north, lon))
    if q.min_fatalities is not None:
        clauses.append(e.fatalities >= q.min_fatalities)
    if q.text is not None:
        clauses.append(e.search.contains(q.text.lower(), autoescape=True))
    if q.article_id is not None:
        clauses.append(exists().where(ReportRow.event_id == e.event_id, ReportRow.article_id == q.article_id))
    return and_(true(), *clauses)


def apply_order(stmt: Select[T], order: str) -> Select[T]:
    """``order`` is a field of ORDERS, "-" in front for descending; ties go by event_id."""
    name = order.removeprefix("-")
    if name not in ORDERS:
        raise ConfigError(Errors.E045.format(option="order", detail=f"{order!r} is not one of "
                                             + ", ".join(ORDERS) + " (with '-' for descending)"))
    column = getattr(EventRow, name)
    primary = column.desc() if order.startswith("-") else column.asc()
    return stmt.order_by(primary, EventRow.event_id.asc()) if name != "event_id" else stmt.order_by(primary)


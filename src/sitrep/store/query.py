"""``EventQuery`` and ``order`` as SQLAlchemy expressions (parameterised, on both back ends).

A page of events can be read two ways: walking an index in the page's order and testing each
event, which stops after a page and so is cheap when many match; or first collecting the matches
from the filter's own index and sorting them, which is cheap when few do. SQLite's planner cannot
tell which from a substring (``LIKE '%x%'``) or a box: callers that have counted the matches pass
``matches``, and below FEW the substring filters collect their matches from the narrow index on
their column, while from FEW up the box is kept off its index so the order is walked. Counts
(``matches`` None) leave the planner free: they read the filters' indexes. On PostgreSQL the
trigram indexes and the planner's statistics make the choice, and the SQL is the same either way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import Boolean, ColumnElement, Connection, Select, and_, exists, false, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from sitrep.errors import ConfigError, Errors
from sitrep.store.records import EventQuery
from sitrep.store.tables import EventRow, ReportRow, ReviewRow

__all__ = ["FEW", "ORDERS", "VOCABULARIES", "apply_order", "conditions", "event_page", "stored_values"]

ORDERS = ("event_date", "fatalities", "event_id")
# Below this many matches a page is read matches first. On 50,000 events (bench/out/api_load-50000.db,
# SQLite), a text filter matching 8 events: 17 ms that way against 111 ms walking the date order;
# 924 events: 14 against 11 ms; all of them: 102 against 0.5 ms. A box holding 7,000 of 103,000:
# 30 ms matches first against 5 ms walking.
FEW = 1000
VOCABULARIES = ("country", "admin1", "event_type", "sub_event_type")
"""The filters whose values are names from a closed list, which a caller may check a value against."""
T = TypeVar("T", bound=tuple[Any, ...])


class _MatchesFirst(ColumnElement[bool]):
    """``test`` on an events column, answered on SQLite by collecting the matching rows first."""

    inherit_cache = True
    type = Boolean()
    _traverse_internals = [("test", InternalTraversal.dp_clauseelement)]

    def __init__(self, test: ColumnElement[bool]) -> None:
        self.test = test


@compiles(_MatchesFirst)
def _as_is(element: _MatchesFirst, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.test, **kw)


@compiles(_MatchesFirst, "sqlite")
def _by_rowid(element: _MatchesFirst, compiler: SQLCompiler, **kw: Any) -> str:
    # the inner "events" hides the outer one, so the test reads the subquery's rows; SQLite
    # scans the column's index for it, whose entries carry the rowid
    return f"events.rowid IN (SELECT rowid FROM events WHERE {compiler.process(element.test, **kw)})"


class _Unindexed(ColumnElement[Any]):
    """A column SQLite's planner may not narrow by its index (a unary ``+``, SQLite's documented
    way to say so), so it walks the page's order instead; as is on other back ends."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: InstrumentedAttribute[Any]) -> None:
        self.column: ColumnElement[Any] = column.expression
        self.type = column.type


@compiles(_Unindexed)
def _column(element: _Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column, **kw)


@compiles(_Unindexed, "sqlite")
def _unary_plus(element: _Unindexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + compiler.process(element.column, **kw)


def _contains(column: InstrumentedAttribute[str], needle: str, *, few: bool) -> ColumnElement[bool]:
    """``column`` (stored lower-cased) holds ``needle`` in any case; Python folds both sides,
    as SQLite's lower() and LIKE fold only ASCII."""
    test = column.contains(needle.lower(), autoescape=True)
    return _MatchesFirst(test) if few else test


def conditions(q: EventQuery, *, matches: int | None = None) -> ColumnElement[bool]:
    """One WHERE clause for every filter set in ``q``. ``matches``: for reading a page, how many
    events the caller counted for ``q`` (see above); None for counts."""
    clauses: list[ColumnElement[bool]] = []
    texts = (q.country, q.admin1, q.admin2, q.event_type, q.sub_event_type, q.actor, q.text, q.article_id)
    if any(value is not None and "\x00" in value for value in texts):
        return false()  # no stored text holds NUL, and PostgreSQL refuses to compare with one
    e = EventRow
    few = matches is not None and matches < FEW
    many = matches is not None and matches >= FEW
    if q.start is not None:
        clauses.append(e.event_date >= q.start)
    if q.end is not None:
        clauses.append(e.event_date <= q.end)
    for column, value in (
        (e.country, q.country),
        (e.admin1, q.admin1),
        (e.admin2, q.admin2),
        (e.event_type, q.event_type),
        (e.sub_event_type, q.sub_event_type),
    ):
        if value is not None:
            clauses.append(column == value)
    if q.actor is not None:
        clauses.append(_contains(e.actors, q.actor, few=few))
    if q.bbox is not None:
        west, south, east, north = q.bbox
        lon = (
            and_(e.longitude >= west, e.longitude <= east)
            if west <= east
            else or_(e.longitude >= west, e.longitude <= east)
        )
        latitude = _Unindexed(e.latitude) if many else e.latitude
        clauses.append(and_(latitude.is_not(None), latitude >= south, latitude <= north, lon))
    if q.min_fatalities is not None:
        clauses.append(e.fatalities >= q.min_fatalities)
    if q.text is not None:
        clauses.append(_contains(e.search, q.text, few=few))
    if q.article_id is not None:
        clauses.append(exists().where(ReportRow.event_id == e.event_id, ReportRow.article_id == q.article_id))
    if q.updated_since is not None:
        since = q.updated_since
        clauses.append(e.updated_at >= (since.astimezone(dt.UTC) if since.tzinfo else since))
    if q.reviewed is not None:
        done = exists().where(ReviewRow.event_id == e.event_id, ReviewRow.reviewed.is_(True))
        clauses.append(done if q.reviewed else ~done)
    return and_(true(), *clauses)


def event_page(stmt: Select[T], query: EventQuery, *, order: str, limit: int | None, offset: int) -> Select[T]:
    """``stmt`` over the events ``query`` selects, in ``order``, from ``offset``, at most ``limit``."""
    stmt = apply_order(stmt.where(conditions(query)), order)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt.offset(offset) if offset else stmt


def apply_order(stmt: Select[T], order: str) -> Select[T]:
    """``order`` is a field of ORDERS, "-" in front for descending; ties go by event_id."""
    name = order.removeprefix("-")
    if name not in ORDERS:
        raise ConfigError(
            Errors.E045.format(
                option="order", detail=f"{order!r} is not one of " + ", ".join(ORDERS) + " (with '-' for descending)"
            )
        )
    column = getattr(EventRow, name)
    primary = column.desc() if order.startswith("-") else column.asc()
    return stmt.order_by(primary, EventRow.event_id.asc()) if name != "event_id" else stmt.order_by(primary)


def stored_values(conn: Connection, name: str) -> list[str]:
    """The distinct non-empty values of the events column ``name`` (one of ``VOCABULARIES``), sorted."""
    if name not in VOCABULARIES:
        raise ValueError(f"{name!r} is not one of {VOCABULARIES}")
    column = getattr(EventRow, name)
    return sorted(v for v in conn.execute(select(column).distinct()).scalars() if v)

"""The analyst's review actions, each one transaction on the caller's connection, each recorded
as a revision naming the user and the reason (``why``).

* ``confirm``: the event is reviewed (``reviews.reviewed_by``); its reports are pinned to it;
* ``correct``: set coded fields; each one is locked (``store.locks``) so no later fusion
  changes it; a place name re-derives admin1/admin2 and the point from the gazetteer;
* ``merge``: every report of the events is pinned to the first; the others become its aliases;
* ``split``: the chosen reports are pinned to a new event (the rest stay pinned to the old);
* ``reject`` / ``restore``: the event leaves ``events`` (its record waits in ``reviews``) and
  comes back.

Pins make merges and splits survive new reports: ``fuse.partition`` starts from them. Every
action ends with ``fusion.refuse`` over the reports it touched, so the records, aliases and
revisions are written by the same code as ingest's, and ``Store.check`` holds afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, select

from sitrep.codec import EVENT_FIELDS, event_from_dict, event_to_dict
from sitrep.errors import Errors, StoreError
from sitrep.fuse import Rules, anchor
from sitrep.model import Event
from sitrep.store.fusion import Members, component, event_columns, load_reviews, refuse, report_from_row
from sitrep.store.tables import EventRow, ReportRow, ReviewRow, RevisionRow

__all__ = ["EDITABLE", "confirm", "correct", "merge", "reject", "restore", "split"]

_R: Table = ReportRow.__table__  # type: ignore[assignment]
_E: Table = EventRow.__table__  # type: ignore[assignment]
_RW: Table = ReviewRow.__table__  # type: ignore[assignment]
_RV: Table = RevisionRow.__table__  # type: ignore[assignment]

# Coded fields an analyst may set; ids, sources, evidence and notes-derived bookkeeping are not.
EDITABLE = frozenset(EVENT_FIELDS) - {"event_id", "article_ids", "source", "evidence", "confidence"}
PLACE = ("location", "admin1", "admin2", "admin3", "latitude", "longitude", "geo_precision", "where_prec")

Locate = Callable[[Event, Mapping[str, Any]], dict[str, Any]]
"""Fills the place fields a correction implies (admin names and point of a place name)."""


def _fail(event_id: str, detail: str) -> StoreError:
    return StoreError(Errors.E074.format(event_id=event_id, detail=detail))


def _record(conn: Connection, event_id: str) -> dict[str, Any] | None:
    return conn.execute(select(_E.c.record).where(_E.c.event_id == event_id)).scalar()


def _live(conn: Connection, event_id: str) -> dict[str, Any]:
    record = _record(conn, event_id)
    if record is None:
        review = load_reviews(conn, [event_id]).get(event_id)
        if review is not None and review.rejected:
            raise _fail(event_id, "it is rejected; restore it first")
        raise StoreError(Errors.E066.format(event_id=event_id))
    return record


def _members(conn: Connection, ids: Iterable[str]) -> Members:
    rows = conn.execute(
        select(_R.c.key, _R.c.event_id, _R.c.published, _R.c.record).where(_R.c.event_id.in_(sorted(set(ids))))
    )
    return {row.key: (report_from_row(row.key, row.record, row.published), row.event_id) for row in rows}


def _pin(conn: Connection, keys: Iterable[str], event_id: str) -> None:
    keys = sorted(keys)
    if keys:
        conn.execute(_R.update().where(_R.c.key.in_(keys)).values(pin=event_id))


def _refuse_around(
    conn: Connection,
    ids: Iterable[str],
    *,
    rules: Rules,
    now: dt.datetime,
    user: str,
    why: str,
    cause: str | None = None,
) -> None:
    """Fuse again every report connected to these events' reports: a new pin changes the
    partition around them too (a report one of them kept out, by its article or by complete
    linkage, may now join another event)."""
    members = component(conn, (), rules, touched=set(ids))
    refuse(conn, members, rules=rules, now=now, reason=why, user=user, cause=cause, verify=True)


def _review(conn: Connection, event_id: str, now: dt.datetime) -> Any:
    review = load_reviews(conn, [event_id]).get(event_id)
    if review is None:
        conn.execute(_RW.insert(), {"event_id": event_id, "locks": {}, "updated_at": now})
        review = load_reviews(conn, [event_id])[event_id]
    return review


def _note(conn: Connection, event_id: str, cause: str, *, user: str, why: str, now: dt.datetime) -> None:
    conn.execute(
        _RV.insert(),
        {"event_id": event_id, "at": now, "cause": cause, "article_id": "", "changes": {}, "reason": why, "user": user},
    )


def _touch(conn: Connection, event_id: str, now: dt.datetime) -> None:
    conn.execute(_E.update().where(_E.c.event_id == event_id).values(updated_at=now))
    conn.execute(_RW.update().where(_RW.c.event_id == event_id).values(updated_at=now))


def confirm(conn: Connection, event_id: str, *, user: str, why: str, now: dt.datetime, rules: Rules) -> None:
    """Mark the event reviewed by ``user`` (clearing any flag); its reports are pinned to it."""
    _live(conn, event_id)
    _pin(conn, _members(conn, [event_id]), event_id)
    _refuse_around(conn, [event_id], rules=rules, now=now, user=user, why=why)
    _review(conn, event_id, now)
    conn.execute(
        _RW.update()
        .where(_RW.c.event_id == event_id)
        .values(reviewed=True, reviewed_by=user, reviewed_at=now, flag="", updated_at=now)
    )
    _note(conn, event_id, "confirmed", user=user, why=why, now=now)
    _touch(conn, event_id, now)


def _coerce(event_id: str, record: dict[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` as the record's JSON types, checked by decoding the record with them."""
    unknown = sorted(set(values) - EDITABLE)
    if unknown:
        raise _fail(event_id, f"cannot set {', '.join(unknown)}; editable fields: {', '.join(sorted(EDITABLE))}")
    merged = dict(record, **values)
    try:
        event = event_from_dict(merged)
    except (ValueError, TypeError, KeyError) as exc:
        raise _fail(event_id, f"bad value ({exc})") from exc
    out = event_to_dict(event)
    for name, value in values.items():
        expected = type(record.get(name))
        if record.get(name) is not None and value is not None and not isinstance(out[name], expected):
            raise _fail(event_id, f"{name} must be {expected.__name__}, not {type(value).__name__}")
        if name in ("fatalities", "fatalities_low", "fatalities_best", "fatalities_high") and int(out[name]) < 0:
            raise _fail(event_id, f"{name} cannot be negative")
    return {name: out[name] for name in values}


def correct(
    conn: Connection,
    event_id: str,
    values: Mapping[str, Any],
    *,
    user: str,
    why: str,
    now: dt.datetime,
    rules: Rules,
    locate: Locate | None = None,
) -> None:
    """Set and lock coded fields. A new ``location`` (or point) without the admin names is
    completed by ``locate`` (the gazetteer), and the place fields it fills are locked too."""
    if not values:
        raise _fail(event_id, "nothing to set")
    record = _live(conn, event_id)
    wanted = dict(values)
    if locate is not None and any(name in wanted for name in ("location", "latitude", "longitude")):
        current = event_from_dict(record)
        wanted = {**locate(current, wanted), **wanted}
    wanted = _coerce(event_id, record, wanted)
    members = _members(conn, [event_id])
    _pin(conn, members, event_id)
    review = _review(conn, event_id, now)
    locks = {name: dict(lock) for name, lock in review.locks.items()}
    machine = record  # the analyst's edit starts from what the store shows
    for name, value in wanted.items():
        before = locks.get(name, {}).get("machine", machine.get(name))
        locks[name] = {"value": value, "machine": before}
    conn.execute(_RW.update().where(_RW.c.event_id == event_id).values(locks=locks, updated_at=now))
    _refuse_around(conn, [event_id], rules=rules, now=now, user=user, why=why, cause="corrected")
    _touch(conn, event_id, now)


def merge(conn: Connection, event_ids: list[str], *, user: str, why: str, now: dt.datetime, rules: Rules) -> str:
    """Merge the events into the first: every report is pinned to it and the others become its
    aliases (with ``merged`` revisions). Returns the surviving id."""
    ids = list(dict.fromkeys(event_ids))
    if len(ids) < 2:
        raise _fail(ids[0] if ids else "", "a merge needs two or more events")
    for event_id in ids:
        _live(conn, event_id)
    target = ids[0]
    members = _members(conn, ids)
    _pin(conn, members, target)
    _review(conn, target, now)
    _refuse_around(conn, ids, rules=rules, now=now, user=user, why=why)
    _touch(conn, target, now)
    return target


def split(
    conn: Connection, event_id: str, keys: Iterable[str], *, user: str, why: str, now: dt.datetime, rules: Rules
) -> str:
    """Move the reports ``keys`` (report ids, or article ids: every report of that article in
    the event) to a new event, pinned apart from the rest. Returns the new event's id: the id
    of its earliest report (when that is the event's own, the rest move instead)."""
    _live(conn, event_id)
    members = _members(conn, [event_id])
    chosen_keys = set()
    for key in keys:
        hits = {k for k, (r, _) in members.items() if k == key or r.article_id == key}
        if not hits:
            raise _fail(event_id, f"{key!r} is not one of its reports or articles")
        chosen_keys |= hits
    rest = [r for k, (r, _) in members.items() if k not in chosen_keys]
    chosen = [r for k, (r, _) in members.items() if k in chosen_keys]
    if not rest or not chosen:
        raise _fail(event_id, "a split must leave reports on both sides")
    new_id = anchor(chosen).key
    if new_id == event_id:
        chosen, rest, new_id = rest, chosen, anchor(rest).key
    _pin(conn, [r.key for r in rest], event_id)
    _pin(conn, [r.key for r in chosen], new_id)
    _review(conn, event_id, now)
    _refuse_around(conn, [event_id], rules=rules, now=now, user=user, why=why)
    _touch(conn, event_id, now)
    return new_id


def reject(conn: Connection, event_id: str, *, user: str, why: str, now: dt.datetime) -> None:
    """Take the event out of ``events`` (its record waits in ``reviews``); its reports stay
    pinned to it, so new reports of the same incident join it and stay out too."""
    record = _live(conn, event_id)
    _pin(conn, _members(conn, [event_id]), event_id)
    _review(conn, event_id, now)
    conn.execute(
        _RW.update()
        .where(_RW.c.event_id == event_id)
        .values(rejected=True, record=record, reviewed=True, reviewed_by=user, reviewed_at=now, updated_at=now)
    )
    conn.execute(_E.delete().where(_E.c.event_id == event_id))
    _note(conn, event_id, "rejected", user=user, why=why, now=now)


def restore(conn: Connection, event_id: str, *, user: str, why: str, now: dt.datetime) -> None:
    """Bring a rejected event back into ``events``."""
    review = load_reviews(conn, [event_id]).get(event_id)
    if review is None or not review.rejected or review.record is None:
        raise _fail(event_id, "it is not rejected")
    event = event_from_dict(review.record)
    conn.execute(_E.insert(), {"event_id": event_id, "updated_at": now, **event_columns(event)})
    conn.execute(_RW.update().where(_RW.c.event_id == event_id).values(rejected=False, record=None, updated_at=now))
    _note(conn, event_id, "restored", user=user, why=why, now=now)

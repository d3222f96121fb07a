"""The store's invariants, checked in one place (``check_store``), and a repair (``repair_store``).

Invariants (each a ``Problem.kind`` when broken):

* ``dangling report``: every report points at an existing event;
* ``event without reports``: every event has at least one report;
* ``dangling alias``: every alias points at an existing event, and no alias shadows an event;
* ``unresolved id``: every id that was once an event (its revisions say so) is an event, an
  alias of one, or was removed (a revision says so);
* ``unexplained change``: replaying the revisions in order gives each event's current record
  (every tracked field: all but ``notes``, ``evidence`` and ``event_id``);
* ``not fused``: the events are exactly what ``fuse.partition`` and ``fuse.reconcile`` make of
  the stored reports (so they do not depend on the order articles came in), under the
  analyst's pins and locks (``store.locks.fuse_group``);
* ``broken pin``: a report an analyst pinned to an event belongs to that event;
* ``broken lock``: every locked field of an event holds the analyst's value;
* ``stray review``: a review belongs to an event (live or rejected), and a rejected event is
  not also in ``events``.

Rejected events (their records in ``reviews``) count as events for every other invariant.

``repair_store`` rebuilds events from reports with the same function ingest uses
(``fusion.refuse`` over every report), removes events no report supports, repoints or drops
broken aliases, and records a ``repaired`` revision wherever the history did not explain a
record; afterwards ``check_store`` finds nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, select

from sitrep.codec import event_to_dict
from sitrep.fuse import Rules, partition
from sitrep.store.fusion import UNTRACKED, Members, refuse, report_from_row
from sitrep.store.locks import fuse_group, group_id
from sitrep.store.tables import AliasRow, EventRow, ReportRow, ReviewRow, RevisionRow

__all__ = ["Problem", "check_store", "repair_store"]

_R: Table = ReportRow.__table__  # type: ignore[assignment]
_E: Table = EventRow.__table__  # type: ignore[assignment]
_AL: Table = AliasRow.__table__  # type: ignore[assignment]
_RV: Table = RevisionRow.__table__  # type: ignore[assignment]
_RW: Table = ReviewRow.__table__  # type: ignore[assignment]
NOTES = frozenset({"flagged", "confirmed", "rejected", "restored"})  # revisions that change no field
REPAIR_REASON = "sitrep check --repair: the record was rebuilt from its reports"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One broken invariant: ``kind`` (see the module docstring), the id it concerns, and what is wrong."""

    kind: str
    subject: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}: {self.detail}"


def _json(value: Any) -> Any:
    """The value as JSON gives it back (tuples become lists), so records and revisions compare."""
    return json.loads(json.dumps(value, default=str))


def _tracked(record: dict[str, Any]) -> dict[str, Any]:
    return {k: _json(v) for k, v in record.items() if k not in UNTRACKED and k != "event_id"}


@dataclass(slots=True)
class _Replay:
    states: dict[str, dict[str, Any]]
    live: set[str]
    removed: set[str]


def _replay(conn: Connection) -> _Replay:
    """Every event's tracked fields as its revisions, applied in order, leave them."""
    states: dict[str, dict[str, Any]] = {}
    live: set[str] = set()
    removed: set[str] = set()
    for row in conn.execute(select(_RV.c.event_id, _RV.c.cause, _RV.c.changes).order_by(_RV.c.id)):
        event_id, changes = row.event_id, row.changes or {}
        if row.cause == "created":
            states[event_id] = {k: _json(v[1]) for k, v in changes.items()}
            live.add(event_id)
            removed.discard(event_id)
        elif row.cause == "merged":
            old = changes.get("event_id", [None, None])[0]
            if event_id not in live:
                states[event_id] = dict(states.get(old, {}))
                live.add(event_id)
                removed.discard(event_id)
            if old != event_id:
                live.discard(old)
        elif row.cause in NOTES:
            live.add(event_id)
        elif row.cause == "removed":
            live.discard(event_id)
            removed.add(event_id)
        else:
            state = states.setdefault(event_id, {})
            live.add(event_id)
            for name, (_, after) in changes.items():
                state[name] = _json(after)
    return _Replay(states, live, removed)


def check_store(conn: Connection, rules: Rules) -> list[Problem]:
    """Every broken invariant of the store behind ``conn`` (read only); [] when it is sound."""
    problems: list[Problem] = []
    events = {row.event_id: row.record for row in conn.execute(select(_E.c.event_id, _E.c.record))}
    reviews = {row.event_id: row for row in conn.execute(select(_RW))}
    for event_id, review in sorted(reviews.items()):
        if review.rejected and (review.record is None or event_id in events):
            problems.append(Problem(kind="stray review", subject=event_id, detail="rejected, yet listed or recordless"))
        elif not review.rejected and event_id not in events:
            problems.append(Problem(kind="stray review", subject=event_id, detail="reviews a missing event"))
        record = events.get(event_id) if not review.rejected else review.record
        for name, lock in sorted((review.locks or {}).items()):
            if record is not None and _json(record.get(name)) != _json(lock["value"]):
                problems.append(Problem(kind="broken lock", subject=event_id, detail=f"{name} is not the analyst's"))
    events.update({i: r.record for i, r in reviews.items() if r.rejected and r.record is not None and i not in events})
    reports = list(conn.execute(select(_R.c.key, _R.c.event_id, _R.c.published, _R.c.record, _R.c.pin)))
    pins = {row.key: row.pin for row in reports if row.pin is not None}
    for row in reports:
        if row.pin is not None and row.pin != row.event_id:
            problems.append(
                Problem(kind="broken pin", subject=row.key, detail=f"pinned to {row.pin}, in {row.event_id}")
            )
    aliases = {row.old_id: row.event_id for row in conn.execute(select(_AL.c.old_id, _AL.c.event_id))}
    supported: dict[str, set[str]] = defaultdict(set)
    for row in reports:
        supported[row.event_id].add(row.key)
        if row.event_id not in events:
            problems.append(Problem(kind="dangling report", subject=row.key, detail=f"event {row.event_id} is missing"))
    for event_id in sorted(set(events) - set(supported)):
        problems.append(Problem(kind="event without reports", subject=event_id, detail="no report supports it"))
    for old_id, target in sorted(aliases.items()):
        if target not in events:
            problems.append(Problem(kind="dangling alias", subject=old_id, detail=f"points at missing {target}"))
        if old_id in events:
            problems.append(Problem(kind="dangling alias", subject=old_id, detail="is also a current event"))
    replay = _replay(conn)
    for event_id in sorted(set(replay.states) - set(events) - set(aliases) - replay.removed):
        problems.append(Problem(kind="unresolved id", subject=event_id, detail="retired without an alias"))
    for event_id, record in sorted(events.items()):
        state = replay.states.get(event_id) if event_id in replay.live else None
        if state is None:
            problems.append(Problem(kind="unexplained change", subject=event_id, detail="no revision created it"))
            continue
        wrong = sorted(k for k, v in _tracked(record).items() if state.get(k) != v)
        if wrong:
            problems.append(
                Problem(kind="unexplained change", subject=event_id, detail="revisions do not give " + ", ".join(wrong))
            )
    decoded = [report_from_row(row.key, row.record, row.published) for row in reports]
    current = {row.key: row.event_id for row in reports}
    for group in partition(decoded, rules, pins):
        gid = group_id(group, pins)
        fused = fuse_group(group, pins, reviews[gid].locks if gid in reviews else {})[0]
        stray = sorted(r.key for r in group if current[r.key] != fused.event_id)
        if stray:
            problems.append(
                Problem(kind="not fused", subject=fused.event_id, detail="reports elsewhere: " + ", ".join(stray))
            )
        elif fused.event_id in events and _json(event_to_dict(fused)) != _json(events[fused.event_id]):
            problems.append(
                Problem(kind="not fused", subject=fused.event_id, detail="record differs from its reports' fusion")
            )
    return problems


def repair_store(conn: Connection, rules: Rules, *, now: dt.datetime) -> None:
    """Rebuild events from reports and make the history explain them; the caller holds the
    transaction (and the write lock)."""
    events = set(conn.execute(select(_E.c.event_id)).scalars())
    members: Members = {
        row.key: (report_from_row(row.key, row.record, row.published), row.event_id)
        for row in conn.execute(select(_R.c.key, _R.c.event_id, _R.c.published, _R.c.record))
    }
    # every event is re-partitioned; one no report supports is removed (refuse finds no heir)
    refuse(conn, members, rules=rules, now=now, reason=REPAIR_REASON, touched={e: set() for e in events}, verify=True)
    events = set(conn.execute(select(_E.c.event_id)).scalars())
    revisions: list[dict[str, Any]] = []
    for old_id, target in list(conn.execute(select(_AL.c.old_id, _AL.c.event_id))):
        if old_id in events or target not in events:
            conn.execute(_AL.delete().where(_AL.c.old_id == old_id))
            if old_id not in events:
                revisions.append(dict(event_id=old_id, cause="removed", changes={"event_id": [old_id, None]}))
    aliases = set(conn.execute(select(_AL.c.old_id)).scalars())
    replay = _replay(conn)
    gone = {r["event_id"] for r in revisions}
    for event_id in sorted(set(replay.states) - events - aliases - replay.removed - gone):
        revisions.append(dict(event_id=event_id, cause="removed", changes={"event_id": [event_id, None]}))
    for event_id, record in conn.execute(select(_E.c.event_id, _E.c.record)):
        tracked = _tracked(record)
        state = replay.states.get(event_id) if event_id in replay.live else None
        if state is None:
            revisions.append(
                dict(event_id=event_id, cause="created", changes={k: [None, v] for k, v in tracked.items()})
            )
            continue
        changes = {k: [state.get(k), v] for k, v in tracked.items() if state.get(k) != v}
        if changes:
            revisions.append(dict(event_id=event_id, cause="repaired", changes=changes))
    if revisions:
        conn.execute(_RV.insert(), [dict(r, at=now, article_id="", reason=REPAIR_REASON) for r in revisions])

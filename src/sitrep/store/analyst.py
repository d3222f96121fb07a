"""``Store``'s review, user and sync-feed methods (a mixin; the actions are ``store.review``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine, and_, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased

from sitrep.codec import event_from_dict
from sitrep.errors import Errors, StoreError
from sitrep.fuse import Rules
from sitrep.model import Event
from sitrep.store import review as actions
from sitrep.store import users
from sitrep.store.engine import write_lock
from sitrep.store.query import event_page
from sitrep.store.records import Change, EventQuery, Review, ReviewMark
from sitrep.store.tables import AliasRow, EventRow, ReviewRow, RevisionRow

if TYPE_CHECKING:
    from sitrep.geo.gazetteer import Gazetteer

__all__ = ["Analyst", "QueueItem"]

T = TypeVar("T")


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _stamp(value: dt.datetime) -> int:
    return int(_utc(value).timestamp())


def _cursor(value: dt.datetime, event_id: str) -> str:
    return f"{_utc(value).isoformat()}|{event_id}"


def parse_cursor(cursor: str) -> tuple[dt.datetime, str]:
    """The (time, event id) a cursor from ``changes`` names; E074 when it is not one."""
    at, _, event_id = cursor.partition("|")
    try:
        return _utc(dt.datetime.fromisoformat(at)), event_id
    except ValueError as exc:
        raise StoreError(Errors.E074.format(event_id="", detail=f"{cursor!r} is not a cursor")) from exc


class QueueItem:
    """One entry of the review queue: the event and why it is there."""

    __slots__ = ("event", "reason", "review")

    def __init__(self, event: Event, review: Review, reason: str) -> None:
        self.event, self.review, self.reason = event, review, reason


class Analyst:
    """Review actions, users and the sync feed; mixed into ``Store``."""

    engine: Engine
    rules: Rules
    _gazetteer: Gazetteer | None = None

    def _raise(self, exc: OperationalError) -> None:  # pragma: no cover - Store's
        raise NotImplementedError

    def _read(self) -> Connection:  # pragma: no cover - Store's
        raise NotImplementedError

    def resolve(self, event_id: str) -> str | None:  # pragma: no cover - Store's
        raise NotImplementedError

    # --- review state ------------------------------------------------------------------------------

    def _state(self, conn: Connection, event_id: str) -> Review | None:
        event = conn.execute(select(EventRow.record, EventRow.updated_at).where(EventRow.event_id == event_id)).first()
        review = conn.execute(select(ReviewRow.__table__).where(ReviewRow.event_id == event_id)).first()
        if event is None and (review is None or not review.rejected):
            return None
        record = review.record if event is None and review is not None else event.record  # type: ignore[union-attr]
        changed = [t for t in (event.updated_at if event else None, review.updated_at if review else None) if t]
        state = {
            "record": record,
            "reviewed": bool(review and review.reviewed),
            "by": review.reviewed_by if review else "",
            "locks": review.locks if review else {},
            "flag": review.flag if review else "",
            "rejected": bool(review and review.rejected),
        }
        digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:16]
        return Review(
            event_id=event_id,
            version=digest,
            reviewed=state["reviewed"],
            reviewed_by=state["by"],
            reviewed_at=_utc(review.reviewed_at) if review and review.reviewed_at else None,
            locked=tuple(sorted(state["locks"])),
            flag=state["flag"],
            rejected=state["rejected"],
            timestamp=max(_stamp(t) for t in changed) if changed else 0,
        )

    def review(self, event_id: str) -> Review | None:
        """The review state of an event (also of a rejected one); None when there is no such event."""
        current = self.resolve(event_id) or event_id
        with self._read() as conn:
            return self._state(conn, current)

    def _act(self, event_id: str, version: str | None, action: Callable[[Connection, dt.datetime], T]) -> T:
        try:
            with self.engine.connect().execution_options(sitrep_write=True) as conn, conn.begin():
                write_lock(conn)
                if version is not None:
                    state = self._state(conn, event_id)
                    if state is None:
                        raise StoreError(Errors.E066.format(event_id=event_id))
                    if state.version != version:
                        raise StoreError(Errors.E075.format(event_id=event_id, given=version, current=state.version))
                return action(conn, dt.datetime.now(dt.UTC))
        except OperationalError as exc:
            self._raise(exc)
            raise

    def _current(self, event_id: str) -> str:
        return self.resolve(event_id) or event_id

    def confirm(self, event_id: str, *, user: str, why: str = "", version: str | None = None) -> None:
        """Mark the event reviewed by ``user``."""
        eid = self._current(event_id)
        self._act(eid, version, lambda c, now: actions.confirm(c, eid, user=user, why=why, now=now, rules=self.rules))

    def correct(
        self, event_id: str, values: Mapping[str, Any], *, user: str, why: str = "", version: str | None = None
    ) -> None:
        """Set and lock coded fields (a place name re-derives admin1/admin2 and the point)."""
        eid = self._current(event_id)
        self._act(
            eid,
            version,
            lambda c, now: actions.correct(
                c, eid, values, user=user, why=why, now=now, rules=self.rules, locate=self._locate
            ),
        )

    def merge(self, event_ids: Iterable[str], *, user: str, why: str = "", version: str | None = None) -> str:
        """Merge events into the first (``version``: the first's); returns its id."""
        ids = [self._current(i) for i in event_ids]
        return self._act(
            ids[0] if ids else "",
            version,
            lambda c, now: actions.merge(c, ids, user=user, why=why, now=now, rules=self.rules),
        )

    def split(
        self, event_id: str, reports: Iterable[str], *, user: str, why: str = "", version: str | None = None
    ) -> str:
        """Move reports (by report or article id) to a new event; returns its id."""
        eid, keys = self._current(event_id), list(reports)
        return self._act(
            eid, version, lambda c, now: actions.split(c, eid, keys, user=user, why=why, now=now, rules=self.rules)
        )

    def reject(self, event_id: str, *, user: str, why: str = "", version: str | None = None) -> None:
        """Reject the event: it leaves queries and exports, and is listed in ``deletions``."""
        eid = self._current(event_id)
        self._act(eid, version, lambda c, now: actions.reject(c, eid, user=user, why=why, now=now))

    def restore(self, event_id: str, *, user: str, why: str = "", version: str | None = None) -> None:
        """Bring a rejected event back."""
        self._act(event_id, version, lambda c, now: actions.restore(c, event_id, user=user, why=why, now=now))

    def iter_marked(
        self, query: EventQuery | None = None, *, limit: int | None = None, offset: int = 0, order: str = "-event_date"
    ) -> Iterator[tuple[Event, ReviewMark]]:
        """``iter_events`` with each event's ``ReviewMark`` (reviewed, reviewed_by): what exports carry."""
        r = aliased(ReviewRow, name="mark")  # not the reviews table the `reviewed` filter asks about
        stmt = select(EventRow.record, r.reviewed, r.reviewed_by).outerjoin(r, r.event_id == EventRow.event_id)
        stmt = event_page(stmt, query or EventQuery(), order=order, limit=limit, offset=offset)
        try:
            with self._read() as conn:
                for row in conn.execution_options(yield_per=1000).execute(stmt):
                    yield event_from_dict(row.record), ReviewMark(bool(row.reviewed), row.reviewed_by or "")
        except OperationalError as exc:
            self._raise(exc)

    def review_queue(self, *, limit: int = 50) -> list[QueueItem]:
        """Events to review: flagged first, then unreviewed by lowest confidence (then newest)."""
        with self._read() as conn:
            reviewed = {
                row.event_id: row
                for row in conn.execute(select(ReviewRow.__table__).where(ReviewRow.rejected.is_(False)))
            }
            flagged = sorted(i for i, r in reviewed.items() if r.flag)
            done = {i for i, r in reviewed.items() if r.reviewed and not r.flag}
            items: list[QueueItem] = []
            for event_id in flagged:
                state = self._state(conn, event_id)
                record = conn.execute(select(EventRow.record).where(EventRow.event_id == event_id)).scalar()
                if state is not None and record is not None:
                    items.append(QueueItem(event_from_dict(record), state, state.flag))
            rows = conn.execute(select(EventRow.event_id, EventRow.record).order_by(EventRow.event_date.desc()))
            rest = [
                (event_from_dict(row.record), row.event_id)
                for row in rows
                if row.event_id not in done and row.event_id not in flagged
            ]
            rest.sort(key=lambda pair: pair[0].confidence)
            for event, event_id in rest[: max(0, limit - len(items))]:
                state = self._state(conn, event_id)
                if state is not None:
                    items.append(QueueItem(event, state, f"not reviewed (confidence {event.confidence:.2f})"))
        return items[:limit]

    def _locate(self, event: Event, values: Mapping[str, Any]) -> dict[str, Any]:
        """The place fields a new location or point implies, from the gazetteer."""
        from sitrep.geo.gazetteer import Gazetteer

        if self._gazetteer is None:
            self._gazetteer = Gazetteer.open()
        gaz = self._gazetteer
        if "location" in values and "latitude" not in values and "longitude" not in values:
            name = str(values["location"])
            country = gaz.country(str(values.get("country", event.country)))
            places = gaz.variants(name, (country.iso2,))[0] if country is not None else ()
            exact = [
                p
                for p in places
                if name.casefold() in (p.name.casefold(), p.asciiname.casefold()) and p.iso2 == country.iso2  # type: ignore[union-attr]
            ]
            if not exact:
                raise StoreError(
                    Errors.E074.format(
                        event_id=event.event_id,
                        detail=f"no place called {name!r} in {values.get('country', event.country)}; give latitude "
                        "and longitude too",
                    )
                )
            best = max(exact, key=lambda p: p.population)
            return dict(
                latitude=best.lat,
                longitude=best.lon,
                admin1=best.admin1,
                admin2=best.admin2,
                admin3=best.admin3,
                geo_precision=1,
            )
        if "latitude" in values and "longitude" in values:
            path = gaz.admin_for_point(float(values["latitude"]), float(values["longitude"]))
            return dict(admin1=path.admin1, admin2=path.admin2, admin3=path.admin3)
        return {}

    # --- sync feed ---------------------------------------------------------------------------------

    def changes(self, since: dt.datetime | None = None, *, cursor: str = "", limit: int = 100) -> list[Change]:
        """Live events changed at or after ``since``, oldest change first (then by id), from
        after ``cursor`` (the last entry's ``cursor`` of the previous page)."""
        stmt = select(EventRow.event_id, EventRow.updated_at)
        if since is not None:
            stmt = stmt.where(EventRow.updated_at >= since)
        if cursor:
            at, last = parse_cursor(cursor)
            stmt = stmt.where(or_(EventRow.updated_at > at, and_(EventRow.updated_at == at, EventRow.event_id > last)))
        stmt = stmt.order_by(EventRow.updated_at, EventRow.event_id).limit(limit)
        with self._read() as conn:
            return [
                Change(
                    event_id=row.event_id,
                    timestamp=_stamp(row.updated_at),
                    cursor=_cursor(row.updated_at, row.event_id),
                )
                for row in conn.execute(stmt)
            ]

    def deletions(self, since: dt.datetime | None = None) -> list[Change]:
        """Ids that stopped being events at or after ``since`` and are not events now: rejected,
        merged away (``successor``: the event that holds them now) or removed."""
        out: dict[str, Change] = {}
        with self._read() as conn:
            live = set(conn.execute(select(EventRow.event_id)).scalars())
            aliases = {row.old_id: row.event_id for row in conn.execute(select(AliasRow.old_id, AliasRow.event_id))}
            stmt = select(RevisionRow.event_id, RevisionRow.at, RevisionRow.cause, RevisionRow.changes).where(
                RevisionRow.cause.in_(("merged", "removed", "rejected"))
            )
            if since is not None:
                stmt = stmt.where(RevisionRow.at >= since)
            for row in conn.execute(stmt.order_by(RevisionRow.id)):
                gone = row.changes.get("event_id", [row.event_id])[0] if row.cause == "merged" else row.event_id
                if gone is None or gone in live:
                    continue
                reason = "merged" if gone in aliases else ("rejected" if row.cause == "rejected" else "removed")
                out[gone] = Change(
                    event_id=gone,
                    timestamp=_stamp(row.at),
                    cursor=_cursor(row.at, gone),
                    deleted=True,
                    successor=aliases.get(gone, ""),
                    reason=reason,
                )
        return sorted(out.values(), key=lambda c: (c.cursor, c.event_id))

    # --- users -------------------------------------------------------------------------------------

    def add_user(self, name: str, role: str) -> str:
        """Create a user and return its token (shown once; only its hash is stored)."""
        try:
            with self.engine.connect().execution_options(sitrep_write=True) as conn, conn.begin():
                return users.add_user(conn, name, role, now=dt.datetime.now(dt.UTC))
        except OperationalError as exc:
            self._raise(exc)
            raise

    def authenticate(self, token: str) -> users.User | None:
        """The user a token belongs to; None when it belongs to nobody."""
        with self._read() as conn:
            return users.authenticate(conn, token)

    def users(self) -> list[users.User]:
        with self._read() as conn:
            return users.list_users(conn)

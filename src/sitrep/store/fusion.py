"""One article into the store: dedup, its reports, and fusion redone where it lands.

Inside the article's one transaction (``ingest_article``):

1. skip it when the store already holds its normalised text, as any version of any article
   (W040); the same id or URL with another text is a new version of that article (``revise``):
   the old version moves to ``article_versions`` and its reports are withdrawn;
2. store the article and its reports (its coded events, as assemble made them);
3. find the connected component of reports the new ones join: stored reports that
   ``fuse.same_incident`` accepts, followed transitively (the lookups use the block index:
   country, admin1, date span), plus every report of every event met (so an event is always
   re-partitioned whole, even when the rules changed since it was fused);
4. partition that component again with ``fuse.partition`` and reconcile each group with
   ``fuse.reconcile``: the same functions ``fuse_reports`` runs over a whole corpus, so the
   store ends with exactly its events, whatever the order articles came in;
5. write what changed: events created, updated or retired (a retired id becomes an alias of
   the event that absorbed most of its reports), and one revision per kind of change.

An analyst's decisions bind all of this (``store.review``): a report pinned to an event is
partitioned with its pin (and a component that meets one pinned report takes the whole
event), a locked field keeps the analyst's value (fusion's disagreeing value is recorded as a
``flagged`` revision and the event's review flag), and a rejected event is written to its
``reviews`` row instead of ``events``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select

from sitrep.codec import event_from_dict, event_to_dict
from sitrep.errors import Errors, StoreError, Warnings
from sitrep.fuse import (
    Report,
    Rules,
    content_hash,
    credit,
    date_span,
    normalise_url,
    partition,
    reports_from,
)
from sitrep.fuse.match import same_incident
from sitrep.model import Article, Event, Issue
from sitrep.store.locks import fuse_group, group_id, proposals
from sitrep.store.tables import AliasRow, ArticleRow, EventRow, ReportRow, ReviewRow, RevisionRow
from sitrep.store.versions import match_stored, revise

__all__ = [
    "CAUSES",
    "Members",
    "Outcome",
    "component",
    "event_columns",
    "ingest_article",
    "load_pins",
    "load_reviews",
    "refuse",
    "report_from_row",
]

# Which fields each revision cause covers; fields in none of them are "details revised".
CAUSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("source added", frozenset({"article_ids", "source"})),
    ("figures revised", frozenset({"fatalities", "fatalities_low", "fatalities_best", "fatalities_high"})),
    ("type changed", frozenset({"disorder_type", "event_type", "sub_event_type", "civilian_targeting"})),
    (
        "place changed",
        frozenset(
            {
                "iso",
                "region",
                "country",
                "admin1",
                "admin2",
                "admin3",
                "location",
                "latitude",
                "longitude",
                "geo_precision",
                "where_prec",
            }
        ),
    ),
    ("date changed", frozenset({"event_date", "time_precision"})),
    (
        "actors changed",
        frozenset({"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction"}),
    ),
)
UNTRACKED = frozenset({"evidence", "notes"})  # change with every source; the record keeps them

# Statements built once (Core, bound parameters): SQLAlchemy then compiles each once per process,
# which matters at one transaction per article.
_A: Table = ArticleRow.__table__  # type: ignore[assignment]
_R: Table = ReportRow.__table__  # type: ignore[assignment]
_E: Table = EventRow.__table__  # type: ignore[assignment]
_AL: Table = AliasRow.__table__  # type: ignore[assignment]
_RV: Table = RevisionRow.__table__  # type: ignore[assignment]
_RW: Table = ReviewRow.__table__  # type: ignore[assignment]
_EVENT_REPORTS = select(_R.c.key, _R.c.event_id, _R.c.published, _R.c.record, _R.c.pin).where(
    _R.c.event_id.in_(bindparam("ids", expanding=True))
)
# date_lo is bounded on both sides so the look-up is a short range of ix_reports_block: a span is
# at most a calendar month, so date_hi >= lo implies date_lo >= lo - MAX_SPAN.
MAX_SPAN = dt.timedelta(days=31)
_WINDOW = select(_R.c.key, _R.c.event_id, _R.c.published, _R.c.record, _R.c.pin).where(
    _R.c.country == bindparam("w_country"),
    _R.c.admin1 == bindparam("w_admin1"),
    _R.c.date_lo <= bindparam("w_hi"),
    _R.c.date_lo >= bindparam("w_floor"),
    _R.c.date_hi >= bindparam("w_lo"),
)
_OLD_EVENTS = select(_E.c.event_id, _E.c.record).where(_E.c.event_id.in_(bindparam("ids", expanding=True)))
_MOVE_REPORT = _R.update().where(_R.c.key == bindparam("r_key")).values(event_id=bindparam("r_event"))
_REPOINT_ALIASES = _AL.update().where(_AL.c.event_id == bindparam("old")).values(event_id=bindparam("new"))
_DROP_ALIAS = _AL.delete().where(_AL.c.old_id == bindparam("old"))
_DROP_ALIASES = _AL.delete().where(_AL.c.old_id.in_(bindparam("ids", expanding=True)))
_DROP_EVENT = _E.delete().where(_E.c.event_id == bindparam("old"))
_EVENT_IDS = select(_E.c.event_id).where(_E.c.event_id.in_(bindparam("ids", expanding=True)))
_MOVE_STRAYS = _R.update().where(_R.c.event_id == bindparam("old")).values(event_id=bindparam("new"))
_STRAYS = select(_R.c.key).where(_R.c.event_id == bindparam("old")).limit(1)
_ALIASES_OF = select(_AL.c.old_id).where(_AL.c.event_id == bindparam("old"))
_DROP_ALIASES_OF = _AL.delete().where(_AL.c.event_id == bindparam("old"))
_UPDATE_EVENT = _E.update().where(_E.c.event_id == bindparam("e_id"))
_PINS = select(_R.c.key, _R.c.pin).where(_R.c.key.in_(bindparam("keys", expanding=True)), _R.c.pin.is_not(None))
_REVIEWS = select(_RW).where(_RW.c.event_id.in_(bindparam("ids", expanding=True)))
_DROP_REVIEW = _RW.delete().where(_RW.c.event_id == bindparam("old"))
_CHUNK = 500


def load_pins(conn: Connection, keys: Iterable[str]) -> dict[str, str]:
    """The pins (report key -> event id) of these reports."""
    ordered, pins = sorted(keys), {}
    for i in range(0, len(ordered), _CHUNK):
        pins.update({row.key: row.pin for row in conn.execute(_PINS, {"keys": ordered[i : i + _CHUNK]})})
    return pins


def load_reviews(conn: Connection, ids: Iterable[str]) -> dict[str, Any]:
    """The ``reviews`` rows of these event ids, by id."""
    ordered, rows = sorted(ids), {}
    for i in range(0, len(ordered), _CHUNK):
        rows.update({row.event_id: row for row in conn.execute(_REVIEWS, {"ids": ordered[i : i + _CHUNK]})})
    return rows


@dataclass(frozen=True, slots=True)
class Outcome:
    new: bool
    created: int = 0
    updated: int = 0
    revised: bool = False
    issues: tuple[Issue, ...] = ()


def event_columns(event: Event) -> dict[str, Any]:
    """The indexed columns and the full record of an ``events`` row."""
    assoc = "; ".join(a for a in (event.assoc_actor_1, event.assoc_actor_2) if a)
    search = " ".join((event.notes, event.location, event.actor1, event.actor2, assoc)).lower()
    return dict(
        event_date=event.event_date,
        country=event.country,
        admin1=event.admin1,
        admin2=event.admin2,
        location=event.location,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
        actor1=event.actor1,
        actor2=event.actor2,
        assoc_actors=assoc,
        latitude=event.latitude,
        longitude=event.longitude,
        fatalities=event.fatalities,
        search=search,
        actors="\n".join((event.actor1, event.actor2, assoc)).lower(),
        record=event_to_dict(event),
    )


def _report_row(report: Report) -> dict[str, Any]:
    lo, hi = date_span(report.event)
    return dict(
        key=report.key,
        article_id=report.article_id,
        event_id=report.event.event_id,
        country=report.event.country,
        admin1=report.event.admin1,
        date_lo=lo,
        date_hi=hi,
        published=report.published,
        record=event_to_dict(report.event),
    )


def report_from_row(key: str, record: dict[str, Any], published: dt.date) -> Report:
    """A stored report; its event id is its key (stores written before keys and ids were one
    kept the repeated id in the record)."""
    event = event_from_dict(record)
    if event.event_id != key:
        event = dataclasses.replace(event, event_id=key)
    return Report(key=key, event=event, published=published)


Members = dict[str, tuple[Report, "str | None"]]


def component(conn: Connection, seeds: Iterable[Report], rules: Rules, *, touched: Iterable[str] = ()) -> Members:
    """Every stored report connected to the seeds by ``same_incident``, with its current event id
    (None for the seeds); with ``touched`` (a revised article's old events), every report of
    each event met too.

    An event's reports are pairwise ``same_incident`` (complete linkage), so meeting one report
    of an event meets all of them, as long as the rules are the ones the event was fused with;
    after ``fusion_days``/``fusion_km`` change, ``sitrep check --repair`` fuses the store again
    (``refuse`` moves any report left outside to the event that absorbs its own)."""
    found: Members = {r.key: (r, None) for r in seeds}
    queue = [r for r, _ in found.values()]
    windows: dict[tuple[str, str, dt.date, dt.date], list[Any]] = {}
    decoded: dict[str, Report] = {}  # a row met in several windows is decoded once
    slack = dt.timedelta(days=rules.days)
    pulled: set[str] = set()
    pending = set(touched)
    while queue or pending:
        while queue:
            report = queue.pop()
            if not report.event.country:
                continue
            lo, hi = date_span(report.event)
            window = (report.event.country, report.event.admin1, lo, hi)
            if window not in windows:
                windows[window] = list(
                    conn.execute(
                        _WINDOW,
                        {
                            "w_country": window[0],
                            "w_admin1": window[1],
                            "w_hi": hi + slack,
                            "w_lo": lo - slack,
                            "w_floor": lo - slack - MAX_SPAN,
                        },
                    )
                )
            for row in windows[window]:
                if row.key in found:
                    continue
                other = decoded.get(row.key)
                if other is None:
                    other = decoded[row.key] = report_from_row(row.key, row.record, row.published)
                if same_incident(report.event, other.event, rules):
                    found[row.key] = (other, row.event_id)
                    queue.append(other)
                    if row.pin is not None:  # an analyst's event need not be complete-linked: take it whole
                        pending.add(row.event_id)
        if pulled or pending:
            pending |= {old for _, old in found.values() if old is not None}
        pending -= pulled
        if pending:  # whole events: their other reports join even if no edge reaches them now
            for row in conn.execute(_EVENT_REPORTS, {"ids": sorted(pending)}):
                if row.key not in found:
                    other = decoded.get(row.key) or report_from_row(row.key, row.record, row.published)
                    found[row.key] = (other, row.event_id)
                    queue.append(other)
            pulled |= pending
            pending = set()
    return found


def _diff(before: Event, after: Event) -> dict[str, dict[str, list[Any]]]:
    """Changed fields grouped by revision cause: {cause: {field: [before, after]}}."""
    old, new = event_to_dict(before), event_to_dict(after)
    by_cause: dict[str, dict[str, list[Any]]] = {}
    for name, value in new.items():
        if name in UNTRACKED or name == "event_id" or old.get(name) == value:
            continue
        cause = next((c for c, fields in CAUSES if name in fields), "details revised")
        if name == "article_ids" and not set(old.get(name) or ()) <= set(value):
            cause = "split"  # some of its reports now make another event
        by_cause.setdefault(cause, {})[name] = [old.get(name), value]
    order = [c for c, _ in CAUSES] + ["split", "details revised"]
    return {cause: by_cause[cause] for cause in order if cause in by_cause}


def _absorber(old_id: str, old_members: set[str], groups: dict[str, tuple[Report, ...]]) -> str:
    """The new event holding most of a retired event's reports (ties: the smaller id)."""
    return min(groups, key=lambda new_id: (-len(old_members & {r.key for r in groups[new_id]}), new_id))


def created_changes(event: Event) -> dict[str, list[Any]]:
    """The changes of a "created" revision: every tracked field from None."""
    return {name: [None, value] for name, value in event_to_dict(event).items() if name not in UNTRACKED}


def refuse(
    conn: Connection,
    members: Members,
    *,
    rules: Rules,
    now: dt.datetime,
    article_id: str = "",
    reason: str = "",
    touched: Mapping[str, set[str]] | None = None,
    verify: bool = False,
    user: str = "",
    cause: str | None = None,
) -> tuple[int, int]:
    """Partition and reconcile ``members`` (reports with their current event ids) again and write
        what changed: events created, updated, retired (alias) or removed, reports moved, revisions.
        ``touched`` maps events whose reports were withdrawn (a revised article's old version) to
        those reports' keys; an event left with no report passes to the event its reports' successors
        joined, else is removed. ``verify`` reconciles groups whose reports did not change too, and
        rewrites their records where they differ (a repair). ``user`` made the change (an analyst;
    "" for the machine) and ``cause`` names every field revision it makes ("corrected"), instead
    of the cause each field has. Returns (created, updated)."""
    old_members: dict[str, set[str]] = defaultdict(set)
    for withdrawn, keys in (touched or {}).items():
        old_members[withdrawn] = set(keys)
    for key, (_, current) in members.items():
        if current is not None:
            old_members[current].add(key)
    groups: dict[str, tuple[Report, ...]] = {}
    fused: dict[str, Event] = {}
    unchanged: set[str] = set()  # the same reports as before: the same event, nothing to write
    # a repair also rewrites groups whose event row is missing (their reports dangle)
    pins = load_pins(conn, members)
    reviews = load_reviews(conn, set(old_members) | set(pins.values()))
    rejected = {i: row.record for i, row in reviews.items() if row.rejected and row.record is not None}
    present = set(conn.execute(_EVENT_IDS, {"ids": sorted(old_members)}).scalars()) if verify and old_members else None
    if present is not None:
        present |= set(rejected)
    flagged: dict[str, dict[str, Any]] = {}
    for group in partition([r for r, _ in members.values()], rules, pins):
        previous = {members[r.key][1] for r in group}
        only = next(iter(previous))
        if (
            not verify
            and len(previous) == 1
            and only is not None
            and old_members[only] == {r.key for r in group}
            and (present is None or only in present)
            and group_id(group, pins) == only
        ):
            unchanged.add(only)
            continue
        review = reviews.get(group_id(group, pins))
        locks = review.locks if review is not None else {}
        event, machine = fuse_group(group, pins, locks)
        proposed = proposals(machine, locks)
        if proposed:
            flagged[event.event_id] = proposed
        if event.event_id in groups or event.event_id in unchanged:
            raise StoreError(Errors.E046.format(event_id=event.event_id, detail="two incidents would take this id"))
        groups[event.event_id], fused[event.event_id] = group, event
    if set(groups) & unchanged:
        raise StoreError(
            Errors.E046.format(event_id=sorted(set(groups) & unchanged)[0], detail="two incidents would take this id")
        )
    needed = sorted({i for i in old_members if i not in unchanged} | set(groups))
    rows = {row.event_id: event_from_dict(row.record) for row in conn.execute(_OLD_EVENTS, {"ids": needed})}
    rows.update({i: event_from_dict(record) for i, record in rejected.items() if i in needed})
    old_events = {i: e for i, e in rows.items() if i in old_members or i in groups}

    moved = [
        {"r_key": r.key, "r_event": new_id}
        for new_id, group in groups.items()
        for r in group
        if members[r.key][1] != new_id
    ]
    if moved:
        conn.execute(_MOVE_REPORT, moved)

    revisions: list[dict[str, Any]] = []
    absorbed: dict[str, list[str]] = defaultdict(list)
    for old_id in sorted(set(old_members) - set(groups) - unchanged):
        heirs = {i: g for i, g in groups.items() if old_members[old_id] & {r.key for r in g}}
        if not heirs:  # none of its reports is left: the revised article's own events inherit it
            heirs = {i: g for i, g in groups.items() if article_id and any(r.article_id == article_id for r in g)}
        if not heirs:  # nothing reports it any more: removed, with the ids that resolved to it
            if conn.execute(_STRAYS, {"old": old_id}).first() is not None:
                raise StoreError(
                    Errors.E046.format(event_id=old_id, detail="reports outside the component still name it")
                )
            gone = [old_id, *conn.execute(_ALIASES_OF, {"old": old_id}).scalars()]
            conn.execute(_DROP_ALIASES_OF, {"old": old_id})
            conn.execute(_DROP_EVENT, {"old": old_id})
            conn.execute(_DROP_REVIEW, {"old": old_id})
            revisions.extend(dict(event_id=i, cause="removed", changes={"event_id": [i, None]}) for i in gone)
            continue
        target = _absorber(old_id, old_members[old_id], heirs)
        absorbed[target].append(old_id)
        conn.execute(_REPOINT_ALIASES, {"old": old_id, "new": target})
        conn.execute(_DROP_ALIAS, {"old": old_id})
        conn.execute(_AL.insert(), {"old_id": old_id, "event_id": target})
        conn.execute(_MOVE_STRAYS, {"old": old_id, "new": target})  # never leave a report pointing nowhere
        conn.execute(_DROP_EVENT, {"old": old_id})
        conn.execute(_DROP_REVIEW, {"old": old_id})
    if absorbed or any(event_id not in rows for event_id in groups):
        conn.execute(_DROP_ALIASES, {"ids": list(groups)})  # an id that comes back is no alias

    created = updated = 0
    for event_id, event in fused.items():
        before = old_events.get(event_id)
        if before is None:
            before = next((old_events[i] for i in absorbed.get(event_id, []) if i in old_events), None)
        for old_id in absorbed.get(event_id, []):
            revisions.append(dict(event_id=event_id, cause="merged", changes={"event_id": [old_id, event_id]}))
        if before is None:
            revisions.append(dict(event_id=event_id, cause="created", changes=created_changes(event)))
        else:
            diff = _diff(before, event)
            if cause is not None and diff:
                diff = {cause: {k: v for c in diff.values() for k, v in c.items()}}
            for kind, changes in diff.items():
                revisions.append(dict(event_id=event_id, cause=kind, changes=changes))
        if event_id in flagged:
            revisions.append(_flag(conn, reviews[event_id], flagged[event_id], now))
        if event_id in rejected:
            if event != rows.get(event_id):
                conn.execute(
                    _RW.update().where(_RW.c.event_id == event_id).values(record=event_to_dict(event), updated_at=now)
                )
                updated += 1
        elif event_id not in rows:
            conn.execute(_E.insert(), {"event_id": event_id, "updated_at": now, **event_columns(event)})
            created += 1 if before is None else 0
            updated += 0 if before is None else 1
        elif event != rows[event_id]:
            conn.execute(_UPDATE_EVENT, {"e_id": event_id, "updated_at": now, **event_columns(event)})
            updated += 1
    if revisions:
        conn.execute(
            _RV.insert(),
            [dict(r, at=now, article_id=article_id, reason=r.get("reason", reason), user=user) for r in revisions],
        )
    return created, updated


def _flag(conn: Connection, review: Any, proposed: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """Flag a locked event that new evidence disagrees with: remember fusion's value in the lock,
    set the review flag, and return the ``flagged`` revision holding the proposal."""
    locks = {name: dict(lock) for name, lock in review.locks.items()}
    changes = {name: [locks[name]["value"], value] for name, value in proposed.items()}
    for name, value in proposed.items():
        locks[name]["machine"] = value
    said = ", ".join(
        f"{name} {value!r} (locked at {locks[name]['value']!r})" for name, value in sorted(proposed.items())
    )
    flag = f"new evidence disagrees with the analyst: {said}"
    conn.execute(_RW.update().where(_RW.c.event_id == review.event_id).values(locks=locks, flag=flag, updated_at=now))
    return dict(event_id=review.event_id, cause="flagged", changes=changes, reason=flag)


def ingest_article(
    conn: Connection, article: Article, events: Iterable[Event], *, rules: Rules, now: dt.datetime
) -> Outcome:
    """Store one coded article (or a new version of a stored one) and redo fusion where it
    lands; the caller holds the transaction."""
    stored = match_stored(conn, article)
    if stored.duplicate is not None:
        return Outcome(new=False, issues=(stored.duplicate,))
    touched: dict[str, set[str]] = {}
    reason = ""
    issues: tuple[Issue, ...] = ()
    if stored.previous is not None:
        version, touched = revise(conn, article, stored.previous, now)
        events = credit(stored.previous, article.id, events)
        article = dataclasses.replace(article, id=stored.previous)
        reason = f"article {article.id!r} revised: version {version} replaces version {version - 1}"
        issues = (
            Issue(
                code="W042",
                message=Warnings.W042.format(article_id=article.id, version=version),
                article_id=article.id,
            ),
        )
    else:
        url = normalise_url(article.url)
        conn.execute(
            _A.insert(),
            {
                "id": article.id,
                "content_hash": content_hash(article.text),
                "url_key": url or None,
                "url": article.url,
                "title": article.title,
                "source": article.source,
                "language": article.language,
                "published": article.published,
                "text": article.text,
                "ingested_at": now,
                "version": 1,
            },
        )
    seeds = list(reports_from(article, events))
    if seeds:
        conn.execute(_R.insert(), [_report_row(r) for r in seeds])
    if not seeds and not touched:
        return Outcome(new=True, revised=bool(reason), issues=issues)
    members = component(conn, seeds, rules, touched=touched)
    created, updated = refuse(
        conn, members, rules=rules, now=now, article_id=article.id, reason=reason, touched=touched
    )
    return Outcome(new=True, created=created, updated=updated, revised=bool(reason), issues=issues)

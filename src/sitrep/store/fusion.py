"""One article into the store: dedup, its reports, and fusion redone where it lands.

Inside the article's one transaction (``ingest_article``):

1. skip it when the store already holds its id, its normalised text or its URL (W040/W041);
2. store the article and its reports (its coded events, as assemble made them);
3. find the connected component of reports the new ones join: stored reports that
   ``fuse.same_incident`` accepts, followed transitively (the lookups use the block index:
   country, admin1, date span);
4. partition that component again with ``fuse.partition`` and reconcile each group with
   ``fuse.reconcile``: the same functions ``fuse_reports`` runs over a whole corpus, so the
   store ends with exactly its events, whatever the order articles came in;
5. write what changed: events created, updated or retired (a retired id becomes an alias of
   the event that absorbed most of its reports), and one revision per kind of change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, or_, select

from sitrep.codec import event_from_dict, event_to_dict
from sitrep.errors import Warnings
from sitrep.fuse import Report, Rules, content_hash, date_span, normalise_url, partition, reconcile, reports_from
from sitrep.fuse.match import same_incident
from sitrep.model import Article, Event, Issue
from sitrep.store.tables import AliasRow, ArticleRow, EventRow, ReportRow, RevisionRow

__all__ = ["CAUSES", "Outcome", "event_columns", "find_duplicate", "ingest_article"]

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
_FIND_ARTICLE = (
    select(_A.c.id, _A.c.content_hash)
    .where(
        or_(_A.c.id == bindparam("a_id"), _A.c.content_hash == bindparam("a_hash"), _A.c.url_key == bindparam("a_url"))
    )
    .limit(1)
)
# date_lo is bounded on both sides so the look-up is a short range of ix_reports_block: a span is
# at most a calendar month, so date_hi >= lo implies date_lo >= lo - MAX_SPAN.
MAX_SPAN = dt.timedelta(days=31)
_WINDOW = select(_R.c.key, _R.c.event_id, _R.c.published, _R.c.record).where(
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
_UPDATE_EVENT = _E.update().where(_E.c.event_id == bindparam("e_id"))


@dataclass(frozen=True, slots=True)
class Outcome:
    new: bool
    created: int = 0
    updated: int = 0
    issues: tuple[Issue, ...] = ()


def find_duplicate(conn: Connection, article: Article) -> Issue | None:
    """W040/W041 when the store already holds this article's id, normalised text or URL."""
    digest, url = content_hash(article.text), normalise_url(article.url)
    row = conn.execute(_FIND_ARTICLE, {"a_id": article.id, "a_hash": digest, "a_url": url or None}).first()
    if row is None:
        return None
    if row.id == article.id and row.content_hash != digest:
        return Issue(code="W041", message=Warnings.W041.format(article_id=article.id), article_id=article.id)
    return Issue(code="W040", message=Warnings.W040.format(article_id=article.id, stored=row.id), article_id=article.id)


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


def _component(conn: Connection, seeds: Iterable[Report], rules: Rules) -> dict[str, tuple[Report, str | None]]:
    """Every stored report connected to the seeds by ``same_incident``, with its current event id
    (None for the seeds themselves)."""
    found: dict[str, tuple[Report, str | None]] = {r.key: (r, None) for r in seeds}
    queue = [r for r, _ in found.values()]
    windows: dict[tuple[str, str, dt.date, dt.date], list[Any]] = {}
    decoded: dict[str, Report] = {}  # a row met in several windows is decoded once
    slack = dt.timedelta(days=rules.days)
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
                other = decoded[row.key] = Report(
                    key=row.key, event=event_from_dict(row.record), published=row.published
                )
            if same_incident(report.event, other.event, rules):
                found[row.key] = (other, row.event_id)
                queue.append(other)
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


def ingest_article(
    conn: Connection, article: Article, events: Iterable[Event], *, rules: Rules, now: dt.datetime
) -> Outcome:
    """Store one coded article and redo fusion where it lands; the caller holds the transaction."""
    duplicate = find_duplicate(conn, article)
    if duplicate is not None:
        return Outcome(new=False, issues=(duplicate,))
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
        },
    )
    seeds = list(reports_from(article, events))
    if not seeds:
        return Outcome(new=True)
    conn.execute(_R.insert(), [_report_row(r) for r in seeds])

    members = _component(conn, seeds, rules)
    old_members: dict[str, set[str]] = defaultdict(set)
    for key, (_, old_id) in members.items():
        if old_id is not None:
            old_members[old_id].add(key)
    groups: dict[str, tuple[Report, ...]] = {}
    fused: dict[str, Event] = {}
    unchanged: set[str] = set()  # the same reports as before: the same event, nothing to write
    for group in partition([r for r, _ in members.values()], rules):
        previous = {members[r.key][1] for r in group}
        only = next(iter(previous))
        if len(previous) == 1 and only is not None and old_members[only] == {r.key for r in group}:
            unchanged.add(only)
            continue
        event = reconcile(group)
        groups[event.event_id], fused[event.event_id] = group, event
    needed = [i for i in old_members if i not in unchanged]
    old_events = (
        {row.event_id: event_from_dict(row.record) for row in conn.execute(_OLD_EVENTS, {"ids": needed})}
        if needed
        else {}
    )

    moved = [
        {"r_key": r.key, "r_event": new_id}
        for new_id, group in groups.items()
        for r in group
        if members[r.key][1] != new_id
    ]
    if moved:
        conn.execute(_MOVE_REPORT, moved)

    absorbed: dict[str, list[str]] = defaultdict(list)
    for old_id in sorted(set(old_members) - set(groups) - unchanged):
        target = _absorber(old_id, old_members[old_id], groups)
        absorbed[target].append(old_id)
        conn.execute(_REPOINT_ALIASES, {"old": old_id, "new": target})
        conn.execute(_DROP_ALIAS, {"old": old_id})
        conn.execute(_AL.insert(), {"old_id": old_id, "event_id": target})
        conn.execute(_DROP_EVENT, {"old": old_id})
    if absorbed or any(event_id not in old_events for event_id in groups):
        conn.execute(_DROP_ALIASES, {"ids": list(groups)})  # an id that comes back is no alias

    created = updated = 0
    revisions: list[dict[str, Any]] = []
    for event_id, event in fused.items():
        before = old_events.get(event_id)
        if before is None and absorbed.get(event_id):
            before = old_events[absorbed[event_id][0]]
        for old_id in absorbed.get(event_id, []):
            revisions.append(dict(event_id=event_id, cause="merged", changes={"event_id": [old_id, event_id]}))
        if before is None:
            revisions.append(
                dict(
                    event_id=event_id,
                    cause="created",
                    changes={
                        name: [None, value] for name, value in event_to_dict(event).items() if name not in UNTRACKED
                    },
                )
            )
        else:
            for cause, changes in _diff(before, event).items():
                revisions.append(dict(event_id=event_id, cause=cause, changes=changes))
        if event_id not in old_events:
            conn.execute(_E.insert(), {"event_id": event_id, "updated_at": now, **event_columns(event)})
            created += 1 if before is None else 0
            updated += 0 if before is None else 1
        elif event != old_events[event_id]:
            conn.execute(_UPDATE_EVENT, {"e_id": event_id, "updated_at": now, **event_columns(event)})
            updated += 1
    if revisions:
        conn.execute(_RV.insert(), [dict(r, at=now, article_id=article.id) for r in revisions])
    return Outcome(new=True, created=created, updated=updated)

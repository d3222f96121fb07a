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

from sqlalchemy import Connection, delete, false, insert, or_, select, update

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
    ("place changed", frozenset({"iso", "region", "country", "admin1", "admin2", "admin3", "location",
                                 "latitude", "longitude", "geo_precision", "where_prec"})),
    ("date changed", frozenset({"event_date", "time_precision"})),
    ("actors changed", frozenset({"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
                                  "interaction"})),
)
UNTRACKED = frozenset({"evidence", "notes"})  # change with every source; the record keeps them


@dataclass(frozen=True, slots=True)
class Outcome:
    new: bool
    created: int = 0
    updated: int = 0
    issues: tuple[Issue, ...] = ()


def find_duplicate(conn: Connection, article: Article) -> Issue | None:
    """W040/W041 when the store already holds this article's id, normalised text or URL."""
    digest, url = content_hash(article.text), normalise_url(article.url)
    row = conn.execute(
        select(ArticleRow.id, ArticleRow.content_hash).where(or_(
            ArticleRow.id == article.id, ArticleRow.content_hash == digest,
            ArticleRow.url_key == url if url else false())).limit(1)
    ).first()
    if row is None:
        return None
    if row.id == article.id and row.content_hash != digest:
        return Issue(code="W041", message=Warnings.W041.format(article_id=article.id), article_id=article.id)
    return Issue(code="W040", message=Warnings.W040.format(article_id=article.id, stored=row.id),
                 article_id=article.id)


def event_columns(event: Event) -> dict[str, Any]:
    """The indexed columns and the full record of an ``events`` row."""
    assoc = "; ".join(a for a in (event.assoc_actor_1, event.assoc_actor_2) if a)
    search = " ".join((event.notes, event.location, event.actor1, event.actor2, assoc)).lower()
    return dict(event_date=event.event_date, country=event.country, admin1=event.admin1, admin2=event.admin2,
                location=event.location, event_type=event.event_type, sub_event_type=event.sub_event_type,
                actor1=event.actor1, actor2=event.actor2, assoc_actors=assoc, latitude=event.latitude,
                longitude=event.longitude, fatalities=event.fatalities, search=search,
                record=event_to_dict(event))


def _report_row(report: Report) -> dict[str, Any]:
    lo, hi = date_span(report.event)
    return dict(key=report.key, article_id=report.article_id, event_id=report.event.event_id,
                country=report.event.country, admin1=report.event.admin1, date_lo=lo, date_hi=hi,
                published=report.published, record=event_to_dict(report.event))


def _component(conn: Connection, seeds: Iterable[Report], rules: Rules) -> dict[str, tuple[Report, str | None]]:
    """Every stored report connected to the seeds by ``same_incident``, with its current event id
    (None for the seeds themselves)."""
    found: dict[str, tuple[Report, str | None]] = {r.key: (r, None) for r in seeds}
    queue = [r for r, _ in found.values()]
    windows: dict[tuple[str, str, dt.date, dt.date], list[Any]] = {}
    slack = dt.timedelta(days=rules.days)
    while queue:
        report = queue.pop()
        if not report.event.country:
            continue
        lo, hi = date_span(report.event)
        window = (report.event.country, report.event.admin1, lo, hi)
        if window not in windows:
            windows[window] = list(conn.execute(
                select(ReportRow.key, ReportRow.event_id, ReportRow.published, ReportRow.record).where(
                    ReportRow.country == window[0], ReportRow.admin1 == window[1],
                    ReportRow.date_lo <= hi + slack, ReportRow.date_hi >= lo - slack)))
        for row in windows[window]:
            if row.key in found:
                continue
            other = Report(key=row.key, event=event_from_dict(row.record), published=row.published)
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
        by_cause.setdefault(cause, {})[name] = [old.get(name), value]
    return {cause: by_cause[cause] for cause, _ in (*CAUSES, ("details revised", frozenset())) if cause in by_cause}


def _absorber(old_id: str, old_members: set[str], groups: dict[str, tuple[Report, ...]]) -> str:
    """The new event holding most of a retired event's reports (ties: the smaller id)."""
    return min(groups, key=lambda new_id: (-len(old_members & {r.key for r in groups[new_id]}), new_id))


def ingest_article(conn: Connection, article: Article, events: Iterable[Event], *, rules: Rules,
                   now: dt.datetime) -> Outcome:
    """Store one coded article and redo fusion where it lands; the caller holds the transaction."""
    duplicate = find_duplicate(conn, article)
    if duplicate is not None:
        return Outcome(new=False, issues=(duplicate,))
    url = normalise_url(article.url)
    conn.execute(insert(ArticleRow).values(
        id=article.id, content_hash=content_hash(article.text), url_key=url or None, url=article.url,
        title=article.title, source=article.source, language=article.language, published=article.published,
        text=article.text, ingested_at=now))
    seeds = list(reports_from(article, events))
    if not seeds:
        return Outcome(new=True)
    conn.execute(insert(ReportRow), [_report_row(r) for r in seeds])

    members = _component(conn, seeds, rules)
    groups: dict[str, tuple[Report, ...]] = {}
    fused: dict[str, Event] = {}
    for group in partition([r for r, _ in members.values()], rules):
        event = reconcile(group)
        groups[event.event_id], fused[event.event_id] = group, event
    old_members: dict[str, set[str]] = defaultdict(set)
    for key, (_, old_id) in members.items():
        if old_id is not None:
            old_members[old_id].add(key)
    old_events = {row.event_id: event_from_dict(row.record) for row in conn.execute(
        select(EventRow.event_id, EventRow.record).where(EventRow.event_id.in_(list(old_members))))}

    for new_id, group in groups.items():
        moved = [r.key for r in group if members[r.key][1] != new_id]
        if moved:
            conn.execute(update(ReportRow).where(ReportRow.key.in_(moved)).values(event_id=new_id))

    absorbed: dict[str, list[str]] = defaultdict(list)
    for old_id in sorted(set(old_members) - set(groups)):
        target = _absorber(old_id, old_members[old_id], groups)
        absorbed[target].append(old_id)
        conn.execute(update(AliasRow).where(AliasRow.event_id == old_id).values(event_id=target))
        conn.execute(delete(AliasRow).where(AliasRow.old_id == old_id))
        conn.execute(insert(AliasRow).values(old_id=old_id, event_id=target))
        conn.execute(delete(EventRow).where(EventRow.event_id == old_id))
    conn.execute(delete(AliasRow).where(AliasRow.old_id.in_(list(groups))))

    created = updated = 0
    revisions: list[dict[str, Any]] = []
    for event_id, event in fused.items():
        before = old_events.get(event_id)
        if before is None and absorbed.get(event_id):
            before = old_events[absorbed[event_id][0]]
        for old_id in absorbed.get(event_id, []):
            revisions.append(dict(event_id=event_id, cause="merged", changes={"event_id": [old_id, event_id]}))
        if before is None:
            revisions.append(dict(event_id=event_id, cause="created", changes={
                name: [None, value] for name, value in event_to_dict(event).items() if name not in UNTRACKED}))
        else:
            for cause, changes in _diff(before, event).items():
                revisions.append(dict(event_id=event_id, cause=cause, changes=changes))
        if event_id not in old_events:
            conn.execute(insert(EventRow).values(event_id=event_id, updated_at=now, **event_columns(event)))
            created += 1 if before is None else 0
            updated += 0 if before is None else 1
        elif event != old_events[event_id]:
            conn.execute(update(EventRow).where(EventRow.event_id == event_id).values(
                updated_at=now, **event_columns(event)))
            updated += 1
    if revisions:
        conn.execute(insert(RevisionRow), [dict(r, at=now, article_id=article.id) for r in revisions])
    return Outcome(new=True, created=created, updated=updated)

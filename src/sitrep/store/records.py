"""The store's records: the query a caller asks and what the store answers with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sitrep.model import Evidence, Issue

__all__ = [
    "Change",
    "EventQuery",
    "FeedState",
    "IngestReport",
    "Review",
    "ReviewMark",
    "Revision",
    "Source",
    "StatRow",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Filters on stored events; every one left None matches everything.

    start, end (date): event_date within [start, end], both inclusive.
    country, admin1, admin2, event_type, sub_event_type (str): exact names.
    actor (str): case-insensitive substring of actor1, actor2 or the associated actors.
    bbox (tuple): (west, south, east, north) in degrees; west > east crosses the antimeridian.
    min_fatalities (int): fatalities at least this.
    text (str): case-insensitive substring of the notes, location or actors.
    article_id (str): events this article supports.
    updated_since (datetime): events changed at or after this time (the sync feed).
    reviewed (bool): only events an analyst confirmed (True) or only the others (False).
    """

    start: dt.date | None = None
    end: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    min_fatalities: int | None = None
    text: str | None = None
    article_id: str | None = None
    updated_since: dt.datetime | None = None
    reviewed: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    """What one ingest did: articles read, new and skipped as duplicates; events created and updated."""

    articles_read: int = 0
    articles_new: int = 0
    articles_duplicate: int = 0
    articles_revised: int = 0  # a new text under a stored id or URL: stored as a new version
    articles_failed: int = 0  # could not be coded or stored: skipped, nothing changed (E030, E047)
    articles_skipped: int = 0  # read and stored, but not parsed: triage found them not about violence (W080)
    events_created: int = 0
    events_updated: int = 0
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One article supporting an event, with the figures and type that article reported."""

    article_id: str
    title: str
    source: str
    url: str
    published: dt.date
    event_type: str
    sub_event_type: str
    fatalities: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    evidence: Mapping[str, tuple[Evidence, ...]] = field(default_factory=dict)
    reason: str = ""  # why it joined the event ("first report", "same place and day; toll update (3)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Revision:
    """One recorded change to an event.

    seq (int): position in the event's history, from 1.
    cause (str): "created", "source added", "figures revised", "type changed", "place changed",
        "date changed", "actors changed", "merged", "split" or "details revised".
    changes (Mapping): field -> (before, after), JSON values; before is None on "created".
    """

    event_id: str
    seq: int
    at: dt.datetime
    cause: str
    article_id: str
    changes: Mapping[str, tuple[object, object]] = field(default_factory=dict)
    reason: str = ""  # why, where the cause alone does not say (a revised article, a repair)
    user: str = ""  # the analyst who made it; "" for the machine


@dataclass(frozen=True, slots=True, kw_only=True)
class StatRow:
    """Events and fatalities under one key (a day, a week's Monday, a place, a type or an actor)."""

    key: str
    events: int
    fatalities: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedState:
    """What `sitrep watch` remembers about one feed between polls."""

    url: str
    etag: str = ""
    last_modified: str = ""
    last_polled: dt.datetime | None = None
    failures: int = 0
    last_error: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """An event's review state (``store.review``).

    version (str): changes whenever the event or its review does; send it back with an edit
        (optimistic concurrency: a stale one is E075).
    locked (tuple): the fields an analyst set; fusion never changes them.
    flag (str): why the event needs review again ("" when it does not).
    timestamp (int): ACLED's ``timestamp``: the Unix time of the event's last change.
    """

    event_id: str
    version: str
    reviewed: bool = False
    reviewed_by: str = ""
    reviewed_at: dt.datetime | None = None
    locked: tuple[str, ...] = ()
    flag: str = ""
    rejected: bool = False
    timestamp: int = 0


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """What an export says of an event's review: whether an analyst confirmed it, and who."""

    reviewed: bool = False
    reviewed_by: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One entry of the sync feed: an event changed (``event`` set) or deleted (``successor``
    names the event that absorbed it, "" when it was rejected or removed)."""

    event_id: str
    timestamp: int
    cursor: str
    deleted: bool = False
    successor: str = ""
    reason: str = ""  # "rejected", "merged", "removed" for a deletion

"""The wire contract: pydantic models for what the API sends and accepts (and its OpenAPI schema).

Events travel as ``codec.event_to_dict`` builds them (CONVENTIONS.md's ACLED names); ``EventOut``
documents the contract's fields and allows the fields later stages add, so the schema never
renames or drops one. Routes build these dicts directly (no per-event validation on the hot
path); the models exist for the schema, for ``POST /articles`` input and for tests.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ArticleTextOut",
    "ContextOut",
    "ErrorOut",
    "EventDetailOut",
    "EventOut",
    "EventPage",
    "EvidenceOut",
    "HealthOut",
    "IngestOut",
    "IssueOut",
    "ReviewOut",
    "RevisionOut",
    "SourceOut",
    "SpanOut",
    "StatRowOut",
    "StatsOut",
]


class EvidenceOut(BaseModel):
    article_id: str
    start: int
    end: int
    text: str


class EventOut(BaseModel):
    """One event, with the fields of ``shared/CONVENTIONS.md`` (and any sitrep adds)."""

    model_config = ConfigDict(extra="allow")

    event_id: str
    article_ids: list[str]
    event_date: dt.date
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int
    interaction: int
    civilian_targeting: str
    iso: int
    country: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int
    fatalities_low: int
    fatalities_best: int
    fatalities_high: int
    notes: str
    evidence: dict[str, list[EvidenceOut]]
    confidence: float


class EventPage(BaseModel):
    """``GET /events?format=json``: one page of the filtered, sorted events."""

    total: int = Field(description="Events matching the filters (all pages).")
    limit: int
    offset: int
    next_cursor: str | None = Field(
        default=None,
        description='With updated_since or cursor: pass it as `cursor` for the next page; "" on the last page.',
    )
    events: list[EventOut]


class SourceOut(BaseModel):
    """One article that supports an event, with what that article alone said."""

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
    evidence: dict[str, list[EvidenceOut]]


class RevisionOut(BaseModel):
    """One change to a stored event: which article caused it and what moved (field: [before, after])."""

    event_id: str
    seq: int
    at: dt.datetime
    cause: str
    article_id: str
    changes: dict[str, list[Any]]
    reason: str = ""
    user: str = Field(default="", description="The analyst who made it; empty for the machine.")


class ReviewOut(BaseModel):
    """An event's review state; ``version`` is also its ``ETag``."""

    version: str
    reviewed: bool
    reviewed_by: str
    reviewed_at: dt.datetime | None
    locked: list[str] = Field(description="Fields an analyst set; fusion never changes them.")
    flag: str = Field(description="Why the event needs review again; empty when it does not.")
    rejected: bool
    timestamp: int = Field(description="ACLED's timestamp: Unix time of the event's last change.")


class ContextOut(BaseModel):
    """An evidence span inside its article: the words before, the span itself, the words after."""

    field: str
    article_id: str
    start: int
    end: int
    before: str
    text: str
    after: str


class SpanOut(BaseModel):
    field: str
    start: int
    end: int


class ArticleTextOut(BaseModel):
    """A supporting article's full text with the spans the event's fields came from."""

    article_id: str
    title: str
    source: str
    url: str
    published: dt.date
    text: str
    spans: list[SpanOut]


class EventDetailOut(BaseModel):
    """``GET /events/{id}``: the event, its sources, its revisions and its evidence in context."""

    event: EventOut
    review: ReviewOut | None = None
    sources: list[SourceOut]
    revisions: list[RevisionOut]
    evidence: list[ContextOut]
    articles: list[ArticleTextOut]


class StatRowOut(BaseModel):
    key: str
    events: int
    fatalities: int


class StatsOut(BaseModel):
    by: str
    rows: list[StatRowOut]


class IssueOut(BaseModel):
    code: str
    message: str
    article_id: str


class IngestOut(BaseModel):
    """``POST /articles``: what the store did with the articles."""

    articles_read: int
    articles_new: int
    articles_duplicate: int
    articles_skipped: int = 0  # stored but not parsed: triage found them not about political violence (W080)
    events_created: int
    events_updated: int
    issues: list[IssueOut]


class HealthOut(BaseModel):
    status: str
    events: int
    version: str


class ErrorOut(BaseModel):
    """Every 4xx: a stable code (errors.py) and a message that says what to send instead."""

    error: str
    detail: str

"""The schema (SQLAlchemy 2 declarative models); Alembic's migrations create and upgrade it.

* ``articles``: every article ingested once; unique by normalised text hash and by URL.
* ``reports``: each article's coded events as assemble made them (full record as JSON), with
  the fused event they belong to and the columns fusion looks candidates up by.
* ``events``: the current fused events: the full record as JSON (so fields other stages add
  to ``model.Event`` flow through without a migration) plus indexed columns for the filters.
  The composite indexes answer the API's common filters in the page's date order, and count
  them from the index alone. The substring filters (actor, text) read the lower-cased
  ``actors`` and ``search`` columns: on SQLite through plain indexes on them, which a count
  scans instead of the wide rows (a covering-index scan, several times less to read); on
  PostgreSQL through pg_trgm GIN indexes, which answer ``LIKE '%x%'`` directly.
* ``article_versions``: earlier versions of an article that a revised text replaced.
* ``aliases``: event ids that fusion retired, each pointing at the event that absorbed it.
* ``revisions``: every change to an event, with time, cause, article and field changes.
* ``feeds``: per-feed polling state for ``sitrep watch``.
* ``reviews``: an analyst's review of an event: reviewed by whom, locked fields, a flag, and
  a rejected event's record (migration 0004); ``reports.pin`` keeps analyst merges and splits.
* ``users``: who may read, review or manage users, by a token stored as an scrypt hash.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AliasRow",
    "ArticleRow",
    "ArticleVersionRow",
    "Base",
    "EventRow",
    "FeedRow",
    "ReportRow",
    "ReviewRow",
    "RevisionRow",
    "UserRow",
]


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("content_hash", name="uq_articles_content_hash"),
        UniqueConstraint("url_key", name="uq_articles_url_key"),
    )

    id: Mapped[str] = mapped_column(String, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    url_key: Mapped[str | None] = mapped_column(String)  # NULL when the article has no URL
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(16), default="en")
    published: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # triage (migration 0005): "parse", "skip", or "" when not triaged; the score and the cues
    triage_decision: Mapped[str] = mapped_column(String(8), default="", server_default="")
    triage_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    triage_reason: Mapped[str] = mapped_column(Text, default="", server_default="")


class ArticleVersionRow(Base):
    """A version of an article that a later text under the same id or URL replaced."""

    __tablename__ = "article_versions"

    article_id: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ReportRow(Base):
    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_block", "country", "admin1", "date_lo"),)

    key: Mapped[str] = mapped_column(String, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    event_id: Mapped[str] = mapped_column(String, index=True)
    country: Mapped[str] = mapped_column(String, default="")
    admin1: Mapped[str] = mapped_column(String, default="")
    date_lo: Mapped[dt.date] = mapped_column(Date)
    date_hi: Mapped[dt.date] = mapped_column(Date)
    published: Mapped[dt.date] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    pin: Mapped[str | None] = mapped_column(String, index=True)  # the event an analyst placed it in


class EventRow(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_country_date", "country", "event_date"),
        Index("ix_events_admin1_date", "admin1", "event_date"),
        Index("ix_events_admin2_date", "admin2", "admin1", "event_date"),  # district names repeat across provinces
        Index("ix_events_type_date", "event_type", "event_date"),
        Index("ix_events_country_fatalities", "country", "fatalities"),
        Index("ix_events_lat_lon", "latitude", "longitude"),
        Index("ix_events_actors", "actors", postgresql_using="gin", postgresql_ops={"actors": "gin_trgm_ops"}),
        Index("ix_events_search", "search", postgresql_using="gin", postgresql_ops={"search": "gin_trgm_ops"}),
        Index("ix_events_updated_at", "updated_at", "event_id"),
    )

    event_id: Mapped[str] = mapped_column(String, primary_key=True)
    event_date: Mapped[dt.date] = mapped_column(Date, index=True)
    country: Mapped[str] = mapped_column(String, default="")
    admin1: Mapped[str] = mapped_column(String, default="")
    admin2: Mapped[str] = mapped_column(String, default="")
    location: Mapped[str] = mapped_column(String, default="")
    event_type: Mapped[str] = mapped_column(String, default="")
    sub_event_type: Mapped[str] = mapped_column(String, default="")
    actor1: Mapped[str] = mapped_column(String, default="")
    actor2: Mapped[str] = mapped_column(String, default="")
    assoc_actors: Mapped[str] = mapped_column(Text, default="")  # assoc_actor_1; assoc_actor_2
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    fatalities: Mapped[int] = mapped_column(Integer, default=0, index=True)
    actors: Mapped[str] = mapped_column(Text, default="")  # lower-cased actor1, actor2 and assoc_actors, a line each
    search: Mapped[str] = mapped_column(Text, default="")  # lower-cased notes, location and actors
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AliasRow(Base):
    __tablename__ = "aliases"

    old_id: Mapped[str] = mapped_column(String, primary_key=True)
    event_id: Mapped[str] = mapped_column(String, index=True)


class RevisionRow(Base):
    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    cause: Mapped[str] = mapped_column(String)
    article_id: Mapped[str] = mapped_column(String, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    user: Mapped[str] = mapped_column(String, default="", server_default="")


class FeedRow(Base):
    __tablename__ = "feeds"

    url: Mapped[str] = mapped_column(String, primary_key=True)
    etag: Mapped[str] = mapped_column(String, default="")
    last_modified: Mapped[str] = mapped_column(String, default="")
    last_polled: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class ReviewRow(Base):
    """An analyst's review of one event (see ``store.review``)."""

    __tablename__ = "reviews"

    event_id: Mapped[str] = mapped_column(String, primary_key=True)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    reviewed_by: Mapped[str] = mapped_column(String, default="", server_default="")
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    locks: Mapped[dict[str, Any]] = mapped_column(JSON)  # field -> {"value": analyst's, "machine": fusion's}
    flag: Mapped[str] = mapped_column(Text, default="", server_default="")
    rejected: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    record: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # a rejected event's record
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A user of the API: a role and the scrypt hash of a token (``store.users``)."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String, primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    token_id: Mapped[str] = mapped_column(String(32), unique=True)
    token_hash: Mapped[str] = mapped_column(String)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

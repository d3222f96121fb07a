"""The first schema: articles, reports, events, aliases, revisions, feeds.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url_key", sa.String(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", TZ, nullable=False),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
        sa.UniqueConstraint("url_key", name="uq_articles_url_key"),
    )
    op.create_table(
        "reports",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("article_id", sa.String(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("admin1", sa.String(), nullable=False),
        sa.Column("date_lo", sa.Date(), nullable=False),
        sa.Column("date_hi", sa.Date(), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
    )
    op.create_index("ix_reports_article_id", "reports", ["article_id"])
    op.create_index("ix_reports_event_id", "reports", ["event_id"])
    op.create_index("ix_reports_block", "reports", ["country", "admin1", "date_lo"])
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(), primary_key=True),
        sa.Column("event_date", sa.Date(), nullable=False),
        sa.Column("country", sa.String(), nullable=False),
        sa.Column("admin1", sa.String(), nullable=False),
        sa.Column("admin2", sa.String(), nullable=False),
        sa.Column("location", sa.String(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("sub_event_type", sa.String(), nullable=False),
        sa.Column("actor1", sa.String(), nullable=False),
        sa.Column("actor2", sa.String(), nullable=False),
        sa.Column("assoc_actors", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=False),
        sa.Column("search", sa.Text(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_events_event_date", "events", ["event_date"])
    op.create_index("ix_events_country_date", "events", ["country", "event_date"])
    op.create_index("ix_events_admin1", "events", ["admin1"])
    op.create_index("ix_events_admin2", "events", ["admin2"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_fatalities", "events", ["fatalities"])
    op.create_table(
        "aliases",
        sa.Column("old_id", sa.String(), primary_key=True),
        sa.Column("event_id", sa.String(), nullable=False),
    )
    op.create_index("ix_aliases_event_id", "aliases", ["event_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("cause", sa.String(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
    )
    op.create_index("ix_revisions_event_id", "revisions", ["event_id"])
    op.create_table(
        "feeds",
        sa.Column("url", sa.String(), primary_key=True),
        sa.Column("etag", sa.String(), nullable=False),
        sa.Column("last_modified", sa.String(), nullable=False),
        sa.Column("last_polled", TZ, nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("feeds", "revisions", "aliases", "events", "reports", "articles"):
        op.drop_table(table)

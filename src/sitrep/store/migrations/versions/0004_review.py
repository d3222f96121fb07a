"""The analyst's review loop: pinned reports, review state with locked fields, who made each
revision, and users with hashed tokens.

* ``reports.pin``: the event an analyst placed this report in (merge, split, or any review of
  its event); fusion never moves a pinned report out of its pin's event, nor joins two pins;
* ``reviews``: one row per reviewed event: ``reviewed``/``reviewed_by``/``reviewed_at``, the
  ``locks`` (field -> the analyst's value and the machine's value when it was set), the
  ``flag`` (why it needs review again), and ``rejected`` with the rejected event's ``record``
  (a rejected event leaves ``events``, so no query or export sees it);
* ``revisions.user``: who made the revision ("" for the machine);
* ``users``: name, role and the scrypt hash of the token.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("pin", sa.String(), nullable=True))
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("user", sa.String(), nullable=False, server_default=""))
    op.create_index("ix_reports_pin", "reports", ["pin"])
    op.create_index("ix_events_updated_at", "events", ["updated_at", "event_id"])
    op.create_index("ix_revisions_at", "revisions", ["at"])
    op.create_table(
        "reviews",
        sa.Column("event_id", sa.String(), primary_key=True),
        sa.Column("reviewed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("reviewed_by", sa.String(), nullable=False, server_default=""),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locks", sa.JSON(), nullable=False),
        sa.Column("flag", sa.Text(), nullable=False, server_default=""),
        sa.Column("rejected", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_id", sa.String(32), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("users")
    op.drop_table("reviews")
    op.drop_index("ix_revisions_at", "revisions")
    op.drop_index("ix_events_updated_at", "events")
    op.drop_index("ix_reports_pin", "reports")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("user")
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("pin")

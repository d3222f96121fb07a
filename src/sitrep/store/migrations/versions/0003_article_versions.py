"""Revised articles: earlier versions kept beside the current one, and why each revision was made.

* ``articles.version``: 1 for an article as first stored, then 2, 3, ... each time the same id
  or URL comes back with a different text;
* ``article_versions``: the versions a later one replaced (text, title, published, hash), so a
  re-publication of any earlier text stays a duplicate;
* ``revisions.reason``: a sentence saying why, when the cause alone does not (a revised article,
  a repair).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "article_versions",
        sa.Column("article_id", sa.String(), primary_key=True),
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("article_versions")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("version")

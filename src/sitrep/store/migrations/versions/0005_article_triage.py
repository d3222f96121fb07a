"""Triage on the article row: whether the article was parsed or skipped before the parse, its
score and the reason (``sitrep.triage``; issue 19).

* ``articles.triage_decision``: "parse", "skip", or "" when triage was off (``--no-triage``) or the
  article was stored before triage existed;
* ``articles.triage_score``: the summed weights of the lexicon cues found (NULL when not triaged);
* ``articles.triage_reason``: the cues that decided it.

Numbered 0005 (not 0004) so that it does not collide with parallel work that takes 0004; it
follows 0003 until that lands, and is then chained after it.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("triage_decision", sa.String(8), nullable=False, server_default=""))
        batch.add_column(sa.Column("triage_score", sa.Float(), nullable=True))
        batch.add_column(sa.Column("triage_reason", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("triage_reason")
        batch.drop_column("triage_score")
        batch.drop_column("triage_decision")

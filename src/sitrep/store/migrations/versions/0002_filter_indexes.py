"""Indexes for the API's filters: composite indexes in date order, and substring indexes.

The first schema indexed each filter column alone, so a filtered page sorted the matches and a
count read them from the table, and the actor and text filters read every wide row (each holds
the full record as JSON). This revision adds

* ``events.actors``: actor1, actor2 and assoc_actors lower-cased, a line each (filled here from
  the stored columns; ``store.fusion.event_columns`` writes it from now on);
* composite indexes (admin1, admin2 with admin1, event_type and country with the date; country
  with fatalities; latitude with longitude), replacing the single-column admin1, admin2 and
  event_type indexes they lead;
* substring indexes on ``actors`` and ``search``: plain indexes on SQLite, which a count scans
  instead of the table; pg_trgm GIN indexes on PostgreSQL, which answer ``LIKE '%x%'``. A server
  that refuses the extension (it needs the right to create it in the database) gets no substring
  index and a warning; the filters still work, by scanning.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("sitrep.store")
BATCH = 2000
COMPOSITE = {
    "ix_events_admin1_date": ["admin1", "event_date"],
    "ix_events_admin2_date": ["admin2", "admin1", "event_date"],  # district names repeat across provinces
    "ix_events_type_date": ["event_type", "event_date"],
    "ix_events_country_fatalities": ["country", "fatalities"],
    "ix_events_lat_lon": ["latitude", "longitude"],
}
SUBSTRING = {"ix_events_actors": "actors", "ix_events_search": "search"}


def _fill_actors(conn: sa.Connection) -> None:
    """Lower-case in Python, as ``event_columns`` does (SQLite's lower() folds only ASCII), a
    batch at a time in event_id order so a large store is never held in memory."""
    page = sa.text(
        "SELECT event_id, actor1, actor2, assoc_actors FROM events WHERE event_id > :after ORDER BY event_id LIMIT :n"
    )
    update = sa.text("UPDATE events SET actors = :actors WHERE event_id = :event_id")
    after = ""
    while rows := conn.execute(page, {"after": after, "n": BATCH}).all():
        conn.execute(update, [{"event_id": r[0], "actors": "\n".join(r[1:]).lower()} for r in rows])
        after = rows[-1][0]


def _trigram_available(conn: sa.Connection) -> bool:
    try:
        with conn.begin_nested():
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        log.warning(
            "PostgreSQL refused the pg_trgm extension (%s); the actor and text filters will scan the events table",
            str(exc.orig).strip().splitlines()[0],
        )
        return False
    return True


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("events", sa.Column("actors", sa.Text(), nullable=False, server_default=""))
    _fill_actors(conn)
    op.drop_index("ix_events_admin1", table_name="events")
    op.drop_index("ix_events_event_type", table_name="events")
    op.drop_index("ix_events_admin2", table_name="events")
    for name, columns in COMPOSITE.items():
        op.create_index(name, "events", columns)
    if conn.dialect.name != "postgresql":
        for name, column in SUBSTRING.items():
            op.create_index(name, "events", [column])
        # statistics for the planner to choose among the new indexes (engine.refresh_statistics
        # keeps them current as the store grows)
        op.execute("ANALYZE events")
    elif _trigram_available(conn):
        for name, column in SUBSTRING.items():
            op.create_index(name, "events", [column], postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})


def downgrade() -> None:
    for name in (*SUBSTRING, *COMPOSITE):
        op.drop_index(name, table_name="events", if_exists=True)
    op.create_index("ix_events_admin1", "events", ["admin1"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_admin2", "events", ["admin2"])
    with op.batch_alter_table("events") as batch:
        batch.drop_column("actors")

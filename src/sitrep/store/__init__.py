"""The event store: articles in, fused events with sources and revisions out (SQLite or PostgreSQL).

    with Store("sqlite:///events.db") as store:          # or "postgresql://user@host:5432/db"
        ingest_articles(store, read_articles(["news.jsonl"]))   # sitrep.orchestrate: read, code, store
        for event in store.events(EventQuery(country="Pakistan", min_fatalities=1), limit=20):
            print(event.event_id, event.fatalities, store.sources(event.event_id))

``tables`` is the schema (Alembic ``migrations`` create and upgrade it when a store opens),
``versions`` tells a duplicate from a new version of a stored article, ``fusion`` stores one
article and redoes fusion where it lands (with ``sitrep.fuse``), ``integrity`` checks and
repairs the store's invariants, ``query`` turns ``EventQuery`` into SQL, ``repository`` is the
``Store`` itself.
"""

from __future__ import annotations

from sitrep.store.engine import default_path
from sitrep.store.records import EventQuery, FeedState, IngestReport, Revision, Source, StatRow
from sitrep.store.repository import Store

__all__ = ["EventQuery", "FeedState", "IngestReport", "Revision", "Source", "StatRow", "Store", "default_path"]

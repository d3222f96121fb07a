"""The filter indexes of migration 0002: substring filters fold case beyond ASCII and give the
same events however they are read; counts come from narrow indexes (SQLite) or trigram indexes
(PostgreSQL); a store made by the first schema gains them on opening; SQLite's planner
statistics follow the store's growth."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, func, select, text

from sitrep.model import Coded
from sitrep.store import EventQuery, Store, engine
from sitrep.store.engine import MIGRATIONS, resolve_url
from sitrep.store.query import FEW, conditions
from sitrep.store.tables import EventRow
from tests.fuse.factory import article, event

DAY = dt.date(2026, 4, 6)
ACTORS = ["ÉLITE Brigade", "Police Forces of Pakistan (2022-)", "TTP: Tehreek-i-Taliban Pakistan"]


def _corpus(n: int, *, first: int = 0) -> list[Coded]:
    """``n`` events a week apart (so none fuse), cycling through ACTORS."""
    return [
        Coded(
            article(f"x{i}", DAY + dt.timedelta(days=7 * i)),
            (event(f"x{i}", DAY + dt.timedelta(days=7 * i), actor1=ACTORS[i % len(ACTORS)]),),
            (),
        )
        for i in range(first, first + n)
    ]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as s:
        s.ingest_coded(_corpus(9))
        yield s


def _ids(conn: Connection, query: EventQuery, *, matches: int | None) -> list[str]:
    stmt = select(EventRow.event_id).where(conditions(query, matches=matches)).order_by(EventRow.event_id)
    return list(conn.scalars(stmt))


@pytest.mark.parametrize(
    "query",
    [
        EventQuery(actor="élite"),
        EventQuery(actor="ÉLITE brigade"),
        EventQuery(actor="police", text="armed clash"),
        EventQuery(text="kulachi"),
        EventQuery(actor="nobody"),
        EventQuery(actor="%"),
        EventQuery(text="_"),
        EventQuery(bbox=(70.0, 31.0, 71.0, 32.0)),
        EventQuery(bbox=(71.0, 31.0, 70.0, 32.0)),
        EventQuery(bbox=(60.0, 20.0, 61.0, 21.0), actor="police"),
    ],
)
def test_filters_give_the_same_events_however_a_page_is_read(store: Store, query: EventQuery) -> None:
    with store.engine.connect() as conn:
        counted = _ids(conn, query, matches=None)
        assert _ids(conn, query, matches=0) == counted  # matches first
        assert _ids(conn, query, matches=FEW) == counted  # walking the order
    assert len(counted) == store.count(query)


def test_actor_filter_folds_case_beyond_ascii(store: Store) -> None:
    # SQLite's LIKE folds only ASCII: the column and the needle are lower-cased in Python
    assert store.count(EventQuery(actor="élite")) == 3
    assert store.count(EventQuery(actor="ÉLITE")) == 3
    assert store.count(EventQuery(actor="taliban")) == 3
    assert store.count(EventQuery(actor="%")) == 0  # wildcards are literal


def _plan(conn: Connection, query: EventQuery, *, matches: int | None = None, count: bool = True) -> str:
    columns = [func.count()] if count else [EventRow.event_id]
    stmt = select(*columns).select_from(EventRow).where(conditions(query, matches=matches))
    if not count:
        stmt = stmt.order_by(EventRow.event_date.desc()).limit(100)
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    return "\n".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_sqlite_reads_substring_matches_from_the_narrow_indexes(tmp_path: object) -> None:
    with Store(f"sqlite:///{tmp_path}/s.db") as store:
        store.ingest_coded(_corpus(9))
        with store.engine.connect() as conn:
            assert "COVERING INDEX ix_events_actors" in _plan(conn, EventQuery(actor="police"))
            assert "COVERING INDEX ix_events_search" in _plan(conn, EventQuery(text="kulachi"))
            assert "COVERING INDEX ix_events_lat_lon" in _plan(conn, EventQuery(bbox=(70.0, 31.0, 71.0, 32.0)))
            page_of_few = _plan(conn, EventQuery(text="kulachi"), matches=3, count=False)
            assert "LIST SUBQUERY" in page_of_few and "ix_events_search" in page_of_few
            page_of_many = _plan(conn, EventQuery(bbox=(70.0, 31.0, 71.0, 32.0)), matches=FEW, count=False)
            assert "ix_events_lat_lon" not in page_of_many and "ix_events_event_date" in page_of_many


def test_postgresql_answers_substring_filters_from_trigram_indexes(pg_url: str) -> None:
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        with Store(url) as store:
            store.ingest_coded(_corpus(9))
            with store.engine.connect() as conn:
                definitions: dict[str, str] = dict(
                    conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'")).all()
                )
                for index in ("ix_events_actors", "ix_events_search"):
                    assert "USING gin" in definitions[index] and "gin_trgm_ops" in definitions[index]
                conn.execute(text("SET enable_seqscan = off"))  # nine rows: make the index the only way
                plan = "\n".join(
                    row[0]
                    for row in conn.exec_driver_sql(
                        "EXPLAIN "
                        + str(
                            select(func.count())
                            .select_from(EventRow)
                            .where(conditions(EventQuery(actor="police")))
                            .compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
                        )
                    )
                )
                assert "ix_events_actors" in plan
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_store_of_the_first_schema_gains_the_actor_column_on_opening(store_url: str) -> None:
    sql_engine = create_engine(resolve_url(store_url))
    with sql_engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(
            text(
                "INSERT INTO events (event_id, event_date, country, admin1, admin2, location, event_type, "
                "sub_event_type, actor1, actor2, assoc_actors, latitude, longitude, fatalities, search, record, "
                "updated_at) VALUES ('old-1', :day, 'Pakistan', 'Sindh', 'Karachi', 'Karachi', 'Battles', "
                "'Armed clash', 'ÉLITE Brigade', 'Rangers', 'Lyari Gang; Ölüm Squad', 24.86, 67.01, 2, "
                "'clash in karachi', '{}', :now)"
            ),
            {"day": DAY, "now": dt.datetime(2026, 4, 7, tzinfo=dt.UTC)},
        )
    sql_engine.dispose()
    with Store(store_url) as store:
        assert store.count(EventQuery(actor="élite brigade")) == 1
        assert store.count(EventQuery(actor="ölüm")) == 1  # from assoc_actors
        assert store.count(EventQuery(actor="rangers", admin1="Sindh")) == 1
        assert store.count(EventQuery(actor="police")) == 0


def _analysed_rows(store: Store) -> int | None:
    with store.engine.connect() as conn:
        if not conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            return None
        stat = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' LIMIT 1").scalar()
        return None if stat is None else int(str(stat).split()[0])


def test_sqlite_statistics_are_refreshed_when_the_events_double(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "ANALYZE_FROM_ROWS", 4)
    with Store(f"sqlite:///{tmp_path}/s.db") as store:
        store.ingest_coded(_corpus(3))
        assert _analysed_rows(store) is None  # too few to matter
        store.ingest_coded(_corpus(2, first=3))
        assert _analysed_rows(store) == 5
        store.ingest_coded(_corpus(4, first=5))
        assert _analysed_rows(store) == 5  # 9 < 2 × 5
        store.ingest_coded(_corpus(1, first=9))
        assert _analysed_rows(store) == 10

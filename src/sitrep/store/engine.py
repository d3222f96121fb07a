"""Opening a store: where the database is, the engine for it, and its schema brought up to date.

* ``resolve_url``: None → settings ``db`` / ``SITREP_DB`` → a SQLite file under
  ``$XDG_DATA_HOME/sitrep/sitrep.db`` (``~/.local/share/sitrep/sitrep.db``). A plain path is
  a SQLite file; ``postgresql://`` URLs use psycopg 3; any other scheme is refused (E045).
  With ``create=False`` a SQLite file that does not exist is refused (E048) and no folder is made,
  and so is a PostgreSQL database without sitrep's schema (one that cannot be opened: E041).
* SQLite runs in WAL mode with a busy timeout, and write transactions start with
  ``BEGIN IMMEDIATE`` so two writers queue instead of failing half-way.
* PostgreSQL writers serialise fusion on one transaction-level advisory lock.
* ``migrate`` runs the packaged Alembic migrations to head (a no-op when already there).
* ``refresh_statistics`` keeps SQLite's planner statistics in step with the events table.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from sitrep.errors import ConfigError, Errors, StoreError

__all__ = [
    "MIGRATIONS",
    "create_store_engine",
    "default_path",
    "migrate",
    "refresh_statistics",
    "resolve_url",
    "write_lock",
]

MIGRATIONS = Path(__file__).with_name("migrations")
WRITE_LOCK_KEY = 0x5173_7265  # pg advisory lock id of store writes ("Sitre")
MIGRATE_LOCK_KEY = 0x5173_7266
ANALYZE_FROM_ROWS = 1000  # below this the planner's guesses cost nothing that matters


def default_path() -> Path:
    """``$XDG_DATA_HOME/sitrep/sitrep.db``, or ``~/.local/share/sitrep/sitrep.db``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sitrep" / "sitrep.db"


SCHEMES = ("sqlite", "postgresql", "postgres")


def _sqlite_file(path: Path, *, create: bool) -> URL:
    if not create and str(path) != ":memory:" and not path.is_file():
        raise StoreError(Errors.E048.format(url=path))
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    return make_url(f"sqlite:///{path}")


def resolve_url(url: str | None, *, create: bool = True) -> URL:
    """The SQLAlchemy URL of the store: ``url``, else settings ``db``/SITREP_DB, else the default file.

    create (bool): make the SQLite file's folder if missing; False refuses a SQLite file that does
        not exist, or a PostgreSQL database without sitrep's schema (E048), for commands that only read.
    """
    if not url:
        from sitrep.settings import load_settings

        url = load_settings().db or None
    if not url:
        return _sqlite_file(default_path(), create=create)
    if "://" not in url:
        return _sqlite_file(Path(url).expanduser(), create=create)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(Errors.E045.format(option="db", detail=f"{url!r} is not a database URL ({exc})")) from exc
    if parsed.get_backend_name() not in SCHEMES:
        detail = f"{parsed.get_backend_name()!r} is not a store sitrep opens; give a SQLite path or a postgresql:// URL"
        raise ConfigError(Errors.E045.format(option="db", detail=detail))
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        _sqlite_file(Path(parsed.database), create=create)  # checked; the URL keeps its options
    elif not create:
        _postgresql_store(parsed)
    return parsed


def _postgresql_store(url: URL) -> None:
    """A PostgreSQL database a command only reads must hold sitrep's schema (Alembic's version
    table): an empty database is no store (E048), as a SQLite file that does not exist is none, rather
    than one a read quietly fills with empty tables. A server or database it cannot open is E041."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn).has_table("alembic_version")
    except SQLAlchemyError as exc:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(Errors.E041.format(url=url.render_as_string(hide_password=True), detail=detail)) from exc
    finally:
        engine.dispose()
    if not found:
        raise StoreError(Errors.E048.format(url=url.render_as_string(hide_password=True)))


def create_store_engine(url: URL, *, busy_timeout: float) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE`` for writes."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")  # in WAL mode a crash loses no committed transaction
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("sitrep_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def write_lock(conn: Connection) -> None:
    """Serialise store writers: PostgreSQL's advisory lock until the transaction ends (SQLite's
    BEGIN IMMEDIATE already holds the write lock)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def refresh_statistics(conn: Connection) -> None:
    """Re-run SQLite's ANALYZE on the events table when it has doubled since the last run (or
    never had one), in a write transaction of its own.

    SQLite's planner picks among the filter indexes (``tables.EventRow``) by the row counts that
    ANALYZE keeps in sqlite_stat1; without them it guesses, and may walk a district's events
    through the country's index. Its own ``PRAGMA optimize`` waits for 25-fold growth.
    PostgreSQL's autovacuum keeps its statistics itself.
    """
    if conn.dialect.name != "sqlite":
        return
    with conn.begin():
        rows = int(conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one())
        if rows < ANALYZE_FROM_ROWS:
            return
        analysed = None
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            stat = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'events' LIMIT 1").scalar()
            analysed = int(str(stat).split()[0]) if stat else None
        if analysed is None or rows >= 2 * analysed:
            # in full: a sampled ANALYZE (analysis_limit) misjudged the actor index and scanned the table
            conn.exec_driver_sql("ANALYZE events")


def _config(conn: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest migration; cheap when it is already there."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.connect().execution_options(sitrep_write=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATE_LOCK_KEY})
        command.upgrade(_config(conn), "head")

"""The packaged Alembic migrations build the schema the models describe, and running them again
changes nothing (both back ends)."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect

from sitrep.model import Coded
from sitrep.store import Store
from sitrep.store.engine import MIGRATIONS, resolve_url
from sitrep.store.tables import Base
from tests.fuse.factory import article

TABLES = {
    "alembic_version",
    "aliases",
    "article_versions",
    "articles",
    "events",
    "feeds",
    "reports",
    "reviews",
    "revisions",
    "users",
}


def _engine(url: str) -> Engine:
    return create_engine(resolve_url(url))


def test_opening_an_empty_database_migrates_it_to_head_matching_the_models(store_url: str) -> None:
    Store(store_url).close()
    engine = _engine(store_url)
    with engine.connect() as conn:
        assert set(inspect(conn).get_table_names()) == TABLES
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_migrating_again_is_a_no_op_and_keeps_the_data(store_url: str) -> None:
    with Store(store_url) as store:
        store.ingest_coded([Coded(article("kept", dt.date(2026, 3, 1)), (), ())])
    engine = _engine(store_url)
    with engine.begin() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    engine.dispose()
    with Store(store_url) as store:
        assert store.article_count() == 1

"""Crash and concurrency safety: two ingesting processes on PostgreSQL, a busy SQLite file."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest

from sitrep.errors import StoreError
from sitrep.fuse import fuse_reports
from sitrep.settings import load_settings
from sitrep.store import Store
from tests.store.workers import corpus, ingest_shuffled, reports


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_two_processes_ingesting_at_once_on_postgresql_store_each_article_once(store_url: str) -> None:
    Store(store_url).close()  # schema first, so both children start ingesting at once
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        stored = pool.starmap(ingest_shuffled, [(store_url, 1), (store_url, 2)])
    items = corpus()
    assert sum(stored) == len(items)  # each article stored by exactly one process
    with Store(store_url) as store:
        assert store.article_count() == len(items)
        assert store.report_count() == len(items)
        assert sorted(store.events(), key=lambda e: e.event_id) == fuse_reports(reports(items))


def test_a_sqlite_file_that_stays_locked_fails_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    settings = load_settings().model_copy(update={"db_busy_timeout": 0.2})
    Store(str(path), settings=settings).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(str(path), settings=settings) as store, pytest.raises(StoreError, match=r"\[E040\]"):
            store.ingest_coded(corpus(1))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(str(path), settings=settings) as store:
        assert store.ingest_coded(corpus(1)).articles_new == 1

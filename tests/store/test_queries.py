"""Querying the store (filters, order, pages, counts, stats, DataFrames, feed state) on both back ends,
filled with pre-coded events through ``ingest_coded``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from sitrep.errors import ConfigError, StoreError
from sitrep.model import Article, Coded, Event
from sitrep.store import EventQuery, FeedState, Store
from tests.fuse.factory import article, event

MON = dt.date(2026, 3, 2)


def _coded(art: Article, *events: Event) -> Coded:
    return Coded(art, tuple(events), ())


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    corpus = [
        _coded(article("a", MON), event("a", MON, fatalities=3)),
        _coded(article("b", MON + dt.timedelta(days=1)), event("b", MON, fatalities=4)),  # joins a
        _coded(
            article("c", MON),
            event(
                "c",
                MON,
                place="Tank",
                sub_event_type="Attack",
                actor1="LeJ: Lashkar-e-Jhangvi",
                actor2="Civilians (Pakistan)",
                fatalities=1,
            ),
        ),
        _coded(
            article("d", MON + dt.timedelta(days=9)),
            event(
                "d",
                MON + dt.timedelta(days=8),
                place="Paharpur",
                sub_event_type="Peaceful protest",
                actor1="Protesters (Pakistan)",
                actor2="",
            ),
        ),
        _coded(article("e", MON)),
    ]
    with Store(store_url) as s:
        report = s.ingest_coded(corpus)
        assert (report.articles_new, report.events_created, report.events_updated) == (5, 3, 1)
        yield s


def test_every_filter_selects_what_it_names(store: Store) -> None:
    def ids(**kw: object) -> list[str]:
        return sorted(a for e in store.events(EventQuery(**kw)) for a in e.article_ids)  # type: ignore[arg-type]

    assert ids() == ["a", "b", "c", "d"]
    assert ids(start=MON + dt.timedelta(days=1)) == ["d"]
    assert ids(end=MON) == ["a", "b", "c"]
    assert ids(country="Pakistan", admin2="Tank") == ["c"]
    assert ids(admin1="Khyber Pakhtunkhwa", event_type="Battles") == ["a", "b"]
    assert ids(sub_event_type="Peaceful protest") == ["d"]
    assert ids(actor="jHANGVI") == ["c"]
    assert ids(actor="police") == ["a", "b"]
    assert ids(bbox=(70.3, 32.0, 71.0, 32.3)) == ["c", "d"]
    assert ids(min_fatalities=3) == ["a", "b"]
    assert ids(text="PAHARPUR") == ["d"]
    assert ids(text="100%") == []  # LIKE wildcards in the text are literal
    assert ids(article_id="b") == ["a", "b"]
    assert store.count(EventQuery(min_fatalities=1)) == 2


def test_order_limit_and_offset_page_through_events(store: Store) -> None:
    by_deaths = store.events(order="-fatalities")
    assert [e.fatalities for e in by_deaths] == [3, 1, 0]
    assert store.events(order="-fatalities", limit=1, offset=1) == by_deaths[1:2]
    by_id = store.events(order="event_id")
    assert [e.event_id for e in by_id] == sorted(e.event_id for e in by_id)
    with pytest.raises(ConfigError, match="E045"):
        store.events(order="notes")


def test_stats_group_events_and_fatalities(store: Store) -> None:
    assert [(r.key, r.events, r.fatalities) for r in store.stats(EventQuery(), "admin2")] == [
        ("Dera Ismail Khan", 2, 3),
        ("Tank", 1, 1),
    ]
    assert [(r.key, r.events) for r in store.stats(EventQuery(), "week")] == [("2026-03-02", 2), ("2026-03-09", 1)]
    assert [r.key for r in store.stats(EventQuery(), "day")] == ["2026-03-02", "2026-03-10"]
    actors = {r.key: r.events for r in store.stats(EventQuery(), "actor")}
    assert actors["Police Forces of Pakistan (2022-)"] == 1 and actors["Civilians (Pakistan)"] == 1
    assert [r.key for r in store.stats(EventQuery(event_type="Battles"), "event_type")] == ["Battles"]


def test_a_dataframe_has_a_column_per_event_field(store: Store) -> None:
    frame = store.dataframe(EventQuery(min_fatalities=1))
    assert sorted(frame["fatalities"]) == [1, 3]
    assert "evidence" in frame.columns and len(frame) == 2
    if not _has("polars"):
        with pytest.raises(StoreError, match="E044"):
            store.dataframe(engine="polars")


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def test_the_article_is_kept_in_full(store: Store) -> None:
    stored = store.article("c")
    assert stored is not None and stored.text == "Report c." and stored.published == MON
    assert store.article("zz") is None and store.event("ev-none") is None and store.history("ev-none") == []


def test_feed_state_round_trips_and_updates(store: Store) -> None:
    url = "https://news.example/rss"
    assert store.feed_state(url) is None
    polled = dt.datetime(2026, 3, 2, 8, 30, tzinfo=dt.UTC)
    store.save_feed_state(
        FeedState(url=url, etag='"abc"', last_modified="Mon, 02 Mar 2026 08:00:00 GMT", last_polled=polled)
    )
    store.save_feed_state(FeedState(url=url, etag='"def"', last_polled=polled, failures=2, last_error="timeout"))
    assert store.feed_state(url) == FeedState(
        url=url, etag='"def"', last_polled=polled, failures=2, last_error="timeout"
    )
